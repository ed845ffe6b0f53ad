//! The 活动 section's list: every event with its status, its score where it has inputs, and
//! what its lists brought.

use std::collections::HashMap;

use marketdesk_core::events::{score, Calibration, EventScore, PastResult};
use marketdesk_core::{EventStatus, Lang, Money, Scorecard};
use marketdesk_store::{EventRow, Store};
use serde::Serialize;

use crate::error::ToApi;
use crate::{MoneyView, Session};

/// What scoring needs besides an event's inputs: the workspace's scorecard and what each
/// organiser's past events delivered.
pub(crate) struct Scoring {
    pub card: Scorecard,
    /// Per organiser: its done events' forecasts and results, oldest first.
    pub history: HashMap<i64, Vec<(i64, PastResult)>>,
}

impl Scoring {
    /// One query counts the qualified contacts of the done events an organiser's record learns
    /// from (those with a forecast): the list view stays one round of counting however many
    /// events the year had, and an event imported without a forecast is not walked at all.
    pub fn load(store: &Store, events: &[EventRow]) -> marketdesk_store::Result<Scoring> {
        let card = store.event_scorecard()?;
        let mut done: Vec<&EventRow> = events
            .iter()
            .filter(|e| e.status == EventStatus::Done)
            .collect();
        done.sort_by(|a, b| (&a.starts_on, a.id).cmp(&(&b.starts_on, b.id)));
        let ids: Vec<i64> = done
            .iter()
            .filter(|e| e.forecast.is_some() && e.organiser_id.is_some())
            .map(|e| e.id)
            .collect();
        let qualified = store.qualified_present(&ids, &card.buying_centre)?;
        let mut history: HashMap<i64, Vec<(i64, PastResult)>> = HashMap::new();
        for e in done {
            if let (Some(organiser), Some(f)) = (e.organiser_id, &e.forecast) {
                history.entry(organiser).or_default().push((
                    e.id,
                    PastResult {
                        forecast_qualified: f.qualified_contacts,
                        actual_qualified: qualified.get(&e.id).copied().unwrap_or(0).max(0) as u32,
                    },
                ));
            }
        }
        Ok(Scoring { card, history })
    }

    /// What the organiser's record says of `event`'s forecast: its other done events only.
    pub fn calibration(&self, event: &EventRow) -> Calibration {
        self.calibration_for(event.organiser_id, Some(event.id))
    }

    /// The record of `organiser` without the event `except` (itself, when it is one of them).
    pub fn calibration_for(&self, organiser: Option<i64>, except: Option<i64>) -> Calibration {
        let past: Vec<PastResult> = organiser
            .and_then(|o| self.history.get(&o))
            .map(|h| {
                h.iter()
                    .filter(|(id, _)| Some(*id) != except)
                    .map(|(_, p)| *p)
                    .collect()
            })
            .unwrap_or_default();
        Calibration::from_history(&past, self.card.history_weight)
    }

    /// The event's score today, if it has inputs.
    pub fn score(&self, event: &EventRow) -> Option<EventScore> {
        let inputs = event.inputs.as_ref()?;
        Some(score(inputs, &self.card, self.calibration(event)))
    }
}

/// The 活动 section: every event, and the totals its summary line shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventsOverview {
    pub events: Vec<EventView>,
    /// The costs entered of planned and done events, added up (candidates are not spent).
    pub total_cost: MoneyView,
    /// Planned and done events whose cost was never entered.
    pub events_without_cost: usize,
    pub total_present: i64,
    pub candidates: usize,
    /// Candidates' score against their cost (plotters SVG); empty without scored candidates.
    pub score_cost_chart_svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreSummary {
    /// 0–100, one decimal.
    pub total: f64,
    pub lead_value: f64,
    pub brand_value: f64,
    pub recommendation: String,
    pub recommendation_label: String,
    /// Expected qualified contacts, one decimal.
    pub qualified_contacts: f64,
    pub cost_per_qualified: Option<MoneyView>,
}

/// The event's date; stored as yyyy-mm-dd, so None only for a row written by hand.
pub(crate) fn event_date(e: &EventRow) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(&e.starts_on, "%Y-%m-%d").ok()
}

/// The month (1–12) the rules of thumb read: January when the date cannot be read.
pub(crate) fn event_month(e: &EventRow) -> u32 {
    event_date(e).map_or(1, |d| chrono::Datelike::month(&d))
}

pub(crate) fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl ScoreSummary {
    pub(crate) fn new(s: &EventScore, lang: Lang) -> ScoreSummary {
        ScoreSummary {
            total: one_decimal(s.total),
            lead_value: one_decimal(s.lead_value),
            brand_value: one_decimal(s.brand_value),
            recommendation: s.advice.recommendation.code().into(),
            recommendation_label: s.advice.recommendation.name(lang).into(),
            qualified_contacts: one_decimal(s.qualified_contacts),
            cost_per_qualified: s.cost_per_qualified.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub status: String,
    pub status_label: String,
    pub organiser: String,
    pub city: String,
    pub region: String,
    pub date: String,
    /// None: never entered.
    pub cost: Option<MoneyView>,
    pub target_attendance: i64,
    /// The plan's tactic that pays for it.
    pub tactic_id: Option<i64>,
    /// The score today (candidates and planned events), or None without inputs.
    pub score: Option<ScoreSummary>,
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

impl EventsOverview {
    pub(crate) fn new(rows: &[EventRow], scoring: &Scoring, lang: Lang) -> EventsOverview {
        let funded: Vec<&EventRow> = rows.iter().filter(|e| e.status.is_funded()).collect();
        EventsOverview {
            events: rows
                .iter()
                .map(|e| EventView::new(e, scoring.score(e).as_ref(), lang))
                .collect(),
            total_cost: funded
                .iter()
                .filter_map(|e| e.known_cost())
                .sum::<Money>()
                .into(),
            events_without_cost: funded.iter().filter(|e| e.known_cost().is_none()).count(),
            total_present: funded.iter().map(|e| e.present()).sum(),
            candidates: rows
                .iter()
                .filter(|e| e.status == EventStatus::Candidate)
                .count(),
            score_cost_chart_svg: score_cost_chart(rows, scoring, lang),
        }
    }
}

fn score_cost_chart(rows: &[EventRow], scoring: &Scoring, lang: Lang) -> String {
    use marketdesk_core::Recommendation as R;
    let points: Vec<marketdesk_report::ScorePoint> = rows
        .iter()
        .filter(|e| e.status == EventStatus::Candidate)
        .filter_map(|e| {
            scoring.score(e).map(|s| marketdesk_report::ScorePoint {
                label: e.name.clone(),
                cost: e.cost,
                score: s.total,
                advised: matches!(s.advice.recommendation, R::Strong | R::Active),
            })
        })
        .collect();
    if points.is_empty() {
        return String::new();
    }
    // A chart that fails to draw leaves the card out; the table says the same.
    marketdesk_report::score_cost_chart_svg(&points, lang).unwrap_or_default()
}

impl EventView {
    pub(crate) fn new(e: &EventRow, score: Option<&EventScore>, lang: Lang) -> EventView {
        EventView {
            id: e.id,
            name: e.name.clone(),
            kind: e.kind.code().into(),
            kind_label: e.kind.name(lang).into(),
            status: e.status.code().into(),
            status_label: e.status.name(lang).into(),
            organiser: e.organiser.clone(),
            city: e.city.clone(),
            region: e.region.clone(),
            date: e.starts_on.clone(),
            cost: e.known_cost().map(Into::into),
            target_attendance: e.target_attendance,
            tactic_id: e.tactic_id,
            score: score.map(|s| ScoreSummary::new(s, lang)),
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

impl Session {
    pub fn events(&self) -> crate::Result<EventsOverview> {
        let lang = self.lang();
        let store = self.store();
        let rows = store.list_events().user(lang)?;
        let scoring = Scoring::load(&store, &rows).user(lang)?;
        Ok(EventsOverview::new(&rows, &scoring, lang))
    }
}
