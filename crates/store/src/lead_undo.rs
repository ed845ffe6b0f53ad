//! Undoing an import as a whole: the leads it created go, the blanks it filled in older leads
//! are emptied again, its touches go, and the event's attendance is reconciled without it.

use marketdesk_core::people::LeadField;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::lead_import::{read_batch, ImportBatch};
use crate::person_fields::PersonStatements;
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UndoneImport {
    pub batch: ImportBatch,
    /// Leads the import had created, now removed.
    pub removed: u64,
    /// Older leads whose filled-in blanks were emptied again.
    pub reverted: u64,
}

impl Store {
    /// Undoes import `batch_id` in one transaction. Refused while a later import still uses a
    /// lead this one created (undo that one first), so no later work is lost silently.
    pub fn undo_import(&mut self, batch_id: i64) -> Result<UndoneImport> {
        let now = crate::open::now_iso();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .context("undoing an import")?;
        let batch = read_batch(&tx, batch_id)?;
        if batch.undone_at.is_some() {
            return Err(StoreError::AlreadyUndone { batch_id });
        }
        let later = later_users(&tx, batch_id)?;
        if !later.is_empty() {
            return Err(StoreError::UndoBlocked { batch_id, later });
        }
        // The people the import touched (it created or merged them), and their companies
        // as they stand now, before the fills are reverted.
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS undo_people (person_id INTEGER PRIMARY KEY);
             DELETE FROM temp.undo_people;
             CREATE TEMP TABLE IF NOT EXISTS undo_companies (company_id INTEGER PRIMARY KEY);
             DELETE FROM temp.undo_companies;",
        )
        .context("undoing an import")?;
        tx.execute(
            "INSERT OR IGNORE INTO temp.undo_people SELECT person_id FROM touch WHERE batch_id = ?1",
            [batch_id],
        )
        .context("undoing an import")?;
        tx.execute(
            "INSERT OR IGNORE INTO temp.undo_companies
             SELECT p.company_id FROM temp.undo_people u JOIN person p ON p.id = u.person_id
             WHERE p.company_id IS NOT NULL",
            [],
        )
        .context("undoing an import")?;
        let reverted = revert_fills(&tx, batch_id, &now)?;
        for sql in [
            "DELETE FROM touch WHERE batch_id = ?1",
            "DELETE FROM lead_change WHERE batch_id = ?1",
            "DELETE FROM import_rows WHERE batch_id = ?1",
        ] {
            tx.execute(sql, [batch_id]).context("undoing an import")?;
        }
        let removed = tx
            .execute(
                "DELETE FROM person WHERE id IN (SELECT person_id FROM temp.undo_people)
                   AND created_batch = ?1",
                [batch_id],
            )
            .context("removing the import's leads")? as u64;
        tidy_companies(&tx)?;
        tx.execute(
            "UPDATE event SET checkin_known =
                (SELECT checkin_known_before FROM import_batch WHERE id = ?2)
                OR EXISTS (SELECT 1 FROM import_batch
                           WHERE event_id = ?1 AND id <> ?2 AND reconciles AND undone_at IS NULL)
             WHERE id = ?1",
            params![batch.event_id, batch_id],
        )
        .context("reconciling attendance")?;
        reconcile_people(&tx, batch.event_id)?;
        tx.execute(
            "UPDATE import_batch SET undone_at = ?2 WHERE id = ?1",
            params![batch_id, now],
        )
        .context("undoing an import")?;
        let batch = read_batch(&tx, batch_id)?;
        crate::lead_import::refresh_statistics(&tx)?;
        tx.commit().context("undoing an import")?;
        Ok(UndoneImport {
            batch,
            removed,
            reverted,
        })
    }
}

/// Standing imports after `batch_id` that touched a lead `batch_id` created, as "file (#id)".
fn later_users(conn: &Connection, batch_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare(
            "SELECT b.id, b.file_name FROM import_batch b
             WHERE b.id <> ?1 AND b.undone_at IS NULL AND EXISTS (
                 SELECT 1 FROM touch t JOIN person p ON p.id = t.person_id
                 WHERE t.batch_id = b.id AND p.created_batch = ?1)
             ORDER BY b.id",
        )
        .context("checking later imports")?;
    let rows = stmt
        .query_map([batch_id], |r| {
            Ok(format!(
                "{} (#{})",
                r.get::<_, String>(1)?,
                r.get::<_, i64>(0)?
            ))
        })
        .context("checking later imports")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("checking later imports")?;
    Ok(rows)
}

/// Puts back the blanks the import filled in leads it did not create, newest first, where the
/// value is still the one the import wrote (a later edit wins). Returns the leads changed.
fn revert_fills(conn: &Connection, batch_id: i64, now: &str) -> Result<u64> {
    let mut stmt = conn
        .prepare(
            "SELECT c.person_id, c.field, c.before, c.after FROM lead_change c
             JOIN person p ON p.id = c.person_id
             WHERE c.batch_id = ?1 AND c.kind = 'filled'
               AND p.created_batch IS NOT ?1
             ORDER BY c.person_id, c.id DESC",
        )
        .context("reverting merged fields")?;
    let fills = stmt
        .query_map([batch_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .context("reverting merged fields")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reverting merged fields")?;
    let mut people = PersonStatements::new(conn)?;
    let mut changed = 0;
    let mut i = 0;
    while i < fills.len() {
        let person_id = fills[i].0;
        let Some(mut fields) = people.read(person_id)? else {
            i += 1;
            continue;
        };
        let mut touched = false;
        while i < fills.len() && fills[i].0 == person_id {
            let (_, field, before, after) = &fills[i];
            if let Some(field) = LeadField::from_code(field) {
                if fields.get(field) == after {
                    fields.set(field, before.clone());
                    touched = true;
                }
            }
            i += 1;
        }
        if touched {
            people.write(person_id, &fields, now)?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Removes the companies in `temp.undo_companies` no lead names any more, and names the others
/// by the fullest name their remaining leads give.
fn tidy_companies(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM company WHERE id IN (SELECT company_id FROM temp.undo_companies)
           AND NOT EXISTS (SELECT 1 FROM person WHERE company_id = company.id)",
        [],
    )
    .context("tidying companies")?;
    crate::companies::name_by_fullest(conn, "SELECT company_id FROM temp.undo_companies")
}

/// Recomputes the attendance of the people in `temp.undo_people` at `event_id` from the
/// touches that remain, and the no-shows from whether the event's check-in is still known.
fn reconcile_people(conn: &Connection, event_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM attendance WHERE event_id = ?1
           AND person_id IN (SELECT person_id FROM temp.undo_people)
           AND NOT EXISTS (SELECT 1 FROM touch t
                           WHERE t.event_id = ?1 AND t.person_id = attendance.person_id)",
        [event_id],
    )
    .context("reconciling attendance")?;
    conn.execute(
        "UPDATE attendance SET state = CASE
             WHEN came AND registered THEN 'attended'
             WHEN came THEN 'walk_in'
             WHEN (SELECT checkin_known FROM event WHERE id = ?1) THEN 'no_show'
             ELSE 'registered' END
         FROM (SELECT t.person_id AS pid,
                      max(t.kind = 'registered') AS registered,
                      max(t.kind = 'checked_in') AS came
               FROM touch t WHERE t.event_id = ?1
                 AND t.person_id IN (SELECT person_id FROM temp.undo_people)
               GROUP BY t.person_id)
         WHERE attendance.event_id = ?1 AND attendance.person_id = pid",
        [event_id],
    )
    .context("reconciling attendance")?;
    conn.execute(
        "UPDATE attendance SET state = 'registered'
         WHERE event_id = ?1 AND state = 'no_show'
           AND NOT (SELECT checkin_known FROM event WHERE id = ?1)",
        [event_id],
    )
    .context("reconciling attendance")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::lead_import::tests::{count, event, import, MAPPING};
    use crate::Store;
    use marketdesk_core::ListKind;

    #[test]
    fn undo_removes_new_leads_and_reverts_fills_and_attendance() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &MAPPING,
            &[
                &["甲", "13800000001", "", "招商银行", ""],
                &["乙", "13800000002", "", "", ""],
            ],
        )
        .expect("registration");
        let chk = import(
            &mut store,
            ev,
            ListKind::CheckIn,
            "chk",
            &MAPPING,
            &[
                &["甲", "13800000001", "jia@cmb.com", "平安银行", "总监"],
                &["丙", "13800000003", "", "", ""],
            ],
        )
        .expect("check-in");
        assert_eq!(count(&store, "SELECT count(*) FROM person"), 3);
        let undone = store.undo_import(chk.id).expect("undo");
        assert_eq!(
            (undone.removed, undone.reverted),
            (1, 1),
            "丙 removed, 甲's fills reverted"
        );
        let (email, title, company): (Option<String>, String, String) = store
            .conn
            .query_row(
                "SELECT email, title, company FROM person WHERE name = '甲'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("甲");
        assert_eq!(
            (email, title.as_str(), company.as_str()),
            (None, "", "招商银行"),
            "as before the check-in list"
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM attendance WHERE state <> 'registered'"
            ),
            0,
            "no check-in known any more: everyone is registered again"
        );
        assert_eq!(
            count(&store, "SELECT count(*) FROM lead_change"),
            0,
            "history of the undone import gone"
        );
        let again = store.undo_import(chk.id).expect_err("twice");
        assert_eq!(again.code(), "already_undone");
        // The same file can be imported again once undone.
        import(
            &mut store,
            ev,
            ListKind::CheckIn,
            "chk",
            &MAPPING,
            &[&["丙", "13800000003", "", "", ""]],
        )
        .expect("re-import after undo");
    }

    #[test]
    fn undo_waits_for_later_imports_that_use_its_leads() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let first = import(
            &mut store,
            ev,
            ListKind::Registration,
            "a",
            &MAPPING,
            &[&["甲", "13800000001", "", "", ""]],
        )
        .expect("first");
        let ev2 = event(&mut store, "沙龙");
        let second = import(
            &mut store,
            ev2,
            ListKind::Registration,
            "b",
            &MAPPING,
            &[&["甲", "13800000001", "", "", ""]],
        )
        .expect("second");
        let blocked = store.undo_import(first.id).expect_err("blocked");
        assert_eq!(blocked.code(), "undo_blocked");
        assert!(
            blocked
                .message(marketdesk_core::Lang::ZhCn)
                .contains("名单.xlsx"),
            "{blocked}"
        );
        store.undo_import(second.id).expect("later first");
        store.undo_import(first.id).expect("then the earlier one");
        assert_eq!(count(&store, "SELECT count(*) FROM person"), 0);
        assert_eq!(count(&store, "SELECT count(*) FROM attendance"), 0);
    }
}
