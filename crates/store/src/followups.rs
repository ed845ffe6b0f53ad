//! The follow-up log and the clock on handed-over leads (seed 002: how many calls within how
//! many days, and the lead goes back when nobody followed it up).

use chrono::NaiveDate;
use marketdesk_core::followup::{Channel, Outcome, Sla, SlaState};
use marketdesk_core::lifecycle::{Cause, Stage};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::lifecycle::{move_one, StageMove};
use crate::Store;

/// Where the follow-up rule is kept (JSON of `Sla`).
const SLA_KEY: &str = "followup_sla";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpRow {
    pub id: i64,
    pub at: String,
    pub member: Option<String>,
    pub channel: Channel,
    pub outcome: Outcome,
    pub note: String,
}

/// A handed-over lead on the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnTheClock {
    pub person_id: i64,
    pub name: String,
    pub company: String,
    pub owner: Option<String>,
    pub handed_on: NaiveDate,
    pub attempts: usize,
    pub state: SlaState,
}

/// Day numbers as the core counts them: days since 1970-01-01.
pub fn day_number(d: NaiveDate) -> i32 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days() as i32
}

pub fn from_day_number(n: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::Duration::days(n as i64)
}

/// The date part of a stored timestamp or date ("2026-05-01T08:00:00+00:00", "2026-05-01").
pub(crate) fn date_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

impl Store {
    pub fn sla(&self) -> Result<Sla> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM workspace_meta WHERE key = ?1",
                [SLA_KEY],
                |r| r.get(0),
            )
            .optional()
            .context("reading the follow-up rule")?;
        Ok(json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    pub fn set_sla(&mut self, sla: &Sla) -> Result<()> {
        sla.validate()?;
        let json = serde_json::to_string(sla).unwrap_or_default();
        self.conn
            .execute(
                "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![SLA_KEY, json],
            )
            .context("saving the follow-up rule")?;
        Ok(())
    }

    /// Logs an attempt; `at` RFC 3339 or a date.
    pub fn log_followup(
        &mut self,
        person_id: i64,
        member_id: Option<i64>,
        at: &str,
        channel: Channel,
        outcome: Outcome,
        note: &str,
    ) -> Result<i64> {
        if date_of(at).is_none() {
            return Err(StoreError::InvalidDate { input: at.into() });
        }
        self.conn
            .execute(
                "INSERT INTO followup (person_id, member_id, at, channel, outcome, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    person_id,
                    member_id,
                    at,
                    channel.code(),
                    outcome.code(),
                    note.trim(),
                    crate::open::now_utc()
                ],
            )
            .context("logging a follow-up")?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn followups(&self, person_id: i64) -> Result<Vec<FollowUpRow>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT f.id, f.at, m.name, f.channel, f.outcome, f.note FROM followup f
                 LEFT JOIN team_member m ON m.id = f.member_id
                 WHERE f.person_id = ?1 ORDER BY f.at, f.id",
            )
            .context("reading follow-ups")?
            .query_map([person_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .context("reading follow-ups")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading follow-ups")?;
        rows.into_iter()
            .map(|(id, at, member, channel, outcome, note)| {
                Ok(FollowUpRow {
                    id,
                    at,
                    member,
                    channel: Channel::from_code(&channel)?,
                    outcome: Outcome::from_code(&outcome)?,
                    note,
                })
            })
            .collect()
    }

    /// Every owned MQL with where it stands against the rule on `today`, most urgent first:
    /// expired, overdue, due (soonest deadline first), then met.
    pub fn on_the_clock(&self, today: NaiveDate) -> Result<Vec<OnTheClock>> {
        let sla = self.sla()?;
        let rows = self
            .conn
            .prepare_cached(
                "SELECT p.id, p.name, p.company, m.name, max(s.mql_at, coalesce(s.assigned_at, s.mql_at)),
                        (SELECT group_concat(substr(f.at, 1, 10)) FROM followup f WHERE f.person_id = p.id)
                   FROM lead_state s JOIN person p ON p.id = s.person_id
                   LEFT JOIN team_member m ON m.id = s.owner_id
                  WHERE s.stage = 'mql' AND s.owner_id IS NOT NULL AND s.mql_at IS NOT NULL",
            )
            .context("reading follow-ups")?
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .context("reading follow-ups")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading follow-ups")?;
        let today_n = day_number(today);
        let mut out: Vec<OnTheClock> = rows
            .into_iter()
            .filter_map(|(person_id, name, company, owner, handed, attempts)| {
                // The clock counts the owner's days: handed over at 07:30 in Beijing is that day.
                let handed_on = crate::local_days::local_day(&handed, &chrono::Local)?;
                let days: Vec<i32> = attempts
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(date_of)
                    .map(day_number)
                    .collect();
                Some(OnTheClock {
                    person_id,
                    name,
                    company,
                    owner,
                    handed_on,
                    attempts: days.len(),
                    state: sla.state(day_number(handed_on), &days, today_n),
                })
            })
            .collect();
        out.sort_by_key(|c| match c.state {
            SlaState::Expired { deadline } => (0, deadline, c.person_id),
            SlaState::Overdue { deadline, .. } => (1, deadline, c.person_id),
            SlaState::Due { deadline, .. } => (2, deadline, c.person_id),
            SlaState::Met { on_day } => (3, on_day, c.person_id),
        });
        Ok(out)
    }

    /// How many leads the follow-up clock sent back to the pool in `from ..= to`.
    pub fn returned_to_pool(&self, from: NaiveDate, to: NaiveDate) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM lead_stage_change WHERE cause = 'sla_expired' AND at BETWEEN ?1 AND ?2",
                params![from.to_string(), format!("{to}T99")],
                |r| r.get(0),
            )
            .context("reading follow-ups")
    }

    /// Sends every expired lead back to the pool: recycled, no owner. Returns how many.
    pub fn return_expired_to_pool(&mut self, today: NaiveDate) -> Result<usize> {
        let expired: Vec<(i64, SlaState)> = self
            .on_the_clock(today)?
            .into_iter()
            .filter(|c| matches!(c.state, SlaState::Expired { .. }))
            .map(|c| (c.person_id, c.state))
            .collect();
        if expired.is_empty() {
            return Ok(0);
        }
        let sla = self.sla()?;
        let tx = self
            .conn
            .transaction()
            .context("returning leads to the pool")?;
        let at = crate::open::now_utc();
        let mut n = 0;
        for (id, _) in expired {
            let mv = StageMove {
                to: Stage::Recycled,
                cause: Cause::SlaExpired,
                by: String::new(),
                reason: format!(
                    "{} 天内未完成 {} 次跟进",
                    sla.within_days + sla.grace_days,
                    sla.attempts
                ),
                at: Some(at.clone()),
            };
            if move_one(&tx, id, &mv, &at, None)?.is_ok() {
                tx.execute(
                    "UPDATE lead_state SET owner_id = NULL, assigned_at = NULL WHERE person_id = ?1",
                    [id],
                )
                .context("returning leads to the pool")?;
                n += 1;
            }
        }
        tx.commit().context("returning leads to the pool")?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_leads;
    use crate::TeamRole;

    #[test]
    fn owned_mqls_run_on_the_clock_and_expired_ones_return_to_the_pool() {
        let (mut store, ids) = store_with_leads(2);
        let rep = store.add_member("赵一", TeamRole::Sales).expect("member");
        store
            .move_leads(
                &ids,
                &StageMove {
                    to: Stage::Mql,
                    cause: Cause::Rule,
                    by: "规则".into(),
                    reason: String::new(),
                    at: Some("2026-05-01T08:00:00+00:00".into()),
                },
            )
            .expect("mql");
        store.set_owner(&ids, Some(rep.id)).expect("owner");
        store
            .conn
            .execute(
                "UPDATE lead_state SET assigned_at = '2026-05-01T09:00:00+00:00'",
                [],
            )
            .expect("assigned");
        for day in ["2026-05-02", "2026-05-03", "2026-05-06"] {
            store
                .log_followup(
                    ids[0],
                    Some(rep.id),
                    day,
                    Channel::Call,
                    Outcome::Unreachable,
                    "",
                )
                .expect("log");
        }
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let clock = store.on_the_clock(d("2026-05-09")).expect("clock");
        assert_eq!(clock.len(), 2);
        assert!(
            matches!(clock[0].state, SlaState::Overdue { left: 3, .. }),
            "{clock:?}"
        );
        assert!(matches!(clock[1].state, SlaState::Met { .. }));
        assert_eq!(
            store.return_expired_to_pool(d("2026-05-10")).expect("pool"),
            0
        );
        assert_eq!(
            store.return_expired_to_pool(d("2026-05-12")).expect("pool"),
            1
        );
        assert_eq!(store.lead_stage(ids[1]).expect("stage"), Stage::Recycled);
        assert_eq!(store.lead_stage(ids[0]).expect("stage"), Stage::Mql);
        let owner: Option<i64> = store
            .conn
            .query_row(
                "SELECT owner_id FROM lead_state WHERE person_id = ?1",
                [ids[1]],
                |r| r.get(0),
            )
            .expect("owner");
        assert_eq!(owner, None, "back in the pool, unowned");
    }
}
