//! Character width: full-width (全角) forms folded to their half-width (半角) ASCII twins, and
//! the spacing rule between wide (CJK) and narrow (Latin) text.

use std::borrow::Cow;

/// Folds one full-width character to half-width: the full-width ASCII block (！ to ～, which holds
/// digits, Latin letters and punctuation such as （）＠．－＋) and the ideographic space U+3000.
/// Every other character, Chinese included, is returned unchanged.
pub fn half_width_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Folds a whole string to half-width; see [`half_width_char`].
///
/// ```
/// use marketdesk_core::people::to_half_width;
/// assert_eq!(to_half_width("１３８　（ＡＢＣ）＠ｑｑ．ｃｏｍ"), "138 (ABC)@qq.com");
/// ```
pub fn to_half_width(s: &str) -> Cow<'_, str> {
    // Most cells hold nothing to fold: borrowing them saves an allocation a cell.
    if s.chars().all(|c| half_width_char(c) == c) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(half_width_char).collect())
}

/// CJK ideographs, kana, hangul, CJK punctuation and full-width forms: characters that are set
/// without spaces between them.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // hangul
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // full-width forms
        | '\u{20000}'..='\u{2FFFF}' // CJK extensions B and later
    )
}

/// Wide punctuation such as （）、。: no space is wanted on either side of it.
fn is_wide_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}') && !c.is_alphanumeric()
}

/// Trims and collapses whitespace: runs of spaces between two wide characters (or next to wide
/// punctuation) disappear, as Chinese is written without spaces; elsewhere they become one space.
/// Expects half-width input for the ideographic space, but treats any Unicode whitespace alike.
pub(crate) fn tidy_spaces(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_whitespace) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if let (Some(before), Some(after)) = (out.chars().next_back(), word.chars().next()) {
            let glued = (is_wide(before) && is_wide(after))
                || is_wide_punctuation(before)
                || is_wide_punctuation(after);
            if !glued {
                out.push(' ');
            }
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_folds_to_ascii() {
        let cases = [
            ("１３８１２３４５６７８", "13812345678", "full-width digits"),
            ("ＡＢＣ ｘｙｚ", "ABC xyz", "full-width Latin letters"),
            ("（）＠．－＋", "()@.-+", "brackets, at, dot, dash, plus"),
            (
                "张\u{3000}三",
                "张 三",
                "ideographic space becomes a plain space",
            ),
            (
                "招商银行、。",
                "招商银行、。",
                "Chinese and CJK punctuation are left alone",
            ),
            ("abc-123", "abc-123", "half-width text is unchanged"),
        ];
        for (input, want, why) in cases {
            assert_eq!(to_half_width(input), want, "{why}");
        }
    }

    #[test]
    fn spaces_vanish_between_wide_characters_only() {
        let cases = [
            ("  张  三 ", "张三", "Chinese name with spaces"),
            ("Zhang   San", "Zhang San", "Latin words keep one space"),
            (
                "张三 David",
                "张三 David",
                "wide next to narrow keeps the space",
            ),
            (
                "招商银行 （深圳） 有限公司",
                "招商银行（深圳）有限公司",
                "no space around （）",
            ),
            (
                "ABC （中国）",
                "ABC（中国）",
                "no space before （ even after Latin",
            ),
            ("", "", "empty stays empty"),
        ];
        for (input, want, why) in cases {
            assert_eq!(tidy_spaces(input), want, "{why}");
        }
    }
}
