//! Dates as users type them into a form: 2027-03-15, 2027/3/15, 2027.3.15, 2027年3月15日 —
//! read exactly as the spreadsheet importer reads a date typed into a cell.

use chrono::NaiveDate;
use marketdesk_core::Lang;

use crate::error::ApiError;

pub(crate) fn parse_date(text: &str, lang: Lang) -> Result<NaiveDate, ApiError> {
    let t = text.trim();
    // The same reading as a date typed into a spreadsheet cell.
    marketdesk_sheets::Cell::Text(t.to_string())
        .as_date()
        .ok_or_else(|| {
            ApiError::new(
                "invalid_date",
                match lang {
                    Lang::ZhCn => format!("“{t}”不是有效的日期，请按 2027-03-15 的格式填写。"),
                    Lang::En => format!("“{t}” is not a date; use the form 2027-03-15."),
                },
            )
        })
}

/// A stored stamp as the user reads it, in their own time: `2026-12-01 07:30` for
/// `2026-11-30T23:30:00+00:00` in Beijing. Anything else is shown as it is, to the minute.
pub(crate) fn local_minute(text: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => text.get(..16).unwrap_or(text).replace('T', " "),
    }
}

pub(crate) fn outside_year(date: NaiveDate, year: i32, lang: Lang) -> ApiError {
    ApiError::new(
        "date_outside_year",
        match lang {
            Lang::ZhCn => format!("{date} 不在 {year} 财年内。"),
            Lang::En => format!("{date} is outside the {year} fiscal year."),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ways_people_write_a_date() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 5).expect("date");
        for t in ["2027-03-05", " 2027/3/5 ", "2027.3.5", "2027年3月5日"] {
            assert_eq!(parse_date(t, Lang::ZhCn).ok(), Some(d), "{t}");
        }
        let err = parse_date("3月5日", Lang::ZhCn).expect_err("no year");
        assert_eq!(err.code, "invalid_date");
        assert!(err.message.contains("“3月5日”"), "{}", err.message);
        assert!(parse_date("2027-02-30", Lang::En).is_err(), "no such day");
    }
}
