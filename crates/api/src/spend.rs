//! Booking spend from what the user typed: a date within the plan's year, an amount, a live
//! tactic of the current plan. Refusals name their field.

use chrono::Datelike;
use marketdesk_core::{CoreError, Lang, Money, SpendKind};
use marketdesk_store::{NewSpend, PlanRows};
use serde::Deserialize;

use crate::error::ApiError;

#[derive(Debug, Clone, Deserialize)]
pub struct SpendForm {
    pub tactic_id: Option<i64>,
    /// 2027-03-15
    pub date: String,
    pub kind: SpendKind,
    pub amount: String,
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub note: String,
}

pub(crate) fn validate(
    form: &SpendForm,
    rows: &PlanRows,
    lang: Lang,
) -> Result<NewSpend, ApiError> {
    let tactic = form
        .tactic_id
        .and_then(|id| rows.tactics.iter().find(|t| t.id == id))
        .ok_or_else(|| {
            ApiError::new(
                "spend_without_tactic",
                lang.pick(
                    "请选择这笔支出对应的预算项。",
                    "Choose the tactic this spend belongs to.",
                )
                .into(),
            )
            .with_field("tactic")
        })?;
    let date = crate::dates::parse_date(&form.date, lang).map_err(|e| e.with_field("date"))?;
    let year = rows.plan.fiscal_year;
    if date.year() != year {
        return Err(crate::dates::outside_year(date, year, lang).with_field("date"));
    }
    let amount = Money::parse(&form.amount)
        .map_err(|e| ApiError::from_err(&e, lang).with_field("amount"))?;
    if amount.is_negative() || amount == Money::ZERO {
        let err = CoreError::NegativeAmount {
            what: tactic.fields.name.clone(),
        };
        return Err(ApiError::from_err(&err, lang).with_field("amount"));
    }
    Ok(NewSpend {
        tactic_id: tactic.id,
        spent_on: date,
        kind: form.kind,
        amount,
        vendor: form.vendor.trim().into(),
        note: form.note.trim().into(),
    })
}
