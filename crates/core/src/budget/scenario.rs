//! Scenarios: a plan copied and changed ("−20% total", "move 10 points from events to online"),
//! compared channel by channel with another.

use serde::{Deserialize, Serialize};

use crate::budget::plan::{Plan, PlanChannel, Tactic};
use crate::{split_by_weights, CoreError, Money, Result, Share};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Adjustment {
    /// Scale the total and every tactic by (100% + change), e.g. −2000 bp for −20%.
    ScaleTotal { change_bp: i32 },
    /// Set the total; tactics keep their amounts.
    SetTotal { total: Money },
    /// Move share points from one channel to another; tactics keep their amounts.
    MoveShare {
        from: String,
        to: String,
        points: Share,
    },
}

fn scale(m: Money, factor_bp: i64) -> Money {
    let v = m.fen() as i128 * factor_bp as i128;
    Money::from_fen(((v + 5_000) / 10_000) as i64)
}

/// A new plan with one adjustment applied; the original is untouched.
pub fn apply(plan: &Plan, adjustment: &Adjustment) -> Result<Plan> {
    match adjustment {
        Adjustment::ScaleTotal { change_bp } => {
            let factor = 10_000 + *change_bp as i64;
            if factor < 0 {
                return Err(CoreError::NegativeAmount {
                    what: "total".into(),
                });
            }
            let total = scale(plan.total(), factor);
            let old: Vec<u64> = plan
                .tactics()
                .iter()
                .map(|t| t.planned.fen() as u64)
                .collect();
            let new_sum = scale(plan.tactics_total(), factor);
            // Scaled as a whole and shared out by largest remainder, so the tactics still add up.
            let amounts = if old.iter().all(|&w| w == 0) {
                vec![Money::ZERO; old.len()]
            } else {
                split_by_weights(new_sum, &old)?
            };
            let tactics: Vec<Tactic> = plan
                .tactics()
                .iter()
                .zip(amounts)
                .map(|(t, planned)| Tactic {
                    planned,
                    ..t.clone()
                })
                .collect();
            plan.with(total, plan.channels().to_vec(), tactics)
        }
        Adjustment::SetTotal { total } => {
            plan.with(*total, plan.channels().to_vec(), plan.tactics().to_vec())
        }
        Adjustment::MoveShare { from, to, points } => {
            let mut channels: Vec<PlanChannel> = plan.channels().to_vec();
            let fi = channels.iter().position(|c| &c.code == from);
            let ti = channels.iter().position(|c| &c.code == to);
            let (Some(fi), Some(ti)) = (fi, ti) else {
                let missing = if fi.is_none() { from } else { to };
                return Err(CoreError::UnknownChannel {
                    code: missing.clone(),
                });
            };
            let p = points.basis_points();
            let have = channels[fi].share.basis_points();
            if p > have {
                return Err(CoreError::InvalidShare {
                    input: format!("{points} > {}", channels[fi].share),
                });
            }
            channels[fi].share = Share::from_basis_points(have - p)?;
            channels[ti].share = Share::from_basis_points(channels[ti].share.basis_points() + p)?;
            plan.with(plan.total(), channels, plan.tactics().to_vec())
        }
    }
}

/// One channel in two plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelComparison {
    pub code: String,
    pub name: String,
    pub share_a: Share,
    pub share_b: Share,
    pub budget_a: Money,
    pub budget_b: Money,
    /// budget_b − budget_a
    pub delta: Money,
}

/// Channel by channel: every channel of `a` in order, then channels only `b` has.
pub fn compare(a: &Plan, b: &Plan) -> Vec<ChannelComparison> {
    let budgets_a = a.channel_budgets();
    let budgets_b = b.channel_budgets();
    let find = |plan: &Plan, budgets: &[Money], code: &str| {
        plan.channels()
            .iter()
            .position(|c| c.code == code)
            .map(|i| (plan.channels()[i].share, budgets[i]))
            .unwrap_or((Share::ZERO, Money::ZERO))
    };
    let mut codes: Vec<(&str, &str)> = a
        .channels()
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    for c in b.channels() {
        if !codes.iter().any(|(code, _)| *code == c.code) {
            codes.push((&c.code, &c.name));
        }
    }
    codes
        .into_iter()
        .map(|(code, name)| {
            let (share_a, budget_a) = find(a, &budgets_a, code);
            let (share_b, budget_b) = find(b, &budgets_b, code);
            ChannelComparison {
                code: code.into(),
                name: name.into(),
                share_a,
                share_b,
                budget_a,
                budget_b,
                delta: Money::from_fen(budget_b.fen() - budget_a.fen()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::plan::fixtures::{seed_plan, tactic};
    use crate::budget::plan::Quarters;
    use proptest::prelude::*;

    fn points(bp: u32) -> Share {
        Share::from_basis_points(bp).expect("share")
    }

    #[test]
    fn minus_twenty_percent_and_ten_points_to_online() {
        let plan = seed_plan(
            2_000_000,
            vec![
                tactic(1, "offline_events", 300_000, Quarters::ALL_YEAR, 0),
                tactic(2, "online_promotion", 100_000, Quarters::ALL_YEAR, 0),
            ],
        );
        let smaller = apply(&plan, &Adjustment::ScaleTotal { change_bp: -2_000 }).expect("scale");
        assert_eq!(smaller.total(), Money::from_yuan(1_600_000));
        assert_eq!(smaller.tactics()[0].planned, Money::from_yuan(240_000));
        let moved = apply(
            &smaller,
            &Adjustment::MoveShare {
                from: "offline_events".into(),
                to: "online_promotion".into(),
                points: points(1_000),
            },
        )
        .expect("move");
        let rows = compare(&plan, &moved);
        assert_eq!(
            (rows[0].share_b, rows[1].share_b),
            (points(6_000), points(1_600))
        );
        assert_eq!(rows[0].budget_b, Money::from_yuan(960_000), "60% of 160万");
        assert_eq!(rows[0].delta, Money::from_yuan(960_000 - 1_400_000));
        assert_eq!(
            plan.total(),
            Money::from_yuan(2_000_000),
            "the original plan is untouched"
        );
    }

    #[test]
    fn impossible_adjustments_are_refused() {
        let plan = seed_plan(1_000, vec![]);
        let too_much = Adjustment::MoveShare {
            from: "community".into(),
            to: "rankings".into(),
            points: points(300),
        };
        assert!(
            matches!(apply(&plan, &too_much), Err(CoreError::InvalidShare { .. })),
            "社群 has only 2%"
        );
        let unknown = Adjustment::MoveShare {
            from: "nope".into(),
            to: "rankings".into(),
            points: points(1),
        };
        assert!(matches!(
            apply(&plan, &unknown),
            Err(CoreError::UnknownChannel { .. })
        ));
        assert!(apply(&plan, &Adjustment::ScaleTotal { change_bp: -10_001 }).is_err());
        assert!(apply(
            &plan,
            &Adjustment::SetTotal {
                total: Money::from_fen(-5)
            }
        )
        .is_err());
    }

    proptest! {
        #[test]
        fn scaling_keeps_tactics_adding_up_and_deltas_sum_to_the_total_change(
            total in 0i64..=100_000_000,
            amounts in proptest::collection::vec(0i64..=1_000_000, 0..20),
            change in -10_000i32..=10_000,
        ) {
            let tactics = amounts.iter().enumerate().map(|(i, &y)| tactic(i as i64, "community", y, Quarters::ALL_YEAR, 0)).collect();
            let plan = seed_plan(total, tactics);
            let b = apply(&plan, &Adjustment::ScaleTotal { change_bp: change }).expect("scale");
            prop_assert_eq!(b.tactics_total(), scale(plan.tactics_total(), 10_000 + change as i64));
            let rows = compare(&plan, &b);
            let delta: i64 = rows.iter().map(|r| r.delta.fen()).sum();
            prop_assert_eq!(delta, b.total().fen() - plan.total().fen(), "shares are 100%, so deltas cover the whole change");
        }
    }
}
