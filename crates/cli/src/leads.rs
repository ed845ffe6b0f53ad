//! `marketdesk import` (attendee lists into the lead store) and `marketdesk leads …` (list,
//! show, tag, export, imports, undo).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use marketdesk_api::{
    ApiError, AttendeeImportPreview, AttendeeImportRequest, EventForm, LeadFilter, LeadQuery,
    LeadSort, ProgressUpdate, Session, Stage,
};
use marketdesk_core::ListKind;

use crate::ctx::Ctx;
use crate::table::Table;

/// The flags of `marketdesk import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// The registration or check-in list: xlsx, xls, xlsb, ods, csv or txt (read by content).
    file: PathBuf,
    /// The workspace file to import into.
    #[arg(short, long)]
    workspace: PathBuf,
    /// The event's exact name.
    #[arg(long)]
    event: String,
    #[arg(long, value_enum)]
    list: List,
    /// Read, check and count everything, then store nothing.
    #[arg(long)]
    dry_run: bool,
    /// The sheet to read, by its position (1 = first) or name; default: the first visible one.
    #[arg(long)]
    sheet: Option<String>,
    /// The text encoding of a csv/txt file when detection gets it wrong: gbk, utf-8, big5…
    #[arg(long)]
    encoding: Option<String>,
    /// Create the event if there is none by that name, on this date (2026-11-20); also with
    /// --dry-run, which then stores the event but no leads.
    #[arg(long)]
    event_date: Option<String>,
    /// With --event-date: the event's kind.
    #[arg(long, default_value = "forum", value_parser = ["summit", "forum", "salon", "self_hosted", "self_hosted_salon", "training", "expo", "webinar"])]
    event_kind: String,
    /// With --event-date: who organises it (mappings are remembered per organiser).
    #[arg(long, default_value = "")]
    organiser: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum List {
    Registration,
    Checkin,
}

#[derive(Subcommand)]
pub enum LeadsCmd {
    /// List leads (newest first), filtered.
    List {
        workspace: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value = "newest")]
        sort: Sort,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// One lead: fields, events, tags and history.
    Show { workspace: PathBuf, id: i64 },
    /// Tag every lead the filter matches.
    Tag {
        workspace: PathBuf,
        /// The tag to add (made if new).
        #[arg(value_name = "TAG")]
        name: String,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Move leads to a stage (lead, mql, sql, opportunity, won, lost, recycled): the ones given
    /// by --id, else every lead the filter matches. Moves the stage machine refuses are listed.
    Stage {
        workspace: PathBuf,
        #[arg(value_parser = ["lead", "mql", "sql", "opportunity", "won", "lost", "recycled"])]
        stage: String,
        #[arg(long = "id")]
        ids: Vec<i64>,
        /// Who moves them (kept in each lead's history).
        #[arg(long, default_value = "")]
        by: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Edit one lead's fields by hand (only the fields given change; each change is kept in
    /// its history).
    Edit {
        workspace: PathBuf,
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        industry: Option<String>,
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Merge lead MERGED into lead KEEP (touches, attendance, follow-ups, deals, history);
    /// prints the merge's id, which `leads split` takes.
    Merge {
        workspace: PathBuf,
        keep: i64,
        merged: i64,
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Split a merge: the merged lead comes back as it was.
    Split {
        workspace: PathBuf,
        merge: i64,
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Erase a person everywhere on request (个人信息保护法); event counts are kept. --confirm
    /// must be the lead's name.
    Erase {
        workspace: PathBuf,
        id: i64,
        #[arg(long)]
        confirm: String,
    },
    /// Give the leads the filter matches an owner: --to NAME for all of them, else by the
    /// assignment rules with the sales taking turns.
    Assign {
        workspace: PathBuf,
        #[arg(long)]
        to: Option<String>,
        /// Leave leads that have an owner as they are.
        #[arg(long)]
        only_unowned: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Write the leads the filter matches to xlsx or csv, in a CRM's column layout.
    Export {
        workspace: PathBuf,
        /// The output file; its extension (.xlsx or .csv) picks the format.
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, default_value = "marketdesk", value_parser = ["marketdesk", "salesforce_leads", "hubspot_contacts", "chinese_crm"])]
        preset: String,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// The imports done, newest first.
    Imports { workspace: PathBuf },
    /// Undo an import: its new leads go, the blanks it filled are emptied again.
    Undo { workspace: PathBuf, batch: i64 },
    /// Write an import's refused rows, with the reason for each, to an xlsx.
    Rejected {
        workspace: PathBuf,
        batch: i64,
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(clap::Args, Default)]
pub struct FilterArgs {
    /// Name, mobile or company starting with this.
    #[arg(long, default_value = "")]
    search: String,
    /// An event's exact name.
    #[arg(long)]
    event: Option<String>,
    /// registered, attended, no_show or walk_in.
    #[arg(long, value_parser = ["registered", "attended", "no_show", "walk_in"])]
    attendance: Option<String>,
    /// A manual tag's name.
    #[arg(long)]
    tag: Option<String>,
    /// c_level, vp_director, manager, staff or unknown.
    #[arg(long, value_parser = ["c_level", "vp_director", "manager", "staff", "unknown"])]
    seniority: Option<String>,
    /// business, technology, compliance_risk, procurement, finance or other.
    #[arg(long, value_parser = ["business", "technology", "compliance_risk", "procurement", "finance", "other"])]
    function: Option<String>,
    #[arg(long)]
    region: Option<String>,
    /// A company's leads, however its name is written (招商银行 = 招商银行股份有限公司).
    #[arg(long)]
    company: Option<String>,
    /// Only leads with no mobile, email or WeChat to reach them by.
    #[arg(long)]
    no_contact: bool,
    /// Only leads at this stage.
    #[arg(long = "in-stage", value_parser = ["lead", "mql", "sql", "opportunity", "won", "lost", "recycled"])]
    in_stage: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Sort {
    Newest,
    Name,
    Company,
}

/// The event called `name` on `date`, or (no date given) the most recent so called.
fn event_id(session: &Session, name: &str, date: Option<&str>) -> Result<Option<i64>, ApiError> {
    let named: Vec<_> = session
        .event_names()?
        .into_iter()
        .filter(|(_, n, _)| n == name.trim())
        .collect();
    let found = match date {
        Some(date) => named.iter().find(|(_, _, d)| d == date.trim()),
        None => named.first(),
    };
    Ok(found.map(|(id, _, _)| *id))
}

fn no_event(session: &Session, name: &str, ctx: Ctx) -> ApiError {
    let known = session
        .event_names()
        .map(|events| {
            events
                .into_iter()
                .map(|(_, name, _)| name)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    ctx.refuse(
        "unknown_event",
        format!(
            "没有名为“{name}”的活动。已有活动：{}。要新建，请加上 --event-date 2026-11-20。",
            known.join("、")
        ),
        format!(
            "There is no event named “{name}”. Events: {}. To create it, add --event-date 2026-11-20.",
            known.join(", ")
        ),
    )
}

fn filter(session: &Session, f: FilterArgs, ctx: Ctx) -> Result<LeadFilter, ApiError> {
    let event_id = match &f.event {
        Some(name) => {
            Some(event_id(session, name, None)?.ok_or_else(|| no_event(session, name, ctx))?)
        }
        None => None,
    };
    let tag_id = match &f.tag {
        Some(name) => {
            let facets = session.lead_facets()?;
            let found = facets.tags.iter().find(|t| t.label == name.trim());
            Some(found.and_then(|t| t.key.parse().ok()).ok_or_else(|| {
                ctx.refuse(
                    "unknown_tag",
                    format!("没有名为“{name}”的标签。"),
                    format!("There is no tag named “{name}”."),
                )
            })?)
        }
        None => None,
    };
    let company_id = match &f.company {
        Some(name) => Some(session.company_named(name)?.ok_or_else(|| {
            ctx.refuse(
                "unknown_company",
                format!("没有哪条线索在“{name}”工作。"),
                format!("No lead works at “{name}”."),
            )
        })?),
        None => None,
    };
    Ok(LeadFilter {
        search: f.search,
        event_id,
        attendance: f.attendance,
        tag_id,
        seniority: f.seniority,
        function: f.function,
        region: f.region,
        company_id,
        no_contact: f.no_contact,
        stage: f.in_stage,
        owner_id: None,
    })
}

/// Progress on stderr, at most every 50,000 rows, so scripts piping stdout see only results;
/// a large import's last step (seconds at a million rows) says what it is doing.
fn progress(p: ProgressUpdate, ctx: Ctx) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let shown = match p.stage {
        _ if p.done < 50_000 => return,
        Stage::Finishing => format!(
            "{} {}",
            p.done,
            ctx.l("行，正在整理并保存…", "rows, organising and saving…")
        ),
        Stage::Working if p.done % 50_000 < 512 => format!("{} …", p.done),
        Stage::Working => return,
    };
    // Cleared to the end of the line: a shorter line must not keep the longer one's tail.
    eprint!("\r{shown}\x1b[K");
    let _ = std::io::stderr().flush();
}

/// Takes the progress line away before the result is printed.
fn clear_progress() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
}

fn sheet_index(
    session: &Session,
    file: &Path,
    sheet: Option<&str>,
    ctx: Ctx,
) -> Result<Option<usize>, ApiError> {
    let Some(sheet) = sheet else { return Ok(None) };
    let view = session.open_attendee_file(file, None, None, None)?;
    // A name first: a sheet may well be called "2024".
    if let Some(i) = view.sheets.iter().position(|s| s.name == sheet) {
        return Ok(Some(i));
    }
    let count = view.sheets.len();
    match sheet.parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(Some(n - 1)),
        Ok(n) => Err(ctx.refuse(
            "unknown_sheet",
            format!("文件只有 {count} 个工作表，没有第 {n} 个。"),
            format!("The file has {count} sheet(s); there is no sheet {n}."),
        )),
        Err(_) => Err(ctx.refuse(
            "unknown_sheet",
            format!("文件里没有名为“{sheet}”的工作表。"),
            format!("The file has no sheet named “{sheet}”."),
        )),
    }
}

pub fn import(args: ImportArgs, ctx: Ctx) -> Result<(), ApiError> {
    let session = ctx.open(&args.workspace)?;
    let event = match event_id(&session, &args.event, args.event_date.as_deref())? {
        Some(id) => id,
        None => match &args.event_date {
            Some(date) => session.create_event(&EventForm {
                name: args.event.clone(),
                kind: args.event_kind.clone(),
                organiser: args.organiser.clone(),
                city: String::new(),
                date: date.clone(),
                cost: String::new(),
                target_attendance: String::new(),
            })?,
            None => return Err(no_event(&session, &args.event, ctx)),
        },
    };
    let sheet = sheet_index(&session, &args.file, args.sheet.as_deref(), ctx)?;
    let view =
        session.open_attendee_file(&args.file, sheet, args.encoding.as_deref(), Some(event))?;
    let list = match args.list {
        List::Registration => ListKind::Registration,
        List::Checkin => ListKind::CheckIn,
    };
    let req = AttendeeImportRequest {
        encoding: args.encoding.clone(),
        ..view.request(event, list)
    };
    let l = |zh, en| ctx.l(zh, en);
    if !ctx.json {
        let mapped: Vec<String> = view
            .headers
            .iter()
            .zip(&view.mapping)
            .filter_map(|(h, m)| {
                let code = m.as_deref()?;
                let label = view.fields.iter().find(|f| f.code == code)?.label;
                Some(format!("{h} → {label}"))
            })
            .collect();
        if let Some(note) = &view.file_note {
            eprintln!("{note}");
        }
        eprintln!("{}: {}", l("列", "Columns"), mapped.join(", "));
    }
    if args.dry_run {
        let preview = session.preview_attendee_import(&req, &|_| {}, &|p| progress(p, ctx))?;
        clear_progress();
        return ctx.emit(&preview, |p| print_preview(p, ctx));
    }
    let done = session.import_attendees(&req, &|_| {}, &|p| progress(p, ctx))?;
    clear_progress();
    ctx.emit(&done, |d| {
        let c = &d.batch.counts;
        println!(
            "{} #{}: {} {}, {} {}, {} {}, {} {}",
            l("已导入批次", "Imported batch"),
            d.batch.id,
            c.new,
            l("条新线索", "new leads"),
            c.merged,
            l("条合并", "merged"),
            c.repeated,
            l("条表内重复", "repeated in the file"),
            c.rejected,
            l("行未导入", "rows refused"),
        );
        if c.rejected > 0 {
            println!(
                "{} marketdesk leads rejected {} {} -o rejected.xlsx",
                l("下载未导入的行：", "Refused rows:"),
                args.workspace.display(),
                d.batch.id
            );
        }
    })
}

fn print_preview(p: &AttendeeImportPreview, ctx: Ctx) {
    let l = |zh, en| ctx.l(zh, en);
    if let Some(done) = &p.already_imported {
        println!(
            "{} #{} ({})",
            l(
                "这份文件已导入过，再次导入不会有任何改动：批次",
                "This file was already imported; importing it again changes nothing: batch"
            ),
            done.id,
            done.imported_at
        );
        return;
    }
    let c = &p.counts;
    println!(
        "{}: {} {}, {} {}, {} {}, {} {} / {} {}",
        l("预览（未保存）", "Preview (nothing stored)"),
        c.new,
        l("新线索", "new"),
        c.merged,
        l("合并", "merged"),
        c.repeated,
        l("表内重复", "repeated"),
        c.rejected,
        l("未导入", "refused"),
        c.total,
        l("行", "rows"),
    );
    if !p.problems.is_empty() {
        let mut t = Table::new(&[l("行", "Row"), l("结果", "Result"), l("原因", "Reason")]);
        for r in p.problems.iter().take(30) {
            t.row(vec![
                r.row.to_string(),
                r.outcome.to_string(),
                r.reason.clone(),
            ]);
        }
        t.print();
    }
}

pub fn run(cmd: LeadsCmd, ctx: Ctx) -> Result<(), ApiError> {
    let l = |zh, en| ctx.l(zh, en);
    match cmd {
        LeadsCmd::List {
            workspace,
            filter: f,
            sort,
            limit,
            offset,
        } => {
            let session = ctx.open(&workspace)?;
            let page = session.leads_page(&LeadQuery {
                filter: filter(&session, f, ctx)?,
                sort: match sort {
                    Sort::Newest => LeadSort::Newest,
                    Sort::Name => LeadSort::Name,
                    Sort::Company => LeadSort::Company,
                },
                offset,
                limit,
                count: true,
            })?;
            ctx.emit(&page, |p| {
                let mut t = Table::new(&[
                    "#",
                    l("姓名", "Name"),
                    l("手机", "Mobile"),
                    l("公司", "Company"),
                    l("职位", "Title"),
                    l("城市", "City"),
                    l("活动数", "Events"),
                ]);
                for r in &p.rows {
                    t.row(vec![
                        r.id.to_string(),
                        r.name.clone(),
                        r.mobile.clone().unwrap_or_default(),
                        r.company.clone(),
                        r.title.clone(),
                        r.city.clone(),
                        r.event_count.to_string(),
                    ]);
                }
                t.print();
                println!(
                    "{} {}–{} / {}",
                    l("第", "Rows"),
                    p.offset as usize + usize::from(!p.rows.is_empty()),
                    p.offset as usize + p.rows.len(),
                    p.total.unwrap_or_default()
                );
            })
        }
        LeadsCmd::Show { workspace, id } => {
            let d = ctx.open(&workspace)?.lead_detail(id)?;
            ctx.emit(&d, |d| {
                for (_, label, value) in &d.rows {
                    if !value.is_empty() {
                        println!("{label}: {value}");
                    }
                }
                println!(
                    "{}: {}",
                    l("自动标签", "Auto tags"),
                    d.auto_tags.join(" | ")
                );
                let tags: Vec<&str> = d.tags.iter().map(|t| t.name.as_str()).collect();
                println!("{}: {}", l("标签", "Tags"), tags.join(" | "));
                if let Some(c) = &d.company {
                    let reach: Vec<String> = c
                        .coverage
                        .iter()
                        .map(|f| format!("{} {}", f.label, f.leads.unwrap_or_default()))
                        .collect();
                    println!(
                        "{}: {} · {} {} · {}",
                        l("公司", "Company"),
                        c.name,
                        c.leads,
                        l("条线索", "leads"),
                        reach.join(" | ")
                    );
                    for p in &c.colleagues {
                        println!("  #{} {} {} {}", p.id, p.name, p.title, p.seniority);
                    }
                }
                for h in &d.history {
                    println!("  {}  {}", h.at, h.text);
                }
            })
        }
        LeadsCmd::Tag {
            workspace,
            name,
            filter: f,
        } => {
            let session = ctx.open(&workspace)?;
            let n = session.tag_leads(&filter(&session, f, ctx)?, &name)?;
            ctx.emit(&n, |n| {
                println!("{n} {}", l("条线索加上了标签", "leads tagged"))
            })
        }
        LeadsCmd::Stage {
            workspace,
            stage,
            ids,
            by,
            reason,
            filter: f,
        } => {
            let session = ctx.open(&workspace)?;
            let lead_filter = filter(&session, f, ctx)?;
            let ids = (!ids.is_empty()).then_some(ids);
            let r = session.move_leads(ids.as_deref(), &lead_filter, &stage, &by, &reason)?;
            ctx.emit(&r, |r| {
                println!("{} {}", l("已移动", "Moved"), r.moved);
                if r.refused_count > 0 {
                    println!(
                        "{} {}: {}",
                        r.refused_count,
                        l(
                            "条线索的当前阶段不允许这样移动",
                            "leads whose stage does not allow it"
                        ),
                        r.refused
                            .iter()
                            .map(|(id, s)| format!("#{id} {}", s.name(ctx.lang)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
            })
        }
        LeadsCmd::Edit {
            workspace,
            id,
            name,
            mobile,
            email,
            company,
            department,
            title,
            region,
            industry,
            by,
        } => {
            let session = ctx.open(&workspace)?;
            let mut form = session.lead_detail(id)?.fields;
            for (slot, value) in [
                (&mut form.name, name),
                (&mut form.mobile, mobile),
                (&mut form.email, email),
                (&mut form.company, company),
                (&mut form.department, department),
                (&mut form.title, title),
                (&mut form.region, region),
                (&mut form.industry, industry),
            ] {
                if let Some(v) = value {
                    *slot = v;
                }
            }
            let n = session.edit_lead(id, &form, &by)?;
            ctx.emit(&n, |n| {
                println!("{n} {}", l("个字段已修改", "fields changed"))
            })
        }
        LeadsCmd::Merge {
            workspace,
            keep,
            merged,
            by,
        } => {
            let id = ctx.open(&workspace)?.merge_leads(keep, merged, &by)?;
            ctx.emit(&id, |id| {
                println!(
                    "{} #{merged} → #{keep}；{} {id}",
                    l("已合并", "Merged"),
                    l("拆分时用合并编号", "to split, use merge")
                )
            })
        }
        LeadsCmd::Split {
            workspace,
            merge,
            by,
        } => {
            let id = ctx.open(&workspace)?.split_merge(merge, &by)?;
            ctx.emit(&id, |id| {
                println!("{} #{id}", l("已拆分，恢复线索", "Split; lead back:"))
            })
        }
        LeadsCmd::Erase {
            workspace,
            id,
            confirm,
        } => {
            let n = ctx.open(&workspace)?.erase_person(id, &confirm)?;
            ctx.emit(&n, |n| {
                println!(
                    "{} #{id}；{} {n} {}",
                    l("已删除个人信息", "Erased"),
                    l("清除导入记录中的", "scrubbed"),
                    l("行", "imported rows")
                )
            })
        }
        LeadsCmd::Assign {
            workspace,
            to,
            only_unowned,
            filter: f,
        } => {
            let session = ctx.open(&workspace)?;
            let lead_filter = filter(&session, f, ctx)?;
            let n = session.assign_leads(None, &lead_filter, to.as_deref(), only_unowned)?;
            ctx.emit(&n, |n| {
                println!("{n} {}", l("条线索更换了跟进人", "leads got an owner"))
            })
        }
        LeadsCmd::Export {
            workspace,
            output,
            preset,
            filter: f,
        } => {
            let session = ctx.open(&workspace)?;
            let format = match output.extension().and_then(|e| e.to_str()) {
                Some(e) if e.eq_ignore_ascii_case("csv") => "csv",
                Some(e) if e.eq_ignore_ascii_case("xlsx") => "xlsx",
                // An xlsx named .txt would open as garbage; say so rather than write it.
                _ => {
                    return Err(ctx.refuse(
                        "unknown_format",
                        format!(
                            "请用 .xlsx 或 .csv 结尾的文件名（“{}”）。",
                            output.display()
                        ),
                        format!("Name the file .xlsx or .csv (“{}”).", output.display()),
                    ))
                }
            };
            let n = session.export_leads(&filter(&session, f, ctx)?, &output, &preset, format)?;
            ctx.emit(&n, |n| {
                println!(
                    "{n} {} {}",
                    l("条线索已写入", "leads written to"),
                    output.display()
                )
            })
        }
        LeadsCmd::Imports { workspace } => {
            let batches = ctx.open(&workspace)?.import_batches()?;
            ctx.emit(&batches, |batches| {
                let mut t = Table::new(&[
                    "#",
                    l("文件", "File"),
                    l("活动", "Event"),
                    l("名单", "List"),
                    l("新增", "New"),
                    l("合并", "Merged"),
                    l("未导入", "Refused"),
                    l("时间", "When"),
                    l("状态", "State"),
                ]);
                for b in batches {
                    let c = &b.batch.counts;
                    t.row(vec![
                        b.batch.id.to_string(),
                        b.batch.file_name.clone(),
                        b.batch.event_name.clone(),
                        b.list_label.clone(),
                        c.new.to_string(),
                        c.merged.to_string(),
                        c.rejected.to_string(),
                        b.batch
                            .imported_at
                            .get(..16)
                            .unwrap_or_default()
                            .replace('T', " "),
                        if b.batch.undone_at.is_some() {
                            l("已撤销", "undone").into()
                        } else {
                            String::new()
                        },
                    ]);
                }
                t.print();
            })
        }
        LeadsCmd::Undo { workspace, batch } => {
            let undone = ctx.open(&workspace)?.undo_attendee_import(batch)?;
            ctx.emit(&undone, |u| {
                println!(
                    "{} #{}: {} {}, {} {}",
                    l("已撤销导入", "Undid import"),
                    u.batch.id,
                    u.removed,
                    l("条线索已移除", "leads removed"),
                    u.reverted,
                    l("条线索恢复原值", "leads restored"),
                )
            })
        }
        LeadsCmd::Rejected {
            workspace,
            batch,
            output,
        } => {
            let n = ctx.open(&workspace)?.export_rejected_rows(batch, &output)?;
            ctx.emit(&n, |n| {
                println!(
                    "{n} {} {}",
                    l("行已写入", "rows written to"),
                    output.display()
                )
            })
        }
    }
}
