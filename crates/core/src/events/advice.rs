//! The recommendation in the seed author's words (seed 000), from the event's type and what the
//! score read, with the reasons behind it.

use serde::{Deserialize, Serialize};

use super::score::Reading;
use super::scorecard::Scorecard;
use super::EventInputs;
use crate::{CoreError, EventKind, Lang, Noun, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// 大力赞助
    Strong,
    /// 积极赞助
    Active,
    /// 偶尔参与即可
    Occasional,
    /// 每年一场即可
    OncePerYear,
    /// 以品牌曝光为主
    BrandExposure,
    /// 不建议
    NotRecommended,
}

impl Recommendation {
    pub const ALL: [Recommendation; 6] = [
        Recommendation::Strong,
        Recommendation::Active,
        Recommendation::Occasional,
        Recommendation::OncePerYear,
        Recommendation::BrandExposure,
        Recommendation::NotRecommended,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Recommendation::Strong => "strong",
            Recommendation::Active => "active",
            Recommendation::Occasional => "occasional",
            Recommendation::OncePerYear => "once_per_year",
            Recommendation::BrandExposure => "brand_exposure",
            Recommendation::NotRecommended => "not_recommended",
        }
    }

    pub fn from_code(code: &str) -> Result<Recommendation> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::Recommendation,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Recommendation::Strong => lang.pick("大力赞助", "Sponsor strongly"),
            Recommendation::Active => lang.pick("积极赞助", "Sponsor actively"),
            Recommendation::Occasional => lang.pick("偶尔参与即可", "Only occasionally"),
            Recommendation::OncePerYear => lang.pick("每年一场即可", "One a year is enough"),
            Recommendation::BrandExposure => lang.pick("以品牌曝光为主", "Mostly brand exposure"),
            Recommendation::NotRecommended => lang.pick("不建议", "Not recommended"),
        }
    }
}

/// Why the recommendation is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum AdviceReason {
    /// The type's line in the author's table.
    TypeRule { kind: EventKind },
    /// Few decision-makers: a salon only occasionally.
    LowSeniority { share: f64, threshold: f64 },
    /// The buying centre is under half the room.
    DepartmentsMiss { share: f64 },
    /// No department breakdown: the condition of the author's advice is unchecked.
    DepartmentsUnknown,
    /// The lead value is too low to pay for.
    LowLeadValue { value: f64 },
    /// The brand value is too low for a brand-only event.
    LowBrandValue { value: f64 },
    /// A training with less than the author's two hours.
    ShortTraining { minutes: u32 },
    /// Our own event needs invitation power; the rating says it is weak.
    WeakInvitations { rating: u8 },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    pub recommendation: Recommendation,
    pub reasons: Vec<AdviceReason>,
}

/// Below this lead value an event sold for leads is not worth the money.
const MIN_LEAD_VALUE: f64 = 40.0;
/// Below this brand value an event sold for exposure is not worth it.
const MIN_BRAND_VALUE: f64 = 30.0;
/// Half the room in the buying centre: the author's 部门对口.
const DEPARTMENTS_MATCH: f64 = 0.5;

pub(crate) fn advise(inputs: &EventInputs, card: &Scorecard, r: &Reading) -> Advice {
    use AdviceReason as Why;
    use Recommendation as R;
    let kind = inputs.kind;
    let mut reasons = vec![Why::TypeRule { kind }];
    let threshold = f64::from(card.low_seniority_bp) / 10_000.0;
    let low_seniority = r.decision_makers.filter(|&s| s < threshold);
    let departments = |reasons: &mut Vec<Why>| match r.department {
        Some(share) if share < DEPARTMENTS_MATCH => {
            reasons.push(Why::DepartmentsMiss { share });
            false
        }
        Some(_) => true,
        None => {
            reasons.push(Why::DepartmentsUnknown);
            false
        }
    };
    let for_leads = |reasons: &mut Vec<Why>| {
        if r.lead_value < MIN_LEAD_VALUE {
            reasons.push(Why::LowLeadValue {
                value: r.lead_value,
            });
            false
        } else {
            true
        }
    };
    let recommendation = match kind {
        EventKind::Summit | EventKind::Expo => {
            if r.brand_value < MIN_BRAND_VALUE {
                reasons.push(Why::LowBrandValue {
                    value: r.brand_value,
                });
                R::NotRecommended
            } else if kind == EventKind::Summit {
                R::OncePerYear
            } else {
                R::BrandExposure
            }
        }
        EventKind::Salon | EventKind::SelfHostedSalon => {
            if let Some(share) = low_seniority {
                reasons.push(Why::LowSeniority { share, threshold });
                R::Occasional
            } else if !for_leads(&mut reasons) {
                R::NotRecommended
            } else if departments(&mut reasons) {
                R::Strong
            } else {
                R::Active
            }
        }
        EventKind::Forum => {
            if !for_leads(&mut reasons) {
                R::NotRecommended
            } else if departments(&mut reasons) {
                R::Active
            } else if r.department.is_none() {
                // The author's condition is unchecked, not failed: keep the advice, say so.
                R::Active
            } else {
                R::Occasional
            }
        }
        EventKind::SelfHosted => {
            if inputs.organiser_resources <= 2 {
                reasons.push(Why::WeakInvitations {
                    rating: inputs.organiser_resources,
                });
                R::Active
            } else {
                R::Strong
            }
        }
        EventKind::Training => {
            if !for_leads(&mut reasons) {
                R::NotRecommended
            } else if inputs.package.talk_minutes < 120 {
                reasons.push(Why::ShortTraining {
                    minutes: inputs.package.talk_minutes,
                });
                R::Active
            } else {
                R::Strong
            }
        }
        EventKind::Webinar => {
            if !for_leads(&mut reasons) {
                R::NotRecommended
            } else if r.lead_value >= 60.0 {
                R::Active
            } else {
                R::Occasional
            }
        }
    };
    Advice {
        recommendation,
        reasons,
    }
}

impl AdviceReason {
    pub fn sentence(&self, lang: Lang) -> String {
        let pct = |s: f64| format!("{:.0}%", s * 100.0);
        match (self, lang) {
            (AdviceReason::TypeRule { kind }, _) => type_rule(*kind, lang).into(),
            (AdviceReason::LowSeniority { share, threshold }, Lang::ZhCn) => format!(
                "参会层级偏低：决策层只占 {}（低于 {}），作者的建议是不用花大力气，偶尔参与几场即可。",
                pct(*share),
                pct(*threshold)
            ),
            (AdviceReason::LowSeniority { share, threshold }, Lang::En) => format!(
                "Low seniority: decision-makers are {} of the room (under {}); the author says go only occasionally.",
                pct(*share),
                pct(*threshold)
            ),
            (AdviceReason::DepartmentsMiss { share }, Lang::ZhCn) => format!(
                "部门不够对口：采购中心部门只占 {}，不到一半。",
                pct(*share)
            ),
            (AdviceReason::DepartmentsMiss { share }, Lang::En) => format!(
                "Departments miss: the buying centre is {} of the room, under half.",
                pct(*share)
            ),
            (AdviceReason::DepartmentsUnknown, Lang::ZhCn) => {
                "未填写参会部门构成：作者的建议以部门对口为前提，赞助前请向主办方确认。".into()
            }
            (AdviceReason::DepartmentsUnknown, Lang::En) => {
                "No department breakdown: the author's advice assumes the departments match; confirm with the organiser first.".into()
            }
            (AdviceReason::LowLeadValue { value }, Lang::ZhCn) => {
                format!("获客价值只有 {value:.0} 分（低于 40），不值得为线索花这笔钱。")
            }
            (AdviceReason::LowLeadValue { value }, Lang::En) => {
                format!("Lead value is only {value:.0} (under 40): not worth the money for leads.")
            }
            (AdviceReason::LowBrandValue { value }, Lang::ZhCn) => {
                format!("品牌价值只有 {value:.0} 分（低于 30），曝光也不值得。")
            }
            (AdviceReason::LowBrandValue { value }, Lang::En) => {
                format!("Brand value is only {value:.0} (under 30): not worth it for exposure either.")
            }
            (AdviceReason::ShortTraining { minutes }, Lang::ZhCn) => format!(
                "只有 {minutes} 分钟：作者看重的是 2 小时起步的专业授课，不是 30 分钟的赞助发言。"
            ),
            (AdviceReason::ShortTraining { minutes }, Lang::En) => format!(
                "Only {minutes} minutes: the author values 2-hour sessions, not 30-minute sponsor slots."
            ),
            (AdviceReason::WeakInvitations { rating }, Lang::ZhCn) => format!(
                "邀约能力评 {rating} / 5：自办要有客户基础和邀约能力，先借助协会或邀请机构。"
            ),
            (AdviceReason::WeakInvitations { rating }, Lang::En) => format!(
                "Invitation power rated {rating} / 5: an own event needs a customer base and invitations; borrow an association's or an agency's."
            ),
        }
    }
}

/// The author's line for the type (seed 000), as the user reads it.
fn type_rule(kind: EventKind, lang: Lang) -> &'static str {
    match kind {
        EventKind::Summit => lang.pick(
            "峰会：300 人以上的泛人群，混进来的销售多，品牌露出大于获客——每年 1 场就够。",
            "Summit: 300+ people, broad, many competitors' sales; brand over leads — one a year is enough.",
        ),
        EventKind::Forum => lang.pick(
            "论坛/研讨会：100–300 人，细分领域客群精准，主办方多为深耕多年的垂直平台；部门对口时获客与品牌兼具，请积极赞助。",
            "Forum: 100–300 people of one sub-sector, organised by vertical media; when departments match it brings leads and brand — sponsor actively.",
        ),
        EventKind::Salon => lang.pick(
            "区域沙龙：20–80 人的邀请制小会，能深度交流、多讲干货，线索价值大于品牌——请大力赞助，但要看参会层级。",
            "Regional salon: 20–80 invited people, deep conversations; leads over brand — sponsor strongly, if the seniority is there.",
        ),
        EventKind::SelfHosted => lang.pick(
            "自办大会：议程、主题和客群由我们定，花费最小、效果最好；一年 2 场（上半年开年、下半年收尾）。",
            "Own conference: our agenda, theme and guests; cheapest and best — two a year (H1 opening, H2 closing).",
        ),
        EventKind::SelfHostedSalon => lang.pick(
            "自办沙龙：指定客群名单、由会议方邀请的精准小会，适合潜在客户或老客户运营。",
            "Own salon: a precise small meeting on a named guest list, for prospects or existing customers.",
        ),
        EventKind::Training => lang.pick(
            "主管机构培训：2 小时起步的专业授课，对方不是赚赞助费，讲实打实的干货——请大力参与。",
            "Authority training: 2-hour sessions for professionals; they are not selling to you, so bring substance — take part strongly.",
        ),
        EventKind::Expo => lang.pick(
            "博览会/展销会：规模大、人群泛，更多是品牌露出的意义。",
            "Expo: huge and general; it is mostly about brand exposure.",
        ),
        EventKind::Webinar => lang.pick(
            "线上直播：作者的表里没有；只按参会构成的获客价值评估。",
            "Webinar: not in the author's table; judged on its audience's lead value alone.",
        ),
    }
}
