use std::path::PathBuf;

use marketdesk_core::{CoreError, Lang};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error while {context}: {source}")]
    Sqlite {
        context: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path} is not a Marketdesk workspace")]
    NotAWorkspace { path: PathBuf },
    #[error(
        "{path} was written by a newer Marketdesk (schema {found}, this version knows {supported})"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path} already exists")]
    AlreadyExists { path: PathBuf },
    #[error("{path} does not exist")]
    Missing { path: PathBuf },
    #[error("cannot open or create {path}")]
    CannotOpen { path: PathBuf },
    #[error("{path} is in use by another program")]
    Busy { path: PathBuf },
    #[error("file error on {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },
    #[error("channel {channel_id} still has {tactics} tactics")]
    ChannelInUse { channel_id: i64, tactics: i64 },
    #[error("the plan already has a region named {name:?}")]
    DuplicateRegion { name: String },
    #[error("{file_name} was already imported as batch {batch_id} on {imported_at}")]
    AlreadyImported {
        batch_id: i64,
        file_name: String,
        imported_at: String,
    },
    /// Every row of the list was refused (or it had none): importing it would record a batch
    /// that adds nobody, and a check-in list would still mark every registrant a no-show.
    #[error("{file_name} has no row to import ({rows} rows, {rejected} refused)")]
    NoUsableRows {
        file_name: String,
        rows: i64,
        rejected: i64,
    },
    #[error("import {batch_id} was already undone")]
    AlreadyUndone { batch_id: i64 },
    #[error("import {batch_id} cannot be undone before the later imports {later:?}")]
    UndoBlocked { batch_id: i64, later: Vec<String> },
    /// The person was erased on request; the anonymous row only keeps counts.
    #[error("lead {id} was erased")]
    Erased { id: i64 },
    /// A lead cannot be merged into itself.
    #[error("lead {id} cannot be merged with itself")]
    SameLead { id: i64 },
    #[error("merge {merge_id} was already split")]
    AlreadySplit { merge_id: i64 },
    /// A later merge into the same lead must be split first: it may have filled fields from
    /// what this merge brought.
    #[error("merge {merge_id} cannot be split before the later merge of {later_name:?}")]
    SplitBlocked { merge_id: i64, later_name: String },
    /// A migration would leave rows pointing at nothing; it was rolled back.
    #[error("the migration would leave {count} broken references")]
    BrokenReferences { count: i64 },
    /// The workspace went through a migration whose SQL this build ships edited.
    #[error("migration {version} ({name}) differs from the one this workspace went through")]
    EditedMigration { version: u32, name: String },
    /// Adopting the scenario would undo the plan's edits made since it was copied.
    #[error(
        "scenario {scenario:?} was built from version {base}; the plan is at version {current}"
    )]
    ScenarioStale {
        scenario: String,
        base: i64,
        current: i64,
    },
    /// Made before versions were recorded: nothing says what the plan was when it was copied.
    #[error("scenario {scenario:?} predates recorded versions")]
    ScenarioUnversioned { scenario: String },
    /// The user asked to stop; what the work wrote is rolled back.
    #[error("stopped on request")]
    Stopped,
    #[error("not a date: {input:?}")]
    InvalidDate { input: String },
    #[error(transparent)]
    Invalid(#[from] CoreError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Attaches what we were doing to a rusqlite error: `.context("reading the plan")`.
pub(crate) trait SqlContext<T> {
    fn context(self, context: &'static str) -> Result<T>;
}

impl<T> SqlContext<T> for rusqlite::Result<T> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite { context, source })
    }
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Sqlite { source, .. } if is_disk_full(source) => "disk_full",
            StoreError::Sqlite { .. } => "database_error",
            StoreError::NotAWorkspace { .. } => "not_a_workspace",
            StoreError::TooNew { .. } => "workspace_too_new",
            StoreError::AlreadyExists { .. } => "already_exists",
            StoreError::Missing { .. } => "workspace_missing",
            StoreError::CannotOpen { .. } => "cannot_open",
            StoreError::Busy { .. } => "workspace_busy",
            StoreError::Io { .. } => "file_error",
            StoreError::NotFound { .. } => "not_found",
            StoreError::ChannelInUse { .. } => "channel_in_use",
            StoreError::DuplicateRegion { .. } => "duplicate_region",
            StoreError::AlreadyImported { .. } => "already_imported",
            StoreError::NoUsableRows { .. } => "no_usable_rows",
            StoreError::AlreadyUndone { .. } => "already_undone",
            StoreError::UndoBlocked { .. } => "undo_blocked",
            StoreError::Erased { .. } => "erased",
            StoreError::SameLead { .. } => "same_lead",
            StoreError::AlreadySplit { .. } => "already_split",
            StoreError::SplitBlocked { .. } => "split_blocked",
            StoreError::BrokenReferences { .. } => "migration_failed",
            StoreError::EditedMigration { .. } => "edited_migration",
            StoreError::ScenarioStale { .. } => "scenario_stale",
            StoreError::ScenarioUnversioned { .. } => "scenario_unversioned",
            StoreError::Stopped => "cancelled",
            StoreError::InvalidDate { .. } => "invalid_date",
            StoreError::Invalid(e) => e.code(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let p = |p: &PathBuf| p.display().to_string();
        match self {
            StoreError::Sqlite { source, .. } if is_disk_full(source) => lang
                .pick(
                    "磁盘空间不足，保存失败；已保存的数据没有受影响。",
                    "The disk is full, so nothing was saved; data already stored is unaffected.",
                )
                .into(),
            StoreError::Sqlite { context, source } => match lang {
                // The context is English for the log; the sentence keeps only SQLite's own words.
                Lang::ZhCn => format!("工作区数据库出错（{source}），操作没有完成；已保存的数据没有受影响。"),
                Lang::En => format!(
                    "The workspace database failed while {context}: {source}. Data already stored is unaffected."
                ),
            },
            StoreError::NotAWorkspace { path } => match lang {
                Lang::ZhCn => format!("“{}”不是 Marketdesk 工作区文件，未做任何修改。", p(path)),
                Lang::En => format!("“{}” is not a Marketdesk workspace; it was left unchanged.", p(path)),
            },
            StoreError::TooNew {
                path,
                found,
                supported,
            } => match lang {
                Lang::ZhCn => format!(
                    "“{}”由更新版本的 Marketdesk 创建（数据版本 {found}，本程序支持到 {supported}）。请升级 Marketdesk 后再打开；文件未做任何修改。",
                    p(path)
                ),
                Lang::En => format!(
                    "“{}” was written by a newer Marketdesk (data version {found}; this one supports up to {supported}). Update Marketdesk to open it; the file was left unchanged.",
                    p(path)
                ),
            },
            StoreError::AlreadyExists { path } => match lang {
                Lang::ZhCn => format!("“{}”已存在，请换一个文件名。", p(path)),
                Lang::En => format!("“{}” already exists; choose another name.", p(path)),
            },
            StoreError::Missing { path } => match lang {
                Lang::ZhCn => format!("找不到工作区文件“{}”，它可能已被移动或删除。", p(path)),
                Lang::En => format!("The workspace file “{}” is gone; it may have been moved or deleted.", p(path)),
            },
            StoreError::CannotOpen { path } => match lang {
                Lang::ZhCn => format!("无法打开或创建“{}”，请检查文件夹是否存在、是否有写入权限。", p(path)),
                Lang::En => format!(
                    "“{}” could not be opened or created; check that the folder exists and is writable.",
                    p(path)
                ),
            },
            StoreError::Busy { path } => match lang {
                Lang::ZhCn => format!("“{}”正被其他程序使用，请稍后再试。", p(path)),
                Lang::En => format!("“{}” is in use by another program; try again shortly.", p(path)),
            },
            StoreError::Io { path, source } => match lang {
                Lang::ZhCn => format!("无法读写文件“{}”：{source}。", p(path)),
                Lang::En => format!("Could not read or write “{}”: {source}.", p(path)),
            },
            StoreError::NotFound { what, id } => match lang {
                Lang::ZhCn => format!("找不到这条记录（{what} #{id}），可能已被删除。"),
                Lang::En => format!("That record ({what} #{id}) no longer exists; it may have been deleted."),
            },
            StoreError::ChannelInUse { tactics, .. } => match lang {
                Lang::ZhCn => format!("这个渠道下还有 {tactics} 个预算项，请先把它们移到其他渠道或删除。"),
                Lang::En => format!("This channel still has {tactics} tactics; move or delete them first."),
            },
            StoreError::DuplicateRegion { name } => match lang {
                Lang::ZhCn => format!("已经有名为“{name}”的区域了。"),
                Lang::En => format!("There is already a region named “{name}”."),
            },
            StoreError::AlreadyImported {
                file_name,
                imported_at,
                ..
            } => match lang {
                Lang::ZhCn => format!(
                    "“{file_name}”已在 {} 导入过这份名单，内容完全相同，这次没有做任何改动。",
                    short_time(imported_at)
                ),
                Lang::En => format!(
                    "“{file_name}” was already imported into this list on {}; the content is identical, so nothing was changed.",
                    short_time(imported_at)
                ),
            },
            StoreError::NoUsableRows {
                file_name,
                rows: 0,
                ..
            } => match lang {
                Lang::ZhCn => format!("“{file_name}”里没有数据行，没有导入任何内容。"),
                Lang::En => format!("“{file_name}” has no data rows; nothing was imported."),
            },
            StoreError::NoUsableRows {
                file_name, rows, ..
            } => match lang {
                Lang::ZhCn => format!(
                    "“{file_name}”的 {rows} 行都没有通过检查（原因见预览），没有导入任何内容；签到状态也没有改动。"
                ),
                Lang::En => format!(
                    "None of the {rows} rows of “{file_name}” passed the checks (the preview gives each reason); nothing was imported and attendance is unchanged."
                ),
            },
            StoreError::AlreadyUndone { .. } => lang
                .pick("这次导入已经撤销过了。", "This import was already undone.")
                .into(),
            StoreError::UndoBlocked { later, .. } => match lang {
                Lang::ZhCn => format!(
                    "之后的导入（{}）也用到了这次导入新建的线索，请先撤销它们。",
                    later.join("、")
                ),
                Lang::En => format!(
                    "Later imports ({}) also use leads this import created; undo them first.",
                    later.join(", ")
                ),
            },
            StoreError::Erased { .. } => lang
                .pick(
                    "此人的个人信息已按要求删除，这条匿名记录只用于保留活动人数等统计，不能再修改或合并。",
                    "This person's data was erased on request; the anonymous record only keeps the counts and cannot be changed or merged.",
                )
                .into(),
            StoreError::SameLead { .. } => lang
                .pick(
                    "不能把一条线索和它自己合并，请选另一条线索。",
                    "A lead cannot be merged with itself; pick another lead.",
                )
                .into(),
            StoreError::AlreadySplit { .. } => lang
                .pick("这次合并已经拆分过了。", "This merge was already split.")
                .into(),
            StoreError::SplitBlocked { later_name, .. } => match lang {
                Lang::ZhCn => format!(
                    "之后又把“{later_name}”合并进了这条线索，请先拆分那一次合并。"
                ),
                Lang::En => format!(
                    "“{later_name}” was merged into this lead later; split that merge first."
                ),
            },
            StoreError::EditedMigration { version, name } => match lang {
                Lang::ZhCn => format!(
                    "这个工作区经过的第 {version} 步升级（{name}）与本版本软件自带的不一致，为避免损坏数据，未打开该文件。请使用创建或上次打开它的版本，或联系开发者。"
                ),
                Lang::En => format!(
                    "This workspace went through upgrade step {version} ({name}) in a form that differs from the one this version ships; to protect the data it was not opened. Use the version that created or last opened it, or contact the developers."
                ),
            },
            StoreError::BrokenReferences { count } => match lang {
                Lang::ZhCn => format!(
                    "升级工作区时发现 {count} 处数据关联已损坏，升级已取消，文件保持原样（升级前的备份也在同一文件夹）。"
                ),
                Lang::En => format!(
                    "Upgrading the workspace found {count} broken links between records; the upgrade was cancelled and the file left as it was (a backup made before the upgrade is in the same folder)."
                ),
            },
            StoreError::ScenarioStale {
                scenario,
                base,
                current,
            } => match lang {
                Lang::ZhCn => format!(
                    "方案“{scenario}”是按第 {base} 版计划做的，计划现在是第 {current} 版。直接采纳会撤掉之后的修改，所以没有采纳；请按当前版本重建这个方案，或对照三方差异后再决定。"
                ),
                Lang::En => format!(
                    "The scenario “{scenario}” was built from version {base} of the plan, which is now at version {current}. Adopting it would undo the edits made since, so it was not adopted; rebuild it on the current version, or compare the three versions first."
                ),
            },
            StoreError::ScenarioUnversioned { scenario } => match lang {
                Lang::ZhCn => format!(
                    "方案“{scenario}”建于计划开始记录版本之前，无法确认它会不会覆盖之后的修改，所以没有采纳；请按当前版本重建这个方案。"
                ),
                Lang::En => format!(
                    "The scenario “{scenario}” predates the plan's recorded versions, so nothing says whether it would undo later edits; it was not adopted. Rebuild it on the current version."
                ),
            },
            StoreError::Stopped => lang
                .pick("已取消，没有保存任何改动。", "Cancelled; nothing was saved.")
                .into(),
            StoreError::InvalidDate { input } => match lang {
                Lang::ZhCn => format!("“{input}”不是有效的日期，请写成 2026-05-01 这样的格式。"),
                Lang::En => format!("“{input}” is not a date; write it as 2026-05-01."),
            },
            StoreError::Invalid(e) => e.message(lang),
        }
    }
}

/// "2026-11-23T17:05:09Z" → "2026-11-23 17:05".
fn short_time(iso: &str) -> String {
    iso.get(..16).unwrap_or(iso).replace('T', " ")
}

fn is_disk_full(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull)
}
