use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::checkpoint::BackgroundCheckpoint;
use crate::error::{Result, SqlContext, StoreError};
use crate::migrate::{self, SCHEMA_VERSION};

/// `PRAGMA application_id` of every Marketdesk workspace: "MKDS".
pub const APPLICATION_ID: i32 = 0x4D4B_4453;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The page size of workspaces created from now on (SQLite's default is 4 KiB). An import is
/// bulk appends and index builds, paid per page: reads, writes and WAL frames are system calls,
/// and each page split rebalances the B-tree. With 16 KiB pages a 100k-row import took 1.15 s
/// instead of 1.28 s and a million rows 13.8 s instead of 15.2 s, lead list queries unchanged;
/// larger pages gained little more (1.10 s at 64 KiB) and make every small edit write a bigger
/// WAL frame. An existing file keeps its size: changing it rewrites the whole file (VACUUM).
const NEW_FILE_PAGE_SIZE: u32 = 16_384;

/// An open workspace file.
pub struct Store {
    pub(crate) checkpoint: BackgroundCheckpoint,
    pub(crate) conn: Connection,
    pub(crate) path: Option<PathBuf>,
    report: OpenReport,
    pub(crate) company_names: std::cell::RefCell<crate::company_search::CompanyNames>,
}

/// What opening did to the file, so the UI can say it ("已从版本 1 升级，备份在 …").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpenReport {
    pub created: bool,
    /// The schema version the file had before this open migrated it.
    pub migrated_from: Option<u32>,
    /// Where the pre-migration copy was written.
    pub backup: Option<PathBuf>,
}

impl Store {
    /// Opens a workspace file, creating it if it does not exist, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let existed = path.exists();
        if existed {
            check_header(path)?;
        }
        let flags = if existed {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| map_open_error(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))
            .context("setting the busy timeout")?;

        // Read-only checks first: a file we must refuse is left exactly as it was.
        let found = read_version(&conn).map_err(|e| map_open_error(path, e))?;
        if existed {
            let app_id: i32 = conn
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(|e| map_open_error(path, e))?;
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| map_open_error(path, e))?;
            let foreign = app_id != APPLICATION_ID && (app_id != 0 || tables > 0);
            if foreign {
                return Err(StoreError::NotAWorkspace {
                    path: path.to_path_buf(),
                });
            }
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            });
        }

        if existed {
            migrate::verify_checksums(&conn)?;
        }
        if !existed {
            conn.execute_batch(&format!("PRAGMA page_size = {NEW_FILE_PAGE_SIZE}"))
                .context("configuring the connection")?;
        }
        configure(&conn)?;
        let mut report = OpenReport {
            created: !existed,
            ..OpenReport::default()
        };
        if found < SCHEMA_VERSION {
            if existed && found > 0 {
                report.backup = Some(backup_before_migration(&conn, path, found)?);
                report.migrated_from = Some(found);
            }
            migrate::apply_pending(&mut conn, found, APPLICATION_ID)
                .map_err(|e| busy_as_busy(path, e))?;
        }
        tracing::info!(path = %path.display(), ?report, "workspace opened");
        Ok(Store {
            company_names: Default::default(),
            checkpoint: BackgroundCheckpoint::default(),
            conn,
            path: Some(path.to_path_buf()),
            report,
        })
    }

    /// Opens a workspace that must already exist (the "open" dialog, a remembered file, the CLI):
    /// a missing file is an error, never silently replaced by an empty one.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    /// Creates a new, empty workspace; refuses to touch an existing file.
    pub fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    /// A migrated in-memory workspace, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory().context("opening an in-memory workspace")?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .context("configuring the connection")?;
        migrate::apply_pending(&mut conn, 0, APPLICATION_ID)?;
        Ok(Store {
            company_names: Default::default(),
            checkpoint: BackgroundCheckpoint::default(),
            conn,
            path: None,
            report: OpenReport {
                created: true,
                ..OpenReport::default()
            },
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn open_report(&self) -> &OpenReport {
        &self.report
    }

    pub fn schema_version(&self) -> Result<u32> {
        read_version(&self.conn).context("reading the schema version")
    }

    /// `PRAGMA integrity_check` == "ok".
    pub fn integrity_ok(&self) -> Result<bool> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .context("checking integrity")?;
        Ok(result == "ok")
    }

    /// Writes a consistent copy of the workspace to `dest` ("另存为"), replacing `dest` only once
    /// the copy is complete, so a failure never leaves a half-written file under the user's name.
    pub fn save_as(&self, dest: &Path) -> Result<()> {
        if self.path.as_deref() == Some(dest) {
            return Ok(());
        }
        let io = |source| StoreError::Io {
            path: dest.to_path_buf(),
            source,
        };
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let file_name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{file_name}.{}.partial", std::process::id()));
        if tmp.exists() {
            std::fs::remove_file(&tmp).map_err(io)?;
        }
        let result = self
            .conn
            .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
            .context("writing the copy");
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, dest).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
    }

    /// SQLite's own check of the file ("ok" when sound), followed by any foreign-key violation.
    pub fn integrity_check(&self) -> Result<String> {
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .context("checking the workspace")?;
        let broken_links: i64 = self
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .context("checking the workspace")?;
        Ok(if broken_links == 0 {
            integrity
        } else {
            format!("{integrity}; {broken_links} broken references")
        })
    }

    /// Replaces the connection with a fresh one to the same file. SQLite's locks are POSIX
    /// advisory locks, which the OS drops for the whole process when *any* descriptor of the
    /// file is closed — and GTK's file dialogs open the files they list (to sniff their type),
    /// the workspace and its `-wal`/`-shm` included. With its locks gone, another process (the
    /// PDF helper, a second window, the CLI) may take the WAL for unused and delete it, and
    /// later writes land in a deleted file. SQLite only asks the OS for locks again once every
    /// connection of this process to the file is closed, so this closes the connection (SQLite
    /// checkpoints if nobody else has the file open) and opens a new one. Call it after anything
    /// that may have opened the workspace's files behind SQLite's back.
    pub fn reconnect(&mut self) -> Result<()> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        let placeholder = Connection::open_in_memory().context("reconnecting")?;
        let old = std::mem::replace(&mut self.conn, placeholder);
        old.close()
            .map_err(|(_, e)| e)
            .context("closing the workspace to reconnect")?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(&path, e))?;
        conn.busy_timeout(Duration::from_secs(5))
            .context("setting the busy timeout")?;
        configure(&conn)?;
        self.conn = conn;
        Ok(())
    }

    /// A read-only workspace on the same file: WAL lets it read the last committed state while
    /// this one writes (an import, a rescoring), so lists and reports never wait for them.
    /// Writes through it fail; the schema is this one's, already migrated.
    pub fn open_reader(&self) -> Result<Store> {
        let path = self.path.as_deref().ok_or(StoreError::NotFound {
            what: "workspace file",
            id: 0,
        })?;
        Store::open_read_only(path)
    }

    /// A read-only workspace on `path`, which must be a workspace this version has opened
    /// (migrated) already: see [`Store::open_reader`].
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))
            .context("setting the busy timeout")?;
        conn.execute_batch("PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;")
            .context("configuring the connection")?;
        Ok(Store {
            company_names: Default::default(),
            checkpoint: BackgroundCheckpoint::default(),
            conn,
            path: Some(path.to_path_buf()),
            report: OpenReport::default(),
        })
    }

    /// A read-only connection to the same file, for work that should not wait on the main one.
    pub fn reader(&self) -> Result<Connection> {
        let path = self.path.as_deref().ok_or(StoreError::NotFound {
            what: "workspace file",
            id: 0,
        })?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .context("opening a reader")?;
        conn.busy_timeout(Duration::from_secs(5))
            .context("setting the busy timeout")?;
        Ok(conn)
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;",
    )
    .context("configuring the connection")
}

fn read_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map(|v| v.clamp(0, u32::MAX as i64) as u32)
}

fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        return Err(StoreError::NotAWorkspace {
            path: path.to_path_buf(),
        });
    }
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(io)?;
    let n = file.read(&mut head).map_err(io)?;
    // An empty file is a workspace not yet written (e.g. created by a save dialog).
    if n == 0 || (n == 16 && &head == SQLITE_HEADER) {
        Ok(())
    } else {
        Err(StoreError::NotAWorkspace {
            path: path.to_path_buf(),
        })
    }
}

fn backup_before_migration(conn: &Connection, path: &Path, version: u32) -> Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let backup = path.with_extension(format!("v{version}-{stamp}.bak"));
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy().as_ref()])
        .context("backing up before migration")?;
    tracing::info!(backup = %backup.display(), "workspace backed up before migration");
    Ok(backup)
}

fn map_open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotAWorkspace { path },
        Some(ErrorCode::CannotOpen) => StoreError::CannotOpen { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        _ => StoreError::Sqlite {
            context: "opening the workspace",
            source: e,
        },
    }
}

fn busy_as_busy(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite { source, context } => match map_open_error(path, source) {
            StoreError::Sqlite { source, .. } => StoreError::Sqlite { context, source },
            other => other,
        },
        other => other,
    }
}

/// Now in UTC with its offset, `2026-12-06T12:51:54+00:00`: what every timestamp from schema 15
/// on is written as, so they compare as text.
pub(crate) fn now_utc() -> String {
    crate::local_days::stamp(chrono::Utc::now())
}

pub(crate) fn now_iso() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_size(conn: &Connection) -> u32 {
        conn.query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size")
    }

    #[test]
    fn an_existing_file_keeps_its_page_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.marketdesk");
        let conn = Connection::open(&path).expect("create");
        conn.execute_batch(&format!(
            "PRAGMA page_size = 4096; PRAGMA application_id = {APPLICATION_ID}; CREATE TABLE t (x);"
        ))
        .expect("an older workspace's first page");
        drop(conn);
        let store = Store::open(&path).expect("opens and migrates");
        assert_eq!(
            page_size(&store.conn),
            4096,
            "opening never rewrites the file to change its pages"
        );
    }

    fn file_bytes(p: &Path) -> Vec<u8> {
        std::fs::read(p).unwrap_or_default()
    }

    #[test]
    fn a_new_file_is_created_migrated_and_configured() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ws.marketdesk");
        let store = Store::open(&path).expect("creates");
        assert!(store.open_report().created, "report says created");
        assert_eq!(store.schema_version().ok(), Some(SCHEMA_VERSION));
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .expect("fk");
        assert_eq!(fk, 1, "foreign keys must be enforced");
        let app: i32 = store
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .expect("app");
        assert_eq!(app, APPLICATION_ID);
        assert_eq!(page_size(&store.conn), NEW_FILE_PAGE_SIZE);
        drop(store);
        let again = Store::open(&path).expect("reopens");
        assert!(
            !again.open_report().created,
            "second open is not a creation"
        );
        assert_eq!(again.open_report().backup, None, "no migration, no backup");
    }

    #[test]
    fn a_path_in_a_missing_folder_is_a_sentence_not_a_sqlite_code() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Store::open(&dir.path().join("no/such/folder/w.marketdesk"))
            .err()
            .expect("cannot create");
        assert_eq!(err.code(), "cannot_open");
        assert!(err
            .message(marketdesk_core::Lang::ZhCn)
            .contains("无法打开或创建"));
    }

    #[test]
    fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("future.marketdesk");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {}; CREATE TABLE x(a);",
                SCHEMA_VERSION + 7
            ))
            .expect("prepare");
        }
        let before = file_bytes(&path);
        let err = Store::open(&path).err().expect("must refuse");
        assert!(
            matches!(err, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 7),
            "got {err:?}"
        );
        assert_eq!(err.code(), "workspace_too_new");
        assert!(
            err.message(marketdesk_core::Lang::ZhCn)
                .contains("更新版本"),
            "Chinese sentence"
        );
        assert_eq!(
            file_bytes(&path),
            before,
            "the newer file must not be modified"
        );
    }

    #[test]
    fn foreign_files_are_refused_without_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = dir.path().join("notes.marketdesk");
        std::fs::write(&text, "这不是数据库").expect("write");
        assert!(matches!(
            Store::open(&text),
            Err(StoreError::NotAWorkspace { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(&text).ok().as_deref(),
            Some("这不是数据库")
        );

        let other_db = dir.path().join("other.sqlite");
        Connection::open(&other_db)
            .and_then(|c| c.execute_batch("CREATE TABLE t(a); INSERT INTO t VALUES (1);"))
            .expect("other db");
        let before = file_bytes(&other_db);
        assert!(matches!(
            Store::open(&other_db),
            Err(StoreError::NotAWorkspace { .. })
        ));
        assert_eq!(
            file_bytes(&other_db),
            before,
            "someone else's database stays as it was"
        );
    }

    #[test]
    fn an_older_file_is_backed_up_then_migrated_keeping_its_data() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.marketdesk");
        {
            let mut conn = Connection::open(&path).expect("open");
            crate::migrate::apply_range(&mut conn, 0, 1, APPLICATION_ID).expect("schema 1");
            conn.execute(
                "INSERT INTO plan (name, fiscal_year, total_fen, stage, emphasis, created_at, updated_at)
                 VALUES ('2026 年度', 2026, 200000000, 'growth', 'demand', 'x', 'x')",
                [],
            )
            .expect("a plan in the old file");
        }
        let store = Store::open(&path).expect("opens and migrates");
        let report = store.open_report().clone();
        assert_eq!(
            report.migrated_from,
            Some(1),
            "report says what it migrated from"
        );
        assert_eq!(store.schema_version().ok(), Some(SCHEMA_VERSION));
        let total: i64 = store
            .conn
            .query_row("SELECT total_fen FROM plan", [], |r| r.get(0))
            .expect("plan kept");
        assert_eq!(total, 200_000_000, "data survives the migration");
        let backup = report.backup.expect("a backup was made");
        let copy = Connection::open(&backup).expect("open backup");
        let v: i64 = copy
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, 1, "the backup is the file as it was before migrating");
        let n: i64 = copy
            .query_row("SELECT count(*) FROM plan", [], |r| r.get(0))
            .expect("plan in backup");
        assert_eq!(n, 1);
    }

    #[test]
    fn schema_3_turns_single_quarters_into_sets_and_gives_old_plans_the_default_rules() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v2.marketdesk");
        {
            let mut conn = Connection::open(&path).expect("open");
            crate::migrate::apply_range(&mut conn, 0, 2, APPLICATION_ID).expect("schema 2");
            conn.execute_batch(
                "INSERT INTO plan (id, name, fiscal_year, total_fen, stage, emphasis, created_at, updated_at)
                 VALUES (1, 'p', 2026, 100, 'growth', 'demand', 'x', 'x');
                 INSERT INTO plan_channel (id, plan_id, code, name, share_bp, position)
                 VALUES (1, 1, 'offline_events', '线下活动', 7000, 0);
                 INSERT INTO tactic (plan_id, channel_id, name, quarter, planned_fen) VALUES (1, 1, 'q3', 3, 1);
                 INSERT INTO tactic (plan_id, channel_id, name, quarter, planned_fen) VALUES (1, 1, 'year', NULL, 1);",
            )
            .expect("schema-2 data");
        }
        let store = Store::open(&path).expect("migrates");
        let tactics = store.plan_tactics(1).expect("tactics");
        let masks: Vec<(String, u8)> = tactics
            .iter()
            .map(|t| (t.fields.name.clone(), t.fields.quarters.mask()))
            .collect();
        assert_eq!(
            masks,
            vec![("q3".into(), 0b0100), ("year".into(), 0b1111)],
            "Q3 stays Q3, no quarter becomes all year"
        );
        assert_eq!(
            store.plan_guardrails(1).expect("rules").len(),
            3,
            "the brief's three rules"
        );
    }

    #[test]
    fn schema_5_gives_the_leads_of_older_files_their_companies() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v4.marketdesk");
        {
            let mut conn = Connection::open(&path).expect("open");
            crate::migrate::apply_range(&mut conn, 0, 4, APPLICATION_ID).expect("schema 4");
            conn.execute_batch(
                "INSERT INTO person (name, company, company_key, created_at) VALUES
                     ('甲', '招商银行', '招商银行', '2026-01-01'),
                     ('乙', '招商银行股份有限公司', '招商银行', '2026-01-02'),
                     ('丙', '', '', '2026-01-03');",
            )
            .expect("schema-4 leads");
        }
        let store = Store::open(&path).expect("migrates");
        let linked: Vec<(String, Option<String>)> = store
            .conn
            .prepare(
                "SELECT p.name, c.name FROM person p LEFT JOIN company c ON c.id = p.company_id
                 ORDER BY p.id",
            )
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let full = Some("招商银行股份有限公司".to_string());
        assert_eq!(
            linked,
            [
                ("甲".to_string(), full.clone()),
                ("乙".to_string(), full),
                ("丙".to_string(), None)
            ],
            "one company, named by its fullest name; no company for a blank name"
        );
    }

    #[test]
    fn schema_7_rebuilds_the_lead_tables_keeping_every_row_and_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v6.marketdesk");
        let counts = |conn: &Connection| -> Vec<i64> {
            ["person", "touch", "attendance", "lead_change", "person_tag"]
                .iter()
                .map(|t| {
                    conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                        .expect(t)
                })
                .collect()
        };
        let before = {
            let mut conn = Connection::open(&path).expect("open");
            conn.execute_batch("PRAGMA foreign_keys = ON").expect("fk");
            crate::migrate::apply_range(&mut conn, 0, 6, APPLICATION_ID).expect("schema 6");
            conn.execute_batch(
                "INSERT INTO event (id, name, kind, starts_on, created_at)
                     VALUES (1, '峰会', 'summit', '2026-11-20', 'x');
                 INSERT INTO person (id, name, mobile, company, company_key, seniority, role, function, created_at)
                     VALUES (1, '甲', '13800000001', '招商银行', '招商银行', 'c_level', 'decision_maker', 'finance', 'x'),
                            (2, '乙', NULL, '', '', 'staff', 'user', 'other', 'x');
                 INSERT INTO touch (person_id, event_id, kind, at) VALUES (1, 1, 'registered', 'x'), (2, 1, 'checked_in', 'x');
                 INSERT INTO attendance (event_id, person_id, state) VALUES (1, 1, 'no_show'), (1, 2, 'walk_in');
                 INSERT INTO lead_change (person_id, at, kind) VALUES (1, 'x', 'created'), (2, 'x', 'tag_removed');
                 INSERT INTO tag (id, name) VALUES (1, '重点');
                 INSERT INTO person_tag (tag_id, person_id, added_at) VALUES (1, 1, 'x');",
            )
            .expect("schema-6 leads");
            counts(&conn)
        };
        let store = Store::open(&path).expect("migrates");
        assert_eq!(before, [2, 2, 2, 2, 1]);
        assert_eq!(
            counts(&store.conn),
            before,
            "no touch, attendance, history or tag went with the old tables"
        );
        assert_eq!(store.integrity_check().expect("check"), "ok");
        let broken: i64 = store
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .expect("fk check");
        assert_eq!(broken, 0, "every reference still finds its lead");
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .expect("fk");
        assert_eq!(fk, 1, "foreign keys are on again after the migration");
        let refused = store.conn.execute(
            "INSERT INTO person (name, seniority, created_at) VALUES ('丙', 'boss', 'x')",
            [],
        );
        assert!(
            refused.is_err(),
            "the check still refuses an unknown seniority"
        );
        store
            .conn
            .execute("DELETE FROM person WHERE id = 2", [])
            .expect("delete");
        assert_eq!(
            counts(&store.conn),
            [1, 1, 1, 1, 1],
            "deleting a lead still takes its touches, attendance and history along"
        );
        // What schema 7 is for: no temporary B-tree for a check on every lead written.
        let plan: Vec<String> = store
            .conn
            .prepare(
                "EXPLAIN INSERT INTO person (name, seniority, role, function, created_at)
                 VALUES ('丁', 'staff', 'user', 'other', 'x')",
            )
            .expect("explain")
            .query_map([], |r| r.get::<_, String>(1))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("ops");
        assert!(
            !plan.iter().any(|op| op == "OpenEphemeral"),
            "checks are plain comparisons: {plan:?}"
        );
    }

    #[test]
    fn a_migration_that_would_leave_broken_references_is_refused_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v6-broken.marketdesk");
        {
            let mut conn = Connection::open(&path).expect("open");
            crate::migrate::apply_range(&mut conn, 0, 6, APPLICATION_ID).expect("schema 6");
            // Written with foreign keys off, as another tool might have: a touch of no lead.
            conn.execute_batch(
                "PRAGMA foreign_keys = OFF;
                 INSERT INTO touch (person_id, kind, at) VALUES (99, 'registered', 'x');",
            )
            .expect("a dangling touch");
        }
        let err = match Store::open(&path) {
            Err(e) => e,
            Ok(_) => panic!("a file with a broken reference must not be migrated"),
        };
        assert!(
            matches!(err, StoreError::BrokenReferences { count: 1 }),
            "{err:?}"
        );
        assert!(
            err.message(marketdesk_core::Lang::ZhCn)
                .contains("升级已取消"),
            "{}",
            err.message(marketdesk_core::Lang::ZhCn)
        );
        let conn = Connection::open(&path).expect("reopen");
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, 6, "the file stays at schema 6");
        let touches: i64 = conn
            .query_row("SELECT count(*) FROM touch", [], |r| r.get(0))
            .expect("touches");
        assert_eq!(touches, 1, "and keeps what it held");
    }

    /// Run by `in_another_process`: opens the workspace named in the environment, prints how
    /// many `workspace_meta` rows it holds, and closes it. Does nothing in a normal test run.
    #[test]
    fn child_process_reads_the_workspace() {
        if let Some(path) = std::env::var_os("MARKETDESK_TEST_CHILD_WORKSPACE") {
            let store = Store::open(Path::new(&path)).expect("child open");
            let n: i64 = store
                .conn
                .query_row("SELECT count(*) FROM workspace_meta", [], |r| r.get(0))
                .expect("child count");
            println!("rows={n}");
        }
    }

    /// Opens and closes the workspace in a separate process; returns the rows it saw.
    fn in_another_process(path: &Path) -> i64 {
        let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "open::tests::child_process_reads_the_workspace",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("MARKETDESK_TEST_CHILD_WORKSPACE", path)
            .output()
            .expect("run the child");
        let text = String::from_utf8_lossy(&out.stdout);
        text.split("rows=")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("child output: {text}"))
    }

    /// What a file dialog does to every file it lists: open and close it behind SQLite's back,
    /// which drops every POSIX lock this process holds on it.
    fn stray_open(path: &Path) {
        for suffix in ["", "-wal", "-shm"] {
            let f = format!("{}{suffix}", path.display());
            drop(std::fs::File::open(&f).expect("open the file behind SQLite's back"));
        }
    }

    fn write(store: &Store, key: &str) {
        store
            .conn
            .execute(
                "INSERT INTO workspace_meta (key, value) VALUES (?1, 'x')",
                [key],
            )
            .expect("write");
    }

    /// The regression behind `reconnect`: after a stray open, another process closing its
    /// connection takes the WAL for unused and deletes it, and the app's next write is lost to
    /// everyone else. After `reconnect` the locks hold again and the write survives.
    #[test]
    fn a_reconnect_after_a_stray_open_keeps_writes_visible_to_other_processes() {
        let dir = tempfile::tempdir().expect("tempdir");
        for reconnect in [false, true] {
            let path = dir.path().join(format!("w-{reconnect}.marketdesk"));
            let mut app = Store::open(&path).expect("create");
            write(&app, "a");
            stray_open(&path);
            if reconnect {
                app.reconnect().expect("reconnect");
            }
            assert_eq!(in_another_process(&path), 1, "the first write is seen");
            write(&app, "b");
            let seen = in_another_process(&path);
            if reconnect {
                assert_eq!(seen, 2, "after reconnect, the second write is seen too");
            } else {
                assert_eq!(
                    seen, 1,
                    "without reconnect the second write went into a deleted WAL (the bug this guards)"
                );
            }
        }
    }

    #[test]
    fn save_as_writes_a_complete_copy_and_never_a_partial_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("a.marketdesk")).expect("create");
        store
            .conn
            .execute(
                "INSERT INTO workspace_meta (key, value) VALUES ('company', '示例')",
                [],
            )
            .expect("insert");
        let dest = dir.path().join("b.marketdesk");
        std::fs::write(&dest, "old content").expect("pre-existing file");
        store.save_as(&dest).expect("save as");
        let copy = Store::open(&dest).expect("copy opens as a workspace");
        let v: String = copy
            .conn
            .query_row(
                "SELECT value FROM workspace_meta WHERE key='company'",
                [],
                |r| r.get(0),
            )
            .expect("meta");
        assert_eq!(v, "示例");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file left behind");
        let missing_dir = dir.path().join("no/such/dir/c.marketdesk");
        assert!(
            store.save_as(&missing_dir).is_err(),
            "unwritable destination is an error"
        );
    }

    #[test]
    fn stored_cities_lose_their_suffix_as_imports_now_do() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cities.marketdesk");
        let names = [
            "上海市",
            "上海",
            "北京市",
            "广东省",
            "广东省深圳市",
            "广西壮族自治区",
            "宁夏回族自治区",
            "新疆维吾尔自治区",
            "内蒙古自治区",
            "香港特别行政区",
            "沙市",
            "浦东新区",
            "Shanghai",
            "",
        ];
        {
            let mut conn = Connection::open(&path).expect("open");
            crate::migrate::apply_range(&mut conn, 0, 7, APPLICATION_ID).expect("schema 7");
            for (i, city) in names.iter().enumerate() {
                conn.execute(
                    "INSERT INTO person (name, city, created_at) VALUES (?1, ?2, 'x')",
                    rusqlite::params![format!("p{i}"), city],
                )
                .expect("a lead");
            }
        }
        let store = Store::open(&path).expect("migrates");
        let stored: Vec<String> = store
            .conn
            .prepare("SELECT city FROM person ORDER BY id")
            .expect("query")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("cities");
        let by_rust: Vec<String> = names
            .iter()
            .map(|c| marketdesk_core::people::tidy_region(c).to_string())
            .collect();
        assert_eq!(stored, by_rust, "the migration and the import's rule agree");
    }
}
