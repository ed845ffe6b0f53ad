//! `marketdesk plan …` commands that shape a plan as the window's 概览, 季度与区域 and 规则与渠道
//! tabs do: create one from a template, set shares, channels, regions and their blend, the
//! quarter split and the guardrails.

use std::path::PathBuf;

use clap::Subcommand;
use marketdesk_api::{
    ApiError, BudgetOverview, ChannelForm, GuardrailForm, QuarterSplitForm, RegionForm,
};
use marketdesk_core::{CompanyStage, Emphasis, Template};

use crate::ctx::Ctx;
use crate::lookup;
use crate::plan::print_plan;
use crate::table::Table;

#[derive(Subcommand)]
pub enum SetupCmd {
    /// Create this year's plan from a template: seed_default, three_blocks, four_teams or empty.
    Create {
        workspace: PathBuf,
        #[arg(long, default_value = "seed_default", value_parser = ["seed_default", "three_blocks", "four_teams", "empty"])]
        template: String,
        /// The year's total as typed: 200万, 2,000,000.
        #[arg(long)]
        total: String,
        #[arg(long, default_value = "growth", value_parser = ["startup", "growth", "mature", "declining"])]
        stage: String,
        #[arg(long, default_value = "demand", value_parser = ["demand", "brand", "balanced"])]
        emphasis: String,
    },
    /// Set a channel's share (name or code), in percent: 65, 12.5.
    Share {
        workspace: PathBuf,
        channel: String,
        percent: String,
    },
    /// Add a channel of your own, with a share (default 0).
    ChannelAdd {
        workspace: PathBuf,
        name: String,
        #[arg(long, default_value = "")]
        share: String,
    },
    /// Rename a channel.
    ChannelRename {
        workspace: PathBuf,
        channel: String,
        name: String,
    },
    /// Remove a channel that has no tactics.
    ChannelDelete { workspace: PathBuf, channel: String },
    /// Add a region, or change the one of that name: last year's contribution and this year's
    /// commitment.
    Region {
        workspace: PathBuf,
        name: String,
        #[arg(long, default_value = "")]
        last_year: String,
        #[arg(long, default_value = "")]
        commitment: String,
    },
    /// Remove a region.
    RegionDelete { workspace: PathBuf, name: String },
    /// The weight of last year's contribution in the regional blend, in percent (the rest
    /// follows the commitments).
    Blend { workspace: PathBuf, percent: String },
    /// How channel budgets spread over the quarters: even, by-tactics, or four weights "1,2,2,1".
    Quarters { workspace: PathBuf, split: String },
    /// The plan's guardrails.
    Rules { workspace: PathBuf },
    /// Add a guardrail: a channel's share about / at most / at least a target.
    RuleAdd {
        workspace: PathBuf,
        #[command(flatten)]
        rule: RuleArgs,
    },
    /// Change a guardrail (ID from `plan rules`).
    RuleEdit {
        workspace: PathBuf,
        id: i64,
        #[command(flatten)]
        rule: RuleArgs,
    },
    /// Delete a guardrail (ID from `plan rules`).
    RuleDelete { workspace: PathBuf, id: i64 },
}

/// A guardrail as typed, for adding or changing one.
#[derive(clap::Args)]
pub struct RuleArgs {
    /// The channel, by name or code.
    channel: String,
    #[arg(value_parser = ["about", "at_most", "at_least"])]
    kind: String,
    /// Percent: 70.
    target: String,
    /// For "about": ± this many points.
    #[arg(long, default_value = "")]
    tolerance: String,
    /// Why the rule exists (empty: the built-in reason for the brief's rules).
    #[arg(long, default_value = "")]
    message: String,
}

pub fn run(cmd: SetupCmd, ctx: Ctx) -> Result<(), ApiError> {
    let show = |o: &BudgetOverview| ctx.emit(o, |o| print_plan(o, ctx.lang));
    match cmd {
        SetupCmd::Create {
            workspace,
            template,
            total,
            stage,
            emphasis,
        } => {
            let session = ctx.open(&workspace)?;
            let lang = ctx.lang;
            let code = |e: marketdesk_core::CoreError| ApiError::from_err(&e, lang);
            let o = session.create_plan(
                Template::from_code(&template).map_err(code)?,
                &total,
                CompanyStage::from_code(&stage).map_err(code)?,
                Emphasis::from_code(&emphasis).map_err(code)?,
            )?;
            show(&o)
        }
        SetupCmd::Share {
            workspace,
            channel,
            percent,
        } => {
            let session = ctx.open(&workspace)?;
            let o = session.budget_overview()?;
            ctx.plan(&o)?;
            let id = lookup::channel(&o, &channel, ctx)?.id;
            show(&session.set_channel_share(id, &percent)?)
        }
        SetupCmd::ChannelAdd {
            workspace,
            name,
            share,
        } => {
            let session = ctx.open(&workspace)?;
            show(&session.add_channel(&ChannelForm { name, share })?)
        }
        SetupCmd::ChannelRename {
            workspace,
            channel,
            name,
        } => {
            let session = ctx.open(&workspace)?;
            let o = session.budget_overview()?;
            ctx.plan(&o)?;
            let id = lookup::channel(&o, &channel, ctx)?.id;
            show(&session.rename_channel(id, &name)?)
        }
        SetupCmd::ChannelDelete { workspace, channel } => {
            let session = ctx.open(&workspace)?;
            let o = session.budget_overview()?;
            ctx.plan(&o)?;
            let id = lookup::channel(&o, &channel, ctx)?.id;
            show(&session.delete_channel(id)?)
        }
        SetupCmd::Region {
            workspace,
            name,
            last_year,
            commitment,
        } => {
            let session = ctx.open(&workspace)?;
            let o = session.budget_overview()?;
            ctx.plan(&o)?;
            let existing = o
                .regions
                .as_ref()
                .and_then(|r| r.rows.iter().find(|r| r.region == name.trim()));
            // Blank inputs of an existing region keep what it has.
            let keep = |typed: String, had: Option<&marketdesk_api::MoneyView>| match (
                typed.trim(),
                had,
            ) {
                ("", Some(m)) => m.yuan.clone(),
                _ => typed,
            };
            let form = RegionForm {
                region: name.clone(),
                last_year: keep(last_year, existing.map(|r| &r.last_year)),
                commitment: keep(commitment, existing.map(|r| &r.commitment)),
            };
            let o = session.save_region(existing.map(|r| r.id), &form)?;
            crate::plan::regions(&o, ctx)
        }
        SetupCmd::RegionDelete { workspace, name } => {
            let session = ctx.open(&workspace)?;
            let o = session.budget_overview()?;
            ctx.plan(&o)?;
            let Some(id) = o
                .regions
                .as_ref()
                .and_then(|r| r.rows.iter().find(|r| r.region == name.trim()))
                .map(|r| r.id)
            else {
                return Err(ctx.refuse(
                    "not_found",
                    format!("当前计划里没有名为“{name}”的区域。"),
                    format!("The current plan has no region named “{name}”."),
                ));
            };
            let removed = session.delete_region(id)?;
            crate::plan::regions(&removed.overview, ctx)
        }
        SetupCmd::Blend { workspace, percent } => {
            let o = ctx.open(&workspace)?.set_region_weight(&percent)?;
            crate::plan::regions(&o, ctx)
        }
        SetupCmd::Quarters { workspace, split } => {
            let form = match split.trim() {
                "even" => QuarterSplitForm::Even,
                "by-tactics" | "by_tactics" => QuarterSplitForm::ByTactics,
                weights => {
                    let parts: Vec<String> = weights
                        .split([',', '，', ':', ' '])
                        .filter(|w| !w.is_empty())
                        .map(str::to_string)
                        .collect();
                    let Ok(weights) = <[String; 4]>::try_from(parts) else {
                        return Err(ctx.refuse(
                            "invalid_quarter_split",
                            format!("“{weights}”不是季度拆分方式：请写 even、by-tactics，或四个比例如 1,2,2,1。"),
                            format!("“{weights}” is not a quarter split: write even, by-tactics, or four weights such as 1,2,2,1."),
                        ));
                    };
                    QuarterSplitForm::Weights { weights }
                }
            };
            let o = ctx.open(&workspace)?.set_quarter_split(&form)?;
            ctx.emit(&o, |o| {
                if let Some(q) = &o.quarters {
                    let mut t = Table::new(&[ctx.l("渠道", "Channel"), "Q1", "Q2", "Q3", "Q4"]);
                    for r in &q.rows {
                        let mut row = vec![r.name.clone()];
                        row.extend(r.quarters.iter().map(|m| m.yuan.clone()));
                        t.row(row);
                    }
                    t.print();
                }
            })
        }
        SetupCmd::Rules { workspace } => {
            let o = ctx.open(&workspace)?.budget_overview()?;
            ctx.plan(&o)?;
            ctx.emit(&o.guardrails, |rules| print_rules(rules, ctx))
        }
        SetupCmd::RuleAdd { workspace, rule } => save_rule(ctx, &workspace, None, rule),
        SetupCmd::RuleEdit {
            workspace,
            id,
            rule,
        } => save_rule(ctx, &workspace, Some(id), rule),
        SetupCmd::RuleDelete { workspace, id } => {
            let removed = ctx.open(&workspace)?.delete_guardrail(id)?;
            ctx.emit(&removed.overview, |o| print_rules(&o.guardrails, ctx))
        }
    }
}

fn save_rule(
    ctx: Ctx,
    workspace: &std::path::Path,
    id: Option<i64>,
    rule: RuleArgs,
) -> Result<(), ApiError> {
    let session = ctx.open(workspace)?;
    let o = session.budget_overview()?;
    ctx.plan(&o)?;
    let form = GuardrailForm {
        channel_code: lookup::channel(&o, &rule.channel, ctx)?.code.clone(),
        kind: rule.kind,
        target: rule.target,
        tolerance: rule.tolerance,
        message: rule.message,
    };
    let o = session.save_guardrail(id, &form)?;
    ctx.emit(&o.guardrails, |rules| print_rules(rules, ctx))
}

fn print_rules(rules: &[marketdesk_api::GuardrailView], ctx: Ctx) {
    let mut t = Table::new(&[
        "ID",
        ctx.l("渠道", "Channel"),
        ctx.l("规则", "Rule"),
        ctx.l("现在", "Now"),
        "",
        ctx.l("原因", "Reason"),
    ]);
    for r in rules {
        let why = if r.message.is_empty() {
            &r.built_in_message
        } else {
            &r.message
        };
        t.row(vec![
            r.id.to_string(),
            r.channel_name.clone(),
            r.rule.clone(),
            r.actual.clone(),
            if r.kept { "" } else { "!" }.into(),
            why.clone(),
        ]);
    }
    t.print();
}
