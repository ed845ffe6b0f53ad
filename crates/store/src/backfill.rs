//! Filling in what schema 4 derives, for rows written without it: people and attendance from
//! older workspaces, and the demo, which writes them with plain SQL.

use rusqlite::Connection;

use crate::error::{Result, SqlContext};
use crate::person_fields::derive_all;

/// Classifies every lead, gives attendance the touches it implies, and marks events whose
/// attendance already says who came.
pub(crate) fn lead_store(conn: &Connection) -> Result<()> {
    derive_all(conn)?;
    conn.execute_batch(
        "UPDATE event SET checkin_known = 1
          WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.event_id = event.id AND a.state <> 'registered');
         INSERT INTO touch (person_id, event_id, kind, channel, at)
         SELECT a.person_id, a.event_id, 'registered', e.kind, e.starts_on
           FROM attendance a JOIN event e ON e.id = a.event_id
          WHERE a.state IN ('registered', 'attended', 'no_show')
            AND NOT EXISTS (SELECT 1 FROM touch t WHERE t.event_id = a.event_id
                            AND t.person_id = a.person_id AND t.kind = 'registered');
         INSERT INTO touch (person_id, event_id, kind, channel, at)
         SELECT a.person_id, a.event_id, 'checked_in', e.kind, e.starts_on
           FROM attendance a JOIN event e ON e.id = a.event_id
          WHERE a.state IN ('attended', 'walk_in')
            AND NOT EXISTS (SELECT 1 FROM touch t WHERE t.event_id = a.event_id
                            AND t.person_id = a.person_id AND t.kind = 'checked_in');",
    )
    .context("filling in touches")?;
    Ok(())
}
