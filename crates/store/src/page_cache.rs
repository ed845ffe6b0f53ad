//! SQLite's page cache resized for one stretch of work, and put back however it ends.

use rusqlite::Connection;

use crate::error::{Result, SqlContext};

/// Imports of fewer leads keep the whole cache: the memory that matters is a million rows',
/// and at a hundred thousand the cache saves a fifth of the index rebuild (pages written while
/// matching are read back from it rather than from the WAL).
pub(crate) const LARGE_IMPORT_ROWS: u64 = 200_000;

/// The cache size before, restored when dropped. `cache_size` belongs to the connection, not
/// to the transaction: a rolled-back import must still give the memory back.
pub(crate) struct PageCache<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> PageCache<'c> {
    pub(crate) fn resize(conn: &'c Connection, kib: i64) -> Result<PageCache<'c>> {
        let before: i64 = conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .context("sizing the page cache")?;
        conn.execute_batch(&format!("PRAGMA cache_size = -{kib}"))
            .context("sizing the page cache")?;
        Ok(PageCache { conn, before })
    }
}

impl Drop for PageCache<'_> {
    fn drop(&mut self) {
        let restored = self
            .conn
            .execute_batch(&format!("PRAGMA cache_size = {}", self.before));
        if let Err(e) = restored {
            tracing::error!("page cache not restored: {e}");
        }
    }
}
