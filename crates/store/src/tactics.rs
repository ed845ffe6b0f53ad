//! Editing a plan's tactics. Deletion is soft, so it can be undone; every write is one statement
//! or one transaction.

use chrono::NaiveDate;
use marketdesk_core::{Brief, Money, Outcomes, Quarters};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext, StoreError};
use crate::open::now_iso;
use crate::plan_versions::VersionCause;
use crate::row::read_money;
use crate::Store;

/// The editable fields of a tactic, already checked by the caller against the whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TacticFields {
    pub channel_id: i64,
    pub name: String,
    pub owner: String,
    pub region: String,
    pub quarters: Quarters,
    /// When it happens, if known; the caller keeps `quarters` consistent with it.
    pub starts_on: Option<NaiveDate>,
    pub planned: Money,
    pub expected: Outcomes,
    /// The four texts leadership asks for.
    pub brief: Brief,
}

/// The columns `tactic_from_row` reads, in order, from a `tactic t` alias.
pub(crate) const TACTIC_COLUMNS: &str =
    "t.id, t.channel_id, t.name, t.owner, t.region, t.quarters_mask, t.starts_on,
     t.planned_fen, t.expected_leads, t.expected_mql, t.expected_sql, t.expected_deals,
     t.expected_revenue_fen, t.problem, t.expected_result, t.kpi, t.people";

pub(crate) fn tactic_from_row(r: &Row) -> rusqlite::Result<crate::TacticRow> {
    let conversion = |idx: usize, e: marketdesk_core::CoreError| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Integer, Box::new(e))
    };
    let count = |idx: usize| -> rusqlite::Result<u64> {
        let n: i64 = r.get(idx)?;
        u64::try_from(n).map_err(|_| {
            conversion(
                idx,
                marketdesk_core::CoreError::NegativeAmount {
                    what: "expected outcome".into(),
                },
            )
        })
    };
    let mask: u8 = r.get(5)?;
    let starts_on: Option<String> = r.get(6)?;
    Ok(crate::TacticRow {
        id: r.get(0)?,
        fields: TacticFields {
            channel_id: r.get(1)?,
            name: r.get(2)?,
            owner: r.get(3)?,
            region: r.get(4)?,
            quarters: Quarters::from_mask(mask).map_err(|e| conversion(5, e))?,
            // A malformed stored date is dropped rather than failing the whole plan: the
            // quarters column still says when the tactic runs.
            starts_on: starts_on.and_then(|d| d.parse().ok()),
            planned: read_money(r, 7)?,
            expected: Outcomes {
                leads: count(8)?,
                mql: count(9)?,
                sql: count(10)?,
                deals: count(11)?,
                revenue: read_money(r, 12)?,
            },
            brief: Brief {
                problem: r.get(13)?,
                expected_result: r.get(14)?,
                kpi: r.get(15)?,
                people: r.get(16)?,
            },
        },
    })
}

/// ?1 (the plan of an insert, the tactic of an update), then ?2…?17: the fields in the column
/// order both statements use.
pub(crate) fn bound(key: i64, t: &TacticFields) -> Vec<Value> {
    let count = |n: u64| Value::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let text = |s: &str| Value::Text(s.trim().to_string());
    vec![
        Value::Integer(key),
        Value::Integer(t.channel_id),
        text(&t.name),
        text(&t.owner),
        text(&t.region),
        Value::Integer(i64::from(t.quarters.mask())),
        t.starts_on
            .map_or(Value::Null, |d| Value::Text(d.to_string())),
        Value::Integer(t.planned.fen()),
        count(t.expected.leads),
        count(t.expected.mql),
        count(t.expected.sql),
        count(t.expected.deals),
        Value::Integer(t.expected.revenue.fen()),
        text(&t.brief.problem),
        text(&t.brief.expected_result),
        text(&t.brief.kpi),
        text(&t.brief.people),
    ]
}

/// Adds a tactic at the end of its plan, bound as [`bound`] binds it.
pub(crate) const INSERT_TACTIC: &str =
    "INSERT INTO tactic (plan_id, position, channel_id, name, owner, region, quarters_mask, starts_on,
                         planned_fen, expected_leads, expected_mql, expected_sql, expected_deals,
                         expected_revenue_fen, problem, expected_result, kpi, people)
     VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM tactic WHERE plan_id = ?1),
             ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

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

    pub fn insert_tactic(&mut self, plan_id: i64, t: &TacticFields) -> Result<i64> {
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            tx.execute(INSERT_TACTIC, params_from_iter(bound(plan_id, t)))
                .context("adding a tactic")?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn update_tactic(&mut self, tactic_id: i64, t: &TacticFields) -> Result<()> {
        self.edit_tactic(tactic_id, "tactic", |tx| {
            tx.execute(
                "UPDATE tactic SET channel_id = ?2, name = ?3, owner = ?4, region = ?5, quarters_mask = ?6,
                        starts_on = ?7, planned_fen = ?8, expected_leads = ?9, expected_mql = ?10,
                        expected_sql = ?11, expected_deals = ?12, expected_revenue_fen = ?13,
                        problem = ?14, expected_result = ?15, kpi = ?16, people = ?17
                 WHERE id = ?1 AND deleted_at IS NULL",
                params_from_iter(bound(tactic_id, t)),
            )
            .context("saving a tactic")
        })
    }

    /// Marks a tactic deleted; `restore_tactic` brings it back with everything attached to it.
    pub fn delete_tactic(&mut self, tactic_id: i64) -> Result<()> {
        self.edit_tactic(tactic_id, "tactic", |tx| {
            tx.execute(
                "UPDATE tactic SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![tactic_id, now_iso()],
            )
            .context("deleting a tactic")
        })
    }

    pub fn restore_tactic(&mut self, tactic_id: i64) -> Result<()> {
        self.edit_tactic(tactic_id, "deleted tactic", |tx| {
            tx.execute(
                "UPDATE tactic SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
                [tactic_id],
            )
            .context("restoring a tactic")
        })
    }

    /// One UPDATE of one tactic as a change of its plan: NotFound if it changed no row.
    fn edit_tactic(
        &mut self,
        tactic_id: i64,
        what: &'static str,
        update: impl FnOnce(&rusqlite::Transaction) -> Result<usize>,
    ) -> Result<()> {
        let plan_id = self.tactic_plan(tactic_id)?;
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            if update(tx)? == 0 {
                return Err(StoreError::NotFound {
                    what,
                    id: tactic_id,
                });
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_plan() -> (Store, i64, i64) {
        let (store, plan) = crate::test_support::plan_store();
        let channel = store.plan_channels(plan).expect("channels")[0].id;
        (store, plan, channel)
    }

    fn input(channel_id: i64, yuan: i64) -> TacticFields {
        TacticFields {
            channel_id,
            name: "  行业峰会赞助 ".into(),
            owner: "王磊".into(),
            region: "华东".into(),
            quarters: Quarters::from_mask(0b0110).expect("Q2–Q3"),
            starts_on: None,
            planned: Money::from_yuan(yuan),
            expected: Outcomes {
                leads: 80,
                mql: 30,
                sql: 12,
                deals: 3,
                revenue: Money::from_yuan(900_000),
            },
            brief: Brief {
                problem: " 华东金融客户不认识我们 ".into(),
                expected_result: "80 条线索".into(),
                kpi: "SQL 数".into(),
                people: "2 人".into(),
            },
        }
    }

    #[test]
    fn add_edit_delete_and_undo_a_tactic() {
        let (mut store, plan, channel) = store_with_plan();
        let id = store
            .insert_tactic(plan, &input(channel, 300_000))
            .expect("add");
        let listed = store.plan_tactics(plan).expect("list");
        assert_eq!(listed[0].fields.name, "行业峰会赞助", "names are trimmed");
        let mut expected = input(channel, 300_000);
        expected.name = "行业峰会赞助".into();
        expected.brief.problem = "华东金融客户不认识我们".into();
        assert_eq!(listed[0].fields, expected, "every field round-trips");
        store
            .update_tactic(id, &input(channel, 250_000))
            .expect("edit");
        assert_eq!(
            store.plan_tactics(plan).expect("list")[0].fields.planned,
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
            store.plan_tactics(plan).expect("list")[0].fields.planned,
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
        let mut dated = input(channel, 1);
        dated.starts_on = NaiveDate::from_ymd_opt(2027, 5, 20);
        let id = store.insert_tactic(plan, &dated).expect("dated");
        store.delete_tactic(id).expect("delete");
        assert!(
            store.plan_tactics(plan).expect("list").is_empty(),
            "nothing was written"
        );
    }
}
