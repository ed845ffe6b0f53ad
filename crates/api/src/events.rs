use marketdesk_core::{Lang, Money};
use marketdesk_store::EventRow;
use serde::Serialize;

use crate::MoneyView;

/// The 活动 section: every event, and the totals its summary line shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventsOverview {
    pub events: Vec<EventView>,
    pub total_cost: MoneyView,
    pub total_present: i64,
}

impl EventsOverview {
    pub(crate) fn new(rows: &[EventRow], lang: Lang) -> EventsOverview {
        EventsOverview {
            events: rows.iter().map(|e| EventView::new(e, lang)).collect(),
            total_cost: rows.iter().map(|e| e.cost).sum::<Money>().into(),
            total_present: rows.iter().map(EventRow::present).sum(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub organiser: String,
    pub city: String,
    pub date: String,
    pub cost: MoneyView,
    pub target_attendance: i64,
    pub people: i64,
    pub registered: i64,
    pub attended: i64,
    pub no_show: i64,
    pub walk_in: i64,
    pub present: i64,
    /// Cost divided by the people who were there; None before anyone checked in.
    pub cost_per_present: Option<MoneyView>,
}

impl EventView {
    fn new(e: &EventRow, lang: Lang) -> EventView {
        EventView {
            id: e.id,
            name: e.name.clone(),
            kind: e.kind.code().into(),
            kind_label: e.kind.name(lang).into(),
            organiser: e.organiser.clone(),
            city: e.city.clone(),
            date: e.starts_on.clone(),
            cost: e.cost.into(),
            target_attendance: e.target_attendance,
            people: e.people(),
            registered: e.registered,
            attended: e.attended,
            no_show: e.no_show,
            walk_in: e.walk_in,
            present: e.present(),
            cost_per_present: e.cost.per(e.present()).map(Into::into),
        }
    }
}
