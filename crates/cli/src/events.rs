//! `marketdesk events …`: candidates scored and explained, accepted into the plan, the portfolio
//! for the events budget, and each event reviewed against its forecast.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use marketdesk_api::{ApiError, EventDraft, EventPage, ScoreView, Session};

use crate::ctx::Ctx;
use crate::table::Table;

#[derive(Subcommand)]
pub enum EventsCmd {
    /// List events: status, score, recommendation, attendance.
    List {
        workspace: PathBuf,
        /// Only events of this status: candidate, planned, done, declined, cancelled.
        #[arg(long)]
        status: Option<String>,
    },
    /// One event: its score explained, forecast, results and organiser record.
    Show { workspace: PathBuf, id: i64 },
    /// Add a candidate event and score it.
    Add {
        workspace: PathBuf,
        #[arg(long)]
        name: String,
        /// summit, forum, salon, self_hosted, self_hosted_salon, training, expo, webinar.
        #[arg(long)]
        kind: String,
        /// 2027-04-15.
        #[arg(long)]
        date: String,
        #[command(flatten)]
        fields: Fields,
    },
    /// Change an event; options not given keep their values.
    Edit {
        workspace: PathBuf,
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        fields: Fields,
    },
    /// A new candidate from an event: the same offer a year later, with its organiser's record.
    Duplicate { workspace: PathBuf, id: i64 },
    /// Explain the scores of events (default: every candidate), or score a sheet of organisers'
    /// offers with --file (xlsx, xls, ods, csv; header found, columns mapped by name).
    Score {
        workspace: PathBuf,
        ids: Vec<i64>,
        #[arg(long, conflicts_with = "ids")]
        file: Option<PathBuf>,
        /// With --file: add the offers that read well as candidates (once).
        #[arg(long, requires = "file")]
        save: bool,
    },
    /// Accept a candidate into the current plan as a tactic, or put it on an existing tactic
    /// with --tactic (one tactic may pay for several events).
    Accept {
        workspace: PathBuf,
        id: i64,
        #[arg(long)]
        tactic: Option<i64>,
    },
    /// Move an event on: done, declined, cancelled, candidate.
    Status {
        workspace: PathBuf,
        id: i64,
        status: String,
    },
    /// After the event: forecast against the lists' results, the organiser's record; --notes
    /// keeps what the numbers cannot say.
    Review {
        workspace: PathBuf,
        id: i64,
        /// Did customers ask to come again? Did competitors copy the format?
        #[arg(long)]
        notes: Option<String>,
    },
    /// One A4 brief per event for leadership: a PDF (default 活动简报.pdf), or with --json the
    /// pages as SVG.
    Brief {
        workspace: PathBuf,
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Whether the printed plan carries the year's event briefs as an appendix: on or off.
    PlanAppendix {
        workspace: PathBuf,
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// The candidates that give the most within the events budget and the rules of thumb.
    Portfolio {
        workspace: PathBuf,
        /// The events budget (default: what the offline events channel has left).
        #[arg(long)]
        budget: Option<String>,
        /// Always include this candidate (repeat for more).
        #[arg(long = "require")]
        required: Vec<i64>,
        /// Never include this candidate (repeat for more).
        #[arg(long = "exclude")]
        excluded: Vec<i64>,
    },
}

/// What a candidate offers, as flags; on `edit` only those given change.
#[derive(Args, Default)]
pub struct Fields {
    #[arg(long)]
    organiser: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    region: Option<String>,
    /// Cost as typed: 80000, 8万.
    #[arg(long)]
    cost: Option<String>,
    /// Expected attendees.
    #[arg(long)]
    size: Option<String>,
    /// Industries, comma-separated: 银行,证券.
    #[arg(long)]
    industries: Option<String>,
    /// Departments by function and percent: technology=50,business=20 (business, technology,
    /// compliance_risk, procurement, finance, other).
    #[arg(long)]
    departments: Option<String>,
    /// Seniority mix in percent: c=10,vp=30,manager=40,staff=20.
    #[arg(long)]
    seniority: Option<String>,
    /// Our minutes on stage.
    #[arg(long)]
    talk: Option<String>,
    #[arg(long)]
    booth: Option<bool>,
    #[arg(long)]
    roundtable: Option<bool>,
    #[arg(long)]
    award: Option<bool>,
    /// The organiser hands over the attendee list.
    #[arg(long)]
    attendee_list: Option<bool>,
    /// Competitors' sales expected in the room.
    #[arg(long)]
    competitors: Option<String>,
    /// The organiser's industry resources, 1–5.
    #[arg(long)]
    rating: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

fn pairs(text: &str) -> Vec<(String, String)> {
    text.split([',', '，'])
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

impl Fields {
    fn apply(self, d: &mut EventDraft) {
        let set = |slot: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut d.organiser, self.organiser);
        set(&mut d.city, self.city);
        set(&mut d.region, self.region);
        set(&mut d.cost, self.cost);
        set(&mut d.expected_size, self.size);
        set(&mut d.industries, self.industries);
        set(&mut d.talk_minutes, self.talk);
        set(&mut d.competitors, self.competitors);
        set(&mut d.organiser_resources, self.rating);
        set(&mut d.notes, self.notes);
        if let Some(text) = self.departments {
            d.departments = pairs(&text).into_iter().collect();
        }
        if let Some(text) = self.seniority {
            for (k, v) in pairs(&text) {
                match k.as_str() {
                    "c" | "c_level" => d.seniority.c_level = v,
                    "vp" | "vp_director" => d.seniority.vp_director = v,
                    "manager" => d.seniority.manager = v,
                    "staff" => d.seniority.staff = v,
                    _ => {}
                }
            }
        }
        for (slot, v) in [
            (&mut d.booth, self.booth),
            (&mut d.roundtable, self.roundtable),
            (&mut d.award, self.award),
            (&mut d.attendee_list, self.attendee_list),
        ] {
            if let Some(v) = v {
                *slot = v;
            }
        }
    }
}

fn print_score(s: &ScoreView, ctx: Ctx) {
    let l = |zh, en| ctx.l(zh, en);
    let sum = &s.summary;
    println!(
        "{} {:.1}  {} {:.1}  {} {:.1}  → {}",
        l("总分", "Score"),
        sum.total,
        l("获客价值", "Lead value"),
        sum.lead_value,
        l("品牌价值", "Brand value"),
        sum.brand_value,
        sum.recommendation_label
    );
    println!(
        "{} {:.1} {}  {} {}",
        l("预计合格联系人", "Expected qualified contacts"),
        sum.qualified_contacts,
        l("人", ""),
        l("每位成本", "each at"),
        sum.cost_per_qualified
            .as_ref()
            .map_or("—".to_string(), |m| m.yuan.clone())
    );
    println!("  {}", s.qualified_sentence);
    if let Some(c) = &s.calibration {
        println!("  {c}");
    }
    for c in &s.criteria {
        println!("  · {}", c.sentence);
    }
    for r in &s.reasons {
        println!("  ▸ {r}");
    }
    for limit in &s.limits {
        println!("  ⚑ {limit}");
    }
}

fn print_page(p: &EventPage, ctx: Ctx) {
    let l = |zh, en| ctx.l(zh, en);
    let e = &p.event;
    println!(
        "#{} {}  {} · {} · {} · {}",
        e.id,
        e.name,
        e.kind_label,
        e.status_label,
        e.date,
        e.cost
            .as_ref()
            .map_or(l("费用未填写", "cost not entered").to_string(), |c| c
                .yuan
                .clone())
    );
    if !e.organiser.is_empty() {
        println!("{} {}", l("主办方", "Organiser"), e.organiser);
    }
    match &p.score {
        Some(s) => print_score(s, ctx),
        None => println!(
            "{}",
            l(
                "没有评分资料（由名单导入的活动）；用 marketdesk events edit 补全。",
                "No scoring details (an event made by an import); add them with marketdesk events edit."
            )
        ),
    }
    if let Some(f) = &p.forecast {
        println!(
            "{} {} · {:.1} · {:.1} {}",
            l("保存时的预测", "Forecast as saved"),
            f.scored_at,
            f.total,
            f.qualified_contacts,
            l("合格联系人", "qualified contacts")
        );
    }
    if let Some(r) = &p.results {
        let mut t = Table::new(&[
            l("结果", "Result"),
            l("预测", "Forecast"),
            l("实际", "Actual"),
            l("口径", "Defined as"),
        ]);
        for line in &r.lines {
            t.row(vec![
                line.label.clone(),
                line.forecast.clone(),
                line.actual.clone(),
                line.definition.clone(),
            ]);
        }
        t.print();
        println!(
            "{} {} · {} {} · {} {} · {} {}",
            l("新线索", "New leads"),
            r.new_leads,
            l("老线索", "known"),
            r.known_leads,
            l("新覆盖公司", "new companies"),
            r.new_companies,
            l("爽约", "no-shows"),
            r.no_show
        );
        println!("{}", r.later_stages);
    }
    if let Some(o) = &p.organiser {
        println!("{} {}", l("主办方记录：", "Organiser record:"), o.name);
        for ev in &o.events {
            println!(
                "  {} {} · {} · {} {} · {} {}",
                ev.date,
                ev.name,
                ev.status_label,
                l("预测", "forecast"),
                ev.forecast_qualified
                    .map_or("—".into(), |f| format!("{f:.1}")),
                l("实际", "actual"),
                ev.actual_qualified.map_or("—".into(), |a| a.to_string())
            );
        }
        if let Some(c) = &o.calibration {
            println!("  {c}");
        }
    }
    if !p.outcome_notes.is_empty() {
        println!("{} {}", l("复盘：", "Review notes:"), p.outcome_notes);
    }
}

fn session(ctx: Ctx, workspace: &std::path::Path) -> Result<Session, ApiError> {
    ctx.open(workspace)
}

pub fn run(cmd: EventsCmd, ctx: Ctx) -> Result<(), ApiError> {
    let l = |zh, en| ctx.l(zh, en);
    match cmd {
        EventsCmd::List { workspace, status } => {
            let events = session(ctx, &workspace)?.events()?;
            ctx.emit(&events, |overview| {
                let unknown = l("未填写", "not entered");
                let mut t = Table::new(&[
                    "#",
                    l("日期", "Date"),
                    l("活动", "Event"),
                    l("类型", "Type"),
                    l("状态", "Status"),
                    l("费用", "Cost"),
                    l("评分", "Score"),
                    l("建议", "Advice"),
                    l("合格联系人", "Qualified"),
                    l("到场", "Present"),
                    l("到场率", "Turnout"),
                ]);
                for e in overview
                    .events
                    .iter()
                    .filter(|e| status.as_deref().is_none_or(|s| s == e.status))
                {
                    t.row(vec![
                        e.id.to_string(),
                        e.date.clone(),
                        e.name.clone(),
                        e.kind_label.clone(),
                        e.status_label.clone(),
                        e.cost.as_ref().map_or(unknown.into(), |c| c.yuan.clone()),
                        e.score.as_ref().map_or("—".into(), |s| format!("{:.1}", s.total)),
                        e.score
                            .as_ref()
                            .map_or(String::new(), |s| s.recommendation_label.clone()),
                        e.score
                            .as_ref()
                            .map_or("—".into(), |s| format!("{:.1}", s.qualified_contacts)),
                        e.present.to_string(),
                        e.turnout.clone(),
                    ]);
                }
                t.print();
                println!(
                    "{}",
                    l(
                        "评分 0–100；合格联系人 = 预计到场者中采购中心部门的决策层（人）；到场率 = 已签到 ÷ 报名。",
                        "Score 0–100; qualified = expected decision-makers of the buying centre (people); turnout = attended ÷ signed up."
                    )
                );
            })
        }
        EventsCmd::Show { workspace, id } => {
            let page = session(ctx, &workspace)?.event_page(id)?;
            ctx.emit(&page, |p| print_page(p, ctx))
        }
        EventsCmd::Add {
            workspace,
            name,
            kind,
            date,
            fields,
        } => {
            let mut draft = EventDraft {
                name,
                kind,
                date,
                ..EventDraft::default()
            };
            fields.apply(&mut draft);
            let page = session(ctx, &workspace)?.save_event(None, &draft)?;
            ctx.emit(&page, |p| print_page(p, ctx))
        }
        EventsCmd::Edit {
            workspace,
            id,
            name,
            kind,
            date,
            fields,
        } => {
            let s = session(ctx, &workspace)?;
            let mut draft = s.event_page(id)?.draft;
            if let Some(v) = name {
                draft.name = v;
            }
            if let Some(v) = kind {
                draft.kind = v;
            }
            if let Some(v) = date {
                draft.date = v;
            }
            fields.apply(&mut draft);
            let page = s.save_event(Some(id), &draft)?;
            ctx.emit(&page, |p| print_page(p, ctx))
        }
        EventsCmd::Duplicate { workspace, id } => {
            let page = session(ctx, &workspace)?.duplicate_event(id)?;
            ctx.emit(&page, |p| print_page(p, ctx))
        }
        EventsCmd::Score {
            workspace,
            file: Some(file),
            save,
            ..
        } => {
            let offers = session(ctx, &workspace)?.score_offers_file(&file, save)?;
            ctx.emit(&offers, |o| {
                let mut t = Table::new(&[
                    l("行", "Row"),
                    l("活动", "Event"),
                    l("类型", "Type"),
                    l("日期", "Date"),
                    l("评分", "Score"),
                    l("建议", "Advice"),
                    l("合格联系人", "Qualified"),
                    l("每位成本", "Per contact"),
                ]);
                for r in &o.rows {
                    match (&r.score, &r.problem) {
                        (Some(s), _) => t.row(vec![
                            r.line.to_string(),
                            r.name.clone(),
                            r.kind_label.clone(),
                            r.date.clone(),
                            format!("{:.1}", s.total),
                            s.recommendation_label.clone(),
                            format!("{:.1}", s.qualified_contacts),
                            s.cost_per_qualified
                                .as_ref()
                                .map_or("—".into(), |m| m.yuan.clone()),
                        ]),
                        (None, problem) => t.row(vec![
                            r.line.to_string(),
                            r.name.clone(),
                            r.kind_label.clone(),
                            r.date.clone(),
                            "—".into(),
                            problem.clone().unwrap_or_default(),
                            String::new(),
                            String::new(),
                        ]),
                    }
                }
                t.print();
                if !o.ignored.is_empty() {
                    println!(
                        "{} {}",
                        l("未使用的列：", "Columns not used:"),
                        o.ignored.join(l("、", ", "))
                    );
                }
                if save {
                    println!("{} {}", l("新增候选：", "Candidates added:"), o.saved);
                }
            })
        }
        EventsCmd::Score { workspace, ids, .. } => {
            let s = session(ctx, &workspace)?;
            let ids = if ids.is_empty() {
                s.events()?
                    .events
                    .iter()
                    .filter(|e| e.status == "candidate")
                    .map(|e| e.id)
                    .collect()
            } else {
                ids
            };
            let pages = ids
                .iter()
                .map(|&id| s.event_page(id))
                .collect::<Result<Vec<_>, _>>()?;
            ctx.emit(&pages, |pages| {
                for p in pages {
                    println!("#{} {} ({})", p.event.id, p.event.name, p.event.kind_label);
                    match &p.score {
                        Some(score) => print_score(score, ctx),
                        None => println!("  {}", l("没有评分资料", "no scoring details")),
                    }
                    println!();
                }
            })
        }
        EventsCmd::Accept {
            workspace,
            id,
            tactic: Some(tactic),
        } => {
            let page = session(ctx, &workspace)?.link_event_to_tactic(id, tactic)?;
            ctx.emit(&page, |p| {
                println!(
                    "#{} {} → {} (#{tactic})",
                    p.event.id, p.event.name, p.event.status_label
                )
            })
        }
        EventsCmd::Accept { workspace, id, .. } => {
            let done = session(ctx, &workspace)?.accept_event(id)?;
            ctx.emit(&done, |d| println!("{}", d.message))
        }
        EventsCmd::Status {
            workspace,
            id,
            status,
        } => {
            let page = session(ctx, &workspace)?.set_event_status(id, &status)?;
            ctx.emit(&page, |p| {
                println!(
                    "#{} {} → {}",
                    p.event.id, p.event.name, p.event.status_label
                )
            })
        }
        EventsCmd::Review {
            workspace,
            id,
            notes,
        } => {
            let s = session(ctx, &workspace)?;
            let page = match notes {
                Some(n) => s.set_event_outcome_notes(id, &n)?,
                None => s.event_page(id)?,
            };
            ctx.emit(&page, |p| print_page(p, ctx))
        }
        EventsCmd::Brief {
            workspace,
            ids,
            output,
        } => {
            let s = session(ctx, &workspace)?;
            if ctx.json {
                let pages = s.event_brief_pages(&ids)?;
                return ctx.emit(&pages, |_| {});
            }
            let path =
                output.unwrap_or_else(|| PathBuf::from(l("活动简报.pdf", "event-briefs.pdf")));
            s.export_event_briefs(&ids, &path)?;
            println!("{}", path.display());
            Ok(())
        }
        EventsCmd::PlanAppendix { workspace, state } => {
            let on = session(ctx, &workspace)?.set_plan_event_briefs(state == "on")?;
            ctx.emit(&on, |on| {
                println!(
                    "{}",
                    if *on {
                        l(
                            "打印的预算计划将附上本年度活动简报。",
                            "The printed plan will carry the year's event briefs.",
                        )
                    } else {
                        l(
                            "打印的预算计划不再附活动简报。",
                            "The printed plan no longer carries event briefs.",
                        )
                    }
                )
            })
        }
        EventsCmd::Portfolio {
            workspace,
            budget,
            required,
            excluded,
        } => {
            let view = session(ctx, &workspace)?.event_portfolio(
                budget.as_deref(),
                &required,
                &excluded,
            )?;
            ctx.emit(&view, |v| {
                println!("{}", v.budget_source);
                let mut t = Table::new(&[
                    "#",
                    l("入选活动", "Chosen"),
                    l("类型", "Type"),
                    l("日期", "Date"),
                    l("费用", "Cost"),
                    l("评分", "Score"),
                    l("预期价值", "Value"),
                ]);
                for line in &v.chosen {
                    let e = &line.event;
                    t.row(vec![
                        e.id.to_string(),
                        e.name.clone(),
                        e.kind_label.clone(),
                        e.date.clone(),
                        e.cost.as_ref().map_or("—".into(), |c| c.yuan.clone()),
                        e.score
                            .as_ref()
                            .map_or("—".into(), |s| format!("{:.1}", s.total)),
                        format!("{:.1}", line.value),
                    ]);
                }
                t.print();
                println!(
                    "{} {} / {} ({})  {} {:.1}  {} {:.1}",
                    l("花费", "Cost"),
                    v.cost.yuan,
                    v.budget.yuan,
                    v.used,
                    l("预期价值", "value"),
                    v.value,
                    l("合格联系人", "qualified"),
                    v.qualified
                );
                for line in &v.others {
                    println!(
                        "  ✗ #{} {}：{}",
                        line.event.id, line.event.name, line.reason
                    );
                }
                for a in &v.alternatives {
                    println!("  ↔ {a}");
                }
                for limit in &v.limits {
                    println!(
                        "  ⚑ {} ({} {} + {} {})",
                        limit.sentence,
                        l("计划中", "in plan"),
                        limit.in_plan,
                        l("入选", "chosen"),
                        limit.chosen
                    );
                }
                for e in &v.explanation {
                    println!("{e}");
                }
            })
        }
    }
}
