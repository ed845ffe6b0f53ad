//! The 预算 section's read model: the store's rows turned into the checked domain plan, every
//! split, breach, tracking row, forecast and chart computed once, worded in the user's language.

use marketdesk_core::{
    built_in_message, channel_quarters, check_guardrails, forecast_by_channel, quarter_totals,
    split_regions, track, track_tactics, track_total, Brief, ByQuarter, CoreError, GroupBy,
    Guardrail, Lang, Money, Plan, PlanChannel, QuarterSplit, Share, SpendEntry, SpendKind, Tactic,
    Tracking,
};
use marketdesk_report::{Bar, PlanActualRow, PlanActualWords, QuarterSeries, RoiBar};
use marketdesk_store::{ChannelRow, GuardrailRow, PlanRow, PlanRows, RegionRow, TacticRow};
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
    pub objectives: String,
    pub risks: String,
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
    /// The user's own channel (can be renamed and removed); seed channels can be renamed too.
    pub custom: bool,
    /// Last year's spend as entered for the plan, if it was.
    pub last_year: Option<MoneyView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomesView {
    pub leads: u64,
    pub mql: u64,
    pub sql: u64,
    pub deals: u64,
    pub revenue: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TacticView {
    pub id: i64,
    pub channel_id: i64,
    pub channel_name: String,
    pub color: String,
    pub name: String,
    pub owner: String,
    pub region: String,
    /// `Q2`, `Q2–Q3`, or empty for a tactic that runs all year.
    pub quarter: String,
    /// Q1–Q4 as bits (1 = Q1, 15 = all year).
    pub quarters: u8,
    /// `2027-05-20` or empty.
    pub starts_on: String,
    pub planned: MoneyView,
    pub expected: OutcomesView,
    pub brief: Brief,
    /// All four leadership texts are filled in.
    pub brief_complete: bool,
    /// What the tactic has used so far: max(committed, paid).
    pub used: MoneyView,
    /// Used beyond planned, if any.
    pub overspent: Option<MoneyView>,
}

/// One guardrail as the editor shows it, with whether the plan keeps it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardrailView {
    pub id: i64,
    pub channel_code: String,
    /// Empty when the plan has no such channel (the rule is then not checked).
    pub channel_name: String,
    /// `about`, `at_most`, `at_least`
    pub kind: String,
    /// Percent as typed back into the form: `70`, `12.5`.
    pub target: String,
    pub tolerance: String,
    /// `约 70.0%（±5.0%）`
    pub rule: String,
    /// The user's own explanation; empty means the built-in one applies.
    pub message: String,
    pub built_in_message: String,
    /// The channel's share now, `72.0%`; empty without the channel.
    pub actual: String,
    pub kept: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarterPlanView {
    /// `even`, `by_tactics`, `weights`
    pub mode: String,
    pub weights: [u32; 4],
    pub rows: Vec<QuarterRowView>,
    pub totals: [MoneyView; 4],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarterRowView {
    pub name: String,
    pub color: String,
    pub quarters: [MoneyView; 4],
    pub total: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionView {
    pub id: i64,
    pub region: String,
    pub last_year: MoneyView,
    pub commitment: MoneyView,
    /// The total split by last year's contribution.
    pub top_down: MoneyView,

    pub blended: MoneyView,
    /// commitment − top-down: what the region asks beyond (or below) its share of the total.
    pub difference: MoneyView,
    /// What the plan's tactics in this region add up to.
    pub in_tactics: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionsView {
    /// Percent of the blend that follows last year's contribution, as typed: `50`.
    pub top_down_weight: String,
    pub rows: Vec<RegionView>,
    pub last_year: MoneyView,
    pub commitments: MoneyView,
    /// commitments − total: how far the regions' asks exceed (or fall short of) the total.
    pub commitments_over_total: MoneyView,
}

/// Forecast return of one channel from its tactics' expected outputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoiView {
    pub name: String,
    pub color: String,
    pub cost: MoneyView,
    pub expected: OutcomesView,
    pub cost_per_lead: Option<MoneyView>,
    pub cost_per_mql: Option<MoneyView>,
    pub cost_per_sql: Option<MoneyView>,
    pub cost_per_deal: Option<MoneyView>,
    /// `3.50×` revenue per yuan, or None without spend.
    pub multiple: Option<String>,
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
    pub guardrails: Vec<GuardrailView>,
    pub quarters: Option<QuarterPlanView>,
    pub regions: Option<RegionsView>,
    /// Plan vs committed vs actual vs remaining, per channel, quarter and region.
    pub tracking: Vec<TrackingView>,
    pub tracking_by_quarter: Vec<TrackingView>,
    pub tracking_by_region: Vec<TrackingView>,
    /// The whole plan as one tracking row (the same sums as every grouping).
    pub tracking_total: Option<TrackingView>,
    pub roi: Vec<RoiView>,
    /// Booked spend, newest first.
    pub spend: Vec<SpendView>,
    pub chart_svg: String,
    /// Channels over Q1–Q4 by the plan's quarter split, stacked.
    pub quarter_chart_svg: String,
    /// Per channel: planned, committed, paid.
    pub plan_actual_chart_svg: String,
    /// Per channel: forecast revenue per yuan.
    pub roi_chart_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackingView {
    pub name: String,
    pub color: String,
    pub planned: MoneyView,
    pub committed: MoneyView,
    pub actual: MoneyView,
    /// planned − used, where each tactic has used max(committed, paid).
    pub remaining: MoneyView,
    /// Spend beyond plan, tactic by tactic (quarter rows: tactic-quarter by tactic-quarter),
    /// never netted against other tactics' unspent money; zero when none.
    pub overspent: MoneyView,
    /// How many tactics (quarter rows: tactic-quarters) of the row are overspent.
    pub overspent_count: u32,
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
    /// Booked by a file import (undone with its import, not one by one).
    pub imported: bool,
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
            let f = &t.fields;
            Tactic {
                id: t.id,
                channel: channels
                    .iter()
                    .find(|c| c.id == f.channel_id)
                    .map(|c| c.code.clone())
                    .unwrap_or_default(),
                name: f.name.clone(),
                owner: f.owner.clone(),
                region: f.region.clone(),
                quarters: f.quarters,
                planned: f.planned,
                expected: f.expected,
                brief: f.brief.clone(),
            }
        })
        .collect();
    Plan::new(
        plan.fiscal_year,
        plan.total,
        plan.stage,
        plan.emphasis,
        plan_channels,
        plan_tactics,
    )
}

pub(crate) fn rules_of(rows: &[GuardrailRow]) -> Vec<Guardrail> {
    rows.iter().map(|g| g.rule.clone()).collect()
}

/// Booked spend as the domain tracks it.
pub(crate) fn spend_entries(spend: &[marketdesk_store::SpendRow]) -> Vec<SpendEntry> {
    spend
        .iter()
        .map(|e| SpendEntry {
            tactic_id: e.tactic_id,
            quarter: quarter_of_date(&e.spent_on),
            kind: e.kind,
            amount: e.amount,
        })
        .collect()
}

/// The quarter (1–4) of an ISO date; 0 (ignored by tracking) if the stored date is malformed.
pub(crate) fn quarter_of_date(date: &str) -> u8 {
    date.get(5..7)
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (1..=12).contains(m))
        .map_or(0, |m| ((m - 1) / 3 + 1) as u8)
}

/// A share as the user types it back: `70`, `12.5`, `0.25`.
pub(crate) fn percent_input(share: Share) -> String {
    let bp = share.basis_points();
    match (bp % 100, bp % 10) {
        (0, _) => format!("{}", bp / 100),
        (_, 0) => format!("{}.{}", bp / 100, (bp % 100) / 10),
        _ => format!("{}.{:02}", bp / 100, bp % 100),
    }
}

fn outcomes_view(o: &marketdesk_core::Outcomes) -> OutcomesView {
    OutcomesView {
        leads: o.leads,
        mql: o.mql,
        sql: o.sql,
        deals: o.deals,
        revenue: o.revenue.into(),
    }
}

fn empty_overview() -> BudgetOverview {
    BudgetOverview {
        plan: None,
        channels: vec![],
        tactics: vec![],
        allocated: Money::ZERO.into(),
        unallocated: Money::ZERO.into(),
        breaches: vec![],
        guardrails: vec![],
        quarters: None,
        regions: None,
        tracking: vec![],
        tracking_by_quarter: vec![],
        tracking_by_region: vec![],
        tracking_total: None,
        roi: vec![],
        spend: vec![],
        chart_svg: String::new(),
        quarter_chart_svg: String::new(),
        plan_actual_chart_svg: String::new(),
        roi_chart_svg: String::new(),
    }
}

pub(crate) fn overview(rows: Option<PlanRows>, lang: Lang) -> Result<BudgetOverview, ApiError> {
    let Some(rows) = rows else {
        return Ok(empty_overview());
    };
    let plan = to_plan(&rows.plan, &rows.channels, &rows.tactics).user(lang)?;
    let budgets = plan.channel_budgets();
    let channel_views: Vec<ChannelView> = rows
        .channels
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
            custom: marketdesk_core::ChannelKind::from_code(&c.code).is_err(),
            last_year: c.last_year.map(MoneyView::from),
        })
        .collect();
    let chart_svg = channel_chart(&channel_views, &budgets, &rows.channels, lang)?;
    let by_quarter = channel_quarters(&plan, &rows.plan.quarter_split).user(lang)?;
    let quarters = quarter_plan(&rows.plan.quarter_split, &by_quarter, &channel_views);
    let quarter_chart_svg = marketdesk_report::quarter_chart_svg(
        &channel_views
            .iter()
            .zip(&by_quarter)
            .map(|(c, q)| QuarterSeries {
                label: c.name.clone(),
                color: c.color.clone(),
                quarters: *q,
            })
            .collect::<Vec<_>>(),
        lang,
    )
    .user(lang)?;
    let entries = spend_entries(&rows.spend);
    let per_tactic = track_tactics(&plan, &entries);
    let tactic_views = plan
        .tactics()
        .iter()
        .zip(&rows.tactics)
        .zip(&per_tactic)
        .map(|((t, row), (_, tracked))| TacticView {
            id: t.id,
            channel_id: row.fields.channel_id,
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
            quarters: t.quarters.mask(),
            starts_on: row
                .fields
                .starts_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            planned: t.planned.into(),
            expected: outcomes_view(&t.expected),
            brief_complete: [
                &t.brief.problem,
                &t.brief.expected_result,
                &t.brief.kpi,
                &t.brief.people,
            ]
            .iter()
            .all(|s| !s.trim().is_empty()),
            brief: t.brief.clone(),
            used: Money::from_fen(tracked.planned.fen() - tracked.remaining.fen()).into(),
            overspent: (tracked.overspent > Money::ZERO).then(|| tracked.overspent.into()),
        })
        .collect();
    let rules = rules_of(&rows.guardrails);
    let breaches = check_guardrails(&plan, &rules, &entries)
        .iter()
        .map(|b| BreachView {
            warning: b.is_warning(),
            message: b.message(lang),
        })
        .collect();
    let guardrails = rows
        .guardrails
        .iter()
        .map(|g| guardrail_view(g, &plan, lang))
        .collect();
    let tracking_rows = |group: GroupBy, rows: &[(String, Tracking)]| -> Vec<TrackingView> {
        rows.iter()
            .cloned()
            .map(|(key, t)| {
                let (name, color) = match group {
                    GroupBy::Channel => (
                        plan.channel(&key)
                            .map(|c| c.name.clone())
                            .unwrap_or_default(),
                        plan.color_of(&key).to_string(),
                    ),
                    GroupBy::Region if key.is_empty() => (
                        lang.pick("未指定区域", "No region").to_string(),
                        NEUTRAL.into(),
                    ),
                    _ => (key, NEUTRAL.into()),
                };
                tracking_view(name, color, &t)
            })
            .collect()
    };
    let by_channel = track(&plan, &entries, GroupBy::Channel);
    let tracking = tracking_rows(GroupBy::Channel, &by_channel);
    let tracking_by_quarter =
        tracking_rows(GroupBy::Quarter, &track(&plan, &entries, GroupBy::Quarter));
    let tracking_by_region =
        tracking_rows(GroupBy::Region, &track(&plan, &entries, GroupBy::Region));
    let tracking_total = tracking_view(
        lang.pick("合计", "Total").into(),
        NEUTRAL.into(),
        &track_total(&plan, &entries),
    );
    let plan_actual_chart_svg = plan_actual_chart(&plan, &by_channel, lang)?;
    let (roi, roi_chart_svg) = roi_section(&plan, lang)?;
    let regions = regions_view(&plan, &rows.regions, rows.plan.region_top_down, lang)?;
    let spend_views = rows
        .spend
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
            kind_label: spend_kind_label(e.kind, lang).into(),
            amount: e.amount.into(),
            vendor: e.vendor.clone(),
            note: e.note.clone(),
            imported: e.imported,
        })
        .collect();
    let allocated = plan.tactics_total();
    let unallocated = Money::from_fen((plan.total().fen() - allocated.fen()).max(0));
    let row = rows.plan;
    Ok(BudgetOverview {
        plan: Some(PlanView {
            id: row.id,
            name: row.name,
            fiscal_year: row.fiscal_year,
            total: row.total.into(),
            stage: row.stage.name(lang).into(),
            emphasis: row.emphasis.name(lang).into(),
            version: row.version,
            objectives: row.objectives,
            risks: row.risks,
        }),
        channels: channel_views,
        tactics: tactic_views,
        allocated: allocated.into(),
        unallocated: unallocated.into(),
        breaches,
        guardrails,
        quarters: Some(quarters),
        regions: Some(regions),
        tracking,
        tracking_by_quarter,
        tracking_by_region,
        tracking_total: Some(tracking_total),
        roi,
        spend: spend_views,
        chart_svg,
        quarter_chart_svg,
        plan_actual_chart_svg,
        roi_chart_svg,
    })
}

/// Colour of rows that are not a channel (quarters, regions).
const NEUTRAL: &str = "#595959";

pub(crate) fn spend_kind_label(kind: SpendKind, lang: Lang) -> &'static str {
    match kind {
        SpendKind::Committed => lang.pick("已承诺", "Committed"),
        SpendKind::Actual => lang.pick("已支付", "Paid"),
    }
}

fn tracking_view(name: String, color: String, t: &Tracking) -> TrackingView {
    TrackingView {
        name,
        color,
        planned: t.planned.into(),
        committed: t.committed.into(),
        actual: t.actual.into(),
        remaining: t.remaining.into(),
        overspent: t.overspent.into(),
        overspent_count: t.overspent_count,
    }
}

fn channel_chart(
    views: &[ChannelView],
    budgets: &[Money],
    channels: &[ChannelRow],
    lang: Lang,
) -> Result<String, ApiError> {
    let bars: Vec<Bar> = views
        .iter()
        .zip(budgets)
        .zip(channels)
        .map(|((c, &value), row)| Bar {
            label: c.name.clone(),
            value,
            note: match lang {
                Lang::ZhCn => format!(
                    "{} · 已列 {}",
                    c.share,
                    row.tactics_total.format_short(lang)
                ),
                Lang::En => format!(
                    "{} · {} in tactics",
                    c.share,
                    row.tactics_total.format_short(lang)
                ),
            },
            color: c.color.clone(),
            marker: Some(row.tactics_total),
        })
        .collect();
    marketdesk_report::bar_chart_svg(&bars, lang).user(lang)
}

fn quarter_plan(
    split: &QuarterSplit,
    by_quarter: &[ByQuarter],
    channels: &[ChannelView],
) -> QuarterPlanView {
    let totals = quarter_totals(by_quarter);
    let (mode, weights) = match split {
        QuarterSplit::Even => ("even", [1; 4]),
        QuarterSplit::ByTactics => ("by_tactics", [1; 4]),
        QuarterSplit::Weights { weights } => ("weights", *weights),
    };
    QuarterPlanView {
        mode: mode.into(),
        weights,
        rows: channels
            .iter()
            .zip(by_quarter)
            .map(|(c, q)| QuarterRowView {
                name: c.name.clone(),
                color: c.color.clone(),
                quarters: q.map(MoneyView::from),
                total: Money::from_fen(q.iter().map(|m| m.fen()).sum()).into(),
            })
            .collect(),
        totals: totals.map(MoneyView::from),
    }
}

fn guardrail_view(g: &GuardrailRow, plan: &Plan, lang: Lang) -> GuardrailView {
    let channel = plan.channel(&g.rule.channel);
    GuardrailView {
        id: g.id,
        channel_code: g.rule.channel.clone(),
        channel_name: channel.map(|c| c.name.clone()).unwrap_or_default(),
        kind: g.rule.bound.kind_code().into(),
        target: percent_input(g.rule.bound.target()),
        tolerance: percent_input(g.rule.bound.tolerance()),
        rule: g.rule.bound.describe(lang),
        message: g.rule.message.clone(),
        built_in_message: built_in_message(&g.rule.channel, &g.rule.bound, lang)
            .unwrap_or_default()
            .into(),
        actual: channel.map(|c| c.share.to_string()).unwrap_or_default(),
        kept: channel.is_none_or(|c| g.rule.bound.allows(c.share)),
    }
}

fn regions_view(
    plan: &Plan,
    rows: &[RegionRow],
    top_down: Share,
    lang: Lang,
) -> Result<RegionsView, ApiError> {
    let inputs: Vec<_> = rows.iter().map(|r| r.input.clone()).collect();
    let splits = split_regions(plan.total(), &inputs, top_down).user(lang)?;
    let sum = |f: fn(&marketdesk_core::RegionInput) -> Money| {
        Money::from_fen(inputs.iter().map(|r| f(r).fen()).sum())
    };
    let commitments = sum(|r| r.commitment);
    let in_region = |name: &str| {
        Money::from_fen(
            plan.tactics()
                .iter()
                .filter(|t| t.region == name)
                .map(|t| t.planned.fen())
                .sum(),
        )
    };
    Ok(RegionsView {
        top_down_weight: percent_input(top_down),
        rows: rows
            .iter()
            .zip(splits)
            .map(|(r, s)| RegionView {
                id: r.id,
                region: s.region.clone(),
                last_year: r.input.last_year.into(),
                commitment: r.input.commitment.into(),
                top_down: s.top_down.into(),

                blended: s.blended.into(),
                difference: s.difference.into(),
                in_tactics: in_region(&s.region).into(),
            })
            .collect(),
        last_year: sum(|r| r.last_year).into(),
        commitments: commitments.into(),
        commitments_over_total: Money::from_fen(commitments.fen() - plan.total().fen()).into(),
    })
}

/// The forecast per channel as a table and as a chart of revenue per yuan.
fn roi_section(plan: &Plan, lang: Lang) -> Result<(Vec<RoiView>, String), ApiError> {
    let forecast = forecast_by_channel(plan);
    let name = |code: &str| {
        plan.channel(code)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let views = forecast
        .iter()
        .map(|(code, r)| RoiView {
            name: name(code),
            color: plan.color_of(code).to_string(),
            cost: r.cost.into(),
            expected: outcomes_view(&r.outcomes),
            cost_per_lead: r.cost_per_lead.map(Into::into),
            cost_per_mql: r.cost_per_mql.map(Into::into),
            cost_per_sql: r.cost_per_sql.map(Into::into),
            cost_per_deal: r.cost_per_deal.map(Into::into),
            multiple: r.revenue_multiple.map(|m| m.to_string()),
        })
        .collect();
    let bars: Vec<RoiBar> = forecast
        .iter()
        .map(|(code, r)| {
            let per = |label: &str, m: Option<Money>| m.map(|m| format!("{label} {m}"));
            let notes: Vec<String> = [
                per(lang.pick("每线索", "per lead"), r.cost_per_lead),
                per(lang.pick("每 SQL", "per SQL"), r.cost_per_sql),
            ]
            .into_iter()
            .flatten()
            .collect();
            RoiBar {
                label: name(code),
                multiple: r.revenue_multiple,
                note: if r.revenue_multiple.is_none() {
                    lang.pick("未列预算项", "no tactics yet").into()
                } else if notes.is_empty() {
                    lang.pick("未填预期产出", "no expected outputs").into()
                } else {
                    notes.join(" · ")
                },
                color: plan.color_of(code).to_string(),
            }
        })
        .collect();
    let svg = marketdesk_report::roi_chart_svg(&bars).user(lang)?;
    Ok((views, svg))
}

/// `by_channel`: the tracking rows of every channel, as `track` gives them.
fn plan_actual_chart(
    plan: &Plan,
    by_channel: &[(String, Tracking)],
    lang: Lang,
) -> Result<String, ApiError> {
    let rows: Vec<PlanActualRow> = by_channel
        .iter()
        .map(|(code, t)| PlanActualRow {
            label: plan
                .channel(code)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            planned: t.planned,
            committed: t.committed,
            actual: t.actual,
            overspent: t.overspent,
        })
        .collect();
    let words = PlanActualWords {
        planned: lang.pick("计划（预算项）", "Planned (tactics)").into(),
        committed: lang.pick("已承诺", "Committed").into(),
        actual: lang.pick("已支付", "Paid").into(),
        over: lang.pick("超支", "Over by").into(),
    };
    marketdesk_report::plan_actual_chart_svg(&rows, &words, lang).user(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::{CompanyStage, Emphasis, Outcomes, Quarters, RegionInput};
    use marketdesk_store::TacticFields;

    fn rows() -> PlanRows {
        let plan = PlanRow {
            id: 1,
            name: "2027".into(),
            fiscal_year: 2027,
            total: Money::from_yuan(1_000_000),
            stage: CompanyStage::Growth,
            emphasis: Emphasis::Demand,
            version: 1,
            updated_at: String::new(),
            quarter_split: QuarterSplit::ByTactics,
            region_top_down: Share::from_basis_points(5_000).expect("share"),
            objectives: String::new(),
            risks: String::new(),
        };
        let channel = |id: i64, code: &str, bp: u32| ChannelRow {
            id,
            code: code.into(),
            name: code.into(),
            share: Share::from_basis_points(bp).expect("share"),
            position: id,
            tactics_total: Money::ZERO,
            tactic_count: 0,
            last_year: None,
        };
        let channels = vec![
            channel(10, "offline_events", 7_000),
            channel(11, "community", 3_000),
        ];
        let tactics = vec![TacticRow {
            id: 5,
            fields: TacticFields {
                channel_id: 11,
                name: "社群运营".into(),
                owner: String::new(),
                region: "华东".into(),
                quarters: Quarters::single(3).expect("q"),
                starts_on: None,
                planned: Money::from_yuan(400_000),
                expected: Outcomes {
                    leads: 10,
                    mql: 4,
                    sql: 2,
                    deals: 1,
                    revenue: Money::from_yuan(1_000_000),
                },
                brief: Brief::default(),
            },
        }];
        PlanRows {
            plan,
            channels,
            tactics,
            spend: vec![],
            guardrails: vec![],
            regions: vec![marketdesk_store::RegionRow {
                id: 1,
                input: RegionInput {
                    region: "华东".into(),
                    last_year: Money::from_yuan(300),
                    commitment: Money::from_yuan(500_000),
                },
            }],
        }
    }

    #[test]
    fn store_rows_become_a_checked_plan_with_breaches_forecast_and_regions() {
        let o = overview(Some(rows()), Lang::ZhCn).expect("overview");
        assert_eq!(o.tactics[0].quarter, "Q3");
        assert_eq!(o.tactics[0].quarters, 0b0100);
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
        let community = &o.roi[1];
        assert_eq!(
            community.cost_per_sql.as_ref().map(|m| m.yuan.as_str()),
            Some("¥200,000.00")
        );
        assert_eq!(community.multiple.as_deref(), Some("2.50×"));
        assert!(o.roi_chart_svg.contains("2.50×"), "the chart shows it");
        assert_eq!(o.roi[0].multiple, None, "no tactics, no multiple");
        let regions = o.regions.expect("regions");
        assert_eq!(
            regions.rows[0].top_down.yuan, "¥1,000,000.00",
            "one region takes all"
        );
        assert_eq!(regions.rows[0].in_tactics.yuan, "¥400,000.00");
        assert_eq!(regions.commitments_over_total.yuan, "-¥500,000.00");
        let q = o.quarters.expect("quarters");
        assert_eq!(
            q.rows[1].quarters[2].yuan, "¥300,000.00",
            "community follows its Q3 tactic"
        );
    }

    #[test]
    fn spend_shows_against_plan_by_channel_quarter_and_region() {
        let mut r = rows();
        r.spend = vec![marketdesk_store::SpendRow {
            id: 1,
            tactic_id: 5,
            spent_on: "2027-02-01".into(),
            kind: SpendKind::Actual,
            amount: Money::from_yuan(450_000),
            vendor: String::new(),
            note: String::new(),
            imported: false,
        }];
        let o = overview(Some(r), Lang::En).expect("overview");
        assert_eq!(
            (
                o.tracking[1].overspent.yuan.as_str(),
                o.tracking[1].overspent_count
            ),
            ("¥50,000.00", 1),
            "paid 450k against 400k"
        );
        assert_eq!(
            o.tactics[0].overspent.as_ref().map(|m| m.yuan.as_str()),
            Some("¥50,000.00"),
            "the tactic itself says so"
        );
        assert!(
            o.breaches
                .iter()
                .any(|b| b.warning && b.message.contains("paid ¥450,000.00, planned ¥400,000.00")),
            "and 预算提醒 lists it: {:?}",
            o.breaches
        );
        assert_eq!(
            o.tracking_by_quarter[2].actual.yuan, "¥450,000.00",
            "a February payment for a Q3 tactic counts in Q3"
        );
        assert_eq!(o.tracking_by_region[0].name, "华东");
        assert!(
            o.plan_actual_chart_svg.contains("Over by ¥50.0k"),
            "named in the chart"
        );
    }
}
