use serde::{Deserialize, Serialize};

use crate::budget::plan::Plan;
use crate::budget::tracking::{track_tactics, SpendEntry};
use crate::{ChannelKind, Lang, Money, Share};

/// What a channel's share must stay within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Bound {
    /// Within `tolerance` of `target` either way ("≈70%").
    About {
        target: Share,
        tolerance: Share,
    },
    AtMost {
        limit: Share,
    },
    AtLeast {
        limit: Share,
    },
}

impl Bound {
    /// Builds a bound from its stored parts; `tolerance` only matters for `about`.
    pub fn from_parts(kind: &str, target: Share, tolerance: Share) -> crate::Result<Bound> {
        match kind {
            "about" => Ok(Bound::About { target, tolerance }),
            "at_most" => Ok(Bound::AtMost { limit: target }),
            "at_least" => Ok(Bound::AtLeast { limit: target }),
            _ => Err(crate::CoreError::UnknownCode {
                what: crate::Noun::GuardrailKind,
                value: kind.into(),
            }),
        }
    }

    pub fn kind_code(&self) -> &'static str {
        match self {
            Bound::About { .. } => "about",
            Bound::AtMost { .. } => "at_most",
            Bound::AtLeast { .. } => "at_least",
        }
    }

    /// The share the rule is about: the target of `about`, the limit of the others.
    pub fn target(&self) -> Share {
        match *self {
            Bound::About { target, .. } => target,
            Bound::AtMost { limit } | Bound::AtLeast { limit } => limit,
        }
    }

    pub fn tolerance(&self) -> Share {
        match *self {
            Bound::About { tolerance, .. } => tolerance,
            Bound::AtMost { .. } | Bound::AtLeast { .. } => Share::ZERO,
        }
    }

    pub fn allows(&self, share: Share) -> bool {
        let s = share.basis_points();
        match *self {
            Bound::About { target, tolerance } => {
                s.abs_diff(target.basis_points()) <= tolerance.basis_points()
            }
            Bound::AtMost { limit } => s <= limit.basis_points(),
            Bound::AtLeast { limit } => s >= limit.basis_points(),
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Bound::About { target, tolerance }, Lang::ZhCn) => {
                format!("约 {target}（±{tolerance}）")
            }
            (Bound::About { target, tolerance }, Lang::En) => {
                format!("about {target} (±{tolerance})")
            }
            (Bound::AtMost { limit }, Lang::ZhCn) => format!("不超过 {limit}"),
            (Bound::AtMost { limit }, Lang::En) => format!("at most {limit}"),
            (Bound::AtLeast { limit }, Lang::ZhCn) => format!("不低于 {limit}"),
            (Bound::AtLeast { limit }, Lang::En) => format!("at least {limit}"),
        }
    }
}

/// A rule the plan sets itself: a channel, a bound on its share, and why (shown with the breach).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardrail {
    pub channel: String,
    pub bound: Bound,
    pub message: String,
}

/// The seed author's rules (seed 000): offline events about 70%, association fees at most 15%,
/// collateral about 10%. `tolerance` applies to the "about" rules. Their messages are left empty:
/// [`built_in_message`] words them in the reader's language.
pub fn default_guardrails(tolerance: Share) -> Vec<Guardrail> {
    let pct = |bp: u32| Share::from_basis_points(bp).unwrap_or(Share::ZERO);
    let rule = |channel: ChannelKind, bound: Bound| Guardrail {
        channel: channel.code().into(),
        bound,
        message: String::new(),
    };
    vec![
        rule(
            ChannelKind::OfflineEvents,
            Bound::About {
                target: pct(7_000),
                tolerance,
            },
        ),
        rule(ChannelKind::Alliances, Bound::AtMost { limit: pct(1_500) }),
        rule(
            ChannelKind::Collateral,
            Bound::About {
                target: pct(1_000),
                tolerance,
            },
        ),
    ]
}

/// Why the brief's rule for a seed channel exists, for rules whose message the user left empty.
/// Only while the rule is still the brief's (same kind and target): a rule changed to "at most
/// 60%" would otherwise be explained with "about 70%".
pub fn built_in_message(channel: &str, bound: &Bound, lang: Lang) -> Option<&'static str> {
    let is_default = default_guardrails(bound.tolerance()).iter().any(|g| {
        g.channel == channel
            && g.bound.kind_code() == bound.kind_code()
            && g.bound.target() == bound.target()
    });
    if !is_default {
        return None;
    }
    let text = match ChannelKind::from_code(channel).ok()? {
        ChannelKind::OfflineEvents => lang.pick(
            "线下活动是花钱大头，约占预算 70%；偏离太多说明计划结构变了，需要向领导解释。",
            "Offline events are the biggest spend, about 70%; a large deviation changes the plan's shape and needs explaining.",
        ),
        ChannelKind::Alliances => lang.pick(
            "联盟/协会只计会费，控制在 15% 以内；它们主办的活动算在线下活动里。",
            "Alliances are membership fees only, at most 15%; events they host count as offline events.",
        ),
        ChannelKind::Collateral => lang.pick(
            "基础资料/物料（手册、案例、官网、视频）一般约 10%。",
            "Collateral (brochures, cases, website, video) is usually about 10%.",
        ),
        _ => return None,
    };
    Some(text)
}

/// Something in the plan that breaks its own rules or does not add up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Breach {
    /// A channel's share is outside its guardrail.
    Share {
        channel: String,
        name: String,
        actual: Share,
        bound: Bound,
        message: String,
    },
    /// The channel's tactics cost more than the channel's budget.
    TacticsOverChannel {
        channel: String,
        name: String,
        tactics: Money,
        budget: Money,
    },
    /// Channel shares add up to less than 100%: this much of the total has no channel.
    SharesUnderWhole { unassigned: Money, assigned: Share },
    /// Tactics add up to less than the total: money not yet planned.
    Unallocated { amount: Money },
    /// Tactics add up to more than the total.
    OverAllocated { amount: Money },
    /// A tactic is planned below what is already committed or paid for it.
    PlannedBelowSpend {
        tactic_id: i64,
        name: String,
        planned: Money,
        committed: Money,
        paid: Money,
    },
}

impl Breach {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Breach::Share {
                    channel,
                    name,
                    actual,
                    bound,
                    message,
                },
                _,
            ) => {
                let why = if message.is_empty() {
                    built_in_message(channel, bound, lang).unwrap_or_default()
                } else {
                    message
                };
                match lang {
                    Lang::ZhCn => {
                        format!("{name}占 {actual}，规则是{}。{why}", bound.describe(lang))
                    }
                    Lang::En => format!(
                        "{name} is {actual}; the rule is {}. {why}",
                        bound.describe(lang)
                    ),
                }
            }
            (
                Breach::TacticsOverChannel {
                    name,
                    tactics,
                    budget,
                    ..
                },
                Lang::ZhCn,
            ) => format!(
                "{name}的预算项合计 {tactics}，比渠道预算 {budget} 多 {}。",
                Money::from_fen(tactics.fen() - budget.fen())
            ),
            (
                Breach::TacticsOverChannel {
                    name,
                    tactics,
                    budget,
                    ..
                },
                Lang::En,
            ) => format!(
                "{name}'s tactics add up to {tactics}, {} over its budget of {budget}.",
                Money::from_fen(tactics.fen() - budget.fen())
            ),
            (
                Breach::SharesUnderWhole {
                    unassigned,
                    assigned,
                },
                Lang::ZhCn,
            ) => {
                format!("各渠道占比合计 {assigned}，还有 {unassigned} 没有分到渠道。")
            }
            (
                Breach::SharesUnderWhole {
                    unassigned,
                    assigned,
                },
                Lang::En,
            ) => {
                format!("Channel shares add up to {assigned}; {unassigned} has no channel yet.")
            }
            (Breach::Unallocated { amount }, Lang::ZhCn) => {
                format!("还有 {amount} 没有落到具体预算项。")
            }
            (Breach::Unallocated { amount }, Lang::En) => {
                format!("{amount} is not yet in any tactic.")
            }
            (Breach::OverAllocated { amount }, Lang::ZhCn) => {
                format!("预算项合计超出总预算 {amount}。")
            }
            (Breach::OverAllocated { amount }, Lang::En) => {
                format!("Tactics exceed the total by {amount}.")
            }
            (
                Breach::PlannedBelowSpend {
                    name,
                    planned,
                    committed,
                    paid,
                    ..
                },
                _,
            ) => {
                let (word, spent) = if paid >= committed {
                    (lang.pick("已支付", "paid"), *paid)
                } else {
                    (lang.pick("已承诺", "committed"), *committed)
                };
                let over = Money::from_fen(spent.fen() - planned.fen());
                match lang {
                    Lang::ZhCn => format!("“{name}”{word} {spent}，计划 {planned}，超出 {over}。"),
                    Lang::En => {
                        format!("“{name}”: {word} {spent}, planned {planned}, {over} over.")
                    }
                }
            }
        }
    }

    /// Warnings break a rule or overspend; notices are work not yet done.
    pub fn is_warning(&self) -> bool {
        !matches!(
            self,
            Breach::Unallocated { .. } | Breach::SharesUnderWhole { .. }
        )
    }
}

/// Every breach of `rules` and every money mismatch in the plan, warnings first: shares outside
/// their rules, tactics planned below what `spend` (entries by the plan's tactic ids) already
/// committed or paid, channels and the total overspent by their tactics. Rules for channels
/// the plan does not have are skipped (a three-block plan has no 线下活动 channel).
pub fn check(plan: &Plan, rules: &[Guardrail], spend: &[SpendEntry]) -> Vec<Breach> {
    let mut out = Vec::new();
    if !spend.is_empty() {
        for ((id, t), tactic) in track_tactics(plan, spend).into_iter().zip(plan.tactics()) {
            if t.remaining.is_negative() {
                out.push(Breach::PlannedBelowSpend {
                    tactic_id: id,
                    name: tactic.name.clone(),
                    planned: t.planned,
                    committed: t.committed,
                    paid: t.actual,
                });
            }
        }
    }
    for rule in rules {
        let Some(channel) = plan.channel(&rule.channel) else {
            continue;
        };
        if !rule.bound.allows(channel.share) {
            out.push(Breach::Share {
                channel: channel.code.clone(),
                name: channel.name.clone(),
                actual: channel.share,
                bound: rule.bound,
                message: rule.message.trim().to_string(),
            });
        }
    }
    for (channel, budget) in plan.channels().iter().zip(plan.channel_budgets()) {
        let tactics = plan.tactics_total_of(&channel.code);
        if tactics > budget {
            out.push(Breach::TacticsOverChannel {
                channel: channel.code.clone(),
                name: channel.name.clone(),
                tactics,
                budget,
            });
        }
    }
    let tactics = plan.tactics_total();
    let remaining = plan.total().fen() - tactics.fen();
    if remaining < 0 {
        out.push(Breach::OverAllocated {
            amount: Money::from_fen(-remaining),
        });
    }
    let unassigned = plan.unassigned_by_shares();
    if unassigned > Money::ZERO {
        out.push(Breach::SharesUnderWhole {
            unassigned,
            assigned: Share::from_basis_points(plan.assigned_share()).unwrap_or(Share::WHOLE),
        });
    }
    if remaining > 0 {
        out.push(Breach::Unallocated {
            amount: Money::from_fen(remaining),
        });
    }
    out.sort_by_key(|b| !b.is_warning());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::plan::fixtures::{seed_plan, tactic};
    use crate::budget::plan::Quarters;

    fn five_points() -> Share {
        Share::from_basis_points(500).expect("share")
    }

    #[test]
    fn the_seed_template_keeps_its_own_rules() {
        let plan = seed_plan(2_000_000, vec![]);
        let breaches = check(&plan, &default_guardrails(five_points()), &[]);
        assert_eq!(
            breaches,
            vec![Breach::Unallocated {
                amount: Money::from_yuan(2_000_000)
            }],
            "only the unplanned money is reported"
        );
    }

    #[test]
    fn a_tactic_planned_below_its_spend_is_a_breach_worded_with_both_amounts() {
        use crate::budget::tracking::{SpendEntry, SpendKind};
        let plan = seed_plan(
            2_000_000,
            vec![tactic(7, "offline_events", 240_000, Quarters::ALL_YEAR, 0)],
        );
        let paid = SpendEntry {
            tactic_id: 7,
            quarter: 2,
            kind: SpendKind::Actual,
            amount: Money::from_yuan(300_000),
        };
        let breaches = check(&plan, &[], std::slice::from_ref(&paid));
        let below: Vec<String> = breaches
            .iter()
            .filter(|b| matches!(b, Breach::PlannedBelowSpend { .. }))
            .map(|b| b.message(Lang::ZhCn))
            .collect();
        assert_eq!(
            below,
            ["“tactic 7”已支付 ¥300,000.00，计划 ¥240,000.00，超出 ¥60,000.00。"]
        );
        assert!(breaches[0].is_warning(), "a warning, listed first");
        let enough = seed_plan(
            2_000_000,
            vec![tactic(7, "offline_events", 300_000, Quarters::ALL_YEAR, 0)],
        );
        assert!(
            !check(&enough, &[], &[paid])
                .iter()
                .any(|b| matches!(b, Breach::PlannedBelowSpend { .. })),
            "planned exactly what was paid"
        );
    }

    #[test]
    fn breaches_are_found_and_worded() {
        let base = seed_plan(2_000_000, vec![]);
        let mut channels = base.channels().to_vec();
        channels[0].share = Share::from_basis_points(5_000).expect("share"); // events 50%
        channels[4].share = Share::from_basis_points(2_000).expect("share"); // alliances 20%
        let tactics = vec![
            tactic(1, "community", 50_000, Quarters::ALL_YEAR, 0), // 社群 budget is 4万
            tactic(2, "offline_events", 2_000_000, Quarters::ALL_YEAR, 0),
        ];
        let plan = base.with(base.total(), channels, tactics).expect("valid");
        let breaches = check(&plan, &default_guardrails(five_points()), &[]);
        let codes: Vec<String> = breaches
            .iter()
            .map(|b| match b {
                Breach::Share { channel, .. } => format!("share:{channel}"),
                Breach::TacticsOverChannel { channel, .. } => format!("over:{channel}"),
                Breach::SharesUnderWhole { .. } => "under".into(),
                Breach::Unallocated { .. } => "unallocated".into(),
                Breach::OverAllocated { .. } => "overallocated".into(),
                Breach::PlannedBelowSpend { .. } => "below_spend".into(),
            })
            .collect();
        assert_eq!(
            codes,
            vec![
                "share:offline_events",
                "share:alliances",
                "over:offline_events",
                "over:community",
                "overallocated",
                "under"
            ]
        );
        let events = breaches[0].message(Lang::ZhCn);
        assert!(
            events.starts_with("线下活动占 50.0%，规则是约 70.0%（±5.0%）。"),
            "{events}"
        );
        let over = breaches[3].message(Lang::En);
        assert_eq!(
            over,
            "社群's tactics add up to ¥50,000.00, ¥10,000.00 over its budget of ¥40,000.00."
        );
    }

    #[test]
    fn an_empty_message_reads_as_the_built_in_one_in_the_readers_language() {
        let base = seed_plan(2_000_000, vec![]);
        let mut channels = base.channels().to_vec();
        channels[5].share = Share::from_basis_points(2_000).expect("share"); // collateral 20%
        channels[0].share = Share::from_basis_points(6_000).expect("share");
        let plan = base.with(base.total(), channels, vec![]).expect("valid");
        let mut rules = default_guardrails(five_points());
        let first = check(&plan, &rules, &[]);
        assert!(
            first[1]
                .message(Lang::En)
                .ends_with("is usually about 10%."),
            "{}",
            first[1].message(Lang::En)
        );
        assert!(first[1].message(Lang::ZhCn).ends_with("一般约 10%。"));
        rules[0].bound = Bound::AtMost {
            limit: Share::from_basis_points(5_000).expect("share"),
        };
        let changed = check(&plan, &rules, &[]);
        assert_eq!(
            changed[0].message(Lang::ZhCn),
            "线下活动占 60.0%，规则是不超过 50.0%。",
            "a changed rule is not explained with the brief's 70%"
        );
        rules[2].message = "  物料今年要重做官网。 ".into();
        let custom = check(&plan, &rules, &[]);
        assert!(
            custom[1]
                .message(Lang::En)
                .ends_with("the rule is about 10.0% (±5.0%). 物料今年要重做官网。"),
            "the user's own words, trimmed: {}",
            custom[1].message(Lang::En)
        );
    }

    #[test]
    fn bounds_round_trip_through_their_stored_parts() {
        let t = Share::from_basis_points(1_500).expect("share");
        for b in [
            Bound::About {
                target: t,
                tolerance: five_points(),
            },
            Bound::AtMost { limit: t },
            Bound::AtLeast { limit: t },
        ] {
            assert_eq!(
                Bound::from_parts(b.kind_code(), b.target(), b.tolerance()),
                Ok(b)
            );
        }
        assert!(Bound::from_parts("roughly", t, t).is_err());
    }

    #[test]
    fn bounds_are_inclusive() {
        let seventy = Share::from_basis_points(7_000).expect("share");
        let about = Bound::About {
            target: seventy,
            tolerance: five_points(),
        };
        for (bp, ok) in [(6_500, true), (7_500, true), (6_499, false), (7_501, false)] {
            assert_eq!(
                about.allows(Share::from_basis_points(bp).expect("share")),
                ok,
                "{bp}"
            );
        }
        assert!(Bound::AtMost { limit: seventy }.allows(seventy));
        assert!(!Bound::AtLeast { limit: seventy }.allows(Share::ZERO));
    }
}
