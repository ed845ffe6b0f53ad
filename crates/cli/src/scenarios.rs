//! `marketdesk scenario list|create|adopt|delete`: what-if copies of the current plan.

use std::path::PathBuf;

use clap::Subcommand;
use marketdesk_api::{AdjustmentForm, ApiError, ScenarioView};

use crate::ctx::{signed, Ctx};
use crate::lookup;
use crate::table::Table;

#[derive(Subcommand)]
pub enum ScenarioCmd {
    /// List the current plan's scenarios with their total and difference.
    List {
        workspace: PathBuf,
        /// Also show each scenario's channels against the plan.
        #[arg(long)]
        detail: bool,
    },
    /// Copy the current plan with one adjustment: --scale or --move.
    Create {
        workspace: PathBuf,
        /// Name of the scenario (default: 新方案 / New scenario).
        #[arg(long, default_value = "")]
        name: String,
        /// Change the total by this percent, e.g. -20 or 15; tactics scale with it.
        #[arg(
            long,
            allow_hyphen_values = true,
            conflicts_with = "move_share",
            required_unless_present = "move_share"
        )]
        scale: Option<String>,
        /// Move POINTS percentage points of share from one channel (name or code) to another.
        #[arg(long = "move", num_args = 3, value_names = ["FROM", "TO", "POINTS"])]
        move_share: Option<Vec<String>>,
    },
    /// Make a scenario's numbers the current plan's (a new version of it).
    Adopt { workspace: PathBuf, id: i64 },
    /// Delete a scenario.
    Delete { workspace: PathBuf, id: i64 },
}

pub fn run(cmd: ScenarioCmd, ctx: Ctx) -> Result<(), ApiError> {
    match cmd {
        ScenarioCmd::List { workspace, detail } => {
            let list = ctx.open(&workspace)?.scenarios()?;
            ctx.emit(&list, |list| {
                print_list(list, ctx);
                if detail {
                    for s in list {
                        println!();
                        println!("#{} {}", s.id, s.name);
                        print_rows(s, ctx);
                    }
                }
            })
        }
        ScenarioCmd::Create {
            workspace,
            name,
            scale,
            move_share,
        } => {
            let session = ctx.open(&workspace)?;
            let adjustment = match (scale, move_share.as_deref()) {
                (Some(percent), _) => AdjustmentForm::ScaleTotal { percent },
                (None, Some([from, to, points])) => {
                    let o = session.budget_overview()?;
                    ctx.plan(&o)?;
                    AdjustmentForm::MoveShare {
                        from: lookup::channel(&o, from, ctx)?.code.clone(),
                        to: lookup::channel(&o, to, ctx)?.code.clone(),
                        points: points.clone(),
                    }
                }
                // clap requires one of the two, and --move takes exactly three values.
                _ => {
                    return Err(ctx.refuse(
                        "missing_adjustment",
                        "请用 --scale 或 --move 说明方案怎样调整。".into(),
                        "Say how the scenario differs: --scale or --move.".into(),
                    ))
                }
            };
            let before: Vec<i64> = session.scenarios()?.iter().map(|s| s.id).collect();
            let list = session.create_scenario(&name, &adjustment)?;
            ctx.emit(&list, |list| {
                for s in list.iter().filter(|s| !before.contains(&s.id)) {
                    println!(
                        "{} #{} {} · {} {} ({})",
                        ctx.l("已创建方案", "Created scenario"),
                        s.id,
                        s.name,
                        ctx.l("总预算", "Total"),
                        s.total.yuan,
                        signed(&s.total_delta)
                    );
                    print_rows(s, ctx);
                }
            })
        }
        ScenarioCmd::Adopt { workspace, id } => {
            let o = ctx.open(&workspace)?.adopt_scenario(id)?;
            ctx.emit(&o, |o| {
                let version = o.plan.as_ref().map_or(0, |p| p.version);
                match ctx.lang {
                    marketdesk_core::Lang::ZhCn => {
                        println!("已采用方案 #{id}，当前计划为第 {version} 版")
                    }
                    marketdesk_core::Lang::En => {
                        println!("Adopted scenario #{id}; the plan is now version {version}")
                    }
                }
                crate::plan::print_plan(o, ctx.lang);
            })
        }
        ScenarioCmd::Delete { workspace, id } => {
            let list = ctx.open(&workspace)?.delete_scenario(id)?;
            ctx.emit(&list, |list| {
                println!("{} #{id}", ctx.l("已删除方案", "Deleted scenario"));
                print_list(list, ctx);
            })
        }
    }
}

fn print_list(list: &[ScenarioView], ctx: Ctx) {
    if list.is_empty() {
        println!(
            "{}",
            ctx.l(
                "还没有方案，可用 marketdesk scenario create 新建。",
                "No scenarios yet; marketdesk scenario create makes one."
            )
        );
        return;
    }
    let mut t = Table::new(&[
        "ID",
        ctx.l("方案", "Scenario"),
        ctx.l("总预算", "Total"),
        ctx.l("与当前计划相比", "Versus plan"),
    ]);
    for s in list {
        t.row(vec![
            s.id.to_string(),
            s.name.clone(),
            s.total.yuan.clone(),
            signed(&s.total_delta),
        ]);
    }
    t.print();
}

/// A scenario's channels against the current plan.
fn print_rows(s: &ScenarioView, ctx: Ctx) {
    let mut t = Table::new(&[
        ctx.l("渠道", "Channel"),
        ctx.l("当前占比", "Share now"),
        ctx.l("方案占比", "Scenario share"),
        ctx.l("当前预算", "Budget now"),
        ctx.l("方案预算", "Scenario budget"),
        ctx.l("差额", "Difference"),
    ]);
    for r in &s.rows {
        t.row(vec![
            r.name.clone(),
            r.share_current.clone(),
            r.share_scenario.clone(),
            r.budget_current.yuan.clone(),
            r.budget_scenario.yuan.clone(),
            signed(&r.delta),
        ]);
    }
    t.print();
}
