use marketdesk_core::{forecast_by_channel, Money, Plan};
use marketdesk_store::EventRow;
use serde::Serialize;

use crate::MoneyView;

/// One event's results: what it cost, who came, what each lead cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventReportRow {
    pub name: String,
    pub date: String,
    pub cost: MoneyView,
    pub leads: i64,
    pub present: i64,
    /// present / target, one decimal: `86.7%`; empty without a target.
    pub attendance_rate: String,
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
    pub total_event_cost: MoneyView,
    pub total_event_leads: i64,
    pub average_cost_per_lead: Option<MoneyView>,
}

fn percent_one_decimal(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return String::new();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

pub(crate) fn summary(events: &[EventRow], plan: Option<&Plan>) -> ReportsSummary {
    let rows = events
        .iter()
        .map(|e| EventReportRow {
            name: e.name.clone(),
            date: e.starts_on.clone(),
            cost: e.cost.into(),
            leads: e.people(),
            present: e.present(),
            attendance_rate: percent_one_decimal(e.present(), e.target_attendance),
            cost_per_lead: e.cost.per(e.people()).map(Into::into),
        })
        .collect();
    let total_cost: Money = events.iter().map(|e| e.cost).sum();
    let total_leads: i64 = events.iter().map(EventRow::people).sum();
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
        total_event_leads: total_leads,
        average_cost_per_lead: total_cost.per(total_leads).map(Into::into),
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
}
