use plotters::style::RGBColor;

use crate::{ReportError, Result};

/// `#1677ff` → RGB. Channel colours are defined once in `marketdesk_core` as hex strings.
pub(crate) fn parse_hex(hex: &str) -> Result<RGBColor> {
    let bad = || ReportError::Color(hex.to_string());
    let digits = hex.strip_prefix('#').ok_or_else(bad)?;
    if digits.len() != 6 || !digits.is_ascii() {
        return Err(bad());
    }
    let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| bad());
    Ok(RGBColor(channel(0)?, channel(2)?, channel(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_and_refuses_garbage() {
        let c = parse_hex("#1677ff").expect("valid");
        assert_eq!((c.0, c.1, c.2), (0x16, 0x77, 0xff));
        for bad in ["1677ff", "#16", "#gggggg", "#１２３４５６"] {
            assert!(parse_hex(bad).is_err(), "{bad:?}");
        }
    }
}
