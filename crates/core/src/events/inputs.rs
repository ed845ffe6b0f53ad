//! What a marketer knows about an event before paying for it: the organiser's offer (size,
//! audience, sponsorship package, price) and their own read of the room.

use serde::{Deserialize, Serialize};

use crate::{CoreError, EventKind, Function, Money, Noun, Result, Share};

/// The largest room the score accepts; a typo of an extra zero past this is refused rather
/// than scored.
pub const MAX_EXPECTED_SIZE: u32 = 200_000;
pub const MAX_TALK_MINUTES: u32 = 16 * 60;
pub const MAX_COMPETITORS: u32 = 500;

/// Everything the score reads. Unknown parts of the audience stay unknown (empty) and are scored
/// as such, with a reason saying so, rather than guessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventInputs {
    pub kind: EventKind,
    /// Expected attendees in the room (not registrations).
    pub expected_size: u32,
    pub audience: Audience,
    pub package: Package,
    /// What the sponsorship or the event costs us; zero when not yet quoted.
    pub cost: Money,
    /// Competitors' sales people expected in the room.
    #[serde(default)]
    pub competitors: u32,
    /// The organiser's real industry resources, 1 (none we know of) to 5 (the authority or the
    /// vertical media everyone reads).
    pub organiser_resources: u8,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Audience {
    /// Industries the attendees come from, as the organiser describes them.
    #[serde(default)]
    pub industries: Vec<String>,
    /// Attendees by buying-centre function; what is not listed is unknown.
    #[serde(default)]
    pub departments: Vec<DepartmentShare>,
    #[serde(default)]
    pub seniority: SeniorityMix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentShare {
    pub function: Function,
    pub share: Share,
}

/// Attendees by level; the rest of 100% is unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeniorityMix {
    pub c_level: Share,
    pub vp_director: Share,
    pub manager: Share,
    pub staff: Share,
}

impl SeniorityMix {
    pub fn known(self) -> Share {
        Share::from_basis_points(
            (self.c_level.basis_points()
                + self.vp_director.basis_points()
                + self.manager.basis_points()
                + self.staff.basis_points())
            .min(10_000),
        )
        .unwrap_or(Share::WHOLE)
    }

    pub fn is_unknown(self) -> bool {
        self.known() == Share::ZERO
    }

    /// Decision-makers: C-level and VP/director (决策层).
    pub fn decision_makers(self) -> Share {
        Share::from_basis_points(
            (self.c_level.basis_points() + self.vp_director.basis_points()).min(10_000),
        )
        .unwrap_or(Share::WHOLE)
    }
}

/// The sponsorship package (赞助权益).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// Our speaking time on stage (发言), minutes.
    #[serde(default)]
    pub talk_minutes: u32,
    #[serde(default)]
    pub booth: bool,
    #[serde(default)]
    pub roundtable: bool,
    #[serde(default)]
    pub award: bool,
    /// The organiser hands over the attendee list (参会名单).
    #[serde(default)]
    pub attendee_list: bool,
}

/// A field of the inputs, named when a value is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventField {
    ExpectedSize,
    TalkMinutes,
    Competitors,
    OrganiserResources,
    Departments,
    Seniority,
    Weight,
    BrandEquivalent,
    HistoryWeight,
}

impl EventField {
    pub fn name(self, lang: crate::Lang) -> &'static str {
        match self {
            EventField::ExpectedSize => lang.pick("预计到场人数", "expected attendance"),
            EventField::TalkMinutes => lang.pick("发言时长", "talk minutes"),
            EventField::Competitors => lang.pick("竞品销售人数", "competitors' sales present"),
            EventField::OrganiserResources => lang.pick("主办方资源评分", "organiser rating"),
            EventField::Departments => lang.pick("部门构成", "departments"),
            EventField::Seniority => lang.pick("层级构成", "seniority mix"),
            EventField::Weight => lang.pick("评分权重", "criterion weight"),
            EventField::BrandEquivalent => {
                lang.pick("品牌折算(合格联系人)", "brand equivalent (contacts)")
            }
            EventField::HistoryWeight => {
                lang.pick("类型默认的权重(场)", "weight of the default (events)")
            }
        }
    }
}

impl EventInputs {
    /// A new candidate of `kind` with the author's typical size and nothing else known.
    pub fn new(kind: EventKind) -> EventInputs {
        EventInputs {
            kind,
            expected_size: kind.profile().typical_size,
            audience: Audience::default(),
            package: Package::default(),
            cost: Money::ZERO,
            competitors: 0,
            organiser_resources: 3,
        }
    }

    /// Refuses what cannot be scored: sizes and minutes out of range, shares over 100%, a rating
    /// outside 1–5, a negative cost.
    pub fn validate(&self) -> Result<()> {
        let range = |field, value: u64, min: u64, max: u64| {
            if value < min || value > max {
                Err(CoreError::OutOfRange {
                    field,
                    value: value as i64,
                    min: min as i64,
                    max: max as i64,
                })
            } else {
                Ok(())
            }
        };
        range(
            EventField::ExpectedSize,
            self.expected_size.into(),
            1,
            MAX_EXPECTED_SIZE.into(),
        )?;
        range(
            EventField::TalkMinutes,
            self.package.talk_minutes.into(),
            0,
            MAX_TALK_MINUTES.into(),
        )?;
        range(
            EventField::Competitors,
            self.competitors.into(),
            0,
            MAX_COMPETITORS.into(),
        )?;
        range(
            EventField::OrganiserResources,
            self.organiser_resources.into(),
            1,
            5,
        )?;
        if self.cost.is_negative() {
            return Err(CoreError::NegativeAmount {
                what: "活动费用 / event cost".into(),
            });
        }
        let departments: u32 = self
            .audience
            .departments
            .iter()
            .map(|d| d.share.basis_points())
            .sum();
        if departments > 10_000 {
            return Err(CoreError::AudienceOverWhole {
                field: EventField::Departments,
                total_bp: departments,
            });
        }
        let mix = self.audience.seniority;
        let seniority = mix.c_level.basis_points()
            + mix.vp_director.basis_points()
            + mix.manager.basis_points()
            + mix.staff.basis_points();
        if seniority > 10_000 {
            return Err(CoreError::AudienceOverWhole {
                field: EventField::Seniority,
                total_bp: seniority,
            });
        }
        let mut seen = Vec::new();
        for d in &self.audience.departments {
            if seen.contains(&d.function) {
                return Err(CoreError::UnknownCode {
                    what: Noun::Function,
                    value: d.function.code().into(),
                });
            }
            seen.push(d.function);
        }
        Ok(())
    }

    /// The share of the room in the user's buying centre; None when no department is known.
    pub fn department_match(&self, buying_centre: &[Function]) -> Option<Share> {
        if self.audience.departments.is_empty() {
            return None;
        }
        let bp: u32 = self
            .audience
            .departments
            .iter()
            .filter(|d| buying_centre.contains(&d.function))
            .map(|d| d.share.basis_points())
            .sum();
        Share::from_basis_points(bp.min(10_000)).ok()
    }

    /// The share of the event's industries that are the user's; None when either list is empty.
    pub fn industry_match(&self, targets: &[String]) -> Option<f64> {
        let industries: Vec<&str> = self
            .audience
            .industries
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if industries.is_empty() || targets.is_empty() {
            return None;
        }
        let matching = industries
            .iter()
            .filter(|i| targets.iter().any(|t| industry_matches(i, t)))
            .count();
        Some(matching as f64 / industries.len() as f64)
    }
}

/// `银行` matches `城商行/银行`, `股份制银行` and `银行业`: one names the other.
fn industry_matches(industry: &str, target: &str) -> bool {
    let target = target.trim();
    !target.is_empty() && (industry.contains(target) || target.contains(industry))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp(n: u32) -> Share {
        Share::from_basis_points(n).expect("a share")
    }

    #[test]
    fn shares_over_the_whole_room_are_refused() {
        let mut e = EventInputs::new(EventKind::Forum);
        e.audience.departments = vec![
            DepartmentShare {
                function: Function::Business,
                share: bp(6000),
            },
            DepartmentShare {
                function: Function::Technology,
                share: bp(5000),
            },
        ];
        assert!(matches!(
            e.validate(),
            Err(CoreError::AudienceOverWhole {
                field: EventField::Departments,
                total_bp: 11_000
            })
        ));
    }

    #[test]
    fn absurd_sizes_and_ratings_are_refused() {
        let mut e = EventInputs::new(EventKind::Summit);
        e.expected_size = 0;
        assert!(e.validate().is_err());
        e.expected_size = MAX_EXPECTED_SIZE + 1;
        assert!(e.validate().is_err());
        e.expected_size = 300;
        e.organiser_resources = 6;
        assert!(e.validate().is_err());
        e.organiser_resources = 5;
        assert!(e.validate().is_ok());
    }

    #[test]
    fn industries_match_when_one_names_the_other() {
        let mut e = EventInputs::new(EventKind::Forum);
        e.audience.industries = vec!["城商行".into(), "保险".into()];
        assert_eq!(e.industry_match(&["银行".into()]), Some(0.0));
        e.audience.industries = vec!["银行".into(), "保险".into()];
        assert_eq!(e.industry_match(&["股份制银行".into()]), Some(0.5));
        assert_eq!(e.industry_match(&[]), None);
    }
}
