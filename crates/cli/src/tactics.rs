//! `marketdesk tactics list|add|edit|delete`: the current plan's tactics.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use marketdesk_api::{ApiError, TacticForm, TacticView};
use marketdesk_core::Brief;

use crate::ctx::{print_warnings, Ctx};
use crate::lookup;
use crate::table::Table;

#[derive(Subcommand)]
pub enum TacticsCmd {
    /// List the current plan's tactics.
    List { workspace: PathBuf },
    /// Add a tactic to the current plan.
    Add {
        workspace: PathBuf,
        /// Channel by name (线下活动) or code (offline_events).
        #[arg(long)]
        channel: String,
        /// Name of the tactic, e.g. 金融科技峰会赞助.
        #[arg(long)]
        name: String,
        /// Planned amount as typed: 300000, "300,000", 30万.
        #[arg(long, allow_hyphen_values = true)]
        planned: String,
        #[command(flatten)]
        details: Details,
    },
    /// Change a tactic; options not given keep their values.
    Edit {
        workspace: PathBuf,
        id: i64,
        /// Channel by name (线下活动) or code (offline_events).
        #[arg(long)]
        channel: Option<String>,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// Planned amount as typed: 300000, "300,000", 30万.
        #[arg(long, allow_hyphen_values = true)]
        planned: Option<String>,
        #[command(flatten)]
        details: Details,
    },
    /// Delete a tactic (the app can still undo it).
    Delete { workspace: PathBuf, id: i64 },
}

/// The options `add` and `edit` share; each one left out keeps its value (or its default).
#[derive(Args)]
pub struct Details {
    /// Who runs it.
    #[arg(long)]
    owner: Option<String>,
    /// 华东, 华北, …
    #[arg(long)]
    region: Option<String>,
    /// Quarters it runs in: Q2, Q2,Q3, Q1-Q2, 全年/all.
    #[arg(long, conflicts_with = "date")]
    quarters: Option<String>,
    /// Start date in the plan's year, e.g. 2027-05-20 (puts it in that quarter); "" clears it.
    #[arg(long)]
    date: Option<String>,
    /// Expected leads.
    #[arg(long)]
    leads: Option<String>,
    /// Expected MQLs.
    #[arg(long)]
    mql: Option<String>,
    /// Expected SQLs.
    #[arg(long)]
    sql: Option<String>,
    /// Expected deals.
    #[arg(long)]
    deals: Option<String>,
    /// Expected revenue, e.g. 300万.
    #[arg(long, allow_hyphen_values = true)]
    revenue: Option<String>,
    /// Brief: the problem it solves (解决什么问题).
    #[arg(long)]
    problem: Option<String>,
    /// Brief: the expected result (预期结果).
    #[arg(long)]
    result: Option<String>,
    /// Brief: how it is measured (KPI).
    #[arg(long)]
    kpi: Option<String>,
    /// Brief: the people it needs (需要的人员).
    #[arg(long)]
    people: Option<String>,
}

/// What the form needs whatever the options: from the command line for `add`, from the
/// tactic as it is for `edit`.
struct Base {
    channel_id: i64,
    name: String,
    planned: String,
    owner: String,
    region: String,
    brief: Brief,
}

impl Details {
    fn brief(&self, current: Brief) -> Option<Brief> {
        let texts = [&self.problem, &self.result, &self.kpi, &self.people];
        if texts.iter().all(|t| t.is_none()) {
            // The API keeps the stored brief.
            return None;
        }
        let keep = |given: &Option<String>, was: String| given.clone().unwrap_or(was);
        Some(Brief {
            problem: keep(&self.problem, current.problem),
            expected_result: keep(&self.result, current.expected_result),
            kpi: keep(&self.kpi, current.kpi),
            people: keep(&self.people, current.people),
        })
    }

    fn form(&self, base: Base, ctx: Ctx) -> Result<TacticForm, ApiError> {
        let quarters = self
            .quarters
            .as_deref()
            .map(|q| lookup::quarters(q, ctx))
            .transpose()?;
        Ok(TacticForm {
            channel_id: Some(base.channel_id),
            name: base.name,
            owner: self.owner.clone().unwrap_or(base.owner),
            region: self.region.clone().unwrap_or(base.region),
            quarters,
            starts_on: self.date.clone(),
            planned: base.planned,
            expected_leads: self.leads.clone(),
            expected_mql: self.mql.clone(),
            expected_sql: self.sql.clone(),
            expected_deals: self.deals.clone(),
            expected_revenue: self.revenue.clone(),
            brief: self.brief(base.brief),
        })
    }
}

pub fn run(cmd: TacticsCmd, ctx: Ctx) -> Result<(), ApiError> {
    match cmd {
        TacticsCmd::List { workspace } => {
            let o = ctx.open(&workspace)?.budget_overview()?;
            ctx.plan(&o)?;
            ctx.emit(&o.tactics, |tactics| {
                print_table(tactics.iter(), ctx);
                println!(
                    "{} {} · {} {}",
                    ctx.l("预算项", "Tactics"),
                    tactics.len(),
                    ctx.l("已分配", "Allocated"),
                    o.allocated.yuan
                );
            })
        }
        TacticsCmd::Add {
            workspace,
            channel,
            name,
            planned,
            details,
        } => {
            let session = ctx.open(&workspace)?;
            let before = session.budget_overview()?;
            ctx.plan(&before)?;
            let base = Base {
                channel_id: lookup::channel(&before, &channel, ctx)?.id,
                name,
                planned,
                owner: String::new(),
                region: String::new(),
                brief: Brief::default(),
            };
            let after = session.save_tactic(None, &details.form(base, ctx)?)?;
            ctx.emit(&after, |o| {
                let added: Vec<&TacticView> = o
                    .tactics
                    .iter()
                    .filter(|t| before.tactics.iter().all(|b| b.id != t.id))
                    .collect();
                for t in &added {
                    println!(
                        "{} #{} {}",
                        ctx.l("已添加预算项", "Added tactic"),
                        t.id,
                        t.name
                    );
                }
                print_table(added.into_iter(), ctx);
                print_warnings(o);
            })
        }
        TacticsCmd::Edit {
            workspace,
            id,
            channel,
            name,
            planned,
            details,
        } => {
            let session = ctx.open(&workspace)?;
            let before = session.budget_overview()?;
            ctx.plan(&before)?;
            let t = lookup::tactic_by_id(&before, id, ctx)?;
            let base = Base {
                channel_id: match &channel {
                    Some(c) => lookup::channel(&before, c, ctx)?.id,
                    None => t.channel_id,
                },
                name: name.unwrap_or_else(|| t.name.clone()),
                planned: planned.unwrap_or_else(|| t.planned.yuan.clone()),
                owner: t.owner.clone(),
                region: t.region.clone(),
                brief: t.brief.clone(),
            };
            let after = session.save_tactic(Some(id), &details.form(base, ctx)?)?;
            ctx.emit(&after, |o| {
                println!("{} #{id}", ctx.l("已保存预算项", "Saved tactic"));
                print_table(o.tactics.iter().filter(|t| t.id == id), ctx);
                print_warnings(o);
            })
        }
        TacticsCmd::Delete { workspace, id } => {
            let session = ctx.open(&workspace)?;
            let before = session.budget_overview()?;
            ctx.plan(&before)?;
            let name = lookup::tactic_by_id(&before, id, ctx)?.name.clone();
            let after = session.delete_tactic(id)?;
            ctx.emit(&after, |o| {
                println!("{} #{id} {name}", ctx.l("已删除预算项", "Deleted tactic"));
                println!(
                    "{} {} · {} {}",
                    ctx.l("预算项", "Tactics"),
                    o.tactics.len(),
                    ctx.l("已分配", "Allocated"),
                    o.allocated.yuan
                );
            })
        }
    }
}

fn print_table<'a>(tactics: impl Iterator<Item = &'a TacticView>, ctx: Ctx) {
    let mut t = Table::new(&[
        "ID",
        ctx.l("渠道", "Channel"),
        ctx.l("预算项", "Tactic"),
        ctx.l("负责人", "Owner"),
        ctx.l("区域", "Region"),
        ctx.l("季度", "Quarter"),
        ctx.l("计划金额", "Planned"),
        ctx.l("预期线索", "Leads"),
        "MQL",
        "SQL",
        ctx.l("简报", "Brief"),
    ]);
    for tactic in tactics {
        t.row(vec![
            tactic.id.to_string(),
            tactic.channel_name.clone(),
            tactic.name.clone(),
            tactic.owner.clone(),
            tactic.region.clone(),
            lookup::quarter_label(tactic, ctx),
            tactic.planned.yuan.clone(),
            tactic.expected.leads.to_string(),
            tactic.expected.mql.to_string(),
            tactic.expected.sql.to_string(),
            if tactic.brief_complete { "✓" } else { "—" }.into(),
        ]);
    }
    t.print();
}
