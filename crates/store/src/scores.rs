//! Rescoring: every lead's fit grade and engagement points from its profile, event attendance,
//! other touches and follow-ups, with its source (first touch); then the MQL rule promotes the
//! leads it newly holds for and hands them to an owner. The inputs are gathered by
//! `score_inputs`, in one pass per table.

use chrono::NaiveDate;
use marketdesk_core::lifecycle::{Cause, Stage};
use marketdesk_core::scoring::{
    explain, format_points, score, Explanation, Prepared, Scorecard, Touch,
};
use marketdesk_core::Lang;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::followups::{date_of, day_number};
use crate::lifecycle::{move_one, StageMove};
use crate::score_inputs::{gather, Scope};
use crate::Store;

/// One lead's score as written.
struct ScoreRow {
    id: i64,
    grade: &'static str,
    score: marketdesk_core::scoring::LeadScore,
    /// Index into the gathered channels; `usize::MAX` for a lead with no touch.
    channel: usize,
    event: Option<i64>,
    first: Option<std::rc::Rc<str>>,
}

/// Writes scores in statements of [`ScoreWriter::ROWS`] rows.
struct ScoreWriter<'t> {
    tx: &'t rusqlite::Transaction<'t>,
    full: rusqlite::Statement<'t>,
    pending: Vec<ScoreRow>,
    scored_on: &'t str,
}

impl<'t> ScoreWriter<'t> {
    const ROWS: usize = 64;

    fn sql(rows: usize) -> String {
        let one = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
        format!(
            "INSERT OR REPLACE INTO lead_score (person_id, grade, fit_points, points, qualifies,
                                                source_channel, source_event, first_touch_on, scored_on)
             VALUES {}",
            vec![one; rows].join(", ")
        )
    }

    fn new(tx: &'t rusqlite::Transaction<'t>, scored_on: &'t str) -> Result<ScoreWriter<'t>> {
        Ok(ScoreWriter {
            tx,
            full: tx
                .prepare(&Self::sql(Self::ROWS))
                .context("rescoring leads")?,
            pending: Vec::with_capacity(Self::ROWS),
            scored_on,
        })
    }

    fn push(&mut self, row: ScoreRow, channels: &[String]) -> Result<()> {
        self.pending.push(row);
        if self.pending.len() == Self::ROWS {
            let rows = std::mem::take(&mut self.pending);
            Self::write(&mut self.full, &rows, channels, self.scored_on)?;
            self.pending = rows;
            self.pending.clear();
        }
        Ok(())
    }

    fn finish(self, channels: &[String]) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut last = self
            .tx
            .prepare(&Self::sql(self.pending.len()))
            .context("rescoring leads")?;
        Self::write(&mut last, &self.pending, channels, self.scored_on)
    }

    fn write(
        stmt: &mut rusqlite::Statement<'_>,
        rows: &[ScoreRow],
        channels: &[String],
        scored_on: &str,
    ) -> Result<()> {
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(rows.len() * 9);
        for r in rows {
            values.push(&r.id);
            values.push(&r.grade);
            values.push(&r.score.fit_points);
            values.push(&r.score.points_hundredths);
            values.push(&r.score.mql);
            values.push(
                channels
                    .get(r.channel)
                    .map_or(&"" as &dyn rusqlite::ToSql, |c| c),
            );
            values.push(&r.event);
            values.push(&r.first);
            values.push(&scored_on);
        }
        stmt.execute(&values[..]).context("rescoring leads")?;
        Ok(())
    }
}

/// Where the lead scorecard is kept (JSON of `Scorecard`).
const SCORECARD_KEY: &str = "lead_scorecard";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RescoreReport {
    pub leads: usize,
    /// Leads the MQL rule holds for now.
    pub qualifying: usize,
    /// Of those, the ones it moved to MQL in this pass (the others already were, or are past).
    pub promoted: usize,
    /// New MQLs given an owner.
    pub assigned: usize,
}

impl Store {
    pub fn lead_scorecard(&self) -> Result<Scorecard> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM workspace_meta WHERE key = ?1",
                [SCORECARD_KEY],
                |r| r.get(0),
            )
            .optional()
            .context("reading the lead scorecard")?;
        Ok(json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    /// Saves the scorecard (checked first); scores change only when rescored.
    pub fn set_lead_scorecard(&mut self, card: &Scorecard) -> Result<()> {
        card.validate()?;
        let json = serde_json::to_string(card).unwrap_or_default();
        self.conn
            .execute(
                "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![SCORECARD_KEY, json],
            )
            .context("saving the lead scorecard")?;
        Ok(())
    }

    /// Rescores every lead as of `today`, then promotes and assigns the new MQLs, in one
    /// transaction. `progress(done, total)` is told as leads are scored; `stop()` true rolls
    /// back and ends with `StoreError::Stopped`.
    pub fn rescore(
        &mut self,
        today: NaiveDate,
        progress: &dyn Fn(usize, usize),
        stop: &dyn Fn() -> bool,
    ) -> Result<RescoreReport> {
        self.rescore_scope(today, None, progress, stop)
    }

    /// Rescores only these leads (those an import, a follow-up or a deal touched), with the
    /// same promotion and hand-over as a full rescoring.
    pub fn rescore_leads(&mut self, today: NaiveDate, ids: &[i64]) -> Result<RescoreReport> {
        if ids.is_empty() {
            return Ok(RescoreReport::default());
        }
        self.rescore_scope(today, Some(ids), &|_, _| {}, &|| false)
    }

    /// The leads an import's rows touched, for rescoring them after it.
    pub fn leads_of_import(&self, batch_id: i64) -> Result<Vec<i64>> {
        self.conn
            .prepare_cached("SELECT DISTINCT person_id FROM touch WHERE batch_id = ?1 ORDER BY 1")
            .context("reading an import's leads")?
            .query_map([batch_id], |r| r.get(0))
            .context("reading an import's leads")?
            .collect::<rusqlite::Result<Vec<i64>>>()
            .context("reading an import's leads")
    }

    /// Whether the scores are missing for some lead or older than `today` (points fade daily).
    pub fn scores_stale(&self, today: NaiveDate) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT coalesce((SELECT value FROM workspace_meta WHERE key = 'lead_scores_as_of'), '') < ?1
                     OR (SELECT count(*) FROM person) <> (SELECT count(*) FROM lead_score)",
                [today.to_string()],
                |r| r.get(0),
            )
            .context("reading the scores' date")
    }

    fn rescore_scope(
        &mut self,
        today: NaiveDate,
        only: Option<&[i64]>,
        progress: &dyn Fn(usize, usize),
        stop: &dyn Fn() -> bool,
    ) -> Result<RescoreReport> {
        let card = self.lead_scorecard()?;
        let prepared = card.prepare()?;
        let as_of = day_number(today);
        let scope = only.map_or(Scope::All, Scope::Some);
        let inputs = gather(&self.conn, self.path.as_deref(), scope)?;
        let ids = &inputs.ids;
        if stop() {
            return Err(StoreError::Stopped);
        }
        let scored_on = today.to_string();
        let tx = self
            .conn
            .unchecked_transaction()
            .context("rescoring leads")?;
        // A full pass writes every row: its indexes are set aside and built again after, from
        // the SQL they were made with, which costs less than a million entries at random places.
        let indexes: Vec<String> = if only.is_none() {
            let sql: Vec<(String, String)> = tx
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                      WHERE type = 'index' AND tbl_name = 'lead_score' AND sql IS NOT NULL",
                )
                .context("rescoring leads")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .context("rescoring leads")?
                .collect::<rusqlite::Result<_>>()
                .context("rescoring leads")?;
            for (name, _) in &sql {
                tx.execute_batch(&format!("DROP INDEX \"{name}\""))
                    .context("rescoring leads")?;
            }
            tx.execute("DELETE FROM lead_score", [])
                .context("rescoring leads")?;
            sql.into_iter().map(|(_, sql)| sql).collect()
        } else {
            Vec::new()
        };
        let mut report = RescoreReport {
            leads: ids.len(),
            ..Default::default()
        };
        let mut qualifying = Vec::new();
        {
            // Rows are written 64 to a statement: one step per 64 leads instead of per lead.
            let mut writer = ScoreWriter::new(&tx, &scored_on)?;
            // Sources fall on few days: each day's text is made once.
            let mut day_text: std::collections::HashMap<i32, std::rc::Rc<str>> = Default::default();
            for (i, (&id, g)) in ids.iter().zip(&inputs.leads).enumerate() {
                let s = score(&prepared, &inputs.profile(g), &g.touches, as_of);
                let row = match g.source {
                    Some(src) => ScoreRow {
                        id,
                        grade: s.grade.code(),
                        score: s,
                        channel: src.channel as usize,
                        event: src.event,
                        first: Some(
                            day_text
                                .entry(src.day)
                                .or_insert_with(|| {
                                    crate::followups::from_day_number(src.day)
                                        .to_string()
                                        .into()
                                })
                                .clone(),
                        ),
                    },
                    None => ScoreRow {
                        id,
                        grade: s.grade.code(),
                        score: s,
                        channel: usize::MAX,
                        event: None,
                        first: None,
                    },
                };
                writer.push(row, &inputs.channels)?;
                if s.mql {
                    qualifying.push((id, s));
                }
                if i % 50_000 == 0 {
                    progress(i, ids.len());
                    if stop() {
                        return Err(StoreError::Stopped);
                    }
                }
            }
            writer.finish(&inputs.channels)?;
        }
        for sql in &indexes {
            tx.execute_batch(sql).context("rescoring leads")?;
        }
        report.qualifying = qualifying.len();
        let rule = card.mql.describe(Lang::ZhCn);
        let now = crate::open::now_utc();
        let mut promoted = Vec::new();
        for (id, s) in qualifying {
            let stage = crate::lifecycle::current_stage(&tx, id)?;
            if !matches!(stage, Stage::Lead | Stage::Recycled) {
                continue;
            }
            // An erased person keeps its score for the counts, but nobody can follow it up.
            let erased: bool = tx
                .prepare_cached("SELECT erased_at IS NOT NULL FROM person WHERE id = ?1")
                .context("rescoring leads")?
                .query_row([id], |r| r.get(0))
                .context("rescoring leads")?;
            if erased {
                continue;
            }
            let mv = StageMove {
                to: Stage::Mql,
                cause: Cause::Rule,
                by: "MQL 规则".into(),
                reason: format!(
                    "{} 级 · {} 分（{rule}）",
                    s.grade.code().to_uppercase(),
                    format_points(s.points_hundredths)
                ),
                at: Some(now.clone()),
            };
            if move_one(&tx, id, &mv, &now, None)?.is_ok() {
                promoted.push(id);
            }
        }
        report.promoted = promoted.len();
        report.assigned = crate::team::assign_in(&tx, &promoted, true)?;
        if only.is_none() {
            tx.execute(
                "INSERT INTO workspace_meta (key, value) VALUES ('lead_scores_as_of', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [&scored_on],
            )
            .context("rescoring leads")?;
            // A million scores: the WAL is copied into the file in the background, as after an
            // import, while the user reads them.
            crate::checkpoint::commit_leaving_wal(&self.conn, tx, "rescoring leads")?;
            if let Some(path) = self.path.clone() {
                self.checkpoint.start(&path);
            }
        } else {
            tx.commit().context("rescoring leads")?;
        }
        progress(ids.len(), ids.len());
        Ok(report)
    }

    /// How well the saved scorecard separates the leads whose deals were won from those whose
    /// deals were lost. Each such lead is scored as it stood the day before its first deal was
    /// created (its opportunity), so the deal's own meetings do not vouch for it. A lead with a
    /// won deal counts as won; one with only lost deals as lost; open deals tell nothing yet.
    pub fn scoring_backtest(&self) -> Result<marketdesk_core::scoring::Backtest> {
        let card = self.lead_scorecard()?;
        let prepared = card.prepare()?;
        let closed: Vec<(i64, bool, Option<String>)> = self
            .conn
            .prepare(
                "SELECT d.person_id, max(d.status = 'won'),
                        min(coalesce(d.created_on, d.closed_on))
                   FROM deal d JOIN person p ON p.id = d.person_id
                  WHERE d.status IN ('won', 'lost') GROUP BY d.person_id",
            )
            .context("backtesting the scorecard")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .context("backtesting the scorecard")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("backtesting the scorecard")?;
        let mut outcomes = Vec::with_capacity(closed.len());
        for (person_id, won, opened) in closed {
            let Some(day) = opened.as_deref().and_then(date_of).map(day_number) else {
                continue;
            };
            let inputs = gather(&self.conn, None, Scope::One(person_id))?;
            let Some(g) = inputs.leads.first() else {
                continue;
            };
            let before: Vec<Touch> = g.touches.iter().copied().filter(|t| t.day < day).collect();
            let s = score(&prepared, &inputs.profile(g), &before, day - 1);
            outcomes.push((s.grade, s.points_hundredths, won));
        }
        Ok(marketdesk_core::scoring::backtest(&outcomes, &card))
    }

    /// Whether the lead has been scored (rescoring runs after imports and on request).
    pub fn lead_is_scored(&self, person_id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM lead_score WHERE person_id = ?1")
            .context("reading a lead's score")?
            .query_row([person_id], |_| Ok(()))
            .optional()
            .context("reading a lead's score")?
            .is_some())
    }

    /// Why one lead has its score, as of `today`, under the saved scorecard.
    pub fn explain_score(&self, person_id: i64, today: NaiveDate) -> Result<Explanation> {
        let prepared: Prepared = self.lead_scorecard()?.prepare()?;
        let inputs = gather(&self.conn, None, Scope::One(person_id))?;
        let g = inputs.leads.first().ok_or(StoreError::NotFound {
            what: "lead",
            id: person_id,
        })?;
        Ok(explain(
            &prepared,
            &inputs.profile(g),
            &g.touches,
            day_number(today),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_leads;
    use crate::TeamRole;

    #[test]
    fn rescoring_scores_promotes_and_assigns_and_is_stable() {
        let (mut store, ids) = store_with_leads(3);
        store
            .conn
            .execute_batch(
                "INSERT INTO campaign (id, name, channel, created_at) VALUES (1, '峰会', 'offline_events', '2026-01-01');
                 INSERT INTO event (id, name, kind, status, starts_on, campaign_id, created_at)
                   VALUES (1, '金融科技峰会', 'summit', 'done', '2026-11-20', 1, '2026-01-01');
                 UPDATE person SET seniority = 'c_level', function = 'technology', industry = '股份制银行' WHERE id = 1;
                 UPDATE person SET seniority = 'staff' WHERE id = 2;
                 INSERT INTO attendance (event_id, person_id, state) VALUES (1, 1, 'attended'), (1, 2, 'no_show');
                 INSERT INTO touch (person_id, event_id, kind, channel, campaign_id, at)
                   VALUES (1, 1, 'registered', 'offline_events', 1, '2026-11-01T00:00:00+08:00'),
                          (1, 1, 'checked_in', 'offline_events', 1, '2026-11-20T00:00:00+08:00'),
                          (2, 1, 'registered', 'offline_events', 1, '2026-11-02T00:00:00+08:00');",
            )
            .expect("data");
        store.add_member("赵一", TeamRole::Sales).expect("member");
        let mut card = store.lead_scorecard().expect("card");
        card.mql.min_points_hundredths = 1_500;
        store.set_lead_scorecard(&card).expect("card");
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        let r = store
            .rescore(today, &|_, _| {}, &|| false)
            .expect("rescore");
        assert_eq!(
            (r.leads, r.qualifying, r.promoted, r.assigned),
            (3, 1, 1, 1)
        );
        assert_eq!(store.lead_stage(ids[0]).expect("stage"), Stage::Mql);
        let why = store.explain_score(ids[0], today).expect("why");
        let (grade, points, source): (String, i64, String) = store
            .conn
            .query_row(
                "SELECT grade, points, source_channel FROM lead_score WHERE person_id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("score");
        assert_eq!(grade, why.score.grade.code());
        assert_eq!(
            points, why.score.points_hundredths,
            "the explanation is the score"
        );
        assert_eq!(source, "offline_events");
        let again = store.rescore(today, &|_, _| {}, &|| false).expect("again");
        assert_eq!((again.qualifying, again.promoted), (1, 0), "promoted once");
        assert!(matches!(
            store.rescore(today, &|_, _| {}, &|| true),
            Err(StoreError::Stopped)
        ));
        let kept: i64 = store
            .conn
            .query_row("SELECT count(*) FROM lead_score", [], |r| r.get(0))
            .expect("count");
        assert_eq!(
            kept, 3,
            "a stopped rescoring leaves the scores as they were"
        );
    }

    #[test]
    fn a_full_pass_and_a_pass_over_chosen_leads_score_alike() {
        // Ids with a hole (a lead deleted), content touches, attendance and follow-ups: a full
        // pass finds leads by id in a table, a partial one searches the sorted ids.
        let (mut store, ids) = store_with_leads(5);
        store
            .conn
            .execute_batch(
                "INSERT INTO campaign (id, name, channel, created_at) VALUES (1, '峰会', 'offline_events', '2026-01-01');
                 INSERT INTO event (id, name, kind, status, starts_on, campaign_id, created_at)
                   VALUES (1, '金融科技峰会', 'summit', 'done', '2026-11-20', 1, '2026-01-01');
                 UPDATE person SET seniority = 'c_level', function = 'technology' WHERE id IN (1, 4);
                 DELETE FROM person WHERE id = 3;
                 INSERT INTO attendance (event_id, person_id, state)
                   VALUES (1, 1, 'attended'), (1, 2, 'no_show'), (1, 5, 'walk_in');
                 INSERT INTO touch (person_id, event_id, kind, channel, campaign_id, at)
                   VALUES (1, 1, 'registered', 'offline_events', 1, '2026-11-01T00:00:00+08:00'),
                          (2, NULL, 'webinar', 'online_promotion', NULL, '2026-10-01'),
                          (4, NULL, 'whitepaper', 'content', NULL, '2026-09-15'),
                          (4, NULL, 'webinar', 'online_promotion', NULL, '2026-11-02'),
                          (5, 1, 'checked_in', 'offline_events', 1, '2026-11-20');
                 INSERT INTO followup (person_id, at, channel, outcome, note, created_at)
                   VALUES (4, '2026-11-25', 'call', 'connected', '', 'x');",
            )
            .expect("data");
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        let rows =
            |store: &Store| -> Vec<(i64, String, i64, i64, String, Option<String>)> {
                store
                .conn
                .prepare(
                    "SELECT person_id, grade, fit_points, points, source_channel, first_touch_on
                       FROM lead_score ORDER BY person_id",
                )
                .expect("scores")
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })
                .expect("scores")
                .collect::<rusqlite::Result<_>>()
                .expect("scores")
            };
        store.rescore(today, &|_, _| {}, &|| false).expect("full");
        let full = rows(&store);
        assert_eq!(full.len(), 4, "every lead but the deleted one: {full:?}");
        assert!(
            full.iter().any(|r| r.0 == 4 && r.3 > 0),
            "content and a call count: {full:?}"
        );
        store
            .conn
            .execute("DELETE FROM lead_score", [])
            .expect("cleared");
        let alive: Vec<i64> = ids.into_iter().filter(|&id| id != 3).collect();
        store.rescore_leads(today, &alive).expect("chosen");
        assert_eq!(rows(&store), full);
    }

    #[test]
    fn an_erased_person_is_scored_for_the_counts_but_never_handed_to_sales() {
        let (mut store, ids) = store_with_leads(1);
        store
            .conn
            .execute_batch(
                "INSERT INTO campaign (id, name, channel, created_at) VALUES (1, '峰会', 'offline_events', '2026-01-01');
                 INSERT INTO event (id, name, kind, status, starts_on, campaign_id, created_at)
                   VALUES (1, '金融科技峰会', 'summit', 'done', '2026-11-20', 1, '2026-01-01');
                 UPDATE person SET seniority = 'c_level', function = 'technology', industry = '股份制银行';
                 INSERT INTO attendance (event_id, person_id, state) VALUES (1, 1, 'attended');",
            )
            .expect("data");
        store.add_member("赵一", TeamRole::Sales).expect("member");
        let mut card = store.lead_scorecard().expect("card");
        card.mql.min_points_hundredths = 1_500;
        store.set_lead_scorecard(&card).expect("card");
        store.erase_person(ids[0]).expect("erased");
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        let r = store
            .rescore(today, &|_, _| {}, &|| false)
            .expect("rescore");
        assert_eq!(
            (r.leads, r.qualifying, r.promoted, r.assigned),
            (1, 1, 0, 0)
        );
        assert_eq!(store.lead_stage(ids[0]).expect("stage"), Stage::Lead);
    }
}
