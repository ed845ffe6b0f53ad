//! Stopping a long statement on request. An import's last step builds its indexes, seconds of
//! SQLite work at a million rows with no loop of ours to check for a cancel in; SQLite's
//! interrupt is the one call another thread may make on a connection, so a watcher thread
//! makes it once the user has asked to stop.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::{Result, StoreError};

/// How often the watcher asks whether to stop.
const POLL: Duration = Duration::from_millis(20);

/// Runs `work` on `conn`, interrupting the statement it is running, if any, once `stop`
/// returns true; `work` also calls the [`Stop`] it is given between its statements, where an
/// interrupt would be lost (SQLite drops one that arrives while nothing runs). The statement
/// interrupted fails, and so does `work`: the caller's transaction is then rolled back.
pub(crate) fn stoppable<T>(
    conn: &Connection,
    stop: &(dyn Fn() -> bool + Sync),
    work: impl FnOnce(Stop<'_>) -> Result<T>,
) -> Result<T> {
    let handle = conn.get_interrupt_handle();
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            while !done.load(Ordering::Acquire) {
                if stop() {
                    handle.interrupt();
                }
                std::thread::park_timeout(POLL);
            }
        });
        let out = work(Stop(stop));
        done.store(true, Ordering::Release);
        watcher.thread().unpark();
        out
    })
}

/// The check between statements of [`stoppable`] work.
#[derive(Clone, Copy)]
pub(crate) struct Stop<'a>(&'a (dyn Fn() -> bool + Sync));

impl Stop<'_> {
    pub(crate) fn check(self) -> Result<()> {
        if (self.0)() {
            Err(StoreError::Stopped)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_running_statement_stops_soon_after_it_is_asked_to() {
        let conn = Connection::open_in_memory().expect("memory");
        let asked = Instant::now() + Duration::from_millis(100);
        let started = Instant::now();
        let out = stoppable(&conn, &|| Instant::now() >= asked, |_| {
            // Counts to a billion: minutes, unless interrupted.
            conn.query_row(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000)
                     SELECT count(*) FROM n",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(|source| StoreError::Sqlite {
                    context: "counting",
                    source,
                })
        });
        assert!(
            matches!(&out, Err(StoreError::Sqlite { source, .. })
                if source.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted)),
            "interrupted: {out:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "stopped within moments, not after the count: {:?}",
            started.elapsed()
        );
        let after: i64 = conn
            .query_row("SELECT 41 + 1", [], |r| r.get(0))
            .expect("the connection works on");
        assert_eq!(after, 42, "nothing left interrupted");
    }

    #[test]
    fn work_checks_between_statements() {
        let conn = Connection::open_in_memory().expect("memory");
        let out = stoppable(&conn, &|| true, |stop| stop.check());
        assert!(matches!(out, Err(StoreError::Stopped)), "{out:?}");
        let fine = stoppable(&conn, &|| false, |stop| stop.check().map(|()| 7));
        assert_eq!(fine.expect("not stopped"), 7);
    }
}
