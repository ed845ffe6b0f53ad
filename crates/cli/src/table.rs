//! Plain-text tables aligned by display width, so Chinese (two columns per character) lines up.

use unicode_width::UnicodeWidthStr;

pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let line: Vec<String> = row
                .iter()
                .enumerate()
                .take(cols)
                .map(|(i, cell)| format!("{cell}{}", " ".repeat(widths[i] - cell.width())))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out
    }

    pub fn print(&self) {
        let text = self.render();
        println!("{}", text.strip_suffix('\n').unwrap_or(&text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_columns_line_up_by_display_width() {
        let mut t = Table::new(&["渠道", "预算"]);
        t.row(vec!["线下活动".into(), "¥1".into()]);
        t.row(vec!["SEM".into(), "¥2".into()]);
        let out = t.render();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "线下活动  ¥1");
        assert_eq!(
            lines[2], "SEM       ¥2",
            "ASCII padded to the width of four CJK characters"
        );
    }
}
