//! Indexes an import never reads, built once at its end instead of entry by entry.
//!
//! Every lead an import makes adds an entry to each index of `person`, and every touch to the
//! indexes of `touch` and `attendance`, each at a random place in its tree. Once an import has
//! written as many rows as a table held before it, sorting the whole table into a fresh index
//! costs less than going on inserting: the table's indexes are dropped then, and
//! [`DeferredIndexes::rebuild`] creates them again, from the very SQL they were made with,
//! before the import commits. The import goes on matching leads through
//! [`crate::lead_keys::LeadKeys`] instead of the indexes on mobile, email and name. All of it happens inside the import's
//! transaction: a rollback, a crash or a kill leaves them as they were.

use rusqlite::{params, Connection};

use crate::error::{Result, SqlContext};
use crate::interrupt::stoppable;
use crate::page_cache::{PageCache, LARGE_IMPORT_ROWS};

/// The page cache while a large import's indexes are rebuilt, in KiB. The lead keys held in
/// memory are gone by then (lead_keys.rs); at a million leads 8 MiB made the twelve builds take
/// 15.7 s, 32 MiB 12.5 s at the same peak memory, 64 MiB 12.0 s but 196 MB at its peak.
const REBUILD_CACHE_KIB: i64 = 32 * 1024;

/// Below this many rows an import never drops an index: its inserts cost nothing to speak of.
const MIN_ROWS: u64 = 1_000;

/// The tables whose indexes are set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Person,
    /// And attendance, whose rows are as many as an event's touches.
    Touch,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Person => "person",
            Table::Touch => "touch",
        }
    }

    /// A bound on its rows: the largest rowid, found in one step down the tree.
    pub(crate) fn size(self, conn: &Connection) -> Result<u64> {
        let max: i64 = conn
            .query_row(
                &format!("SELECT coalesce(max(rowid), 0) FROM {}", self.name()),
                [],
                |r| r.get(0),
            )
            .context("sizing a lead table")?;
        Ok(max.max(0) as u64)
    }
}

/// The indexes of one table, dropped together.
struct Group {
    /// The table whose size decides when the group is dropped.
    table: Table,
    indexes: &'static [&'static str],
    /// Rows taken when the group is dropped.
    defer_at: u64,
    deferred: bool,
    /// `CREATE INDEX` statements of the indexes dropped, to run again.
    dropped: Vec<String>,
}

const GROUPS: [(Table, &[&str]); 2] = [
    (
        Table::Person,
        &[
            // What the import matches by: LeadKeys stands in for them.
            "person_mobile",
            "person_email",
            "person_name_company",
            // Filters and sorts of the lead list.
            "person_company",
            "person_seniority_function",
            "person_function",
            "person_city",
            "person_company_id",
            // The lead search.
            "person_name_end",
            "person_name_from2",
            "person_mobile_tail",
        ],
    ),
    (
        Table::Touch,
        &[
            "touch_person",
            "touch_batch",
            "attendance_person",
            "attendance_event_state",
        ],
    ),
];

pub(crate) struct DeferredIndexes {
    groups: Vec<Group>,
}

impl DeferredIndexes {
    /// Reads how big the tables are as the import starts.
    pub(crate) fn new(conn: &Connection) -> Result<DeferredIndexes> {
        let mut groups = Vec::with_capacity(GROUPS.len());
        for (table, indexes) in GROUPS {
            groups.push(Group {
                table,
                indexes,
                defer_at: table.size(conn)?.max(MIN_ROWS),
                deferred: false,
                dropped: Vec::new(),
            });
        }
        Ok(DeferredIndexes { groups })
    }

    /// Drops the groups whose table the import has now matched in size.
    pub(crate) fn after_rows(&mut self, conn: &Connection, rows: u64) -> Result<()> {
        for group in &mut self.groups {
            if group.deferred || rows < group.defer_at {
                continue;
            }
            group.deferred = true;
            for name in group.indexes {
                let sql: Option<String> = conn
                    .query_row(
                        "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                        params![name],
                        |r| r.get(0),
                    )
                    .ok();
                // A missing index is someone else's business (a newer schema); leave it.
                let Some(sql) = sql else { continue };
                conn.execute_batch(&format!("DROP INDEX {name}"))
                    .context("writing leads")?;
                group.dropped.push(sql);
            }
            tracing::debug!(
                table = group.table.name(),
                rows,
                "indexes deferred to the end of the import"
            );
        }
        Ok(())
    }

    /// Whether the indexes of `table` are gone until the end of the import.
    pub(crate) fn is_deferred(&self, table: Table) -> bool {
        self.groups.iter().any(|g| g.table == table && g.deferred)
    }

    /// Creates again every index dropped.
    ///
    /// With temporary storage in memory (see open.rs) SQLite sorts a new index wholly in RAM:
    /// 60 MB for a million leads, on top of the 64 MB page cache. For large tables the page
    /// cache is shrunk to [`REBUILD_CACHE_KIB`] meanwhile: building an index reads its table
    /// once, in order, and appends pages, so it needs less cache, and the dirty pages it lets
    /// go go to the WAL, as they would at the commit.
    ///
    /// Seconds at a million leads: `stop` ends it early, with an error that rolls the import
    /// back (interrupt.rs).
    pub(crate) fn rebuild(
        &mut self,
        conn: &Connection,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<()> {
        if self.groups.iter().all(|g| g.dropped.is_empty()) {
            return Ok(());
        }
        let _cache = if Table::Person.size(conn)? >= LARGE_IMPORT_ROWS {
            Some(PageCache::resize(conn, REBUILD_CACHE_KIB)?)
        } else {
            None
        };
        stoppable(conn, stop, |between| {
            self.groups.iter_mut().try_for_each(|group| {
                group.dropped.drain(..).try_for_each(|sql| {
                    between.check()?;
                    conn.execute_batch(&sql).context("indexing the new leads")
                })
            })
        })
    }
}
