use std::fmt;

use serde::{Serialize, Serializer};

use crate::budget::plan::{Outcomes, Plan};
use crate::Money;

/// A ratio such as revenue per yuan spent, in hundredths: `Multiple(350)` is 3.50×.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Multiple(pub i64);

impl fmt::Display for Multiple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}×", abs / 100, abs % 100)
    }
}

impl Serialize for Multiple {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// Cost against outcomes on one footing (seed 004): cost per lead, MQL, SQL, deal, and revenue
/// per yuan. The same arithmetic serves the forecast (expected outcomes) and, later, the
/// realized numbers from the lead store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Roi {
    pub cost: Money,
    pub outcomes: Outcomes,
    pub cost_per_lead: Option<Money>,
    pub cost_per_mql: Option<Money>,
    pub cost_per_sql: Option<Money>,
    pub cost_per_deal: Option<Money>,
    pub revenue_multiple: Option<Multiple>,
}

pub fn roi(cost: Money, outcomes: Outcomes) -> Roi {
    let per = |n: u64| i64::try_from(n).ok().and_then(|n| cost.per(n));
    let multiple = (cost.fen() > 0).then(|| {
        let r = outcomes.revenue.fen() as i128 * 100;
        let c = cost.fen() as i128;
        Multiple(((r + c / 2) / c) as i64)
    });
    Roi {
        cost,
        outcomes,
        cost_per_lead: per(outcomes.leads),
        cost_per_mql: per(outcomes.mql),
        cost_per_sql: per(outcomes.sql),
        cost_per_deal: per(outcomes.deals),
        revenue_multiple: multiple,
    }
}

/// Forecast per channel, in plan order: the channel's tactics' planned money against their
/// expected outcomes.
pub fn forecast_by_channel(plan: &Plan) -> Vec<(String, Roi)> {
    plan.channels()
        .iter()
        .map(|c| {
            let outcomes = plan
                .tactics_of(&c.code)
                .fold(Outcomes::default(), |acc, t| acc.add(&t.expected));
            (
                c.code.clone(),
                roi(plan.tactics_total_of(&c.code), outcomes),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::plan::fixtures::{seed_plan, tactic};
    use crate::budget::plan::Quarters;

    #[test]
    fn costs_per_outcome_and_revenue_multiple() {
        let r = roi(
            Money::from_yuan(120_000),
            Outcomes {
                leads: 300,
                mql: 60,
                sql: 12,
                deals: 2,
                revenue: Money::from_yuan(420_000),
            },
        );
        assert_eq!(r.cost_per_lead, Some(Money::from_yuan(400)));
        assert_eq!(r.cost_per_mql, Some(Money::from_yuan(2_000)));
        assert_eq!(r.cost_per_sql, Some(Money::from_yuan(10_000)));
        assert_eq!(r.cost_per_deal, Some(Money::from_yuan(60_000)));
        assert_eq!(
            r.revenue_multiple.map(|m| m.to_string()),
            Some("3.50×".into())
        );
        let nothing = roi(Money::ZERO, Outcomes::default());
        assert_eq!(
            (nothing.cost_per_lead, nothing.revenue_multiple),
            (None, None),
            "no cost, no ratio"
        );
    }

    #[test]
    fn forecast_sums_tactics_per_channel() {
        let plan = seed_plan(
            2_000_000,
            vec![
                tactic(1, "online_promotion", 100_000, Quarters::ALL_YEAR, 300),
                tactic(2, "online_promotion", 20_000, Quarters::ALL_YEAR, 30),
            ],
        );
        let rows = forecast_by_channel(&plan);
        let online = &rows[1].1;
        assert_eq!(
            (rows[1].0.as_str(), online.outcomes.leads),
            ("online_promotion", 330)
        );
        assert_eq!(
            online.cost_per_lead,
            Some(Money::from_fen(36_364)),
            "¥120,000 / 330 = ¥363.64"
        );
        assert_eq!(rows[0].1.cost_per_lead, None, "no tactics, no forecast");
    }
}
