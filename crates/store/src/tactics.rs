//! Editing a plan's tactics. Deletion is soft, so it can be undone; every write is one statement
//! or one transaction.

use marketdesk_core::Money;
use rusqlite::{params, OptionalExtension};
use serde::Deserialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::open::now_iso;
use crate::Store;

/// The editable fields of a tactic, already checked by the caller against the whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TacticInput {
    pub channel_id: i64,
    pub name: String,
    pub owner: String,
    pub region: String,
    /// 1–4, or None for all year.
    pub quarter: Option<u8>,
    pub planned: Money,
    pub expected_leads: i64,
}

impl Store {
    /// The plan a tactic belongs to (deleted tactics included, for undo).
    pub fn tactic_plan(&self, tactic_id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT plan_id FROM tactic WHERE id = ?1",
                [tactic_id],
                |r| r.get(0),
            )
            .optional()
            .context("finding a tactic")?
            .ok_or(StoreError::NotFound {
                what: "tactic",
                id: tactic_id,
            })
    }

    pub fn insert_tactic(&mut self, plan_id: i64, t: &TacticInput) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO tactic (plan_id, channel_id, name, owner, region, quarter, planned_fen, expected_leads, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                         (SELECT coalesce(max(position), 0) + 1 FROM tactic WHERE plan_id = ?1))",
                params![plan_id, t.channel_id, t.name.trim(), t.owner.trim(), t.region.trim(), t.quarter, t.planned.fen(), t.expected_leads],
            )
            .context("adding a tactic")?;
        let id = self.conn.last_insert_rowid();
        self.touch_plan(plan_id)?;
        Ok(id)
    }

    pub fn update_tactic(&mut self, tactic_id: i64, t: &TacticInput) -> Result<()> {
        let n = self
            .conn
            .execute(
                "UPDATE tactic SET channel_id = ?2, name = ?3, owner = ?4, region = ?5, quarter = ?6,
                        planned_fen = ?7, expected_leads = ?8
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![tactic_id, t.channel_id, t.name.trim(), t.owner.trim(), t.region.trim(), t.quarter, t.planned.fen(), t.expected_leads],
            )
            .context("saving a tactic")?;
        self.tactic_changed(n, tactic_id, "tactic")
    }

    /// Marks a tactic deleted; `restore_tactic` brings it back with everything attached to it.
    pub fn delete_tactic(&mut self, tactic_id: i64) -> Result<()> {
        let n = self
            .conn
            .execute(
                "UPDATE tactic SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![tactic_id, now_iso()],
            )
            .context("deleting a tactic")?;
        self.tactic_changed(n, tactic_id, "tactic")
    }

    pub fn restore_tactic(&mut self, tactic_id: i64) -> Result<()> {
        let n = self
            .conn
            .execute(
                "UPDATE tactic SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
                [tactic_id],
            )
            .context("restoring a tactic")?;
        self.tactic_changed(n, tactic_id, "deleted tactic")
    }

    /// After an UPDATE of one tactic: NotFound if nothing changed, else mark its plan as edited.
    fn tactic_changed(&self, changed: usize, tactic_id: i64, what: &'static str) -> Result<()> {
        if changed == 0 {
            return Err(StoreError::NotFound {
                what,
                id: tactic_id,
            });
        }
        let plan_id = self.tactic_plan(tactic_id)?;
        self.touch_plan(plan_id)
    }

    fn touch_plan(&self, plan_id: i64) -> Result<()> {
        self.conn
            .execute(
                "UPDATE plan SET updated_at = ?2 WHERE id = ?1",
                params![plan_id, now_iso()],
            )
            .context("saving the plan")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::{CompanyStage, Emphasis, Lang};

    fn store_with_plan() -> (Store, i64, i64) {
        let mut store = Store::open_in_memory().expect("store");
        let plan = store
            .create_plan(
                "p",
                2027,
                Money::from_yuan(1_000_000),
                CompanyStage::Growth,
                Emphasis::Demand,
                marketdesk_core::Template::SeedDefault,
                Lang::ZhCn,
            )
            .expect("plan");
        let channel = store.plan_channels(plan).expect("channels")[0].id;
        (store, plan, channel)
    }

    fn input(channel_id: i64, yuan: i64) -> TacticInput {
        TacticInput {
            channel_id,
            name: "  行业峰会赞助 ".into(),
            owner: "王磊".into(),
            region: "华东".into(),
            quarter: Some(2),
            planned: Money::from_yuan(yuan),
            expected_leads: 80,
        }
    }

    #[test]
    fn add_edit_delete_and_undo_a_tactic() {
        let (mut store, plan, channel) = store_with_plan();
        let id = store
            .insert_tactic(plan, &input(channel, 300_000))
            .expect("add");
        let listed = store.plan_tactics(plan).expect("list");
        assert_eq!(listed[0].name, "行业峰会赞助", "names are trimmed");
        store
            .update_tactic(id, &input(channel, 250_000))
            .expect("edit");
        assert_eq!(
            store.plan_tactics(plan).expect("list")[0].planned,
            Money::from_yuan(250_000)
        );
        store.delete_tactic(id).expect("delete");
        assert!(
            store.plan_tactics(plan).expect("list").is_empty(),
            "deleted tactics are not listed"
        );
        assert_eq!(
            store.plan_channels(plan).expect("channels")[0].tactics_total,
            Money::ZERO,
            "nor counted"
        );
        assert!(
            store.update_tactic(id, &input(channel, 1)).is_err(),
            "a deleted tactic cannot be edited"
        );
        store.restore_tactic(id).expect("undo");
        assert_eq!(
            store.plan_tactics(plan).expect("list")[0].planned,
            Money::from_yuan(250_000),
            "back as it was"
        );
        assert!(
            store.restore_tactic(id).is_err(),
            "restoring twice is an error"
        );
    }

    #[test]
    fn the_database_refuses_what_the_rules_would_too() {
        let (mut store, plan, channel) = store_with_plan();
        let mut bad = input(channel, 1);
        bad.planned = Money::from_fen(-1);
        assert!(
            store.insert_tactic(plan, &bad).is_err(),
            "negative amounts are refused by CHECK"
        );
        let mut orphan = input(9_999, 1);
        orphan.channel_id = 9_999;
        assert!(
            store.insert_tactic(plan, &orphan).is_err(),
            "a tactic needs an existing channel (foreign key)"
        );
        let mut quarter = input(channel, 1);
        quarter.quarter = Some(5);
        assert!(
            store.insert_tactic(plan, &quarter).is_err(),
            "quarter 5 is refused"
        );
        assert!(
            store.plan_tactics(plan).expect("list").is_empty(),
            "nothing was written"
        );
    }
}
