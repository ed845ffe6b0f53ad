use rusqlite::Connection;

use crate::error::{Result, SqlContext};
use crate::foreign_keys::ForeignKeysUnchecked;

struct Migration {
    /// Consecutive from 1; equals `PRAGMA user_version` once applied.
    version: u32,
    name: &'static str,
    sql: &'static str,
    /// Work SQL cannot do (classifying stored titles…), run in the same transaction.
    after: Option<fn(&Connection) -> Result<()>>,
}

/// Append only: a migration that has shipped is never edited (users' files already hold it).
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "20261123010000_initial",
        sql: include_str!("../migrations/20261123010000_initial.sql"),
        after: None,
    },
    Migration {
        version: 2,
        name: "20261123020000_budget_model",
        sql: include_str!("../migrations/20261123020000_budget_model.sql"),
        after: None,
    },
    Migration {
        version: 3,
        name: "20261123030000_plan_rules",
        sql: include_str!("../migrations/20261123030000_plan_rules.sql"),
        after: None,
    },
    Migration {
        version: 4,
        name: "20261123040000_lead_store",
        sql: include_str!("../migrations/20261123040000_lead_store.sql"),
        after: Some(crate::backfill::lead_store),
    },
    Migration {
        version: 5,
        name: "20261201050000_companies",
        sql: include_str!("../migrations/20261201050000_companies.sql"),
        after: Some(crate::backfill::companies),
    },
    Migration {
        version: 6,
        name: "20261202060000_import_speed",
        sql: include_str!("../migrations/20261202060000_import_speed.sql"),
        after: None,
    },
    Migration {
        version: 7,
        name: "20261202070000_per_row_checks",
        sql: include_str!("../migrations/20261202070000_per_row_checks.sql"),
        after: None,
    },
    Migration {
        version: 8,
        name: "20261202080000_city_names",
        sql: include_str!("../migrations/20261202080000_city_names.sql"),
        after: None,
    },
    Migration {
        version: 9,
        name: "20261206090000_shared_contacts",
        sql: include_str!("../migrations/20261206090000_shared_contacts.sql"),
        after: None,
    },
    Migration {
        version: 10,
        name: "20261206100000_plan_versions",
        sql: include_str!("../migrations/20261206100000_plan_versions.sql"),
        after: None,
    },
    Migration {
        version: 11,
        name: "20261206110000_wechat",
        sql: include_str!("../migrations/20261206110000_wechat.sql"),
        after: None,
    },
    Migration {
        version: 12,
        name: "20261206120000_rows_fingerprint",
        sql: include_str!("../migrations/20261206120000_rows_fingerprint.sql"),
        after: None,
    },
    Migration {
        version: 13,
        name: "20261206130000_search_ends",
        sql: include_str!("../migrations/20261206130000_search_ends.sql"),
        after: None,
    },
    Migration {
        version: 14,
        name: "20261206140000_search_name_middle",
        sql: include_str!("../migrations/20261206140000_search_name_middle.sql"),
        after: None,
    },
    Migration {
        version: 15,
        name: "20261206150000_event_scoring",
        sql: include_str!("../migrations/20261206150000_event_scoring.sql"),
        after: None,
    },
    Migration {
        version: 16,
        name: "20261207160000_lead_lifecycle",
        sql: include_str!("../migrations/20261207160000_lead_lifecycle.sql"),
        after: None,
    },
];

impl Migration {
    /// BLAKE3 of the SQL, hex: what a workspace records of each migration it went through.
    fn checksum(&self) -> String {
        blake3::hash(self.sql.as_bytes()).to_hex().to_string()
    }
}

fn has_checksums(conn: &Connection) -> Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM pragma_table_info('schema_migration') WHERE name = 'checksum'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .context("reading the migration log")
}

/// Refuses a workspace whose record of a migration differs from the migration this build
/// ships: the SQL was edited after release, and the file's schema is not what this build thinks.
/// Read-only, so a refused file stays as it was.
pub(crate) fn verify_checksums(conn: &Connection) -> Result<()> {
    let log_exists: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'",
            [],
            |r| r.get(0),
        )
        .context("reading the migration log")?;
    if log_exists == 0 || !has_checksums(conn)? {
        return Ok(());
    }
    let mut stmt = conn
        .prepare("SELECT version, checksum FROM schema_migration WHERE checksum IS NOT NULL")
        .context("reading the migration log")?;
    let recorded = stmt
        .query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))
        .context("reading the migration log")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading the migration log")?;
    for (version, checksum) in recorded {
        if let Some(m) = MIGRATIONS.iter().find(|m| m.version == version) {
            if m.checksum() != checksum {
                return Err(crate::StoreError::EditedMigration {
                    version,
                    name: m.name.into(),
                });
            }
        }
    }
    Ok(())
}

/// The schema version this build writes; files with a higher `user_version` are refused.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies every migration above `from` in one transaction and records each one.
pub(crate) fn apply_pending(conn: &mut Connection, from: u32, application_id: i32) -> Result<()> {
    apply_range(conn, from, SCHEMA_VERSION, application_id)
}

/// Applies migrations `from+1 ..= to` (tests build files of older versions with it).
///
/// Foreign keys are off meanwhile, as SQLite's procedure for changing a table asks: a migration
/// that rebuilds a table drops the old one, and with foreign keys on that deletes every row
/// referencing it. Every reference is checked before the commit instead.
pub(crate) fn apply_range(
    conn: &mut Connection,
    from: u32,
    to: u32,
    application_id: i32,
) -> Result<()> {
    let unchecked = ForeignKeysUnchecked::new(conn, "starting the migration")?;
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
        .context("starting the migration")?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migration (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            checksum   TEXT
        ) STRICT;",
    )
    .context("creating the migration log")?;
    if !has_checksums(&tx)? {
        tx.execute_batch("ALTER TABLE schema_migration ADD COLUMN checksum TEXT")
            .context("creating the migration log")?;
    }
    let now = crate::open::now_utc();
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > from && m.version <= to)
    {
        tracing::info!(version = m.version, name = m.name, "applying migration");
        tx.execute_batch(m.sql).context("applying a migration")?;
        if let Some(after) = m.after {
            after(&tx)?;
        }
        tx.execute(
            "INSERT INTO schema_migration (version, name, applied_at, checksum) VALUES (?1, ?2, ?3, ?4)",
            (m.version, m.name, &now, m.checksum()),
        )
        .context("recording a migration")?;
    }
    // Migrations applied before checksums were recorded are taken as they are now: they passed
    // every release's tests since.
    for m in MIGRATIONS.iter().filter(|m| m.version <= from) {
        tx.execute(
            "UPDATE schema_migration SET checksum = ?2 WHERE version = ?1 AND checksum IS NULL",
            (m.version, m.checksum()),
        )
        .context("recording a migration")?;
    }
    let broken: i64 = tx
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .context("checking references after the migration")?;
    if broken > 0 {
        return Err(crate::StoreError::BrokenReferences { count: broken });
    }
    // Both live in the file header and commit with the transaction.
    tx.execute_batch(&format!(
        "PRAGMA user_version = {to}; PRAGMA application_id = {application_id};"
    ))
    .context("recording the schema version")?;
    tx.commit().context("committing the migration")?;
    drop(unchecked);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_consecutive_and_named_by_timestamp() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version as usize,
                i + 1,
                "migration {} is out of order",
                m.name
            );
            let stamp = m.name.split('_').next().unwrap_or("");
            assert!(
                stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit()),
                "{} must start with a yyyymmddhhmmss timestamp",
                m.name
            );
        }
        let mut names: Vec<_> = MIGRATIONS.iter().map(|m| m.name).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            MIGRATIONS.iter().map(|m| m.name).collect::<Vec<_>>(),
            "names sort in apply order"
        );
    }

    use crate::{Store, StoreError, APPLICATION_ID};

    /// The checksums of the migrations that have shipped. A failing entry means a shipped
    /// migration was edited: add a new migration instead.
    const SHIPPED: &[(u32, &str)] = &[
        (
            1,
            "3ac61944235f97b0238262bb6184d897f1db6f833d39e0f39be8f5e57d7e463d",
        ),
        (
            2,
            "7a7b7f5e3a1a4eeada20b6f5bbe132888e72e7b378de3a90de4f5d74705e743b",
        ),
        (
            3,
            "15ccbce95d024d25c3f414656226b8065aa7bf07e156b9ee74809292349c86ca",
        ),
        (
            4,
            "58ea4581624811628cd4a02420ae5a9e675c190864c48ded3a92fb0f2e751d44",
        ),
        (
            5,
            "d1fb88685b9615a75eae41853e3f2f007a48e44d34aec1bc873a49bbd3d344b6",
        ),
        (
            6,
            "b2bfcee96f2f10733b89f8d9fc30ef930a30a833647a61bffd755aae70bab734",
        ),
        (
            7,
            "e42dbd4c9ee03eb548165d314b467111442ce84ab17f131260bf31761cd2f2dc",
        ),
        (
            8,
            "fdc6b2c667f172d365e150ce850835355301c9d79665dc3f2291e4ea08e6cae7",
        ),
        (
            9,
            "dc0c12d5ab0a0aba727c9aaaa10f481f642d336e3be5ec56f5920754cd871a8f",
        ),
        (
            10,
            "13b6b516b8123726996cdb307cb130624a0a1f3ee1ed08848236b6fc8ca2807e",
        ),
        (
            11,
            "5952cd78f263e69c3973bfe9ea6de41cfb61e10710cc8c60eb3968e7a8e5c7d7",
        ),
        (
            12,
            "8afa1779b09ffb7990a181f6e0ad18c023d27a838cccc042d63736b214c2cc8c",
        ),
        (
            13,
            "2463f43359213d2f05ed376bf61fabd3dadde67087749806d512d5644933c311",
        ),
        (
            14,
            "7ce770a9faf5c9c267cca9713f3305adc936c59e2f6d9def76f89c7b768864fb",
        ),
        (
            15,
            "6d44931bc1faf654626abe265baa7cf5d54c7b32d78b7e0b1478f801cf1f3fbb",
        ),
        (
            16,
            "847eff1197f026f98e3ca1a0a5abb15ebe6ff7ada1d3bdcf275b9f9e86c3b096",
        ),
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        for (version, checksum) in SHIPPED {
            let m = &MIGRATIONS[*version as usize - 1];
            assert_eq!(
                m.checksum(),
                *checksum,
                "migration {} was edited after it shipped",
                m.name
            );
        }
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).expect(sql)
    }

    /// A schema-14 workspace with two imports, as the importer of that schema wrote it.
    fn schema_14_with_imports(path: &std::path::Path) {
        let mut conn = Connection::open(path).expect("open");
        conn.execute_batch("PRAGMA foreign_keys = ON").expect("fk");
        apply_range(&mut conn, 0, 14, APPLICATION_ID).expect("schema 14");
        conn.execute_batch(
            "INSERT INTO event (id, name, kind, organiser, city, starts_on, cost_fen, target_attendance, checkin_known, created_at)
                 VALUES (1, '金融科技峰会', 'summit', '金融科技协会', '深圳', '2026-03-20', 10000000, 300, 1, '2026-03-01T10:00:00+08:00'),
                        (2, '合规沙龙', 'salon', ' 金融科技 协会', '杭州', '2026-05-10', 0, 40, 0, '2026-05-01T10:00:00+08:00'),
                        (3, '明年的论坛', 'forum', '', '北京', '2099-01-01', 0, 0, 0, '2026-05-01T10:00:00+08:00');
             INSERT INTO person (id, name, mobile, company, company_key, seniority, role, function, created_at)
                 VALUES (1, '甲', '13800000001', '招商银行', '招商银行', 'c_level', 'decision_maker', 'technology', 'x'),
                        (2, '乙', '13800000002', '', '', 'staff', 'user', 'other', 'x'),
                        (3, '丙', '13800000003', '', '', 'manager', 'user', 'business', 'x');
             INSERT INTO import_batch (id, file_name, file_hash, file_size, event_id, list_kind, reconciles, mapping, imported_at)
                 VALUES (1, '峰会报名.xlsx', 'h1', 10, 1, 'registration', 0, '[]', 'x'),
                        (2, '峰会签到.xlsx', 'h2', 10, 1, 'checkin', 1, '[]', 'x'),
                        (3, '沙龙报名.csv', 'h3', 10, 2, 'registration', 0, '[]', 'x');
             INSERT INTO touch (person_id, event_id, batch_id, kind, channel, source, at) VALUES
                 (1, 1, 1, 'registered', 'summit', '峰会报名.xlsx', '2026-03-01'),
                 (2, 1, 1, 'registered', 'summit', '峰会报名.xlsx', '2026-03-01'),
                 (1, 1, 2, 'checked_in', 'summit', '峰会签到.xlsx', '2026-03-20'),
                 (3, 1, 2, 'checked_in', 'summit', '峰会签到.xlsx', '2026-03-20'),
                 (3, 2, 3, 'registered', 'salon', '沙龙报名.csv', '2026-05-01'),
                 (2, NULL, NULL, 'registered', 'web_form', '官网表单', '2026-06-01');
             INSERT INTO attendance (event_id, person_id, state) VALUES
                 (1, 1, 'attended'), (1, 2, 'no_show'), (1, 3, 'walk_in'), (2, 3, 'registered');",
        )
        .expect("schema-14 data");
    }

    const TABLES: [&str; 5] = ["event", "touch", "attendance", "person", "import_batch"];

    #[test]
    fn schema_15_puts_every_touch_on_a_campaign_and_loses_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("v14.marketdesk");
        schema_14_with_imports(&path);
        let before: Vec<i64> = {
            let conn = Connection::open(&path).expect("open");
            TABLES
                .iter()
                .map(|t| count(&conn, &format!("SELECT count(*) FROM {t}")))
                .collect()
        };
        let store = Store::open(&path).expect("migrates");
        let conn = &store.conn;
        let after: Vec<i64> = TABLES
            .iter()
            .map(|t| count(conn, &format!("SELECT count(*) FROM {t}")))
            .collect();
        assert_eq!(after, before, "counts of {TABLES:?}");
        assert_eq!(
            count(
                conn,
                "SELECT count(*) FROM touch t JOIN event e ON e.id = t.event_id
                  WHERE t.campaign_id IS e.campaign_id AND t.channel = 'offline_events'"
            ),
            5,
            "every event touch is on its event's campaign, under the events channel"
        );
        assert_eq!(
            count(
                conn,
                "SELECT count(*) FROM touch WHERE event_id IS NULL AND campaign_id IS NULL AND channel = 'web_form'"
            ),
            1,
            "a touch from no event keeps its channel"
        );
        assert_eq!(
            count(conn, "SELECT count(*) FROM campaign c JOIN event e ON e.campaign_id = c.id AND e.name = c.name"),
            3
        );
        assert_eq!(
            count(conn, "SELECT count(*) FROM organiser"),
            1,
            "two spellings of one organiser are one"
        );
        let events = store.list_events().expect("events");
        let summit = events.iter().find(|e| e.id == 1).expect("summit");
        assert_eq!(summit.organiser, "金融科技协会");
        assert_eq!(summit.status, marketdesk_core::EventStatus::Done);
        assert_eq!(
            (
                summit.registered,
                summit.attended,
                summit.no_show,
                summit.walk_in
            ),
            (0, 1, 1, 1)
        );
        assert_eq!(summit.cost.fen(), 10_000_000);
        let future = events.iter().find(|e| e.id == 3).expect("forum");
        assert_eq!(future.status, marketdesk_core::EventStatus::Planned);
        assert_eq!(future.organiser_id, None);
        assert_eq!(
            count(conn, "SELECT count(*) FROM pragma_foreign_key_check"),
            0
        );
        assert_eq!(
            count(
                conn,
                "SELECT count(*) FROM schema_migration WHERE checksum IS NOT NULL"
            ),
            i64::from(SCHEMA_VERSION)
        );
        // A new kind is a code now, not a table rebuild.
        conn.execute("UPDATE event SET kind = 'webinar' WHERE id = 3", [])
            .expect("no CHECK list on kind");
    }

    #[test]
    fn a_workspace_whose_migration_was_edited_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("w.marketdesk");
        drop(Store::open(&path).expect("create"));
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute(
                "UPDATE schema_migration SET checksum = 'edited' WHERE version = 3",
                [],
            )
            .expect("tamper");
        }
        let bytes = std::fs::read(&path).expect("read");
        match Store::open(&path) {
            Err(StoreError::EditedMigration { version: 3, .. }) => {}
            other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
        }
        assert_eq!(std::fs::read(&path).expect("read"), bytes, "left as it was");
    }

    #[test]
    fn migrations_recorded_before_checksums_are_taken_as_they_are() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("v14.marketdesk");
        schema_14_with_imports(&path);
        {
            // As a build before checksums wrote it.
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch("ALTER TABLE schema_migration DROP COLUMN checksum")
                .expect("old log");
        }
        let store = Store::open(&path).expect("migrates");
        assert_eq!(
            count(
                &store.conn,
                "SELECT count(*) FROM schema_migration WHERE checksum IS NULL"
            ),
            0
        );
        drop(store);
        Store::open(&path).expect("opens again, its checksums matching");
    }
}
