//! The printed annual plan: the store's plan turned into a `PlanDocument` in the user's language,
//! and written as PDF, xlsx or HTML.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use marketdesk_core::{
    channel_quarters, check_guardrails, forecast_by_channel, quarter_totals, split_regions, Lang,
    Money, Plan, QuarterSplit, RegionInput, RegionSplit, Share,
};
use marketdesk_report::{Cell, DocBreach, DocChannel, DocTactic, Labels, PlanDocument, Table};
use marketdesk_store::PlanRows;
use serde::Deserialize;

use crate::budget::{rules_of, to_plan};
use crate::error::{ApiError, ToApi};

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

fn pct(part: Money, whole: Money) -> f64 {
    // Bar lengths only: a float is fine for layout, never for the amounts themselves.
    if whole.fen() <= 0 {
        0.0
    } else {
        part.fen() as f64 * 100.0 / whole.fen() as f64
    }
}

pub(crate) fn build(
    rows: &PlanRows,
    company: Option<String>,
    lang: Lang,
    today: NaiveDate,
) -> Result<PlanDocument, ApiError> {
    let row = &rows.plan;
    let plan: Plan = to_plan(row, &rows.channels, &rows.tactics).user(lang)?;
    let labels = Labels::new(lang);
    let budgets = plan.channel_budgets();
    let total = plan.total();
    let tactics_total = plan.tactics_total();
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();

    let doc_channels: Vec<DocChannel> = plan
        .channels()
        .iter()
        .zip(&budgets)
        .map(|(c, &budget)| {
            let in_tactics = plan.tactics_total_of(&c.code);
            DocChannel {
                name: c.name.clone(),
                color: plan.color_of(&c.code).into(),
                share: c.share.to_string(),
                share_pct: c.share.basis_points() as f64 / 100.0,
                tactics_pct: pct(in_tactics, total),
                budget: budget.to_string(),
                budget_wan: budget.format_wan(),
                tactics: in_tactics.to_string(),
                count: plan.tactics_of(&c.code).count() as i64,
            }
        })
        .collect();
    let assigned = Share::from_basis_points(plan.assigned_share()).unwrap_or(Share::WHOLE);
    let channel_table = Table {
        name: labels.channel.into(),
        head: vec![
            labels.channel.into(),
            labels.share.into(),
            labels.budget.into(),
            labels.in_tactics.into(),
            labels.tactic_count.into(),
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
            Cell::text(labels.sum),
            Cell::share(assigned),
            Cell::money(total),
            Cell::money(tactics_total),
            Cell::count(plan.tactics().len() as i64),
        ]),
        note: String::new(),
    };

    let by_quarter = channel_quarters(&plan, &row.quarter_split).user(lang)?;
    let qtot = quarter_totals(&by_quarter);
    let quarter_head: Vec<String> = std::iter::once(labels.channel.to_string())
        .chain((1..=4).map(|q| format!("Q{q}")))
        .chain(std::iter::once(labels.sum.to_string()))
        .collect();
    let quarters = Table {
        name: p("季度", "Quarters"),
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
            let mut row = vec![Cell::text(labels.sum)];
            row.extend(qtot.iter().map(|&m| Cell::money(m)));
            row.push(Cell::money(Money::from_fen(qtot.iter().map(|m| m.fen()).sum())));
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
        regions_by_tactics(&plan, &labels, lang)
    } else {
        regions_split(&plan, rows, &labels, lang)?
    };

    let forecast = forecast_by_channel(&plan);
    let roi = Table {
        name: "ROI".into(),
        head: vec![
            labels.channel.into(),
            p("投入", "Cost"),
            labels.expected_leads.into(),
            "MQL".into(),
            "SQL".into(),
            p("单条线索成本", "Cost per lead"),
            p("每个 SQL 成本", "Cost per SQL"),
            p("预期收入", "Expected revenue"),
            p("收入/投入", "Revenue / cost"),
        ],
        rows: forecast
            .iter()
            .map(|(code, r)| {
                vec![
                    Cell::text(
                        plan.channel(code)
                            .map(|c| c.name.clone())
                            .unwrap_or_default(),
                    ),
                    Cell::money(r.cost),
                    Cell::count(r.outcomes.leads as i64),
                    Cell::count(r.outcomes.mql as i64),
                    Cell::count(r.outcomes.sql as i64),
                    r.cost_per_lead
                        .map(Cell::money)
                        .unwrap_or_else(|| Cell::text("—")),
                    r.cost_per_sql
                        .map(Cell::money)
                        .unwrap_or_else(|| Cell::text("—")),
                    Cell::money(r.outcomes.revenue),
                    Cell::text(
                        r.revenue_multiple
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| "—".into()),
                    ),
                ]
            })
            .collect(),
        total: None,
        note: String::new(),
    };

    let doc_tactics: Vec<DocTactic> = plan
        .tactics()
        .iter()
        .map(|t| DocTactic {
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
        })
        .collect();
    let tactic_table = Table {
        name: p("预算项明细", "Tactics"),
        head: vec![
            labels.channel.into(),
            p("名称", "Name"),
            labels.owner.into(),
            p("区域", "Region"),
            p("季度", "Quarter"),
            p("计划金额", "Planned"),
            labels.expected_leads.into(),
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
                    Cell::text(&d.channel),
                    Cell::text(&d.name),
                    Cell::text(&d.owner),
                    Cell::text(&d.region),
                    Cell::text(&d.quarter),
                    Cell::money(t.planned),
                    Cell::count(t.expected.leads as i64),
                    Cell::text(&d.problem),
                    Cell::text(&d.expected_result),
                    Cell::text(&d.kpi),
                    Cell::text(&d.people),
                ]
            })
            .collect(),
        total: None,
        note: String::new(),
    };

    let breaches: Vec<DocBreach> = check_guardrails(
        &plan,
        &rules_of(&rows.guardrails),
        &crate::budget::spend_entries(&rows.spend),
    )
    .iter()
    .map(|b| DocBreach {
        warning: b.is_warning(),
        message: b.message(lang),
    })
    .collect();

    let leads: u64 = forecast.iter().map(|(_, r)| r.outcomes.leads).sum();
    let revenue: Money = forecast.iter().map(|(_, r)| r.outcomes.revenue).sum();
    let biggest = plan
        .channels()
        .iter()
        .zip(&budgets)
        .max_by_key(|(_, b)| b.fen())
        .map(|(c, b)| (c.name.clone(), c.share, *b));
    let unallocated = Money::from_fen((total.fen() - tactics_total.fen()).max(0));
    let warnings = breaches.iter().filter(|b| b.warning).count();
    let mut summary = Vec::new();
    match lang {
        Lang::ZhCn => {
            summary.push(format!(
                "{} 年市场总预算 {}（{}），分配到 {} 个渠道。",
                plan.fiscal_year,
                total,
                total.format_wan(),
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
            if let Some(cpl) = tactics_total.per(leads as i64) {
                summary.push(format!(
                    "预计带来线索 {leads} 条，平均每条 {cpl}；预期收入 {revenue}。"
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
                total.format_wan(),
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
            if let Some(cpl) = tactics_total.per(leads as i64) {
                summary.push(format!(
                    "Expected: {leads} leads at {cpl} each, and {revenue} revenue."
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
        company: company.unwrap_or_default(),
        title: row.name.clone(),
        year: plan.fiscal_year,
        version: row.version,
        date: long_date(today, lang),
        total: total.to_string(),
        total_wan: total.format_wan(),
        stage: row.stage.name(lang).into(),
        emphasis: row.emphasis.name(lang).into(),
        summary,
        channels: doc_channels,
        channel_table,
        share_total: assigned.to_string(),
        tactics_total: tactics_total.to_string(),
        quarters,
        regions,
        roi,
        tactics: doc_tactics,
        tactic_table,
        breaches,
        footer: match lang {
            Lang::ZhCn => format!("{} · 第 {} 版", row.name, row.version),
            Lang::En => format!("{} · version {}", row.name, row.version),
        },
    })
}

#[cfg(not(feature = "pdf"))]
pub(crate) fn pdf_helper_missing(lang: Lang) -> ApiError {
    ApiError::new(
        "pdf_unavailable",
        lang.pick(
            "找不到生成 PDF 的组件（marketdesk 命令），请重新安装 Marketdesk。",
            "The PDF component (the marketdesk command) is missing; reinstall Marketdesk.",
        )
        .into(),
    )
}

/// Renders the document and writes it next to `path` first, renaming into place when complete.
pub(crate) fn write(
    doc: &PlanDocument,
    format: ExportFormat,
    path: &Path,
    lang: Lang,
) -> Result<(), ApiError> {
    let bytes = match format {
        #[cfg(feature = "pdf")]
        ExportFormat::Pdf => marketdesk_report::plan_pdf(doc).user(lang)?,
        #[cfg(not(feature = "pdf"))]
        ExportFormat::Pdf => return Err(pdf_helper_missing(lang)),
        ExportFormat::Xlsx => marketdesk_report::plan_xlsx(doc).user(lang)?,
        ExportFormat::Html => marketdesk_report::plan_html(doc).into_bytes(),
    };
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

/// Without regional inputs: the tactics summed by their region (bottom-up only).
fn regions_by_tactics(plan: &Plan, labels: &Labels, lang: Lang) -> Table {
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
    Table {
        name: p("区域", "Regions"),
        head: vec![
            p("区域", "Region"),
            labels.in_tactics.into(),
            labels.share.into(),
        ],
        rows: regions
            .iter()
            .map(|(r, m)| {
                let bp = if tactics_total.fen() > 0 {
                    (m.fen() as i128 * 10_000 / tactics_total.fen() as i128) as u32
                } else {
                    0
                };
                vec![
                    Cell::text(r),
                    Cell::money(*m),
                    Cell::share(Share::from_basis_points(bp).unwrap_or(Share::ZERO)),
                ]
            })
            .collect(),
        total: Some(vec![
            Cell::text(labels.sum),
            Cell::money(tactics_total),
            Cell::share(Share::WHOLE),
        ]),
        note: p(
            "自下而上：按各预算项所属区域汇总。",
            "Bottom-up: the tactics summed by their region.",
        ),
    }
}

/// With regional inputs: top-down by last year's contribution, bottom-up by commitments, the
/// blend the plan uses, and each region's ask beyond its top-down share.
fn regions_split(
    plan: &Plan,
    rows: &PlanRows,
    labels: &Labels,
    lang: Lang,
) -> Result<Table, ApiError> {
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
            Cell::text(labels.sum),
            Cell::money(last_year),
            Cell::money(commitments),
            Cell::money(sum(&|s| s.top_down)),
            Cell::money(sum(&|s| s.blended)),
            Cell::money(Money::from_fen(commitments.fen() - plan.total().fen())),
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
