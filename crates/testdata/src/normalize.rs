//! The normalisation under which a repeat sign-up keeps its phone or e-mail identical.
//!
//! These are the reference rules the generator guarantees against; a deduper may be
//! cleverer, but must at least see through these variations.

/// The mobile in a phone cell as 11 ASCII digits: full-width digits folded, separators
/// dropped, a `+86`/`86`/`0086` prefix removed; for a cell with several numbers
/// (`13812345678/13987654321`) the first valid one. `None` if no valid CN mobile
/// (`1[3-9]` and 11 digits) is there.
pub fn phone(cell: &str) -> Option<String> {
    let folded: String = cell.chars().map(fold_width).collect();
    folded
        .split(['/', '、', ',', '，', ';', '；'])
        .find_map(|segment| {
            let digits: String = segment.chars().filter(char::is_ascii_digit).collect();
            let digits = match digits.len() {
                15 if digits.starts_with("0086") => &digits[4..],
                13 if digits.starts_with("86") => &digits[2..],
                _ => digits.as_str(),
            };
            let bytes = digits.as_bytes();
            (bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]))
                .then(|| digits.to_string())
        })
}

/// The e-mail in a cell: whitespace (including full-width spaces) removed, a full-width
/// `＠` folded, lower-cased. `None` unless it has a non-empty local part and domain.
pub fn email(cell: &str) -> Option<String> {
    let folded: String = cell
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let (local, domain) = folded.split_once('@')?;
    (!local.is_empty() && domain.contains('.')).then_some(folded)
}

/// Full-width ASCII forms (U+FF01..U+FF5E) to ASCII, the ideographic space to a space.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_variants_normalise() {
        let want = Some("13812345678".to_string());
        for cell in [
            "13812345678",
            "+86 138-1234-5678",
            "138 1234 5678",
            "0086 13812345678",
            "86-13812345678",
            "１３８１２３４５６７８",
            "13812345678/13987654321",
            " 13812345678 ",
            "+8613812345678",
        ] {
            assert_eq!(phone(cell), want, "phone cell {cell:?}");
        }
        assert_eq!(phone(""), None, "empty cell");
        assert_eq!(phone("0755-88881234"), None, "landline is not a mobile");
        assert_eq!(phone("12812345678"), None, "12x is not a CN mobile");
    }

    #[test]
    fn email_variants_normalise() {
        let want = Some("zhangwei37@icbc.com.cn".to_string());
        for cell in [
            "zhangwei37@icbc.com.cn",
            "ZHANGWEI37@ICBC.COM.CN",
            " Zhangwei37@icbc.com.cn ",
            "zhangwei37 @icbc.com.cn",
            "zhangwei37＠icbc.com.cn",
        ] {
            assert_eq!(email(cell), want, "email cell {cell:?}");
        }
        assert_eq!(email(""), None, "empty cell");
        assert_eq!(email("无"), None, "not an address");
    }
}
