use marketdesk_core::{custom_channel_color, split_by_weights, ChannelKind, Lang, Money};
use marketdesk_report::Bar;
use marketdesk_store::{ChannelRow, PlanRow, TacticRow};
use serde::Serialize;

use crate::MoneyView;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanView {
    pub id: i64,
    pub name: String,
    pub fiscal_year: i32,
    pub total: MoneyView,
    pub stage: String,
    pub emphasis: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub color: String,
    pub share_bp: u32,
    /// `70.0%`
    pub share: String,
    /// The channel's part of the total by its share, split exactly.
    pub budget: MoneyView,
    pub tactics_total: MoneyView,
    pub tactic_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TacticView {
    pub id: i64,
    pub channel_name: String,
    pub color: String,
    pub name: String,
    pub owner: String,
    pub region: String,
    /// `Q2`, or empty for a tactic that runs all year.
    pub quarter: String,
    pub planned: MoneyView,
    pub expected_leads: i64,
}

/// Everything the 预算 section shows. `plan` is None in a workspace without a plan (empty state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetOverview {
    pub plan: Option<PlanView>,
    pub channels: Vec<ChannelView>,
    pub tactics: Vec<TacticView>,
    /// Sum of all tactics.
    pub allocated: MoneyView,
    /// Total minus tactics, never negative; see `over_allocated`.
    pub unallocated: MoneyView,
    /// How much the tactics exceed the total, when they do.
    pub over_allocated: Option<MoneyView>,
    pub chart_svg: String,
}

pub(crate) fn channel_color(code: &str, position: i64) -> String {
    match ChannelKind::from_code(code) {
        Ok(kind) => kind.color().to_string(),
        Err(_) => custom_channel_color(position.max(0) as usize).to_string(),
    }
}

/// Each channel's budget by share, exact to the fen. Shares that sum to less than 100% leave the
/// rest unassigned (the weights include the remainder as a silent extra part).
pub(crate) fn channel_budgets(total: Money, channels: &[ChannelRow]) -> Vec<Money> {
    let mut weights: Vec<u64> = channels
        .iter()
        .map(|c| c.share.basis_points() as u64)
        .collect();
    let assigned: u64 = weights.iter().sum();
    weights.push(10_000u64.saturating_sub(assigned));
    let mut parts =
        split_by_weights(total, &weights).unwrap_or_else(|_| vec![Money::ZERO; weights.len()]);
    parts.truncate(channels.len());
    parts
}

pub(crate) fn overview(
    plan: Option<PlanRow>,
    channels: Vec<ChannelRow>,
    tactics: Vec<TacticRow>,
    lang: Lang,
) -> Result<BudgetOverview, marketdesk_report::ReportError> {
    let Some(plan) = plan else {
        return Ok(BudgetOverview {
            plan: None,
            channels: vec![],
            tactics: vec![],
            allocated: Money::ZERO.into(),
            unallocated: Money::ZERO.into(),
            over_allocated: None,
            chart_svg: String::new(),
        });
    };
    let budgets = channel_budgets(plan.total, &channels);
    let channel_views: Vec<ChannelView> = channels
        .iter()
        .zip(&budgets)
        .map(|(c, &budget)| ChannelView {
            id: c.id,
            code: c.code.clone(),
            name: c.name.clone(),
            color: channel_color(&c.code, c.position),
            share_bp: c.share.basis_points(),
            share: c.share.to_string(),
            budget: budget.into(),
            tactics_total: c.tactics_total.into(),
            tactic_count: c.tactic_count,
        })
        .collect();
    let bars: Vec<Bar> = channel_views
        .iter()
        .zip(&budgets)
        .map(|(c, &value)| Bar {
            label: c.name.clone(),
            value,
            note: c.share.clone(),
            color: c.color.clone(),
        })
        .collect();
    let chart_svg = marketdesk_report::bar_chart_svg(&bars)?;
    let tactic_views = tactics
        .iter()
        .map(|t| {
            let channel = channel_views.iter().find(|c| c.id == t.channel_id);
            TacticView {
                id: t.id,
                channel_name: channel.map(|c| c.name.clone()).unwrap_or_default(),
                color: channel.map(|c| c.color.clone()).unwrap_or_default(),
                name: t.name.clone(),
                owner: t.owner.clone(),
                region: t.region.clone(),
                quarter: t.quarter.map(|q| format!("Q{q}")).unwrap_or_default(),
                planned: t.planned.into(),
                expected_leads: t.expected_leads,
            }
        })
        .collect();
    let allocated: Money = tactics.iter().map(|t| t.planned).sum();
    let remaining = plan.total.checked_sub(allocated).unwrap_or(Money::ZERO);
    let (unallocated, over_allocated) = if remaining.is_negative() {
        (
            Money::ZERO,
            Some(Money::ZERO.checked_sub(remaining).unwrap_or(Money::ZERO)),
        )
    } else {
        (remaining, None)
    };
    Ok(BudgetOverview {
        plan: Some(PlanView {
            id: plan.id,
            name: plan.name,
            fiscal_year: plan.fiscal_year,
            total: plan.total.into(),
            stage: plan.stage.name(lang).into(),
            emphasis: plan.emphasis.name(lang).into(),
            version: plan.version,
        }),
        channels: channel_views,
        tactics: tactic_views,
        allocated: allocated.into(),
        unallocated: unallocated.into(),
        over_allocated: over_allocated.map(Into::into),
        chart_svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::Share;

    fn channel(code: &str, bp: u32) -> ChannelRow {
        ChannelRow {
            id: 1,
            code: code.into(),
            name: code.into(),
            share: Share::from_basis_points(bp).expect("share"),
            position: 0,
            tactics_total: Money::ZERO,
            tactic_count: 0,
        }
    }

    #[test]
    fn channel_budgets_are_exact_and_leave_unshared_money_unassigned() {
        let full = [channel("a", 3334), channel("b", 3333), channel("c", 3333)];
        let parts = channel_budgets(Money::from_fen(100), &full);
        assert_eq!(
            parts.iter().map(|m| m.fen()).sum::<i64>(),
            100,
            "100% shares use the whole total"
        );
        let partial = [channel("a", 5000), channel("b", 2500)];
        let parts = channel_budgets(Money::from_yuan(1000), &partial);
        assert_eq!(
            parts,
            vec![Money::from_yuan(500), Money::from_yuan(250)],
            "25% left unassigned"
        );
    }

    #[test]
    fn seed_channels_use_their_colour_and_custom_ones_a_palette() {
        assert_eq!(
            channel_color("offline_events", 0),
            ChannelKind::OfflineEvents.color()
        );
        assert_eq!(channel_color("my_channel", 0), custom_channel_color(0));
    }
}
