//! The 活动 section's commands: candidates, their scores, the plan and the portfolio.

use marketdesk_api::{
    AcceptedEvent, EventDraft, EventPage, PortfolioView, ScoreView, ScorecardForm, ScorecardView,
};

use crate::commands::{blocking, Reply, Shared};

#[tauri::command]
pub async fn event_page(session: Shared<'_>, id: i64) -> Reply<EventPage> {
    blocking(&session, move |s| s.event_page(id)).await
}

#[tauri::command]
pub async fn preview_event_score(session: Shared<'_>, draft: EventDraft) -> Reply<ScoreView> {
    blocking(&session, move |s| s.preview_event_score(&draft)).await
}

#[tauri::command]
pub async fn save_event(
    session: Shared<'_>,
    id: Option<i64>,
    draft: EventDraft,
) -> Reply<EventPage> {
    blocking(&session, move |s| s.save_event(id, &draft)).await
}

#[tauri::command]
pub async fn duplicate_event(session: Shared<'_>, id: i64) -> Reply<EventPage> {
    blocking(&session, move |s| s.duplicate_event(id)).await
}

#[tauri::command]
pub async fn set_event_status(session: Shared<'_>, id: i64, status: String) -> Reply<EventPage> {
    blocking(&session, move |s| s.set_event_status(id, &status)).await
}

#[tauri::command]
pub async fn set_event_outcome_notes(
    session: Shared<'_>,
    id: i64,
    notes: String,
) -> Reply<EventPage> {
    blocking(&session, move |s| s.set_event_outcome_notes(id, &notes)).await
}

#[tauri::command]
pub async fn accept_event(session: Shared<'_>, id: i64) -> Reply<AcceptedEvent> {
    blocking(&session, move |s| s.accept_event(id)).await
}

#[tauri::command]
pub async fn compare_events(session: Shared<'_>, ids: Vec<i64>) -> Reply<Vec<EventPage>> {
    blocking(&session, move |s| s.compare_events(&ids)).await
}

#[tauri::command]
pub async fn event_portfolio(
    session: Shared<'_>,
    budget: Option<String>,
    required: Vec<i64>,
    excluded: Vec<i64>,
) -> Reply<PortfolioView> {
    blocking(&session, move |s| {
        s.event_portfolio(budget.as_deref(), &required, &excluded)
    })
    .await
}

#[tauri::command]
pub async fn event_scorecard(session: Shared<'_>) -> Reply<ScorecardView> {
    blocking(&session, |s| s.event_scorecard()).await
}

#[tauri::command]
pub async fn save_event_scorecard(
    session: Shared<'_>,
    form: ScorecardForm,
) -> Reply<ScorecardView> {
    blocking(&session, move |s| s.save_event_scorecard(&form)).await
}

#[tauri::command]
pub async fn reset_event_scorecard(session: Shared<'_>) -> Reply<ScorecardView> {
    blocking(&session, |s| s.reset_event_scorecard()).await
}
