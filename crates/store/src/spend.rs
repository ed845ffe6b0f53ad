//! Spend booked against tactics through the year: commitments (contracts) and actual payments.

use chrono::NaiveDate;
use marketdesk_core::{Money, SpendKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext, StoreError};
use crate::open::now_iso;
use crate::row::read_money;
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendRow {
    pub id: i64,
    pub tactic_id: i64,
    /// ISO date, 2027-03-15.
    pub spent_on: String,
    pub kind: SpendKind,
    pub amount: Money,
    pub vendor: String,
    pub note: String,
    /// Booked by a file import rather than by hand.
    pub imported: bool,
}

/// An entry as it was before deletion, for undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedSpend {
    pub id: i64,
    pub entry: NewSpend,
    pub batch: Option<String>,
    pub created_at: String,
}

fn kind_from_code(code: &str) -> SpendKind {
    if code == "committed" {
        SpendKind::Committed
    } else {
        SpendKind::Actual
    }
}

fn kind_code(kind: SpendKind) -> &'static str {
    match kind {
        SpendKind::Committed => "committed",
        SpendKind::Actual => "actual",
    }
}

/// One entry to book; the caller has checked the amount and that the tactic is live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSpend {
    pub tactic_id: i64,
    pub spent_on: NaiveDate,
    pub kind: SpendKind,
    pub amount: Money,
    pub vendor: String,
    pub note: String,
}

fn insert(conn: &Connection, e: &NewSpend, batch: Option<&str>) -> Result<i64> {
    conn.execute(
        "INSERT INTO spend (tactic_id, spent_on, kind, amount_fen, vendor, note, created_at, import_batch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            e.tactic_id,
            e.spent_on.to_string(),
            kind_code(e.kind),
            e.amount.fen(),
            e.vendor.trim(),
            e.note.trim(),
            now_iso(),
            batch
        ],
    )
    .context("booking spend")?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn insert_spend(&mut self, entry: &NewSpend) -> Result<i64> {
        insert(&self.conn, entry, None)
    }

    /// Books an imported file's entries all at once or not at all, under `batch` (the file's
    /// hash), so the same file is recognised if imported again and the import can be undone.
    pub fn import_spend(&mut self, batch: &str, entries: &[NewSpend]) -> Result<usize> {
        let tx = self.conn.transaction().context("importing spend")?;
        for e in entries {
            insert(&tx, e, Some(batch))?;
        }
        tx.commit().context("importing spend")?;
        Ok(entries.len())
    }

    /// How many entries a batch booked that are still there (0: never imported, or undone).
    pub fn spend_batch_count(&self, batch: &str) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM spend WHERE import_batch = ?1",
                [batch],
                |r| r.get(0),
            )
            .context("reading imported spend")
    }

    /// Undoes an import: removes every entry it booked.
    pub fn undo_spend_import(&mut self, batch: &str) -> Result<usize> {
        self.conn
            .execute("DELETE FROM spend WHERE import_batch = ?1", [batch])
            .context("undoing a spend import")
    }

    /// Deletes an entry and returns it as it was, for `restore_spend`.
    pub fn delete_spend(&mut self, spend_id: i64) -> Result<DeletedSpend> {
        self.conn
            .query_row(
                "DELETE FROM spend WHERE id = ?1
                 RETURNING id, tactic_id, spent_on, kind, amount_fen, vendor, note, import_batch, created_at",
                [spend_id],
                |r| {
                    let date: String = r.get(2)?;
                    let kind: String = r.get(3)?;
                    Ok(DeletedSpend {
                        id: r.get(0)?,
                        entry: NewSpend {
                            tactic_id: r.get(1)?,
                            spent_on: date.parse().map_err(|e| {
                                rusqlite::Error::FromSqlConversionFailure(
                                    2,
                                    rusqlite::types::Type::Text,
                                    Box::new(e),
                                )
                            })?,
                            kind: kind_from_code(&kind),
                            amount: read_money(r, 4)?,
                            vendor: r.get(5)?,
                            note: r.get(6)?,
                        },
                        batch: r.get(7)?,
                        created_at: r.get(8)?,
                    })
                },
            )
            .optional()
            .context("deleting spend")?
            .ok_or(StoreError::NotFound {
                what: "spend entry",
                id: spend_id,
            })
    }

    /// Puts a deleted entry back as it was: same id, same import batch.
    pub fn restore_spend(&mut self, deleted: &DeletedSpend) -> Result<()> {
        let e = &deleted.entry;
        self.conn
            .execute(
                "INSERT INTO spend (id, tactic_id, spent_on, kind, amount_fen, vendor, note, created_at, import_batch)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    deleted.id,
                    e.tactic_id,
                    e.spent_on.to_string(),
                    kind_code(e.kind),
                    e.amount.fen(),
                    e.vendor,
                    e.note,
                    deleted.created_at,
                    deleted.batch
                ],
            )
            .context("restoring spend")?;
        Ok(())
    }

    /// A plan's entries against live tactics, newest first.
    pub fn plan_spend(&self, plan_id: i64) -> Result<Vec<SpendRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.tactic_id, s.spent_on, s.kind, s.amount_fen, s.vendor, s.note, s.import_batch
                 FROM spend s JOIN tactic t ON t.id = s.tactic_id
                 WHERE t.plan_id = ?1 AND t.deleted_at IS NULL
                 ORDER BY s.spent_on DESC, s.id DESC",
            )
            .context("reading spend")?;
        let rows = stmt
            .query_map([plan_id], |r| {
                let kind: String = r.get(3)?;
                Ok(SpendRow {
                    id: r.get(0)?,
                    tactic_id: r.get(1)?,
                    spent_on: r.get(2)?,
                    kind: kind_from_code(&kind),
                    amount: read_money(r, 4)?,
                    vendor: r.get(5)?,
                    note: r.get(6)?,
                    imported: r.get::<_, Option<String>>(7)?.is_some(),
                })
            })
            .context("reading spend")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading spend")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{add_tactic, plan_store};

    fn entry(tactic_id: i64, date: &str, kind: SpendKind, yuan: i64, vendor: &str) -> NewSpend {
        NewSpend {
            tactic_id,
            spent_on: date.parse().expect("date"),
            kind,
            amount: Money::from_yuan(yuan),
            vendor: vendor.into(),
            note: String::new(),
        }
    }

    #[test]
    fn spend_is_booked_listed_hidden_with_its_tactic_and_deleted() {
        let (mut store, plan) = plan_store();
        let channel = store.plan_channels(plan).expect("channels")[0].id;
        let tactic = add_tactic(&mut store, plan, channel, 50_000);
        store
            .insert_spend(&entry(
                tactic,
                "2027-04-01",
                SpendKind::Committed,
                50_000,
                " 主办方 ",
            ))
            .expect("commit");
        let paid = store
            .insert_spend(&entry(
                tactic,
                "2027-05-10",
                SpendKind::Actual,
                25_000,
                "主办方",
            ))
            .expect("pay");
        let rows = store.plan_spend(plan).expect("list");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].id, rows[0].kind),
            (paid, SpendKind::Actual),
            "newest first"
        );
        assert_eq!(rows[1].vendor, "主办方", "trimmed");
        let mut negative = entry(tactic, "2027-05-10", SpendKind::Actual, 0, "");
        negative.amount = Money::from_fen(-1);
        assert!(store.insert_spend(&negative).is_err());
        store.delete_tactic(tactic).expect("delete tactic");
        assert!(
            store.plan_spend(plan).expect("list").is_empty(),
            "spend of a deleted tactic is hidden"
        );
        store.restore_tactic(tactic).expect("undo");
        assert_eq!(
            store.plan_spend(plan).expect("list").len(),
            2,
            "and comes back with it"
        );
        let deleted = store.delete_spend(paid).expect("delete entry");
        assert!(store.delete_spend(paid).is_err(), "only once");
        assert_eq!(deleted.entry.vendor, "主办方");
        store.restore_spend(&deleted).expect("undo");
        let back = store.plan_spend(plan).expect("list");
        assert_eq!(
            (back[0].id, back[0].amount),
            (paid, Money::from_yuan(25_000)),
            "back as it was"
        );
    }

    #[test]
    fn an_import_is_all_or_nothing_recognised_and_undone() {
        let (mut store, plan) = plan_store();
        let channel = store.plan_channels(plan).expect("channels")[0].id;
        let tactic = add_tactic(&mut store, plan, channel, 50_000);
        let good = entry(tactic, "2027-02-01", SpendKind::Actual, 100, "甲");
        let mut orphan = good.clone();
        orphan.tactic_id = 9_999;
        assert!(
            store.import_spend("abc", &[good.clone(), orphan]).is_err(),
            "the second line has no tactic"
        );
        assert!(
            store.plan_spend(plan).expect("list").is_empty(),
            "nothing half-written"
        );
        assert_eq!(store.spend_batch_count("abc").expect("count"), 0);
        assert_eq!(
            store
                .import_spend("abc", &[good.clone(), good])
                .expect("import"),
            2
        );
        assert_eq!(store.spend_batch_count("abc").expect("count"), 2);
        store
            .insert_spend(&entry(tactic, "2027-03-01", SpendKind::Actual, 5, "乙"))
            .expect("by hand");
        assert_eq!(store.undo_spend_import("abc").expect("undo"), 2);
        assert_eq!(
            store.plan_spend(plan).expect("list").len(),
            1,
            "hand-booked entry stays"
        );
    }
}
