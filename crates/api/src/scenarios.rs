//! Scenarios from the UI: made from the current plan with one adjustment, compared channel by
//! channel, adopted or dropped.

use marketdesk_core::{compare_plans, Adjustment, CoreError, Lang, Plan, Share};
use serde::{Deserialize, Serialize};

use crate::budget::to_plan;
use crate::error::{ApiError, ToApi};
use crate::MoneyView;

/// What the user asked for, as typed.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AdjustmentForm {
    /// "−20" or "15": percent change of the total (tactics scale with it).
    ScaleTotal { percent: String },
    /// Move `points` percentage points of share from one channel (code) to another.
    MoveShare {
        from: String,
        to: String,
        points: String,
    },
}

impl AdjustmentForm {
    pub(crate) fn parse(&self, lang: Lang) -> Result<Adjustment, ApiError> {
        match self {
            AdjustmentForm::ScaleTotal { percent } => {
                let text = percent.trim().replace(['−', '－'], "-");
                let (negative, digits) = match text.strip_prefix('-') {
                    Some(rest) => (true, rest.to_string()),
                    None => (false, text.trim_start_matches('+').to_string()),
                };
                let bad = || {
                    ApiError::from_err(
                        &CoreError::InvalidShare {
                            input: percent.clone(),
                        },
                        lang,
                    )
                    .with_field("percent")
                };
                // Up to +100%; a cut of more than 100% would make the total negative.
                let share = Share::from_percent_str(&digits).map_err(|_| bad())?;
                let bp = share.basis_points() as i32;
                Ok(Adjustment::ScaleTotal {
                    change_bp: if negative { -bp } else { bp },
                })
            }
            AdjustmentForm::MoveShare { from, to, points } => {
                let points = Share::from_percent_str(points)
                    .map_err(|e| ApiError::from_err(&e, lang).with_field("points"))?;
                Ok(Adjustment::MoveShare {
                    from: from.clone(),
                    to: to.clone(),
                    points,
                })
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonRow {
    pub name: String,
    pub color: String,
    pub share_current: String,
    pub share_scenario: String,
    pub budget_current: MoneyView,
    pub budget_scenario: MoneyView,
    pub delta: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioView {
    pub id: i64,
    pub name: String,
    pub total: MoneyView,
    pub total_delta: MoneyView,
    pub rows: Vec<ComparisonRow>,
}

pub(crate) fn view(id: i64, name: &str, current: &Plan, scenario: &Plan) -> ScenarioView {
    let rows = compare_plans(current, scenario)
        .into_iter()
        .map(|c| ComparisonRow {
            color: current.color_of(&c.code).to_string(),
            name: c.name,
            share_current: c.share_a.to_string(),
            share_scenario: c.share_b.to_string(),
            budget_current: c.budget_a.into(),
            budget_scenario: c.budget_b.into(),
            delta: c.delta.into(),
        })
        .collect();
    ScenarioView {
        id,
        name: name.into(),
        total: scenario.total().into(),
        total_delta: marketdesk_core::Money::from_fen(
            scenario.total().fen() - current.total().fen(),
        )
        .into(),
        rows,
    }
}

pub(crate) fn plan_of(rows: &marketdesk_store::PlanRows, lang: Lang) -> Result<Plan, ApiError> {
    to_plan(&rows.plan, &rows.channels, &rows.tactics).user(lang)
}
