use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    custom_channel_color, split_by_weights, ChannelKind, CompanyStage, CoreError, Emphasis, Money,
    Result, Share,
};

/// The quarters a tactic runs in: a non-empty subset of Q1–Q4 (bit 0 = Q1). A dated tactic runs
/// in the quarter of its date; an all-year one in all four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Quarters(u8);

impl Quarters {
    pub const ALL_YEAR: Quarters = Quarters(0b1111);

    pub fn from_mask(mask: u8) -> Result<Quarters> {
        if mask == 0 || mask > 0b1111 {
            return Err(CoreError::InvalidQuarter { value: mask as u32 });
        }
        Ok(Quarters(mask))
    }

    /// Quarter 1–4.
    pub fn single(quarter: u32) -> Result<Quarters> {
        match quarter {
            1..=4 => Ok(Quarters(1 << (quarter - 1))),
            _ => Err(CoreError::InvalidQuarter { value: quarter }),
        }
    }

    /// The quarter of a month 1–12.
    pub fn of_month(month: u32) -> Result<Quarters> {
        match month {
            1..=12 => Quarters::single((month - 1) / 3 + 1),
            _ => Err(CoreError::InvalidQuarter { value: month }),
        }
    }

    pub fn mask(self) -> u8 {
        self.0
    }

    pub fn contains(self, quarter: usize) -> bool {
        (1..=4).contains(&quarter) && self.0 & (1 << (quarter - 1)) != 0
    }

    /// `quarter` if the set contains it, else the closest quarter in the set (the earlier one
    /// on a tie).
    pub fn nearest(self, quarter: usize) -> usize {
        (1..=4)
            .filter(|&q| self.contains(q))
            .min_by_key(|&q| (q.abs_diff(quarter), q))
            .unwrap_or(1)
    }

    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    pub fn is_all_year(self) -> bool {
        self == Quarters::ALL_YEAR
    }
}

impl TryFrom<u8> for Quarters {
    type Error = CoreError;
    fn try_from(mask: u8) -> Result<Quarters> {
        Quarters::from_mask(mask)
    }
}

impl From<Quarters> for u8 {
    fn from(q: Quarters) -> u8 {
        q.0
    }
}

/// `Q2`, `Q1–Q3`, `Q1, Q3`; all four is `Q1–Q4` (the UI words it as 全年).
impl fmt::Display for Quarters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let qs: Vec<usize> = (1..=4).filter(|&q| self.contains(q)).collect();
        let contiguous = qs.windows(2).all(|w| w[1] == w[0] + 1);
        match (qs.first(), qs.last()) {
            (Some(a), Some(b)) if a == b => write!(f, "Q{a}"),
            (Some(a), Some(b)) if contiguous => write!(f, "Q{a}–Q{b}"),
            _ => {
                let parts: Vec<String> = qs.iter().map(|q| format!("Q{q}")).collect();
                f.write_str(&parts.join(", "))
            }
        }
    }
}

/// What a tactic is expected to produce (forecast) or did produce (realized). The same type on
/// both sides so that realized numbers from the lead store plug into the same ROI arithmetic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcomes {
    pub leads: u64,
    pub mql: u64,
    pub sql: u64,
    pub deals: u64,
    pub revenue: Money,
}

impl Outcomes {
    pub fn add(&self, other: &Outcomes) -> Outcomes {
        Outcomes {
            leads: self.leads + other.leads,
            mql: self.mql + other.mql,
            sql: self.sql + other.sql,
            deals: self.deals + other.deals,
            revenue: Money::from_fen(self.revenue.fen().saturating_add(other.revenue.fen())),
        }
    }
}

/// The four texts leadership asks for of every tactic (seed 002).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    /// 解决什么问题
    pub problem: String,
    /// 预期结果
    pub expected_result: String,
    /// 如何衡量 (KPI)
    pub kpi: String,
    /// 需要的人员
    pub people: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChannel {
    /// A [`ChannelKind`] code, or a user channel's own code.
    pub code: String,
    pub name: String,
    pub share: Share,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tactic {
    pub id: i64,
    /// Code of one of the plan's channels.
    pub channel: String,
    pub name: String,
    pub owner: String,
    pub region: String,
    pub quarters: Quarters,
    pub planned: Money,
    pub expected: Outcomes,
    pub brief: Brief,
}

/// A budget plan as the rules see it: checked on construction, so a plan in hand never has
/// shares over 100%, duplicate channels, tactics without a channel or negative amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub fiscal_year: i32,
    total: Money,
    pub stage: CompanyStage,
    pub emphasis: Emphasis,
    channels: Vec<PlanChannel>,
    tactics: Vec<Tactic>,
}

impl Plan {
    pub fn new(
        fiscal_year: i32,
        total: Money,
        stage: CompanyStage,
        emphasis: Emphasis,
        channels: Vec<PlanChannel>,
        tactics: Vec<Tactic>,
    ) -> Result<Plan> {
        if total.is_negative() {
            return Err(CoreError::NegativeAmount {
                what: "total".into(),
            });
        }
        let mut codes = HashSet::new();
        let mut share_sum: u32 = 0;
        for c in &channels {
            if c.name.trim().is_empty() {
                return Err(CoreError::MissingName {
                    what: crate::Noun::Channel,
                });
            }
            if !codes.insert(c.code.as_str()) {
                return Err(CoreError::DuplicateChannel {
                    code: c.code.clone(),
                });
            }
            share_sum += c.share.basis_points();
        }
        if share_sum > 10_000 {
            return Err(CoreError::SharesOver100 {
                total_bp: share_sum,
            });
        }
        for t in &tactics {
            if !codes.contains(t.channel.as_str()) {
                return Err(CoreError::TacticWithoutChannel {
                    tactic: t.name.clone(),
                });
            }
            if t.name.trim().is_empty() {
                return Err(CoreError::MissingName {
                    what: crate::Noun::Tactic,
                });
            }
            if t.planned.is_negative() || t.expected.revenue.is_negative() {
                return Err(CoreError::NegativeAmount {
                    what: t.name.clone(),
                });
            }
        }
        Ok(Plan {
            fiscal_year,
            total,
            stage,
            emphasis,
            channels,
            tactics,
        })
    }

    pub fn total(&self) -> Money {
        self.total
    }

    pub fn channels(&self) -> &[PlanChannel] {
        &self.channels
    }

    pub fn tactics(&self) -> &[Tactic] {
        &self.tactics
    }

    pub fn channel(&self, code: &str) -> Option<&PlanChannel> {
        self.channels.iter().find(|c| c.code == code)
    }

    pub fn tactics_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Tactic> + 'a {
        self.tactics.iter().filter(move |t| t.channel == code)
    }

    /// Sum of the channel shares, in basis points (≤ 10000).
    pub fn assigned_share(&self) -> u32 {
        self.channels.iter().map(|c| c.share.basis_points()).sum()
    }

    /// Each channel's budget: the total split by shares, exact to the fen. Shares under 100% leave
    /// the rest unassigned rather than inflating the channels.
    pub fn channel_budgets(&self) -> Vec<Money> {
        let mut weights: Vec<u64> = self
            .channels
            .iter()
            .map(|c| c.share.basis_points() as u64)
            .collect();
        weights.push(10_000 - self.assigned_share() as u64);
        // Weights sum to 10000 and the total is non-negative, so the split cannot fail.
        let mut parts = split_by_weights(self.total, &weights).unwrap_or_default();
        parts.truncate(self.channels.len());
        parts
    }

    /// The part of the total no channel share covers.
    pub fn unassigned_by_shares(&self) -> Money {
        let assigned: Money = self.channel_budgets().into_iter().sum();
        Money::from_fen(self.total.fen() - assigned.fen())
    }

    pub fn tactics_total(&self) -> Money {
        self.tactics.iter().map(|t| t.planned).sum()
    }

    pub fn tactics_total_of(&self, code: &str) -> Money {
        self.tactics_of(code).map(|t| t.planned).sum()
    }

    /// The one colour of a channel: its kind's, or a palette colour by position for user channels.
    pub fn color_of(&self, code: &str) -> &'static str {
        match ChannelKind::from_code(code) {
            Ok(kind) => kind.color(),
            Err(_) => custom_channel_color(
                self.channels
                    .iter()
                    .position(|c| c.code == code)
                    .unwrap_or(0),
            ),
        }
    }

    /// A copy with other numbers; checked like a new plan.
    pub fn with(
        &self,
        total: Money,
        channels: Vec<PlanChannel>,
        tactics: Vec<Tactic>,
    ) -> Result<Plan> {
        Plan::new(
            self.fiscal_year,
            total,
            self.stage,
            self.emphasis,
            channels,
            tactics,
        )
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::budget::template::Template;
    use crate::Lang;

    pub fn tactic(id: i64, channel: &str, yuan: i64, quarters: Quarters, leads: u64) -> Tactic {
        Tactic {
            id,
            channel: channel.into(),
            name: format!("tactic {id}"),
            owner: String::new(),
            region: "华东".into(),
            quarters,
            planned: Money::from_yuan(yuan),
            expected: Outcomes {
                leads,
                ..Outcomes::default()
            },
            brief: Brief::default(),
        }
    }

    /// The seed template on `total_yuan`, with the given tactics.
    pub fn seed_plan(total_yuan: i64, tactics: Vec<Tactic>) -> Plan {
        let channels = Template::SeedDefault
            .lines()
            .into_iter()
            .map(|l| PlanChannel {
                code: l.channel.code().into(),
                name: l.channel.name(Lang::ZhCn).into(),
                share: l.share,
            })
            .collect();
        Plan::new(
            2027,
            Money::from_yuan(total_yuan),
            CompanyStage::Growth,
            Emphasis::Demand,
            channels,
            tactics,
        )
        .expect("valid fixture plan")
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn quarters_parse_format_and_refuse_nonsense() {
        assert_eq!(
            Quarters::of_month(5).map(|q| q.to_string()),
            Ok("Q2".into())
        );
        assert_eq!(
            Quarters::from_mask(0b0111).map(|q| q.to_string()),
            Ok("Q1–Q3".into())
        );
        assert_eq!(
            Quarters::from_mask(0b0101).map(|q| q.to_string()),
            Ok("Q1, Q3".into())
        );
        assert!(
            Quarters::from_mask(0).is_err(),
            "a tactic runs in some quarter"
        );
        assert!(Quarters::from_mask(16).is_err());
        assert!(Quarters::single(5).is_err());
        assert!(Quarters::of_month(13).is_err());
        assert_eq!(Quarters::ALL_YEAR.count(), 4);
    }

    #[test]
    fn golden_default_template_on_two_million() {
        let plan = seed_plan(2_000_000, vec![]);
        let yuan: Vec<i64> = plan
            .channel_budgets()
            .iter()
            .map(|m| m.fen() / 100)
            .collect();
        // 线下活动 70%, 线上推广 6%, 榜单/报告/白皮书 2%, 社群 2%, 联盟/协会 10%, 基础物料 10%.
        assert_eq!(
            yuan,
            vec![1_400_000, 120_000, 40_000, 40_000, 200_000, 200_000]
        );
        assert_eq!(plan.unassigned_by_shares(), Money::ZERO);
    }

    #[test]
    fn invalid_plans_cannot_be_built() {
        let base = seed_plan(1_000, vec![]);
        let mut over = base.channels().to_vec();
        over[0].share = Share::from_basis_points(9_000).expect("share");
        assert!(matches!(
            base.with(base.total(), over, vec![]),
            Err(CoreError::SharesOver100 { total_bp: 12_000 })
        ));
        let orphan = tactic(1, "no_such_channel", 10, Quarters::ALL_YEAR, 0);
        assert!(matches!(
            base.with(base.total(), base.channels().to_vec(), vec![orphan]),
            Err(CoreError::TacticWithoutChannel { .. })
        ));
        let mut dup = base.channels().to_vec();
        dup.push(dup[0].clone());
        assert!(matches!(
            base.with(base.total(), dup, vec![]),
            Err(CoreError::DuplicateChannel { .. })
        ));
        let mut negative = tactic(1, "community", 0, Quarters::ALL_YEAR, 0);
        negative.planned = Money::from_fen(-1);
        assert!(matches!(
            base.with(base.total(), base.channels().to_vec(), vec![negative]),
            Err(CoreError::NegativeAmount { .. })
        ));
        assert!(
            base.with(Money::from_fen(-1), vec![], vec![]).is_err(),
            "negative total"
        );
    }

    #[test]
    fn shares_under_a_whole_leave_money_unassigned() {
        let base = seed_plan(1_000, vec![]);
        let mut fewer = base.channels().to_vec();
        fewer.truncate(1); // only 线下活动 70%
        let plan = base
            .with(Money::from_yuan(1_000), fewer, vec![])
            .expect("valid");
        assert_eq!(plan.channel_budgets(), vec![Money::from_yuan(700)]);
        assert_eq!(plan.unassigned_by_shares(), Money::from_yuan(300));
    }
}
