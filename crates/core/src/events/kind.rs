use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Result};

/// Event types as the seed author rates them (domain brief, "Events"), plus online live
/// streams, which the author does not rate and which are scored on their audience alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Summit,
    Forum,
    Salon,
    /// 自办大会. Its code stays `self_hosted`: workspaces before schema 15 stored it so.
    SelfHosted,
    SelfHostedSalon,
    Training,
    Expo,
    Webinar,
}

/// What the seed author's table says of a type, as the numbers the score starts from. All are
/// conventions from seed 000, not measurements; the organiser record corrects them with the
/// user's own results.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindProfile {
    /// The size the author gives (峰会 300+, 论坛 100–300, 沙龙 20–80), as a default for a new
    /// candidate.
    pub typical_size: u32,
    /// The share of the room a sponsor actually talks to: nearly everyone at a salon of 40, a
    /// small part of a summit of 500, almost nobody at an expo.
    pub reach: f64,
    /// How much the type is about being seen (峰会 brand > leads, 博览会 brand exposure).
    pub brand_weight: f64,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Summit,
        EventKind::Forum,
        EventKind::Salon,
        EventKind::SelfHosted,
        EventKind::SelfHostedSalon,
        EventKind::Training,
        EventKind::Expo,
        EventKind::Webinar,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Summit => "summit",
            EventKind::Forum => "forum",
            EventKind::Salon => "salon",
            EventKind::SelfHosted => "self_hosted",
            EventKind::SelfHostedSalon => "self_hosted_salon",
            EventKind::Training => "training",
            EventKind::Expo => "expo",
            EventKind::Webinar => "webinar",
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
            EventKind::SelfHosted => lang.pick("自办大会", "Own conference"),
            EventKind::SelfHostedSalon => lang.pick("自办沙龙", "Own salon"),
            EventKind::Training => lang.pick("主管机构培训", "Authority training"),
            EventKind::Expo => lang.pick("博览会/展销会", "Expo / trade fair"),
            EventKind::Webinar => lang.pick("线上直播", "Webinar"),
        }
    }

    /// Whether we run it ourselves (agenda, guests and invitations are ours).
    pub fn is_self_hosted(self) -> bool {
        matches!(self, EventKind::SelfHosted | EventKind::SelfHostedSalon)
    }

    pub fn profile(self) -> KindProfile {
        let (typical_size, reach, brand_weight) = match self {
            EventKind::Summit => (500, 0.25, 0.8),
            EventKind::Forum => (200, 0.5, 0.5),
            EventKind::Salon => (40, 0.9, 0.2),
            EventKind::SelfHosted => (200, 0.8, 0.7),
            EventKind::SelfHostedSalon => (30, 1.0, 0.2),
            EventKind::Training => (60, 0.7, 0.4),
            EventKind::Expo => (5000, 0.05, 1.0),
            EventKind::Webinar => (300, 0.3, 0.3),
        };
        KindProfile {
            typical_size,
            reach,
            brand_weight,
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

    #[test]
    fn the_rooms_the_author_describes_get_smaller_reach_as_they_grow() {
        let reach = |k: EventKind| k.profile().reach;
        assert!(reach(EventKind::Salon) > reach(EventKind::Forum));
        assert!(reach(EventKind::Forum) > reach(EventKind::Summit));
        assert!(reach(EventKind::Summit) > reach(EventKind::Expo));
    }
}
