//! Scenarios: a plan copied and changed ("−20% total", "move 10 points from events to online"),
//! compared channel by channel with another.

use serde::{Deserialize, Serialize};

use crate::budget::plan::{Outcomes, Plan, PlanChannel, Tactic};
use crate::{split_by_weights, CoreError, Money, Result, Share};

/// What a scenario assumes of the tactics' expected outputs when their money changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outputs {
    /// Each tactic keeps its cost per lead, MQL, SQL and deal and its revenue per yuan: its
    /// expected outputs scale with its money, rounded down, so a change of money alone never
    /// makes the forecast look better.
    #[default]
    FollowMoney,
    /// The outputs stay as planned: the user assumes the same results for the new money.
    Unchanged,
}

impl Outputs {
    pub fn code(self) -> &'static str {
        match self {
            Outputs::FollowMoney => "follow_money",
            Outputs::Unchanged => "unchanged",
        }
    }

    pub fn from_code(code: &str) -> Result<Outputs> {
        match code {
            "follow_money" => Ok(Outputs::FollowMoney),
            "unchanged" => Ok(Outputs::Unchanged),
            _ => Err(CoreError::UnknownCode {
                what: crate::Noun::Scenario,
                value: code.into(),
            }),
        }
    }

    /// What the compare view says of the forecast.
    pub fn explain(self, lang: crate::Lang) -> &'static str {
        match self {
            Outputs::FollowMoney => lang.pick(
                "预期产出随预算同比例变化：每个预算项的单条线索、MQL、SQL、成交成本和每元收入保持不变（向下取整）。",
                "Expected outputs change with the money: each tactic keeps its cost per lead, MQL, SQL and deal and its revenue per yuan (rounded down).",
            ),
            Outputs::Unchanged => lang.pick(
                "预期产出保持不变：假设用调整后的预算仍能取得原计划的线索、MQL、SQL、成交和收入——这是一个需要说明理由的假设。",
                "Expected outputs stay as planned: this assumes the new money brings the same leads, MQL, SQL, deals and revenue, an assumption to justify.",
            ),
        }
    }
}

/// Past this, a change of the total is a typo rather than a scenario (+1000% is 11 times).
const MAX_INCREASE_BP: i32 = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Adjustment {
    /// Scale the total and every tactic by (100% + change), e.g. −2000 bp for −20%, with the
    /// tactics' outputs as `outputs` says.
    ScaleTotal {
        change_bp: i32,
        #[serde(default)]
        outputs: Outputs,
    },
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

/// A percent change of the total as typed: `-20`, `+15`, `−12.5%`. Says what is wrong: not a
/// number, more than two decimals, a cut of the whole budget, an increase past +1000%.
pub fn parse_change(input: &str) -> Result<i32> {
    let text = input.trim().replace(['−', '－'], "-").replace('＋', "+");
    let text = text.trim_end_matches(['%', '％']).trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, text.trim_start_matches('+').trim()),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() || !numeric(int_part) || !numeric(frac_part) || int_part.len() > 6 {
        return Err(CoreError::InvalidPercentChange {
            input: input.trim().into(),
        });
    }
    if frac_part.len() > 2 {
        return Err(CoreError::TooManyDecimals {
            input: input.trim().into(),
            decimals: 2,
        });
    }
    let frac: i32 = format!("{frac_part:0<2}").parse().unwrap_or(0);
    let bp = int_part.parse::<i32>().unwrap_or(i32::MAX / 200) * 100 + frac;
    if negative && bp >= 10_000 {
        return Err(CoreError::CutsWholeBudget {
            input: input.trim().into(),
        });
    }
    if !negative && bp > MAX_INCREASE_BP {
        return Err(CoreError::ChangeTooLarge {
            input: input.trim().into(),
        });
    }
    Ok(if negative { -bp } else { bp })
}

/// Millionths: the precision of the quotas outputs are shared out by.
const MICRO: i128 = 1_000_000;

/// The tactics' expected outputs for their new money, keeping each tactic's cost per output.
/// A tactic's exact share of a count is old × new ÷ old money; the plan's total of each count
/// is the sum of those shares rounded down (so a change of money alone never improves the
/// plan's cost per lead, MQL, SQL or deal), shared out over the tactics by largest remainder.
/// Revenue scales per tactic, rounded down to the fen. A tactic without money keeps its outputs.
fn scaled_outputs(tactics: &[Tactic], new_planned: &[Money]) -> Vec<Outcomes> {
    let quota = |old: u64, t: &Tactic, new: Money| -> i128 {
        if t.planned.fen() <= 0 {
            return old as i128 * MICRO;
        }
        old as i128 * new.fen() as i128 * MICRO / t.planned.fen() as i128
    };
    let apportion = |pick: fn(&Outcomes) -> u64| -> Vec<u64> {
        let quotas: Vec<i128> = tactics
            .iter()
            .zip(new_planned)
            .map(|(t, &new)| quota(pick(&t.expected), t, new))
            .collect();
        let total = quotas.iter().sum::<i128>() / MICRO;
        let mut parts: Vec<i128> = quotas.iter().map(|q| q / MICRO).collect();
        let mut left = total - parts.iter().sum::<i128>();
        let mut order: Vec<usize> = (0..quotas.len()).collect();
        order.sort_by(|&a, &b| {
            (quotas[b] % MICRO)
                .cmp(&(quotas[a] % MICRO))
                .then(a.cmp(&b))
        });
        for i in order {
            if left <= 0 {
                break;
            }
            if quotas[i] % MICRO > 0 {
                parts[i] += 1;
                left -= 1;
            }
        }
        parts.into_iter().map(|p| p.max(0) as u64).collect()
    };
    let leads = apportion(|o| o.leads);
    let mql = apportion(|o| o.mql);
    let sql = apportion(|o| o.sql);
    let deals = apportion(|o| o.deals);
    tactics
        .iter()
        .zip(new_planned)
        .enumerate()
        .map(|(i, (t, &new))| Outcomes {
            leads: leads[i],
            mql: mql[i],
            sql: sql[i],
            deals: deals[i],
            revenue: if t.planned.fen() <= 0 {
                t.expected.revenue
            } else {
                Money::from_fen(
                    (t.expected.revenue.fen() as i128 * new.fen() as i128 / t.planned.fen() as i128)
                        as i64,
                )
            },
        })
        .collect()
}

/// A new plan with one adjustment applied; the original is untouched.
pub fn apply(plan: &Plan, adjustment: &Adjustment) -> Result<Plan> {
    match adjustment {
        Adjustment::ScaleTotal { change_bp, outputs } => {
            let factor = 10_000 + *change_bp as i64;
            if factor <= 0 {
                return Err(CoreError::CutsWholeBudget {
                    input: format!("{}.{:02}", change_bp / 100, (change_bp % 100).abs()),
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
            let expected = match outputs {
                Outputs::FollowMoney => scaled_outputs(plan.tactics(), &amounts),
                Outputs::Unchanged => plan.tactics().iter().map(|t| t.expected).collect(),
            };
            let tactics: Vec<Tactic> = plan
                .tactics()
                .iter()
                .zip(amounts)
                .zip(expected)
                .map(|((t, planned), expected)| Tactic {
                    planned,
                    expected,
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
                return Err(CoreError::MoveExceedsShare {
                    channel: channels[fi].name.clone(),
                    points: *points,
                    share: channels[fi].share,
                });
            }
            if fi == ti {
                return Err(CoreError::MoveToSameChannel {
                    channel: channels[fi].name.clone(),
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
        let smaller = apply(
            &plan,
            &Adjustment::ScaleTotal {
                change_bp: -2_000,
                outputs: Outputs::FollowMoney,
            },
        )
        .expect("scale");
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
        assert_eq!(
            apply(&plan, &too_much).map_err(|e| e.message(crate::Lang::ZhCn)),
            Err("社群只占 2.0%，移不出 3.0 个百分点。".to_string()),
            "社群 has only 2%, and the sentence says so"
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
        for cut in [-10_000, -10_001] {
            assert!(matches!(
                apply(
                    &plan,
                    &Adjustment::ScaleTotal {
                        change_bp: cut,
                        outputs: Outputs::FollowMoney
                    }
                ),
                Err(CoreError::CutsWholeBudget { .. })
            ));
        }
        assert!(apply(
            &plan,
            &Adjustment::SetTotal {
                total: Money::from_fen(-5)
            }
        )
        .is_err());
    }

    #[test]
    fn changes_are_read_as_typed_and_refused_with_the_reason() {
        assert_eq!(parse_change("-20"), Ok(-2_000));
        assert_eq!(parse_change("−12.5%"), Ok(-1_250));
        assert_eq!(parse_change("+15"), Ok(1_500));
        assert_eq!(
            parse_change("150"),
            Ok(15_000),
            "more than doubling is a scenario"
        );
        let code = |s: &str| parse_change(s).map_err(|e| e.code());
        assert_eq!(
            code("-33.333"),
            Err("too_many_decimals"),
            "the third decimal, not the sign"
        );
        assert_eq!(code("-100"), Err("cuts_whole_budget"));
        assert_eq!(code("-150"), Err("cuts_whole_budget"));
        assert_eq!(code("abc"), Err("invalid_percent_change"));
        assert_eq!(code("2000"), Err("change_too_large"));
        let said = parse_change("-33.333").map_err(|e| e.message(crate::Lang::ZhCn));
        assert!(
            matches!(&said, Err(m) if m.contains("小数超过 2 位")),
            "{said:?}"
        );
    }

    #[test]
    fn a_cut_keeps_each_tactics_cost_per_output_unless_told_otherwise() {
        let mut summit = tactic(1, "offline_events", 300_000, Quarters::ALL_YEAR, 300);
        summit.expected.mql = 90;
        summit.expected.sql = 20;
        summit.expected.deals = 3;
        summit.expected.revenue = Money::from_yuan(1_440_000);
        let plan = seed_plan(2_000_000, vec![summit]);
        let cut = |outputs| {
            apply(
                &plan,
                &Adjustment::ScaleTotal {
                    change_bp: -2_000,
                    outputs,
                },
            )
            .expect("scale")
        };
        let honest = cut(Outputs::FollowMoney);
        let t = &honest.tactics()[0];
        assert_eq!(t.planned, Money::from_yuan(240_000));
        assert_eq!(
            (
                t.expected.leads,
                t.expected.mql,
                t.expected.sql,
                t.expected.deals
            ),
            (240, 72, 16, 2),
            "outputs scale with the money, rounded down (2.4 deals are 2)"
        );
        assert_eq!(t.expected.revenue, Money::from_yuan(1_152_000));
        let before = crate::forecast_total(&plan);
        let after = crate::forecast_total(&honest);
        assert!(
            after.roi <= before.roi && after.cost_per_lead >= before.cost_per_lead,
            "a cut alone never makes the forecast look better: {:?} → {:?}",
            before.roi,
            after.roi
        );
        let assumed = cut(Outputs::Unchanged);
        assert_eq!(
            assumed.tactics()[0].expected,
            plan.tactics()[0].expected,
            "the user may say the results stay the same"
        );
    }

    proptest! {
        #[test]
        fn scaling_money_never_improves_any_ratio_by_itself(
            planned in 1i64..=5_000_000,
            leads in 0u64..=5_000,
            revenue in 0i64..=50_000_000,
            change in -9_999i32..=10_000,
        ) {
            let mut t = tactic(1, "community", planned, Quarters::ALL_YEAR, leads);
            t.expected.revenue = Money::from_yuan(revenue);
            let plan = seed_plan(100_000_000, vec![t]);
            let b = apply(&plan, &Adjustment::ScaleTotal { change_bp: change, outputs: Outputs::FollowMoney }).expect("scale");
            let (before, after) = (crate::forecast_total(&plan), crate::forecast_total(&b));
            if let (Some(x), Some(y)) = (before.revenue_multiple, after.revenue_multiple) {
                prop_assert!(y <= x, "revenue per yuan {x} → {y}");
            }
            // Cost per lead is compared exactly (rounded figures could tie either way).
            let (c0, c1) = (plan.tactics()[0].planned.fen() as i128, b.tactics()[0].planned.fen() as i128);
            let (l0, l1) = (plan.tactics()[0].expected.leads as i128, b.tactics()[0].expected.leads as i128);
            prop_assert!(l1 * c0 <= l0 * c1, "leads per yuan never rises: {l0}/{c0} → {l1}/{c1}");
        }

        #[test]
        fn a_plan_of_many_tactics_keeps_its_cost_per_output_within_one_unit(
            tactics in proptest::collection::vec((1i64..=1_000_000, 0u64..=40), 1..25),
            change in -9_000i32..=10_000,
        ) {
            let plan = seed_plan(
                100_000_000,
                tactics.iter().enumerate().map(|(i, &(y, deals))| {
                    let mut t = tactic(i as i64, "community", y, Quarters::ALL_YEAR, deals * 10);
                    t.expected.deals = deals;
                    t
                }).collect(),
            );
            let b = apply(&plan, &Adjustment::ScaleTotal { change_bp: change, outputs: Outputs::FollowMoney }).expect("scale");
            let (c0, c1) = (plan.tactics_total().fen() as i128, b.tactics_total().fen() as i128);
            let sum = |p: &Plan, f: fn(&Outcomes) -> u64| p.tactics().iter().map(|t| f(&t.expected) as i128).sum::<i128>();
            for f in [(|o: &Outcomes| o.leads) as fn(&Outcomes) -> u64, |o| o.deals] {
                let (n0, n1) = (sum(&plan, f), sum(&b, f));
                prop_assert!(n1 * c0 <= n0 * c1 + c0, "per yuan never rises beyond money's own rounding: {n0}/{c0} → {n1}/{c1}");
                // Whole units are not lost to rounding tactic by tactic: within one of exact.
                prop_assert!((n1 * c0 - n0 * c1).abs() <= c0 + n0.max(1) * 2, "{n0}/{c0} → {n1}/{c1}");
            }
            for (t0, t1) in plan.tactics().iter().zip(b.tactics()) {
                let exact = t0.expected.deals as i128 * t1.planned.fen() as i128;
                let got = t1.expected.deals as i128 * t0.planned.fen() as i128;
                prop_assert!((got - exact).abs() < t0.planned.fen() as i128, "each tactic within one deal of its exact share");
            }
        }

        #[test]
        fn scaling_keeps_tactics_adding_up_and_deltas_sum_to_the_total_change(
            total in 0i64..=100_000_000,
            amounts in proptest::collection::vec(0i64..=1_000_000, 0..20),
            change in -9_999i32..=10_000,
        ) {
            let tactics = amounts.iter().enumerate().map(|(i, &y)| tactic(i as i64, "community", y, Quarters::ALL_YEAR, 0)).collect();
            let plan = seed_plan(total, tactics);
            let b = apply(&plan, &Adjustment::ScaleTotal { change_bp: change, outputs: Outputs::FollowMoney }).expect("scale");
            prop_assert_eq!(b.tactics_total(), scale(plan.tactics_total(), 10_000 + change as i64));
            let rows = compare(&plan, &b);
            let delta: i64 = rows.iter().map(|r| r.delta.fen()).sum();
            prop_assert_eq!(delta, b.total().fen() - plan.total().fen(), "shares are 100%, so deltas cover the whole change");
        }
    }
}
