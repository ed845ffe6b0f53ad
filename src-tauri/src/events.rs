//! The 活动 section's commands: candidates, their scores, the plan and the portfolio.

use std::path::PathBuf;

use marketdesk_api::{
    AcceptedEvent, EventDraft, EventPage, PortfolioView, ScoreView, ScorecardForm, ScorecardView,
    ScoredOffers,
};

use crate::commands::{blocking, pick_sheet, save_path, Reply, Shared};
use crate::file_dialog::Spec;

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
pub async fn link_event_to_tactic(
    session: Shared<'_>,
    id: i64,
    tactic_id: i64,
) -> Reply<EventPage> {
    blocking(&session, move |s| s.link_event_to_tactic(id, tactic_id)).await
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

/// The native open dialog for a sheet of organisers' offers; None when cancelled.
#[tauri::command]
pub async fn pick_offers_file(session: Shared<'_>) -> Reply<Option<PathBuf>> {
    let lang = session.lang();
    Ok(pick_sheet(lang, lang.pick("导入活动邀约表", "Import event offers")).await)
}

/// Scores every offer of the sheet; with `save`, adds the valid ones as candidates.
#[tauri::command]
pub async fn score_offers_file(
    session: Shared<'_>,
    path: PathBuf,
    save: bool,
) -> Reply<ScoredOffers> {
    blocking(&session, move |s| s.score_offers_file(&path, save)).await
}

/// The briefs of the given events as A4 SVG pages, for the window to print.
#[tauri::command]
pub async fn event_brief_pages(session: Shared<'_>, ids: Vec<i64>) -> Reply<Vec<String>> {
    blocking(&session, move |s| s.event_brief_pages(&ids)).await
}

/// Saves the briefs of the given events as one PDF; None when the dialog was cancelled.
#[tauri::command]
pub async fn export_event_briefs_dialog(
    session: Shared<'_>,
    ids: Vec<i64>,
) -> Reply<Option<PathBuf>> {
    let lang = session.lang();
    let spec = Spec::save(
        lang.pick("导出活动简报", "Export event briefs"),
        lang.pick("活动简报.pdf", "event-briefs.pdf"),
    )
    .filter("PDF", &["pdf"]);
    let Some(path) = save_path(spec, "pdf").await else {
        return Ok(None);
    };
    blocking(&session, move |s| {
        s.export_event_briefs(&ids, &path).map(|()| Some(path))
    })
    .await
}

#[tauri::command]
pub async fn plan_event_briefs(session: Shared<'_>) -> Reply<bool> {
    blocking(&session, |s| s.plan_event_briefs()).await
}

#[tauri::command]
pub async fn set_plan_event_briefs(session: Shared<'_>, on: bool) -> Reply<bool> {
    blocking(&session, move |s| s.set_plan_event_briefs(on)).await
}
