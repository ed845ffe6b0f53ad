use marketdesk_core::{Lang, Money};
use marketdesk_store::EventRow;
use serde::Serialize;

use crate::MoneyView;

/// The 活动 section: every event, and the totals its summary line shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventsOverview {
    pub events: Vec<EventView>,
    /// The costs entered, added up.
    pub total_cost: MoneyView,
    /// Events whose cost was never entered.
    pub events_without_cost: usize,
    pub total_present: i64,
}

impl EventsOverview {
    pub(crate) fn new(rows: &[EventRow], lang: Lang) -> EventsOverview {
        EventsOverview {
            events: rows.iter().map(|e| EventView::new(e, lang)).collect(),
            total_cost: rows
                .iter()
                .filter_map(EventRow::known_cost)
                .sum::<Money>()
                .into(),
            events_without_cost: rows.iter().filter(|e| e.known_cost().is_none()).count(),
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
    /// None: never entered.
    pub cost: Option<MoneyView>,
    pub target_attendance: i64,
    /// People linked to the event, each once.
    pub people: i64,
    pub registered: i64,
    pub attended: i64,
    pub no_show: i64,
    pub walk_in: i64,
    pub present: i64,
    /// 到场率: attended ÷ signed up (registered, attended, no-show), `75.0%`; empty without
    /// sign-ups.
    pub turnout: String,
    /// Present ÷ target, `92.0%`; empty without a target.
    pub against_target: String,
    /// The entered cost divided by the people who were there; None before anyone came or
    /// without a cost.
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
            cost: e.known_cost().map(Into::into),
            target_attendance: e.target_attendance,
            people: e.people(),
            registered: e.registered,
            attended: e.attended,
            no_show: e.no_show,
            walk_in: e.walk_in,
            present: e.present(),
            turnout: crate::reports::percent_one_decimal(e.attended, e.signed_up()),
            against_target: crate::reports::percent_one_decimal(e.present(), e.target_attendance),
            cost_per_present: e
                .known_cost()
                .and_then(|c| c.per(e.present()))
                .map(Into::into),
        }
    }
}
