//! Following up a qualified lead (seed 002): who calls, how many attempts within how many days,
//! and when an unattended lead goes back to the pool. The clock runs in whole days.

use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Noun, Result};

/// How an attempt was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Call,
    Visit,
    WeChat,
    Email,
    Meeting,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Call,
        Channel::Visit,
        Channel::WeChat,
        Channel::Email,
        Channel::Meeting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Visit => "visit",
            Channel::WeChat => "wechat",
            Channel::Email => "email",
            Channel::Meeting => "meeting",
        }
    }

    pub fn from_code(code: &str) -> Result<Channel> {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::FollowUpChannel,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Channel::Call => lang.pick("电话", "Call"),
            Channel::Visit => lang.pick("拜访", "Visit"),
            Channel::WeChat => lang.pick("微信", "WeChat"),
            Channel::Email => lang.pick("邮件", "Email"),
            Channel::Meeting => lang.pick("会面", "Meeting"),
        }
    }
}

/// What came of an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Reached the person.
    Connected,
    /// Nobody answered, wrong number, no reply. Still an attempt: five in a row is normal.
    Unreachable,
    /// Reached; has a need and wants to hear more.
    Interested,
    /// Reached; a meeting or visit is set.
    MeetingSet,
    /// Reached; not interested now.
    Declined,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Connected,
        Outcome::Unreachable,
        Outcome::Interested,
        Outcome::MeetingSet,
        Outcome::Declined,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Connected => "connected",
            Outcome::Unreachable => "unreachable",
            Outcome::Interested => "interested",
            Outcome::MeetingSet => "meeting_set",
            Outcome::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Result<Outcome> {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::FollowUpOutcome,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Connected => lang.pick("已接通", "Connected"),
            Outcome::Unreachable => lang.pick("未接通", "Unreachable"),
            Outcome::Interested => lang.pick("有意向", "Interested"),
            Outcome::MeetingSet => lang.pick("已约见", "Meeting set"),
            Outcome::Declined => lang.pick("暂无需求", "Declined"),
        }
    }

    /// Whether the person was reached.
    pub fn reached(self) -> bool {
        self != Outcome::Unreachable
    }
}

/// The follow-up rule: `attempts` attempts within `within_days` days of the lead being handed
/// over (assigned as an MQL); a lead still short of them `grace_days` after that deadline goes
/// back to the pool, unowned, for marketing to nurture or hand to someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sla {
    pub attempts: u32,
    pub within_days: u32,
    pub grace_days: u32,
}

impl Default for Sla {
    /// Three attempts in a week: unreachable is the common case (seed 002: five in a row is
    /// normal), so one call proves nothing, and a qualified lead left a week goes cold. Three more
    /// days overdue, it goes back to the pool.
    fn default() -> Sla {
        Sla {
            attempts: 3,
            within_days: 7,
            grace_days: 3,
        }
    }
}

/// Where a handed-over lead stands against the rule on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SlaState {
    /// Enough attempts were made in time.
    Met { on_day: i32 },
    /// Still within the window: `left` attempts due by `deadline`.
    Due { left: u32, deadline: i32 },
    /// Past the deadline short of attempts; goes back to the pool on `pool_on`.
    Overdue {
        left: u32,
        deadline: i32,
        pool_on: i32,
    },
    /// Past the grace days too: back to the pool.
    Expired { deadline: i32 },
}

impl Sla {
    pub fn validate(&self) -> Result<()> {
        let check = |value: u32, min: i64, max: i64| {
            let v = value as i64;
            if (min..=max).contains(&v) {
                Ok(())
            } else {
                Err(CoreError::SettingOutOfRange {
                    what: Noun::ScoringSetting,
                    value: v,
                    min,
                    max,
                })
            }
        };
        check(self.attempts, 1, 20)?;
        check(self.within_days, 1, 90)?;
        check(self.grace_days, 0, 90)
    }

    /// The state on `today` of a lead handed over on `handed_on`, given the days of its
    /// attempts since (in any order; attempts before the hand-over do not count).
    pub fn state(&self, handed_on: i32, attempts_on: &[i32], today: i32) -> SlaState {
        let deadline = handed_on + self.within_days as i32;
        let mut in_time: Vec<i32> = attempts_on
            .iter()
            .copied()
            .filter(|&d| d >= handed_on && d <= deadline)
            .collect();
        in_time.sort_unstable();
        if let Some(&day) = in_time.get(self.attempts as usize - 1) {
            return SlaState::Met { on_day: day };
        }
        let left = self.attempts - in_time.len() as u32;
        let pool_on = deadline + self.grace_days as i32;
        if today <= deadline {
            SlaState::Due { left, deadline }
        } else if today <= pool_on {
            SlaState::Overdue {
                left,
                deadline,
                pool_on,
            }
        } else {
            SlaState::Expired { deadline }
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::ZhCn => format!(
                "分配后 {} 天内跟进 {} 次；逾期 {} 天仍未完成，线索退回公海。",
                self.within_days, self.attempts, self.grace_days
            ),
            Lang::En => {
                let plural = |n: u32, one: &str, many: &str| {
                    format!("{n} {}", if n == 1 { one } else { many })
                };
                format!(
                    "{} within {} of assignment; {} overdue, the lead returns to the pool.",
                    plural(self.attempts, "attempt", "attempts"),
                    plural(self.within_days, "day", "days"),
                    plural(self.grace_days, "day", "days")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_attempts_in_a_week_meet_the_rule() {
        let sla = Sla::default();
        assert_eq!(
            sla.state(100, &[103, 101, 106], 110),
            SlaState::Met { on_day: 106 }
        );
        assert_eq!(
            sla.state(100, &[101], 104),
            SlaState::Due {
                left: 2,
                deadline: 107
            }
        );
    }

    #[test]
    fn late_or_early_attempts_do_not_count_and_the_pool_waits_the_grace_days() {
        let sla = Sla::default();
        // One before the hand-over, one after the deadline.
        let attempts = [99, 101, 108];
        assert_eq!(
            sla.state(100, &attempts, 108),
            SlaState::Overdue {
                left: 2,
                deadline: 107,
                pool_on: 110
            }
        );
        assert_eq!(
            sla.state(100, &attempts, 110),
            SlaState::Overdue {
                left: 2,
                deadline: 107,
                pool_on: 110
            }
        );
        assert_eq!(
            sla.state(100, &attempts, 111),
            SlaState::Expired { deadline: 107 }
        );
    }

    #[test]
    fn the_deadline_day_still_counts() {
        let sla = Sla {
            attempts: 1,
            within_days: 7,
            grace_days: 0,
        };
        assert_eq!(sla.state(0, &[7], 30), SlaState::Met { on_day: 7 });
        assert_eq!(sla.state(0, &[], 8), SlaState::Expired { deadline: 7 });
    }

    #[test]
    fn absurd_rules_are_refused() {
        let zero = Sla {
            attempts: 0,
            ..Sla::default()
        };
        assert!(zero.validate().is_err());
        assert!(Sla::default().validate().is_ok());
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()).expect("channel"), c);
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()).expect("outcome"), o);
        }
    }
}
