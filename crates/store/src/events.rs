//! Events as the 活动 section keeps them: status, organiser, the inputs of their score and the
//! forecast it made, the campaign that links them to the plan, and the attendance their lists
//! brought.

use marketdesk_core::{ChannelKind, EventInputs, EventKind, EventStatus, Function, Money};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{Result, SqlContext};
use crate::row::{read_code, read_money};
use crate::tactics::TacticFields;
use crate::{Store, StoreError};

/// What the score said when the inputs were last saved: the forecast results are compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub total: f64,
    pub lead_value: f64,
    pub brand_value: f64,
    pub qualified_contacts: f64,
    /// A `Recommendation` code.
    pub recommendation: String,
    pub scored_at: String,
}

impl Forecast {
    /// What a score forecasts, to be saved with the inputs it came from.
    pub fn of(s: &marketdesk_core::events::EventScore) -> Forecast {
        Forecast {
            total: s.total,
            lead_value: s.lead_value,
            brand_value: s.brand_value,
            qualified_contacts: s.qualified_contacts,
            recommendation: s.advice.recommendation.code().into(),
            scored_at: String::new(),
        }
    }
}

/// An event with its attendance counted from the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub name: String,
    pub kind: EventKind,
    pub status: EventStatus,
    pub organiser_id: Option<i64>,
    /// The organiser's name; empty when none is known.
    pub organiser: String,
    pub city: String,
    pub region: String,
    pub starts_on: String,
    pub cost: Money,
    pub target_attendance: i64,
    pub campaign_id: i64,
    /// The plan's tactic that pays for it, if one does.
    pub tactic_id: Option<i64>,
    /// The budget channel its touches count under.
    pub channel: String,
    pub inputs: Option<EventInputs>,
    pub forecast: Option<Forecast>,
    pub notes: String,
    pub outcome_notes: String,
    pub copied_from: Option<i64>,
    pub registered: i64,
    pub attended: i64,
    pub no_show: i64,
    pub walk_in: i64,
}

impl EventRow {
    /// People who were there: checked in after registering, or walked in.
    pub fn present(&self) -> i64 {
        self.attended + self.walk_in
    }

    /// Everyone linked to the event in any state: each person once (a lead, not a list entry).
    pub fn people(&self) -> i64 {
        self.registered + self.attended + self.no_show + self.walk_in
    }

    /// People who signed up, whether they came or not (walk-ins did not sign up).
    pub fn signed_up(&self) -> i64 {
        self.registered + self.attended + self.no_show
    }

    /// The cost, if it was entered: an event's cost of ¥0 is one nobody typed in.
    pub fn known_cost(&self) -> Option<Money> {
        (self.cost > Money::ZERO).then_some(self.cost)
    }
}

/// An event to add, or the new fields of one to edit.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub name: String,
    pub kind: EventKind,
    pub status: EventStatus,
    pub organiser: String,
    pub city: String,
    pub region: String,
    pub starts_on: chrono::NaiveDate,
    pub cost: Money,
    pub target_attendance: i64,
    pub inputs: Option<EventInputs>,
    pub forecast: Option<Forecast>,
    pub notes: String,
    pub copied_from: Option<i64>,
}

impl NewEvent {
    /// An event known only by its list (the import's proposal): no score, done once its date
    /// has passed, nothing else known yet.
    pub fn listed(
        name: &str,
        kind: EventKind,
        starts_on: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> NewEvent {
        NewEvent {
            name: name.into(),
            kind,
            status: if starts_on <= today {
                EventStatus::Done
            } else {
                EventStatus::Planned
            },
            organiser: String::new(),
            city: String::new(),
            region: String::new(),
            starts_on,
            cost: Money::ZERO,
            target_attendance: 0,
            inputs: None,
            forecast: None,
            notes: String::new(),
            copied_from: None,
        }
    }
}

/// What the lists of one event showed about who came, beside its forecast.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EventActuals {
    /// People present (attended or walked in).
    pub present: i64,
    /// Present decision-makers (C-level, VP/director).
    pub decision_makers: i64,
    /// Present people of the buying centre's departments.
    pub matching_departments: i64,
    /// Present decision-makers of the buying centre: the qualified contacts.
    pub qualified: i64,
    /// People on its lists in any state who were at no earlier event.
    pub new_leads: i64,
    /// People on its lists who were at an earlier event.
    pub known_leads: i64,
    /// Companies on its lists none of whose people were at an earlier event.
    pub new_companies: i64,
}

/// The channel an event's touches count under until a tactic says otherwise.
pub fn default_channel(kind: EventKind) -> ChannelKind {
    match kind {
        EventKind::Webinar => ChannelKind::OnlinePromotion,
        _ => ChannelKind::OfflineEvents,
    }
}

const EVENT_COLUMNS: &str = "e.id, e.name, e.kind, e.status, e.organiser_id, coalesce(o.name, ''), e.city, e.region,
        e.starts_on, e.cost_fen, e.target_attendance, e.campaign_id, c.tactic_id, c.channel, e.inputs,
        e.score_total, e.score_lead, e.score_brand, e.forecast_qualified, e.recommendation, e.scored_at,
        e.notes, e.outcome_notes, e.copied_from";

fn read_event(r: &rusqlite::Row, counts: [i64; 4]) -> rusqlite::Result<EventRow> {
    let inputs: Option<String> = r.get(14)?;
    let inputs = inputs
        .map(|json| serde_json::from_str::<EventInputs>(&json))
        .transpose()
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(14, rusqlite::types::Type::Text, Box::new(e))
        })?;
    let forecast = match r.get::<_, Option<f64>>(15)? {
        Some(total) => Some(Forecast {
            total,
            lead_value: r.get::<_, Option<f64>>(16)?.unwrap_or(0.0),
            brand_value: r.get::<_, Option<f64>>(17)?.unwrap_or(0.0),
            qualified_contacts: r.get::<_, Option<f64>>(18)?.unwrap_or(0.0),
            recommendation: r.get::<_, Option<String>>(19)?.unwrap_or_default(),
            scored_at: r.get::<_, Option<String>>(20)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(EventRow {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: read_code(r, 2, EventKind::from_code)?,
        status: read_code(r, 3, EventStatus::from_code)?,
        organiser_id: r.get(4)?,
        organiser: r.get(5)?,
        city: r.get(6)?,
        region: r.get(7)?,
        starts_on: r.get(8)?,
        cost: read_money(r, 9)?,
        target_attendance: r.get(10)?,
        campaign_id: r.get(11)?,
        tactic_id: r.get(12)?,
        channel: r.get(13)?,
        inputs,
        forecast,
        notes: r.get(21)?,
        outcome_notes: r.get(22)?,
        copied_from: r.get(23)?,
        registered: counts[0],
        attended: counts[1],
        no_show: counts[2],
        walk_in: counts[3],
    })
}

/// Lower case without spaces (half- or full-width): one organiser however it is typed.
pub fn organiser_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The organiser's id, adding it the first time it is named; None for no name.
fn organiser_id(tx: &Transaction, name: &str) -> Result<Option<i64>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let key = organiser_key(name);
    tx.execute(
        "INSERT INTO organiser (name, key, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO NOTHING",
        params![name, key, crate::open::now_utc()],
    )
    .context("adding an organiser")?;
    tx.query_row("SELECT id FROM organiser WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .map(Some)
    .context("adding an organiser")
}

fn inputs_json(e: &NewEvent) -> Option<String> {
    e.inputs
        .as_ref()
        .map(|i| serde_json::to_string(i).unwrap_or_default())
}

impl Store {
    pub fn create_event(&mut self, e: &NewEvent) -> Result<i64> {
        let tx = self.conn.transaction().context("adding an event")?;
        let id = insert_event(&tx, e)?;
        tx.commit().context("adding an event")?;
        Ok(id)
    }

    /// Saves new fields of an event. The campaign, tactic and attendance stay; a done event keeps
    /// its forecast, so its results are still compared with what was expected.
    pub fn update_event(&mut self, id: i64, e: &NewEvent) -> Result<()> {
        let tx = self.conn.transaction().context("saving an event")?;
        let status = event_status(&tx, id)?;
        let organiser = organiser_id(&tx, &e.organiser)?;
        tx.execute(
            "UPDATE event SET name = ?2, kind = ?3, organiser_id = ?4, city = ?5, region = ?6,
                    starts_on = ?7, cost_fen = ?8, target_attendance = ?9, inputs = ?10, notes = ?11,
                    updated_at = ?12
              WHERE id = ?1",
            params![
                id,
                e.name.trim(),
                e.kind.code(),
                organiser,
                e.city.trim(),
                e.region.trim(),
                e.starts_on.to_string(),
                e.cost.fen(),
                e.target_attendance,
                inputs_json(e),
                e.notes,
                crate::open::now_utc()
            ],
        )
        .context("saving an event")?;
        if status != EventStatus::Done {
            write_forecast(&tx, id, e.forecast.as_ref())?;
        }
        tx.execute(
            "UPDATE campaign SET name = ?2 WHERE id = (SELECT campaign_id FROM event WHERE id = ?1)",
            params![id, e.name.trim()],
        )
        .context("saving an event")?;
        tx.commit().context("saving an event")
    }

    /// Moves an event along its year; refuses what `EventStatus::can_become` refuses.
    pub fn set_event_status(&mut self, id: i64, to: EventStatus) -> Result<()> {
        let tx = self
            .conn
            .transaction()
            .context("changing an event's status")?;
        let from = event_status(&tx, id)?;
        from.change_to(to)?;
        write_status(&tx, id, to)?;
        tx.commit().context("changing an event's status")
    }

    pub fn set_outcome_notes(&mut self, id: i64, notes: &str) -> Result<()> {
        let changed = self
            .conn
            .execute(
                "UPDATE event SET outcome_notes = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, notes.trim(), crate::open::now_utc()],
            )
            .context("saving the event's notes")?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "event", id });
        }
        Ok(())
    }

    /// Accepts a candidate into the plan: adds its tactic (one plan version), links the event's
    /// campaign to it, moves its touches to the tactic's channel, saves the forecast it was
    /// accepted on and marks it planned — all or nothing.
    pub fn accept_event(
        &mut self,
        event_id: i64,
        plan_id: i64,
        tactic: &TacticFields,
        forecast: &Forecast,
    ) -> Result<i64> {
        let status = event_status(&self.conn, event_id)?;
        status.change_to(EventStatus::Planned)?;
        let fields = crate::tactics::bound(plan_id, tactic);
        self.change_plan(plan_id, crate::VersionCause::Edited, |tx| {
            tx.execute(
                crate::tactics::INSERT_TACTIC,
                rusqlite::params_from_iter(fields),
            )
            .context("adding the event's tactic")?;
            let tactic_id = tx.last_insert_rowid();
            link_campaign(tx, event_id, tactic_id)?;
            fund(tx, event_id, Some(forecast))?;
            Ok(tactic_id)
        })
    }

    /// Links an event to a tactic already in the plan (one tactic may pay for several events):
    /// a candidate becomes planned on the forecast given, as when accepted.
    pub fn link_event_to_tactic(
        &mut self,
        event_id: i64,
        tactic_id: i64,
        forecast: Option<&Forecast>,
    ) -> Result<()> {
        let tx = self.conn.transaction().context("linking the event")?;
        let status = event_status(&tx, event_id)?;
        link_campaign(&tx, event_id, tactic_id)?;
        if status == EventStatus::Candidate {
            fund(&tx, event_id, forecast)?;
        }
        tx.commit().context("linking the event")
    }

    /// How many distinct people are linked to any event (each counted once, however many
    /// events they were at).
    pub fn people_at_events(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM (SELECT DISTINCT person_id FROM attendance)",
                [],
                |r| r.get(0),
            )
            .context("counting people at events")
    }

    /// Each event's id, name and date (yyyy-mm-dd), most recent first — without counting
    /// anyone, for finding an event by name.
    pub fn event_names(&self) -> Result<Vec<(i64, String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, name, starts_on FROM event ORDER BY starts_on DESC, id DESC",
            )
            .context("reading event names")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .context("reading event names")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading event names")
    }

    /// All events, most recent first.
    pub fn list_events(&self) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS},
                    (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.state = 'registered'),
                    (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.state = 'attended'),
                    (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.state = 'no_show'),
                    (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.state = 'walk_in')
               FROM event e JOIN campaign c ON c.id = e.campaign_id
               LEFT JOIN organiser o ON o.id = e.organiser_id
              ORDER BY e.starts_on DESC, e.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql).context("reading events")?;
        let rows = stmt
            .query_map([], |r| {
                read_event(r, [r.get(24)?, r.get(25)?, r.get(26)?, r.get(27)?])
            })
            .context("reading events")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading events")
    }

    pub fn event(&self, id: i64) -> Result<EventRow> {
        self.list_events()?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or(StoreError::NotFound { what: "event", id })
    }

    /// Who the lists of an event showed, counted against `buying_centre`. "Earlier" is an
    /// earlier date, or the same date and an earlier id.
    pub fn event_actuals(&self, id: i64, buying_centre: &[Function]) -> Result<EventActuals> {
        let starts_on: String = self
            .conn
            .query_row("SELECT starts_on FROM event WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .context("reading an event's results")?
            .ok_or(StoreError::NotFound { what: "event", id })?;
        // Codes of the buying centre, as a JSON array bound once: json_each keeps the statement
        // cached whatever the centre is.
        let centre =
            serde_json::to_string(&buying_centre.iter().map(|f| f.code()).collect::<Vec<_>>())
                .unwrap_or_else(|_| "[]".into());
        let earlier = "SELECT 1 FROM attendance b JOIN event x ON x.id = b.event_id
                        WHERE b.person_id = {person} AND b.event_id <> ?1
                          AND (x.starts_on < ?2 OR (x.starts_on = ?2 AND x.id < ?1))";
        let sql = format!(
            "WITH here AS (
                 SELECT p.id, p.company_id, a.state IN ('attended', 'walk_in') AS present,
                        p.seniority IN ('c_level', 'vp_director') AS dm,
                        p.function IN (SELECT value FROM json_each(?3)) AS matching,
                        EXISTS ({}) AS known
                   FROM attendance a JOIN person p ON p.id = a.person_id WHERE a.event_id = ?1)
             SELECT count(*) FILTER (WHERE present),
                    count(*) FILTER (WHERE present AND dm),
                    count(*) FILTER (WHERE present AND matching),
                    count(*) FILTER (WHERE present AND dm AND matching),
                    count(*) FILTER (WHERE NOT known),
                    count(*) FILTER (WHERE known),
                    (SELECT count(DISTINCT h.company_id) FROM here h WHERE h.company_id IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM here k WHERE k.company_id = h.company_id AND k.known)
                        AND NOT EXISTS (SELECT 1 FROM person q JOIN attendance b ON b.person_id = q.id
                                          JOIN event x ON x.id = b.event_id
                                         WHERE q.company_id = h.company_id AND b.event_id <> ?1
                                           AND (x.starts_on < ?2 OR (x.starts_on = ?2 AND x.id < ?1))))
               FROM here",
            earlier.replace("{person}", "p.id")
        );
        self.conn
            .prepare_cached(&sql)
            .context("reading an event's results")?
            .query_row(params![id, starts_on, centre], |r| {
                Ok(EventActuals {
                    present: r.get(0)?,
                    decision_makers: r.get(1)?,
                    matching_departments: r.get(2)?,
                    qualified: r.get(3)?,
                    new_leads: r.get(4)?,
                    known_leads: r.get(5)?,
                    new_companies: r.get(6)?,
                })
            })
            .context("reading an event's results")
    }

    /// Per event of `ids`: its present decision-makers of the buying centre (the qualified
    /// contacts its lists showed). Events nobody qualified at are left out.
    pub fn qualified_present(
        &self,
        ids: &[i64],
        buying_centre: &[Function],
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let json = |v: Vec<String>| serde_json::to_string(&v).unwrap_or_else(|_| "[]".into());
        let events = json(ids.iter().map(i64::to_string).collect());
        let centre = json(buying_centre.iter().map(|f| f.code().to_string()).collect());
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.event_id, count(*)
                   FROM attendance a JOIN person p ON p.id = a.person_id
                  WHERE a.event_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))
                    AND (a.state = 'attended' OR a.state = 'walk_in')
                    AND (p.seniority = 'c_level' OR p.seniority = 'vp_director')
                    AND p.function IN (SELECT value FROM json_each(?2))
                  GROUP BY a.event_id",
            )
            .context("counting qualified contacts")?;
        let rows = stmt
            .query_map(params![events, centre], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("counting qualified contacts")?;
        rows.collect::<rusqlite::Result<_>>()
            .context("counting qualified contacts")
    }

    /// The workspace's event scorecard; the defaults until one is saved.
    pub fn event_scorecard(&self) -> Result<marketdesk_core::Scorecard> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM workspace_meta WHERE key = 'event_scorecard'",
                [],
                |r| r.get(0),
            )
            .optional()
            .context("reading the scorecard")?;
        Ok(json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    pub fn set_event_scorecard(&mut self, card: &marketdesk_core::Scorecard) -> Result<()> {
        card.validate()?;
        self.conn
            .execute(
                "INSERT INTO workspace_meta (key, value) VALUES ('event_scorecard', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [serde_json::to_string(card).unwrap_or_default()],
            )
            .context("saving the scorecard")?;
        Ok(())
    }
}

pub(crate) fn insert_event(tx: &Transaction, e: &NewEvent) -> Result<i64> {
    let organiser = organiser_id(tx, &e.organiser)?;
    let now = crate::open::now_utc();
    tx.execute(
        "INSERT INTO campaign (name, channel, created_at) VALUES (?1, ?2, ?3)",
        params![e.name.trim(), default_channel(e.kind).code(), now],
    )
    .context("adding an event")?;
    let campaign = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO event (name, kind, status, organiser_id, city, region, starts_on, cost_fen,
                            target_attendance, campaign_id, inputs, notes, copied_from, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            e.name.trim(),
            e.kind.code(),
            e.status.code(),
            organiser,
            e.city.trim(),
            e.region.trim(),
            e.starts_on.to_string(),
            e.cost.fen(),
            e.target_attendance,
            campaign,
            inputs_json(e),
            e.notes,
            e.copied_from,
            now
        ],
    )
    .context("adding an event")?;
    let id = tx.last_insert_rowid();
    write_forecast(tx, id, e.forecast.as_ref())?;
    Ok(id)
}

/// The event is planned from now on, judged against `forecast`.
fn fund(tx: &Transaction, id: i64, forecast: Option<&Forecast>) -> Result<()> {
    write_forecast(tx, id, forecast)?;
    write_status(tx, id, EventStatus::Planned)
}

fn write_status(tx: &Transaction, id: i64, status: EventStatus) -> Result<()> {
    tx.execute(
        "UPDATE event SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, status.code(), crate::open::now_utc()],
    )
    .context("changing an event's status")?;
    Ok(())
}

fn write_forecast(tx: &Transaction, id: i64, f: Option<&Forecast>) -> Result<()> {
    tx.execute(
        "UPDATE event SET score_total = ?2, score_lead = ?3, score_brand = ?4,
                forecast_qualified = ?5, recommendation = ?6, scored_at = ?7
          WHERE id = ?1",
        params![
            id,
            f.map(|f| f.total),
            f.map(|f| f.lead_value),
            f.map(|f| f.brand_value),
            f.map(|f| f.qualified_contacts),
            f.map(|f| f.recommendation.clone()),
            f.map(|_| crate::open::now_utc()),
        ],
    )
    .context("saving the event's score")?;
    Ok(())
}

fn event_status(conn: &rusqlite::Connection, id: i64) -> Result<EventStatus> {
    let code: String = conn
        .query_row("SELECT status FROM event WHERE id = ?1", [id], |r| r.get(0))
        .optional()
        .context("reading an event")?
        .ok_or(StoreError::NotFound { what: "event", id })?;
    Ok(EventStatus::from_code(&code)?)
}

/// Points the event's campaign at the tactic and its touches at the tactic's channel. If the
/// tactic already pays for another event's campaign, the event joins that campaign, its touches
/// with it.
pub(crate) fn link_campaign(tx: &Transaction, event_id: i64, tactic_id: i64) -> Result<()> {
    let channel: String = tx
        .query_row(
            "SELECT pc.code FROM tactic t JOIN plan_channel pc ON pc.id = t.channel_id
              WHERE t.id = ?1",
            [tactic_id],
            |r| r.get(0),
        )
        .optional()
        .context("linking the event")?
        .ok_or(StoreError::NotFound {
            what: "tactic",
            id: tactic_id,
        })?;
    let own: i64 = tx
        .query_row(
            "SELECT campaign_id FROM event WHERE id = ?1",
            [event_id],
            |r| r.get(0),
        )
        .optional()
        .context("linking the event")?
        .ok_or(StoreError::NotFound {
            what: "event",
            id: event_id,
        })?;
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM campaign WHERE tactic_id = ?1 AND id <> ?2 ORDER BY id LIMIT 1",
            params![tactic_id, own],
            |r| r.get(0),
        )
        .optional()
        .context("linking the event")?;
    let campaign = match existing {
        Some(shared) => {
            tx.execute(
                "UPDATE event SET campaign_id = ?2 WHERE id = ?1",
                params![event_id, shared],
            )
            .context("linking the event")?;
            tx.execute(
                "UPDATE touch SET campaign_id = ?2 WHERE event_id = ?1",
                params![event_id, shared],
            )
            .context("linking the event")?;
            tx.execute(
                "DELETE FROM campaign WHERE id = ?1
                   AND NOT EXISTS (SELECT 1 FROM event WHERE campaign_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM touch WHERE campaign_id = ?1)",
                [own],
            )
            .context("linking the event")?;
            shared
        }
        None => own,
    };
    tx.execute(
        "UPDATE campaign SET tactic_id = ?2, channel = ?3 WHERE id = ?1",
        params![campaign, tactic_id, channel],
    )
    .context("linking the event")?;
    tx.execute(
        "UPDATE touch SET channel = ?2 WHERE campaign_id = ?1",
        params![campaign, channel],
    )
    .context("linking the event")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Store {
        let mut store = Store::open_in_memory().expect("store");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        crate::seed_demo(&mut store, today, marketdesk_core::Lang::ZhCn).expect("demo");
        store
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |r| r.get(0)).expect(sql)
    }

    #[test]
    fn one_tactic_pays_for_several_events_on_one_campaign() {
        let mut store = demo();
        let events = store.list_events().expect("events");
        let salon = events
            .iter()
            .find(|e| e.name == "合规科技闭门沙龙")
            .expect("salon");
        let tactic = salon.tactic_id.expect("paid by 区域沙龙（6 场）");
        let candidate = events
            .iter()
            .find(|e| e.name == "城商行科技负责人沙龙")
            .expect("candidate");
        store
            .link_event_to_tactic(candidate.id, tactic, None)
            .expect("link");
        let linked = store.event(candidate.id).expect("event");
        assert_eq!(
            linked.campaign_id, salon.campaign_id,
            "joins the tactic's campaign"
        );
        assert_eq!(linked.status, EventStatus::Planned);
        assert_eq!(
            count(
                &store,
                &format!(
                    "SELECT count(*) FROM campaign WHERE id = {}",
                    candidate.campaign_id
                )
            ),
            0,
            "its own empty campaign is gone"
        );
        assert!(store
            .link_event_to_tactic(candidate.id, 999_999, None)
            .is_err());
    }

    #[test]
    fn a_done_event_cannot_be_accepted_again_and_keeps_its_forecast() {
        let mut store = demo();
        let done = store
            .list_events()
            .expect("events")
            .into_iter()
            .find(|e| e.status == EventStatus::Done && e.forecast.is_some())
            .expect("a done event with a forecast");
        assert!(matches!(
            store.set_event_status(done.id, EventStatus::Candidate),
            Err(StoreError::Invalid(_))
        ));
        let mut edited = NewEvent::listed(
            &done.name,
            done.kind,
            chrono::NaiveDate::from_ymd_opt(2026, 3, 18).expect("d"),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("d"),
        );
        edited.forecast = Some(Forecast {
            total: 1.0,
            lead_value: 1.0,
            brand_value: 1.0,
            qualified_contacts: 1.0,
            recommendation: "active".into(),
            scored_at: String::new(),
        });
        store.update_event(done.id, &edited).expect("edit");
        assert_eq!(
            store
                .event(done.id)
                .expect("event")
                .forecast
                .map(|f| f.qualified_contacts),
            done.forecast.map(|f| f.qualified_contacts),
            "the forecast it was judged on stays"
        );
    }
}
