//! `marketdesk`: the same API as the desktop app, from a terminal.

/// `println!` for every command: `marketdesk leads list … | head` closes the pipe early, and
/// the standard macro would panic on the next line; this one ends the program quietly, as
/// other command-line tools do.
macro_rules! println {
    () => {
        $crate::stdout_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::stdout_line(format_args!($($arg)*))
    };
}

mod ctx;
mod events;
mod leads;
mod lookup;
mod plan;
mod plan_setup;
mod revenue;
mod scenarios;
mod spend;
mod table;
mod tactics;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use marketdesk_api::{ApiError, CancelToken, ExportFormat, Session};
use marketdesk_core::Lang;
use serde::Serialize;

use crate::ctx::Ctx;
use crate::events::EventsCmd;
use crate::leads::{ImportArgs, LeadsCmd};
use crate::plan::print_plan;
use crate::scenarios::ScenarioCmd;
use crate::spend::SpendCmd;
use crate::table::Table;
use crate::tactics::TacticsCmd;

#[derive(Parser)]
#[command(
    name = "marketdesk",
    version,
    about = "Marketdesk 市场部工作台 — budget, events and leads of a B2B marketing team"
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// Log what happens (to stderr).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Language of messages: zh-CN or en (default: from LANG).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Create or describe a workspace file.
    #[command(subcommand)]
    Workspace(WorkspaceCmd),
    /// The budget plan.
    #[command(subcommand)]
    Plan(PlanCmd),
    /// The current plan's tactics (预算项).
    #[command(subcommand)]
    Tactics(Box<TacticsCmd>),
    /// Commitments and payments against the plan.
    #[command(subcommand)]
    Spend(SpendCmd),
    /// What-if copies of the plan: scale the total or move share between channels.
    #[command(subcommand)]
    Scenario(ScenarioCmd),
    /// Events: candidates scored, accepted into the plan, reviewed against their lists.
    #[command(subcommand)]
    Events(Box<EventsCmd>),
    /// The lead store.
    #[command(subcommand)]
    Leads(LeadsCmd),
    /// Read an event's registration or check-in list into the lead store.
    Import(Box<ImportArgs>),
    /// Results per event and forecast per channel; `report roi` for realized ROI.
    #[command(args_conflicts_with_subcommands = true)]
    Report {
        workspace: Option<PathBuf>,
        #[command(subcommand)]
        cmd: Option<revenue::ReportCmd>,
    },
    /// Lead scoring.
    #[command(subcommand)]
    Score(revenue::ScoreCmd),
    /// The follow-up clock on handed-over leads.
    #[command(subcommand)]
    Followups(revenue::FollowupsCmd),
    /// Deals from the CRM's export.
    #[command(subcommand)]
    Deals(revenue::DealsCmd),
    /// Tell what files are by their content (as dropping them on the window does).
    Inspect {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum WorkspaceCmd {
    /// Create a new workspace file (refuses to overwrite).
    Init {
        path: PathBuf,
        /// Fill it with the demo plan, events and leads.
        #[arg(long)]
        demo: bool,
    },
    /// Show what a workspace holds.
    Info { path: PathBuf },
}

#[derive(Subcommand)]
enum PlanCmd {
    /// Show the current plan: channels, shares, amounts, tactics.
    Show { workspace: PathBuf },
    /// Write the printed plan: PDF (A4, for leadership), xlsx (same tables, editable) or HTML.
    Export {
        workspace: PathBuf,
        #[arg(long, default_value = "pdf", value_parser = ["pdf", "xlsx", "html"])]
        format: String,
        /// Output file (default: the plan's name with the format's extension, here).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The printed plan's pages as SVG, exactly as the PDF lays them out (the app prints them):
    /// with --json a JSON array of SVG documents, else each page to PAGE-N.svg in --dir.
    Pages {
        workspace: PathBuf,
        /// Folder for page-1.svg, page-2.svg… (default: here).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Set the current plan's total, e.g. 2000000, "¥2,000,000", 200万 or 2亿.
    SetTotal {
        workspace: PathBuf,
        #[arg(allow_negative_numbers = true)]
        amount: String,
        /// Confirm a total of 0 (every channel's budget becomes 0).
        #[arg(long)]
        yes: bool,
    },
    /// Forecast per channel: cost, leads, MQL, SQL, cost per lead and SQL, revenue multiple.
    Roi { workspace: PathBuf },
    /// Regions: last year, commitment, top-down and blended budget, difference.
    Regions { workspace: PathBuf },
    /// The plan's objectives and risks, printed for leadership (either may be given alone).
    Texts {
        workspace: PathBuf,
        #[arg(long)]
        objectives: Option<String>,
        #[arg(long)]
        risks: Option<String>,
    },
    /// Last year's spend on a channel (name or code), for 与上年对比; "" reads last year's plan.
    LastYear {
        workspace: PathBuf,
        channel: String,
        amount: String,
    },
    /// Create a plan, set shares, channels, regions, the blend, quarters and guardrails.
    #[command(flatten)]
    Setup(plan_setup::SetupCmd),
    /// Every version of the current plan, newest first, with what changed in each.
    Versions { workspace: PathBuf },
    /// Bring back an earlier version of the current plan (as its next version).
    Restore { workspace: PathBuf, version: i64 },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .global
        .lang
        .clone()
        .or_else(|| std::env::var("LANG").ok())
        .map(|t| Lang::from_tag(&t))
        .unwrap_or_default();
    let level = if cli.global.verbose { "debug" } else { "warn" };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(format!(
            "marketdesk={level},warn"
        )))
        .with_writer(std::io::stderr)
        .init();
    match run(cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.message);
            ExitCode::FAILURE
        }
    }
}

/// Writes one line to stdout; a closed pipe ends the program (nothing is left to say).
pub(crate) fn stdout_line(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{args}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("{e}");
        std::process::exit(1);
    }
}

fn emit<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T)) -> Result<(), ApiError> {
    if json {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| ApiError::new("internal", e.to_string()))?;
        println!("{text}");
    } else {
        human(value);
    }
    Ok(())
}

fn run(cli: Cli, lang: Lang) -> Result<(), ApiError> {
    let json = cli.global.json;
    let ctx = Ctx { json, lang };
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    match cli.command {
        Command::Workspace(WorkspaceCmd::Init { path, demo }) => {
            let session = Session::create(&path, demo, lang)?;
            let info = session.workspace_info()?;
            emit(json, &info, |i| {
                println!(
                    "{} {}",
                    l("已创建工作区", "Created workspace"),
                    path.display()
                );
                println!("{}: {}", l("线索", "Leads"), i.counts.leads);
            })
        }
        Command::Workspace(WorkspaceCmd::Info { path }) => {
            let info = Session::open_existing(&path, lang)?.workspace_info()?;
            emit(json, &info, |i| {
                let mut t = Table::new(&[l("项目", "Item"), l("值", "Value")]);
                t.row(vec![l("文件", "File").into(), path.display().to_string()]);
                t.row(vec![
                    l("公司", "Company").into(),
                    i.company.clone().unwrap_or_default(),
                ]);
                t.row(vec![
                    l("数据版本", "Schema version").into(),
                    i.schema_version.to_string(),
                ]);
                t.row(vec![
                    l("预算计划", "Plans").into(),
                    i.counts.plans.to_string(),
                ]);
                t.row(vec![
                    l("预算项", "Tactics").into(),
                    i.counts.tactics.to_string(),
                ]);
                t.row(vec![
                    l("活动", "Events").into(),
                    i.counts.events.to_string(),
                ]);
                t.row(vec![
                    l("候选活动", "Candidate events").into(),
                    i.counts.candidates.to_string(),
                ]);
                t.row(vec![l("线索", "Leads").into(), i.counts.leads.to_string()]);
                t.row(vec![
                    l("文件大小", "Size").into(),
                    i.size_bytes.map(|b| format!("{b} B")).unwrap_or_default(),
                ]);
                t.print();
            })
        }
        Command::Plan(PlanCmd::Show { workspace }) => {
            let overview = Session::open_existing(&workspace, lang)?.budget_overview()?;
            emit(json, &overview, |o| print_plan(o, lang))
        }
        Command::Plan(PlanCmd::Export {
            workspace,
            format,
            output,
        }) => {
            let session = Session::open_existing(&workspace, lang)?;
            let format = ExportFormat::from_name(&format).unwrap_or(ExportFormat::Pdf);
            let output = match output {
                Some(o) => o,
                None => {
                    let doc = session.plan_document()?;
                    PathBuf::from(format!("{}.{}", doc.title, format.extension()))
                }
            };
            session.export_plan(format, &output)?;
            emit(json, &output, |o| {
                println!("{} {}", l("已导出", "Exported"), o.display());
            })
        }
        Command::Plan(PlanCmd::SetTotal {
            workspace,
            amount,
            yes,
        }) => {
            let session = Session::open_existing(&workspace, lang)?;
            let plan = session
                .budget_overview()?
                .plan
                .ok_or_else(|| ApiError::no_plan(lang))?;
            let overview = match session.set_plan_total(plan.id, &amount) {
                Err(e) if e.code == "confirm_zero_total" && yes => {
                    session.set_plan_total_to_zero(plan.id)?
                }
                Err(e) if e.code == "confirm_zero_total" => {
                    return Err(ApiError::new(
                        &e.code,
                        format!(
                            "{} {}",
                            e.message,
                            l("确认请加 --yes。", "Add --yes to confirm.")
                        ),
                    ))
                }
                other => other?,
            };
            emit(json, &overview, |o| print_plan(o, lang))
        }
        Command::Plan(PlanCmd::Pages { workspace, dir }) => {
            let pages = ctx.open(&workspace)?.plan_pages()?;
            if json {
                return emit(json, &pages, |_| {});
            }
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            for (i, page) in pages.iter().enumerate() {
                let file = dir.join(format!("page-{}.svg", i + 1));
                std::fs::write(&file, page)
                    .map_err(|e| ApiError::new("file_error", format!("{}: {e}", file.display())))?;
                println!("{}", file.display());
            }
            Ok(())
        }
        Command::Plan(PlanCmd::Roi { workspace }) => {
            plan::roi(&ctx.open(&workspace)?.budget_overview()?, ctx)
        }
        Command::Plan(PlanCmd::Regions { workspace }) => {
            plan::regions(&ctx.open(&workspace)?.budget_overview()?, ctx)
        }
        Command::Plan(PlanCmd::Texts {
            workspace,
            objectives,
            risks,
        }) => {
            let session = ctx.open(&workspace)?;
            let o = session.budget_overview()?;
            let plan = ctx.plan(&o)?;
            let overview = session.set_plan_texts(
                objectives.as_deref().unwrap_or(&plan.objectives),
                risks.as_deref().unwrap_or(&plan.risks),
            )?;
            emit(json, &overview, |o| print_plan(o, lang))
        }
        Command::Plan(PlanCmd::LastYear {
            workspace,
            channel,
            amount,
        }) => {
            let session = ctx.open(&workspace)?;
            let o = session.budget_overview()?;
            ctx.plan(&o)?;
            let id = lookup::channel(&o, &channel, ctx)?.id;
            let overview = session.set_channel_last_year(id, &amount)?;
            emit(json, &overview, |o| print_plan(o, lang))
        }
        Command::Plan(PlanCmd::Setup(cmd)) => plan_setup::run(cmd, ctx),
        Command::Plan(PlanCmd::Versions { workspace }) => {
            let versions = ctx.open(&workspace)?.plan_versions()?;
            emit(json, &versions, |versions| {
                let mut t = Table::new(&[
                    l("版本", "Version"),
                    l("时间", "Saved"),
                    l("来由", "Cause"),
                    l("改动", "Changes"),
                ]);
                for v in versions {
                    let version = if v.current {
                        format!("{} *", v.version)
                    } else {
                        v.version.to_string()
                    };
                    t.row(vec![
                        version,
                        v.saved_at.clone(),
                        v.cause.clone(),
                        v.changes.join(l("；", "; ")),
                    ]);
                }
                t.print();
            })
        }
        Command::Plan(PlanCmd::Restore { workspace, version }) => {
            let overview = ctx.open(&workspace)?.restore_plan_version(version)?;
            emit(json, &overview, |o| print_plan(o, lang))
        }
        Command::Tactics(cmd) => tactics::run(*cmd, ctx),
        Command::Spend(cmd) => spend::run(cmd, ctx),
        Command::Scenario(cmd) => scenarios::run(cmd, ctx),
        Command::Events(cmd) => events::run(*cmd, ctx),
        Command::Leads(cmd) => leads::run(cmd, ctx),
        Command::Import(args) => leads::import(*args, ctx),
        Command::Report { cmd: Some(cmd), .. } => revenue::report(cmd, ctx),
        Command::Score(cmd) => revenue::score(cmd, ctx),
        Command::Followups(cmd) => revenue::followups(cmd, ctx),
        Command::Deals(cmd) => revenue::deals(cmd, ctx),
        Command::Report {
            workspace: None, ..
        } => Err(ctx.refuse(
            "missing_workspace",
            "请给出工作区文件，例如 marketdesk report 工作区.marketdesk，或 marketdesk report roi 工作区.marketdesk。".into(),
            "Give the workspace file, e.g. marketdesk report ws.marketdesk, or marketdesk report roi ws.marketdesk.".into(),
        )),
        Command::Report {
            workspace: Some(workspace),
            ..
        } => {
            let report = Session::open_existing(&workspace, lang)?.reports()?;
            emit(json, &report, |r| {
                let unknown = l("未填写", "not entered");
                let mut t = Table::new(&[
                    l("活动", "Event"),
                    l("费用", "Cost"),
                    l("线索（人）", "Leads (people)"),
                    l("到场", "Present"),
                    l("到场率", "Turnout"),
                    l("到场/目标", "Present/target"),
                    l("单条线索成本", "Cost per lead"),
                ]);
                for e in &r.events {
                    t.row(vec![
                        e.name.clone(),
                        e.cost.as_ref().map_or(unknown.into(), |c| c.yuan.clone()),
                        e.leads.to_string(),
                        e.present.to_string(),
                        e.turnout.clone(),
                        e.against_target.clone(),
                        e.cost_per_lead
                            .as_ref()
                            .map(|m| m.yuan.clone())
                            .unwrap_or_default(),
                    ]);
                }
                t.print();
                match lang {
                    Lang::ZhCn => println!(
                        "线索 {} 人（各活动名单合计 {} 人次）；已填费用合计 {}，平均每条线索 {}{}",
                        r.total_event_leads,
                        r.list_entries,
                        r.total_event_cost.yuan,
                        r.average_cost_per_lead.as_ref().map_or("—", |m| m.yuan.as_str()),
                        if r.events_without_cost > 0 {
                            format!("（{} 场活动未填费用，不计入平均）", r.events_without_cost)
                        } else {
                            String::new()
                        }
                    ),
                    Lang::En => println!(
                        "{} leads (people; {} list entries across events); costs entered {}, {} per lead{}",
                        r.total_event_leads,
                        r.list_entries,
                        r.total_event_cost.yuan,
                        r.average_cost_per_lead.as_ref().map_or("—", |m| m.yuan.as_str()),
                        if r.events_without_cost > 0 {
                            format!(" ({} events without a cost are left out of the average)", r.events_without_cost)
                        } else {
                            String::new()
                        }
                    ),
                }
            })
        }
        Command::Inspect { files } => {
            let found =
                marketdesk_api::inspect_files(&files, lang, 0, &CancelToken::default(), &|_| {})?;
            emit(json, &found, |found| {
                let mut t = Table::new(&[
                    l("文件", "File"),
                    l("类型", "Kind"),
                    l("可导入", "Importable"),
                ]);
                for f in found {
                    let kind = f.problem.clone().unwrap_or_else(|| f.kind_label.clone());
                    t.row(vec![
                        f.name.clone(),
                        kind,
                        if f.importable {
                            l("是", "yes")
                        } else {
                            l("否", "no")
                        }
                        .into(),
                    ]);
                }
                t.print();
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Clap checks a command's definition only when that command is parsed: a clash between
    /// two arguments of one subcommand would otherwise panic in the user's hands.
    #[test]
    fn every_command_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
