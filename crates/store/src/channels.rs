//! A plan's channels: the seed kinds a template brings and the user's own, with target shares.

use marketdesk_core::{Money, Share};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::plan_versions::VersionCause;
use crate::row::{read_money as money, read_share};
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelRow {
    pub id: i64,
    /// A seed kind's code (`offline_events`) or `custom_N` for the user's own.
    pub code: String,
    pub name: String,
    pub share: Share,
    pub position: i64,
    /// Sum of the planned amounts of this channel's tactics.
    pub tactics_total: Money,
    pub tactic_count: i64,
    /// Last year's spend on the channel as entered for this plan, if it was.
    pub last_year: Option<Money>,
}

impl Store {
    pub fn plan_channels(&self, plan_id: i64) -> Result<Vec<ChannelRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.code, c.name, c.share_bp, c.position,
                        coalesce(sum(t.planned_fen), 0), count(t.id), c.last_year_fen
                 FROM plan_channel c LEFT JOIN tactic t ON t.channel_id = c.id AND t.deleted_at IS NULL
                 WHERE c.plan_id = ?1
                 GROUP BY c.id ORDER BY c.position, c.id",
            )
            .context("reading channels")?;
        let rows = stmt
            .query_map([plan_id], |r| {
                Ok(ChannelRow {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    share: read_share(r, 3)?,
                    position: r.get(4)?,
                    tactics_total: money(r, 5)?,
                    tactic_count: r.get(6)?,
                    last_year: r
                        .get::<_, Option<i64>>(7)?
                        .map(|_| money(r, 7))
                        .transpose()?,
                })
            })
            .context("reading channels")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading channels")
    }

    /// The plan a channel belongs to.
    pub fn channel_plan(&self, channel_id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT plan_id FROM plan_channel WHERE id = ?1",
                [channel_id],
                |r| r.get(0),
            )
            .optional()
            .context("finding a channel")?
            .ok_or(StoreError::NotFound {
                what: "channel",
                id: channel_id,
            })
    }

    /// Sets a channel's target share; the caller has checked the plan's shares stay within 100%.
    pub fn set_channel_share(&mut self, channel_id: i64, share: Share) -> Result<()> {
        self.edit_channel(channel_id, |tx| {
            tx.execute(
                "UPDATE plan_channel SET share_bp = ?2 WHERE id = ?1",
                params![channel_id, share.basis_points()],
            )
            .context("saving a channel share")
        })
    }

    /// Last year's spend on the channel as entered for this plan; None: read it from last
    /// year's plan in the workspace.
    pub fn set_channel_last_year(&mut self, channel_id: i64, amount: Option<Money>) -> Result<()> {
        self.edit_channel(channel_id, |tx| {
            tx.execute(
                "UPDATE plan_channel SET last_year_fen = ?2 WHERE id = ?1",
                params![channel_id, amount.map(Money::fen)],
            )
            .context("saving last year's figure")
        })
    }

    /// Adds a user channel at the end of the plan; the caller has checked name and share.
    pub fn add_channel(&mut self, plan_id: i64, name: &str, share: Share) -> Result<i64> {
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            // Codes of deleted custom channels are not reused: guardrails may still name them.
            let next: i64 = tx
                .query_row(
                    "SELECT coalesce(max(CAST(substr(code, 8) AS INTEGER)), 0) + 1
                     FROM plan_channel WHERE plan_id = ?1 AND code GLOB 'custom_[0-9]*'",
                    [plan_id],
                    |r| r.get(0),
                )
                .context("adding a channel")?;
            tx.execute(
                "INSERT INTO plan_channel (plan_id, code, name, share_bp, position)
                 VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM plan_channel WHERE plan_id = ?1))",
                params![plan_id, format!("custom_{next}"), name.trim(), share.basis_points()],
            )
            .context("adding a channel")?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn rename_channel(&mut self, channel_id: i64, name: &str) -> Result<()> {
        self.edit_channel(channel_id, |tx| {
            tx.execute(
                "UPDATE plan_channel SET name = ?2 WHERE id = ?1",
                params![channel_id, name.trim()],
            )
            .context("renaming a channel")
        })
    }

    /// Removes a channel that has no live tactics; its deleted tactics (and their spend) go
    /// with it, so they can no longer be restored. The caller refuses channels with tactics.
    pub fn delete_channel(&mut self, channel_id: i64) -> Result<()> {
        self.edit_channel(channel_id, |tx| {
            let live: i64 = tx
                .query_row(
                    "SELECT count(*) FROM tactic WHERE channel_id = ?1 AND deleted_at IS NULL",
                    [channel_id],
                    |r| r.get(0),
                )
                .context("deleting a channel")?;
            if live > 0 {
                return Err(StoreError::ChannelInUse {
                    channel_id,
                    tactics: live,
                });
            }
            tx.execute("DELETE FROM tactic WHERE channel_id = ?1", [channel_id])
                .context("deleting a channel")?;
            tx.execute("DELETE FROM plan_channel WHERE id = ?1", [channel_id])
                .context("deleting a channel")
        })
    }

    /// A change of one channel as a change of its plan: NotFound if it touched no row.
    fn edit_channel(
        &mut self,
        channel_id: i64,
        update: impl FnOnce(&rusqlite::Transaction) -> Result<usize>,
    ) -> Result<()> {
        let plan_id = self.channel_plan(channel_id)?;
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            channel_changed(update(tx)?, channel_id)
        })
    }
}

fn channel_changed(changed: usize, channel_id: i64) -> Result<()> {
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "channel",
            id: channel_id,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::plan_store;

    #[test]
    fn user_channels_get_fresh_codes_and_only_empty_channels_are_deleted() {
        let (mut store, plan) = plan_store();
        let half = Share::from_basis_points(500).expect("share");
        let a = store.add_channel(plan, " 合作伙伴 ", half).expect("add");
        let b = store.add_channel(plan, "直播", Share::ZERO).expect("add");
        let channels = store.plan_channels(plan).expect("channels");
        let codes: Vec<&str> = channels.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(&codes[6..], ["custom_1", "custom_2"], "appended in order");
        assert_eq!(channels[6].name, "合作伙伴", "trimmed");
        store.rename_channel(b, "视频号直播").expect("rename");
        store.delete_channel(b).expect("an empty channel goes");
        let again = store.add_channel(plan, "播客", Share::ZERO).expect("add");
        let code = store
            .plan_channels(plan)
            .expect("channels")
            .into_iter()
            .find(|c| c.id == again)
            .map(|c| c.code);
        assert_eq!(code.as_deref(), Some("custom_2"), "max+1 of what remains");

        let events = store.plan_channels(plan).expect("channels")[0].id;
        crate::test_support::add_tactic(&mut store, plan, events, 10_000);
        let err = store.delete_channel(events).expect_err("has tactics");
        assert_eq!(err.code(), "channel_in_use");
        assert_eq!(store.plan_channels(plan).expect("channels").len(), 8);
        assert_eq!(
            store.delete_channel(a).map(|_| ()).err().map(|e| e.code()),
            None
        );
        assert_eq!(
            store.delete_channel(9_999).expect_err("missing").code(),
            "not_found"
        );
    }

    #[test]
    fn deleting_a_channel_takes_its_deleted_tactics_along() {
        let (mut store, plan) = plan_store();
        let online = store.plan_channels(plan).expect("channels")[1].id;
        let t = crate::test_support::add_tactic(&mut store, plan, online, 5_000);
        store.delete_tactic(t).expect("delete");
        store.delete_channel(online).expect("no live tactics left");
        assert!(store.restore_tactic(t).is_err(), "gone with its channel");
    }
}
