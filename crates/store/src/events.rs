use marketdesk_core::{EventKind, Money};
use serde::Serialize;

use crate::error::{Result, SqlContext};
use crate::row::{read_code, read_money};
use crate::Store;

/// An event with its attendance counted from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub name: String,
    pub kind: EventKind,
    pub organiser: String,
    pub city: String,
    pub starts_on: String,
    pub cost: Money,
    pub target_attendance: i64,
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

/// An event to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub name: String,
    pub kind: EventKind,
    pub organiser: String,
    pub city: String,
    pub starts_on: chrono::NaiveDate,
    pub cost: Money,
    pub target_attendance: i64,
}

impl Store {
    pub fn create_event(&mut self, e: &NewEvent) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO event (name, kind, organiser, city, starts_on, cost_fen, target_attendance, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    e.name.trim(),
                    e.kind.code(),
                    e.organiser.trim(),
                    e.city.trim(),
                    e.starts_on.to_string(),
                    e.cost.fen(),
                    e.target_attendance,
                    crate::open::now_iso()
                ],
            )
            .context("adding an event")?;
        Ok(self.conn.last_insert_rowid())
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
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.name, e.kind, e.organiser, e.city, e.starts_on, e.cost_fen, e.target_attendance,
                        count(a.person_id) FILTER (WHERE a.state = 'registered'),
                        count(a.person_id) FILTER (WHERE a.state = 'attended'),
                        count(a.person_id) FILTER (WHERE a.state = 'no_show'),
                        count(a.person_id) FILTER (WHERE a.state = 'walk_in')
                 FROM event e LEFT JOIN attendance a ON a.event_id = e.id
                 GROUP BY e.id ORDER BY e.starts_on DESC, e.id DESC",
            )
            .context("reading events")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(EventRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: read_code(r, 2, EventKind::from_code)?,
                    organiser: r.get(3)?,
                    city: r.get(4)?,
                    starts_on: r.get(5)?,
                    cost: read_money(r, 6)?,
                    target_attendance: r.get(7)?,
                    registered: r.get(8)?,
                    attended: r.get(9)?,
                    no_show: r.get(10)?,
                    walk_in: r.get(11)?,
                })
            })
            .context("reading events")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading events")
    }
}
