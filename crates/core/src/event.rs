use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Result};

/// Event types as the seed author rates them (domain brief, "Events").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Summit,
    Forum,
    Salon,
    SelfHosted,
    Training,
    Expo,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Summit,
        EventKind::Forum,
        EventKind::Salon,
        EventKind::SelfHosted,
        EventKind::Training,
        EventKind::Expo,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Summit => "summit",
            EventKind::Forum => "forum",
            EventKind::Salon => "salon",
            EventKind::SelfHosted => "self_hosted",
            EventKind::Training => "training",
            EventKind::Expo => "expo",
        }
    }

    pub fn from_code(code: &str) -> Result<EventKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: crate::Noun::EventType,
                value: code.to_string(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            EventKind::Summit => lang.pick("峰会", "Summit"),
            EventKind::Forum => lang.pick("论坛/研讨会", "Forum / seminar"),
            EventKind::Salon => lang.pick("区域沙龙", "Regional salon"),
            EventKind::SelfHosted => lang.pick("自办活动", "Self-hosted"),
            EventKind::Training => lang.pick("授课培训", "Authority training"),
            EventKind::Expo => lang.pick("博览会/展销会", "Expo"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::from_code(k.code()), Ok(k));
        }
        assert!(EventKind::from_code("party").is_err());
    }
}
