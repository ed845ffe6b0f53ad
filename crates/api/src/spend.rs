//! Booking spend from what the user typed: a date within the plan's year, an amount, a live
//! tactic of the current plan. Refusals name their field.

use chrono::{Datelike, NaiveDate};
use marketdesk_core::{CoreError, Lang, Money, SpendKind};
use marketdesk_store::PlanRows;
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

/// The checked entry: (tactic, ISO date, kind, amount).
pub(crate) struct SpendInput {
    pub tactic_id: i64,
    pub date: String,
    pub kind: SpendKind,
    pub amount: Money,
}

pub(crate) fn validate(
    form: &SpendForm,
    rows: &PlanRows,
    lang: Lang,
) -> Result<SpendInput, ApiError> {
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
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::new(
            "invalid_date",
            match lang {
                Lang::ZhCn => format!(
                    "“{}”不是有效的日期，请按 2027-03-15 的格式填写。",
                    form.date.trim()
                ),
                Lang::En => format!(
                    "“{}” is not a date; use the form 2027-03-15.",
                    form.date.trim()
                ),
            },
        )
        .with_field("date")
    })?;
    let year = rows.plan.fiscal_year;
    if date.year() != year {
        return Err(ApiError::new(
            "date_outside_year",
            match lang {
                Lang::ZhCn => format!("{date} 不在 {year} 财年内。"),
                Lang::En => format!("{date} is outside the {year} fiscal year."),
            },
        )
        .with_field("date"));
    }
    let amount = Money::parse(&form.amount)
        .map_err(|e| ApiError::from_err(&e, lang).with_field("amount"))?;
    if amount.is_negative() || amount == Money::ZERO {
        let err = CoreError::NegativeAmount {
            what: tactic.name.clone(),
        };
        return Err(ApiError::from_err(&err, lang).with_field("amount"));
    }
    Ok(SpendInput {
        tactic_id: tactic.id,
        date: date.to_string(),
        kind: form.kind,
        amount,
    })
}
