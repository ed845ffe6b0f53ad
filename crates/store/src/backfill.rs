//! Filling in what schemas 4 and 5 derive, for rows written without it: people and attendance
//! from older workspaces, and the demo, which writes them with plain SQL.

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

/// Gives every lead with a company name its company (schema 5), named by the fullest name its
/// leads give.
pub(crate) fn companies(conn: &Connection) -> Result<()> {
    // Bare columns beside min() come from the row holding the minimum (SQLite's rule): the
    // first lead's spelling, until the leads are counted below. `WHERE true` keeps the parser
    // from reading ON CONFLICT as part of the SELECT's join.
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS new_companies (company_id INTEGER PRIMARY KEY);
         DELETE FROM temp.new_companies;
         INSERT INTO company (key, name, created_at)
         SELECT key, name, created_at FROM (
             SELECT company_key AS key, company AS name, created_at, min(id)
               FROM person WHERE company_key <> '' AND company_id IS NULL
              GROUP BY company_key) WHERE true
         ON CONFLICT (key) DO NOTHING;
         INSERT OR IGNORE INTO temp.new_companies
         SELECT c.id FROM person p JOIN company c ON c.key = p.company_key
          WHERE p.company_key <> '' AND p.company_id IS NULL;
         UPDATE person SET company_id = (SELECT id FROM company WHERE key = person.company_key)
          WHERE company_key <> '' AND company_id IS NULL;",
    )
    .context("filling in companies")?;
    crate::companies::name_by_fullest(conn, "SELECT company_id FROM temp.new_companies")
}
