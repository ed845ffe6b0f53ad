//! Plan vs committed vs actual vs remaining, through the year.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::budget::plan::Plan;
use crate::budget::quarters::tactic_quarters;
use crate::{split_by_weights, Money};

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
    /// planned − used, where a tactic has used max(committed, paid) of its money: a payment
    /// against a commitment is not counted twice. Negative when the row is overspent as a
    /// whole.
    pub remaining: Money,
    /// What spend beyond plan adds up to, tactic by tactic (quarter rows: tactic-quarter by
    /// tactic-quarter), never netted against another tactic's unspent money.
    pub overspent: Money,
    /// How many tactics (quarter rows: tactic-quarters) in the row are overspent.
    pub overspent_count: u32,
}

impl Tracking {
    fn add_cell(&mut self, planned: i64, committed: i64, actual: i64, used: i64) {
        self.planned = Money::from_fen(self.planned.fen() + planned);
        self.committed = Money::from_fen(self.committed.fen() + committed);
        self.actual = Money::from_fen(self.actual.fen() + actual);
        self.remaining = Money::from_fen(self.remaining.fen() + planned - used);
        if used > planned {
            self.overspent = Money::from_fen(self.overspent.fen() + used - planned);
            self.overspent_count += 1;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Channel,
    Quarter,
    Region,
}

/// One tactic's money through the year: planned, committed and paid per quarter, and how much
/// of each quarter it has used.
struct TacticCells {
    /// Per quarter: planned, committed, actual, used.
    quarters: [[i64; 4]; 4],
}

impl TacticCells {
    fn year(&self) -> [i64; 4] {
        let mut y = [0; 4];
        for q in &self.quarters {
            for (a, b) in y.iter_mut().zip(q) {
                *a += b;
            }
        }
        y
    }
}

/// Every tactic's cells. Spend counts in the tactic's own quarters: a contract signed in March
/// for a Q2 summit is Q2 money, not a Q1 overspend; an entry dated outside the tactic's
/// quarters goes to the nearest one. A tactic has used max(committed, paid) over the year,
/// shared out over the quarters in proportion to what each quarter booked, so every grouping
/// of the same spend adds up to the same remaining money.
fn cells(plan: &Plan, entries: &[SpendEntry]) -> Vec<TacticCells> {
    let index: HashMap<i64, usize> = plan
        .tactics()
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut cells: Vec<TacticCells> = plan
        .tactics()
        .iter()
        .map(|t| {
            let mut quarters = [[0i64; 4]; 4];
            for (q, m) in tactic_quarters(t).iter().enumerate() {
                quarters[q][0] = m.fen();
            }
            TacticCells { quarters }
        })
        .collect();
    for e in entries {
        let (Some(&i), 1..=4) = (index.get(&e.tactic_id), e.quarter) else {
            continue;
        };
        let slot = match e.kind {
            SpendKind::Committed => 1,
            SpendKind::Actual => 2,
        };
        let quarter = plan.tactics()[i].quarters.nearest(e.quarter as usize);
        cells[i].quarters[quarter - 1][slot] += e.amount.fen();
    }
    for c in &mut cells {
        let [_, committed, actual, _] = c.year();
        let used = committed.max(actual);
        let weights: Vec<u64> = c
            .quarters
            .iter()
            .map(|q| q[1].max(q[2]).max(0) as u64)
            .collect();
        if used > 0 {
            if let Ok(parts) = split_by_weights(Money::from_fen(used), &weights) {
                for (q, part) in c.quarters.iter_mut().zip(parts) {
                    q[3] = part.fen();
                }
            }
        }
    }
    cells
}

/// Tracking rows grouped by channel (plan order), quarter (Q1–Q4) or region (first seen order).
/// Entries for tactics not in the plan are left out.
pub fn track(plan: &Plan, entries: &[SpendEntry], group: GroupBy) -> Vec<(String, Tracking)> {
    let cells = cells(plan, entries);
    let mut keys: Vec<String> = match group {
        GroupBy::Channel => plan.channels().iter().map(|c| c.code.clone()).collect(),
        GroupBy::Quarter => (1..=4).map(|q| format!("Q{q}")).collect(),
        GroupBy::Region => Vec::new(),
    };
    let mut sums: HashMap<String, Tracking> = HashMap::new();
    for (t, c) in plan.tactics().iter().zip(&cells) {
        match group {
            GroupBy::Quarter => {
                for (q, [planned, committed, actual, used]) in c.quarters.iter().enumerate() {
                    sums.entry(format!("Q{}", q + 1))
                        .or_default()
                        .add_cell(*planned, *committed, *actual, *used);
                }
            }
            GroupBy::Channel | GroupBy::Region => {
                let key = if group == GroupBy::Channel {
                    t.channel.clone()
                } else {
                    t.region.clone()
                };
                if group == GroupBy::Region && !keys.contains(&key) {
                    keys.push(key.clone());
                }
                let [planned, committed, actual, used] = c.year();
                sums.entry(key)
                    .or_default()
                    .add_cell(planned, committed, actual, used);
            }
        }
    }
    keys.into_iter()
        .map(|k| {
            let row = sums.get(&k).copied().unwrap_or_default();
            (k, row)
        })
        .collect()
}

/// Each tactic's year, in plan order: (tactic id, its tracking).
pub fn track_tactics(plan: &Plan, entries: &[SpendEntry]) -> Vec<(i64, Tracking)> {
    plan.tactics()
        .iter()
        .zip(cells(plan, entries))
        .map(|(t, c)| {
            let mut row = Tracking::default();
            let [planned, committed, actual, used] = c.year();
            row.add_cell(planned, committed, actual, used);
            (t.id, row)
        })
        .collect()
}

/// The whole plan as one row (the same sums as any grouping's rows).
pub fn track_total(plan: &Plan, entries: &[SpendEntry]) -> Tracking {
    let mut total = Tracking::default();
    for (_, t) in track_tactics(plan, entries) {
        total.add_cell(
            t.planned.fen(),
            t.committed.fen(),
            t.actual.fen(),
            t.planned.fen() - t.remaining.fen(),
        );
    }
    total
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
        assert_eq!(
            (by_quarter[0].1.overspent, by_quarter[0].1.overspent_count),
            (Money::from_yuan(2_000), 1),
            "Q1 names its overspend"
        );
        assert_eq!(
            online.overspent,
            Money::ZERO,
            "over the year SEM is within plan"
        );
    }

    #[test]
    fn one_tactics_overspend_is_never_hidden_by_anothers_savings() {
        let plan = seed_plan(
            2_000_000,
            vec![
                tactic(1, "offline_events", 240_000, Quarters::ALL_YEAR, 0),
                tactic(2, "offline_events", 500_000, Quarters::ALL_YEAR, 0),
            ],
        );
        let entries = [entry(1, 2, SpendKind::Actual, 300_000)];
        let by_channel = track(&plan, &entries, GroupBy::Channel);
        let events = by_channel[0].1;
        assert_eq!(
            events.remaining,
            Money::from_yuan(440_000),
            "the channel still has money left"
        );
        assert_eq!(
            (events.overspent, events.overspent_count),
            (Money::from_yuan(60_000), 1),
            "but one tactic is ¥60,000 over, and the row says so"
        );
        let per_tactic = track_tactics(&plan, &entries);
        assert_eq!(per_tactic[0].1.remaining, Money::from_yuan(-60_000));
        assert_eq!(
            track_total(&plan, &entries).overspent,
            Money::from_yuan(60_000)
        );
    }

    #[test]
    fn a_yearly_contract_paid_quarterly_is_used_once() {
        let plan = seed_plan(
            2_000_000,
            vec![tactic(1, "alliances", 100_000, Quarters::ALL_YEAR, 0)],
        );
        let mut entries = vec![entry(1, 1, SpendKind::Committed, 100_000)];
        for q in 1..=4 {
            entries.push(entry(1, q, SpendKind::Actual, 25_000));
        }
        let year = track_total(&plan, &entries);
        assert_eq!(
            (year.remaining, year.overspent),
            (Money::ZERO, Money::ZERO),
            "committed 100k and paid 100k against it: used 100k, not 175k"
        );
        let quarters = track(&plan, &entries, GroupBy::Quarter);
        assert_eq!(
            quarters.iter().map(|(_, t)| t.remaining.fen()).sum::<i64>(),
            0,
            "the quarters add up to the year"
        );
    }

    proptest::proptest! {
        #[test]
        fn every_grouping_adds_up_to_the_same_remaining_money(
            spend in proptest::collection::vec((0i64..4, 1u8..=4, proptest::bool::ANY, 0i64..200_000), 0..20),
        ) {
            let plan = seed_plan(
                2_000_000,
                (0..4).map(|i| tactic(i, "offline_events", 100_000 * (i + 1), Quarters::ALL_YEAR, 0)).collect(),
            );
            let entries: Vec<SpendEntry> = spend
                .iter()
                .map(|&(t, q, paid, y)| entry(t, q, if paid { SpendKind::Actual } else { SpendKind::Committed }, y))
                .collect();
            let sum = |rows: Vec<(String, Tracking)>| rows.iter().map(|(_, t)| t.remaining.fen()).sum::<i64>();
            let total = track_total(&plan, &entries).remaining.fen();
            proptest::prop_assert_eq!(sum(track(&plan, &entries, GroupBy::Channel)), total);
            proptest::prop_assert_eq!(sum(track(&plan, &entries, GroupBy::Quarter)), total);
            proptest::prop_assert_eq!(sum(track(&plan, &entries, GroupBy::Region)), total);
        }
    }
}
