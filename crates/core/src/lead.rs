use serde::{Deserialize, Serialize};

use crate::people::CheckInMark;
use crate::{CoreError, Lang, Result};

/// How a person relates to one event, reconciled from registration and check-in lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// On the registration list; the event has not been reconciled with a check-in list yet.
    Registered,
    /// Registered and checked in.
    Attended,
    /// Registered, not checked in.
    NoShow,
    /// Checked in without registering.
    WalkIn,
}

impl Attendance {
    pub const ALL: [Attendance; 4] = [
        Attendance::Registered,
        Attendance::Attended,
        Attendance::NoShow,
        Attendance::WalkIn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Attendance::Registered => "registered",
            Attendance::Attended => "attended",
            Attendance::NoShow => "no_show",
            Attendance::WalkIn => "walk_in",
        }
    }

    pub fn from_code(code: &str) -> Result<Attendance> {
        Self::ALL
            .into_iter()
            .find(|a| a.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: crate::Noun::Attendance,
                value: code.to_string(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Attendance::Registered => lang.pick("已报名", "Registered"),
            Attendance::Attended => lang.pick("已签到", "Attended"),
            Attendance::NoShow => lang.pick("未到场", "No-show"),
            Attendance::WalkIn => lang.pick("现场签到", "Walk-in"),
        }
    }

    /// Whether the person was physically there.
    pub fn was_present(self) -> bool {
        matches!(self, Attendance::Attended | Attendance::WalkIn)
    }
}

/// Which list of an event a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 报名名单: who signed up (a 签到 column, when there is one, also says who came).
    Registration,
    /// 签到名单: who came.
    #[serde(rename = "checkin")]
    CheckIn,
}

/// What one row of a list says about the person at the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListEntry {
    /// The person signed up (or was expected: a check-in sheet printed from the sign-ups).
    pub registered: bool,
    /// The person was there.
    pub came: bool,
}

impl ListKind {
    /// What a row of this list says, given its 签到 cell (`None`: the list has no 签到 column).
    /// A list says someone came only where it says so: a registration list by its 签到 column;
    /// a check-in list by being on it, unless it has a 签到 column, which then decides. A row
    /// of a check-in list with a 签到 column is someone expected: the sheet was printed from the
    /// sign-ups and ticked at the door, so a ticked row signed up and came (attended, counted in
    /// 到场率), and a blank, "no" or unreadable one signed up and did not.
    pub fn entry(self, mark: Option<CheckInMark>) -> ListEntry {
        let came = mark == Some(CheckInMark::Came);
        match (self, mark) {
            (ListKind::Registration, _) | (ListKind::CheckIn, Some(_)) => ListEntry {
                registered: true,
                came,
            },
            (ListKind::CheckIn, None) => ListEntry {
                registered: false,
                came: true,
            },
        }
    }

    pub const ALL: [ListKind; 2] = [ListKind::Registration, ListKind::CheckIn];

    pub fn code(self) -> &'static str {
        match self {
            ListKind::Registration => "registration",
            ListKind::CheckIn => "checkin",
        }
    }

    pub fn from_code(code: &str) -> Result<ListKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: crate::Noun::ListKind,
                value: code.to_string(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            ListKind::Registration => lang.pick("报名名单", "Registration list"),
            ListKind::CheckIn => lang.pick("签到名单", "Check-in list"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_says_someone_came_only_where_it_says_so() {
        use CheckInMark::*;
        let came = |list: ListKind, mark| list.entry(mark).came;
        for mark in [Absent, Blank, Unclear] {
            assert!(
                !came(ListKind::CheckIn, Some(mark)),
                "check-in list, {mark:?}"
            );
            assert!(
                !came(ListKind::Registration, Some(mark)),
                "sign-ups, {mark:?}"
            );
            assert!(
                ListKind::CheckIn.entry(Some(mark)).registered,
                "on the check-in sheet but not ticked: expected, did not come"
            );
        }
        assert!(came(ListKind::CheckIn, Some(Came)));
        assert!(came(ListKind::Registration, Some(Came)));
        assert_eq!(
            ListKind::CheckIn.entry(None),
            ListEntry {
                registered: false,
                came: true
            },
            "a check-in list without a 签到 column lists who came"
        );
        assert_eq!(
            ListKind::Registration.entry(None),
            ListEntry {
                registered: true,
                came: false
            }
        );
    }

    #[test]
    fn codes_round_trip_and_presence() {
        for a in Attendance::ALL {
            assert_eq!(Attendance::from_code(a.code()), Ok(a));
        }
        assert!(Attendance::WalkIn.was_present());
        assert!(!Attendance::NoShow.was_present());
    }
}
