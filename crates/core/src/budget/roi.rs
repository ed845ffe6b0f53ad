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

/// A rate in basis points of a whole: `Rate(38_000)` is 380.0%, `Rate(-2_050)` is −20.5%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub i64);

impl Rate {
    /// `part ÷ whole`, rounded half away from zero to the basis point; None for a whole of 0.
    pub fn of(part: i64, whole: i64) -> Option<Rate> {
        if whole == 0 {
            return None;
        }
        let (p, w) = (part as i128 * 10_000, whole as i128);
        let q = p / w;
        let r = p % w;
        let rounded = if r.abs() * 2 >= w.abs() {
            q + (p.signum() * w.signum())
        } else {
            q
        };
        Some(Rate(rounded as i64))
    }

    /// As a fraction for spreadsheets: 3.8 for 380%.
    pub fn as_fraction(self) -> f64 {
        self.0 as f64 / 10_000.0
    }
}

/// `380.0%`, `−20.5%`: one decimal, and two when the rate has them.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, hundredths) = (abs / 100, abs % 100);
        if hundredths % 10 == 0 {
            write!(f, "{sign}{whole}.{}%", hundredths / 10)
        } else {
            write!(f, "{sign}{whole}.{hundredths:02}%")
        }
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// Cost against outcomes on one footing (seed 004): cost per lead, MQL, SQL, deal, revenue per
/// yuan and ROI. The same arithmetic serves the forecast (expected outcomes) and, later, the
/// realized numbers from the lead store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Roi {
    pub cost: Money,
    pub outcomes: Outcomes,
    pub cost_per_lead: Option<Money>,
    pub cost_per_mql: Option<Money>,
    pub cost_per_sql: Option<Money>,
    pub cost_per_deal: Option<Money>,
    /// Revenue per yuan spent (revenue ÷ cost), e.g. 4.80×; None without cost.
    pub revenue_multiple: Option<Multiple>,
    /// ROI = (revenue − cost) ÷ cost, e.g. 380.0% for 4.80×; None without cost.
    pub roi: Option<Rate>,
    /// MQL → SQL conversion (SQL ÷ MQL); the brief calls 15–25% very good. None without MQL.
    pub mql_to_sql: Option<Rate>,
}

pub fn roi(cost: Money, outcomes: Outcomes) -> Roi {
    let per = |n: u64| i64::try_from(n).ok().and_then(|n| cost.per(n));
    let multiple = (cost.fen() > 0).then(|| {
        let r = outcomes.revenue.fen() as i128 * 100;
        let c = cost.fen() as i128;
        Multiple(((r + c / 2) / c) as i64)
    });
    let rate = (cost.fen() > 0)
        .then(|| Rate::of(outcomes.revenue.fen() - cost.fen(), cost.fen()))
        .flatten();
    let mql_to_sql = i64::try_from(outcomes.mql)
        .ok()
        .zip(i64::try_from(outcomes.sql).ok())
        .and_then(|(mql, sql)| Rate::of(sql, mql));
    Roi {
        cost,
        outcomes,
        cost_per_lead: per(outcomes.leads),
        cost_per_mql: per(outcomes.mql),
        cost_per_sql: per(outcomes.sql),
        cost_per_deal: per(outcomes.deals),
        revenue_multiple: multiple,
        roi: rate,
        mql_to_sql,
    }
}

/// The whole plan's forecast: every tactic's planned money against its expected outcomes.
pub fn forecast_total(plan: &Plan) -> Roi {
    let outcomes = plan
        .tactics()
        .iter()
        .fold(Outcomes::default(), |acc, t| acc.add(&t.expected));
    roi(plan.tactics_total(), outcomes)
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
        assert_eq!(
            r.roi.map(|m| m.to_string()),
            Some("250.0%".into()),
            "ROI is (revenue − cost) ÷ cost, not revenue ÷ cost"
        );
        assert_eq!(r.mql_to_sql.map(|m| m.to_string()), Some("20.0%".into()));
        let loss = roi(
            Money::from_yuan(100_000),
            Outcomes {
                revenue: Money::from_yuan(79_500),
                ..Outcomes::default()
            },
        );
        assert_eq!(loss.roi.map(|r| r.to_string()), Some("-20.5%".into()));
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
