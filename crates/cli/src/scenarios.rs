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
        /// With --scale: keep the tactics' expected outputs as planned instead of scaling them
        /// with the money (which keeps each cost per lead, MQL, SQL and deal).
        #[arg(long, requires = "scale")]
        keep_outputs: bool,
        /// Move POINTS percentage points of share from one channel (name or code) to another.
        #[arg(long = "move", num_args = 3, value_names = ["FROM", "TO", "POINTS"])]
        move_share: Option<Vec<String>>,
    },
    /// Make a scenario's numbers the current plan's (a new version of it). Refused for a
    /// scenario built from an older version; `plan versions` / `plan restore` undo it.
    Adopt {
        workspace: PathBuf,
        id: i64,
        /// Adopt without listing the changes first.
        #[arg(long)]
        yes: bool,
    },
    /// Make a scenario again from the plan as it is now (same adjustment and name).
    Rebuild { workspace: PathBuf, id: i64 },
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
            keep_outputs,
            move_share,
        } => {
            let session = ctx.open(&workspace)?;
            let adjustment = match (scale, move_share.as_deref()) {
                (Some(percent), _) => AdjustmentForm::ScaleTotal {
                    percent,
                    outputs: if keep_outputs {
                        marketdesk_core::Outputs::Unchanged
                    } else {
                        marketdesk_core::Outputs::FollowMoney
                    },
                },
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
        ScenarioCmd::Adopt { workspace, id, yes } => {
            let session = ctx.open(&workspace)?;
            let list = session.scenarios()?;
            let Some(s) = list.iter().find(|s| s.id == id) else {
                return Err(ctx.refuse(
                    "not_found",
                    format!("没有编号为 {id} 的方案。"),
                    format!("There is no scenario #{id}."),
                ));
            };
            if s.stale {
                // The same refusal the store gives, with what adopting would have undone.
                if !s.later_edits.is_empty() && !ctx.json {
                    eprintln!("{}", ctx.l("此后计划的修改：", "Edits to the plan since:"));
                    for e in &s.later_edits {
                        eprintln!("  - {e}");
                    }
                }
                return Err(ApiError::new("scenario_stale", s.stale_reason.clone()));
            }
            if !yes {
                if !ctx.json {
                    println!("{}", ctx.l("采纳将改变：", "Adopting changes:"));
                    for c in &s.adopt_changes {
                        println!("  - {c}");
                    }
                    for b in s.breaches.iter().filter(|b| b.warning) {
                        println!("  ! {}", b.message);
                    }
                }
                return Err(ctx.refuse(
                    "confirm_needed",
                    "确认无误后加上 --yes 再运行一次。".into(),
                    "Run again with --yes to adopt.".into(),
                ));
            }
            let a = session.adopt_scenario(id)?;
            ctx.emit(&a, |a| {
                println!("{}", a.message);
                match ctx.lang {
                    marketdesk_core::Lang::ZhCn => println!(
                        "撤销：marketdesk plan restore {} {}",
                        workspace.display(),
                        a.undo_version
                    ),
                    marketdesk_core::Lang::En => println!(
                        "To undo: marketdesk plan restore {} {}",
                        workspace.display(),
                        a.undo_version
                    ),
                }
                crate::plan::print_plan(&a.overview, ctx.lang);
            })
        }
        ScenarioCmd::Rebuild { workspace, id } => {
            let list = ctx.open(&workspace)?.rebuild_scenario(id)?;
            ctx.emit(&list, |list| {
                println!(
                    "{}",
                    ctx.l("已按当前计划重建方案", "Rebuilt on the current plan")
                );
                print_list(list, ctx);
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
    if !s.basis.is_empty() {
        println!("{}", s.basis);
    }
    let mut f = Table::new(&[
        ctx.l("预测", "Forecast"),
        ctx.l("当前计划", "Plan now"),
        ctx.l("方案", "Scenario"),
    ]);
    for r in &s.forecast {
        f.row(vec![r.label.clone(), r.current.clone(), r.scenario.clone()]);
    }
    f.print();
    for b in &s.breaches {
        let mark = if b.warning { "!" } else { "·" };
        println!("{mark} {}", b.message);
    }
    if s.stale {
        println!("{}", s.stale_reason);
    }
}
