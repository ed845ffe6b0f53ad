use marketdesk_core::{
    channel_quarters, check_guardrails, default_guardrails, track, CoreError, GroupBy, Lang, Money,
    Outcomes, Plan, PlanChannel, QuarterSplit, Quarters, Share, SpendEntry, SpendKind, Tactic,
};
use marketdesk_report::{Bar, QuarterSeries};
use marketdesk_store::{ChannelRow, PlanRow, PlanRows, TacticRow};
use serde::Serialize;

use crate::error::{ApiError, ToApi};
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
    /// Total minus tactics, never negative; overspending shows among the breaches.
    pub unallocated: MoneyView,
    /// Guardrail breaches and money that does not add up, warnings first.
    pub breaches: Vec<BreachView>,
    /// Plan vs committed vs actual vs remaining, per channel.
    pub tracking: Vec<TrackingView>,
    /// Booked spend, newest first.
    pub spend: Vec<SpendView>,
    pub chart_svg: String,
    /// Channels over Q1–Q4 (by where their tactics fall), stacked.
    pub quarter_chart_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackingView {
    pub name: String,
    pub color: String,
    pub planned: MoneyView,
    pub committed: MoneyView,
    pub actual: MoneyView,
    pub remaining: MoneyView,
    /// Spent or committed beyond plan.
    pub overspent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendView {
    pub id: i64,
    pub date: String,
    pub tactic: String,
    pub kind: SpendKind,
    pub kind_label: String,
    pub amount: MoneyView,
    pub vendor: String,
    pub note: String,
}

/// One guardrail breach or plan mismatch, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreachView {
    /// A broken rule or overspend (true), or work not done yet such as unallocated money (false).
    pub warning: bool,
    pub message: String,
}

/// The store's rows as the domain's checked plan.
pub(crate) fn to_plan(
    plan: &PlanRow,
    channels: &[ChannelRow],
    tactics: &[TacticRow],
) -> Result<Plan, CoreError> {
    let plan_channels = channels
        .iter()
        .map(|c| PlanChannel {
            code: c.code.clone(),
            name: c.name.clone(),
            share: c.share,
        })
        .collect();
    let plan_tactics = tactics
        .iter()
        .map(|t| {
            let channel = channels
                .iter()
                .find(|c| c.id == t.channel_id)
                .map(|c| c.code.clone())
                .unwrap_or_default();
            let quarters = match t.quarter {
                Some(q) => Quarters::single(q as u32)?,
                None => Quarters::ALL_YEAR,
            };
            Ok(Tactic {
                id: t.id,
                channel,
                name: t.name.clone(),
                owner: t.owner.clone(),
                region: t.region.clone(),
                quarters,
                planned: t.planned,
                expected: Outcomes {
                    leads: t.expected_leads.max(0) as u64,
                    revenue: t.expected_revenue,
                    ..Outcomes::default()
                },
                brief: t.brief.clone(),
            })
        })
        .collect::<Result<Vec<_>, CoreError>>()?;
    Plan::new(
        plan.fiscal_year,
        plan.total,
        plan.stage,
        plan.emphasis,
        plan_channels,
        plan_tactics,
    )
}

/// The quarter (1–4) of an ISO date; 0 (ignored by tracking) if the stored date is malformed.
pub(crate) fn quarter_of_date(date: &str) -> u8 {
    date.get(5..7)
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (1..=12).contains(m))
        .map_or(0, |m| ((m - 1) / 3 + 1) as u8)
}

/// Tolerance of the "about" guardrails until the plan stores its own.
pub(crate) const DEFAULT_TOLERANCE_BP: u32 = 500;

pub(crate) fn overview(rows: Option<PlanRows>, lang: Lang) -> Result<BudgetOverview, ApiError> {
    let Some(PlanRows {
        plan: row,
        channels,
        tactics,
        spend,
    }) = rows
    else {
        return Ok(BudgetOverview {
            plan: None,
            channels: vec![],
            tactics: vec![],
            allocated: Money::ZERO.into(),
            unallocated: Money::ZERO.into(),
            breaches: vec![],
            tracking: vec![],
            spend: vec![],
            chart_svg: String::new(),
            quarter_chart_svg: String::new(),
        });
    };
    let plan = to_plan(&row, &channels, &tactics).user(lang)?;
    let budgets = plan.channel_budgets();
    let channel_views: Vec<ChannelView> = channels
        .iter()
        .zip(&budgets)
        .map(|(c, &budget)| ChannelView {
            id: c.id,
            code: c.code.clone(),
            name: c.name.clone(),
            color: plan.color_of(&c.code).to_string(),
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
        .zip(&channels)
        .map(|((c, &value), row)| Bar {
            label: c.name.clone(),
            value,
            note: match lang {
                Lang::ZhCn => format!("{} · 已列 {}", c.share, row.tactics_total.format_wan()),
                Lang::En => format!(
                    "{} · {} in tactics",
                    c.share,
                    row.tactics_total.format_wan()
                ),
            },
            color: c.color.clone(),
            marker: Some(row.tactics_total),
        })
        .collect();
    let chart_svg = marketdesk_report::bar_chart_svg(&bars).user(lang)?;
    let by_quarter = channel_quarters(&plan, &QuarterSplit::ByTactics).user(lang)?;
    let series: Vec<QuarterSeries> = channel_views
        .iter()
        .zip(by_quarter)
        .map(|(c, quarters)| QuarterSeries {
            label: c.name.clone(),
            color: c.color.clone(),
            quarters,
        })
        .collect();
    let quarter_chart_svg = marketdesk_report::quarter_chart_svg(&series).user(lang)?;
    let tactic_views = plan
        .tactics()
        .iter()
        .map(|t| TacticView {
            id: t.id,
            channel_name: plan
                .channel(&t.channel)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            color: plan.color_of(&t.channel).to_string(),
            name: t.name.clone(),
            owner: t.owner.clone(),
            region: t.region.clone(),
            quarter: if t.quarters.is_all_year() {
                String::new()
            } else {
                t.quarters.to_string()
            },
            planned: t.planned.into(),
            expected_leads: t.expected.leads as i64,
        })
        .collect();
    let rules = default_guardrails(
        lang,
        Share::from_basis_points(DEFAULT_TOLERANCE_BP).user(lang)?,
    );
    let breaches = check_guardrails(&plan, &rules)
        .iter()
        .map(|b| BreachView {
            warning: b.is_warning(),
            message: b.message(lang),
        })
        .collect();
    let entries: Vec<SpendEntry> = spend
        .iter()
        .map(|e| SpendEntry {
            tactic_id: e.tactic_id,
            quarter: quarter_of_date(&e.spent_on),
            kind: e.kind,
            amount: e.amount,
        })
        .collect();
    let tracking = track(&plan, &entries, GroupBy::Channel)
        .into_iter()
        .map(|(code, t)| TrackingView {
            name: plan
                .channel(&code)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            color: plan.color_of(&code).to_string(),
            planned: t.planned.into(),
            committed: t.committed.into(),
            actual: t.actual.into(),
            remaining: t.remaining.into(),
            overspent: t.remaining.is_negative(),
        })
        .collect();
    let spend_views = spend
        .iter()
        .map(|e| SpendView {
            id: e.id,
            date: e.spent_on.clone(),
            tactic: plan
                .tactics()
                .iter()
                .find(|t| t.id == e.tactic_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            kind: e.kind,
            kind_label: match e.kind {
                SpendKind::Committed => lang.pick("已承诺", "Committed"),
                SpendKind::Actual => lang.pick("已支付", "Paid"),
            }
            .into(),
            amount: e.amount.into(),
            vendor: e.vendor.clone(),
            note: e.note.clone(),
        })
        .collect();
    let allocated = plan.tactics_total();
    let unallocated = Money::from_fen((plan.total().fen() - allocated.fen()).max(0));
    Ok(BudgetOverview {
        plan: Some(PlanView {
            id: row.id,
            name: row.name,
            fiscal_year: row.fiscal_year,
            total: row.total.into(),
            stage: row.stage.name(lang).into(),
            emphasis: row.emphasis.name(lang).into(),
            version: row.version,
        }),
        channels: channel_views,
        tactics: tactic_views,
        allocated: allocated.into(),
        unallocated: unallocated.into(),
        breaches,
        tracking,
        spend: spend_views,
        chart_svg,
        quarter_chart_svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::{Brief, CompanyStage, Emphasis};

    fn rows() -> (PlanRow, Vec<ChannelRow>, Vec<TacticRow>) {
        let plan = PlanRow {
            id: 1,
            name: "2027".into(),
            fiscal_year: 2027,
            total: Money::from_yuan(1_000_000),
            stage: CompanyStage::Growth,
            emphasis: Emphasis::Demand,
            version: 1,
            updated_at: String::new(),
        };
        let channel = |id: i64, code: &str, bp: u32| ChannelRow {
            id,
            code: code.into(),
            name: code.into(),
            share: Share::from_basis_points(bp).expect("share"),
            position: id,
            tactics_total: Money::ZERO,
            tactic_count: 0,
        };
        let channels = vec![
            channel(10, "offline_events", 7_000),
            channel(11, "community", 3_000),
        ];
        let tactics = vec![TacticRow {
            id: 5,
            channel_id: 11,
            name: "社群运营".into(),
            owner: String::new(),
            region: String::new(),
            quarter: Some(3),
            planned: Money::from_yuan(400_000),
            expected_leads: 10,
            expected_revenue: Money::ZERO,
            brief: Brief::default(),
        }];
        (plan, channels, tactics)
    }

    #[test]
    fn store_rows_become_a_checked_plan_with_breaches() {
        let (plan, channels, tactics) = rows();
        let o = overview(
            Some(PlanRows {
                plan,
                channels,
                tactics,
                spend: vec![],
            }),
            Lang::ZhCn,
        )
        .expect("overview");
        assert_eq!(o.tactics[0].quarter, "Q3");
        assert_eq!(o.channels[1].budget.yuan, "¥300,000.00");
        let warnings: Vec<&str> = o
            .breaches
            .iter()
            .filter(|b| b.warning)
            .map(|b| b.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("比渠道预算 ¥300,000.00 多 ¥100,000.00"),
            "{}",
            warnings[0]
        );
        assert!(
            o.breaches
                .iter()
                .any(|b| !b.warning && b.message.contains("¥600,000.00")),
            "unallocated noted"
        );
    }

    #[test]
    fn a_stored_quarter_out_of_range_is_an_error_not_a_panic() {
        let (plan, channels, mut tactics) = rows();
        tactics[0].quarter = Some(9);
        let err = overview(
            Some(PlanRows {
                plan,
                channels,
                tactics,
                spend: vec![],
            }),
            Lang::En,
        )
        .expect_err("bad quarter");
        assert_eq!(err.code, "invalid_quarter");
    }
}
