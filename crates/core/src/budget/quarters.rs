use serde::{Deserialize, Serialize};

use crate::budget::plan::{Plan, Tactic};
use crate::{split_by_weights, CoreError, Money, Result};

/// Money per quarter, Q1 first.
pub type ByQuarter = [Money; 4];

/// How a channel's budget is spread over the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum QuarterSplit {
    Even,
    /// Relative weights for Q1–Q4, e.g. `[1, 2, 2, 1]`.
    Weights {
        weights: [u32; 4],
    },
    /// Where the channel's tactics fall; a channel without tactics is spread evenly.
    ByTactics,
}

impl QuarterSplit {
    /// How the workspace stores it: `even`, `by_tactics`, `weights:1,2,2,1`.
    pub fn code(&self) -> String {
        match self {
            QuarterSplit::Even => "even".into(),
            QuarterSplit::ByTactics => "by_tactics".into(),
            QuarterSplit::Weights {
                weights: [a, b, c, d],
            } => format!("weights:{a},{b},{c},{d}"),
        }
    }

    pub fn from_code(code: &str) -> Result<QuarterSplit> {
        let invalid = || CoreError::UnknownCode {
            what: crate::Noun::QuarterSplit,
            value: code.into(),
        };
        match code {
            "even" => Ok(QuarterSplit::Even),
            "by_tactics" => Ok(QuarterSplit::ByTactics),
            _ => {
                let list = code.strip_prefix("weights:").ok_or_else(invalid)?;
                let parsed: Vec<u32> = list
                    .split(',')
                    .map(|w| w.trim().parse::<u32>())
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| invalid())?;
                let weights: [u32; 4] = parsed.try_into().map_err(|_| invalid())?;
                QuarterSplit::weights(weights)
            }
        }
    }

    /// Custom weights; at least one must be above zero, or there is nothing to split by.
    pub fn weights(weights: [u32; 4]) -> Result<QuarterSplit> {
        if weights.iter().all(|&w| w == 0) {
            return Err(CoreError::ZeroWeights);
        }
        Ok(QuarterSplit::Weights { weights })
    }
}

fn to_quarters(parts: Vec<Money>) -> ByQuarter {
    let mut out = [Money::ZERO; 4];
    for (slot, part) in out.iter_mut().zip(parts) {
        *slot = part;
    }
    out
}

/// A tactic's planned amount spread evenly over the quarters it runs in.
pub fn tactic_quarters(t: &Tactic) -> ByQuarter {
    let weights: Vec<u64> = (1..=4).map(|q| u64::from(t.quarters.contains(q))).collect();
    // Quarters is never empty and planned is never negative: the split cannot fail.
    to_quarters(split_by_weights(t.planned, &weights).unwrap_or_default())
}

/// Each channel's budget over Q1–Q4, in plan order; every row sums exactly to its channel budget.
pub fn channel_quarters(plan: &Plan, mode: &QuarterSplit) -> Result<Vec<ByQuarter>> {
    let budgets = plan.channel_budgets();
    plan.channels()
        .iter()
        .zip(budgets)
        .map(|(channel, budget)| {
            let weights: [u64; 4] = match mode {
                QuarterSplit::Even => [1; 4],
                QuarterSplit::Weights { weights } => weights.map(u64::from),
                QuarterSplit::ByTactics => {
                    let mut w = [0u64; 4];
                    for t in plan.tactics_of(&channel.code) {
                        for (slot, part) in w.iter_mut().zip(tactic_quarters(t)) {
                            *slot += part.fen() as u64;
                        }
                    }
                    if w.iter().all(|&x| x == 0) {
                        [1; 4]
                    } else {
                        w
                    }
                }
            };
            if weights.iter().all(|&w| w == 0) {
                return Err(CoreError::ZeroWeights);
            }
            split_by_weights(budget, &weights).map(to_quarters)
        })
        .collect()
}

/// Column sums: the whole plan per quarter.
pub fn quarter_totals(rows: &[ByQuarter]) -> ByQuarter {
    let mut out = [Money::ZERO; 4];
    for row in rows {
        for (slot, m) in out.iter_mut().zip(row) {
            *slot = Money::from_fen(slot.fen() + m.fen());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::plan::fixtures::{seed_plan, tactic};
    use crate::budget::plan::Quarters;
    use proptest::prelude::*;

    fn fen(row: &ByQuarter) -> [i64; 4] {
        row.map(|m| m.fen())
    }

    #[test]
    fn even_custom_and_tactic_driven_splits() {
        let plan = seed_plan(
            1_000_000,
            vec![
                tactic(
                    1,
                    "offline_events",
                    300_000,
                    Quarters::single(2).expect("q"),
                    0,
                ),
                tactic(
                    2,
                    "offline_events",
                    100_000,
                    Quarters::single(4).expect("q"),
                    0,
                ),
            ],
        );
        let even = channel_quarters(&plan, &QuarterSplit::Even).expect("even");
        assert_eq!(fen(&even[0]), [17_500_000; 4], "70万 in four equal parts");
        let weighted = channel_quarters(
            &plan,
            &QuarterSplit::Weights {
                weights: [1, 2, 2, 1],
            },
        )
        .expect("weights");
        assert_eq!(
            fen(&weighted[0]),
            [11_666_667, 23_333_333, 23_333_333, 11_666_667]
        );
        let by_tactics = channel_quarters(&plan, &QuarterSplit::ByTactics).expect("tactics");
        assert_eq!(
            fen(&by_tactics[0]),
            [0, 52_500_000, 0, 17_500_000],
            "follows Q2 and Q4 tactics 3:1"
        );
        assert_eq!(
            fen(&by_tactics[1]),
            [1_500_000; 4],
            "no tactics: even (线上推广 6万)"
        );
        assert!(channel_quarters(&plan, &QuarterSplit::Weights { weights: [0; 4] }).is_err());
    }

    #[test]
    fn split_modes_round_trip_through_their_stored_codes() {
        for mode in [
            QuarterSplit::Even,
            QuarterSplit::ByTactics,
            QuarterSplit::weights([1, 2, 2, 1]).expect("weights"),
        ] {
            assert_eq!(
                QuarterSplit::from_code(&mode.code()),
                Ok(mode.clone()),
                "{mode:?}"
            );
        }
        for bad in [
            "",
            "weights:",
            "weights:1,2,3",
            "weights:0,0,0,0",
            "weights:a,b,c,d",
            "odd",
        ] {
            assert!(QuarterSplit::from_code(bad).is_err(), "{bad:?} is refused");
        }
    }

    proptest! {
        #[test]
        fn every_channel_row_sums_to_its_budget(
            total in 0i64..=10_000_000_000,
            amounts in proptest::collection::vec((0i64..=5_000_000, 1u8..=15), 0..30),
            weights in proptest::array::uniform4(0u32..1000),
        ) {
            let tactics = amounts
                .iter()
                .enumerate()
                .map(|(i, &(yuan, mask))| tactic(i as i64, "offline_events", yuan, Quarters::from_mask(mask).expect("mask"), 0))
                .collect();
            let plan = seed_plan(total, tactics);
            let budgets = plan.channel_budgets();
            let mut modes = vec![QuarterSplit::Even, QuarterSplit::ByTactics];
            if weights.iter().any(|&w| w > 0) {
                modes.push(QuarterSplit::Weights { weights });
            }
            for mode in modes {
                let rows = channel_quarters(&plan, &mode).expect("splits");
                for (row, budget) in rows.iter().zip(&budgets) {
                    prop_assert_eq!(row.iter().map(|m| m.fen()).sum::<i64>(), budget.fen(), "{:?}", mode);
                }
                let totals = quarter_totals(&rows);
                prop_assert_eq!(totals.iter().map(|m| m.fen()).sum::<i64>(), plan.total().fen());
            }
            for t in plan.tactics() {
                prop_assert_eq!(tactic_quarters(t).iter().map(|m| m.fen()).sum::<i64>(), t.planned.fen());
            }
        }
    }
}
