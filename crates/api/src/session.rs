use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock};

use chrono::Datelike;
use marketdesk_core::{CompanyStage, CoreError, Emphasis, Lang, Money, Share, Template};
use marketdesk_store::{
    seed_demo, DeletedSpend, LeadPage, LeadQuery, NewPlan, PlanRows, Store, StoreError,
};

use crate::error::{ApiError, ToApi};
use crate::files::{inspect_files, InspectedFile};
use crate::jobs::{JobRegistry, ProgressUpdate};
use crate::spend::{self, SpendForm};
use crate::tactics::{self, TacticForm};
use crate::{budget, reports, BudgetOverview, Preferences, Removed, ReportsSummary, WorkspaceInfo};

/// One user's running Marketdesk: the open workspace, the language, running jobs. Shared by the
/// desktop shell (as Tauri state) and the CLI; all methods take `&self` and are safe to call from
/// worker threads.
pub struct Session {
    /// The one writer.
    store: Mutex<Store>,
    /// Read-only connections beside it (WAL): reads answer from the last commit while the
    /// writer is busy with an import, a rescoring or an export.
    readers: Mutex<Readers>,
    lang: RwLock<Lang>,
    prefs_path: Option<PathBuf>,
    /// The app's own workspace in its data folder, named "默认工作区" rather than by file name.
    default_path: Option<PathBuf>,
    jobs: JobRegistry,
    notices: Mutex<Vec<ApiError>>,
}

impl Session {
    /// Starts on `explicit` if given, else the workspace used last time, else the default one
    /// (created with demo data on first run). A workspace that cannot be opened never stops the
    /// app: it falls back and keeps the reason as a notice for the UI to show.
    /// Errs only if not even an in-memory workspace can be opened.
    pub fn start(
        default_path: &Path,
        prefs_path: Option<PathBuf>,
        explicit: Option<PathBuf>,
    ) -> crate::Result<Session> {
        let prefs = prefs_path
            .as_deref()
            .map(Preferences::load)
            .unwrap_or_default();
        let lang = prefs.language;
        let mut notices = Vec::new();
        let mut store = None;
        if let Some(path) = explicit.filter(|p| p != default_path) {
            // Asked for by name: created if it does not exist yet.
            match Store::open(&path) {
                Ok(s) => store = Some(s),
                Err(e) => notices.push(ApiError::from_err(&e, lang)),
            }
        } else if let Some(path) = prefs.last_workspace.filter(|p| p != default_path) {
            // Remembered: if it was moved or deleted, say so rather than create an empty file there.
            match Store::open_existing(&path) {
                Ok(s) => store = Some(s),
                Err(e) => notices.push(ApiError::from_err(&e, lang)),
            }
        }
        let store = match store {
            Some(s) => s,
            None => match open_or_create_with_demo(default_path, lang) {
                Ok(s) => s,
                Err(e) => {
                    notices.push(ApiError::from_err(&e, lang));
                    // Last resort so the window still opens and can explain; nothing is saved here.
                    Store::open_in_memory().user(lang)?
                }
            },
        };
        let mut session = Session::with_store(store, lang, prefs_path, notices);
        session.default_path = Some(default_path.to_path_buf());
        session.remember_workspace();
        Ok(session)
    }

    fn with_store(
        store: Store,
        lang: Lang,
        prefs_path: Option<PathBuf>,
        notices: Vec<ApiError>,
    ) -> Session {
        let readers = Mutex::new(Readers {
            path: store.path().map(Path::to_path_buf),
            idle: Vec::new(),
        });
        Session {
            store: Mutex::new(store),
            readers,
            lang: RwLock::new(lang),
            prefs_path,
            default_path: None,
            jobs: JobRegistry::default(),
            notices: Mutex::new(notices),
        }
    }

    /// Opens (creating with demo data if missing) exactly `path`; for tests, the CLI and docs.
    pub fn open_default(
        path: &Path,
        prefs_path: Option<PathBuf>,
        lang: Lang,
    ) -> crate::Result<Session> {
        let store = open_or_create_with_demo(path, lang).user(lang)?;
        Ok(Session::with_store(store, lang, prefs_path, Vec::new()))
    }

    /// Creates a new workspace file, empty or with the demo data; never overwrites.
    pub fn create(path: &Path, with_demo: bool, lang: Lang) -> crate::Result<Session> {
        if path.exists() {
            let exists = StoreError::AlreadyExists {
                path: path.to_path_buf(),
            };
            return Err(ApiError::from_err(&exists, lang));
        }
        let store = if with_demo {
            open_or_create_with_demo(path, lang)
        } else {
            Store::create(path)
        }
        .user(lang)?;
        Ok(Session::with_store(store, lang, None, Vec::new()))
    }

    /// Opens exactly `path` (no demo data), for the CLI.
    pub fn open_existing(path: &Path, lang: Lang) -> crate::Result<Session> {
        let store = Store::open_existing(path).user(lang)?;
        Ok(Session::with_store(store, lang, None, Vec::new()))
    }

    fn switch_to(&self, new: Store) {
        let mut store = self.store();
        let mut readers = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        readers.path = new.path().map(Path::to_path_buf);
        readers.idle.clear();
        *store = new;
    }

    /// A workspace to read from without waiting for the writer: a pooled read-only connection,
    /// or the writer itself for a workspace that is not a file (in memory).
    pub(crate) fn reader(&self) -> ReadStore<'_> {
        let (path, idle) = {
            let mut readers = self.readers.lock().unwrap_or_else(|p| p.into_inner());
            (readers.path.clone(), readers.idle.pop())
        };
        if let Some(store) = idle {
            return ReadStore::Pooled {
                store: Some(Box::new(store)),
                pool: &self.readers,
            };
        }
        match path.map(|p| Store::open_read_only(&p)) {
            Some(Ok(store)) => ReadStore::Pooled {
                store: Some(Box::new(store)),
                pool: &self.readers,
            },
            // No file, or it cannot be read beside the writer: read through the writer.
            _ => ReadStore::Writer(self.store()),
        }
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll
        // back), so the connection is still good to use.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn lang(&self) -> Lang {
        *self.lang.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn jobs(&self) -> &JobRegistry {
        &self.jobs
    }

    /// Problems met while starting (a last workspace that could not be opened…), taken once.
    pub fn take_notices(&self) -> Vec<ApiError> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn preferences(&self) -> Preferences {
        Preferences {
            language: self.lang(),
            last_workspace: self.store().path().map(Path::to_path_buf),
        }
    }

    pub fn set_language(&self, lang: Lang) -> crate::Result<Preferences> {
        *self.lang.write().unwrap_or_else(|p| p.into_inner()) = lang;
        self.save_preferences()?;
        Ok(self.preferences())
    }

    fn save_preferences(&self) -> crate::Result<()> {
        let Some(path) = &self.prefs_path else {
            return Ok(());
        };
        self.preferences().save(path).map_err(|e| {
            let lang = self.lang();
            ApiError::from_err(
                &StoreError::Io {
                    path: path.clone(),
                    source: e,
                },
                lang,
            )
        })
    }

    fn remember_workspace(&self) {
        if let Err(e) = self.save_preferences() {
            tracing::warn!(error = %e, "could not save preferences");
        }
    }

    pub fn workspace_info(&self) -> crate::Result<WorkspaceInfo> {
        let lang = self.lang();
        let store = self.store();
        let path = store.path().map(Path::to_path_buf);
        let name = match path.as_deref() {
            None => lang.pick("临时工作区", "Temporary workspace").into(),
            Some(p) if Some(p) == self.default_path.as_deref() => {
                lang.pick("默认工作区", "Default workspace").into()
            }
            Some(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        Ok(WorkspaceInfo {
            name,
            size_bytes: path
                .as_deref()
                .and_then(|p| std::fs::metadata(p).ok())
                .map(|m| m.len()),
            path,
            company: store.meta("company").user(lang)?,
            is_demo: store.meta("demo").user(lang)?.as_deref() == Some("true"),
            schema_version: store.schema_version().user(lang)?,
            counts: store.counts().user(lang)?,
            opened: store.open_report().clone(),
        })
    }

    /// Switches to another, existing workspace file. The current one stays open if it fails.
    pub fn open_workspace(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        let lang = self.lang();
        let new = Store::open_existing(path).user(lang)?;
        self.switch_to(new);
        self.remember_workspace();
        self.workspace_info()
    }

    /// Creates an empty workspace at `path` and switches to it.
    pub fn new_workspace(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        let lang = self.lang();
        let new = Store::create(path).user(lang)?;
        self.switch_to(new);
        self.remember_workspace();
        self.workspace_info()
    }

    /// Writes a copy of the current workspace to `path` and continues in the copy ("另存为").
    pub fn save_workspace_as(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        let lang = self.lang();
        {
            let store = self.store();
            store.save_as(path).user(lang)?;
        }
        self.open_workspace(path)
    }

    pub fn budget_overview(&self) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        let rows = self.reader().current_plan_rows().user(lang)?;
        budget::overview(rows, lang)
    }

    /// Sets the current plan's total from what the user typed ("200万", "2,000,000"). A total of
    /// 0 empties every channel's budget: it is refused with the code `confirm_zero_total`,
    /// and [`Session::set_plan_total_to_zero`] does it once the user has confirmed.
    pub fn set_plan_total(&self, plan_id: i64, input: &str) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        let total =
            Money::parse(input).map_err(|e| ApiError::from_err(&e, lang).with_field("total"))?;
        if total.is_negative() {
            return Err(ApiError::from_err(
                &marketdesk_core::CoreError::InvalidAmount {
                    input: input.into(),
                },
                lang,
            )
            .with_field("total"));
        }
        if total == Money::ZERO {
            let now = self
                .store()
                .plan_row(plan_id)
                .user(lang)?
                .map_or(Money::ZERO, |p| p.total);
            if now != Money::ZERO {
                return Err(ApiError::new(
                    "confirm_zero_total",
                    match lang {
                        Lang::ZhCn => format!("总预算设为 0 后，各渠道预算都会变成 0（现在是 {now}），预算项金额不变。确定要设为 0 吗？"),
                        Lang::En => format!("A total of 0 leaves every channel with no budget (it is {now} now); tactics keep their amounts. Set the total to 0?"),
                    },
                )
                .with_field("total"));
            }
        }
        self.store().set_plan_total(plan_id, total).user(lang)?;
        self.budget_overview()
    }

    /// Sets the current plan's total to 0, after the user confirmed it.
    pub fn set_plan_total_to_zero(&self, plan_id: i64) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        self.store()
            .set_plan_total(plan_id, Money::ZERO)
            .user(lang)?;
        self.budget_overview()
    }

    /// Adds (`tactic_id` None) or changes a tactic of the current plan from what was typed. The
    /// plan with the change must still hold together (a channel, no negative amounts); a refused
    /// edit names its field and writes nothing.
    pub fn save_tactic(
        &self,
        tactic_id: Option<i64>,
        form: &TacticForm,
    ) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            let editing = match tactic_id {
                Some(id) => Some(rows.tactics.iter().find(|t| t.id == id).ok_or_else(|| {
                    ApiError::from_err(&StoreError::NotFound { what: "tactic", id }, lang)
                })?),
                None => None,
            };
            let fields = tactics::validate(form, editing, &rows, lang)?;
            match tactic_id {
                Some(id) => store.update_tactic(id, &fields).user(lang)?,
                None => {
                    store.insert_tactic(rows.plan.id, &fields).user(lang)?;
                }
            }
        }
        self.budget_overview()
    }

    /// Deletes a tactic; `restore_tactic` undoes it.
    pub fn delete_tactic(&self, tactic_id: i64) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            current_plans_tactic(&store, tactic_id, lang)?;
            store.delete_tactic(tactic_id).user(lang)?;
        }
        self.budget_overview()
    }

    pub fn restore_tactic(&self, tactic_id: i64) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            current_plans_tactic(&store, tactic_id, lang)?;
            store.restore_tactic(tactic_id).user(lang)?;
        }
        self.budget_overview()
    }

    /// Creates this year's plan from a template (seed default, three blocks, four teams, empty)
    /// with the typed total and the company's stage and emphasis.
    pub fn create_plan(
        &self,
        template: Template,
        total_input: &str,
        stage: CompanyStage,
        emphasis: Emphasis,
    ) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        let total = Money::parse(total_input)
            .map_err(|e| ApiError::from_err(&e, lang).with_field("total"))?;
        if total.is_negative() {
            let err = CoreError::NegativeAmount {
                what: lang.pick("总预算", "total").into(),
            };
            return Err(ApiError::from_err(&err, lang).with_field("total"));
        }
        let year = chrono::Local::now().year();
        let name = match lang {
            Lang::ZhCn => format!("{year} 年度市场预算"),
            Lang::En => format!("{year} marketing budget"),
        };
        self.store()
            .create_plan(&NewPlan {
                name: &name,
                fiscal_year: year,
                total,
                stage,
                emphasis,
                template,
                lang,
            })
            .user(lang)?;
        self.budget_overview()
    }

    /// Sets a channel's target share from what was typed ("70", "12.5%"); the plan's shares may
    /// not add up to more than 100%.
    pub fn set_channel_share(&self, channel_id: i64, input: &str) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        let share = Share::from_percent_str(input)
            .map_err(|e| ApiError::from_err(&e, lang).with_field("share"))?;
        {
            let mut store = self.store();
            let PlanRows {
                plan,
                mut channels,
                tactics,
                ..
            } = current_rows(&store, lang)?;
            let Some(channel) = channels.iter_mut().find(|c| c.id == channel_id) else {
                let missing = StoreError::NotFound {
                    what: "channel",
                    id: channel_id,
                };
                return Err(ApiError::from_err(&missing, lang));
            };
            channel.share = share;
            budget::to_plan(&plan, &channels, &tactics)
                .map_err(|e| ApiError::from_err(&e, lang).with_field("share"))?;
            store.set_channel_share(channel_id, share).user(lang)?;
        }
        self.budget_overview()
    }

    /// Books a commitment or a payment against a tactic of the current plan.
    pub fn add_spend(&self, form: &SpendForm) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            let entry = spend::validate(form, &rows, lang)?;
            store.insert_spend(&entry).user(lang)?;
        }
        self.budget_overview()
    }

    /// Deletes an entry; the removed entry comes back so 撤销 can put it back.
    pub fn delete_spend(&self, spend_id: i64) -> crate::Result<Removed<DeletedSpend>> {
        let lang = self.lang();
        let removed = {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            if !rows.spend.iter().any(|s| s.id == spend_id) {
                let missing = StoreError::NotFound {
                    what: "spend entry",
                    id: spend_id,
                };
                return Err(ApiError::from_err(&missing, lang));
            }
            store.delete_spend(spend_id).user(lang)?
        };
        Ok(Removed {
            overview: self.budget_overview()?,
            removed,
        })
    }

    /// Puts a deleted entry back, if its tactic is still one of the current plan's.
    pub fn restore_spend(&self, deleted: &DeletedSpend) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            current_plans_tactic(&store, deleted.entry.tactic_id, lang)?;
            store.restore_spend(deleted).user(lang)?;
        }
        self.budget_overview()
    }

    /// The current plan as the domain's checked model (for computations and benchmarks).
    pub fn domain_plan(&self) -> crate::Result<marketdesk_core::Plan> {
        let lang = self.lang();
        let rows = current_rows(&self.store(), lang)?;
        budget::to_plan(&rows.plan, &rows.channels, &rows.tactics).user(lang)
    }

    /// Each event's id, name and date (yyyy-mm-dd), most recent first; cheap at any size.
    pub fn event_names(&self) -> crate::Result<Vec<(i64, String, String)>> {
        let lang = self.lang();
        self.reader().event_names().user(lang)
    }

    pub fn leads_page(&self, query: &LeadQuery) -> crate::Result<LeadPage> {
        let lang = self.lang();
        self.reader().lead_page(query).user(lang)
    }

    pub fn reports(&self) -> crate::Result<ReportsSummary> {
        let lang = self.lang();
        let store = self.reader();
        let events: Vec<_> = store
            .list_events()
            .user(lang)?
            .into_iter()
            .filter(|e| e.status.is_funded())
            .collect();
        let plan = match store.current_plan_rows().user(lang)? {
            Some(r) => Some(budget::to_plan(&r.plan, &r.channels, &r.tactics).user(lang)?),
            None => None,
        };
        let people = store.people_at_events().user(lang)?;
        Ok(reports::summary(&events, people, plan.as_ref()))
    }

    /// Tells what each file is, as a cancellable job. `on_start` receives the job id before any
    /// work so the caller can offer "Cancel".
    pub fn inspect_files(
        &self,
        paths: &[PathBuf],
        on_start: &dyn Fn(u64),
        progress: &dyn Fn(ProgressUpdate),
    ) -> crate::Result<Vec<InspectedFile>> {
        let job = self.jobs.start();
        on_start(job.id);
        let found = inspect_files(paths, self.lang(), job.id, &job.token, progress);
        self.after_reading(paths)?;
        found
    }

    /// Takes the workspace's file locks afresh (see `Store::reconnect`): for the shell, after a
    /// native file dialog, which opens the files it lists.
    pub fn reconnect(&self) -> crate::Result<()> {
        let lang = self.lang();
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .idle
            .clear();
        self.store().reconnect().user(lang)
    }

    /// After reading user-chosen files: if one of them was the workspace itself (or its WAL),
    /// reading it dropped SQLite's locks; take them again.
    pub(crate) fn after_reading(&self, paths: &[PathBuf]) -> crate::Result<()> {
        let workspace = self.store().path().and_then(|p| p.canonicalize().ok());
        let Some(workspace) = workspace else {
            return Ok(());
        };
        let prefix = workspace.as_os_str().to_string_lossy().into_owned();
        let touched = paths
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .any(|p| p.as_os_str().to_string_lossy().starts_with(&prefix));
        if touched {
            self.reconnect()?;
        }
        Ok(())
    }
}

/// The idle read-only connections of the open workspace.
pub(crate) struct Readers {
    path: Option<PathBuf>,
    idle: Vec<Store>,
}

/// Readers kept open for the next read; more are opened while many reads overlap.
const IDLE_READERS: usize = 3;

pub(crate) enum ReadStore<'a> {
    Pooled {
        store: Option<Box<Store>>,
        pool: &'a Mutex<Readers>,
    },
    Writer(MutexGuard<'a, Store>),
}

impl std::ops::Deref for ReadStore<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        match self {
            ReadStore::Pooled { store, .. } => store.as_deref().expect("held until dropped"),
            ReadStore::Writer(guard) => guard,
        }
    }
}

impl Drop for ReadStore<'_> {
    fn drop(&mut self) {
        if let ReadStore::Pooled { store, pool } = self {
            let mut readers = pool.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(store) = store.take() {
                // A reader of the workspace we switched away from is closed, not kept.
                if readers.idle.len() < IDLE_READERS && store.path() == readers.path.as_deref() {
                    readers.idle.push(*store);
                }
            }
        }
    }
}

/// Refuses a tactic id of another plan (a scenario's copy, an older year): edits through the
/// budget section only ever touch the current plan.
fn current_plans_tactic(store: &Store, tactic_id: i64, lang: Lang) -> crate::Result<()> {
    let plan = store
        .current_plan()
        .user(lang)?
        .ok_or_else(|| ApiError::no_plan(lang))?;
    if store.tactic_plan(tactic_id).user(lang)? != plan.id {
        let missing = StoreError::NotFound {
            what: "tactic",
            id: tactic_id,
        };
        return Err(ApiError::from_err(&missing, lang));
    }
    Ok(())
}

/// The current plan's rows, or the "no plan yet" sentence.
pub(crate) fn current_rows(store: &Store, lang: Lang) -> crate::Result<PlanRows> {
    store
        .current_plan_rows()
        .user(lang)?
        .ok_or_else(|| ApiError::no_plan(lang))
}

fn open_or_create_with_demo(path: &Path, lang: Lang) -> Result<Store, StoreError> {
    if path.exists() {
        return Store::open(path);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    // Build the demo next to the target and move it into place when complete, so an interrupted
    // first run never leaves a half-filled default workspace behind.
    let partial = path.with_extension("partial");
    if partial.exists() {
        std::fs::remove_file(&partial).map_err(|source| StoreError::Io {
            path: partial.clone(),
            source,
        })?;
    }
    {
        let mut store = Store::create(&partial)?;
        seed_demo(&mut store, chrono::Local::now().date_naive(), lang)?;
        store.save_as(path)?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    Store::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_answer_while_the_writer_is_held() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_default(&dir.path().join("w.marketdesk"), None, Lang::ZhCn)
            .expect("demo");
        let writer = s.store();
        let (done, waited) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let page = s.leads_page(&LeadQuery {
                    limit: 50,
                    count: true,
                    ..LeadQuery::default()
                });
                let budget = s.budget_overview().map(|_| ());
                let reports = s.reports().map(|_| ());
                done.send((page.map(|p| p.rows.len()), budget, reports))
                    .expect("send");
            });
            let got = waited.recv_timeout(std::time::Duration::from_secs(10));
            // Let a blocked reader finish before failing, or the scope would wait forever.
            drop(writer);
            let (page, budget, reports) = got.expect("reads did not wait for the writer");
            assert_eq!(page.expect("page"), 50);
            budget.expect("budget");
            reports.expect("reports");
        });
    }

    #[test]
    fn first_start_creates_the_demo_and_remembers_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let default = dir.path().join("data/workspace.marketdesk");
        let prefs = dir.path().join("config/preferences.json");
        let s = Session::start(&default, Some(prefs.clone()), None).expect("start");
        assert!(
            s.take_notices().is_empty(),
            "a clean first start has nothing to report"
        );
        let info = s.workspace_info().expect("info");
        assert!(info.is_demo, "first run opens the demo");
        assert_eq!(
            info.name, "默认工作区",
            "the default workspace is named, not shown by file name"
        );
        assert!(info.counts.leads >= 100, "a few hundred leads");
        assert_eq!(
            Preferences::load(&prefs).last_workspace.as_deref(),
            Some(default.as_path())
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("data"))
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("partial"))
            .collect();
        assert!(leftovers.is_empty(), "no partial files left: {leftovers:?}");
    }

    #[test]
    fn an_unopenable_last_workspace_falls_back_with_a_notice() {
        let dir = tempfile::tempdir().expect("tempdir");
        let default = dir.path().join("workspace.marketdesk");
        let bogus = dir.path().join("bogus.marketdesk");
        std::fs::write(&bogus, "not sqlite").expect("write");
        let s = Session::start(&default, None, Some(bogus.clone())).expect("start");
        let notices = s.take_notices();
        assert_eq!(notices.len(), 1, "one notice: {notices:?}");
        assert_eq!(notices[0].code, "not_a_workspace");
        assert!(
            notices[0].message.contains("不是 Marketdesk 工作区"),
            "{}",
            notices[0].message
        );
        assert_eq!(
            std::fs::read_to_string(&bogus).ok().as_deref(),
            Some("not sqlite"),
            "untouched"
        );
        assert!(
            s.workspace_info().expect("info").is_demo,
            "fell back to the default"
        );
    }

    #[test]
    fn a_remembered_workspace_that_was_moved_is_reported_not_recreated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let default = dir.path().join("workspace.marketdesk");
        let prefs = dir.path().join("preferences.json");
        let gone = dir.path().join("moved-away.marketdesk");
        Preferences {
            language: Lang::ZhCn,
            last_workspace: Some(gone.clone()),
        }
        .save(&prefs)
        .expect("prefs");
        let s = Session::start(&default, Some(prefs), None).expect("start");
        let notices = s.take_notices();
        assert_eq!(
            notices.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(),
            vec!["workspace_missing"]
        );
        assert!(
            notices[0].message.contains("moved-away.marketdesk"),
            "{}",
            notices[0].message
        );
        assert!(
            !gone.exists(),
            "no empty file is created where the old one was"
        );
        assert_eq!(s.workspace_info().expect("info").name, "默认工作区");
    }

    #[test]
    fn invalid_totals_are_sentences_in_the_users_language_and_change_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_default(&dir.path().join("w.marketdesk"), None, Lang::ZhCn)
            .expect("open");
        let plan = s.budget_overview().expect("overview").plan.expect("plan");
        let err = s.set_plan_total(plan.id, "abc").expect_err("not a number");
        assert_eq!(err.code, "invalid_amount");
        assert!(
            err.message.contains("不是有效的金额"),
            "Chinese sentence: {}",
            err.message
        );
        s.set_language(Lang::En).expect("switch");
        let err = s.set_plan_total(plan.id, "-5").expect_err("negative");
        assert!(
            err.message.starts_with('“') && err.message.contains("not an amount"),
            "{}",
            err.message
        );
        assert_eq!(
            s.budget_overview()
                .expect("overview")
                .plan
                .expect("plan")
                .total,
            plan.total,
            "unchanged"
        );
        let zero = s.set_plan_total(plan.id, "0").expect_err("asks first");
        assert_eq!(zero.code, "confirm_zero_total");
        assert!(zero.message.contains("¥2,000,000.00"), "{}", zero.message);
        assert_eq!(
            s.set_plan_total_to_zero(plan.id)
                .expect("confirmed")
                .plan
                .expect("p")
                .total
                .yuan,
            "¥0.00"
        );
        let after = s.set_plan_total(plan.id, "250万").expect("valid");
        assert_eq!(after.plan.expect("plan").total.yuan, "¥2,500,000.00");
    }

    #[test]
    fn tactic_edits_are_checked_against_the_plan_and_refusals_write_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_default(&dir.path().join("w.marketdesk"), None, Lang::ZhCn)
            .expect("open");
        let before = s.budget_overview().expect("overview");
        let events = before.channels[0].id;
        let first = before.tactics[0].id;
        let form = |channel: Option<i64>, planned: &str, leads: &str| TacticForm {
            channel_id: channel,
            name: "金融科技峰会赞助".into(),
            owner: "王磊".into(),
            region: "全国".into(),
            quarters: Some(0b0010),
            planned: planned.into(),
            expected_leads: Some(leads.into()),
            ..TacticForm::default()
        };
        for (f, code, field) in [
            (form(Some(events), "abc", "1"), "invalid_amount", "planned"),
            (form(Some(events), "-5", "1"), "negative_amount", "planned"),
            (form(None, "1", "1"), "tactic_without_channel", "channel"),
            (
                form(Some(987_654), "1", "1"),
                "tactic_without_channel",
                "channel",
            ),
            (
                form(Some(events), "1", "many"),
                "invalid_count",
                "expected_leads",
            ),
        ] {
            let err = s.save_tactic(Some(first), &f).expect_err(code);
            assert_eq!(
                (err.code.as_str(), err.field.as_deref()),
                (code, Some(field)),
                "{}",
                err.message
            );
        }
        let mut no_name = form(Some(events), "1", "1");
        no_name.name = "  ".into();
        assert_eq!(
            s.save_tactic(None, &no_name)
                .expect_err("no name")
                .field
                .as_deref(),
            Some("name")
        );
        assert_eq!(
            s.budget_overview().expect("overview").tactics,
            before.tactics,
            "refusals wrote nothing"
        );

        let after = s
            .save_tactic(Some(first), &form(Some(events), "150万", "200"))
            .expect("valid edit");
        assert_eq!(after.tactics[0].planned.yuan, "¥1,500,000.00");
        assert!(
            after.breaches.iter().any(|b| b.warning),
            "events now exceed their channel"
        );
        let added = s
            .save_tactic(None, &form(Some(events), "1000", ""))
            .expect("add");
        assert_eq!(added.tactics.len(), before.tactics.len() + 1);
        let deleted = s.delete_tactic(first).expect("delete");
        assert!(deleted.tactics.iter().all(|t| t.id != first));
        let restored = s.restore_tactic(first).expect("undo");
        assert!(
            restored.tactics.iter().any(|t| t.id == first),
            "undo brings it back"
        );
    }

    #[test]
    fn channel_shares_over_a_whole_are_refused_next_to_the_field() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_default(&dir.path().join("w.marketdesk"), None, Lang::ZhCn)
            .expect("open");
        let events = s.budget_overview().expect("overview").channels[0].id;
        let err = s
            .set_channel_share(events, "80")
            .expect_err("80 + 30 > 100");
        assert_eq!(
            (err.code.as_str(), err.field.as_deref()),
            ("shares_over_100", Some("share"))
        );
        assert!(err.message.contains("110.00%"), "{}", err.message);
        let err = s
            .set_channel_share(events, "七十")
            .expect_err("not a number");
        assert_eq!(err.code, "invalid_share");
        let after = s.set_channel_share(events, "60").expect("60 + 30 = 90");
        assert_eq!(after.channels[0].share, "60.0%");
        assert!(
            after
                .breaches
                .iter()
                .any(|b| b.message.contains("线下活动占 60.0%")),
            "guardrail on events"
        );
        assert!(
            after
                .breaches
                .iter()
                .any(|b| b.message.contains("没有分到渠道")),
            "10% unassigned"
        );
    }

    #[test]
    fn plans_start_from_any_template() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.marketdesk");
        let s = Session::create(&path, false, Lang::ZhCn).expect("empty");
        let err = s
            .create_plan(
                Template::FourTeams,
                "-1",
                CompanyStage::Mature,
                Emphasis::Brand,
            )
            .expect_err("negative");
        assert_eq!(err.field.as_deref(), Some("total"));
        let o = s
            .create_plan(
                Template::FourTeams,
                "300万",
                CompanyStage::Mature,
                Emphasis::Brand,
            )
            .expect("plan");
        let names: Vec<&str> = o.channels.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["PR公关", "场景营销", "数字营销", "SDC/SDR"]);
        assert_eq!(o.plan.expect("plan").stage, "成熟");
    }

    #[test]
    fn spend_is_checked_and_tracked_against_the_plan() {
        use marketdesk_core::SpendKind;
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::create(&dir.path().join("w.marketdesk"), false, Lang::ZhCn)
            .expect("empty workspace");
        let o = s
            .create_plan(
                Template::SeedDefault,
                "200万",
                CompanyStage::Growth,
                Emphasis::Demand,
            )
            .expect("plan");
        let o = s
            .save_tactic(
                None,
                &TacticForm {
                    channel_id: Some(o.channels[0].id),
                    name: "金融科技峰会".into(),
                    planned: "123万".into(),
                    quarters: Some(0b0010),
                    ..TacticForm::default()
                },
            )
            .expect("tactic");
        let year = o.plan.as_ref().expect("plan").fiscal_year;
        let summit = o.tactics[0].id;
        let form = |tactic: Option<i64>, date: String, amount: &str| SpendForm {
            tactic_id: tactic,
            date,
            kind: SpendKind::Committed,
            amount: amount.into(),
            vendor: "行业峰会组委会".into(),
            note: String::new(),
        };
        for (f, field) in [
            (form(None, format!("{year}-04-01"), "30万"), "tactic"),
            (form(Some(summit), "4月1日".into(), "30万"), "date"),
            (
                form(Some(summit), format!("{}-04-01", year + 1), "30万"),
                "date",
            ),
            (form(Some(summit), format!("{year}-04-01"), "0"), "amount"),
            (form(Some(summit), format!("{year}-04-01"), "abc"), "amount"),
        ] {
            let err = s.add_spend(&f).expect_err(field);
            assert_eq!(err.field.as_deref(), Some(field), "{}", err.message);
        }
        assert!(
            s.budget_overview().expect("overview").spend.is_empty(),
            "refusals booked nothing"
        );
        s.add_spend(&form(Some(summit), format!("{year}-04-01"), "30万"))
            .expect("commit");
        let mut paid = form(Some(summit), format!("{year}-06-30"), "35万");
        paid.kind = SpendKind::Actual;
        let after = s.add_spend(&paid).expect("pay");
        let events = &after.tracking[0];
        assert_eq!(events.committed.yuan, "¥300,000.00");
        assert_eq!(events.actual.yuan, "¥350,000.00");
        assert_eq!(
            events.remaining.yuan, "¥880,000.00",
            "1,230,000 planned − 350,000 paid (over the commitment)"
        );
        assert_eq!(after.spend[0].kind_label, "已支付");
        let removed = s.delete_spend(after.spend[0].id).expect("delete");
        assert_eq!(removed.overview.spend.len(), 1);
        let back = s.restore_spend(&removed.removed).expect("undo");
        assert_eq!(back.spend, after.spend, "back as it was");
    }

    #[test]
    fn switching_workspaces_keeps_the_current_one_when_the_new_one_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_default(&dir.path().join("a.marketdesk"), None, Lang::ZhCn)
            .expect("open");
        let before = s.workspace_info().expect("info").path;
        assert!(s
            .open_workspace(&dir.path().join("missing/x.marketdesk"))
            .is_err());
        assert_eq!(
            s.workspace_info().expect("info").path,
            before,
            "still on the first workspace"
        );
        let copy = dir.path().join("b.marketdesk");
        let info = s.save_workspace_as(&copy).expect("save as");
        assert_eq!(
            info.path.as_deref(),
            Some(copy.as_path()),
            "continues in the copy"
        );
        assert_eq!(
            info.counts.leads as usize,
            marketdesk_store::DEMO_LEADS,
            "copy holds the data"
        );
        let fresh = s
            .new_workspace(&dir.path().join("c.marketdesk"))
            .expect("new");
        assert_eq!(fresh.counts.leads, 0, "a new workspace is empty");
        assert!(
            s.budget_overview().expect("overview").plan.is_none(),
            "no plan yet: empty state"
        );
        let created = s
            .create_plan(
                Template::SeedDefault,
                "100万",
                CompanyStage::Growth,
                Emphasis::Demand,
            )
            .expect("plan");
        assert_eq!(created.channels.len(), 6);
        assert!(
            s.new_workspace(&copy).is_err(),
            "new never overwrites an existing file"
        );
    }

    #[test]
    fn inspecting_files_reports_progress_and_honours_cancel() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_default(&dir.path().join("w.marketdesk"), None, Lang::ZhCn)
            .expect("open");
        let csv = dir.path().join("报名.csv");
        std::fs::write(&csv, "姓名,手机\n张三,13800000000\n").expect("write");
        let missing = dir.path().join("gone.xlsx");
        let seen = std::sync::Mutex::new(Vec::new());
        let files = s
            .inspect_files(&[csv, missing], &|_| {}, &|p| {
                seen.lock().expect("lock").push(p.done)
            })
            .expect("inspect");
        assert!(files[0].importable, "csv is importable");
        assert!(
            files[1]
                .problem
                .as_deref()
                .unwrap_or("")
                .contains("找不到文件"),
            "missing file explained"
        );
        assert_eq!(
            *seen.lock().expect("lock"),
            vec![0, 1, 2],
            "progress per file and at the end"
        );
        let cancelled = s.inspect_files(
            &[dir.path().join("x")],
            &|id| {
                s.jobs().cancel(id);
            },
            &|_| {},
        );
        assert_eq!(cancelled.map_err(|e| e.code), Err("cancelled".to_string()));
        assert_eq!(s.jobs().running(), 0, "jobs unregister when they end");
    }
}
