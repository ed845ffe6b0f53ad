//! Rows written many at a time: one multi-row `INSERT` for every [`ROWS`] rows. An import
//! writes a touch and an attendance for every attendee; one statement each, SQLite spent about
//! as long opening and closing cursors as inserting.

use rusqlite::types::Value;
use rusqlite::{Connection, Statement};

use crate::error::{Result, SqlContext};

/// Rows per statement: 64 touches bind 192 values, far below SQLite's limit of 32,766.
const ROWS: usize = 64;

/// The shape of one multi-row `INSERT`: `{head} (…), (…) {tail}`.
pub(crate) struct BulkSql {
    /// `INSERT INTO touch (person_id, event_id, …) VALUES`
    pub head: &'static str,
    /// One row's values: `#` for each value of the row's own, in [`BulkInsert::push`] order;
    /// `?1`, `?2`… for the values every row shares.
    pub row: &'static str,
    /// An upsert clause, or "".
    pub tail: &'static str,
    pub context: &'static str,
}

impl BulkSql {
    /// The statement for `rows` rows of `width` own values after `shared` shared ones.
    fn statement(&self, rows: usize, shared: usize, width: usize) -> String {
        let mut sql = String::with_capacity(self.head.len() + rows * (self.row.len() + 16));
        sql.push_str(self.head);
        let mut next = shared + 1;
        for r in 0..rows {
            sql.push_str(if r == 0 { " " } else { ", " });
            for ch in self.row.chars() {
                if ch == '#' {
                    sql.push_str(&format!("?{next}"));
                    next += 1;
                } else {
                    sql.push(ch);
                }
            }
        }
        debug_assert_eq!(next, shared + rows * width + 1, "{}", self.head);
        sql.push(' ');
        sql.push_str(self.tail);
        sql
    }
}

/// Buffers rows and writes them [`ROWS`] at a time. Rows still buffered are written by
/// [`BulkInsert::flush`]; until then they are invisible to queries.
pub(crate) struct BulkInsert<'c> {
    conn: &'c Connection,
    sql: BulkSql,
    shared: Vec<Value>,
    width: usize,
    /// The statement for a full buffer, prepared when it is first needed.
    full: Option<Statement<'c>>,
    pending: Vec<Value>,
}

impl<'c> BulkInsert<'c> {
    pub(crate) fn new(
        conn: &'c Connection,
        sql: BulkSql,
        shared: Vec<Value>,
        width: usize,
    ) -> BulkInsert<'c> {
        BulkInsert {
            conn,
            sql,
            shared,
            width,
            full: None,
            pending: Vec::with_capacity(ROWS * width),
        }
    }

    /// Adds one row: exactly `width` values, in the order of the `#`s.
    pub(crate) fn push<const N: usize>(&mut self, values: [Value; N]) -> Result<()> {
        debug_assert_eq!(N, self.width, "{}", self.sql.head);
        self.pending.extend(values);
        if self.pending.len() == ROWS * self.width {
            let full = match &mut self.full {
                Some(statement) => statement,
                None => self.full.insert(self.prepare(ROWS)?),
            };
            execute(full, &mut self.pending, self.shared.len(), self.sql.context)?;
        }
        Ok(())
    }

    /// Writes every buffered row.
    pub(crate) fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut statement = self.prepare(self.pending.len() / self.width)?;
        execute(
            &mut statement,
            &mut self.pending,
            self.shared.len(),
            self.sql.context,
        )
    }

    fn prepare(&self, rows: usize) -> Result<Statement<'c>> {
        let sql = self.sql.statement(rows, self.shared.len(), self.width);
        let mut statement = self.conn.prepare(&sql).context(self.sql.context)?;
        // Bindings outlive a statement's reset: shared values are bound once.
        for (i, value) in self.shared.iter().enumerate() {
            statement
                .raw_bind_parameter(i + 1, value)
                .context(self.sql.context)?;
        }
        Ok(statement)
    }
}

fn execute(
    statement: &mut Statement<'_>,
    pending: &mut Vec<Value>,
    shared: usize,
    context: &'static str,
) -> Result<()> {
    for (i, value) in pending.drain(..).enumerate() {
        statement
            .raw_bind_parameter(shared + i + 1, value)
            .context(context)?;
    }
    statement.raw_execute().context(context)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Connection {
        let conn = Connection::open_in_memory().expect("memory");
        conn.execute_batch(
            "CREATE TABLE t (k INTEGER PRIMARY KEY, tag TEXT NOT NULL, n INTEGER NOT NULL)",
        )
        .expect("table");
        conn
    }

    fn upserts(conn: &Connection) -> BulkInsert<'_> {
        BulkInsert::new(
            conn,
            BulkSql {
                head: "INSERT INTO t (k, tag, n) VALUES",
                row: "(#, ?1, #)",
                tail: "ON CONFLICT (k) DO UPDATE SET n = n + excluded.n",
                context: "testing",
            },
            vec![Value::Text("shared".into())],
            2,
        )
    }

    #[test]
    fn full_buffers_and_the_remainder_are_all_written_in_order() {
        let conn = table();
        let mut bulk = upserts(&conn);
        // 150 rows over 100 keys: two full statements, then 22 rows; keys repeat within one
        // statement and across statements, and each repeat must see the rows before it.
        for i in 0..150i64 {
            bulk.push([Value::Integer(i % 100), Value::Integer(1)])
                .expect("push");
        }
        let written: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .expect("count");
        assert_eq!(written, 100, "128 rows written by two statements, 100 keys");
        bulk.flush().expect("flush");
        let (rows, sum, tags): (i64, i64, i64) = conn
            .query_row(
                "SELECT count(*), sum(n), count(DISTINCT tag) FROM t WHERE tag = 'shared'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("read");
        assert_eq!((rows, sum, tags), (100, 150, 1), "every row counted once");
        bulk.flush().expect("flushing nothing is fine");
    }
}
