//! `marketdesk spend list|add|delete`: commitments and payments booked against tactics.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use marketdesk_api::{ApiError, SpendForm, SpendView, TrackingView};
use marketdesk_core::SpendKind;

use crate::ctx::{print_warnings, Ctx};
use crate::lookup;
use crate::table::Table;

#[derive(Subcommand)]
pub enum SpendCmd {
    /// List booked spend, newest first; with --by, planned vs committed vs paid.
    List {
        workspace: PathBuf,
        /// Show the tracking table per channel, quarter or region instead.
        #[arg(long, value_enum)]
        by: Option<By>,
    },
    /// Book a payment (or with --committed a commitment) against a tactic.
    Add {
        workspace: PathBuf,
        /// The tactic's id or exact name.
        #[arg(long)]
        tactic: String,
        /// In the plan's year: 2027-03-15, 2027/3/15 or 2027年3月15日.
        #[arg(long)]
        date: String,
        /// As typed: 300000, "300,000", 30万.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Signed or ordered but not paid yet (default: paid).
        #[arg(long)]
        committed: bool,
        #[arg(long, default_value = "")]
        vendor: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Delete a spend entry.
    Delete { workspace: PathBuf, id: i64 },
    /// Book spend from a sheet (xlsx, xls, ods, csv in any encoding): every row is checked,
    /// problem rows explained and skipped, the rest booked at once; --dry-run only previews.
    Import {
        workspace: PathBuf,
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Undo a spend import as a whole (BATCH as the import printed it).
    UndoImport { workspace: PathBuf, batch: String },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum By {
    Channel,
    Quarter,
    Region,
}

pub fn run(cmd: SpendCmd, ctx: Ctx) -> Result<(), ApiError> {
    match cmd {
        SpendCmd::Import {
            workspace,
            file,
            dry_run,
        } => {
            let session = ctx.open(&workspace)?;
            let preview = session.preview_spend_import(&file)?;
            if dry_run || preview.ok == 0 {
                return ctx.emit(&preview, |p| print_preview(p, ctx));
            }
            let done = session.import_spend(&file, &preview.batch)?;
            ctx.emit(&done, |d| {
                print_preview(&preview, ctx);
                match ctx.lang {
                    marketdesk_core::Lang::ZhCn => println!(
                        "已登记 {} 笔，合计 {}；跳过 {} 行。撤销：marketdesk spend undo-import {} {}",
                        d.booked,
                        d.total.yuan,
                        d.skipped,
                        workspace.display(),
                        d.batch
                    ),
                    marketdesk_core::Lang::En => println!(
                        "Booked {} entries, {} in all; {} rows skipped. To undo: marketdesk spend undo-import {} {}",
                        d.booked,
                        d.total.yuan,
                        d.skipped,
                        workspace.display(),
                        d.batch
                    ),
                }
            })
        }
        SpendCmd::UndoImport { workspace, batch } => {
            let o = ctx.open(&workspace)?.undo_spend_import(&batch)?;
            ctx.emit(&o, |o| {
                println!("{}", ctx.l("已撤销这次导入。", "The import was undone."));
                print_tracking(
                    &o.tracking,
                    o.tracking_total.as_ref(),
                    ctx.l("渠道", "Channel"),
                    ctx,
                );
            })
        }
        SpendCmd::List { workspace, by } => {
            let o = ctx.open(&workspace)?.budget_overview()?;
            ctx.plan(&o)?;
            match by {
                None => ctx.emit(&o.spend, |spend| {
                    if spend.is_empty() {
                        println!("{}", ctx.l("还没有支出记录。", "No spend booked yet."));
                    } else {
                        print_spend(spend.iter(), ctx);
                    }
                }),
                Some(by) => {
                    let (rows, first) = match by {
                        By::Channel => (&o.tracking, ctx.l("渠道", "Channel")),
                        By::Quarter => (&o.tracking_by_quarter, ctx.l("季度", "Quarter")),
                        By::Region => (&o.tracking_by_region, ctx.l("区域", "Region")),
                    };
                    ctx.emit(rows, |rows| {
                        print_tracking(rows, o.tracking_total.as_ref(), first, ctx)
                    })
                }
            }
        }
        SpendCmd::Add {
            workspace,
            tactic,
            date,
            amount,
            committed,
            vendor,
            note,
        } => {
            let session = ctx.open(&workspace)?;
            let before = session.budget_overview()?;
            ctx.plan(&before)?;
            let t = lookup::tactic(&before, &tactic, ctx)?;
            let form = SpendForm {
                tactic_id: Some(t.id),
                date,
                kind: if committed {
                    SpendKind::Committed
                } else {
                    SpendKind::Actual
                },
                amount,
                vendor,
                note,
            };
            let channel = t.channel_name.clone();
            let after = session.add_spend(&form)?;
            ctx.emit(&after, |o| {
                let added: Vec<&SpendView> = o
                    .spend
                    .iter()
                    .filter(|s| before.spend.iter().all(|b| b.id != s.id))
                    .collect();
                for s in &added {
                    println!("{} #{}", ctx.l("已记录支出", "Booked spend"), s.id);
                }
                print_spend(added.into_iter(), ctx);
                if let Some(row) = o.tracking.iter().find(|r| r.name == channel) {
                    print_tracking(
                        std::slice::from_ref(row),
                        None,
                        ctx.l("渠道", "Channel"),
                        ctx,
                    );
                }
                print_warnings(o);
            })
        }
        SpendCmd::Delete { workspace, id } => {
            let session = ctx.open(&workspace)?;
            let before = session.budget_overview()?;
            ctx.plan(&before)?;
            if before.spend.iter().all(|s| s.id != id) {
                return Err(ctx.refuse(
                    "not_found",
                    format!("当前计划里没有编号为 {id} 的支出，可用 marketdesk spend list 查看编号。"),
                    format!("The current plan has no spend entry #{id}; marketdesk spend list shows the ids."),
                ));
            }
            let after = session.delete_spend(id)?.overview;
            ctx.emit(&after, |o| {
                println!("{} #{id}", ctx.l("已删除支出", "Deleted spend"));
                println!("{} {}", ctx.l("支出记录", "Spend entries"), o.spend.len());
            })
        }
    }
}

fn print_spend<'a>(spend: impl Iterator<Item = &'a SpendView>, ctx: Ctx) {
    let mut t = Table::new(&[
        "ID",
        ctx.l("日期", "Date"),
        ctx.l("预算项", "Tactic"),
        ctx.l("类型", "Kind"),
        ctx.l("金额", "Amount"),
        ctx.l("供应商", "Vendor"),
        ctx.l("备注", "Note"),
    ]);
    for s in spend {
        t.row(vec![
            s.id.to_string(),
            s.date.clone(),
            s.tactic.clone(),
            s.kind_label.clone(),
            s.amount.yuan.clone(),
            s.vendor.clone(),
            s.note.clone(),
        ]);
    }
    t.print();
}

/// What a spend sheet holds: the columns understood, each row with its problem if any.
fn print_preview(p: &marketdesk_api::SpendImportPreview, ctx: Ctx) {
    match ctx.lang {
        marketdesk_core::Lang::ZhCn => println!(
            "“{}”：{} 笔可登记，合计 {}；{} 行有问题将跳过。已识别的列：{}",
            p.file,
            p.ok,
            p.total.yuan,
            p.rejected,
            p.mapped.join("、")
        ),
        marketdesk_core::Lang::En => println!(
            "“{}”: {} entries can be booked, {} in all; {} rows have problems and will be skipped. Columns understood: {}",
            p.file,
            p.ok,
            p.total.yuan,
            p.rejected,
            p.mapped.join(", ")
        ),
    }
    if p.already_imported > 0 {
        println!(
            "{}",
            ctx.l(
                "这份文件已经导入过，不会重复登记；要重新导入请先撤销上次导入。",
                "This file was already imported and will not be booked twice; undo that import first."
            )
        );
    }
    let mut t = Table::new(&[
        ctx.l("行", "Row"),
        ctx.l("日期", "Date"),
        ctx.l("预算项", "Tactic"),
        ctx.l("类型", "Kind"),
        ctx.l("金额", "Amount"),
        ctx.l("检查", "Check"),
    ]);
    for r in &p.rows {
        t.row(vec![
            r.line.to_string(),
            r.date.clone(),
            r.tactic.clone(),
            r.kind_label.clone(),
            r.amount.clone(),
            r.problem.clone().unwrap_or_else(|| "OK".into()),
        ]);
    }
    t.print();
}

/// Planned vs committed vs paid vs remaining, and what is overspent in each row (never
/// netted against another tactic's savings), with a totals row.
pub(crate) fn print_tracking(
    rows: &[TrackingView],
    total: Option<&TrackingView>,
    first: &str,
    ctx: Ctx,
) {
    let mut t = Table::new(&[
        first,
        ctx.l("计划", "Planned"),
        ctx.l("已承诺", "Committed"),
        ctx.l("已支付", "Paid"),
        ctx.l("剩余", "Remaining"),
        ctx.l("超支", "Overspent"),
    ]);
    for r in rows.iter().chain(total) {
        t.row(vec![
            r.name.clone(),
            r.planned.yuan.clone(),
            r.committed.yuan.clone(),
            r.actual.yuan.clone(),
            r.remaining.yuan.clone(),
            overspent(r, ctx),
        ]);
    }
    t.print();
    println!(
        "{}",
        ctx.l(
            "剩余 = 计划 − max(已承诺, 已支付)，逐个预算项计算；花费按预算项所在季度计入。超支逐项相加，不与其他预算项的结余相抵。",
            "Remaining = planned − max(committed, paid), tactic by tactic; spend counts in the tactic's quarters. Overspend adds up tactic by tactic, never offset by other tactics' savings."
        )
    );
}

fn overspent(r: &TrackingView, ctx: Ctx) -> String {
    if r.overspent_count == 0 {
        return String::new();
    }
    match ctx.lang {
        marketdesk_core::Lang::ZhCn => {
            format!("! {}（{} 项）", r.overspent.yuan, r.overspent_count)
        }
        marketdesk_core::Lang::En => format!("! {} ({})", r.overspent.yuan, r.overspent_count),
    }
}
