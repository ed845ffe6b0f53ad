//! Moving leads through their stages. Every move is checked by the core's state machine against
//! the lead's recorded history, appended to lead_stage_change, and summed up in lead_state
//! (stage, first time each funnel stage was reached), all in the caller's transaction.

use marketdesk_core::lifecycle::{Cause, History, Stage, Transition};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{Result, SqlContext};
use crate::leads::LeadFilter;
use crate::Store;

/// A move to make, for one lead or many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageMove {
    pub to: Stage,
    pub cause: Cause,
    /// A team member's name, or what moved it ("MQL 规则", a file name).
    pub by: String,
    pub reason: String,
    /// RFC 3339; `None`: now.
    pub at: Option<String>,
}

/// What a bulk move did: leads whose stage does not allow the move keep it, and say so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MoveReport {
    pub moved: usize,
    /// Leads refused, with the stage that refused the move (at most a few hundred listed).
    pub refused: Vec<(i64, Stage)>,
    pub refused_count: usize,
}

const LISTED_REFUSALS: usize = 200;

impl Store {
    /// A lead's moves, oldest first.
    pub fn stage_history(&self, person_id: i64) -> Result<History> {
        read_history(&self.conn, person_id)
    }

    /// The lead's stage now: lead when it never moved.
    pub fn lead_stage(&self, person_id: i64) -> Result<Stage> {
        current_stage(&self.conn, person_id)
    }

    /// Moves the given leads in one transaction.
    pub fn move_leads(&mut self, ids: &[i64], mv: &StageMove) -> Result<MoveReport> {
        let tx = self.conn.transaction().context("moving leads")?;
        let report = move_many(&tx, ids, mv, None)?;
        tx.commit().context("moving leads")?;
        Ok(report)
    }

    /// Moves every lead the filter selects (a bulk move on the filtered lead list).
    pub fn move_filtered(&mut self, filter: &LeadFilter, mv: &StageMove) -> Result<MoveReport> {
        let ids = self.filtered_ids(filter)?;
        self.move_leads(&ids, mv)
    }

    /// The ids of the leads a filter selects, in id order.
    pub fn filtered_ids(&self, filter: &LeadFilter) -> Result<Vec<i64>> {
        let w = self.lead_where(filter)?;
        let sql = format!("SELECT p.id FROM {} WHERE {} ORDER BY p.id", w.from, w.sql);
        let mut stmt = self.conn.prepare(&sql).context("selecting leads")?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(&w.params), |r| r.get(0))
            .context("selecting leads")?
            .collect::<rusqlite::Result<Vec<i64>>>()
            .context("selecting leads")?;
        Ok(ids)
    }
}

/// Moves each lead that may move; `deal_batch` marks moves a deals import made.
pub(crate) fn move_many(
    tx: &Transaction<'_>,
    ids: &[i64],
    mv: &StageMove,
    deal_batch: Option<i64>,
) -> Result<MoveReport> {
    let at = mv.at.clone().unwrap_or_else(crate::open::now_utc);
    let mut report = MoveReport::default();
    for &id in ids {
        match move_one(tx, id, mv, &at, deal_batch)? {
            Ok(()) => report.moved += 1,
            Err(stage) => {
                report.refused_count += 1;
                if report.refused.len() < LISTED_REFUSALS {
                    report.refused.push((id, stage));
                }
            }
        }
    }
    Ok(report)
}

/// Moves one lead; `Err(stage)` when its stage does not allow the move (nothing written).
pub(crate) fn move_one(
    tx: &Transaction<'_>,
    person_id: i64,
    mv: &StageMove,
    at: &str,
    deal_batch: Option<i64>,
) -> Result<std::result::Result<(), Stage>> {
    let mut history = read_history(tx, person_id)?;
    let from = history.stage();
    if history
        .apply(mv.to, mv.cause, at, &mv.by, &mv.reason)
        .is_err()
    {
        return Ok(Err(from));
    }
    tx.prepare_cached(
        "INSERT INTO lead_stage_change (person_id, from_stage, to_stage, at, by_whom, cause, reason, deal_batch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .context("recording a stage move")?
    .execute(params![
        person_id,
        from.code(),
        mv.to.code(),
        at,
        mv.by,
        mv.cause.code(),
        mv.reason,
        deal_batch
    ])
    .context("recording a stage move")?;
    write_state(tx, person_id, &history, at)?;
    Ok(Ok(()))
}

/// Sums a lead's history up into lead_state, keeping its owner.
fn write_state(tx: &Transaction<'_>, person_id: i64, history: &History, at: &str) -> Result<()> {
    let m = history.milestones();
    let lost_at = history
        .moves()
        .iter()
        .rev()
        .find(|t| t.to == Stage::Lost && history.stage() == Stage::Lost)
        .map(|t| t.at.clone());
    tx.prepare_cached(
        "INSERT INTO lead_state (person_id, stage, stage_at, mql_at, sql_at, opportunity_at, won_at, lost_at, qualified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (person_id) DO UPDATE SET stage = excluded.stage, stage_at = excluded.stage_at,
             mql_at = excluded.mql_at, sql_at = excluded.sql_at, qualified_at = excluded.qualified_at,
             opportunity_at = excluded.opportunity_at, won_at = excluded.won_at,
             lost_at = excluded.lost_at",
    )
    .context("recording a stage move")?
    .execute(params![
        person_id,
        history.stage().code(),
        at,
        m.reached[1],
        m.reached[2],
        m.reached[3],
        m.reached[4],
        lost_at,
        m.qualified
    ])
    .context("recording a stage move")?;
    Ok(())
}

pub(crate) fn current_stage(conn: &rusqlite::Connection, person_id: i64) -> Result<Stage> {
    let code: Option<String> = conn
        .prepare_cached("SELECT stage FROM lead_state WHERE person_id = ?1")
        .context("reading a lead's stage")?
        .query_row([person_id], |r| r.get(0))
        .optional()
        .context("reading a lead's stage")?;
    match code {
        Some(c) => Ok(Stage::from_code(&c)?),
        None => Ok(Stage::Lead),
    }
}

pub(crate) fn read_history(conn: &rusqlite::Connection, person_id: i64) -> Result<History> {
    let rows = conn
        .prepare_cached(
            "SELECT from_stage, to_stage, at, by_whom, cause, reason FROM lead_stage_change
             WHERE person_id = ?1 ORDER BY id",
        )
        .context("reading a lead's stages")?
        .query_map([person_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .context("reading a lead's stages")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading a lead's stages")?;
    let mut moves = Vec::with_capacity(rows.len());
    for (from, to, at, by, cause, reason) in rows {
        moves.push(Transition {
            from: Stage::from_code(&from)?,
            to: Stage::from_code(&to)?,
            at,
            by,
            cause: Cause::from_code(&cause)?,
            reason,
        });
    }
    Ok(History::from_recorded(moves))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_leads;

    fn mv(to: Stage, cause: Cause) -> StageMove {
        StageMove {
            to,
            cause,
            by: "王芳".into(),
            reason: String::new(),
            at: Some("2026-05-01T08:00:00+00:00".into()),
        }
    }

    #[test]
    fn moves_are_checked_recorded_and_summed_up() {
        let (mut store, ids) = store_with_leads(3);
        let r = store
            .move_leads(&ids, &mv(Stage::Mql, Cause::Manual))
            .expect("mql");
        assert_eq!(r.moved, 3);
        let r = store
            .move_leads(&ids[..1], &mv(Stage::Won, Cause::Manual))
            .expect("refused");
        assert_eq!(r.moved, 0);
        assert_eq!(r.refused, vec![(ids[0], Stage::Mql)]);
        store
            .move_leads(&ids[..1], &mv(Stage::Opportunity, Cause::DealImport))
            .expect("opp");
        assert_eq!(store.lead_stage(ids[0]).expect("stage"), Stage::Opportunity);
        assert_eq!(store.lead_stage(ids[2]).expect("stage"), Stage::Mql);
        let h = store.stage_history(ids[0]).expect("history");
        assert_eq!(h.moves().len(), 2);
        let sql_at: Option<String> = store
            .conn
            .query_row(
                "SELECT sql_at FROM lead_state WHERE person_id = ?1",
                [ids[0]],
                |r| r.get(0),
            )
            .expect("state");
        assert_eq!(
            sql_at.as_deref(),
            Some("2026-05-01T08:00:00+00:00"),
            "a jump reaches SQL"
        );
    }
}
