//! Scoring a candidate event: the criteria of the scorecard, the expected qualified contacts in
//! people, the cost per qualified contact, and a sentence for every number.

use serde::Serialize;

use super::advice::{advise, Advice};
use super::organiser::Calibration;
use super::scorecard::{Criterion, Scorecard};
use super::EventInputs;
use crate::{EventKind, Lang, Money, Share};

/// Assumed when the organiser gave no department breakdown: under a third of a typical room is
/// the buying centre. Unknown is scored as mediocre, never as good.
const ASSUMED_DEPARTMENT_MATCH: f64 = 0.3;
/// Assumed decision-makers share without a seniority mix.
const ASSUMED_DECISION_MAKERS: f64 = 0.2;
/// Assumed industry match without industries.
const ASSUMED_INDUSTRY_MATCH: f64 = 0.5;
/// A room where this share is the buying centre scores full marks on department match.
const FULL_DEPARTMENT_MATCH: f64 = 0.6;
/// …and this share of decision-makers full marks on seniority.
const FULL_DECISION_MAKERS: f64 = 0.4;
/// Minutes of talk for full marks: the author's "2 小时起步" training sessions.
const FULL_TALK_MINUTES: f64 = 120.0;
/// Competitors' sales at which competitor noise has halved the score.
const HALF_NOISE_COMPETITORS: f64 = 3.0;
/// People a team of about five (seed 000) can really talk to at one event: a booth at an expo of
/// 20,000 does not meet 3,000 of them.
const MAX_ENGAGED: f64 = 300.0;
/// A room this big gets full marks for size in exposure (log scale: an expo of 100k).
const FULL_EXPOSURE_SIZE: f64 = 100_000.0;

/// A criterion's part of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub criterion: Criterion,
    /// 0–1: how well the event does on it.
    pub value: f64,
    /// The points it can add to the 0–100 total (its weight's share).
    pub max_points: f64,
    pub points: f64,
    /// What the value was read from, for the sentence.
    pub basis: Basis,
}

/// What a criterion's value came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    /// A share of the room (department match, decision-makers, industries), as entered.
    Share {
        share: f64,
    },
    /// Not entered: the share assumed instead.
    Assumed {
        share: f64,
    },
    Talk {
        minutes: u32,
        roundtable: bool,
        self_hosted: bool,
    },
    Organiser {
        rating: u8,
    },
    Competitors {
        count: u32,
    },
    Exposure {
        size: u32,
        booth: bool,
        award: bool,
    },
}

/// Everything the event page and the compare view show for one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventScore {
    /// 0–100: the weighted criteria.
    pub total: f64,
    /// 0–100: the criteria that bring leads (获客价值).
    pub lead_value: f64,
    /// 0–100: exposure 60%, organiser 25%, stage time 15% (品牌价值).
    pub brand_value: f64,
    pub criteria: Vec<CriterionScore>,
    /// Share of the room we get to talk to.
    pub reach: f64,
    /// Decision-makers of the buying centre from our industries we expect to meet: people, not
    /// headcount. Already multiplied by the organiser's calibration.
    pub qualified_contacts: f64,
    pub calibration: Calibration,
    /// The cost over the qualified contacts; None without a cost or when almost nobody qualifies.
    pub cost_per_qualified: Option<Money>,
    /// What the portfolio adds up: qualified contacts plus the brand value at the scorecard's
    /// exchange rate, in hundredths of a contact.
    pub portfolio_value: u64,
    pub advice: Advice,
}

/// Below this many expected qualified contacts a cost per contact is not a number to show.
const MIN_QUALIFIED_FOR_RATIO: f64 = 0.5;

pub fn score(inputs: &EventInputs, card: &Scorecard, calibration: Calibration) -> EventScore {
    let kind = inputs.kind;
    let package = inputs.package;
    let department = inputs.department_match(&card.buying_centre).map(share_f64);
    let decision_makers = (!inputs.audience.seniority.is_unknown())
        .then(|| share_f64(inputs.audience.seniority.decision_makers()));
    let industry = inputs.industry_match(&card.target_industries);

    let share_basis = |known: Option<f64>, assumed: f64| match known {
        Some(share) => (share, Basis::Share { share }),
        None => (assumed, Basis::Assumed { share: assumed }),
    };
    let (department_share, department_basis) = share_basis(department, ASSUMED_DEPARTMENT_MATCH);
    let (dm_share, dm_basis) = share_basis(decision_makers, ASSUMED_DECISION_MAKERS);
    let (industry_share, industry_basis) = share_basis(industry, ASSUMED_INDUSTRY_MATCH);

    let talk_value = if kind.is_self_hosted() {
        // The whole agenda is ours.
        1.0
    } else {
        let minutes = f64::from(package.talk_minutes);
        let talk = (minutes / FULL_TALK_MINUTES).min(1.0).powf(0.7);
        (talk + if package.roundtable { 0.15 } else { 0.0 }).min(1.0)
    };
    let organiser_value = f64::from(inputs.organiser_resources.clamp(1, 5) - 1) / 4.0;
    let noise_value = 1.0 / (1.0 + f64::from(inputs.competitors) / HALF_NOISE_COMPETITORS);
    let size = f64::from(inputs.expected_size.max(1));
    let size_value = (size.log10() / FULL_EXPOSURE_SIZE.log10()).clamp(0.0, 1.0);
    let exposure_value = 0.45 * size_value
        + 0.25 * kind.profile().brand_weight
        + if package.booth { 0.1 } else { 0.0 }
        + if package.award { 0.1 } else { 0.0 }
        + if package.talk_minutes > 0 || kind.is_self_hosted() {
            0.1
        } else {
            0.0
        };

    let values = [
        (
            Criterion::DepartmentMatch,
            (department_share / FULL_DEPARTMENT_MATCH).min(1.0),
            department_basis,
        ),
        (
            Criterion::DecisionMakers,
            (dm_share / FULL_DECISION_MAKERS).min(1.0),
            dm_basis,
        ),
        (Criterion::Precision, industry_share, industry_basis),
        (
            Criterion::TalkSubstance,
            talk_value,
            Basis::Talk {
                minutes: package.talk_minutes,
                roundtable: package.roundtable,
                self_hosted: kind.is_self_hosted(),
            },
        ),
        (
            Criterion::OrganiserResources,
            organiser_value,
            Basis::Organiser {
                rating: inputs.organiser_resources,
            },
        ),
        (
            Criterion::CompetitorNoise,
            noise_value,
            Basis::Competitors {
                count: inputs.competitors,
            },
        ),
        (
            Criterion::Exposure,
            exposure_value.min(1.0),
            Basis::Exposure {
                size: inputs.expected_size,
                booth: package.booth,
                award: package.award,
            },
        ),
    ];
    let total_weight = f64::from(card.weights.total().max(1));
    let criteria: Vec<CriterionScore> = values
        .into_iter()
        .map(|(criterion, value, basis)| {
            let max_points = 100.0 * f64::from(card.weights.get(criterion)) / total_weight;
            CriterionScore {
                criterion,
                value,
                max_points,
                points: value * max_points,
                basis,
            }
        })
        .collect();
    let total = criteria.iter().map(|c| c.points).sum::<f64>();
    let lead_weight: f64 = criteria
        .iter()
        .filter(|c| c.criterion.feeds_lead_value())
        .map(|c| c.max_points)
        .sum();
    let lead_value = if lead_weight > 0.0 {
        100.0
            * criteria
                .iter()
                .filter(|c| c.criterion.feeds_lead_value())
                .map(|c| c.points)
                .sum::<f64>()
            / lead_weight
    } else {
        0.0
    };
    let brand_value =
        100.0 * (0.6 * exposure_value.min(1.0) + 0.25 * organiser_value + 0.15 * talk_value);

    let reach = reach(kind, package);
    let engaged = (size * reach).min(MAX_ENGAGED);
    let qualified_contacts =
        engaged * department_share * dm_share * industry_share * calibration.factor;
    let cost_per_qualified = (inputs.cost > Money::ZERO
        && qualified_contacts >= MIN_QUALIFIED_FOR_RATIO)
        .then(|| Money::from_fen((inputs.cost.fen() as f64 / qualified_contacts).round() as i64));
    let portfolio_value =
        ((qualified_contacts + brand_value / 100.0 * f64::from(card.brand_equivalent)) * 100.0)
            .round()
            .max(0.0) as u64;
    let advice = advise(
        inputs,
        card,
        &Reading {
            lead_value,
            brand_value,
            department,
            decision_makers,
        },
    );
    EventScore {
        total,
        lead_value,
        brand_value,
        criteria,
        reach,
        qualified_contacts,
        calibration,
        cost_per_qualified,
        portfolio_value,
        advice,
    }
}

/// What the advice reads from the score.
pub(crate) struct Reading {
    pub lead_value: f64,
    pub brand_value: f64,
    /// Entered shares only: advice never rests on an assumption.
    pub department: Option<f64>,
    pub decision_makers: Option<f64>,
}

/// The share of the room we talk to: the type's default, closed halfway to everyone by an
/// attendee list (we can call them after), and a tenth of the rest each by a booth (people come
/// to us) and a talk (people come after it).
fn reach(kind: EventKind, package: super::Package) -> f64 {
    let mut reach = kind.profile().reach;
    if package.attendee_list {
        reach += (1.0 - reach) * 0.5;
    }
    if package.booth {
        reach += (1.0 - reach) * 0.1;
    }
    if package.talk_minutes > 0 {
        reach += (1.0 - reach) * 0.1;
    }
    reach
}

fn share_f64(s: Share) -> f64 {
    f64::from(s.basis_points()) / 10_000.0
}

impl CriterionScore {
    /// `部门对口：对口部门占 65%，得 25.0 分中的 25.0 分。`
    pub fn sentence(&self, lang: Lang) -> String {
        let name = self.criterion.name(lang);
        let pct = |s: f64| format!("{:.0}%", s * 100.0);
        let basis = match (&self.basis, lang) {
            (Basis::Share { share }, Lang::ZhCn) => match self.criterion {
                Criterion::DepartmentMatch => format!("采购中心对口部门占 {}", pct(*share)),
                Criterion::DecisionMakers => format!("决策层(C 级与 VP/总监)占 {}", pct(*share)),
                _ => format!("活动所列行业中 {} 是我们的行业", pct(*share)),
            },
            (Basis::Share { share }, Lang::En) => match self.criterion {
                Criterion::DepartmentMatch => {
                    format!("{} of the room is our buying centre", pct(*share))
                }
                Criterion::DecisionMakers => {
                    format!("{} are decision-makers (C-level, VP/director)", pct(*share))
                }
                _ => format!("{} of the event's industries are ours", pct(*share)),
            },
            (Basis::Assumed { share }, Lang::ZhCn) => {
                format!("未填写，按 {} 估计——请向主办方要参会构成", pct(*share))
            }
            (Basis::Assumed { share }, Lang::En) => {
                format!(
                    "not entered, {} assumed — ask the organiser for the breakdown",
                    pct(*share)
                )
            }
            (
                Basis::Talk {
                    self_hosted: true, ..
                },
                Lang::ZhCn,
            ) => "自办活动，议程由我们定".into(),
            (
                Basis::Talk {
                    self_hosted: true, ..
                },
                Lang::En,
            ) => "our own event: the agenda is ours".into(),
            (
                Basis::Talk {
                    minutes,
                    roundtable,
                    ..
                },
                Lang::ZhCn,
            ) => format!(
                "发言 {minutes} 分钟{}（满分需 2 小时的实打实分享）",
                if *roundtable { "，另有圆桌" } else { "" }
            ),
            (
                Basis::Talk {
                    minutes,
                    roundtable,
                    ..
                },
                Lang::En,
            ) => format!(
                "{minutes} minutes on stage{} (full marks take a 2-hour session of substance)",
                if *roundtable {
                    ", plus a roundtable"
                } else {
                    ""
                }
            ),
            (Basis::Organiser { rating }, Lang::ZhCn) => format!("主办方行业资源评 {rating} / 5"),
            (Basis::Organiser { rating }, Lang::En) => format!("organiser rated {rating} / 5"),
            (Basis::Competitors { count }, Lang::ZhCn) => {
                if *count == 0 {
                    "预计没有竞品销售在场".into()
                } else {
                    format!("预计 {count} 位竞品销售在场，会分走注意力")
                }
            }
            (Basis::Competitors { count }, Lang::En) => {
                if *count == 0 {
                    "no competitors' sales expected".into()
                } else {
                    format!("{count} competitors' sales expected in the room")
                }
            }
            (Basis::Exposure { size, booth, award }, Lang::ZhCn) => format!(
                "约 {size} 人{}{}",
                if *booth { "，有展台" } else { "" },
                if *award { "，有奖项" } else { "" }
            ),
            (Basis::Exposure { size, booth, award }, Lang::En) => format!(
                "about {size} people{}{}",
                if *booth { ", a booth" } else { "" },
                if *award { ", an award" } else { "" }
            ),
        };
        match lang {
            Lang::ZhCn => format!(
                "{name}：{basis}，得 {:.1} 分（满分 {:.1}）。",
                self.points, self.max_points
            ),
            Lang::En => format!(
                "{name}: {basis}; {:.1} of {:.1} points.",
                self.points, self.max_points
            ),
        }
    }
}

impl EventScore {
    /// How the qualified contacts were reached, in one sentence.
    pub fn qualified_sentence(&self, inputs: &EventInputs, card: &Scorecard, lang: Lang) -> String {
        let share = |known: Option<f64>, assumed: f64| known.unwrap_or(assumed) * 100.0;
        let department = share(
            inputs.department_match(&card.buying_centre).map(share_f64),
            ASSUMED_DEPARTMENT_MATCH,
        );
        let dm = share(
            (!inputs.audience.seniority.is_unknown())
                .then(|| share_f64(inputs.audience.seniority.decision_makers())),
            ASSUMED_DECISION_MAKERS,
        );
        let industry = share(
            inputs.industry_match(&card.target_industries),
            ASSUMED_INDUSTRY_MATCH,
        );
        let capped = f64::from(inputs.expected_size) * self.reach > MAX_ENGAGED;
        let cap = match (capped, lang) {
            (false, _) => String::new(),
            (true, Lang::ZhCn) => {
                format!("（一支团队在一场活动中约能深谈 {MAX_ENGAGED} 人，按此封顶）")
            }
            (true, Lang::En) => {
                format!(" (a team talks to about {MAX_ENGAGED} people at one event; capped there)")
            }
        };
        let calibrated = if self.calibration.observed.is_some() {
            format!(" × {:.0}%", self.calibration.factor * 100.0)
        } else {
            String::new()
        };
        match lang {
            Lang::ZhCn => format!(
                "预计合格联系人 {:.1} 人 = {} 人 × 接触 {:.0}%{cap} × 对口部门 {department:.0}% × 决策层 {dm:.0}% × 行业 {industry:.0}%{calibrated}。",
                self.qualified_contacts,
                inputs.expected_size,
                self.reach * 100.0
            ),
            Lang::En => format!(
                "Expected qualified contacts {:.1} = {} people × {:.0}% reached{cap} × {department:.0}% buying centre × {dm:.0}% decision-makers × {industry:.0}% our industries{calibrated}.",
                self.qualified_contacts,
                inputs.expected_size,
                self.reach * 100.0
            ),
        }
    }
}
