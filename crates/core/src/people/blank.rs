//! What a spreadsheet cell says when it means "nothing here": 无, 暂无, -, N/A, null…

/// True when the (trimmed, half-width) cell is empty, holds only punctuation such as "-" or "/",
/// or is a word that means "none". Comparison ignores ASCII case.
pub(crate) fn means_nothing(cell: &str) -> bool {
    const NOTHING: [&str; 14] = [
        "无", "暂无", "没有", "空", "未知", "不详", "未填", "n/a", "na", "null", "none", "nil",
        "nan", "#n/a",
    ];
    let cell = cell.trim();
    if cell.chars().all(|c| !c.is_alphanumeric()) {
        return true;
    }
    NOTHING.iter().any(|word| word.eq_ignore_ascii_case(cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_markers() {
        let cases = [
            ("", true, "empty"),
            ("  ", true, "whitespace"),
            ("-", true, "dash"),
            ("——", true, "Chinese dash"),
            ("/", true, "slash"),
            ("无", true, "Chinese none"),
            ("N/A", true, "N/A any case"),
            ("Null", true, "null any case"),
            ("#N/A", true, "Excel's missing-value marker"),
            ("张三", false, "a name"),
            ("0", false, "a digit is data"),
        ];
        for (cell, want, why) in cases {
            assert_eq!(means_nothing(cell), want, "{why}: {cell:?}");
        }
    }
}
