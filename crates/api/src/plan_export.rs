//! The printed annual plan: the store's plan turned into a `PlanDocument` in the user's language,
//! and written as PDF, xlsx or HTML.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use marketdesk_core::{
    channel_quarters, check_guardrails, forecast_by_channel, forecast_total, quarter_totals,
    split_regions, track, track_total, GroupBy, Lang, Money, Plan, QuarterSplit, RegionInput,
    RegionSplit, Share, SpendEntry, Tracking,
};
use marketdesk_report::{
    Cell, CellValue, DocBreach, DocCharts, DocTactic, Labels, PlanDocument, QuotientKind, Table,
};
use marketdesk_store::{EventRow, PlanRows};
use serde::Deserialize;

use crate::budget::{rules_of, spend_entries, to_plan};
use crate::error::{ApiError, ToApi};
use crate::session::current_rows;
use crate::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Pdf,
    Xlsx,
    Html,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Html => "html",
        }
    }

    pub fn from_name(name: &str) -> Option<ExportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "pdf" => Some(ExportFormat::Pdf),
            "xlsx" | "excel" => Some(ExportFormat::Xlsx),
            "html" | "htm" => Some(ExportFormat::Html),
            _ => None,
        }
    }
}

fn long_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// What the printed plan is made from, besides the plan itself.
pub(crate) struct DocumentInputs {
    pub company: Option<String>,
    /// Last year's plan in the workspace, if there is one.
    pub previous: Option<PlanRows>,
    /// Every event of the workspace (the plan's year is picked from them).
    pub events: Vec<EventRow>,
    /// Leads created in the plan's year so far.
    pub new_leads: i64,
    /// The charts, as the window draws them.
    pub charts: DocCharts,
    pub today: NaiveDate,
    /// The year's event briefs, when the user asked for them as an appendix.
    pub event_briefs: Vec<marketdesk_report::EventBrief>,
}

pub(crate) fn build(
    rows: &PlanRows,
    inputs: DocumentInputs,
    lang: Lang,
) -> Result<PlanDocument, ApiError> {
    let row = &rows.plan;
    let plan: Plan = to_plan(row, &rows.channels, &rows.tactics).user(lang)?;
    let labels = Labels::new(lang);
    let budgets = plan.channel_budgets();
    let total = plan.total();
    let tactics_total = plan.tactics_total();
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();

    let assigned = Share::from_basis_points(plan.assigned_share()).unwrap_or(Share::WHOLE);
    let channel_table = Table {
        name: labels.channel_split.into(),
        head: vec![
            p("渠道", "Channel"),
            p("占比", "Share"),
            p("预算", "Budget"),
            p("已列预算项", "In tactics"),
            p("项数", "Tactics"),
        ],
        rows: plan
            .channels()
            .iter()
            .zip(&budgets)
            .map(|(c, &b)| {
                vec![
                    Cell::text(&c.name),
                    Cell::share(c.share),
                    Cell::money(b),
                    Cell::money(plan.tactics_total_of(&c.code)),
                    Cell::count(plan.tactics_of(&c.code).count() as i64),
                ]
            })
            .collect(),
        total: Some(vec![
            Cell::text(p("合计", "Total")),
            Cell::sum_share(assigned),
            Cell {
                // Shares under 100% leave money unassigned: the total is the plan's, not a sum.
                text: total.to_string(),
                value: if plan.unassigned_by_shares() == Money::ZERO {
                    CellValue::SumFen(total.fen())
                } else {
                    CellValue::Fen(total.fen())
                },
            },
            Cell::sum_money(tactics_total),
            Cell::sum_count(plan.tactics().len() as i64),
        ]),
        note: if plan.unassigned_by_shares() > Money::ZERO {
            match lang {
                Lang::ZhCn => format!(
                    "各渠道占比合计 {assigned}，总预算中有 {} 没有分到渠道。",
                    plan.unassigned_by_shares()
                ),
                Lang::En => format!(
                    "Channel shares add up to {assigned}; {} of the total has no channel.",
                    plan.unassigned_by_shares()
                ),
            }
        } else {
            String::new()
        },
    };

    let entries = spend_entries(&rows.spend);
    let breaches: Vec<DocBreach> = check_guardrails(&plan, &rules_of(&rows.guardrails), &entries)
        .iter()
        .map(|b| DocBreach {
            warning: b.is_warning(),
            message: b.message(lang),
        })
        .collect();

    let last_year = last_year_table(&plan, rows, inputs.previous.as_ref(), lang);
    let started =
        inputs.today >= NaiveDate::from_ymd_opt(plan.fiscal_year, 1, 1).unwrap_or(inputs.today);
    let spend = (started && !rows.spend.is_empty())
        .then(|| spend_table(&plan, &entries, inputs.today, lang));
    let kpis = kpi_table(
        &plan,
        &inputs.events,
        inputs.new_leads,
        started,
        inputs.today,
        lang,
    );

    let by_quarter = channel_quarters(&plan, &row.quarter_split).user(lang)?;
    let qtot = quarter_totals(&by_quarter);
    let quarter_head: Vec<String> = std::iter::once(p("渠道", "Channel"))
        .chain((1..=4).map(|q| format!("Q{q}")))
        .chain(std::iter::once(p("合计", "Total")))
        .collect();
    let quarters = Table {
        name: labels.by_quarter.into(),
        head: quarter_head,
        rows: plan
            .channels()
            .iter()
            .zip(&by_quarter)
            .zip(&budgets)
            .map(|((c, q), &b)| {
                let mut row = vec![Cell::text(&c.name)];
                row.extend(q.iter().map(|&m| Cell::money(m)));
                row.push(Cell::money(b));
                row
            })
            .collect(),
        total: Some({
            let mut row = vec![Cell::text(p("合计", "Total"))];
            row.extend(qtot.iter().map(|&m| Cell::sum_money(m)));
            row.push(Cell::sum_money(Money::from_fen(
                qtot.iter().map(|m| m.fen()).sum(),
            )));
            row
        }),
        note: match &row.quarter_split {
            QuarterSplit::ByTactics => p(
                "各渠道预算按其预算项所在季度分摊；没有预算项的渠道平均分到四个季度。",
                "Each channel's budget follows the quarters of its tactics; a channel without tactics is spread evenly.",
            ),
            QuarterSplit::Even => p(
                "各渠道预算平均分到四个季度。",
                "Each channel's budget is spread evenly over the four quarters.",
            ),
            QuarterSplit::Weights { weights: [a, b, c, d] } => match lang {
                Lang::ZhCn => format!("各渠道预算按 {a}:{b}:{c}:{d} 的比例分到四个季度。"),
                Lang::En => format!("Each channel's budget is split {a}:{b}:{c}:{d} over the quarters."),
            },
        },
    };

    let regions = if rows.regions.is_empty() {
        regions_by_tactics(&plan, lang)
    } else {
        Some(regions_split(&plan, rows, lang)?)
    };

    let (roi, unit_costs) = roi_tables(&plan, lang);
    let brief_missing = |t: &marketdesk_core::Tactic| {
        [
            &t.brief.problem,
            &t.brief.expected_result,
            &t.brief.kpi,
            &t.brief.people,
        ]
        .iter()
        .any(|s| s.trim().is_empty())
    };
    let doc_tactics: Vec<DocTactic> = plan
        .tactics()
        .iter()
        .map(|t| DocTactic {
            id: t.id,
            name: t.name.clone(),
            channel: plan
                .channel(&t.channel)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            owner: t.owner.clone(),
            region: t.region.clone(),
            quarter: if t.quarters.is_all_year() {
                p("全年", "All year")
            } else {
                t.quarters.to_string()
            },
            planned: t.planned.to_string(),
            leads: t.expected.leads.to_string(),
            problem: t.brief.problem.clone(),
            expected_result: t.brief.expected_result.clone(),
            kpi: t.brief.kpi.clone(),
            people: t.brief.people.clone(),
            brief_missing: brief_missing(t),
        })
        .collect();
    let missing_briefs = doc_tactics.iter().filter(|t| t.brief_missing).count();
    let tactic_table = Table {
        name: labels.tactics.into(),
        head: vec![
            "ID".into(),
            p("渠道", "Channel"),
            p("名称", "Name"),
            labels.owner.into(),
            p("区域", "Region"),
            p("季度", "Quarter"),
            p("计划金额", "Planned"),
            labels.expected_leads.into(),
            p("预期 MQL", "Expected MQL"),
            p("预期 SQL", "Expected SQL"),
            p("预期成交", "Expected deals"),
            p("预期收入", "Expected revenue"),
            labels.problem.into(),
            labels.expected_result.into(),
            labels.kpi.into(),
            labels.people.into(),
        ],
        rows: plan
            .tactics()
            .iter()
            .zip(&doc_tactics)
            .map(|(t, d)| {
                vec![
                    Cell::count(t.id),
                    Cell::text(&d.channel),
                    Cell::text(&d.name),
                    Cell::text(&d.owner),
                    Cell::text(&d.region),
                    Cell::text(&d.quarter),
                    Cell::money(t.planned),
                    Cell::count(t.expected.leads as i64),
                    Cell::count(t.expected.mql as i64),
                    Cell::count(t.expected.sql as i64),
                    Cell::count(t.expected.deals as i64),
                    Cell::money(t.expected.revenue),
                    Cell::text(&d.problem),
                    Cell::text(&d.expected_result),
                    Cell::text(&d.kpi),
                    Cell::text(&d.people),
                ]
            })
            .collect(),
        total: (!plan.tactics().is_empty()).then(|| {
            let f = forecast_total(&plan);
            vec![
                Cell::text(""),
                Cell::text(p("合计", "Total")),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
                Cell::sum_money(tactics_total),
                Cell::sum_count(f.outcomes.leads as i64),
                Cell::sum_count(f.outcomes.mql as i64),
                Cell::sum_count(f.outcomes.sql as i64),
                Cell::sum_count(f.outcomes.deals as i64),
                Cell::sum_money(f.outcomes.revenue),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
            ]
        }),
        note: String::new(),
    };

    let forecast = forecast_total(&plan);
    let biggest = plan
        .channels()
        .iter()
        .zip(&budgets)
        .max_by_key(|(_, b)| b.fen())
        .map(|(c, b)| (c.name.clone(), c.share, *b));
    let unallocated = Money::from_fen((total.fen() - tactics_total.fen()).max(0));
    let warnings = breaches.iter().filter(|b| b.warning).count();
    let leads = forecast.outcomes.leads;
    let revenue = forecast.outcomes.revenue;
    let mut summary = Vec::new();
    match lang {
        Lang::ZhCn => {
            summary.push(format!(
                "{} 年市场总预算 {}（{}），分配到 {} 个渠道。",
                plan.fiscal_year,
                total,
                total.format_short(lang),
                plan.channels().len()
            ));
            if let Some((name, share, b)) = &biggest {
                summary.push(format!("最大的渠道是{name}，占 {share}，共 {b}。"));
            }
            summary.push(format!(
                "{} 个预算项合计 {}，尚未落到预算项的有 {}。",
                plan.tactics().len(),
                tactics_total,
                unallocated
            ));
            if let Some(cpl) = forecast.cost_per_lead {
                summary.push(format!(
                    "预计带来线索 {leads} 条，平均每条 {cpl}；预期收入 {revenue}{}。",
                    forecast
                        .roi
                        .map(|r| format!("，ROI {r}"))
                        .unwrap_or_default()
                ));
            }
            if missing_briefs > 0 {
                summary.push(format!(
                    "{missing_briefs} 个预算项的说明（解决的问题、预期结果、衡量指标、所需人员）尚未填写完整，在明细中标出。"
                ));
            }
            summary.push(if warnings == 0 {
                "计划符合设定的预算规则。".into()
            } else {
                format!("有 {warnings} 条预算提醒需要关注，见下文。")
            });
        }
        Lang::En => {
            summary.push(format!(
                "The {} marketing budget is {} ({}) across {} channels.",
                plan.fiscal_year,
                total,
                total.format_short(lang),
                plan.channels().len()
            ));
            if let Some((name, share, b)) = &biggest {
                summary.push(format!("The largest channel is {name}: {share}, {b}."));
            }
            summary.push(format!(
                "{} tactics add up to {}; {} is not yet in a tactic.",
                plan.tactics().len(),
                tactics_total,
                unallocated
            ));
            if let Some(cpl) = forecast.cost_per_lead {
                summary.push(format!(
                    "Expected: {leads} leads at {cpl} each, and {revenue} revenue{}.",
                    forecast
                        .roi
                        .map(|r| format!(", an ROI of {r}"))
                        .unwrap_or_default()
                ));
            }
            if missing_briefs > 0 {
                summary.push(format!(
                    "{missing_briefs} tactics lack part of their brief (problem, expected result, KPI, people); they are marked below."
                ));
            }
            summary.push(if warnings == 0 {
                "The plan keeps its budget rules.".into()
            } else {
                format!("{warnings} plan checks need attention; see below.")
            });
        }
    }

    Ok(PlanDocument {
        lang: match lang {
            Lang::ZhCn => "zh",
            Lang::En => "en",
        },
        labels,
        company: inputs.company.unwrap_or_default(),
        title: row.name.clone(),
        year: plan.fiscal_year,
        version: row.version,
        date: long_date(inputs.today, lang),
        total: total.to_string(),
        total_short: total.format_short(lang),
        stage: row.stage.name(lang).into(),
        emphasis: row.emphasis.name(lang).into(),
        summary,
        objectives: row.objectives.clone(),
        risks: row.risks.clone(),
        charts: DocCharts {
            spend: spend.as_ref().and(inputs.charts.spend.clone()),
            ..inputs.charts
        },
        channel_table,
        breaches,
        last_year,
        spend,
        kpis,
        quarters,
        regions,
        roi,
        unit_costs,
        tactics: doc_tactics,
        tactic_table,
        missing_briefs,
        footer: match lang {
            Lang::ZhCn => format!("{} · 第 {} 版", row.name, row.version),
            Lang::En => format!("{} · version {}", row.name, row.version),
        },
        event_briefs: inputs.event_briefs,
    })
}

/// This year against last year per channel: last year's figure as entered for the channel,
/// else the channel's budget in last year's plan (matched by channel code). None when neither
/// is known for any channel.
fn last_year_table(
    plan: &Plan,
    rows: &PlanRows,
    previous: Option<&PlanRows>,
    lang: Lang,
) -> Option<Table> {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let previous_plan = previous.and_then(|r| to_plan(&r.plan, &r.channels, &r.tactics).ok());
    let from_previous = |code: &str| -> Option<Money> {
        let prev = previous_plan.as_ref()?;
        let i = prev.channels().iter().position(|c| c.code == code)?;
        prev.channel_budgets().get(i).copied()
    };
    let budgets = plan.channel_budgets();
    let mut entered = 0;
    let mut carried = 0;
    let lines: Vec<(String, Option<Money>, Money)> = rows
        .channels
        .iter()
        .zip(&budgets)
        .map(|(c, &b)| {
            let last = match c.last_year {
                Some(m) => {
                    entered += 1;
                    Some(m)
                }
                None => {
                    let m = from_previous(&c.code);
                    carried += usize::from(m.is_some());
                    m
                }
            };
            (c.name.clone(), last, b)
        })
        .collect();
    if entered + carried == 0 {
        return None;
    }
    let last_total: Money = lines.iter().filter_map(|(_, l, _)| *l).sum();
    let this_total: Money = lines.iter().map(|(_, _, b)| *b).sum();
    let change = |last: Money, this: Money| {
        marketdesk_core::Rate::of(this.fen() - last.fen(), last.fen())
            .map_or("—".to_string(), |r| r.to_string())
    };
    let prev_name = previous.map(|r| match lang {
        Lang::ZhCn => format!("“{}”（第 {} 版）", r.plan.name, r.plan.version),
        Lang::En => format!("“{}” (version {})", r.plan.name, r.plan.version),
    });
    let note = match (entered, carried, prev_name, lang) {
        (_, 0, _, Lang::ZhCn) => "上年数字为手工填写。".to_string(),
        (_, 0, _, Lang::En) => "Last year's figures were entered by hand.".to_string(),
        (0, _, Some(n), Lang::ZhCn) => format!("上年数字是上年计划 {n} 中各渠道的预算。"),
        (0, _, Some(n), Lang::En) => {
            format!("Last year's figures are each channel's budget in last year's plan {n}.")
        }
        (_, _, Some(n), Lang::ZhCn) => {
            format!("上年数字：{entered} 个渠道手工填写，其余取自上年计划 {n} 中的渠道预算。")
        }
        (_, _, Some(n), Lang::En) => format!(
            "Last year: {entered} channels entered by hand, the others from last year's plan {n}."
        ),
        (_, _, None, _) => String::new(),
    };
    Some(Table {
        name: p("与上年对比", "Against last year"),
        head: vec![
            p("渠道", "Channel"),
            p("上年", "Last year"),
            p("本年", "This year"),
            p("变化", "Change"),
            p("变化率", "Change %"),
        ],
        rows: lines
            .iter()
            .map(|(name, last, this)| match last {
                Some(last) => vec![
                    Cell::text(name),
                    Cell::money(*last),
                    Cell::money(*this),
                    Cell::money(Money::from_fen(this.fen() - last.fen())),
                    Cell::quotient(change(*last, *this), 2, 1, QuotientKind::Change),
                ],
                None => vec![
                    Cell::text(name),
                    Cell::text("—"),
                    Cell::money(*this),
                    Cell::text("—"),
                    Cell::text("—"),
                ],
            })
            .collect(),
        total: Some(vec![
            Cell::text(p("合计", "Total")),
            Cell::sum_money(last_total),
            Cell::sum_money(this_total),
            Cell::sum_money(Money::from_fen(
                lines
                    .iter()
                    .filter_map(|(_, l, t)| l.map(|l| t.fen() - l.fen()))
                    .sum(),
            )),
            Cell::quotient(change(last_total, this_total), 2, 1, QuotientKind::Change),
        ]),
        note,
    })
}

/// A money cell of a table's body, or of its totals row (`sum`: a SUM of the column in the
/// workbook).
fn money_cell(v: Money, sum: bool) -> Cell {
    if sum {
        Cell::sum_money(v)
    } else {
        Cell::money(v)
    }
}

/// A count cell of a table's body, or of its totals row (see `money_cell`).
fn count_cell(n: u64, sum: bool) -> Cell {
    let n = n as i64;
    if sum {
        Cell::sum_count(n)
    } else {
        Cell::count(n)
    }
}

/// Spend to date against plan per channel, with what is overspent tactic by tactic.
fn spend_table(plan: &Plan, entries: &[SpendEntry], today: NaiveDate, lang: Lang) -> Table {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let rows = track(plan, entries, GroupBy::Channel);
    let total = track_total(plan, entries);
    let line = |name: String, t: &Tracking, sum: bool| {
        let m = |v: Money| money_cell(v, sum);
        vec![
            Cell::text(name),
            m(t.planned),
            m(t.committed),
            m(t.actual),
            m(t.remaining),
            m(t.overspent),
        ]
    };
    Table {
        name: p("执行情况", "Spend to date"),
        head: vec![
            p("渠道", "Channel"),
            p("计划", "Planned"),
            p("已承诺", "Committed"),
            p("已支付", "Paid"),
            p("剩余", "Remaining"),
            p("超支", "Overspent"),
        ],
        rows: rows
            .iter()
            .map(|(code, t)| {
                let name = plan.channel(code).map(|c| c.name.clone()).unwrap_or_default();
                line(name, t, false)
            })
            .collect(),
        total: Some(line(p("合计", "Total"), &total, true)),
        note: match lang {
            Lang::ZhCn => format!(
                "截至 {}。剩余 = 计划 − max(已承诺, 已支付)，逐个预算项计算；花费计入预算项所在季度。超支逐项相加，不与其他预算项的结余相抵（{} 个预算项超支）。",
                long_date(today, lang),
                total.overspent_count
            ),
            Lang::En => format!(
                "As of {}. Remaining = planned − max(committed, paid), tactic by tactic; spend counts in the tactic's quarters. Overspend adds up tactic by tactic and is never offset by other tactics' savings ({} tactics overspent).",
                long_date(today, lang),
                total.overspent_count
            ),
        },
    }
}

/// The KPI targets (domain: events held vs planned, attendance, new leads, MQL, SQL,
/// conversion, deals, revenue, ROI), with what is known so far once the year has started.
fn kpi_table(
    plan: &Plan,
    events: &[EventRow],
    new_leads: i64,
    started: bool,
    today: NaiveDate,
    lang: Lang,
) -> Table {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let year = plan.fiscal_year.to_string();
    let this_year: Vec<&EventRow> = events
        .iter()
        .filter(|e| e.starts_on.starts_with(&year))
        .collect();
    let held: Vec<&&EventRow> = this_year
        .iter()
        .filter(|e| e.starts_on.as_str() <= today.to_string().as_str())
        .collect();
    let f = forecast_total(plan);
    let offline_tactics = plan.tactics_of("offline_events").count() as i64;
    let (planned_events, events_note) = if this_year.is_empty() {
        (
            offline_tactics,
            p(
                "线下活动渠道的预算项数（工作区中还没有本年的活动）",
                "tactics in offline events (no events of this year in the workspace yet)",
            ),
        )
    } else {
        (
            this_year.len() as i64,
            p("工作区中本年的活动", "this year's events in the workspace"),
        )
    };
    let target_attendance: i64 = this_year.iter().map(|e| e.target_attendance).sum();
    let present: i64 = held.iter().map(|e| e.present()).sum();
    let to_date = |v: i64| {
        if started {
            Cell::count(v)
        } else {
            Cell::text("")
        }
    };
    let not_yet = || Cell::text(p("待线索阶段跟踪", "tracked with lead stages"));
    let mut rows = vec![
        vec![
            Cell::text(p("活动场次", "Events held")),
            Cell::count(planned_events),
            to_date(held.len() as i64),
            Cell::text(events_note),
        ],
        vec![
            Cell::text(p("到场人数", "Attendance")),
            Cell::count(target_attendance),
            to_date(present),
            Cell::text(p(
                "目标为各活动目标人数之和；到场 = 已签到 + 现场签到",
                "target: the events' targets added up; present = attended + walk-ins",
            )),
        ],
        vec![
            Cell::text(p("新增线索", "New leads")),
            Cell::count(f.outcomes.leads as i64),
            to_date(new_leads),
            Cell::text(p("本财年新建的线索", "leads created in the fiscal year")),
        ],
        vec![
            Cell::text("MQL"),
            Cell::count(f.outcomes.mql as i64),
            not_yet(),
            Cell::text(p("市场合格线索", "marketing-qualified leads")),
        ],
        vec![
            Cell::text("SQL"),
            Cell::count(f.outcomes.sql as i64),
            not_yet(),
            Cell::text(p("销售接受的线索", "sales-accepted leads")),
        ],
        vec![
            Cell::text(p("MQL→SQL 转化率", "MQL→SQL conversion")),
            f.mql_to_sql.map_or(Cell::text("—"), Cell::rate),
            not_yet(),
            Cell::text(p(
                "SQL ÷ MQL；15–25% 已属很好",
                "SQL ÷ MQL; 15–25% is very good",
            )),
        ],
        vec![
            Cell::text(p("成交", "Deals")),
            Cell::count(f.outcomes.deals as i64),
            not_yet(),
            Cell::text(""),
        ],
        vec![
            Cell::text(p("收入", "Revenue")),
            Cell::money(f.outcomes.revenue),
            not_yet(),
            Cell::text(""),
        ],
        vec![
            Cell::text("ROI"),
            f.roi.map_or(Cell::text("—"), Cell::rate),
            not_yet(),
            Cell::text(p("(收入 − 投入) ÷ 投入", "(revenue − cost) ÷ cost")),
        ],
    ];
    if !started {
        for r in &mut rows {
            r.remove(2);
        }
    }
    let mut head = vec![p("指标", "KPI"), p("目标", "Target")];
    if started {
        head.push(match lang {
            Lang::ZhCn => format!("截至{}", long_date(today, lang)),
            Lang::En => format!("As of {}", long_date(today, lang)),
        });
    }
    head.push(p("口径", "Definition"));
    Table {
        name: p("KPI", "KPIs"),
        head,
        rows,
        total: None,
        note: String::new(),
    }
}

/// The forecast return per channel with a totals row (ROI and revenue per yuan named as
/// such), and the costs per outcome.
fn roi_tables(plan: &Plan, lang: Lang) -> (Table, Table) {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let forecast = forecast_by_channel(plan);
    let total = forecast_total(plan);
    let name = |code: &str| {
        plan.channel(code)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let opt = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let roi_row = |label: String, r: &marketdesk_core::Roi, sum: bool| {
        let m = |v: Money| money_cell(v, sum);
        let c = |v: u64| count_cell(v, sum);
        vec![
            Cell::text(label),
            m(r.cost),
            c(r.outcomes.deals),
            m(r.outcomes.revenue),
            Cell::quotient(
                opt(r.revenue_multiple.map(|m| m.to_string())),
                3,
                1,
                QuotientKind::Multiple,
            ),
            Cell::quotient(
                opt(r.roi.map(|m| m.to_string())),
                3,
                1,
                QuotientKind::Return,
            ),
        ]
    };
    let roi = Table {
        name: "ROI".into(),
        head: vec![
            p("渠道", "Channel"),
            p("投入", "Cost"),
            p("预期成交", "Deals"),
            p("预期收入", "Revenue"),
            p("每元收入", "Revenue per yuan"),
            "ROI".into(),
        ],
        rows: forecast
            .iter()
            .map(|(code, r)| roi_row(name(code), r, false))
            .collect(),
        total: Some(roi_row(p("合计", "Total"), &total, true)),
        note: String::new(),
    };
    let cost_row = |label: String, r: &marketdesk_core::Roi, sum: bool| {
        let m = |v: Money| money_cell(v, sum);
        let c = |v: u64| count_cell(v, sum);
        let money = |v: Option<Money>| v.map(|m| m.to_string());
        vec![
            Cell::text(label),
            m(r.cost),
            c(r.outcomes.leads),
            c(r.outcomes.mql),
            c(r.outcomes.sql),
            Cell::quotient(opt(money(r.cost_per_lead)), 1, 2, QuotientKind::MoneyPer),
            Cell::quotient(opt(money(r.cost_per_sql)), 1, 4, QuotientKind::MoneyPer),
            Cell::quotient(
                opt(r.mql_to_sql.map(|m| m.to_string())),
                4,
                3,
                QuotientKind::Rate,
            ),
        ]
    };
    let unit_costs = Table {
        name: p("单位成本", "Unit costs"),
        head: vec![
            p("渠道", "Channel"),
            p("投入", "Cost"),
            p("线索", "Leads"),
            "MQL".into(),
            "SQL".into(),
            p("单条线索成本", "Per lead"),
            p("单个 SQL 成本", "Per SQL"),
            "MQL→SQL".into(),
        ],
        rows: forecast
            .iter()
            .map(|(code, r)| cost_row(name(code), r, false))
            .collect(),
        total: Some(cost_row(p("合计", "Total"), &total, true)),
        note: p(
            "单条线索成本 = 投入 ÷ 预期线索；MQL→SQL = SQL ÷ MQL（15–25% 已属很好）。",
            "Per lead = cost ÷ expected leads; MQL→SQL = SQL ÷ MQL (15–25% is very good).",
        ),
    };
    (roi, unit_costs)
}

impl Session {
    /// The current plan as the printed document, in the user's language.
    pub fn plan_document(&self) -> crate::Result<PlanDocument> {
        let lang = self.lang();
        // The charts, drawn as the window draws them (before the store is held below).
        let overview = self.budget_overview()?;
        let store = self.store();
        let rows = current_rows(&store, lang)?;
        let inputs = DocumentInputs {
            company: store.meta("company").user(lang)?,
            previous: store.previous_year_plan(rows.plan.id).user(lang)?,
            // Candidates and declined offers are not part of the year that is printed.
            events: store
                .list_events()
                .user(lang)?
                .into_iter()
                .filter(|e| e.status.is_funded())
                .collect(),
            new_leads: store.leads_created_in(rows.plan.fiscal_year).user(lang)?,
            charts: DocCharts {
                channels: overview.chart_svg,
                quarters: overview.quarter_chart_svg,
                roi: overview.roi_chart_svg,
                spend: Some(overview.plan_actual_chart_svg),
            },
            today: chrono::Local::now().date_naive(),
            event_briefs: crate::event_brief::plan_appendix(&store, rows.plan.fiscal_year, lang)?,
        };
        build(&rows, inputs, lang)
    }

    /// Writes the current plan to `path` as PDF, xlsx or HTML. PDF and HTML are typeset: in
    /// this process when it links the typesetter (the CLI), else by the CLI shipped beside it.
    pub fn export_plan(&self, format: ExportFormat, path: &Path) -> crate::Result<()> {
        let lang = self.lang();
        let bytes = match format {
            ExportFormat::Xlsx => {
                marketdesk_report::plan_xlsx(&self.plan_document()?).user(lang)?
            }
            #[cfg(feature = "pdf")]
            ExportFormat::Pdf => marketdesk_report::plan_pdf(&self.plan_document()?).user(lang)?,
            #[cfg(feature = "pdf")]
            ExportFormat::Html => {
                let doc = self.plan_document()?;
                let pages = marketdesk_report::plan_pages(&doc).user(lang)?;
                marketdesk_report::plan_html(&doc.title, doc.lang, &pages).into_bytes()
            }
            #[cfg(not(feature = "pdf"))]
            ExportFormat::Pdf | ExportFormat::Html => {
                let workspace = self.workspace_file()?;
                let mut args: Vec<std::ffi::OsString> = vec!["plan".into(), "export".into()];
                args.push(workspace.into());
                args.extend(["--format".into(), format.extension().into(), "-o".into()]);
                args.push(path.into());
                typesetter::run(&args, lang)?;
                return Ok(());
            }
        };
        write_atomically(&bytes, format, path, lang)
    }

    /// The plan's pages as SVG, laid out exactly as the PDF: what the window prints.
    pub fn plan_pages(&self) -> crate::Result<Vec<String>> {
        let lang = self.lang();
        #[cfg(feature = "pdf")]
        {
            marketdesk_report::plan_pages(&self.plan_document()?).user(lang)
        }
        #[cfg(not(feature = "pdf"))]
        {
            let workspace = self.workspace_file()?;
            let args: Vec<std::ffi::OsString> = vec![
                "plan".into(),
                "pages".into(),
                workspace.into(),
                "--json".into(),
            ];
            let out = typesetter::run(&args, lang)?;
            serde_json::from_slice(&out).map_err(|_| typesetter::failed(lang, ""))
        }
    }

    /// The workspace's file, which the typesetter reads; none for a workspace in memory.
    #[cfg(not(feature = "pdf"))]
    pub(crate) fn workspace_file(&self) -> crate::Result<std::path::PathBuf> {
        let lang = self.lang();
        self.store()
            .path()
            .map(Path::to_path_buf)
            .ok_or_else(|| typesetter::missing(lang))
    }
}

/// The `marketdesk` CLI shipped beside the app (a Tauri sidecar in the bundles): it links the
/// typesetter, so the app stays small. Only the one beside this executable is run, never
/// whatever `marketdesk` happens to be on PATH.
#[cfg(not(feature = "pdf"))]
pub(crate) mod typesetter {
    use std::ffi::OsString;
    use std::path::PathBuf;

    use marketdesk_core::Lang;

    use crate::ApiError;

    pub(crate) fn missing(lang: Lang) -> ApiError {
        ApiError::new(
            "pdf_unavailable",
            lang.pick(
                "找不到排版组件（与 Marketdesk 一起安装的 marketdesk 程序），无法生成 PDF 或打印计划；请重新安装 Marketdesk。",
                "The typesetting component (the marketdesk program installed with Marketdesk) is missing, so the plan cannot be made into a PDF or printed; reinstall Marketdesk.",
            )
            .into(),
        )
    }

    pub(crate) fn failed(lang: Lang, detail: &str) -> ApiError {
        let head = lang.pick("排版计划时出错。", "Typesetting the plan failed.");
        ApiError::new("pdf_failed", format!("{head} {detail}").trim().to_string())
    }

    /// The CLI beside the running executable.
    pub(crate) fn path() -> Option<PathBuf> {
        let name = format!("marketdesk{}", std::env::consts::EXE_SUFFIX);
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join(name)))
            .filter(|p| p.is_file())
    }

    /// Runs the CLI with `args` in the user's language; its stdout, or its one-sentence error.
    pub(crate) fn run(args: &[OsString], lang: Lang) -> Result<Vec<u8>, ApiError> {
        let cli = path().ok_or_else(|| missing(lang))?;
        let output = std::process::Command::new(&cli)
            .args(["--lang", lang.tag()])
            .args(args)
            .output()
            .map_err(|e| {
                tracing::warn!(cli = %cli.display(), error = %e, "cannot run the typesetter");
                missing(lang)
            })?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            // The CLI speaks the same language and prints one sentence.
            let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
            Err(ApiError::new("pdf_failed", message))
        }
    }
}

/// Writes `bytes` next to `path` first and renames into place when complete.
pub(crate) fn write_atomically(
    bytes: &[u8],
    format: ExportFormat,
    path: &Path,
    lang: Lang,
) -> Result<(), ApiError> {
    let io = |source: std::io::Error| {
        ApiError::from_err(
            &marketdesk_store::StoreError::Io {
                path: path.to_path_buf(),
                source,
            },
            lang,
        )
    };
    let tmp = path.with_extension(format!("{}.partial", format.extension()));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// Without regional inputs: the tactics summed by their region (bottom-up only); None when no
/// tactic names a region.
fn regions_by_tactics(plan: &Plan, lang: Lang) -> Option<Table> {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let tactics_total = plan.tactics_total();
    let mut regions: Vec<(String, Money)> = Vec::new();
    for t in plan.tactics() {
        let name = if t.region.trim().is_empty() {
            p("未指定", "Unassigned")
        } else {
            t.region.clone()
        };
        match regions.iter_mut().find(|(r, _)| *r == name) {
            Some((_, m)) => *m = Money::from_fen(m.fen() + t.planned.fen()),
            None => regions.push((name, t.planned)),
        }
    }
    if regions.iter().all(|(r, _)| *r == p("未指定", "Unassigned")) {
        return None;
    }
    Some(Table {
        name: p("区域", "Regions"),
        head: vec![
            p("区域", "Region"),
            p("已列预算项", "In tactics"),
            p("占比", "Share"),
        ],
        rows: {
            // Shares by largest remainder: they add up to exactly 100% as the total says.
            let weights: Vec<u64> = regions.iter().map(|(_, m)| m.fen().max(0) as u64).collect();
            let bps = marketdesk_core::split_by_weights(Money::from_fen(10_000), &weights)
                .unwrap_or_else(|_| vec![Money::ZERO; regions.len()]);
            regions
                .iter()
                .zip(bps)
                .map(|((r, m), bp)| {
                    vec![
                        Cell::text(r),
                        Cell::money(*m),
                        Cell::share(
                            Share::from_basis_points(bp.fen() as u32).unwrap_or(Share::ZERO),
                        ),
                    ]
                })
                .collect()
        },
        total: Some(vec![
            Cell::text(p("合计", "Total")),
            Cell::sum_money(tactics_total),
            Cell::sum_share(if tactics_total > Money::ZERO {
                Share::WHOLE
            } else {
                Share::ZERO
            }),
        ]),
        note: p(
            "自下而上：按各预算项所属区域汇总。",
            "Bottom-up: the tactics summed by their region.",
        ),
    })
}

/// With regional inputs: top-down by last year's contribution, bottom-up by commitments, the
/// blend the plan uses, and each region's ask beyond its top-down share.
fn regions_split(plan: &Plan, rows: &PlanRows, lang: Lang) -> Result<Table, ApiError> {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let inputs: Vec<RegionInput> = rows.regions.iter().map(|r| r.input.clone()).collect();
    let weight = rows.plan.region_top_down;
    let splits = split_regions(plan.total(), &inputs, weight).user(lang)?;
    let sum = |f: &dyn Fn(&RegionSplit) -> Money| {
        Money::from_fen(splits.iter().map(|s| f(s).fen()).sum())
    };
    let last_year = Money::from_fen(inputs.iter().map(|r| r.last_year.fen()).sum());
    let commitments = Money::from_fen(inputs.iter().map(|r| r.commitment.fen()).sum());
    let bottom_up_share =
        Share::from_basis_points(10_000 - weight.basis_points()).unwrap_or(Share::ZERO);
    Ok(Table {
        name: p("区域", "Regions"),
        head: vec![
            p("区域", "Region"),
            p("去年贡献", "Last year"),
                        p("承诺", "Commitment"),
            p("自上而下", "Top-down"),
            p("采用", "Adopted"),
            p("差额", "Difference"),
        ],
        rows: inputs
            .iter()
            .zip(&splits)
            .map(|(r, s)| {
                vec![
                    Cell::text(&r.region),
                    Cell::money(r.last_year),
                    Cell::money(r.commitment),
                    Cell::money(s.top_down),
                    Cell::money(s.blended),
                    Cell::money(Money::from_fen(r.commitment.fen() - s.top_down.fen())),
                ]
            })
            .collect(),
        total: Some(vec![
            Cell::text(p("合计", "Total")),
            Cell::sum_money(last_year),
            Cell::sum_money(commitments),
            Cell::sum_money(sum(&|s| s.top_down)),
            Cell::sum_money(sum(&|s| s.blended)),
            Cell::sum_money(Money::from_fen(commitments.fen() - sum(&|s| s.top_down).fen())),
        ]),
        note: match lang {
            Lang::ZhCn => format!(
                                "自上而下按各区域去年的市场贡献分总预算；承诺是各区域自下而上提交的金额，差额 = 承诺 − 自上而下。采用的金额 {weight} 按去年贡献、{bottom_up_share} 按承诺比例混合，合计等于总预算。"
            ),
            Lang::En => format!(
                                "Top-down splits the total by each region's contribution last year; the commitment is what each region asked for bottom-up, and the difference is commitment − top-down. The adopted amounts blend {weight} top-down with {bottom_up_share} by the commitments' proportions and add up to the total."
            ),
        },
    })
}
