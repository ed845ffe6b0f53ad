use marketdesk_core::{forecast_by_channel, Money, Plan};
use marketdesk_store::EventRow;
use serde::Serialize;

use crate::MoneyView;

/// One event's results: what it cost, who came, what each lead cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventReportRow {
    pub name: String,
    pub date: String,
    /// None: no cost was entered (shown as unknown, left out of averages).
    pub cost: Option<MoneyView>,
    /// People linked to the event (each once): its leads.
    pub leads: i64,
    pub signed_up: i64,
    /// Signed up and came.
    pub attended: i64,
    /// Came: attended + walk-ins.
    pub present: i64,
    pub target: i64,
    /// 到场率 = attended ÷ signed up, `86.7%`; empty without sign-ups.
    pub turnout: String,
    /// present ÷ target, `92.0%`; empty without a target.
    pub against_target: String,
    pub cost_per_lead: Option<MoneyView>,
}

/// Planned money against expected leads for one channel: the forecast the budget issue refines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelForecastRow {
    pub name: String,
    pub color: String,
    pub planned: MoneyView,
    pub expected_leads: i64,
    pub cost_per_lead: Option<MoneyView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportsSummary {
    pub events: Vec<EventReportRow>,
    pub channels: Vec<ChannelForecastRow>,
    /// The costs entered, added up.
    pub total_event_cost: MoneyView,
    /// Events whose cost was never entered (left out of the cost and the average).
    pub events_without_cost: usize,
    /// Distinct people at any event: someone at two events is one lead.
    pub total_event_leads: i64,
    /// Entries on the events' lists: someone at two events counts twice.
    pub list_entries: i64,
    /// The entered costs ÷ the people at those events (each event's own leads).
    pub average_cost_per_lead: Option<MoneyView>,
}

pub(crate) fn percent_one_decimal(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return String::new();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

pub(crate) fn summary(
    events: &[EventRow],
    people_at_events: i64,
    plan: Option<&Plan>,
) -> ReportsSummary {
    let rows = events
        .iter()
        .map(|e| EventReportRow {
            name: e.name.clone(),
            date: e.starts_on.clone(),
            cost: e.known_cost().map(Into::into),
            leads: e.people(),
            signed_up: e.signed_up(),
            attended: e.attended,
            present: e.present(),
            target: e.target_attendance,
            turnout: percent_one_decimal(e.attended, e.signed_up()),
            against_target: percent_one_decimal(e.present(), e.target_attendance),
            cost_per_lead: e
                .known_cost()
                .and_then(|c| c.per(e.people()))
                .map(Into::into),
        })
        .collect();
    let costed: Vec<&EventRow> = events.iter().filter(|e| e.known_cost().is_some()).collect();
    let total_cost: Money = costed.iter().map(|e| e.cost).sum();
    let costed_leads: i64 = costed.iter().map(|e| e.people()).sum();
    let forecast = plan
        .map(|plan| {
            forecast_by_channel(plan)
                .into_iter()
                .map(|(code, roi)| ChannelForecastRow {
                    name: plan
                        .channel(&code)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    color: plan.color_of(&code).to_string(),
                    planned: roi.cost.into(),
                    expected_leads: roi.outcomes.leads as i64,
                    cost_per_lead: roi.cost_per_lead.map(Into::into),
                })
                .collect()
        })
        .unwrap_or_default();
    ReportsSummary {
        events: rows,
        channels: forecast,
        total_event_cost: total_cost.into(),
        events_without_cost: events.len() - costed.len(),
        total_event_leads: people_at_events,
        list_entries: events.iter().map(EventRow::people).sum(),
        average_cost_per_lead: total_cost.per(costed_leads).map(Into::into),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_have_one_decimal_and_no_target_gives_none() {
        assert_eq!(percent_one_decimal(26, 30), "86.7%");
        assert_eq!(percent_one_decimal(5, 0), "");
    }

    fn event(
        name: &str,
        cost: i64,
        registered: i64,
        attended: i64,
        no_show: i64,
        walk_in: i64,
    ) -> EventRow {
        EventRow {
            id: 1,
            name: name.into(),
            kind: marketdesk_core::EventKind::Salon,
            status: marketdesk_core::EventStatus::Done,
            organiser_id: None,
            organiser: String::new(),
            city: String::new(),
            region: String::new(),
            starts_on: "2026-05-01".into(),
            cost: Money::from_yuan(cost),
            target_attendance: 50,
            campaign_id: 1,
            tactic_id: None,
            channel: "offline_events".into(),
            inputs: None,
            forecast: None,
            notes: String::new(),
            outcome_notes: String::new(),
            copied_from: None,
            registered,
            attended,
            no_show,
            walk_in,
        }
    }

    #[test]
    fn turnout_is_attended_over_signed_up_and_an_unknown_cost_is_left_out() {
        let events = [
            event("沙龙", 10_000, 0, 30, 10, 5),
            event("峰会", 0, 0, 20, 0, 0),
        ];
        let s = summary(&events, 50, None);
        let salon = &s.events[0];
        assert_eq!(
            salon.turnout, "75.0%",
            "30 of the 40 who signed up came; walk-ins aside"
        );
        assert_eq!(
            salon.against_target, "70.0%",
            "35 present of a target of 50"
        );
        assert_eq!(salon.leads, 45, "people, each once");
        assert_eq!(s.events[1].cost, None, "never entered: unknown, not ¥0");
        assert_eq!(s.events[1].cost_per_lead, None);
        assert_eq!(s.events_without_cost, 1);
        assert_eq!(s.total_event_cost.yuan, "¥10,000.00");
        assert_eq!(
            s.average_cost_per_lead.map(|m| m.yuan),
            Some("¥222.22".to_string()),
            "¥10,000 over the 45 leads of the event that has a cost, not over 65"
        );
        assert_eq!((s.total_event_leads, s.list_entries), (50, 65));
    }
}
