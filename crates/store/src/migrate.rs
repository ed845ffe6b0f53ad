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
];

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
            applied_at TEXT NOT NULL
        ) STRICT;",
    )
    .context("creating the migration log")?;
    let now = crate::open::now_iso();
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
            "INSERT INTO schema_migration (version, name, applied_at) VALUES (?1, ?2, ?3)",
            (m.version, m.name, &now),
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
}
