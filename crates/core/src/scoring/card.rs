//! The lead scorecard (线索打分卡): fit rules, grade thresholds, engagement weights and the MQL
//! rule. The defaults encode the domain brief; every number is editable per workspace, stored as
//! JSON, and one click resets it. [`Prepared`] is the scorecard made ready to score many leads.

use serde::{Deserialize, Serialize};

use super::engagement::{DecayTable, Engagement, EngagementKind};
use super::fit::{FitRules, Grade, GradeThresholds};
use super::format_points;
use crate::{CoreError, Lang, Noun, Result};

/// Most points one fit rule can give.
pub const MAX_FIT_POINTS: u32 = 100;
/// Highest grade threshold.
pub const MAX_THRESHOLD: u32 = 200;
/// An engagement weight lies in `−MAX_WEIGHT..=MAX_WEIGHT` points.
pub const MAX_WEIGHT: i32 = 100;
/// Largest cap, in points.
pub const MAX_CAP: u32 = 1000;
/// Longest half-life: ten years.
pub const MAX_HALF_LIFE_DAYS: u32 = 3650;
/// Largest MQL engagement threshold, in points.
pub const MAX_MQL_POINTS: i64 = 1000;
/// Most target industries or regions; each is compared with every lead.
pub const MAX_TARGETS: usize = 100;
/// Longest target name, in characters.
pub const MAX_TARGET_CHARS: usize = 50;

/// When a lead is a marketing-qualified lead (MQL, 市场合格线索): both axes at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqlRule {
    pub min_grade: Grade,
    /// Engagement points needed, in hundredths.
    pub min_points_hundredths: i64,
}

impl Default for MqlRule {
    /// Grade B or better and 40 points: an attended event and a visit within the last weeks
    /// (15 + 25), or a form, a call and a meeting — never capped cheap actions alone.
    fn default() -> MqlRule {
        MqlRule {
            min_grade: Grade::B,
            min_points_hundredths: 4000,
        }
    }
}

impl MqlRule {
    pub fn qualifies(&self, grade: Grade, points_hundredths: i64) -> bool {
        grade >= self.min_grade && points_hundredths >= self.min_points_hundredths
    }

    /// "匹配等级 ≥ B 且互动分 ≥ 40".
    pub fn describe(&self, lang: Lang) -> String {
        let points = format_points(self.min_points_hundredths);
        match self.min_grade {
            Grade::D => match lang {
                Lang::ZhCn => format!("互动分 ≥ {points}（不限匹配等级）"),
                Lang::En => format!("engagement ≥ {points} points (any fit grade)"),
            },
            Grade::A => match lang {
                Lang::ZhCn => format!("匹配等级为 A 且互动分 ≥ {points}"),
                Lang::En => format!("fit grade A and engagement ≥ {points} points"),
            },
            g => match lang {
                Lang::ZhCn => format!("匹配等级 ≥ {} 且互动分 ≥ {points}", g.code()),
                Lang::En => format!("fit grade ≥ {} and engagement ≥ {points} points", g.code()),
            },
        }
    }
}

/// How this workspace scores leads. Every field has a default, so an older JSON still loads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Scorecard {
    pub fit: FitRules,
    pub grades: GradeThresholds,
    pub engagement: Engagement,
    pub mql: MqlRule,
}

impl Scorecard {
    /// Back to the defaults.
    pub fn reset(&mut self) {
        *self = Scorecard::default();
    }

    /// The first setting out of range. Fit points and target lists report as
    /// [`Noun::FitRule`], grade thresholds as [`Noun::FitGrade`], engagement and MQL settings
    /// as [`Noun::ScoringSetting`]; an MQL threshold is reported in whole points (rounded
    /// outwards, so the value shown is always outside the range shown).
    pub fn validate(&self) -> Result<()> {
        let fit = &self.fit;
        let s = &fit.seniority;
        let f = &fit.function;
        let z = &fit.company_size;
        for points in [
            s.c_level,
            s.vp_director,
            s.manager,
            s.staff,
            f.business,
            f.technology,
            f.compliance_risk,
            f.procurement,
            f.finance,
            f.other,
            fit.industry_points,
            z.under_100,
            z.from_100,
            z.from_1000,
            z.from_10000,
            fit.region_points,
        ] {
            within(Noun::FitRule, points.into(), 0, MAX_FIT_POINTS.into())?;
        }
        for list in [&fit.target_industries, &fit.target_regions] {
            within(Noun::FitRule, list.len() as i64, 0, MAX_TARGETS as i64)?;
            for name in list {
                let chars = name.chars().count() as i64;
                within(Noun::FitRule, chars, 0, MAX_TARGET_CHARS as i64)?;
            }
        }

        let g = &self.grades;
        for t in [g.a, g.b, g.c] {
            within(Noun::FitGrade, t.into(), 0, MAX_THRESHOLD.into())?;
        }
        // Strictly descending, read from the bottom: B above C, then A above B.
        let top = i64::from(MAX_THRESHOLD);
        within(Noun::FitGrade, g.b.into(), i64::from(g.c) + 1, top)?;
        within(Noun::FitGrade, g.a.into(), i64::from(g.b) + 1, top)?;

        let e = &self.engagement;
        within(
            Noun::ScoringSetting,
            e.half_life_days.into(),
            0,
            MAX_HALF_LIFE_DAYS.into(),
        )?;
        for kind in EngagementKind::ALL {
            let rule = e.get(kind);
            within(
                Noun::ScoringSetting,
                rule.weight.into(),
                (-MAX_WEIGHT).into(),
                MAX_WEIGHT.into(),
            )?;
            if let Some(cap) = rule.cap {
                within(Noun::ScoringSetting, cap.into(), 0, MAX_CAP.into())?;
            }
            if let Some(h) = rule.half_life_days {
                within(Noun::ScoringSetting, h.into(), 0, MAX_HALF_LIFE_DAYS.into())?;
            }
        }

        let m = self.mql.min_points_hundredths;
        if !(0..=MAX_MQL_POINTS * 100).contains(&m) {
            return Err(CoreError::SettingOutOfRange {
                what: Noun::ScoringSetting,
                value: if m < 0 {
                    m.div_euclid(100)
                } else {
                    (m + 99) / 100
                },
                min: 0,
                max: MAX_MQL_POINTS,
            });
        }
        Ok(())
    }

    /// Validates and precomputes what scoring needs, once per scorecard.
    pub fn prepare(&self) -> Result<Prepared> {
        Prepared::new(self)
    }
}

fn within(what: Noun, value: i64, min: i64, max: i64) -> Result<()> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(CoreError::SettingOutOfRange {
            what,
            value,
            min,
            max,
        })
    }
}

/// One kind's rule, ready for arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PreparedKind {
    pub(super) weight_hundredths: i64,
    /// The cap in hundredths; `i64::MAX` when there is none.
    pub(super) cap_hundredths: i64,
    /// Index into [`Prepared::tables`]; `None` when the kind does not decay.
    pub(super) table: Option<usize>,
}

/// A validated scorecard with everything per-scorecard computed once: points as lookup arrays,
/// target names trimmed and lowercased, one decay table per distinct half-life. Build it once,
/// then [`score`](super::score) as many leads as needed; scoring allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub(super) card: Scorecard,
    /// Indexed like `Seniority::{CLevel, VpDirector, Manager, Staff}`.
    pub(super) seniority: [u32; 4],
    /// Indexed like [`crate::Function::ALL`].
    pub(super) function: [u32; 6],
    /// Indexed like [`super::CompanySize::ALL`].
    pub(super) size: [u32; 4],
    /// Trimmed, ASCII-lowercased, non-empty; each keeps its index in the scorecard's list.
    pub(super) industries: Vec<(usize, String)>,
    pub(super) regions: Vec<(usize, String)>,
    pub(super) kinds: [PreparedKind; EngagementKind::COUNT],
    pub(super) tables: Vec<DecayTable>,
}

impl Prepared {
    pub fn new(card: &Scorecard) -> Result<Prepared> {
        card.validate()?;
        let fit = &card.fit;
        let s = &fit.seniority;
        let f = &fit.function;
        let z = &fit.company_size;
        let mut tables: Vec<DecayTable> = Vec::new();
        let kinds = EngagementKind::ALL.map(|kind| {
            let rule = card.engagement.get(kind);
            let half_life = card.engagement.half_life(kind);
            let table = (half_life > 0).then(|| {
                tables
                    .iter()
                    .position(|t| t.half_life == half_life)
                    .unwrap_or_else(|| {
                        tables.push(DecayTable::new(half_life));
                        tables.len() - 1
                    })
            });
            PreparedKind {
                weight_hundredths: i64::from(rule.weight) * 100,
                cap_hundredths: rule.cap.map_or(i64::MAX, |c| i64::from(c) * 100),
                table,
            }
        });
        Ok(Prepared {
            card: card.clone(),
            seniority: [s.c_level, s.vp_director, s.manager, s.staff],
            function: [
                f.business,
                f.technology,
                f.compliance_risk,
                f.procurement,
                f.finance,
                f.other,
            ],
            size: [z.under_100, z.from_100, z.from_1000, z.from_10000],
            industries: targets(&fit.target_industries),
            regions: targets(&fit.target_regions),
            kinds,
            tables,
        })
    }

    /// The scorecard this was prepared from.
    pub fn card(&self) -> &Scorecard {
        &self.card
    }
}

fn targets(list: &[String]) -> Vec<(usize, String)> {
    list.iter()
        .enumerate()
        .map(|(i, name)| (i, name.trim().to_ascii_lowercase()))
        .filter(|(_, name)| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out_of_range(what: Noun, value: i64, min: i64, max: i64) -> Result<()> {
        Err(CoreError::SettingOutOfRange {
            what,
            value,
            min,
            max,
        })
    }

    #[test]
    fn defaults_are_valid_and_match_the_brief() {
        let card = Scorecard::default();
        assert_eq!(card.validate(), Ok(()), "the defaults must validate");
        assert_eq!(card.fit.seniority.c_level, 30);
        assert_eq!(card.fit.function.compliance_risk, 15);
        assert_eq!(card.fit.target_industries, ["银行", "证券", "保险", "基金"]);
        assert!(card.fit.target_regions.is_empty(), "region rule starts off");
        assert_eq!(
            card.grades,
            GradeThresholds {
                a: 70,
                b: 50,
                c: 30
            }
        );
        assert_eq!(card.engagement.half_life_days, 90);
        assert_eq!(card.engagement.no_show.weight, -10);
        assert_eq!(card.engagement.whitepaper.cap, Some(24));
        assert_eq!(card.engagement.visit.cap, None);
        assert_eq!(card.mql.min_grade, Grade::B);
        assert_eq!(card.mql.min_points_hundredths, 4000);
    }

    #[test]
    fn reset_restores_the_defaults() {
        let mut card = Scorecard::default();
        card.engagement.visit.weight = 99;
        card.fit.target_regions.push("上海".into());
        card.reset();
        assert_eq!(card, Scorecard::default(), "reset must undo every edit");
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        let mut card = Scorecard::default();
        card.fit.seniority.c_level = 101;
        assert_eq!(card.validate(), out_of_range(Noun::FitRule, 101, 0, 100));

        let mut card = Scorecard::default();
        card.engagement.no_show.weight = -101;
        assert_eq!(
            card.validate(),
            out_of_range(Noun::ScoringSetting, -101, -100, 100)
        );

        let mut card = Scorecard::default();
        card.engagement.email.cap = Some(1001);
        assert_eq!(
            card.validate(),
            out_of_range(Noun::ScoringSetting, 1001, 0, 1000)
        );

        let mut card = Scorecard::default();
        card.engagement.half_life_days = 3651;
        assert_eq!(
            card.validate(),
            out_of_range(Noun::ScoringSetting, 3651, 0, 3650)
        );

        let mut card = Scorecard::default();
        card.engagement.visit.half_life_days = Some(5000);
        assert_eq!(
            card.validate(),
            out_of_range(Noun::ScoringSetting, 5000, 0, 3650)
        );

        let mut card = Scorecard::default();
        card.grades.a = 201;
        assert_eq!(card.validate(), out_of_range(Noun::FitGrade, 201, 0, 200));

        let mut card = Scorecard::default();
        card.mql.min_points_hundredths = 100_001;
        assert_eq!(
            card.validate(),
            out_of_range(Noun::ScoringSetting, 1001, 0, 1000),
            "reported in points, rounded outwards"
        );
        card.mql.min_points_hundredths = -1;
        assert_eq!(
            card.validate(),
            out_of_range(Noun::ScoringSetting, -1, 0, 1000)
        );

        let mut card = Scorecard::default();
        card.fit.target_industries = vec!["行".repeat(51)];
        assert_eq!(card.validate(), out_of_range(Noun::FitRule, 51, 0, 50));
        card.fit.target_industries = vec!["银行".into(); 101];
        assert_eq!(card.validate(), out_of_range(Noun::FitRule, 101, 0, 100));

        let mut card = Scorecard::default();
        card.engagement.whitepaper.weight = 100;
        card.engagement.no_show.weight = -100;
        card.engagement.email.cap = Some(0);
        card.engagement.half_life_days = 0;
        assert_eq!(card.validate(), Ok(()), "the bounds themselves are allowed");
        assert!(card.prepare().is_ok());
    }

    #[test]
    fn thresholds_must_descend() {
        let mut card = Scorecard {
            grades: GradeThresholds {
                a: 70,
                b: 70,
                c: 30,
            },
            ..Scorecard::default()
        };
        assert_eq!(
            card.validate(),
            out_of_range(Noun::FitGrade, 70, 71, 200),
            "A must be above B"
        );
        card.grades = GradeThresholds {
            a: 70,
            b: 50,
            c: 60,
        };
        assert_eq!(
            card.validate(),
            out_of_range(Noun::FitGrade, 50, 61, 200),
            "B must be above C"
        );
        card.grades = GradeThresholds { a: 2, b: 1, c: 0 };
        assert_eq!(
            card.validate(),
            Ok(()),
            "the tightest descending thresholds"
        );
        card.grades = GradeThresholds { a: 0, b: 0, c: 0 };
        assert!(card.validate().is_err(), "all equal is not descending");
    }

    #[test]
    fn prepare_refuses_an_invalid_card() {
        let mut card = Scorecard::default();
        card.engagement.half_life_days = u32::MAX;
        assert!(
            card.prepare().is_err(),
            "a huge half-life must not build a huge table"
        );
    }

    #[test]
    fn prepare_shares_one_table_per_half_life() {
        let mut card = Scorecard::default();
        card.engagement.visit.half_life_days = Some(180);
        card.engagement.email.half_life_days = Some(180);
        card.engagement.meeting.half_life_days = Some(0);
        let p = card.prepare().expect("valid card");
        assert_eq!(p.tables.len(), 2, "90 and 180 days, one table each");
        assert_eq!(p.kinds[EngagementKind::Meeting as usize].table, None);
        assert_eq!(p.card(), &card);
    }

    #[test]
    fn json_round_trips() {
        let mut card = Scorecard::default();
        card.fit.target_regions = vec!["上海".into(), "广东".into()];
        card.engagement.visit.half_life_days = Some(180);
        card.mql.min_grade = Grade::A;
        let json = serde_json::to_string(&card).expect("serializes");
        let back: Scorecard = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, card, "JSON must round-trip exactly");
    }

    #[test]
    fn an_older_json_missing_fields_still_loads() {
        let json = r#"{
            "fit": { "seniority": { "c_level": 40 }, "target_industries": ["制造业"] },
            "engagement": { "visit": { "weight": 30 } }
        }"#;
        let card: Scorecard = serde_json::from_str(json).expect("older JSON loads");
        let d = Scorecard::default();
        assert_eq!(card.fit.seniority.c_level, 40, "given field kept");
        assert_eq!(card.fit.seniority.vp_director, 25, "missing field defaults");
        assert_eq!(card.fit.target_industries, ["制造业"]);
        assert_eq!(card.fit.industry_points, 20);
        assert_eq!(card.grades, d.grades, "missing section defaults");
        assert_eq!(card.engagement.visit.weight, 30);
        assert_eq!(card.engagement.half_life_days, 90);
        assert_eq!(card.engagement.whitepaper, d.engagement.whitepaper);
        assert_eq!(card.mql, d.mql);
        let empty: Scorecard = serde_json::from_str("{}").expect("empty object loads");
        assert_eq!(empty, d, "an empty object is the defaults");
    }

    #[test]
    fn mql_rule_reads_as_a_sentence() {
        let rule = MqlRule::default();
        assert_eq!(rule.describe(Lang::ZhCn), "匹配等级 ≥ B 且互动分 ≥ 40");
        assert_eq!(
            rule.describe(Lang::En),
            "fit grade ≥ B and engagement ≥ 40 points"
        );
        let rule = MqlRule {
            min_grade: Grade::D,
            min_points_hundredths: 2550,
        };
        assert_eq!(rule.describe(Lang::ZhCn), "互动分 ≥ 25.5（不限匹配等级）");
        assert!(MqlRule::default().qualifies(Grade::A, 4000));
        assert!(MqlRule::default().qualifies(Grade::B, 4000));
        assert!(
            !MqlRule::default().qualifies(Grade::C, 10_000),
            "grade too low"
        );
        assert!(
            !MqlRule::default().qualifies(Grade::A, 3999),
            "points too low"
        );
    }
}
