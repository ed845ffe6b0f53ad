//! Foreign keys off for one piece of work, and on again however it ends.

use rusqlite::Connection;

use crate::error::{Result, SqlContext};

/// While it lives SQLite checks no reference and runs no `ON DELETE` action: for an import,
/// which writes only references it has just read or made (the checks were a tenth of its time),
/// and for a migration that rebuilds a table, whose `DROP TABLE` would otherwise delete every
/// row that references it. Foreign keys are on again when it is dropped, committed or not.
pub(crate) struct ForeignKeysUnchecked<'c>(&'c Connection);

impl<'c> ForeignKeysUnchecked<'c> {
    /// Must run outside a transaction: inside one, SQLite ignores the pragma.
    pub(crate) fn new(conn: &'c Connection, context: &'static str) -> Result<Self> {
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .context(context)?;
        Ok(ForeignKeysUnchecked(conn))
    }
}

impl Drop for ForeignKeysUnchecked<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.0.execute_batch("PRAGMA foreign_keys = ON") {
            tracing::error!("foreign keys stay unchecked: {e}");
        }
    }
}
