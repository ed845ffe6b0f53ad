//! Editing tactics from what the user typed: parsed, checked against the whole plan with the
//! change applied, and only then written — a refused edit writes nothing.

use marketdesk_core::{CoreError, Lang, Money};
use marketdesk_store::{ChannelRow, PlanRow, TacticInput, TacticRow};
use serde::Deserialize;

use crate::budget::to_plan;
use crate::error::ApiError;

/// A tactic row as typed in the table; amounts are text so "30万" and "300,000" both work.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TacticForm {
    pub channel_id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub region: String,
    /// 1–4; None for all year.
    #[serde(default)]
    pub quarter: Option<u8>,
    pub planned: String,
    #[serde(default)]
    pub expected_leads: String,
}

fn field_error(err: &CoreError, field: &str, lang: Lang) -> ApiError {
    ApiError::from_err(err, lang).with_field(field)
}

/// Parses the form and checks the plan as it would be after the change.
pub(crate) fn validate(
    form: &TacticForm,
    editing: Option<i64>,
    plan: &PlanRow,
    channels: &[ChannelRow],
    tactics: &[TacticRow],
    lang: Lang,
) -> Result<TacticInput, ApiError> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(field_error(
            &CoreError::MissingName { what: "tactic" },
            "name",
            lang,
        ));
    }
    let channel_id = form
        .channel_id
        .filter(|id| channels.iter().any(|c| c.id == *id))
        .ok_or_else(|| {
            field_error(
                &CoreError::TacticWithoutChannel {
                    tactic: name.into(),
                },
                "channel",
                lang,
            )
        })?;
    let planned = Money::parse(&form.planned).map_err(|e| field_error(&e, "planned", lang))?;
    if planned.is_negative() {
        return Err(field_error(
            &CoreError::NegativeAmount { what: name.into() },
            "planned",
            lang,
        ));
    }
    let leads_text = form.expected_leads.trim();
    let expected_leads: i64 = if leads_text.is_empty() {
        0
    } else {
        leads_text
            .parse::<u32>()
            .map(i64::from)
            .map_err(|_| ApiError::invalid_count(leads_text, lang).with_field("expected_leads"))?
    };
    if let Some(q) = form.quarter {
        marketdesk_core::Quarters::single(q as u32)
            .map_err(|e| field_error(&e, "quarter", lang))?;
    }
    let input = TacticInput {
        channel_id,
        name: name.into(),
        owner: form.owner.trim().into(),
        region: form.region.trim().into(),
        quarter: form.quarter,
        planned,
        expected_leads,
    };
    // The whole plan with the change must still be a valid plan.
    let existing = tactics.iter().find(|t| Some(t.id) == editing);
    let mut after: Vec<TacticRow> = tactics
        .iter()
        .filter(|t| Some(t.id) != editing)
        .cloned()
        .collect();
    after.push(TacticRow {
        id: editing.unwrap_or(-1),
        channel_id,
        name: input.name.clone(),
        owner: input.owner.clone(),
        region: input.region.clone(),
        quarter: input.quarter,
        planned,
        expected_leads,
        expected_revenue: existing.map_or(Money::ZERO, |t| t.expected_revenue),
        brief: existing.map(|t| t.brief.clone()).unwrap_or_default(),
    });
    to_plan(plan, channels, &after).map_err(|e| field_error(&e, "planned", lang))?;
    Ok(input)
}
