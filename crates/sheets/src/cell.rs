use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::Serialize;

/// One cell's value as the sheet stored it. Delimited text never guesses types: every non-empty
/// field is `Text`, so phone numbers keep their digits and IDs their leading zeros.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A date-formatted number, already converted from the workbook's 1900 or 1904 serial.
    DateTime(NaiveDateTime),
    /// An Excel error value such as `#N/A` or `#DIV/0!`.
    Error(String),
}

/// Excel keeps 15 significant digits; anything past them in a stored double is binary noise
/// (`0.30000000000000004`), and an integer at or above 10^15 has already lost digits.
const EXCEL_DIGITS: usize = 15;
const EXCEL_EXACT_LIMIT: f64 = 1e15;

/// Serial numbers accepted as dates when a number was not formatted as one: 1990-01-01 to
/// 2100-12-31. Outside it, a bare number is far more likely an amount or a count.
const PLAUSIBLE_SERIALS: std::ops::RangeInclusive<f64> = 32_874.0..=73_415.0;

impl Cell {
    /// Empty, or text of nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it: integral numbers without `.0` or exponent (a phone stored
    /// as a number gives `13812345678`), other numbers rounded to Excel's 15 digits in their
    /// shortest form, dates as `2024-03-05` or `2024-03-05 14:30:00`.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Error(s) => Cow::Borrowed(s),
            Cell::Int(i) => Cow::Owned(i.to_string()),
            Cell::Float(f) => Cow::Owned(number_text(*f)),
            Cell::Bool(true) => Cow::Borrowed("TRUE"),
            Cell::Bool(false) => Cow::Borrowed("FALSE"),
            Cell::DateTime(dt) if dt.time() == chrono::NaiveTime::MIN => {
                Cow::Owned(dt.format("%Y-%m-%d").to_string())
            }
            Cell::DateTime(dt) => Cow::Owned(dt.format("%Y-%m-%d %H:%M:%S").to_string()),
        }
    }

    /// The calendar date the cell holds, if it plausibly holds one: a date cell, an unformatted
    /// Excel serial between 1990 and 2100, a number like 20240305, or text such as `2024/3/5`,
    /// `2024-03-05 14:30`, `2024.3.5`, `2024年3月5日` or `20240305`.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Cell::DateTime(dt) => Some(dt.date()),
            Cell::Int(i) => date_from_number(*i as f64),
            Cell::Float(f) => date_from_number(*f),
            Cell::Text(s) => date_from_text(s),
            _ => None,
        }
    }

    /// Whether Excel has already ruined the value: a long number shown in scientific notation
    /// and saved as that text (`3.60723E+18`), or stored as a number beyond its 15 digits. The
    /// original digits are gone; the user must re-export with the column formatted as text.
    pub fn looks_destroyed_by_excel(&self) -> bool {
        match self {
            Cell::Text(s) => is_scientific_notation(s.trim()),
            Cell::Float(f) => f.is_finite() && f.abs() >= EXCEL_EXACT_LIMIT,
            _ => false,
        }
    }
}

fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return "#NUM!".into();
    }
    if f.abs() >= EXCEL_EXACT_LIMIT {
        // Past 15 digits the number is not what was typed (an 18-digit ID, a phone glued to
        // another): shown as Excel shows it, 3.60723E+18, which every reader of a phone or an
        // ID then flags, rather than as digits that look exact and are not.
        return excel_scientific(f);
    }
    // Round to 15 significant digits through the exponent form, then print the shortest
    // decimal that round-trips; Rust's `Display` for f64 never uses an exponent.
    let rounded: f64 = format!("{:.*e}", EXCEL_DIGITS - 1, f).parse().unwrap_or(f);
    if rounded == 0.0 {
        "0".into()
    } else {
        rounded.to_string()
    }
}

/// Excel's General format for a large number: six significant digits, trailing zeros dropped.
fn excel_scientific(f: f64) -> String {
    let text = format!("{f:.5e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    let exponent: i32 = exponent.parse().unwrap_or(0);
    format!(
        "{mantissa}E{}{:02}",
        if exponent < 0 { '-' } else { '+' },
        exponent.abs()
    )
}

fn date_from_number(f: f64) -> Option<NaiveDate> {
    if f.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(&f) {
        let n = f as u32;
        return NaiveDate::from_ymd_opt((n / 10_000) as i32, n / 100 % 100, n % 100);
    }
    if PLAUSIBLE_SERIALS.contains(&f) {
        // Day 0 of the 1900 system is 1899-12-30 once Excel's phantom 1900-02-29 is behind us,
        // which it is for every serial in the plausible range.
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return epoch.checked_add_days(chrono::Days::new(f.floor() as u64));
    }
    None
}

fn date_from_text(s: &str) -> Option<NaiveDate> {
    let s: String = s.chars().map(half_width).collect();
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return date_from_number(s.parse::<f64>().ok()?);
    }
    // Year, month, day separated by one of - / . or 年 月 (日), then anything (a time).
    let mut parts = s.splitn(3, ['-', '/', '.', '年', '月']);
    let year: i32 = parse_digits(parts.next()?, 4)?;
    let month: u32 = parse_digits(parts.next()?, 2)?;
    let rest = parts.next()?;
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let day: u32 = parse_digits(&rest[..day_len], 2)?;
    let after = rest[day_len..].trim_start_matches('日');
    let time_follows = after.is_empty()
        || (after.starts_with([' ', 'T'])
            && after[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()));
    if !time_follows || !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

fn parse_digits<T: std::str::FromStr>(s: &str, max_len: usize) -> Option<T> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_scientific_notation(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['E', 'e']) else {
        return false;
    };
    let mantissa = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// Full-width ASCII forms (`１２３`, `：`, `Ａ`) and the ideographic space, as Chinese input
/// methods type them, mapped to their ASCII counterparts.
pub(crate) fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Formats a duration cell (`[h]:mm:ss`) the way Excel shows it; calamine gives it in days.
pub(crate) fn duration_text(days: f64) -> String {
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let total = total.abs();
    format!(
        "{sign}{}:{:02}:{:02}",
        total / 3600,
        total / 60 % 60,
        total % 60
    )
}

/// Parses an ISO 8601 date or date-time as ODS stores them (`2024-03-05`,
/// `2024-03-05T14:30:00`, with optional fractional seconds).
pub(crate) fn iso_datetime(s: &str) -> Option<NaiveDateTime> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.and_time(chrono::NaiveTime::MIN));
    }
    let dt = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    // Sub-second noise from float serials is not something a person entered.
    dt.with_nanosecond(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn phones_stored_as_numbers_keep_every_digit() {
        assert_eq!(
            Cell::Float(13_812_345_678.0).as_text(),
            "13812345678",
            "no exponent, no .0"
        );
        assert_eq!(Cell::Int(13_812_345_678).as_text(), "13812345678");
        assert_eq!(
            Cell::Float(13_812_345_678.000_002).as_text(),
            "13812345678",
            "binary noise past 15 digits is dropped"
        );
    }

    #[test]
    fn fractions_print_in_shortest_form() {
        assert_eq!(Cell::Float(1234.5).as_text(), "1234.5");
        assert_eq!(Cell::Float(0.1 + 0.2).as_text(), "0.3", "as Excel shows it");
        assert_eq!(Cell::Float(-0.0).as_text(), "0", "no negative zero");
        assert_eq!(Cell::Float(1e-7).as_text(), "0.0000001", "no exponent");
        assert_eq!(Cell::Float(f64::NAN).as_text(), "#NUM!");
    }

    #[test]
    fn other_cells_render_as_a_person_reads_them() {
        let dt = ymd(2024, 3, 5).and_hms_opt(14, 30, 0).expect("time");
        assert_eq!(Cell::DateTime(dt).as_text(), "2024-03-05 14:30:00");
        assert_eq!(
            Cell::DateTime(ymd(2024, 3, 5).and_time(chrono::NaiveTime::MIN)).as_text(),
            "2024-03-05",
            "midnight means a date alone"
        );
        assert_eq!(Cell::Bool(true).as_text(), "TRUE");
        assert_eq!(Cell::Empty.as_text(), "");
        assert_eq!(Cell::Error("#N/A".into()).as_text(), "#N/A");
    }

    #[test]
    fn dates_are_read_from_every_common_spelling() {
        let want = Some(ymd(2024, 3, 5));
        for text in [
            "2024/3/5",
            "2024-03-05",
            "2024.3.5",
            "2024年3月5日",
            "2024年03月05日 14:30",
            "2024-03-05 14:30",
            "2024-03-05T14:30:00",
            "20240305",
            " ２０２４/３/５ ",
        ] {
            assert_eq!(Cell::Text(text.into()).as_date(), want, "text {text:?}");
        }
        assert_eq!(
            Cell::Float(45_356.0).as_date(),
            want,
            "an unformatted serial"
        );
        assert_eq!(
            Cell::Float(45_356.75).as_date(),
            want,
            "a serial with a time of day"
        );
        assert_eq!(
            Cell::Int(20_240_305).as_date(),
            want,
            "yyyymmdd typed as a number"
        );
    }

    #[test]
    fn numbers_and_text_that_are_not_dates_are_refused() {
        for text in [
            "2024-13-05",
            "2024/2/30",
            "3/5/2024",
            "24-3-5",
            "2024-03-05abc",
            "13812345678",
            "20241332",
            "",
            "备注",
        ] {
            assert_eq!(Cell::Text(text.into()).as_date(), None, "text {text:?}");
        }
        assert_eq!(Cell::Float(1500.0).as_date(), None, "an amount, not 1904");
        assert_eq!(Cell::Float(13_812_345_678.0).as_date(), None, "a phone");
        assert_eq!(Cell::Bool(true).as_date(), None);
    }

    #[test]
    fn scientific_notation_text_is_flagged_as_destroyed() {
        for text in ["3.60723E+18", "1.38123E+10", "3.6E+18", "4.4E18", "1e+10"] {
            assert!(
                Cell::Text(text.into()).looks_destroyed_by_excel(),
                "{text:?} lost its digits in Excel"
            );
        }
        for text in ["13812345678", "E+10", "3.6E+", "ABCE+10", "1.2.3E+4", "E"] {
            assert!(
                !Cell::Text(text.into()).looks_destroyed_by_excel(),
                "{text:?} is not scientific notation"
            );
        }
        assert!(
            Cell::Float(3.607_23e18).looks_destroyed_by_excel(),
            "an 18-digit ID stored as a number has lost its last digits"
        );
        assert!(!Cell::Float(13_812_345_678.0).looks_destroyed_by_excel());
        assert_eq!(
            Cell::Float(3.607_23e18).as_text(),
            "3.60723E+18",
            "shown as Excel shows it, which the phone reader flags"
        );
        assert_eq!(Cell::Float(1.1e16).as_text(), "1.1E+16");
        assert!(
            Cell::Text(Cell::Float(3.607_23e18).as_text().into_owned()).looks_destroyed_by_excel()
        );
        assert_eq!(
            Cell::Float(13_812_345_678.0).as_text(),
            "13812345678",
            "a phone stays digits"
        );
    }

    #[test]
    fn helpers_for_the_readers() {
        assert_eq!(half_width('：'), ':');
        assert_eq!(half_width('Ａ'), 'A');
        assert_eq!(half_width('\u{3000}'), ' ');
        assert_eq!(half_width('姓'), '姓');
        assert_eq!(
            duration_text(1.5),
            "36:00:00",
            "durations are not wrapped at 24h"
        );
        assert_eq!(duration_text(-0.5), "-12:00:00");
        assert_eq!(
            iso_datetime("2024-03-05T14:30:00.0001"),
            ymd(2024, 3, 5).and_hms_opt(14, 30, 0)
        );
        assert_eq!(
            iso_datetime("2024-03-05"),
            Some(ymd(2024, 3, 5).and_time(chrono::NaiveTime::MIN))
        );
        assert_eq!(iso_datetime("PT14H"), None);
    }
}
