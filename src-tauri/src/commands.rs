//! Tauri commands: each unpacks its arguments, runs one `Session` call off the UI thread and
//! returns the result or an `ApiError` ({code, message}) for the UI to show as a sentence.

use std::path::PathBuf;
use std::sync::Arc;

use crate::file_dialog::{self, Spec};
use marketdesk_api::{
    AdjustmentForm, Adopted, ApiError, BudgetOverview, DeletedSpend, EventsOverview, ExportFormat,
    InspectedFile, LeadPage, LeadQuery, Preferences, ProgressUpdate, Removed, ReportPeriod,
    ReportsSummary, ScenarioView, Session, SpendForm, Stage, TacticForm, VersionDetail,
    VersionView, WorkspaceInfo, WORKSPACE_EXTENSION,
};
use marketdesk_core::{CompanyStage, Emphasis, Lang, Template};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{State, WebviewWindow};

pub(crate) type Shared<'a> = State<'a, Arc<Session>>;
pub(crate) type Reply<T> = Result<T, ApiError>;

/// Runs SQLite and file work on the blocking pool so the window never waits on it.
pub(crate) async fn blocking<T, F>(session: &Shared<'_>, work: F) -> Reply<T>
where
    T: Send + 'static,
    F: FnOnce(&Session) -> Reply<T> + Send + 'static,
{
    let session = Arc::clone(session.inner());
    let lang = session.lang();
    tauri::async_runtime::spawn_blocking(move || work(&session))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "background task failed");
            Err(ApiError::new(
                "internal",
                lang.pick(
                    "内部错误，操作没有完成；已保存的数据没有受影响。",
                    "Internal error: the action did not complete; stored data is unaffected.",
                )
                .into(),
            ))
        })
}

#[derive(Serialize)]
pub struct Startup {
    preferences: Preferences,
    workspace: WorkspaceInfo,
    notices: Vec<ApiError>,
}

#[tauri::command]
pub async fn app_start(session: Shared<'_>) -> Reply<Startup> {
    blocking(&session, |s| {
        Ok(Startup {
            preferences: s.preferences(),
            workspace: s.workspace_info()?,
            notices: s.take_notices(),
        })
    })
    .await
}

#[tauri::command]
pub async fn set_language(session: Shared<'_>, lang: String) -> Reply<Preferences> {
    blocking(&session, move |s| s.set_language(Lang::from_tag(&lang))).await
}

#[tauri::command]
pub async fn workspace_info(session: Shared<'_>) -> Reply<WorkspaceInfo> {
    blocking(&session, |s| s.workspace_info()).await
}

/// The first path a dialog returned (None when cancelled), with `extension` added when the
/// user typed a name without one.
/// What the import dialogs offer: every sheet format the readers take.
pub(crate) const SHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "et", "ods", "csv", "tsv", "txt",
];

/// The native open dialog for one spreadsheet, titled `title`; None when cancelled.
pub(crate) async fn pick_sheet(lang: Lang, title: &str) -> Option<PathBuf> {
    let spec = Spec::open(title).filter(lang.pick("表格", "Spreadsheets"), SHEET_EXTENSIONS);
    file_dialog::show(spec).await.into_iter().next()
}

pub(crate) async fn save_path(spec: Spec, extension: &str) -> Option<PathBuf> {
    let mut path = file_dialog::show(spec).await.into_iter().next()?;
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    Some(path)
}

fn workspace_filter(spec: Spec, lang: Lang) -> Spec {
    spec.filter(
        lang.pick("Marketdesk 工作区", "Marketdesk workspace"),
        &[WORKSPACE_EXTENSION],
    )
}

/// None when the user cancels the dialog.
#[tauri::command]
pub async fn workspace_open_dialog(session: Shared<'_>) -> Reply<Option<WorkspaceInfo>> {
    let lang = session.lang();
    let spec = workspace_filter(Spec::open(lang.pick("打开工作区", "Open workspace")), lang);
    let Some(path) = file_dialog::show(spec).await.into_iter().next() else {
        return Ok(None);
    };
    blocking(&session, move |s| s.open_workspace(&path).map(Some)).await
}

/// Asks where to write a workspace; None when the user cancels. Adds the extension if missing.
async fn pick_workspace_destination(lang: Lang, title: &str, suggested: &str) -> Option<PathBuf> {
    let spec = Spec::save(title, &format!("{suggested}.{WORKSPACE_EXTENSION}"));
    save_path(workspace_filter(spec, lang), WORKSPACE_EXTENSION).await
}

#[tauri::command]
pub async fn workspace_new_dialog(session: Shared<'_>) -> Reply<Option<WorkspaceInfo>> {
    let lang = session.lang();
    let title = lang.pick("新建工作区", "New workspace");
    let Some(path) =
        pick_workspace_destination(lang, title, lang.pick("新工作区", "New workspace")).await
    else {
        return Ok(None);
    };
    blocking(&session, move |s| s.new_workspace(&path).map(Some)).await
}

#[tauri::command]
pub async fn workspace_save_as_dialog(session: Shared<'_>) -> Reply<Option<WorkspaceInfo>> {
    let lang = session.lang();
    let current = blocking(&session, |s| s.workspace_info())
        .await
        .map(|i| i.name)
        .unwrap_or_default();
    let title = lang.pick("工作区另存为", "Save workspace as");
    let suggested = format!("{current}{}", lang.pick(" 副本", " copy"));
    let Some(path) = pick_workspace_destination(lang, title, &suggested).await else {
        return Ok(None);
    };
    blocking(&session, move |s| s.save_workspace_as(&path).map(Some)).await
}

#[tauri::command]
pub async fn budget_overview(session: Shared<'_>) -> Reply<BudgetOverview> {
    blocking(&session, |s| s.budget_overview()).await
}

#[tauri::command]
pub async fn set_plan_total(
    session: Shared<'_>,
    plan_id: i64,
    total: String,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.set_plan_total(plan_id, &total)).await
}

#[tauri::command]
pub async fn set_plan_total_to_zero(session: Shared<'_>, plan_id: i64) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.set_plan_total_to_zero(plan_id)).await
}

#[tauri::command]
pub async fn save_tactic(
    session: Shared<'_>,
    tactic_id: Option<i64>,
    form: TacticForm,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.save_tactic(tactic_id, &form)).await
}

#[tauri::command]
pub async fn delete_tactic(session: Shared<'_>, tactic_id: i64) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.delete_tactic(tactic_id)).await
}

#[tauri::command]
pub async fn restore_tactic(session: Shared<'_>, tactic_id: i64) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.restore_tactic(tactic_id)).await
}

#[tauri::command]
pub async fn add_spend(session: Shared<'_>, form: SpendForm) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.add_spend(&form)).await
}

#[tauri::command]
pub async fn delete_spend(session: Shared<'_>, spend_id: i64) -> Reply<Removed<DeletedSpend>> {
    blocking(&session, move |s| s.delete_spend(spend_id)).await
}

#[tauri::command]
pub async fn restore_spend(session: Shared<'_>, entry: DeletedSpend) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.restore_spend(&entry)).await
}

#[tauri::command]
pub async fn scenarios(session: Shared<'_>) -> Reply<Vec<ScenarioView>> {
    blocking(&session, |s| s.scenarios()).await
}

#[tauri::command]
pub async fn create_scenario(
    session: Shared<'_>,
    name: String,
    adjustment: AdjustmentForm,
) -> Reply<Vec<ScenarioView>> {
    blocking(&session, move |s| s.create_scenario(&name, &adjustment)).await
}

#[tauri::command]
pub async fn adopt_scenario(session: Shared<'_>, scenario_id: i64) -> Reply<Adopted> {
    blocking(&session, move |s| s.adopt_scenario(scenario_id)).await
}

#[tauri::command]
pub async fn rebuild_scenario(session: Shared<'_>, scenario_id: i64) -> Reply<Vec<ScenarioView>> {
    blocking(&session, move |s| s.rebuild_scenario(scenario_id)).await
}

#[tauri::command]
pub async fn plan_versions(session: Shared<'_>) -> Reply<Vec<VersionView>> {
    blocking(&session, |s| s.plan_versions()).await
}

#[tauri::command]
pub async fn plan_version(session: Shared<'_>, version: i64) -> Reply<VersionDetail> {
    blocking(&session, move |s| s.plan_version(version)).await
}

#[tauri::command]
pub async fn restore_plan_version(session: Shared<'_>, version: i64) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.restore_plan_version(version)).await
}

#[tauri::command]
pub async fn delete_scenario(session: Shared<'_>, scenario_id: i64) -> Reply<Vec<ScenarioView>> {
    blocking(&session, move |s| s.delete_scenario(scenario_id)).await
}

#[tauri::command]
pub async fn create_plan(
    session: Shared<'_>,
    template: Template,
    total: String,
    stage: CompanyStage,
    emphasis: Emphasis,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| {
        s.create_plan(template, &total, stage, emphasis)
    })
    .await
}

#[tauri::command]
pub async fn set_channel_share(
    session: Shared<'_>,
    channel_id: i64,
    share: String,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.set_channel_share(channel_id, &share)).await
}

/// The printed plan's pages (SVG), typeset by the CLI shipped beside the app.
#[tauri::command]
pub async fn plan_pages(session: Shared<'_>) -> Reply<Vec<String>> {
    blocking(&session, |s| s.plan_pages()).await
}

#[tauri::command]
pub async fn events_list(session: Shared<'_>) -> Reply<EventsOverview> {
    blocking(&session, |s| s.events()).await
}

#[tauri::command]
pub async fn leads_page(session: Shared<'_>, query: LeadQuery) -> Reply<LeadPage> {
    blocking(&session, move |s| s.leads_page(&query)).await
}

#[tauri::command]
pub async fn reports_summary(session: Shared<'_>) -> Reply<ReportsSummary> {
    blocking(&session, |s| s.reports()).await
}

/// The marketing report to export: a month (`2026-11`) or quarter (`2026Q4`), a model code.
#[derive(Deserialize)]
pub struct ReportChoice {
    period: String,
    model: String,
}

/// Asks where to write the printed plan — or, given `report`, the marketing report — then
/// writes it; None when the dialog is cancelled. One command for both documents: each command
/// costs the release binary its own async and blocking tasks.
#[tauri::command]
pub async fn export_dialog(
    session: Shared<'_>,
    format: ExportFormat,
    report: Option<ReportChoice>,
) -> Reply<Option<PathBuf>> {
    let lang = session.lang();
    let report = match report {
        Some(r) => Some((ReportPeriod::parse(&r.period, lang)?, r.model)),
        None => None,
    };
    let title = match &report {
        Some((period, _)) => format!(
            "{}{}",
            lang.pick("市场报告-", "marketing-report-"),
            period.name(lang)
        ),
        None => blocking(&session, |s| s.plan_document().map(|d| d.title)).await?,
    };
    let (filter, title_text) = match (format, report.is_some()) {
        (ExportFormat::Pdf, false) => ("PDF", lang.pick("导出 PDF", "Export PDF")),
        (ExportFormat::Xlsx, false) => ("Excel", lang.pick("导出 Excel", "Export to Excel")),
        (ExportFormat::Html, false) => ("HTML", lang.pick("导出网页", "Export HTML")),
        (ExportFormat::Pdf, true) => ("PDF", lang.pick("导出报告 PDF", "Export the report as PDF")),
        (ExportFormat::Xlsx, true) => (
            "Excel",
            lang.pick("导出报告 Excel", "Export the report to Excel"),
        ),
        (ExportFormat::Html, true) => (
            "HTML",
            lang.pick("导出报告网页", "Export the report as HTML"),
        ),
    };
    let spec = Spec::save(title_text, &format!("{title}.{}", format.extension()))
        .filter(filter, &[format.extension()]);
    let Some(path) = save_path(spec, format.extension()).await else {
        return Ok(None);
    };
    blocking(&session, move |s| {
        match report {
            Some((period, model)) => s.export_marketing_report(period, &model, format, &path),
            None => s.export_plan(format, &path),
        }
        .map(|()| Some(path))
    })
    .await
}

/// The 导入 button's native dialog; the chosen paths go the same way as dropped files.
#[tauri::command]
pub async fn pick_import_files(session: Shared<'_>) -> Reply<Vec<PathBuf>> {
    let lang = session.lang();
    let spec = Spec::open_many(lang.pick("选择要导入的表格", "Choose spreadsheets to import"))
        .filter(lang.pick("表格", "Spreadsheets"), SHEET_EXTENSIONS)
        .filter(lang.pick("所有文件", "All files"), &["*"]);
    Ok(file_dialog::show(spec).await)
}

/// A cancellable job: progress (with the job id, first at 0) goes over `on_progress`.
#[tauri::command]
pub async fn inspect_files(
    session: Shared<'_>,
    paths: Vec<PathBuf>,
    on_progress: Channel<ProgressUpdate>,
) -> Reply<Vec<InspectedFile>> {
    blocking(&session, move |s| {
        let send = |p: ProgressUpdate| {
            if let Err(e) = on_progress.send(p) {
                tracing::debug!(error = %e, "progress not delivered");
            }
        };
        let total = paths.len() as u64;
        s.inspect_files(
            &paths,
            &|job| {
                send(ProgressUpdate {
                    job,
                    done: 0,
                    total,
                    current: String::new(),
                    stage: Stage::Working,
                })
            },
            &send,
        )
    })
    .await
}

#[tauri::command]
pub async fn cancel_job(session: Shared<'_>, job: u64) -> Reply<bool> {
    Ok(session.jobs().cancel(job))
}

#[tauri::command]
pub async fn print_window(window: WebviewWindow, session: Shared<'_>) -> Reply<()> {
    window.print().map_err(|e| {
        tracing::warn!(error = %e, "print failed");
        let lang = session.lang();
        ApiError::new(
            "print_failed",
            match lang {
                Lang::ZhCn => format!("无法打开打印对话框：{e}。"),
                Lang::En => format!("The print dialog could not be opened: {e}."),
            },
        )
    })
}
