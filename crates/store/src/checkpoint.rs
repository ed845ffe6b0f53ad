//! Copying the write-ahead log into the workspace file on a thread of its own, after an import.
//!
//! In WAL mode a commit appends the pages it changed to the `-wal` file, and SQLite's automatic
//! checkpoint then copies them into the workspace file inside the same commit call: 0.2 s of a
//! 100k-row import, some seconds of a million-row one, spent after the import is already durable.
//! An import therefore commits with the automatic checkpoint paused and leaves the copy to a
//! second connection, while the user reads the result. Nothing depends on the copy for
//! correctness: until it is done, readers find the new pages in the WAL, and a crash leaves a
//! WAL that the next open recovers.

use std::path::Path;
use std::thread::JoinHandle;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, SqlContext};

/// SQLite's default: a commit that leaves more than this many pages in the WAL checkpoints.
const AUTO_CHECKPOINT_PAGES: u32 = 1000;

/// Commits `tx`, a transaction of `conn` (made with `unchecked_transaction`, so `conn` stays
/// borrowable), leaving its pages in the WAL: no automatic checkpoint inside the commit, for
/// writes of a million rows the caller then copies with [`BackgroundCheckpoint::start`].
pub(crate) fn commit_leaving_wal(
    conn: &Connection,
    tx: rusqlite::Transaction<'_>,
    what: &'static str,
) -> Result<()> {
    let paused = AutoCheckpointPaused::new(conn)?;
    let committed = tx.commit().context(what);
    drop(paused);
    committed
}

/// While it lives, commits on its connection leave their pages in the WAL.
pub(crate) struct AutoCheckpointPaused<'c>(&'c Connection);

impl<'c> AutoCheckpointPaused<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<Self> {
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0")
            .context("committing the import")?;
        Ok(AutoCheckpointPaused(conn))
    }
}

impl Drop for AutoCheckpointPaused<'_> {
    fn drop(&mut self) {
        let restored = self.0.execute_batch(&format!(
            "PRAGMA wal_autocheckpoint = {AUTO_CHECKPOINT_PAGES}"
        ));
        if let Err(e) = restored {
            tracing::error!("automatic checkpoints stay paused: {e}");
        }
    }
}

/// The checkpoint running in the background, if any. Dropping it waits for the copy: once a
/// store is closed, its last connection has deleted the WAL and the workspace file alone holds
/// everything, as a user who copies it (or a CLI run that just ended) expects.
#[derive(Default)]
pub(crate) struct BackgroundCheckpoint {
    running: Option<JoinHandle<()>>,
}

impl BackgroundCheckpoint {
    /// Starts copying the WAL of the workspace at `path` into it. A copy still running from
    /// before is waited for first: two would only take turns.
    pub(crate) fn start(&mut self, path: &Path) {
        self.wait();
        let path = path.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || copy_wal(&path));
        match spawned {
            Ok(handle) => self.running = Some(handle),
            // The next commit's automatic checkpoint, or closing the store, does the copy.
            Err(e) => tracing::warn!("no background checkpoint: {e}"),
        }
    }

    /// Waits until the copy started last has ended.
    pub(crate) fn wait(&mut self) {
        if let Some(handle) = self.running.take() {
            if handle.join().is_err() {
                tracing::error!("the background checkpoint panicked");
            }
        }
    }
}

impl Drop for BackgroundCheckpoint {
    fn drop(&mut self) {
        self.wait();
    }
}

/// A passive checkpoint never waits for the store's own connection: pages written meanwhile
/// stay in the WAL for the next checkpoint.
fn copy_wal(path: &Path) {
    let copied = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|conn| {
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })
    });
    match copied {
        Ok((in_wal, copied)) => tracing::debug!(in_wal, copied, "WAL copied into the workspace"),
        Err(e) => tracing::warn!(path = %path.display(), "background checkpoint failed: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a copy of the workspace file alone, without its `-wal`, holds: rows ending in "y".
    fn updated_in_file_alone(path: &Path, dir: &Path, name: &str) -> i64 {
        let alone = dir.join(name);
        std::fs::copy(path, &alone).expect("copy the file alone");
        Connection::open(&alone)
            .expect("open the copy")
            .query_row("SELECT count(*) FROM t WHERE x LIKE '%y'", [], |r| r.get(0))
            .expect("read the copy")
    }

    #[test]
    fn a_paused_commit_stays_in_the_wal_until_the_background_copies_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.db");
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (x TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
             INSERT INTO t SELECT printf('%0200d', i) FROM n;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .expect("setup");
        {
            let _paused = AutoCheckpointPaused::new(&conn).expect("pause");
            conn.execute_batch("UPDATE t SET x = x || 'y'")
                .expect("a write of far more than 1000 pages");
        }
        let seen: i64 = Connection::open(&path)
            .expect("reader")
            .query_row("SELECT count(*) FROM t WHERE x LIKE '%y'", [], |r| r.get(0))
            .expect("read");
        assert_eq!(seen, 20_000, "the commit is visible before it is copied");
        assert_eq!(
            updated_in_file_alone(&path, dir.path(), "before.db"),
            0,
            "the paused commit did not copy its pages into the file"
        );

        let mut background = BackgroundCheckpoint::default();
        background.start(&path);
        background.wait();
        assert_eq!(
            updated_in_file_alone(&path, dir.path(), "after.db"),
            20_000,
            "the background checkpoint copied the commit into the file"
        );
        let auto: i64 = conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(
            auto, AUTO_CHECKPOINT_PAGES as i64,
            "automatic checkpoints resume"
        );
    }
}
