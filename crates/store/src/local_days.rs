//! Moves, follow-up clocks and edits are stamped in UTC (`2026-12-01T23:30:00+00:00`) so they
//! compare as text; the user thinks in days of their own calendar (in Beijing that stamp is
//! 2 December, 07:30). These turn one into the other: a period's days into the UTC instants
//! that bound it, a stored stamp into the local day or month it fell on.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// A UTC instant as stored.
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// The stored instant at which local day `d` starts in `tz`.
pub(crate) fn day_start<Tz: TimeZone>(d: NaiveDate, tz: &Tz) -> String {
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    tz.from_local_datetime(&midnight)
        .earliest()
        // A day that starts in a daylight-saving gap starts when the gap ends, within the hour.
        .or_else(|| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(
            || format!("{d}T00:00:00+00:00"),
            |t| stamp(t.with_timezone(&Utc)),
        )
}

/// The local days `from ..= to` as the stored instants `start .. end` (end excluded).
pub(crate) fn period<Tz: TimeZone>(from: NaiveDate, to: NaiveDate, tz: &Tz) -> (String, String) {
    let after = to.succ_opt().unwrap_or(to);
    (day_start(from, tz), day_start(after, tz))
}

/// The local day a stored stamp fell on; a bare date ("2026-12-01", a follow-up's day as typed)
/// is that day.
pub(crate) fn local_day<Tz: TimeZone>(text: &str, tz: &Tz) -> Option<NaiveDate> {
    if text.len() > 10 {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Some(t.with_timezone(tz).date_naive());
        }
    }
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_december_in_beijing_starts_on_the_last_evening_of_november_in_utc() {
        let beijing = FixedOffset::east_opt(8 * 3600).expect("offset");
        let (start, end) = period(day("2026-12-01"), day("2026-12-31"), &beijing);
        assert_eq!(start, "2026-11-30T16:00:00+00:00");
        assert_eq!(end, "2026-12-31T16:00:00+00:00");
        // A move at 07:30 on 1 December, Beijing time, is in December.
        let moved = "2026-11-30T23:30:00+00:00";
        assert!(start.as_str() <= moved && moved < end.as_str());
        assert_eq!(local_day(moved, &beijing), Some(day("2026-12-01")));
        // And the last evening of December is not in January.
        assert_eq!(
            local_day("2026-12-31T15:59:59+00:00", &beijing),
            Some(day("2026-12-31"))
        );
    }

    #[test]
    fn west_of_greenwich_a_day_starts_later_in_utc() {
        let new_york = FixedOffset::west_opt(5 * 3600).expect("offset");
        assert_eq!(
            day_start(day("2026-12-01"), &new_york),
            "2026-12-01T05:00:00+00:00"
        );
        assert_eq!(
            local_day("2026-12-01T03:00:00+00:00", &new_york),
            Some(day("2026-11-30"))
        );
    }

    #[test]
    fn a_bare_date_is_its_own_day_and_anything_else_is_none() {
        let beijing = FixedOffset::east_opt(8 * 3600).expect("offset");
        assert_eq!(local_day("2026-12-01", &beijing), Some(day("2026-12-01")));
        assert_eq!(
            local_day("2026-12-01T09:00:00+08:00", &beijing),
            Some(day("2026-12-01"))
        );
        assert_eq!(local_day("yesterday", &beijing), None);
    }
}
