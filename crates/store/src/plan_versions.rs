//! Versions of a plan: every change of a main plan's content is recorded, in the transaction
//! that makes it, as the next version with the whole content, so any earlier version can be
//! seen and restored, and the version printed on the plan changes whenever its content does.
//!
//! The first change to a plan also records the content it found (made by a template, the demo,
//! or before versions were kept) as the version the plan had then. Scenarios are copies to
//! play with and keep no versions. Spend is not content: booking it changes no version.

use marketdesk_core::{
    ChannelContent, CompanyStage, Emphasis, Money, PlanContent, QuarterSplit, TacticContent,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext, StoreError};
use crate::open::now_iso;
use crate::row::{read_code, read_money, read_share};
use crate::tactics::{tactic_from_row, TACTIC_COLUMNS};
use crate::Store;

/// What made a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VersionCause {
    /// The content a plan had when its first change was recorded.
    Recorded,
    /// An edit in the budget section or the CLI.
    Edited,
    /// A scenario's numbers made the plan's.
    Adopted { scenario: String },
    /// An earlier version brought back (undoing an adoption is one).
    Restored { version: i64 },
}

/// One version in a plan's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRow {
    pub version: i64,
    pub saved_at: String,
    pub cause: VersionCause,
    /// The plan's version now.
    pub current: bool,
}

/// The plan's content as stored now.
pub(crate) fn read_content(conn: &Connection, plan_id: i64) -> Result<PlanContent> {
    let head = conn
        .query_row(
            "SELECT name, fiscal_year, total_fen, stage, emphasis, quarter_split, region_top_down_bp,
                    objectives, risks
             FROM plan WHERE id = ?1",
            [plan_id],
            |r| {
                Ok(PlanContent {
                    name: r.get(0)?,
                    fiscal_year: r.get(1)?,
                    total: read_money(r, 2)?,
                    stage: read_code(r, 3, CompanyStage::from_code)?,
                    emphasis: read_code(r, 4, Emphasis::from_code)?,
                    quarter_split: read_code(r, 5, QuarterSplit::from_code)?,
                    region_top_down: read_share(r, 6)?,
                    objectives: r.get(7)?,
                    risks: r.get(8)?,
                    channels: Vec::new(),
                    tactics: Vec::new(),
                    guardrails: Vec::new(),
                    regions: Vec::new(),
                })
            },
        )
        .optional()
        .context("reading a plan")?
        .ok_or(StoreError::NotFound {
            what: "plan",
            id: plan_id,
        })?;
    let mut content = head;
    let mut stmt = conn
        .prepare_cached(
            "SELECT code, name, share_bp, last_year_fen FROM plan_channel
             WHERE plan_id = ?1 ORDER BY position, id",
        )
        .context("reading channels")?;
    content.channels = stmt
        .query_map([plan_id], |r| {
            Ok(ChannelContent {
                code: r.get(0)?,
                name: r.get(1)?,
                share: read_share(r, 2)?,
                last_year: r
                    .get::<_, Option<i64>>(3)?
                    .map(|_| read_money(r, 3))
                    .transpose()?,
            })
        })
        .context("reading channels")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading channels")?;
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {TACTIC_COLUMNS}, c.code
             FROM tactic t JOIN plan_channel c ON c.id = t.channel_id
             WHERE t.plan_id = ?1 AND t.deleted_at IS NULL ORDER BY c.position, t.position, t.id"
        ))
        .context("reading tactics")?;
    content.tactics = stmt
        .query_map([plan_id], |r| {
            let row = tactic_from_row(r)?;
            let f = row.fields;
            Ok(TacticContent {
                id: row.id,
                channel: r.get(17)?,
                name: f.name,
                owner: f.owner,
                region: f.region,
                quarters: f.quarters,
                starts_on: f.starts_on.map(|d| d.to_string()),
                planned: f.planned,
                expected: f.expected,
                brief: f.brief,
            })
        })
        .context("reading tactics")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading tactics")?;
    content.guardrails = crate::guardrails::read_rules(conn, plan_id)?
        .into_iter()
        .map(|g| g.rule)
        .collect();
    content.regions = crate::regions::read_regions(conn, plan_id)?
        .into_iter()
        .map(|r| r.input)
        .collect();
    Ok(content)
}

/// Makes the plan hold `content`: its numbers and texts, its channels (by code), its tactics
/// (by id: one deleted since comes back with its spend, one added since is deleted softly),
/// its rules and its regions.
pub(crate) fn write_content(conn: &Connection, plan_id: i64, content: &PlanContent) -> Result<()> {
    let context = "restoring a version";
    conn.execute(
        "UPDATE plan SET name = ?2, total_fen = ?3, stage = ?4, emphasis = ?5, quarter_split = ?6,
                region_top_down_bp = ?7, objectives = ?8, risks = ?9
         WHERE id = ?1",
        params![
            plan_id,
            content.name,
            content.total.fen(),
            content.stage.code(),
            content.emphasis.code(),
            content.quarter_split.code(),
            content.region_top_down.basis_points(),
            content.objectives,
            content.risks
        ],
    )
    .context(context)?;
    for (position, c) in content.channels.iter().enumerate() {
        conn.execute(
            "INSERT INTO plan_channel (plan_id, code, name, share_bp, position, last_year_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (plan_id, code) DO UPDATE SET name = excluded.name,
                 share_bp = excluded.share_bp, position = excluded.position,
                 last_year_fen = excluded.last_year_fen",
            params![
                plan_id,
                c.code,
                c.name,
                c.share.basis_points(),
                position as i64,
                c.last_year.map(Money::fen)
            ],
        )
        .context(context)?;
    }
    let now = now_iso();
    for (position, t) in content.tactics.iter().enumerate() {
        let owner: Option<i64> = conn
            .query_row("SELECT plan_id FROM tactic WHERE id = ?1", [t.id], |r| {
                r.get(0)
            })
            .optional()
            .context(context)?;
        let values = params![
            t.id,
            plan_id,
            t.channel,
            t.name,
            t.owner,
            t.region,
            i64::from(t.quarters.mask()),
            t.starts_on,
            t.planned.fen(),
            count(t.expected.leads),
            count(t.expected.mql),
            count(t.expected.sql),
            count(t.expected.deals),
            t.expected.revenue.fen(),
            t.brief.problem,
            t.brief.expected_result,
            t.brief.kpi,
            t.brief.people,
            position as i64
        ];
        let sql = match owner {
            Some(owner) if owner == plan_id => {
                "UPDATE tactic SET channel_id = (SELECT id FROM plan_channel WHERE plan_id = ?2 AND code = ?3),
                        name = ?4, owner = ?5, region = ?6, quarters_mask = ?7, starts_on = ?8,
                        planned_fen = ?9, expected_leads = ?10, expected_mql = ?11, expected_sql = ?12,
                        expected_deals = ?13, expected_revenue_fen = ?14, problem = ?15,
                        expected_result = ?16, kpi = ?17, people = ?18, position = ?19, deleted_at = NULL
                 WHERE id = ?1"
            }
            // Gone (its channel was removed) or the id is another plan's now: a new row.
            Some(_) | None => {
                "INSERT INTO tactic (id, plan_id, channel_id, name, owner, region, quarters_mask, starts_on,
                        planned_fen, expected_leads, expected_mql, expected_sql, expected_deals,
                        expected_revenue_fen, problem, expected_result, kpi, people, position)
                 VALUES (CASE WHEN EXISTS (SELECT 1 FROM tactic WHERE id = ?1) THEN NULL ELSE ?1 END,
                         ?2, (SELECT id FROM plan_channel WHERE plan_id = ?2 AND code = ?3),
                         ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
            }
        };
        conn.execute(sql, values).context(context)?;
    }
    let kept: Vec<i64> = content.tactics.iter().map(|t| t.id).collect();
    let live: Vec<i64> = ids(
        conn,
        "SELECT id FROM tactic WHERE plan_id = ?1 AND deleted_at IS NULL",
        plan_id,
    )?;
    for id in live.into_iter().filter(|id| !kept.contains(id)) {
        conn.execute(
            "UPDATE tactic SET deleted_at = ?2 WHERE id = ?1",
            params![id, now],
        )
        .context(context)?;
    }
    // Channels the version did not have go, as a removed channel goes: with its deleted tactics.
    let codes: Vec<&str> = content.channels.iter().map(|c| c.code.as_str()).collect();
    let channels: Vec<(i64, String)> = {
        let mut stmt = conn
            .prepare("SELECT id, code FROM plan_channel WHERE plan_id = ?1")
            .context(context)?;
        let rows = stmt
            .query_map([plan_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .context(context)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(context)?;
        rows
    };
    for (id, code) in channels {
        if !codes.contains(&code.as_str()) {
            conn.execute("DELETE FROM tactic WHERE channel_id = ?1", [id])
                .context(context)?;
            conn.execute("DELETE FROM plan_channel WHERE id = ?1", [id])
                .context(context)?;
        }
    }
    conn.execute("DELETE FROM guardrail WHERE plan_id = ?1", [plan_id])
        .context(context)?;
    for rule in &content.guardrails {
        crate::guardrails::insert(conn, plan_id, rule)?;
    }
    conn.execute("DELETE FROM plan_region WHERE plan_id = ?1", [plan_id])
        .context(context)?;
    for r in &content.regions {
        conn.execute(
            "INSERT INTO plan_region (plan_id, region, last_year_fen, commitment_fen) VALUES (?1, ?2, ?3, ?4)",
            params![plan_id, r.region.trim(), r.last_year.fen(), r.commitment.fen()],
        )
        .context(context)?;
    }
    Ok(())
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn ids(conn: &Connection, sql: &str, key: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(sql).context("reading a plan")?;
    let rows = stmt
        .query_map([key], |r| r.get(0))
        .context("reading a plan")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading a plan");
    rows
}

fn content_json(content: &PlanContent) -> String {
    serde_json::to_string(content).unwrap_or_else(|_| "null".into())
}

/// (version, scenario_of) of a plan.
fn plan_head(conn: &Connection, plan_id: i64) -> Result<(i64, Option<i64>)> {
    conn.query_row(
        "SELECT version, scenario_of FROM plan WHERE id = ?1",
        [plan_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .context("reading a plan")?
    .ok_or(StoreError::NotFound {
        what: "plan",
        id: plan_id,
    })
}

fn snapshot(conn: &Connection, plan_id: i64, version: i64) -> Result<Option<String>> {
    conn.query_row(
        "SELECT content FROM plan_version WHERE plan_id = ?1 AND version = ?2",
        params![plan_id, version],
        |r| r.get(0),
    )
    .optional()
    .context("reading a plan version")
}

fn insert_snapshot(
    conn: &Connection,
    plan_id: i64,
    version: i64,
    cause: &VersionCause,
    content: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO plan_version (plan_id, version, saved_at, cause, content) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            plan_id,
            version,
            now_iso(),
            serde_json::to_string(cause).unwrap_or_default(),
            content
        ],
    )
    .context("recording a plan version")?;
    Ok(())
}

/// Records the content the plan has before a change, if its version has no record yet.
pub(crate) fn record_before(conn: &Connection, plan_id: i64) -> Result<()> {
    let (version, scenario_of) = plan_head(conn, plan_id)?;
    if scenario_of.is_some() || snapshot(conn, plan_id, version)?.is_some() {
        return Ok(());
    }
    let content = content_json(&read_content(conn, plan_id)?);
    insert_snapshot(conn, plan_id, version, &VersionCause::Recorded, &content)
}

/// After a change: if the content differs from the version's record, it is the next version.
/// Returns the plan's version.
pub(crate) fn record_after(conn: &Connection, plan_id: i64, cause: &VersionCause) -> Result<i64> {
    let (version, scenario_of) = plan_head(conn, plan_id)?;
    if scenario_of.is_some() {
        return Ok(version);
    }
    let content = content_json(&read_content(conn, plan_id)?);
    if snapshot(conn, plan_id, version)?.as_deref() == Some(content.as_str()) {
        return Ok(version);
    }
    let next = version + 1;
    insert_snapshot(conn, plan_id, next, cause, &content)?;
    conn.execute(
        "UPDATE plan SET version = ?2, updated_at = ?3 WHERE id = ?1",
        params![plan_id, next, now_iso()],
    )
    .context("recording a plan version")?;
    Ok(next)
}

impl Store {
    /// Runs `edit` against plan `plan_id` in one transaction; for a main plan, its content
    /// before and, if the edit changed it, after are recorded as versions (see the module).
    pub(crate) fn change_plan<T>(
        &mut self,
        plan_id: i64,
        cause: VersionCause,
        edit: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction()
            .context("starting to change a plan")?;
        record_before(&tx, plan_id)?;
        let out = edit(&tx)?;
        record_after(&tx, plan_id, &cause)?;
        tx.commit().context("saving the plan")?;
        Ok(out)
    }

    /// A plan's history, newest first; the current version is always in it.
    pub fn plan_versions(&self, plan_id: i64) -> Result<Vec<VersionRow>> {
        let (current, _) = plan_head(&self.conn, plan_id)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT version, saved_at, cause FROM plan_version WHERE plan_id = ?1
                 ORDER BY version DESC",
            )
            .context("reading a plan's versions")?;
        let mut rows = stmt
            .query_map([plan_id], |r| {
                let cause: String = r.get(2)?;
                Ok(VersionRow {
                    version: r.get(0)?,
                    saved_at: r.get(1)?,
                    cause: serde_json::from_str(&cause).unwrap_or(VersionCause::Edited),
                    current: false,
                })
            })
            .context("reading a plan's versions")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading a plan's versions")?;
        if !rows.iter().any(|r| r.version == current) {
            let updated_at: String = self
                .conn
                .query_row(
                    "SELECT updated_at FROM plan WHERE id = ?1",
                    [plan_id],
                    |r| r.get(0),
                )
                .context("reading a plan")?;
            rows.insert(
                0,
                VersionRow {
                    version: current,
                    saved_at: updated_at,
                    cause: VersionCause::Recorded,
                    current: true,
                },
            );
        }
        for r in &mut rows {
            r.current = r.version == current;
        }
        Ok(rows)
    }

    /// What a version of the plan held (the current one is read from the plan itself).
    pub fn plan_version_content(&self, plan_id: i64, version: i64) -> Result<PlanContent> {
        if let Some(json) = snapshot(&self.conn, plan_id, version)? {
            return serde_json::from_str(&json).map_err(|_| StoreError::NotFound {
                what: "plan version",
                id: version,
            });
        }
        let (current, _) = plan_head(&self.conn, plan_id)?;
        if version == current {
            return read_content(&self.conn, plan_id);
        }
        Err(StoreError::NotFound {
            what: "plan version",
            id: version,
        })
    }

    /// The plan's content now.
    pub fn plan_content(&self, plan_id: i64) -> Result<PlanContent> {
        read_content(&self.conn, plan_id)
    }

    /// Makes an earlier version's content the plan's, as a new version; returns the plan's
    /// version after (unchanged if the content already was that version's).
    pub fn restore_plan_version(&mut self, plan_id: i64, version: i64) -> Result<i64> {
        let content = self.plan_version_content(plan_id, version)?;
        self.change_plan(plan_id, VersionCause::Restored { version }, |tx| {
            write_content(tx, plan_id, &content)
        })?;
        Ok(plan_head(&self.conn, plan_id)?.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::plan_store;

    #[test]
    fn every_content_change_is_a_version_and_any_version_comes_back() {
        let (mut store, plan) = plan_store();
        assert_eq!(store.plan_versions(plan).expect("list").len(), 1);
        store
            .set_plan_total(plan, Money::from_yuan(1_500_000))
            .expect("total");
        store
            .set_plan_total(plan, Money::from_yuan(1_500_000))
            .expect("the same total again");
        let versions = store.plan_versions(plan).expect("list");
        assert_eq!(
            versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            vec![2, 1],
            "one version per change; an edit that changes nothing is none"
        );
        assert_eq!(versions[1].cause, VersionCause::Recorded);
        assert!(versions[0].current);
        let v1 = store.plan_version_content(plan, 1).expect("v1");
        assert_eq!(v1.total, Money::from_yuan(1_000_000), "v1 as it was");

        let after = store.restore_plan_version(plan, 1).expect("restore");
        assert_eq!(after, 3, "a restore is a new version, history is kept");
        assert_eq!(
            store.plan_content(plan).expect("now"),
            v1,
            "the content is version 1's"
        );
        assert_eq!(
            store.plan_versions(plan).expect("list")[0].cause,
            VersionCause::Restored { version: 1 }
        );
    }
}
