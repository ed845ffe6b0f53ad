//! Plan vs committed vs actual vs remaining, through the year.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::budget::plan::Plan;
use crate::budget::quarters::tactic_quarters;
use crate::Money;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpendKind {
    /// Signed or ordered, not necessarily paid (a sponsorship contract).
    Committed,
    /// Paid.
    Actual,
}

/// One spend line against a tactic; `quarter` (1–4) comes from the entry's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendEntry {
    pub tactic_id: i64,
    pub quarter: u8,
    pub kind: SpendKind,
    pub amount: Money,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tracking {
    pub planned: Money,
    pub committed: Money,
    pub actual: Money,
    /// planned − max(committed, actual), per tactic and quarter: a payment against a commitment
    /// is not counted twice. Negative when overspent.
    pub remaining: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Channel,
    Quarter,
    Region,
}

/// Tracking rows grouped by channel (plan order), quarter (Q1–Q4) or region (first seen order).
/// Entries for tactics not in the plan are left out. Spend counts in the tactic's own quarters:
/// a contract signed in March for a Q2 summit is Q2 money, not a Q1 overspend; an entry dated
/// outside the tactic's quarters goes to the nearest one.
pub fn track(plan: &Plan, entries: &[SpendEntry], group: GroupBy) -> Vec<(String, Tracking)> {
    // Cells per (tactic index, quarter): planned spread over the tactic's quarters, spend as booked.
    let index: HashMap<i64, usize> = plan
        .tactics()
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut cells = vec![[[0i64; 3]; 4]; plan.tactics().len()];
    for (i, t) in plan.tactics().iter().enumerate() {
        for (q, m) in tactic_quarters(t).iter().enumerate() {
            cells[i][q][0] = m.fen();
        }
    }
    for e in entries {
        let (Some(&i), 1..=4) = (index.get(&e.tactic_id), e.quarter) else {
            continue;
        };
        let slot = match e.kind {
            SpendKind::Committed => 1,
            SpendKind::Actual => 2,
        };
        let quarter = plan.tactics()[i].quarters.nearest(e.quarter as usize);
        cells[i][quarter - 1][slot] += e.amount.fen();
    }
    let mut keys: Vec<String> = match group {
        GroupBy::Channel => plan.channels().iter().map(|c| c.code.clone()).collect(),
        GroupBy::Quarter => (1..=4).map(|q| format!("Q{q}")).collect(),
        GroupBy::Region => Vec::new(),
    };
    let mut sums: HashMap<String, [i64; 4]> = HashMap::new();
    for (i, t) in plan.tactics().iter().enumerate() {
        for (q, [planned, committed, actual]) in cells[i].iter().enumerate() {
            let key = match group {
                GroupBy::Channel => t.channel.clone(),
                GroupBy::Quarter => format!("Q{}", q + 1),
                GroupBy::Region => t.region.clone(),
            };
            if group == GroupBy::Region && !keys.contains(&key) {
                keys.push(key.clone());
            }
            let s = sums.entry(key).or_default();
            s[0] += planned;
            s[1] += committed;
            s[2] += actual;
            s[3] += planned - committed.max(actual);
        }
    }
    keys.into_iter()
        .map(|k| {
            let s = sums.get(&k).copied().unwrap_or_default();
            let row = Tracking {
                planned: Money::from_fen(s[0]),
                committed: Money::from_fen(s[1]),
                actual: Money::from_fen(s[2]),
                remaining: Money::from_fen(s[3]),
            };
            (k, row)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::plan::fixtures::{seed_plan, tactic};
    use crate::budget::plan::Quarters;

    fn entry(tactic_id: i64, quarter: u8, kind: SpendKind, yuan: i64) -> SpendEntry {
        SpendEntry {
            tactic_id,
            quarter,
            kind,
            amount: Money::from_yuan(yuan),
        }
    }

    #[test]
    fn commitments_and_payments_are_not_double_counted() {
        let mut north = tactic(2, "online_promotion", 40_000, Quarters::ALL_YEAR, 0);
        north.region = "华北".into();
        let plan = seed_plan(
            2_000_000,
            vec![
                tactic(
                    1,
                    "offline_events",
                    300_000,
                    Quarters::single(2).expect("q"),
                    0,
                ),
                north,
            ],
        );
        let entries = [
            entry(1, 2, SpendKind::Committed, 300_000), // contract signed
            entry(1, 2, SpendKind::Actual, 150_000),    // first half paid
            entry(2, 1, SpendKind::Actual, 12_000),     // SEM overspent in Q1 (plan 10k)
            entry(99, 1, SpendKind::Actual, 1),         // not in this plan
        ];
        let by_channel = track(&plan, &entries, GroupBy::Channel);
        let early = track(
            &plan,
            &[entry(1, 1, SpendKind::Committed, 300_000)],
            GroupBy::Quarter,
        );
        assert_eq!(
            (early[0].1.committed, early[0].1.remaining),
            (Money::ZERO, Money::from_yuan(10_000)),
            "a Q1 contract for the Q2 summit is not a Q1 overspend"
        );
        assert_eq!(
            early[1].1.committed,
            Money::from_yuan(300_000),
            "it is Q2 money"
        );
        let events = by_channel[0].1;
        assert_eq!(by_channel[0].0, "offline_events");
        assert_eq!(events.committed, Money::from_yuan(300_000));
        assert_eq!(events.actual, Money::from_yuan(150_000));
        assert_eq!(
            events.remaining,
            Money::ZERO,
            "fully committed, whatever is paid"
        );
        let online = by_channel[1].1;
        assert_eq!(online.remaining, Money::from_yuan(40_000 - 12_000));
        let by_quarter = track(&plan, &entries, GroupBy::Quarter);
        assert_eq!(
            by_quarter[0].1.remaining,
            Money::from_yuan(-2_000),
            "Q1 SEM overspent by 2,000"
        );
        let by_region = track(&plan, &entries, GroupBy::Region);
        assert_eq!(
            by_region
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            vec!["华东", "华北"]
        );
        let sum =
            |rows: &[(String, Tracking)]| rows.iter().map(|(_, t)| t.remaining.fen()).sum::<i64>();
        assert_eq!(sum(&by_channel), sum(&by_quarter), "groupings agree");
        assert_eq!(sum(&by_quarter), sum(&by_region), "groupings agree");
    }
}
