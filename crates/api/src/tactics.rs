//! Editing tactics from what the user typed: parsed, checked against the whole plan with the
//! change applied, and only then written — a refused edit writes nothing.

use chrono::{Datelike, NaiveDate};
use marketdesk_core::{Brief, CoreError, Lang, Money, Noun, Outcomes, Quarters};
use marketdesk_store::{PlanRows, TacticFields, TacticRow};
use serde::Deserialize;

use crate::budget::to_plan;
use crate::error::ApiError;

/// A tactic as typed. Amounts and counts are text so "30万" and "300,000" both work. The
/// optional fields are left as they are when absent, so the inline table (which shows only the
/// main columns) never wipes the texts and outputs edited in the detail form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TacticForm {
    pub channel_id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub region: String,
    /// Q1–Q4 as bits (1 = Q1, 15 = all year).
    #[serde(default)]
    pub quarters: Option<u8>,
    /// `2027-05-20`; empty clears the date. A date puts the tactic in its quarter unless
    /// `quarters` also holds that quarter (a series starting then).
    #[serde(default)]
    pub starts_on: Option<String>,
    pub planned: String,
    #[serde(default)]
    pub expected_leads: Option<String>,
    #[serde(default)]
    pub expected_mql: Option<String>,
    #[serde(default)]
    pub expected_sql: Option<String>,
    #[serde(default)]
    pub expected_deals: Option<String>,
    #[serde(default)]
    pub expected_revenue: Option<String>,
    #[serde(default)]
    pub brief: Option<Brief>,
}

fn field_error(err: &CoreError, field: &str, lang: Lang) -> ApiError {
    ApiError::from_err(err, lang).with_field(field)
}

fn count(input: Option<&String>, current: u64, field: &str, lang: Lang) -> Result<u64, ApiError> {
    let Some(text) = input.map(|t| t.trim()) else {
        return Ok(current);
    };
    if text.is_empty() {
        return Ok(0);
    }
    // People type "1,200" in Chinese spreadsheets too.
    text.replace([',', '，'], "")
        .parse::<u32>()
        .map(u64::from)
        .map_err(|_| ApiError::invalid_count(text, lang).with_field(field))
}

fn amount(input: &str, what: &str, field: &str, lang: Lang) -> Result<Money, ApiError> {
    let money = Money::parse(input).map_err(|e| field_error(&e, field, lang))?;
    if money.is_negative() {
        return Err(field_error(
            &CoreError::NegativeAmount { what: what.into() },
            field,
            lang,
        ));
    }
    Ok(money)
}

fn date_in_year(text: &str, year: i32, lang: Lang) -> Result<NaiveDate, ApiError> {
    let date = crate::dates::parse_date(text, lang).map_err(|e| e.with_field("starts_on"))?;
    if date.year() != year {
        return Err(crate::dates::outside_year(date, year, lang).with_field("starts_on"));
    }
    Ok(date)
}

/// Parses the form and checks the plan as it would be after the change.
pub(crate) fn validate(
    form: &TacticForm,
    editing: Option<&TacticRow>,
    rows: &PlanRows,
    lang: Lang,
) -> Result<TacticFields, ApiError> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(field_error(
            &CoreError::MissingName { what: Noun::Tactic },
            "name",
            lang,
        ));
    }
    let channel_id = form
        .channel_id
        .filter(|id| rows.channels.iter().any(|c| c.id == *id))
        .ok_or_else(|| {
            field_error(
                &CoreError::TacticWithoutChannel {
                    tactic: name.into(),
                },
                "channel",
                lang,
            )
        })?;
    let planned = amount(&form.planned, name, "planned", lang)?;
    let current = editing.map(|t| &t.fields);
    let was = current.map(|f| f.expected).unwrap_or_default();
    let expected = Outcomes {
        leads: count(
            form.expected_leads.as_ref(),
            was.leads,
            "expected_leads",
            lang,
        )?,
        mql: count(form.expected_mql.as_ref(), was.mql, "expected_mql", lang)?,
        sql: count(form.expected_sql.as_ref(), was.sql, "expected_sql", lang)?,
        deals: count(
            form.expected_deals.as_ref(),
            was.deals,
            "expected_deals",
            lang,
        )?,
        revenue: match form.expected_revenue.as_deref().map(str::trim) {
            None => was.revenue,
            Some("") => Money::ZERO,
            Some(text) => amount(text, name, "expected_revenue", lang)?,
        },
    };
    let mask = match form.quarters {
        Some(mask) => {
            Some(Quarters::from_mask(mask).map_err(|e| field_error(&e, "quarters", lang))?)
        }
        None => None,
    };
    let starts_on = match form.starts_on.as_deref().map(str::trim) {
        None => current.and_then(|f| f.starts_on),
        Some("") => None,
        Some(text) => Some(date_in_year(text, rows.plan.fiscal_year, lang)?),
    };
    let date_quarter = starts_on
        .map(|d| Quarters::of_month(d.month()))
        .transpose()
        .map_err(|e| field_error(&e, "starts_on", lang))?;
    let (quarters, starts_on) = match (mask, date_quarter) {
        // A new quarter that leaves the stored date behind drops the date.
        (Some(m), Some(d)) if m.mask() & d.mask() == 0 && form.starts_on.is_none() => (m, None),
        (Some(m), Some(d)) if m.mask() & d.mask() != 0 => (m, starts_on),
        (_, Some(d)) => (d, starts_on),
        (Some(m), None) => (m, None),
        (None, None) => (current.map_or(Quarters::ALL_YEAR, |f| f.quarters), None),
    };
    let fields = TacticFields {
        channel_id,
        name: name.into(),
        owner: form.owner.trim().into(),
        region: form.region.trim().into(),
        quarters,
        starts_on,
        planned,
        expected,
        brief: match &form.brief {
            Some(b) => Brief {
                problem: b.problem.trim().into(),
                expected_result: b.expected_result.trim().into(),
                kpi: b.kpi.trim().into(),
                people: b.people.trim().into(),
            },
            None => current.map(|f| f.brief.clone()).unwrap_or_default(),
        },
    };
    // The whole plan with the change must still be a valid plan.
    let mut after: Vec<TacticRow> = rows
        .tactics
        .iter()
        .filter(|t| Some(t.id) != editing.map(|e| e.id))
        .cloned()
        .collect();
    after.push(TacticRow {
        id: editing.map_or(-1, |t| t.id),
        fields: fields.clone(),
    });
    to_plan(&rows.plan, &rows.channels, &after).map_err(|e| field_error(&e, "planned", lang))?;
    Ok(fields)
}
