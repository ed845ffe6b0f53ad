//! Lead → revenue from the command line: rescoring, follow-ups, CRM deals and realized ROI.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use marketdesk_api::{ApiError, ExportFormat, ReportPeriod};

use crate::ctx::Ctx;
use crate::table::Table;

#[derive(Subcommand)]
pub enum ScoreCmd {
    /// Rescore every lead with the workspace's scorecard; the MQL rule marks new MQLs.
    Recompute { workspace: PathBuf },
}

#[derive(Subcommand)]
pub enum FollowupsCmd {
    /// Owned MQLs against the follow-up rule, most urgent first.
    List {
        workspace: PathBuf,
        /// Only leads past their deadline.
        #[arg(long)]
        overdue: bool,
    },
}

#[derive(Subcommand)]
pub enum DealsCmd {
    /// Read a CRM deals export (xlsx, xls, csv…): match rows to leads, store deals, move leads.
    Import {
        workspace: PathBuf,
        file: PathBuf,
        /// Show the preview only; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Undo the latest deals import.
    Undo { workspace: PathBuf, batch: i64 },
}

#[derive(Subcommand)]
pub enum ReportCmd {
    /// Realized ROI per channel and per event: spend, funnel, attributed revenue.
    Roi {
        workspace: PathBuf,
        /// first_touch, last_touch, linear, u_shaped or w_shaped.
        #[arg(long, default_value = "linear", value_parser = ["first_touch", "last_touch", "linear", "u_shaped", "w_shaped"])]
        model: String,
        /// First day (default: 1 January of this year).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day (default: today).
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// The monthly or quarterly marketing report for leadership: KPIs per team with their
    /// definitions, funnel, ROI by channel and event, cost per SQL, follow-ups, trend.
    #[command(group(clap::ArgGroup::new("period").required(true).args(["month", "quarter"])))]
    Monthly {
        workspace: PathBuf,
        /// The month, e.g. 2026-11.
        #[arg(long)]
        month: Option<String>,
        /// The quarter, e.g. 2026Q4.
        #[arg(long)]
        quarter: Option<String>,
        /// first_touch, last_touch, linear, u_shaped or w_shaped.
        #[arg(long, default_value = "linear", value_parser = ["first_touch", "last_touch", "linear", "u_shaped", "w_shaped"])]
        model: String,
        #[arg(long, default_value = "pdf", value_parser = ["pdf", "xlsx", "html"])]
        format: String,
        /// Output file (default: the report's title with the format's extension, here).
        #[arg(short, long, conflicts_with = "pages")]
        output: Option<PathBuf>,
        /// The pages as SVG instead (the app prints them): with --json a JSON array, else
        /// page-1.svg, page-2.svg… in --dir.
        #[arg(long, conflicts_with = "format")]
        pages: bool,
        /// Folder for the pages (default: here).
        #[arg(long, requires = "pages")]
        dir: Option<PathBuf>,
    },
}

pub fn score(cmd: ScoreCmd, ctx: Ctx) -> Result<(), ApiError> {
    let l = |zh, en| ctx.l(zh, en);
    match cmd {
        ScoreCmd::Recompute { workspace } => {
            let session = ctx.open(&workspace)?;
            let r = session.rescore(&|_| {}, &|_| {})?;
            ctx.emit(&r, |r| {
                println!(
                    "{} {} · {} {} · {} {} · {} {}",
                    l("已评分", "Scored"),
                    r.leads,
                    l("符合 MQL 规则", "meet the MQL rule"),
                    r.qualifying,
                    l("新标为 MQL", "newly MQL"),
                    r.promoted,
                    l("已分配跟进人", "assigned"),
                    r.assigned
                )
            })
        }
    }
}

pub fn followups(cmd: FollowupsCmd, ctx: Ctx) -> Result<(), ApiError> {
    let l = |zh, en| ctx.l(zh, en);
    match cmd {
        FollowupsCmd::List { workspace, overdue } => {
            let list = ctx.open(&workspace)?.followups(overdue)?;
            ctx.emit(&list, |list| {
                let mut t = Table::new(&[
                    l("线索", "Lead"),
                    l("公司", "Company"),
                    l("跟进人", "Owner"),
                    l("分配日", "Handed over"),
                    l("已跟进", "Attempts"),
                    l("状态", "State"),
                ]);
                for c in list {
                    t.row(vec![
                        format!("#{} {}", c.person_id, c.name),
                        c.company.clone(),
                        c.owner.clone().unwrap_or_default(),
                        c.handed_on.clone(),
                        c.attempts.to_string(),
                        c.sentence.clone(),
                    ]);
                }
                t.print();
            })
        }
    }
}

pub fn deals(cmd: DealsCmd, ctx: Ctx) -> Result<(), ApiError> {
    let l = |zh, en| ctx.l(zh, en);
    match cmd {
        DealsCmd::Import {
            workspace,
            file,
            dry_run,
        } => {
            let session = ctx.open(&workspace)?;
            let preview = session.preview_deal_import(&file)?;
            if dry_run {
                return ctx.emit(&preview, |p| {
                    let mut t = Table::new(&[
                        l("行", "Row"),
                        l("商机", "Deal"),
                        l("阶段", "Stage"),
                        l("金额", "Amount"),
                        l("线索", "Lead"),
                        l("问题", "Problem"),
                    ]);
                    for r in &p.rows {
                        t.row(vec![
                            r.line.to_string(),
                            r.name.clone(),
                            r.status_label.clone(),
                            r.amount.clone(),
                            r.lead.clone(),
                            r.problem.clone().unwrap_or_default(),
                        ]);
                    }
                    t.print();
                });
            }
            let done = session.import_deals(&file, &preview.batch)?;
            ctx.emit(&done, |d| {
                println!(
                    "{} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
                    l("新增", "Added"),
                    d.added,
                    l("更新", "updated"),
                    d.updated,
                    l("找到线索", "matched"),
                    d.matched,
                    l("未找到线索", "unmatched"),
                    d.unmatched,
                    l("推进线索", "leads moved"),
                    d.leads_moved,
                    l("跳过的行", "rows skipped"),
                    d.rejected
                );
                println!("{} {}", l("导入批次", "Batch"), d.batch_id);
            })
        }
        DealsCmd::Undo { workspace, batch } => {
            ctx.open(&workspace)?.undo_deal_import(batch)?;
            ctx.emit(&batch, |b| {
                println!("{} {b}", l("已撤销批次", "Undone batch"))
            })
        }
    }
}

/// The period of `report monthly`: a month given as a month, a quarter as a quarter.
fn report_period(
    month: Option<String>,
    quarter: Option<String>,
    ctx: Ctx,
) -> Result<ReportPeriod, ApiError> {
    let (text, want_quarter) = match (month, quarter) {
        (Some(m), _) => (m, false),
        (None, Some(q)) => (q, true),
        (None, None) => (String::new(), false),
    };
    let period = ReportPeriod::parse(&text, ctx.lang)?;
    if period.is_quarter() != want_quarter {
        return Err(if want_quarter {
            ctx.refuse(
                "invalid_period",
                format!("--quarter 需要季度，例如 2026Q4；“{text}”是月份，请用 --month。"),
                format!("--quarter takes a quarter such as 2026Q4; “{text}” is a month, give it with --month."),
            )
        } else {
            ctx.refuse(
                "invalid_period",
                format!("--month 需要月份，例如 2026-11；“{text}”是季度，请用 --quarter。"),
                format!("--month takes a month such as 2026-11; “{text}” is a quarter, give it with --quarter."),
            )
        });
    }
    Ok(period)
}

pub fn report(cmd: ReportCmd, ctx: Ctx) -> Result<(), ApiError> {
    let l = |zh, en| ctx.l(zh, en);
    match cmd {
        ReportCmd::Monthly {
            workspace,
            month,
            quarter,
            model,
            format,
            output,
            pages,
            dir,
        } => {
            let period = report_period(month, quarter, ctx)?;
            let session = ctx.open(&workspace)?;
            if pages {
                let pages = session.marketing_report_pages(period, &model)?;
                if ctx.json {
                    return ctx.emit(&pages, |_| {});
                }
                let dir = dir.unwrap_or_else(|| PathBuf::from("."));
                for (i, page) in pages.iter().enumerate() {
                    let file = dir.join(format!("page-{}.svg", i + 1));
                    std::fs::write(&file, page).map_err(|e| {
                        ApiError::new("file_error", format!("{}: {e}", file.display()))
                    })?;
                    println!("{}", file.display());
                }
                return Ok(());
            }
            let format = ExportFormat::from_name(&format).unwrap_or(ExportFormat::Pdf);
            let output = match output {
                Some(o) => o,
                None => {
                    let title = session.marketing_report(period, &model)?.title;
                    PathBuf::from(format!("{title}.{}", format.extension()))
                }
            };
            session.export_marketing_report(period, &model, format, &output)?;
            ctx.emit(&output, |o| {
                println!("{} {}", l("已导出", "Exported"), o.display());
            })
        }
        ReportCmd::Roi {
            workspace,
            model,
            from,
            to,
        } => {
            let today = chrono::Local::now().date_naive();
            let from = from.unwrap_or_else(|| {
                NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).expect("1 January")
            });
            let to = to.unwrap_or(today);
            let r = ctx.open(&workspace)?.roi_report(&model, from, to)?;
            ctx.emit(&r, |r| {
                println!(
                    "{} {} – {} · {}",
                    l("期间", "Period"),
                    r.from,
                    r.to,
                    r.model_name
                );
                let money = |m: &Option<marketdesk_api::MoneyView>| {
                    m.as_ref()
                        .map(|m| m.yuan.clone())
                        .unwrap_or_else(|| "—".into())
                };
                for (title, rows) in [
                    (l("按渠道", "By channel"), &r.channels),
                    (l("按活动", "By event"), &r.events),
                ] {
                    println!("\n{title}");
                    let mut t = Table::new(&[
                        "",
                        l("花费", "Spend"),
                        l("线索", "Leads"),
                        "MQL",
                        "SQL",
                        l("商机", "Opps"),
                        l("归因收入", "Revenue"),
                        l("单个 SQL 成本", "Cost/SQL"),
                        "ROI",
                        "MQL→SQL",
                    ]);
                    for x in rows.iter().chain(
                        std::iter::once(&r.total).filter(|_| std::ptr::eq(rows, &r.channels)),
                    ) {
                        t.row(vec![
                            x.label.clone(),
                            x.spend.yuan.clone(),
                            x.leads.to_string(),
                            x.mql.to_string(),
                            x.sql.to_string(),
                            x.opportunities.to_string(),
                            x.revenue.yuan.clone(),
                            money(&x.cost_per_sql),
                            x.roi.clone().unwrap_or_else(|| "—".into()),
                            x.mql_to_sql.clone().unwrap_or_else(|| "—".into()),
                        ]);
                    }
                    t.print();
                }
                println!(
                    "\n{} {}",
                    l(
                        "未归因收入（找不到线索或线索无触达）：",
                        "Unattributed revenue (no lead or no touch): "
                    ),
                    r.unattributed_revenue.yuan
                );
                for n in &r.notes {
                    println!("· {n}");
                }
            })
        }
    }
}
