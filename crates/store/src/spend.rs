//! Spend booked against tactics through the year: commitments (contracts) and actual payments.

use marketdesk_core::{Money, SpendKind};
use rusqlite::params;
use serde::Serialize;

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
}

fn kind_code(kind: SpendKind) -> &'static str {
    match kind {
        SpendKind::Committed => "committed",
        SpendKind::Actual => "actual",
    }
}

impl Store {
    /// Books one entry; the caller has checked the date, the amount and that the tactic is live.
    pub fn insert_spend(
        &mut self,
        tactic_id: i64,
        spent_on: &str,
        kind: SpendKind,
        amount: Money,
        vendor: &str,
        note: &str,
    ) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO spend (tactic_id, spent_on, kind, amount_fen, vendor, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![tactic_id, spent_on, kind_code(kind), amount.fen(), vendor.trim(), note.trim(), now_iso()],
            )
            .context("booking spend")?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn delete_spend(&mut self, spend_id: i64) -> Result<()> {
        let n = self
            .conn
            .execute("DELETE FROM spend WHERE id = ?1", [spend_id])
            .context("deleting spend")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "spend entry",
                id: spend_id,
            });
        }
        Ok(())
    }

    /// A plan's entries against live tactics, newest first.
    pub fn plan_spend(&self, plan_id: i64) -> Result<Vec<SpendRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.tactic_id, s.spent_on, s.kind, s.amount_fen, s.vendor, s.note
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
                    kind: if kind == "committed" {
                        SpendKind::Committed
                    } else {
                        SpendKind::Actual
                    },
                    amount: read_money(r, 4)?,
                    vendor: r.get(5)?,
                    note: r.get(6)?,
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
    use crate::TacticInput;
    use marketdesk_core::{CompanyStage, Emphasis, Lang, Template};

    #[test]
    fn spend_is_booked_listed_hidden_with_its_tactic_and_deleted() {
        let mut store = Store::open_in_memory().expect("store");
        let plan = store
            .create_plan(
                "p",
                2027,
                Money::from_yuan(100_000),
                CompanyStage::Growth,
                Emphasis::Demand,
                Template::SeedDefault,
                Lang::ZhCn,
            )
            .expect("plan");
        let channel = store.plan_channels(plan).expect("channels")[0].id;
        let tactic = store
            .insert_tactic(
                plan,
                &TacticInput {
                    channel_id: channel,
                    name: "峰会".into(),
                    owner: String::new(),
                    region: String::new(),
                    quarter: Some(2),
                    planned: Money::from_yuan(50_000),
                    expected_leads: 0,
                },
            )
            .expect("tactic");
        store
            .insert_spend(
                tactic,
                "2027-04-01",
                SpendKind::Committed,
                Money::from_yuan(50_000),
                " 主办方 ",
                "合同",
            )
            .expect("commit");
        let paid = store
            .insert_spend(
                tactic,
                "2027-05-10",
                SpendKind::Actual,
                Money::from_yuan(25_000),
                "主办方",
                "首付款",
            )
            .expect("pay");
        let rows = store.plan_spend(plan).expect("list");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].id, rows[0].kind),
            (paid, SpendKind::Actual),
            "newest first"
        );
        assert_eq!(rows[1].vendor, "主办方", "trimmed");
        assert!(store
            .insert_spend(
                tactic,
                "2027-05-10",
                SpendKind::Actual,
                Money::from_fen(-1),
                "",
                ""
            )
            .is_err());
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
        store.delete_spend(paid).expect("delete entry");
        assert!(store.delete_spend(paid).is_err(), "only once");
    }
}
