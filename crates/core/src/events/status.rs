use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Noun, Result};

/// Where an event is in the year: a candidate is weighed, a planned one is funded in the budget,
/// a done one has results; declined and cancelled ones are kept for the organiser's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Candidate,
    Planned,
    Done,
    Declined,
    Cancelled,
}

impl EventStatus {
    pub const ALL: [EventStatus; 5] = [
        EventStatus::Candidate,
        EventStatus::Planned,
        EventStatus::Done,
        EventStatus::Declined,
        EventStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Candidate => "candidate",
            EventStatus::Planned => "planned",
            EventStatus::Done => "done",
            EventStatus::Declined => "declined",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Result<EventStatus> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::EventStatus,
                value: code.to_string(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            EventStatus::Candidate => lang.pick("候选", "Candidate"),
            EventStatus::Planned => lang.pick("已列入计划", "Planned"),
            EventStatus::Done => lang.pick("已举办", "Done"),
            EventStatus::Declined => lang.pick("不参加", "Declined"),
            EventStatus::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }

    /// Whether `self → to` is a step the year allows. A done event keeps its results: it never
    /// goes back, so its forecast-vs-actual stays in the organiser's record.
    pub fn can_become(self, to: EventStatus) -> bool {
        use EventStatus::*;
        matches!(
            (self, to),
            (Candidate, Planned)
                | (Candidate, Declined)
                | (Planned, Done)
                | (Planned, Cancelled)
                | (Planned, Candidate)
                | (Declined, Candidate)
                | (Cancelled, Candidate)
        )
    }

    pub fn change_to(self, to: EventStatus) -> Result<EventStatus> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(CoreError::StatusChange { from: self, to })
        }
    }

    /// Whether the event spends (or spent) this year's budget.
    pub fn is_funded(self) -> bool {
        matches!(self, EventStatus::Planned | EventStatus::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_done_event_never_goes_back() {
        for to in EventStatus::ALL {
            assert!(!EventStatus::Done.can_become(to));
        }
        assert!(EventStatus::Candidate.can_become(EventStatus::Planned));
        assert!(!EventStatus::Candidate.can_become(EventStatus::Done));
        assert_eq!(
            EventStatus::Declined.change_to(EventStatus::Planned),
            Err(CoreError::StatusChange {
                from: EventStatus::Declined,
                to: EventStatus::Planned
            })
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in EventStatus::ALL {
            assert_eq!(EventStatus::from_code(s.code()), Ok(s));
        }
    }
}
