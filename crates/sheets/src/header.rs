use std::cmp::Reverse;
use std::collections::HashSet;

use serde::Serialize;

use crate::cell::{half_width, Cell};

/// Where a sheet's column titles are, and what they say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderGuess {
    /// Index into the rows given to [`detect_header`].
    pub row: usize,
    /// The titles as written (trimmed), one per column of the header row; blank titles are "".
    pub columns: Vec<String>,
}

/// Headers sit near the top; past this many rows a "header" is more likely a data row.
const SCAN_ROWS: usize = 50;
/// How many rows below a candidate header are compared with it.
const BODY_SAMPLE: usize = 10;
/// Longer than this, a cell is a note or a title, not a column name.
const MAX_LABEL_CHARS: usize = 30;

/// The form header words are compared in: trimmed, full-width folded to ASCII, without spaces,
/// `*` (required-field marks), colons or question marks (`您的职务是？`), lower-case. `" *手机号："` and `"手机号"` are equal.
pub fn normalize_header(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '?'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds the header row among the first rows of a sheet, skipping title banners (one cell,
/// often merged across the table), blank rows and preambles such as `导出时间：2024-03-05`.
///
/// `synonyms` lists, per field the caller knows, the header words that name it (`&["金额",
/// "费用", "amount"]`). The row naming the most fields wins. When none does (or no synonyms are
/// given) the first row of short distinct texts whose columns hold numbers or dates below it is
/// taken. `None` means the sheet has no recognisable header: treat every row as data.
pub fn detect_header(rows: &[Vec<Cell>], synonyms: &[&[&str]]) -> Option<HeaderGuess> {
    let rows = &rows[..rows.len().min(SCAN_ROWS)];
    let groups: Vec<HashSet<String>> = synonyms
        .iter()
        .map(|words| words.iter().map(|w| normalize_header(w)).collect())
        .collect();
    let by_synonyms = rows
        .iter()
        .enumerate()
        .filter(|(i, row)| looks_like_header(row, &groups) || is_single_column_title(rows, *i))
        .map(|(i, row)| (i, fields_named(row, &groups)))
        .filter(|&(_, named)| named > 0)
        .max_by_key(|&(i, named)| (named, Reverse(i)))
        .map(|(i, _)| i);
    let row = by_synonyms.or_else(|| {
        (0..rows.len()).find(|&i| looks_like_header(&rows[i], &groups) && body_differs(rows, i))
    })?;
    Some(HeaderGuess {
        row,
        columns: rows[row]
            .iter()
            .map(|c| c.as_text().trim().to_string())
            .collect(),
    })
}

/// A short text naming something: not a number, a date or a `key：value` pair.
fn is_label(cell: &Cell) -> bool {
    let Cell::Text(s) = cell else {
        return false;
    };
    let t = s.trim();
    let chars = t.chars().count();
    (1..=MAX_LABEL_CHARS).contains(&chars)
        && t.chars().any(char::is_alphabetic)
        && cell.as_date().is_none()
        && !is_key_value(t)
}

fn is_key_value(t: &str) -> bool {
    t.split_once([':', '：'])
        .is_some_and(|(_, value)| !value.trim().is_empty())
}

fn non_blank(row: &[Cell]) -> impl Iterator<Item = &Cell> {
    row.iter().filter(|c| !c.is_blank())
}

/// At least two distinct cells, at least four in five of them labels, and no `标签：` cell
/// followed by its value in the next column. A colon after every title (`姓名：`, `手机：`) is
/// how some forms write a header, so the cell after a `标签：` is its value only when it is
/// neither a title of that kind nor the name of a field in `groups`.
fn looks_like_header(row: &[Cell], groups: &[HashSet<String>]) -> bool {
    let filled = non_blank(row).count();
    let labels = non_blank(row).filter(|c| is_label(c)).count();
    let distinct: HashSet<String> = non_blank(row)
        .map(|c| normalize_header(&c.as_text()))
        .collect();
    let ends_in_colon = |c: &Cell| c.as_text().trim_end().ends_with([':', '：']);
    let names_a_field = |c: &Cell| {
        let name = normalize_header(&c.as_text());
        groups.iter().any(|g| g.contains(&name))
    };
    let labelled_pair = row.windows(2).any(|w| {
        ends_in_colon(&w[0]) && !w[1].is_blank() && !ends_in_colon(&w[1]) && !names_a_field(&w[1])
    });
    labels >= 2 && labels * 5 >= filled * 4 && distinct.len() == filled && !labelled_pair
}

/// A lone label over a single column of data (a list of phone numbers under `手机号`), which
/// would otherwise look like a title banner.
fn is_single_column_title(rows: &[Vec<Cell>], i: usize) -> bool {
    let mut lone = non_blank(&rows[i]);
    let (Some(cell), None) = (lone.next(), lone.next()) else {
        return false;
    };
    is_label(cell)
        && rows[i + 1..]
            .iter()
            .filter(|r| non_blank(r).next().is_some())
            .take(BODY_SAMPLE)
            .all(|r| non_blank(r).count() == 1)
}

fn fields_named(row: &[Cell], groups: &[HashSet<String>]) -> usize {
    let names: HashSet<String> = non_blank(row)
        .map(|c| normalize_header(&c.as_text()))
        .collect();
    groups
        .iter()
        .filter(|g| g.iter().any(|w| names.contains(w)))
        .count()
}

/// Whether some column titled by a label holds mostly numbers, dates or other non-labels (at
/// least two) in the rows below, and no title reappears as a value in its own column: what tells a header from
/// the first of many rows of text.
fn body_differs(rows: &[Vec<Cell>], header: usize) -> bool {
    let body: Vec<&Vec<Cell>> = rows[header + 1..]
        .iter()
        .filter(|r| non_blank(r).next().is_some())
        .take(BODY_SAMPLE)
        .collect();
    let mut contrast = false;
    for (col, title) in rows[header].iter().enumerate() {
        if !is_label(title) {
            continue;
        }
        let values: Vec<&Cell> = body
            .iter()
            .filter_map(|r| r.get(col))
            .filter(|c| !c.is_blank())
            .collect();
        let name = normalize_header(&title.as_text());
        if values
            .iter()
            .any(|v| normalize_header(&v.as_text()) == name)
        {
            return false;
        }
        let non_labels = values.iter().filter(|v| !is_label(v)).count();
        // One odd value below a row of names is chance; two or more that outnumber labels are not.
        contrast |= non_labels >= 2 && non_labels * 2 > values.len();
    }
    contrast
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells
            .iter()
            .map(|s| {
                if s.is_empty() {
                    Cell::Empty
                } else if let Ok(f) = s.parse::<f64>() {
                    Cell::Float(f)
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect()
    }

    const SPEND: &[&[&str]] = &[
        &["日期", "date", "付款日期"],
        &["活动", "项目", "tactic"],
        &["金额", "费用", "amount"],
        &["供应商", "vendor"],
        &["备注", "note"],
    ];

    #[test]
    fn normalisation_folds_the_ways_people_type_titles() {
        assert_eq!(normalize_header(" *手机号： "), "手机号");
        assert_eq!(normalize_header("Ａｍｏｕｎｔ（元）"), "amount(元)");
        assert_eq!(normalize_header("E-mail Address"), "e-mailaddress");
    }

    #[test]
    fn banner_blank_and_preamble_rows_are_skipped() {
        let rows = vec![
            row(&["2024年市场费用明细表", "", "", ""]),
            row(&[]),
            row(&["导出时间：2024-03-05 10:00", "", "", ""]),
            row(&["制表人：", "张三", "", ""]),
            row(&["日期", "活动", "金额（元）", "供应商"]),
            row(&["2024-03-01", "展会", "12000", "会展公司"]),
            row(&["2024-03-02", "线上广告", "3000.5", "某某传媒"]),
        ];
        let want = Some(HeaderGuess {
            row: 4,
            columns: vec![
                "日期".into(),
                "活动".into(),
                "金额（元）".into(),
                "供应商".into(),
            ],
        });
        assert_eq!(detect_header(&rows, SPEND), want, "found by its words");
        assert_eq!(
            detect_header(&rows, &[]),
            want,
            "found without synonyms, by the numbers and dates below it"
        );
    }

    #[test]
    fn the_row_naming_most_fields_wins() {
        let rows = vec![
            row(&["说明", "金额单位：元"]),
            row(&["项目", "金额", "供应商", "备注"]),
            row(&["展会", "12000", "会展公司", ""]),
        ];
        assert_eq!(detect_header(&rows, SPEND).map(|h| h.row), Some(1));
    }

    #[test]
    fn files_without_a_header_give_none() {
        let rows = vec![
            row(&["张三", "13812345678", "北京"]),
            row(&["李四", "13912345678", "上海"]),
        ];
        assert_eq!(detect_header(&rows, SPEND), None, "phones make rows data");
        let rows = vec![
            row(&["张三", "男", "北京"]),
            row(&["李四", "女", "上海"]),
            row(&["王五", "男", "010-12345678"]),
        ];
        assert_eq!(
            detect_header(&rows, &[]),
            None,
            "rows of text alike are all data"
        );
        assert_eq!(
            detect_header(&[], SPEND),
            None,
            "an empty sheet has no header"
        );
    }

    #[test]
    fn a_title_over_a_single_column_list_is_a_header() {
        let rows = vec![
            row(&["手机号"]),
            row(&["13812345678"]),
            row(&["13912345678"]),
        ];
        let phones: &[&[&str]] = &[&["手机", "手机号"]];
        assert_eq!(
            detect_header(&rows, phones).map(|h| h.columns),
            Some(vec!["手机号".to_string()])
        );
    }

    #[test]
    fn repeated_titles_and_key_value_pairs_are_not_headers() {
        assert!(
            !looks_like_header(&row(&["金额", "金额"]), &[]),
            "duplicates"
        );
        assert!(
            !looks_like_header(&row(&["部门：市场部", "导出人：张三"]), &[]),
            "key：value cells"
        );
        assert!(
            !looks_like_header(
                &row(&["活动名称：", "金融科技峰会", "导出人：", "张三"]),
                &[]
            ),
            "labels each followed by its value"
        );
        assert!(looks_like_header(
            &row(&["*姓名", "*手机", "公司", ""]),
            &[]
        ));
    }

    #[test]
    fn titles_written_with_a_colon_are_a_header() {
        let people: &[&[&str]] = &[&["姓名"], &["手机", "手机号码"], &["邮箱"], &["单位名称"]];
        for (titles, why) in [
            (
                ["姓名：", "手机号码：", "邮箱：", "单位名称："],
                "every title with a colon",
            ),
            (
                ["姓名", "手机号码：", "邮箱", "单位名称"],
                "one title with a colon",
            ),
            (["姓名:", "手机号码:", "邮箱:", "单位名称:"], "ASCII colons"),
        ] {
            let rows = vec![
                row(&["报名名单", "", "", ""]),
                row(&titles),
                row(&["张三", "13800138000", "z@a.cn", "招商银行"]),
                row(&["李四", "13900139000", "l@b.cn", "平安银行"]),
            ];
            assert_eq!(
                detect_header(&rows, people).map(|h| h.row),
                Some(1),
                "{why}: {titles:?}"
            );
        }
    }
}
