//! The scorecard: which criteria an event is judged on and how much each counts. The defaults
//! encode the seed author's brief; every number is editable per workspace and one click resets it.

use serde::{Deserialize, Serialize};

use crate::{CoreError, Function, Lang, Noun, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// 部门对口: the room is the buying centre (业务, 科技, 合规, 采购).
    DepartmentMatch,
    /// 决策层: C-level and VP/directors present.
    DecisionMakers,
    /// 精准度: the room's industries are ours (precision over size).
    Precision,
    /// 发言与干货: our time on stage, a roundtable; 2h+ of substance beats a 30-minute slot.
    TalkSubstance,
    /// 主办方资源: the organiser's real industry resources.
    OrganiserResources,
    /// 竞品干扰: competitors' sales in the room (fewer is better).
    CompetitorNoise,
    /// 品牌曝光: how many see us, booth and award.
    Exposure,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::DepartmentMatch,
        Criterion::DecisionMakers,
        Criterion::Precision,
        Criterion::TalkSubstance,
        Criterion::OrganiserResources,
        Criterion::CompetitorNoise,
        Criterion::Exposure,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Criterion::DepartmentMatch => "department_match",
            Criterion::DecisionMakers => "decision_makers",
            Criterion::Precision => "precision",
            Criterion::TalkSubstance => "talk_substance",
            Criterion::OrganiserResources => "organiser_resources",
            Criterion::CompetitorNoise => "competitor_noise",
            Criterion::Exposure => "exposure",
        }
    }

    pub fn from_code(code: &str) -> Result<Criterion> {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::Criterion,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Criterion::DepartmentMatch => lang.pick("部门对口", "Department match"),
            Criterion::DecisionMakers => lang.pick("决策层占比", "Decision-makers"),
            Criterion::Precision => lang.pick("行业精准度", "Industry precision"),
            Criterion::TalkSubstance => lang.pick("发言时长与干货", "Talk time & substance"),
            Criterion::OrganiserResources => lang.pick("主办方行业资源", "Organiser resources"),
            Criterion::CompetitorNoise => lang.pick("竞品干扰(越少越好)", "Competitor noise"),
            Criterion::Exposure => lang.pick("品牌曝光", "Brand exposure"),
        }
    }

    /// Whether the criterion is part of the lead value (获客价值); the others make the brand value.
    pub fn feeds_lead_value(self) -> bool {
        !matches!(self, Criterion::Exposure)
    }
}

/// Points per criterion. A named field each, so no criterion can be missing or twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    pub department_match: u32,
    pub decision_makers: u32,
    pub precision: u32,
    pub talk_substance: u32,
    pub organiser_resources: u32,
    pub competitor_noise: u32,
    pub exposure: u32,
}

impl Default for Weights {
    /// Department match and decision-makers count most (the author: 找对部门，找对人); precision
    /// and substance next; the organiser's resources and competitor noise after; exposure last,
    /// since leads are what the events budget is spent for.
    fn default() -> Weights {
        Weights {
            department_match: 25,
            decision_makers: 20,
            precision: 15,
            talk_substance: 15,
            organiser_resources: 10,
            competitor_noise: 5,
            exposure: 10,
        }
    }
}

impl Weights {
    pub fn get(&self, c: Criterion) -> u32 {
        match c {
            Criterion::DepartmentMatch => self.department_match,
            Criterion::DecisionMakers => self.decision_makers,
            Criterion::Precision => self.precision,
            Criterion::TalkSubstance => self.talk_substance,
            Criterion::OrganiserResources => self.organiser_resources,
            Criterion::CompetitorNoise => self.competitor_noise,
            Criterion::Exposure => self.exposure,
        }
    }

    pub fn total(&self) -> u32 {
        Criterion::ALL.iter().map(|&c| self.get(c)).sum()
    }
}

/// How this workspace scores events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub weights: Weights,
    /// The departments that buy from us (采购中心). Seed 000: business owner, IT, compliance,
    /// procurement.
    pub buying_centre: Vec<Function>,
    /// Our industries; an event's industries are matched against them.
    #[serde(default)]
    pub target_industries: Vec<String>,
    /// Below this share of decision-makers a salon is only worth going to occasionally (seed
    /// 000: 层级级别较低…偶尔参与几场即可), in basis points.
    pub low_seniority_bp: u32,
    /// How many qualified contacts a brand value of 100 is worth when the portfolio adds events
    /// up. Brand and leads are different goods; this is the exchange rate the user agrees to.
    pub brand_equivalent: u32,
    /// How many events' worth the type's default counts for against an organiser's own record
    /// (shrinkage: with k = 2, two past events weigh as much as the default).
    pub history_weight: u32,
}

impl Default for Scorecard {
    fn default() -> Scorecard {
        Scorecard {
            weights: Weights::default(),
            buying_centre: vec![
                Function::Business,
                Function::Technology,
                Function::ComplianceRisk,
                Function::Procurement,
            ],
            target_industries: Vec::new(),
            low_seniority_bp: 2000,
            brand_equivalent: 10,
            history_weight: 2,
        }
    }
}

impl Scorecard {
    pub fn validate(&self) -> Result<()> {
        use crate::events::EventField;
        for c in Criterion::ALL {
            let w = self.weights.get(c);
            if w > 100 {
                return Err(CoreError::OutOfRange {
                    field: EventField::Weight,
                    value: w.into(),
                    min: 0,
                    max: 100,
                });
            }
        }
        if self.weights.total() == 0 {
            return Err(CoreError::ZeroWeights);
        }
        if self.low_seniority_bp > 10_000 {
            return Err(CoreError::InvalidShare {
                input: format!("{}", self.low_seniority_bp / 100),
            });
        }
        if self.brand_equivalent > 1000 {
            return Err(CoreError::OutOfRange {
                field: EventField::BrandEquivalent,
                value: self.brand_equivalent.into(),
                min: 0,
                max: 1000,
            });
        }
        if self.history_weight > 50 {
            return Err(CoreError::OutOfRange {
                field: EventField::HistoryWeight,
                value: self.history_weight.into(),
                min: 0,
                max: 50,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_put_department_and_decision_makers_first() {
        let w = Weights::default();
        let mut by_weight = Criterion::ALL.to_vec();
        by_weight.sort_by_key(|&c| std::cmp::Reverse(w.get(c)));
        assert_eq!(
            &by_weight[..2],
            &[Criterion::DepartmentMatch, Criterion::DecisionMakers]
        );
        assert_eq!(w.total(), 100);
        assert!(Scorecard::default().validate().is_ok());
    }

    #[test]
    fn all_zero_weights_are_refused() {
        let s = Scorecard {
            weights: Weights {
                department_match: 0,
                decision_makers: 0,
                precision: 0,
                talk_substance: 0,
                organiser_resources: 0,
                competitor_noise: 0,
                exposure: 0,
            },
            ..Scorecard::default()
        };
        assert_eq!(s.validate(), Err(CoreError::ZeroWeights));
    }
}
