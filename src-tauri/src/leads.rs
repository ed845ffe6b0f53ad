//! Commands of the 线索 section and the attendee import flow: parse, call the API, reply.

use std::path::PathBuf;

use marketdesk_api::{
    AttendeeFileView, AttendeeImportDone, AttendeeImportPreview, AttendeeImportRequest, EventForm,
    ExportPresetView, ImportBatchView, ImportWarnings, LeadDetailView, LeadFacetsView, LeadFilter,
    ProgressUpdate, Session, Stage, UndoneImport,
};
use tauri::ipc::Channel;

use crate::commands::{blocking, save_path, Reply, Shared};
use crate::file_dialog::Spec;

#[tauri::command]
pub async fn open_attendee_file(
    session: Shared<'_>,
    path: PathBuf,
    sheet: Option<usize>,
    encoding: Option<String>,
    event_id: Option<i64>,
) -> Reply<AttendeeFileView> {
    blocking(&session, move |s| {
        s.open_attendee_file(&path, sheet, encoding.as_deref(), event_id)
    })
    .await
}

/// Progress of a long read goes over `on_progress`, first with the job id so the UI can cancel.
pub(crate) fn reporter(on_progress: Channel<ProgressUpdate>) -> impl Fn(ProgressUpdate) {
    move |p: ProgressUpdate| {
        if let Err(e) = on_progress.send(p) {
            tracing::debug!(error = %e, "progress not delivered");
        }
    }
}

pub(crate) fn started(job: u64) -> ProgressUpdate {
    ProgressUpdate {
        job,
        done: 0,
        total: 0,
        current: String::new(),
        stage: Stage::Working,
    }
}

#[tauri::command]
pub async fn preview_attendee_import(
    session: Shared<'_>,
    request: AttendeeImportRequest,
    on_progress: Channel<ProgressUpdate>,
) -> Reply<AttendeeImportPreview> {
    blocking(&session, move |s: &Session| {
        let send = reporter(on_progress);
        s.preview_attendee_import(&request, &|job| send(started(job)), &send)
    })
    .await
}

#[tauri::command]
pub async fn import_attendees(
    session: Shared<'_>,
    request: AttendeeImportRequest,
    on_progress: Channel<ProgressUpdate>,
) -> Reply<AttendeeImportDone> {
    blocking(&session, move |s: &Session| {
        let send = reporter(on_progress);
        s.import_attendees(&request, &|job| send(started(job)), &send)
    })
    .await
}

#[tauri::command]
pub async fn undo_attendee_import(session: Shared<'_>, batch_id: i64) -> Reply<UndoneImport> {
    blocking(&session, move |s| s.undo_attendee_import(batch_id)).await
}

#[tauri::command]
pub async fn import_batches(session: Shared<'_>) -> Reply<Vec<ImportBatchView>> {
    blocking(&session, |s| s.import_batches()).await
}

/// The rows an import took with a warning.
#[tauri::command]
pub async fn import_warnings(session: Shared<'_>, batch_id: i64) -> Reply<ImportWarnings> {
    blocking(&session, move |s| s.import_warnings(batch_id)).await
}

#[tauri::command]
pub async fn create_event(session: Shared<'_>, form: EventForm) -> Reply<i64> {
    blocking(&session, move |s| s.create_event(&form)).await
}

#[tauri::command]
pub async fn lead_detail(session: Shared<'_>, id: i64) -> Reply<LeadDetailView> {
    blocking(&session, move |s| s.lead_detail(id)).await
}

#[tauri::command]
pub async fn lead_count(session: Shared<'_>, filter: LeadFilter) -> Reply<i64> {
    blocking(&session, move |s| s.lead_count(&filter)).await
}

#[tauri::command]
pub async fn lead_facets(session: Shared<'_>) -> Reply<LeadFacetsView> {
    blocking(&session, |s| s.lead_facets()).await
}

#[tauri::command]
pub async fn tag_lead(session: Shared<'_>, id: i64, name: String) -> Reply<LeadDetailView> {
    blocking(&session, move |s| s.tag_lead(id, &name)).await
}

#[tauri::command]
pub async fn untag_lead(session: Shared<'_>, id: i64, tag_id: i64) -> Reply<LeadDetailView> {
    blocking(&session, move |s| s.untag_lead(id, tag_id)).await
}

#[tauri::command]
pub async fn tag_leads(session: Shared<'_>, filter: LeadFilter, name: String) -> Reply<i64> {
    blocking(&session, move |s| s.tag_leads(&filter, &name)).await
}

#[tauri::command]
pub async fn export_presets(session: Shared<'_>) -> Reply<Vec<ExportPresetView>> {
    Ok(marketdesk_api::export_presets(session.lang()))
}

/// Asks where to save, then writes the filtered leads; None when the dialog is cancelled.
#[tauri::command]
pub async fn export_leads_dialog(
    session: Shared<'_>,
    filter: LeadFilter,
    preset: String,
    format: String,
) -> Reply<Option<(PathBuf, u64)>> {
    let lang = session.lang();
    let ext = if format == "csv" { "csv" } else { "xlsx" };
    let spec = Spec::save(
        lang.pick("导出线索", "Export leads"),
        &format!("{}.{ext}", lang.pick("线索", "leads")),
    )
    .filter(ext, &[ext]);
    let Some(path) = save_path(spec, ext).await else {
        return Ok(None);
    };
    blocking(&session, move |s| {
        s.export_leads(&filter, &path, &preset, &format)
            .map(|n| Some((path, n)))
    })
    .await
}

/// Asks where to save an import's refused rows, then writes them.
#[tauri::command]
pub async fn export_rejected_dialog(session: Shared<'_>, batch_id: i64) -> Reply<Option<PathBuf>> {
    let lang = session.lang();
    let spec = Spec::save(
        lang.pick("保存未导入的行和提醒", "Save refused rows and warnings"),
        lang.pick("未导入的行.xlsx", "refused-rows.xlsx"),
    )
    .filter("Excel", &["xlsx"]);
    let Some(path) = save_path(spec, "xlsx").await else {
        return Ok(None);
    };
    blocking(&session, move |s| {
        s.export_rejected_rows(batch_id, &path).map(|_| Some(path))
    })
    .await
}
