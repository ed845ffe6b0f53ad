//! One event's page: its score explained, the forecast it was accepted on, what its lists
//! showed beside it, and its organiser's record.

use chrono::Datelike;
use marketdesk_core::events::{EventScore, RuleOfThumb};
use marketdesk_core::{EventInputs, EventStatus, Lang, Money, Recommendation};
use marketdesk_store::{EventActuals, EventRow, Forecast, NewEvent, Store};
use serde::Serialize;

use crate::error::{ApiError, ToApi};
use crate::event_draft::EventDraft;
use crate::events::{one_decimal, EventView, ScoreSummary, Scoring};
use crate::Session;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionView {
    pub code: String,
    pub name: String,
    pub points: f64,
    pub max_points: f64,
    /// 0–100: how well the event does on it.
    pub value_pct: f64,
    pub sentence: String,
}

/// A score with every number explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreView {
    pub summary: ScoreSummary,
    pub criteria: Vec<CriterionView>,
    /// Why the recommendation is what it is, the author's line for the type first.
    pub reasons: Vec<String>,
    /// How the expected qualified contacts were reached.
    pub qualified_sentence: String,
    /// What the organiser's record changed, if it has one.
    pub calibration: Option<String>,
    /// Share of the room we talk to, %.
    pub reach_pct: f64,
    /// The rules of thumb this event counts against, as sentences.
    pub limits: Vec<String>,
}

impl ScoreView {
    pub(crate) fn new(
        s: &EventScore,
        inputs: &EventInputs,
        card: &marketdesk_core::Scorecard,
        month: u32,
        lang: Lang,
    ) -> ScoreView {
        ScoreView {
            summary: ScoreSummary::new(s, lang),
            criteria: s
                .criteria
                .iter()
                .map(|c| CriterionView {
                    code: c.criterion.code().into(),
                    name: c.criterion.name(lang).into(),
                    points: one_decimal(c.points),
                    max_points: one_decimal(c.max_points),
                    value_pct: one_decimal(c.value * 100.0),
                    sentence: c.sentence(lang),
                })
                .collect(),
            reasons: s.advice.reasons.iter().map(|r| r.sentence(lang)).collect(),
            qualified_sentence: s.qualified_sentence(inputs, card, lang),
            calibration: s.calibration.sentence(lang),
            reach_pct: one_decimal(s.reach * 100.0),
            limits: RuleOfThumb::ALL
                .into_iter()
                .filter(|r| r.applies(inputs.kind, month, s.advice.recommendation))
                .map(|r| r.sentence(lang).to_string())
                .collect(),
        }
    }
}

/// One line of forecast against actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultLine {
    pub label: String,
    pub forecast: String,
    pub actual: String,
    /// What the figure divides by, or where it comes from.
    pub definition: String,
}

/// After the event: what its lists showed, beside the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventResults {
    pub lines: Vec<ResultLine>,
    pub registered: i64,
    pub attended: i64,
    pub no_show: i64,
    pub walk_in: i64,
    pub new_leads: i64,
    pub known_leads: i64,
    pub new_companies: i64,
    /// The leads it brought and the money since, in one sentence (model named).
    pub later_stages: String,
    /// The same as figures: from the start of the event's year to today, linear attribution.
    pub pipeline: Option<crate::RealizedView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganiserEvent {
    pub id: i64,
    pub name: String,
    pub date: String,
    pub status_label: String,
    /// Qualified contacts forecast when it was scored; None for events never scored.
    pub forecast_qualified: Option<f64>,
    /// Qualified contacts its lists showed; None before it is done.
    pub actual_qualified: Option<i64>,
    /// actual ÷ forecast, `62%`; empty without both.
    pub delivered: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganiserRecord {
    pub name: String,
    pub events: Vec<OrganiserEvent>,
    /// How the record changes this event's forecast; None without comparable past events.
    pub calibration: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusChoice {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPage {
    pub event: EventView,
    pub draft: EventDraft,
    /// The score today, explained; None for an event without inputs (made by an import).
    pub score: Option<ScoreView>,
    /// The score saved with the inputs: for a done event, the forecast it was judged on.
    pub forecast: Option<ScoreSummaryAt>,
    pub results: Option<EventResults>,
    pub organiser: Option<OrganiserRecord>,
    /// Statuses the event may move to.
    pub next_statuses: Vec<StatusChoice>,
    /// Whether "accept into the plan" is offered.
    pub can_accept: bool,
    pub outcome_notes: String,
    pub copied_from: Option<i64>,
    /// Forecast against actual, per measure (plotters SVG); None before anyone came.
    pub forecast_chart_svg: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreSummaryAt {
    pub total: f64,
    pub qualified_contacts: f64,
    pub recommendation_label: String,
    pub scored_at: String,
}

fn pct_of(part: i64, whole: i64) -> String {
    crate::reports::percent_one_decimal(part, whole)
}

fn results(
    e: &EventRow,
    got: &EventActuals,
    card: &marketdesk_core::Scorecard,
    lang: Lang,
) -> EventResults {
    let dash = || "—".to_string();
    let inputs = e.inputs.as_ref();
    let expected_size = inputs.map(|i| i64::from(i.expected_size));
    let forecast_q = e.forecast.as_ref().map(|f| f.qualified_contacts);
    let share = |s: marketdesk_core::Share| format!("{:.1}%", f64::from(s.basis_points()) / 100.0);
    let money = |m: Option<Money>| m.map(|m| m.to_string()).unwrap_or_else(dash);
    let cost = e.known_cost();
    let line =
        |label: (&str, &str), forecast: String, actual: String, def: (&str, &str)| ResultLine {
            label: lang.pick(label.0, label.1).into(),
            forecast,
            actual,
            definition: lang.pick(def.0, def.1).into(),
        };
    let lines = vec![
        line(
            ("到场人数", "Present"),
            expected_size.map(|n| n.to_string()).unwrap_or_else(dash),
            got.present.to_string(),
            ("签到 + 现场新增", "checked in + walk-ins"),
        ),
        line(
            ("合格联系人", "Qualified contacts"),
            forecast_q.map(|q| format!("{q:.1}")).unwrap_or_else(dash),
            got.qualified.to_string(),
            (
                "到场者中采购中心部门的 C 级与 VP/总监",
                "present decision-makers of the buying centre",
            ),
        ),
        line(
            ("决策层占比", "Decision-makers"),
            inputs
                .filter(|i| !i.audience.seniority.is_unknown())
                .map(|i| share(i.audience.seniority.decision_makers()))
                .unwrap_or_else(dash),
            pct_of(got.decision_makers, got.present),
            (
                "到场的 C 级与 VP/总监 ÷ 到场人数",
                "present C-level and VP/director ÷ present",
            ),
        ),
        line(
            ("对口部门占比", "Buying-centre departments"),
            inputs
                .and_then(|i| i.department_match(&card.buying_centre))
                .map(share)
                .unwrap_or_else(dash),
            pct_of(got.matching_departments, got.present),
            (
                "到场者中采购中心部门的人 ÷ 到场人数",
                "present buying-centre people ÷ present",
            ),
        ),
        line(
            ("每位到场者成本", "Cost per attendee"),
            money(cost.zip(expected_size).and_then(|(c, n)| c.per(n))),
            money(cost.and_then(|c| c.per(got.present))),
            ("活动费用 ÷ 到场人数", "event cost ÷ present"),
        ),
        line(
            ("每位合格联系人成本", "Cost per qualified contact"),
            money(cost.zip(forecast_q).and_then(|(c, q)| {
                (q >= 0.5).then(|| Money::from_fen((c.fen() as f64 / q).round() as i64))
            })),
            money(cost.and_then(|c| c.per(got.qualified))),
            ("活动费用 ÷ 合格联系人", "event cost ÷ qualified contacts"),
        ),
    ];
    EventResults {
        lines,
        registered: e.registered,
        attended: e.attended,
        no_show: e.no_show,
        walk_in: e.walk_in,
        new_leads: got.new_leads,
        known_leads: got.known_leads,
        new_companies: got.new_companies,
        later_stages: String::new(),
        pipeline: None,
    }
}

/// What the event's leads did after it: leads it sourced (their first touch), how far they got,
/// revenue credited to its touches (linear) and ROI on its spend, from the start of its year to
/// today.
fn pipeline_since(
    store: &Store,
    e: &EventRow,
    lang: Lang,
) -> crate::Result<(String, Option<crate::RealizedView>)> {
    let today = chrono::Local::now().date_naive();
    let Some(held) = crate::events::event_date(e).filter(|d| *d <= today) else {
        return Ok((
            lang.pick(
                "活动举办后，这里显示它带来的线索、MQL、SQL、商机与成交。",
                "After the event, the leads it brought and how far they got show here.",
            )
            .into(),
            None,
        ));
    };
    // From the start of its year: registrations and deposits come before the day itself.
    let from = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&held), 1, 1).unwrap_or(held);
    let facts = store.roi_facts(from, today).user(lang)?;
    let model = marketdesk_core::attribution::Model::Linear;
    let report = crate::roi_report(&facts, model, from, today, lang);
    let row = report
        .events
        .into_iter()
        .find(|r| r.key == e.id.to_string());
    let sentence = match &row {
        Some(r) => match lang {
            Lang::ZhCn => format!(
                "{from} 至今：首次来自本活动的线索 {} 条，其中 MQL {} · SQL {} · 商机 {} · 赢单 {}；按线性归因，本活动触达分得收入 {}，管道 {}；花费 {}，ROI {}。",
                r.leads, r.mql, r.sql, r.opportunities, r.won, r.revenue.yuan, r.pipeline.yuan,
                r.spend.yuan, r.roi.clone().unwrap_or_else(|| "—".into())
            ),
            Lang::En => format!(
                "Since {from}: {} leads first met us here; MQL {} · SQL {} · opportunities {} · won {}; linear attribution credits its touches with {} revenue and {} pipeline; spend {}, ROI {}.",
                r.leads, r.mql, r.sql, r.opportunities, r.won, r.revenue.yuan, r.pipeline.yuan,
                r.spend.yuan, r.roi.clone().unwrap_or_else(|| "—".into())
            ),
        },
        None => lang
            .pick("本活动尚无来源线索、商机或收入。", "No leads, deals or revenue trace back to this event yet.")
            .into(),
    };
    Ok((sentence, row))
}

/// The measures a forecast can be checked on, in people.
fn forecast_chart(
    e: &EventRow,
    got: &EventActuals,
    card: &marketdesk_core::Scorecard,
    lang: Lang,
) -> Option<String> {
    let inputs = e.inputs.as_ref()?;
    let f = e.forecast.as_ref()?;
    let size = f64::from(inputs.expected_size);
    let share = |s: marketdesk_core::Share| f64::from(s.basis_points()) / 10_000.0;
    let mut rows = vec![
        marketdesk_report::ForecastActualRow {
            label: lang.pick("到场人数", "Present").into(),
            forecast: size,
            actual: got.present as f64,
        },
        marketdesk_report::ForecastActualRow {
            label: lang.pick("合格联系人", "Qualified contacts").into(),
            forecast: one_decimal(f.qualified_contacts),
            actual: got.qualified as f64,
        },
    ];
    if !inputs.audience.seniority.is_unknown() {
        rows.push(marketdesk_report::ForecastActualRow {
            label: lang.pick("决策层（人）", "Decision-makers").into(),
            forecast: (size * share(inputs.audience.seniority.decision_makers())).round(),
            actual: got.decision_makers as f64,
        });
    }
    if let Some(m) = inputs.department_match(&card.buying_centre) {
        rows.push(marketdesk_report::ForecastActualRow {
            label: lang.pick("对口部门（人）", "Buying centre").into(),
            forecast: (size * share(m)).round(),
            actual: got.matching_departments as f64,
        });
    }
    marketdesk_report::forecast_actual_chart_svg(&rows, lang).ok()
}

fn organiser_record(
    store: &Store,
    e: &EventRow,
    rows: &[EventRow],
    scoring: &Scoring,
    lang: Lang,
) -> crate::Result<Option<OrganiserRecord>> {
    let Some(organiser) = e.organiser_id else {
        return Ok(None);
    };
    let done: Vec<i64> = rows
        .iter()
        .filter(|o| o.organiser_id == Some(organiser) && o.status == EventStatus::Done)
        .map(|o| o.id)
        .collect();
    // Every done event of the organiser, forecast or not: what it brought is worth showing.
    let qualified = store
        .qualified_present(&done, &scoring.card.buying_centre)
        .user(lang)?;
    let events = rows
        .iter()
        .filter(|o| o.organiser_id == Some(organiser))
        .map(|o| {
            let actual =
                (o.status == EventStatus::Done).then(|| qualified.get(&o.id).copied().unwrap_or(0));
            // A candidate's forecast is its score today; a planned or done event keeps the one
            // it was accepted on.
            let forecast = match o.status {
                EventStatus::Candidate => scoring.score(o).map(|s| s.qualified_contacts),
                _ => o.forecast.as_ref().map(|f| f.qualified_contacts),
            }
            .map(one_decimal);
            OrganiserEvent {
                id: o.id,
                name: o.name.clone(),
                date: o.starts_on.clone(),
                status_label: o.status.name(lang).into(),
                forecast_qualified: forecast,
                actual_qualified: actual,
                delivered: match (forecast, actual) {
                    (Some(f), Some(a)) if f > 0.0 => format!("{:.0}%", a as f64 / f * 100.0),
                    _ => String::new(),
                },
            }
        })
        .collect();
    Ok(Some(OrganiserRecord {
        name: e.organiser.clone(),
        events,
        calibration: scoring.calibration(e).sentence(lang),
    }))
}

pub(crate) fn page(store: &Store, id: i64, lang: Lang) -> crate::Result<EventPage> {
    let rows = store.list_events().user(lang)?;
    let e = rows.iter().find(|e| e.id == id).ok_or_else(|| {
        ApiError::from_err(
            &marketdesk_store::StoreError::NotFound { what: "event", id },
            lang,
        )
    })?;
    let scoring = Scoring::load(store, &rows).user(lang)?;
    let score = scoring.score(e);
    let got = if e.people() > 0 {
        Some(
            store
                .event_actuals(e.id, &scoring.card.buying_centre)
                .user(lang)?,
        )
    } else {
        None
    };
    Ok(EventPage {
        event: EventView::new(e, score.as_ref(), lang),
        draft: EventDraft::of(e),
        score: score
            .as_ref()
            .zip(e.inputs.as_ref())
            .map(|(s, i)| ScoreView::new(s, i, &scoring.card, crate::events::event_month(e), lang)),
        forecast: e.forecast.as_ref().map(|f| ScoreSummaryAt {
            total: one_decimal(f.total),
            qualified_contacts: one_decimal(f.qualified_contacts),
            recommendation_label: Recommendation::from_code(&f.recommendation)
                .map(|r| r.name(lang).to_string())
                .unwrap_or_default(),
            scored_at: f.scored_at.get(..10).unwrap_or_default().to_string(),
        }),
        results: match got.as_ref() {
            Some(g) => {
                let mut r = results(e, g, &scoring.card, lang);
                (r.later_stages, r.pipeline) = pipeline_since(store, e, lang)?;
                Some(r)
            }
            None => None,
        },
        organiser: organiser_record(store, e, &rows, &scoring, lang)?,
        next_statuses: EventStatus::ALL
            .into_iter()
            .filter(|s| e.status.can_become(*s) && *s != EventStatus::Planned)
            .map(|s| StatusChoice {
                code: s.code().into(),
                label: s.name(lang).into(),
            })
            .collect(),
        can_accept: e.status.can_become(EventStatus::Planned) && e.tactic_id.is_none(),
        outcome_notes: e.outcome_notes.clone(),
        copied_from: e.copied_from,
        forecast_chart_svg: got
            .as_ref()
            .and_then(|g| forecast_chart(e, g, &scoring.card, lang)),
    })
}

/// Scores a draft as it would be saved: the organiser's record found by its name.
fn score_draft(
    store: &Store,
    draft: &EventDraft,
    lang: Lang,
) -> crate::Result<(crate::event_draft::ReadDraft, EventScore, Scoring)> {
    let read = draft.read(lang)?;
    let rows = store.list_events().user(lang)?;
    let scoring = Scoring::load(store, &rows).user(lang)?;
    let s = score_read(&read, &rows, &scoring);
    Ok((read, s, scoring))
}

/// A draft's score against the workspace: its organiser's record found by the organiser's name.
pub(crate) fn score_read(
    read: &crate::event_draft::ReadDraft,
    rows: &[EventRow],
    scoring: &Scoring,
) -> EventScore {
    let key = marketdesk_store::organiser_key(&read.event.organiser);
    let organiser_id = rows
        .iter()
        .find(|r| !r.organiser.is_empty() && marketdesk_store::organiser_key(&r.organiser) == key)
        .and_then(|r| r.organiser_id);
    marketdesk_core::events::score(
        &read.inputs,
        &scoring.card,
        scoring.calibration_for(organiser_id, None),
    )
}

impl Session {
    pub fn event_page(&self, id: i64) -> crate::Result<EventPage> {
        page(&self.store(), id, self.lang())
    }

    /// The score a draft would get, explained, as the form is filled in.
    pub fn preview_event_score(&self, draft: &EventDraft) -> crate::Result<ScoreView> {
        let lang = self.lang();
        let store = self.store();
        let (read, s, scoring) = score_draft(&store, draft, lang)?;
        Ok(ScoreView::new(
            &s,
            &read.inputs,
            &scoring.card,
            read.event.starts_on.month(),
            lang,
        ))
    }

    /// Adds a candidate (`id` None) or saves an event's fields; the score is saved with it as
    /// the forecast, except for a done event, whose forecast stays what it was judged on.
    pub fn save_event(&self, id: Option<i64>, draft: &EventDraft) -> crate::Result<EventPage> {
        let lang = self.lang();
        let mut store = self.store();
        let (read, s, _) = score_draft(&store, draft, lang)?;
        let event = NewEvent {
            forecast: Some(Forecast::of(&s)),
            ..read.event
        };
        let id = match id {
            Some(id) => {
                store.update_event(id, &event).user(lang)?;
                id
            }
            None => store
                .create_event(&NewEvent {
                    status: EventStatus::Candidate,
                    ..event
                })
                .user(lang)?,
        };
        page(&store, id, lang)
    }

    /// A new candidate from an event: same offer, a year later, its organiser's record with it.
    pub fn duplicate_event(&self, id: i64) -> crate::Result<EventPage> {
        let lang = self.lang();
        let mut store = self.store();
        let row = store.event(id).user(lang)?;
        let mut draft = EventDraft::of(&row);
        let date = chrono::NaiveDate::parse_from_str(&row.starts_on, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.with_year(d.year() + 1).or_else(|| d.succ_opt()))
            .map(|d| d.to_string())
            .unwrap_or_else(|| row.starts_on.clone());
        draft.date = date;
        let (read, s, _) = score_draft(&store, &draft, lang)?;
        let new_id = store
            .create_event(&NewEvent {
                status: EventStatus::Candidate,
                forecast: Some(Forecast::of(&s)),
                copied_from: Some(id),
                ..read.event
            })
            .user(lang)?;
        page(&store, new_id, lang)
    }

    pub fn set_event_status(&self, id: i64, status: &str) -> crate::Result<EventPage> {
        let lang = self.lang();
        let to = EventStatus::from_code(status).user(lang)?;
        let mut store = self.store();
        store.set_event_status(id, to).user(lang)?;
        page(&store, id, lang)
    }

    pub fn set_event_outcome_notes(&self, id: i64, notes: &str) -> crate::Result<EventPage> {
        let lang = self.lang();
        let mut store = self.store();
        store.set_outcome_notes(id, notes).user(lang)?;
        page(&store, id, lang)
    }

    /// 2–4 candidates side by side.
    pub fn compare_events(&self, ids: &[i64]) -> crate::Result<Vec<EventPage>> {
        let lang = self.lang();
        if !(2..=4).contains(&ids.len()) {
            return Err(ApiError::new(
                "compare_count",
                lang.pick(
                    "请选择 2 到 4 个活动进行比较。",
                    "Pick 2 to 4 events to compare.",
                )
                .into(),
            ));
        }
        let store = self.store();
        ids.iter().map(|&id| page(&store, id, lang)).collect()
    }
}
