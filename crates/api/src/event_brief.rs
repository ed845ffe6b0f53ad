//! The event brief leadership reads: one A4 page per event, printed alone or as the plan's
//! appendix when the user asks for it.

use std::path::Path;

use marketdesk_core::events::EventScore;
use marketdesk_core::{EventInputs, Lang, Money};
use marketdesk_report::{BriefsDocument, Cell, EventBrief, Fact, Table};
use marketdesk_store::{EventRow, Store};

use crate::error::{ApiError, ToApi};
use crate::events::Scoring;
use crate::{ExportFormat, Session};

/// The workspace setting: whether the printed plan carries the briefs of its year's events.
const PLAN_APPENDIX: &str = "plan_event_briefs";

fn fact(label: &str, value: String) -> Fact {
    Fact {
        label: label.into(),
        value,
    }
}

fn yes_no(b: bool, lang: Lang) -> String {
    lang.pick(if b { "有" } else { "无" }, if b { "yes" } else { "no" })
        .into()
}

fn audience(inputs: &EventInputs, lang: Lang) -> String {
    let pct = |s: marketdesk_core::Share| format!("{:.0}%", f64::from(s.basis_points()) / 100.0);
    let mut parts: Vec<String> = inputs
        .audience
        .departments
        .iter()
        .map(|d| format!("{} {}", d.function.name(lang), pct(d.share)))
        .collect();
    let mix = inputs.audience.seniority;
    if !mix.is_unknown() {
        parts.push(format!(
            "{} {}",
            lang.pick("决策层", "decision-makers"),
            pct(mix.decision_makers())
        ));
    }
    if parts.is_empty() {
        lang.pick("未填写", "not entered").into()
    } else {
        parts.join(lang.pick("，", ", "))
    }
}

fn brief(
    e: &EventRow,
    s: &EventScore,
    inputs: &EventInputs,
    scoring: &Scoring,
    lang: Lang,
) -> EventBrief {
    let l = |zh, en| lang.pick(zh, en);
    let mut subtitle = vec![e.kind.name(lang).to_string(), e.starts_on.clone()];
    if !e.city.is_empty() {
        subtitle.push(e.city.clone());
    }
    if !e.organiser.is_empty() {
        subtitle.push(format!("{}{}", l("主办：", "by "), e.organiser));
    }
    subtitle.push(e.status.name(lang).into());
    let p = inputs.package;
    let industries = if inputs.audience.industries.is_empty() {
        l("未填写", "not entered").to_string()
    } else {
        inputs.audience.industries.join(l("、", ", "))
    };
    EventBrief {
        title: e.name.clone(),
        subtitle: subtitle.join(" · "),
        recommendation: s.advice.recommendation.name(lang).into(),
        headline: vec![
            fact(
                l("总分（0–100）", "Score (0–100)"),
                format!("{:.1}", s.total),
            ),
            fact(l("获客价值", "Lead value"), format!("{:.1}", s.lead_value)),
            fact(
                l("品牌价值", "Brand value"),
                format!("{:.1}", s.brand_value),
            ),
            fact(
                l("预计合格联系人", "Expected qualified contacts"),
                format!("{:.1} {}", s.qualified_contacts, l("人", "people")),
            ),
            fact(
                l("费用", "Cost"),
                e.known_cost()
                    .map_or(l("未填写", "not entered").to_string(), |c: Money| {
                        c.to_string()
                    }),
            ),
            fact(
                l("每位合格联系人成本", "Cost per qualified contact"),
                s.cost_per_qualified
                    .map_or("—".to_string(), |m| m.to_string()),
            ),
        ],
        why_title: l("为什么赞助", "Why sponsor").into(),
        why: s.advice.reasons.iter().map(|r| r.sentence(lang)).collect(),
        qualified: s.qualified_sentence(inputs, &scoring.card, lang),
        record: s.calibration.sentence(lang),
        criteria_title: l("评分明细", "Score breakdown").into(),
        criteria: Table {
            name: String::new(),
            head: vec![
                l("评分项", "Criterion").into(),
                l("得分", "Points").into(),
                l("依据", "Basis").into(),
            ],
            rows: s
                .criteria
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(c.criterion.name(lang)),
                        Cell::text(format!("{:.1} / {:.1}", c.points, c.max_points)),
                        Cell::text(c.sentence(lang)),
                    ]
                })
                .collect(),
            total: None,
            note: String::new(),
        },
        package_title: l("赞助权益与参会人群", "Package and audience").into(),
        package: vec![
            fact(
                l("发言", "Talk"),
                format!("{} {}", p.talk_minutes, l("分钟", "minutes")),
            ),
            fact(l("展台", "Booth"), yes_no(p.booth, lang)),
            fact(l("圆桌", "Roundtable"), yes_no(p.roundtable, lang)),
            fact(l("奖项", "Award"), yes_no(p.award, lang)),
            fact(
                l("参会名单", "Attendee list"),
                yes_no(p.attendee_list, lang),
            ),
            fact(
                l("预计到场", "Expected attendance"),
                format!("{} {}", inputs.expected_size, l("人", "people")),
            ),
            fact(l("行业", "Industries"), industries),
            fact(l("参会构成", "Audience"), audience(inputs, lang)),
            fact(
                l("竞品销售", "Competitors' sales"),
                inputs.competitors.to_string(),
            ),
        ],
        notes_title: l("备注", "Notes").into(),
        notes: e.notes.clone(),
    }
}

/// Briefs of the given events (those without scoring details are skipped: nothing to say).
fn briefs_of(
    store: &Store,
    keep: impl Fn(&EventRow) -> bool,
    lang: Lang,
) -> crate::Result<Vec<EventBrief>> {
    let rows = store.list_events().user(lang)?;
    let scoring = Scoring::load(store, &rows).user(lang)?;
    let mut chosen: Vec<&EventRow> = rows.iter().filter(|e| keep(e)).collect();
    chosen.sort_by(|a, b| (&a.starts_on, a.id).cmp(&(&b.starts_on, b.id)));
    Ok(chosen
        .into_iter()
        .filter_map(|e| {
            let s = scoring.score(e)?;
            Some(brief(e, &s, e.inputs.as_ref()?, &scoring, lang))
        })
        .collect())
}

/// The appendix of the printed plan: the year's planned and done events, if the user asked.
pub(crate) fn plan_appendix(
    store: &Store,
    year: i32,
    lang: Lang,
) -> crate::Result<Vec<EventBrief>> {
    if store.meta(PLAN_APPENDIX).user(lang)?.as_deref() != Some("true") {
        return Ok(Vec::new());
    }
    let prefix = format!("{year}-");
    briefs_of(
        store,
        |e| e.status.is_funded() && e.starts_on.starts_with(&prefix),
        lang,
    )
}

impl Session {
    pub fn event_briefs_document(&self, ids: &[i64]) -> crate::Result<BriefsDocument> {
        let lang = self.lang();
        let store = self.store();
        let briefs = briefs_of(&store, |e| ids.contains(&e.id), lang)?;
        if briefs.is_empty() {
            return Err(ApiError::new(
                "no_briefs",
                lang.pick(
                    "所选活动没有评分资料，无法生成简报；请先编辑补全规模、参会构成与赞助权益。",
                    "The chosen events have no scoring details to brief on; edit them first.",
                )
                .into(),
            ));
        }
        let company = store.meta("company").user(lang)?.unwrap_or_default();
        let today = chrono::Local::now().date_naive();
        Ok(BriefsDocument {
            lang: match lang {
                Lang::ZhCn => "zh",
                Lang::En => "en",
            },
            title: lang.pick("活动简报", "Event briefs").into(),
            footer: format!(
                "{} · {company} · {today}",
                lang.pick("活动简报", "Event brief")
            ),
            company,
            page_of: lang.pick("第 {n} 页，共 {total} 页", "Page {n} of {total}"),
            briefs,
        })
    }

    /// The briefs as A4 SVG pages, for the window to print.
    pub fn event_brief_pages(&self, ids: &[i64]) -> crate::Result<Vec<String>> {
        let lang = self.lang();
        #[cfg(feature = "pdf")]
        {
            marketdesk_report::briefs_pages(&self.event_briefs_document(ids)?).user(lang)
        }
        #[cfg(not(feature = "pdf"))]
        {
            let out = crate::plan_export::typesetter::run(
                &self.brief_args(ids, vec!["--json".into()])?,
                lang,
            )?;
            serde_json::from_slice(&out)
                .map_err(|_| crate::plan_export::typesetter::failed(lang, ""))
        }
    }

    pub fn export_event_briefs(&self, ids: &[i64], path: &Path) -> crate::Result<()> {
        let lang = self.lang();
        #[cfg(feature = "pdf")]
        {
            let bytes =
                marketdesk_report::briefs_pdf(&self.event_briefs_document(ids)?).user(lang)?;
            crate::plan_export::write_atomically(&bytes, ExportFormat::Pdf, path, lang)
        }
        #[cfg(not(feature = "pdf"))]
        {
            let _ = ExportFormat::Pdf;
            let args = self.brief_args(ids, vec!["-o".into(), path.as_os_str().to_os_string()])?;
            crate::plan_export::typesetter::run(&args, lang)?;
            Ok(())
        }
    }

    #[cfg(not(feature = "pdf"))]
    fn brief_args(
        &self,
        ids: &[i64],
        tail: Vec<std::ffi::OsString>,
    ) -> crate::Result<Vec<std::ffi::OsString>> {
        let workspace = self.workspace_file()?;
        let mut args: Vec<std::ffi::OsString> =
            vec!["events".into(), "brief".into(), workspace.into()];
        args.extend(ids.iter().map(|id| id.to_string().into()));
        args.extend(tail);
        Ok(args)
    }

    /// Whether the printed plan carries the year's event briefs as an appendix.
    pub fn plan_event_briefs(&self) -> crate::Result<bool> {
        let lang = self.lang();
        Ok(self.store().meta(PLAN_APPENDIX).user(lang)?.as_deref() == Some("true"))
    }

    pub fn set_plan_event_briefs(&self, on: bool) -> crate::Result<bool> {
        let lang = self.lang();
        self.store()
            .set_meta(PLAN_APPENDIX, if on { "true" } else { "false" })
            .user(lang)?;
        Ok(on)
    }
}
