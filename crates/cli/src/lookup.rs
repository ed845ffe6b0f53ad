//! Turning what a user types on the command line (a channel name, a tactic name or id, "Q2,Q3")
//! into what the API's forms take. Refusals are sentences in the user's language.

use marketdesk_api::{ApiError, BudgetOverview, ChannelView, TacticView};

use crate::ctx::Ctx;

/// A channel of the current plan by its name (线下活动) or code (offline_events).
pub fn channel<'a>(
    o: &'a BudgetOverview,
    input: &str,
    ctx: Ctx,
) -> Result<&'a ChannelView, ApiError> {
    let wanted = input.trim();
    o.channels
        .iter()
        .find(|c| c.name == wanted)
        .or_else(|| {
            o.channels.iter().find(|c| {
                c.code.eq_ignore_ascii_case(wanted) || c.name.eq_ignore_ascii_case(wanted)
            })
        })
        .ok_or_else(|| {
            let known = o
                .channels
                .iter()
                .map(|c| format!("{}（{}）", c.name, c.code))
                .collect::<Vec<_>>();
            ctx.refuse(
                "unknown_channel",
                format!(
                    "当前计划里没有“{wanted}”这个渠道。可用的渠道：{}。",
                    known.join("、")
                ),
                format!(
                    "The current plan has no channel “{wanted}”. Channels: {}.",
                    known.join(", ")
                ),
            )
        })
}

/// A tactic of the current plan by id.
pub fn tactic_by_id(o: &BudgetOverview, id: i64, ctx: Ctx) -> Result<&TacticView, ApiError> {
    o.tactics.iter().find(|t| t.id == id).ok_or_else(|| {
        ctx.refuse(
            "not_found",
            format!("当前计划里没有编号为 {id} 的预算项，可用 marketdesk tactics list 查看编号。"),
            format!("The current plan has no tactic #{id}; marketdesk tactics list shows the ids."),
        )
    })
}

/// A tactic of the current plan by id or by its exact name.
pub fn tactic<'a>(
    o: &'a BudgetOverview,
    input: &str,
    ctx: Ctx,
) -> Result<&'a TacticView, ApiError> {
    let wanted = input.trim();
    let by_id = wanted
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .and_then(|id| o.tactics.iter().find(|t| t.id == id));
    if let Some(t) = by_id {
        return Ok(t);
    }
    let named: Vec<&TacticView> = o.tactics.iter().filter(|t| t.name == wanted).collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(ctx.refuse(
            "not_found",
            format!("当前计划里没有编号或名称为“{wanted}”的预算项，可用 marketdesk tactics list 查看。"),
            format!(
                "The current plan has no tactic with the id or name “{wanted}”; see marketdesk tactics list."
            ),
        )),
        many => {
            let ids = many
                .iter()
                .map(|t| format!("#{}", t.id))
                .collect::<Vec<_>>();
            Err(ctx.refuse(
                "ambiguous_tactic",
                format!("有 {} 个预算项都叫“{wanted}”，请改用编号：{}。", many.len(), ids.join("、")),
                format!(
                    "{} tactics are named “{wanted}”; use the id instead: {}.",
                    many.len(),
                    ids.join(", ")
                ),
            ))
        }
    }
}

/// `Q2`, `Q2,Q3`, `Q1-Q2`, `2 3`, `全年`/`all` as the API's bit mask (Q1 = 1 … Q4 = 8).
pub fn quarters(input: &str, ctx: Ctx) -> Result<u8, ApiError> {
    let text = input.trim();
    let bad = || {
        ctx.refuse(
            "invalid_quarters",
            format!("“{text}”不是有效的季度，请写成 Q2、Q2,Q3 或 全年。"),
            format!("“{text}” is not a quarter; write Q2, Q2,Q3 or all."),
        )
    };
    if ["全年", "all", "all-year", "year"].contains(&text.to_lowercase().as_str()) {
        return Ok(0b1111);
    }
    let one = |q: &str| -> Option<u8> {
        let digits = q.trim().trim_start_matches(['Q', 'q']);
        digits.parse::<u8>().ok().filter(|n| (1..=4).contains(n))
    };
    let mut mask = 0u8;
    for part in text
        .split([',', '，', '、', ' ', '+'])
        .filter(|p| !p.trim().is_empty())
    {
        let (from, to) = match part.split_once(['-', '–', '~']) {
            Some((a, b)) => (one(a).ok_or_else(bad)?, one(b).ok_or_else(bad)?),
            None => {
                let q = one(part).ok_or_else(bad)?;
                (q, q)
            }
        };
        if from > to {
            return Err(bad());
        }
        for q in from..=to {
            mask |= 1 << (q - 1);
        }
    }
    if mask == 0 {
        return Err(bad());
    }
    Ok(mask)
}

/// A tactic's quarters as listed: `Q2`, `Q2–Q3`, or 全年 for one that runs all year.
pub fn quarter_label(t: &TacticView, ctx: Ctx) -> String {
    let quarter = if t.quarter.is_empty() {
        ctx.l("全年", "All year").to_string()
    } else {
        t.quarter.clone()
    };
    if t.starts_on.is_empty() {
        quarter
    } else {
        format!("{quarter} ({})", t.starts_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::Lang;

    const ZH: Ctx = Ctx {
        json: false,
        lang: Lang::ZhCn,
    };

    #[test]
    fn quarters_as_people_write_them() {
        for (text, mask) in [
            ("Q1", 0b0001),
            ("Q2,Q3", 0b0110),
            ("q2, q4", 0b1010),
            ("Q1-Q3", 0b0111),
            ("Q2–Q3", 0b0110),
            ("2 3", 0b0110),
            ("Q3，Q4", 0b1100),
            ("全年", 0b1111),
            ("all", 0b1111),
        ] {
            assert_eq!(quarters(text, ZH).ok(), Some(mask), "{text}");
        }
        for text in ["", "Q5", "Q0", "Q3-Q1", "二季度", ","] {
            let err = quarters(text, ZH).expect_err(text);
            assert!(
                err.message.contains("不是有效的季度"),
                "Chinese sentence for {text:?}: {}",
                err.message
            );
        }
    }
}
