//! A plan's own guardrails: which channel, what bound on its share, and why.

use marketdesk_core::{Bound, Guardrail};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::plan_versions::VersionCause;
use crate::row::read_share;
use crate::Store;

/// Tolerance of the brief's "about" rules in a new plan: ±5 points.
pub(crate) const DEFAULT_TOLERANCE_BP: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardrailRow {
    pub id: i64,
    #[serde(flatten)]
    pub rule: Guardrail,
}

/// ?1 (the plan of an insert, the rule of an update), then the rule's columns in order.
fn bound(key: i64, rule: &Guardrail) -> (i64, &str, &'static str, u32, u32, &str) {
    (
        key,
        &rule.channel,
        rule.bound.kind_code(),
        rule.bound.target().basis_points(),
        rule.bound.tolerance().basis_points(),
        rule.message.trim(),
    )
}

pub(crate) fn insert(conn: &Connection, plan_id: i64, rule: &Guardrail) -> Result<i64> {
    conn.execute(
        "INSERT INTO guardrail (plan_id, channel_code, kind, target_bp, tolerance_bp, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        bound(plan_id, rule),
    )
    .context("saving a guardrail")?;
    Ok(conn.last_insert_rowid())
}

/// A plan's rules, in the order they were made.
pub(crate) fn read_rules(conn: &Connection, plan_id: i64) -> Result<Vec<GuardrailRow>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, channel_code, kind, target_bp, tolerance_bp, message
             FROM guardrail WHERE plan_id = ?1 ORDER BY id",
        )
        .context("reading guardrails")?;
    let rows = stmt
        .query_map([plan_id], |r| {
            Ok(GuardrailRow {
                id: r.get(0)?,
                rule: rule_from_row(r)?,
            })
        })
        .context("reading guardrails")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .context("reading guardrails")
}

impl Store {
    pub fn plan_guardrails(&self, plan_id: i64) -> Result<Vec<GuardrailRow>> {
        read_rules(&self.conn, plan_id)
    }

    pub fn insert_guardrail(&mut self, plan_id: i64, rule: &Guardrail) -> Result<i64> {
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            insert(tx, plan_id, rule)
        })
    }

    fn guardrail_plan(&self, guardrail_id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT plan_id FROM guardrail WHERE id = ?1",
                [guardrail_id],
                |r| r.get(0),
            )
            .optional()
            .context("finding a guardrail")?
            .ok_or(StoreError::NotFound {
                what: "guardrail",
                id: guardrail_id,
            })
    }

    pub fn update_guardrail(&mut self, guardrail_id: i64, rule: &Guardrail) -> Result<()> {
        let plan_id = self.guardrail_plan(guardrail_id)?;
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            let n = tx
                .execute(
                    "UPDATE guardrail SET channel_code = ?2, kind = ?3, target_bp = ?4, tolerance_bp = ?5,
                            message = ?6
                     WHERE id = ?1",
                    bound(guardrail_id, rule),
                )
                .context("saving a guardrail")?;
            guardrail_changed(n, guardrail_id)
        })
    }

    /// Deletes a rule and returns it, so the caller can offer to put it back.
    pub fn delete_guardrail(&mut self, guardrail_id: i64) -> Result<(i64, Guardrail)> {
        let plan_id = self.guardrail_plan(guardrail_id)?;
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            tx.query_row(
                "DELETE FROM guardrail WHERE id = ?1
                 RETURNING plan_id, channel_code, kind, target_bp, tolerance_bp, message",
                [guardrail_id],
                |r| Ok((r.get(0)?, rule_from_row(r)?)),
            )
            .optional()
            .context("deleting a guardrail")?
            .ok_or(StoreError::NotFound {
                what: "guardrail",
                id: guardrail_id,
            })
        })
    }
}

/// A rule from columns 1–5 of a row: channel_code, kind, target_bp, tolerance_bp, message.
fn rule_from_row(r: &rusqlite::Row) -> rusqlite::Result<Guardrail> {
    let kind: String = r.get(2)?;
    let bound = Bound::from_parts(&kind, read_share(r, 3)?, read_share(r, 4)?).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Guardrail {
        channel: r.get(1)?,
        bound,
        message: r.get(5)?,
    })
}

fn guardrail_changed(changed: usize, id: i64) -> Result<()> {
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "guardrail",
            id,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::plan_store;
    use marketdesk_core::Share;

    #[test]
    fn a_new_plan_carries_the_briefs_rules_and_they_can_be_edited() {
        let (mut store, plan) = plan_store();
        let rules = store.plan_guardrails(plan).expect("rules");
        let summary: Vec<(String, &str, u32, u32)> = rules
            .iter()
            .map(|g| {
                (
                    g.rule.channel.clone(),
                    g.rule.bound.kind_code(),
                    g.rule.bound.target().basis_points(),
                    g.rule.bound.tolerance().basis_points(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("offline_events".into(), "about", 7_000, 500),
                ("alliances".into(), "at_most", 1_500, 0),
                ("collateral".into(), "about", 1_000, 500),
            ],
            "the brief's defaults, ±5 points"
        );
        let mut wider = rules[0].rule.clone();
        wider.bound = Bound::About {
            target: Share::from_basis_points(6_500).expect("share"),
            tolerance: Share::from_basis_points(1_000).expect("share"),
        };
        wider.message = " 今年多做线上 ".into();
        store.update_guardrail(rules[0].id, &wider).expect("edit");
        let (_, removed) = store.delete_guardrail(rules[1].id).expect("delete");
        let after = store.plan_guardrails(plan).expect("rules");
        assert_eq!(after.len(), 2);
        assert_eq!(after[0].rule.message, "今年多做线上", "trimmed");
        assert_eq!(after[0].rule.bound, wider.bound);
        store.insert_guardrail(plan, &removed).expect("put back");
        assert_eq!(store.plan_guardrails(plan).expect("rules").len(), 3);
        assert_eq!(
            store.delete_guardrail(9_999).expect_err("missing").code(),
            "not_found"
        );
    }
}
