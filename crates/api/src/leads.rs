//! The 线索 section and the attendee import, as the shells call them: views with labels in the
//! user's language, history as sentences, and imports as cancellable jobs.

use std::path::Path;

use marketdesk_core::event_from_file::KnownEvent;
use marketdesk_core::people::{Function, LeadField, LeadFields, Seniority};
use marketdesk_core::{Attendance, EventKind, Lang};
use marketdesk_report::{write_leads, CrmPreset, ExportFormat as LeadFileFormat, LeadExportRow};
use marketdesk_store::{
    CompanyCard, HistoryEntry, ImportBatch, LeadDetail, LeadFacets, LeadFilter, LeadForExport,
    NewEvent, TagRow, UndoneImport,
};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ToApi};
use crate::jobs::ProgressUpdate;
use crate::lead_import::{
    open_attendee_file, run_import, AttendeeFileView, AttendeeImportDone, AttendeeImportPreview,
    AttendeeImportRequest, Mode,
};
use crate::Session;

/// The rows an import took with a warning, kept with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportWarnings {
    pub headers: Vec<String>,
    /// The first of them.
    pub rows: Vec<crate::PreviewRow>,
    pub total: u64,
}

/// A lead's page as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadDetailView {
    pub id: i64,
    pub fields: LeadFields,
    /// (field code, label, value) in display order.
    pub rows: Vec<(String, String, String)>,
    pub seniority: String,
    pub function: String,
    /// Auto tags: events with attendance, seniority, function.
    pub auto_tags: Vec<String>,
    pub tags: Vec<TagRow>,
    pub company: Option<CompanyView>,
    pub events: Vec<LeadEventView>,
    pub history: Vec<HistoryView>,
    /// Sentences for each contact other leads give too ("手机 138… 与 马总、牛总 共用"), with
    /// those leads to open.
    pub shared: Vec<SharedView>,
    /// When the person was erased on request; such a lead is kept only for the counts.
    pub erased_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedView {
    /// `mobile` or `email`.
    pub key: &'static str,
    pub text: String,
    /// (lead id, name) of the others.
    pub leads: Vec<(i64, String)>,
}

/// The lead's company: how many of its people are leads, which parts of its buying centre they
/// reach, and the other contacts there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyView {
    pub id: i64,
    pub name: String,
    pub leads: i64,
    /// The buying-centre functions (业务, 科技, 合规/风控, 采购, 财务), each with its leads there;
    /// 0 marks a part of the account not reached yet.
    pub coverage: Vec<FacetView>,
    pub colleagues: Vec<ColleagueView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColleagueView {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub seniority: String,
    pub function: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadEventView {
    pub event_id: i64,
    pub name: String,
    pub date: String,
    pub state: String,
    pub state_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryView {
    pub at: String,
    pub kind: String,
    pub text: String,
    pub batch_id: Option<i64>,
}

/// A filter's choices with counts, labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadFacetsView {
    pub events: Vec<FacetView>,
    pub tags: Vec<FacetView>,
    pub attendance: Vec<FacetView>,
    pub seniority: Vec<FacetView>,
    pub function: Vec<FacetView>,
    pub regions: Vec<FacetView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetView {
    pub key: String,
    pub label: String,
    pub leads: Option<i64>,
}

/// A new event from the import flow or the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EventForm {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub city: String,
    pub date: String,
    #[serde(default)]
    pub cost: String,
    #[serde(default)]
    pub target_attendance: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportBatchView {
    #[serde(flatten)]
    pub batch: ImportBatch,
    pub list_label: String,
}

pub(crate) fn seniority_label(code: &str, lang: Lang) -> String {
    Seniority::from_code(code)
        .map(|s| s.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

pub(crate) fn function_label(code: &str, lang: Lang) -> String {
    Function::from_code(code)
        .map(|f| f.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn state_label(code: &str, lang: Lang) -> String {
    Attendance::from_code(code)
        .map(|a| a.name(lang).to_string())
        .unwrap_or_else(|_| code.to_string())
}

fn field_label(code: &str, lang: Lang) -> String {
    LeadField::from_code(code)
        .map(|f| f.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn history_text(h: &HistoryEntry, lang: Lang) -> String {
    let from = h
        .source
        .as_deref()
        .map(|s| match lang {
            Lang::ZhCn => format!("（来自“{s}”）"),
            Lang::En => format!(" (from “{s}”)"),
        })
        .unwrap_or_default();
    let event = h.event.as_deref().unwrap_or("");
    let field = field_label(&h.field, lang);
    match (h.kind.as_str(), lang) {
        ("created", Lang::ZhCn) if h.source.is_some() => format!("由导入新建{from}"),
        ("created", Lang::ZhCn) => "新建".into(),
        ("created", Lang::En) if h.source.is_some() => format!("Created by an import{from}"),
        ("created", Lang::En) => "Created".into(),
        ("registered", Lang::ZhCn) => format!("报名“{event}”{from}"),
        ("registered", Lang::En) => format!("Registered for “{event}”{from}"),
        ("checked_in", Lang::ZhCn) => format!("在“{event}”签到{from}"),
        ("checked_in", Lang::En) => format!("Checked in at “{event}”{from}"),
        ("filled", Lang::ZhCn) => format!("补充了{field}：{}{from}", h.after),
        ("filled", Lang::En) => format!("{field} filled in: {}{from}", h.after),
        // Blank here, but the list's value is another lead's mobile or email.
        ("conflict", Lang::ZhCn) if h.before.is_empty() => format!(
            "名单中的{field}“{}”已属于另一条线索，没有填入{from}",
            h.after
        ),
        ("conflict", Lang::En) if h.before.is_empty() => format!(
            "{field} “{}” from the list belongs to another lead; not filled in{from}",
            h.after
        ),
        ("conflict", Lang::ZhCn) => format!(
            "{field}不一致：保留“{}”，名单中为“{}”{from}",
            h.before, h.after
        ),
        ("conflict", Lang::En) => format!(
            "{field} differs: kept “{}”, the list says “{}”{from}",
            h.before, h.after
        ),
        ("tag_added", Lang::ZhCn) => format!("添加标签“{}”", h.field),
        ("tag_added", Lang::En) => format!("Tag “{}” added", h.field),
        ("tag_removed", Lang::ZhCn) => format!("移除标签“{}”", h.field),
        ("tag_removed", Lang::En) => format!("Tag “{}” removed", h.field),
        ("edited", Lang::ZhCn) => format!("{field}由“{}”改为“{}”", h.before, h.after),
        ("edited", Lang::En) => format!("{field} changed from “{}” to “{}”", h.before, h.after),
        (other, _) => other.to_string(),
    }
}

fn company_view(c: CompanyCard, lang: Lang) -> CompanyView {
    let coverage = Function::ALL
        .into_iter()
        .filter(|f| *f != Function::Other)
        .map(|f| FacetView {
            key: f.code().into(),
            label: f.name(lang).into(),
            leads: Some(
                c.functions
                    .iter()
                    .find(|(code, _)| code == f.code())
                    .map_or(0, |(_, n)| *n),
            ),
        })
        .collect();
    CompanyView {
        id: c.id,
        name: c.name,
        leads: c.leads,
        coverage,
        colleagues: c
            .colleagues
            .into_iter()
            .map(|p| ColleagueView {
                id: p.id,
                seniority: if p.seniority == Seniority::Unknown.code() {
                    String::new()
                } else {
                    seniority_label(&p.seniority, lang)
                },
                function: function_label(&p.function, lang),
                name: p.name,
                title: p.title,
            })
            .collect(),
    }
}

/// One sentence per contact key the lead shares, naming how many others give it.
fn shared_views(d: &LeadDetail, lang: Lang) -> Vec<SharedView> {
    ["mobile", "email"]
        .into_iter()
        .filter_map(|key| {
            let leads: Vec<(i64, String)> = d
                .shares
                .iter()
                .filter(|s| s.key == key)
                .map(|s| (s.person_id, s.name.clone()))
                .collect();
            if leads.is_empty() {
                return None;
            }
            let value = if key == "mobile" {
                &d.fields.mobile
            } else {
                &d.fields.email
            };
            let n = leads.len();
            let text = match (key, lang) {
                ("mobile", Lang::ZhCn) => format!("共用号码：手机 {value} 另有 {n} 位线索也在使用"),
                (_, Lang::ZhCn) => format!("共用邮箱：{value} 另有 {n} 位线索也在使用"),
                ("mobile", Lang::En) => {
                    format!("Shared number: {n} other lead(s) also give the mobile {value}")
                }
                (_, Lang::En) => format!("Shared address: {n} other lead(s) also give {value}"),
            };
            Some(SharedView { key, text, leads })
        })
        .collect()
}

fn detail_view(d: LeadDetail, lang: Lang) -> LeadDetailView {
    let shared = shared_views(&d, lang);
    let rows = LeadField::ALL
        .into_iter()
        .map(|f| {
            (
                f.code().to_string(),
                f.name(lang).to_string(),
                d.fields.get(f).to_string(),
            )
        })
        .collect();
    let events: Vec<LeadEventView> = d
        .events
        .iter()
        .map(|e| LeadEventView {
            event_id: e.event_id,
            name: e.name.clone(),
            date: e.starts_on.clone(),
            state: e.state.clone(),
            state_label: state_label(&e.state, lang),
        })
        .collect();
    let seniority = seniority_label(&d.seniority, lang);
    let function = function_label(&d.function, lang);
    let mut auto_tags: Vec<String> = events
        .iter()
        .map(|e| format!("{} · {}", e.name, e.state_label))
        .collect();
    if d.seniority != Seniority::Unknown.code() {
        auto_tags.push(seniority.clone());
    }
    auto_tags.push(function.clone());
    LeadDetailView {
        id: d.id,
        rows,
        fields: d.fields,
        seniority,
        function,
        auto_tags,
        tags: d.tags,
        company: d.company.map(|c| company_view(c, lang)),
        events,
        history: d
            .history
            .iter()
            .map(|h| HistoryView {
                at: crate::dates::local_minute(&h.at),
                kind: h.kind.clone(),
                text: history_text(h, lang),
                batch_id: h.batch_id,
            })
            .collect(),
        shared,
        erased_at: d.erased_at,
    }
}

fn facets_view(f: LeadFacets, lang: Lang) -> LeadFacetsView {
    let plain = |v: Vec<marketdesk_store::Facet>| -> Vec<FacetView> {
        v.into_iter()
            .map(|f| FacetView {
                key: f.key,
                label: f.label,
                leads: f.leads,
            })
            .collect()
    };
    let labelled = |v: Vec<marketdesk_store::Facet>, label: fn(&str, Lang) -> String| {
        v.into_iter()
            .map(|f| FacetView {
                label: label(&f.key, lang),
                key: f.key,
                leads: f.leads,
            })
            .collect()
    };
    LeadFacetsView {
        events: plain(f.events),
        tags: plain(f.tags),
        attendance: Attendance::ALL
            .into_iter()
            .map(|a| FacetView {
                key: a.code().into(),
                label: a.name(lang).into(),
                leads: None,
            })
            .collect(),
        seniority: labelled(f.seniority, seniority_label),
        function: labelled(f.function, function_label),
        regions: plain(f.regions),
    }
}

/// A choice offered by the export dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportPresetView {
    pub code: &'static str,
    pub label: &'static str,
}

pub fn export_presets(lang: Lang) -> Vec<ExportPresetView> {
    CrmPreset::ALL
        .into_iter()
        .map(|p| ExportPresetView {
            code: p.code(),
            label: p.name(lang),
        })
        .collect()
}

fn export_row(l: LeadForExport, lang: Lang) -> LeadExportRow {
    let sep = lang.pick("；", "; ");
    LeadExportRow {
        name: l.fields.name,
        mobile: l.fields.mobile,
        other_phones: l.fields.other_phones,
        email: l.fields.email,
        wechat: l.fields.wechat,
        company: l.fields.company,
        department: l.fields.department,
        title: l.fields.title,
        region: l.fields.region,
        industry: l.fields.industry,
        seniority: seniority_label(&l.seniority, lang),
        function: function_label(&l.function, lang),
        events: l
            .events
            .iter()
            .map(|(name, state)| format!("{name}（{}）", state_label(state, lang)))
            .collect::<Vec<_>>()
            .join(sep),
        tags: l.tags.join(sep),
        source: if l.source.is_empty() {
            l.events.first().map(|e| e.0.clone()).unwrap_or_default()
        } else {
            l.source
        },
        created_at: l.created_at.get(..10).unwrap_or(&l.created_at).to_string(),
    }
}

impl Session {
    /// Writes the leads the filter matches to `path` as xlsx or csv in a CRM's column layout;
    /// returns the leads written. Streams: the store reads while the file is written.
    pub fn export_leads(
        &self,
        filter: &LeadFilter,
        path: &Path,
        preset: &str,
        format: &str,
    ) -> crate::Result<u64> {
        let lang = self.lang();
        let unknown = |what: &str| {
            ApiError::new(
                "unknown_export_format",
                match lang {
                    Lang::ZhCn => format!("不支持的导出格式“{what}”。"),
                    Lang::En => format!("Unknown export format “{what}”."),
                },
            )
        };
        let preset = CrmPreset::from_code(preset).ok_or_else(|| unknown(preset))?;
        let format = LeadFileFormat::from_code(format).ok_or_else(|| unknown(format))?;
        let store = self.reader();
        let (tx, rx) = std::sync::mpsc::sync_channel::<LeadExportRow>(1024);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || write_leads(path, rx, preset, format, lang));
            let read = store.export_leads(filter, |lead| {
                // A closed channel means the writer stopped; its error is reported below.
                let _ = tx.send(export_row(lead, lang));
                Ok(())
            });
            drop(tx);
            let written = writer.join().map_err(|_| {
                ApiError::new(
                    "export_failed",
                    lang.pick("导出失败。", "The export failed.").into(),
                )
            })?;
            if let Err(e) = read {
                // The writer finished a file from the rows it got; it must not stand as the export.
                let _ = std::fs::remove_file(path);
                return Err(ApiError::from_err(&e, lang));
            }
            written.user(lang)
        })
    }

    /// Opens an attendee file for the flow's sheet and mapping steps; the event's organiser's
    /// remembered mapping is proposed when its headers match.
    pub fn open_attendee_file(
        &self,
        path: &Path,
        sheet: Option<usize>,
        encoding: Option<&str>,
        event_id: Option<i64>,
    ) -> crate::Result<AttendeeFileView> {
        let lang = self.lang();
        let template = match event_id {
            Some(id) => {
                let store = self.store();
                let organiser = store.event_organiser(id).user(lang)?;
                store.import_template(&organiser).user(lang)?
            }
            None => None,
        };
        let events = self.reader().event_names().user(lang)?;
        let known: Vec<KnownEvent> = events
            .iter()
            .map(|(id, name, date)| KnownEvent {
                id: *id,
                name,
                date,
            })
            .collect();
        let view = open_attendee_file(path, sheet, encoding, template.as_ref(), &known, lang);
        self.after_reading(&[path.to_path_buf()])?;
        view
    }

    /// Reads the whole file as the import would and rolls it back: exact counts and the
    /// problem rows. A cancellable job.
    pub fn preview_attendee_import(
        &self,
        req: &AttendeeImportRequest,
        on_start: &dyn Fn(u64),
        progress: &dyn Fn(ProgressUpdate),
    ) -> crate::Result<AttendeeImportPreview> {
        let lang = self.lang();
        let job = self.jobs().start();
        on_start(job.id);
        let run = {
            let mut store = self.store();
            run_import(
                &mut store,
                req,
                Mode::DryRun,
                lang,
                job.id,
                &job.token,
                progress,
            )
        };
        self.after_reading(std::slice::from_ref(&req.path))?;
        Ok(run?.preview)
    }

    /// Imports the file in one transaction and remembers the mapping for the event's organiser.
    pub fn import_attendees(
        &self,
        req: &AttendeeImportRequest,
        on_start: &dyn Fn(u64),
        progress: &dyn Fn(ProgressUpdate),
    ) -> crate::Result<AttendeeImportDone> {
        let lang = self.lang();
        let job = self.jobs().start();
        on_start(job.id);
        let run = {
            let mut store = self.store();
            run_import(
                &mut store,
                req,
                Mode::Commit,
                lang,
                job.id,
                &job.token,
                progress,
            )
        };
        self.after_reading(std::slice::from_ref(&req.path))?;
        let run = run?;
        let batch = run.batch.ok_or_else(|| ApiError::cancelled(lang))?;
        let touched = self.reader().leads_of_import(batch.id).user(lang)?;
        self.rescore_after(&touched)?;
        let warnings = self.import_warnings(batch.id)?;
        Ok(AttendeeImportDone { batch, warnings })
    }

    pub fn undo_attendee_import(&self, batch_id: i64) -> crate::Result<UndoneImport> {
        let lang = self.lang();
        let touched = self.reader().leads_of_import(batch_id).user(lang)?;
        let undone = self.store().undo_import(batch_id).user(lang)?;
        // The leads the import created are gone with their scores; the others lost touches.
        self.rescore_after(&touched)?;
        Ok(undone)
    }

    pub fn import_batches(&self) -> crate::Result<Vec<ImportBatchView>> {
        let lang = self.lang();
        Ok(self
            .reader()
            .import_batches()
            .user(lang)?
            .into_iter()
            .map(|b| ImportBatchView {
                list_label: b.list.name(lang).into(),
                batch: b,
            })
            .collect())
    }

    /// Writes an import's refused rows to an xlsx with a reason column, and on a second sheet
    /// the rows it took with a warning; returns the refused rows written.
    pub fn export_rejected_rows(&self, batch_id: i64, path: &Path) -> crate::Result<u64> {
        let lang = self.lang();
        let rejected = self.reader().rejected_rows(batch_id).user(lang)?;
        let convert = |rows: Vec<marketdesk_store::RejectedRow>| {
            rows.into_iter().map(|r| marketdesk_report::RejectedRow {
                row: r.row as u64,
                cells: r.cells,
                reason: r.reason,
            })
        };
        marketdesk_report::write_rejected_rows(
            path,
            &rejected.headers,
            convert(rejected.rows),
            convert(rejected.warned),
            lang,
        )
        .user(lang)
    }

    /// The rows an import took with a warning, first ones of the file, and how many there are.
    pub fn import_warnings(&self, batch_id: i64) -> crate::Result<ImportWarnings> {
        let lang = self.lang();
        let rows = self.reader().rejected_rows(batch_id).user(lang)?;
        Ok(ImportWarnings {
            total: rows.warned.len() as u64,
            headers: rows.headers,
            rows: rows
                .warned
                .into_iter()
                .take(crate::lead_import::PREVIEW_PROBLEMS)
                .map(|r| crate::PreviewRow {
                    row: r.row as u64,
                    cells: r.cells,
                    outcome: "imported",
                    reason: r.reason,
                })
                .collect(),
        })
    }

    pub fn create_event(&self, form: &EventForm) -> crate::Result<i64> {
        let lang = self.lang();
        let name = crate::event_draft::event_name(&form.name, lang)?;
        let kind = EventKind::from_code(&form.kind).user(lang)?;
        let starts_on =
            crate::dates::parse_date(&form.date, lang).map_err(|e| e.with_field("date"))?;
        let cost = crate::event_draft::event_cost(&form.cost, lang)?;
        let target_attendance =
            match form.target_attendance.trim() {
                "" => 0,
                t => t.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                    ApiError::invalid_count(t, lang).with_field("target_attendance")
                })?,
            };
        self.store()
            .create_event(&NewEvent {
                organiser: form.organiser.clone(),
                city: form.city.clone(),
                cost,
                target_attendance,
                ..NewEvent::listed(name, kind, starts_on, chrono::Local::now().date_naive())
            })
            .user(lang)
    }

    pub fn lead_detail(&self, person_id: i64) -> crate::Result<LeadDetailView> {
        let lang = self.lang();
        let detail = self.reader().lead_detail(person_id).user(lang)?;
        Ok(detail_view(detail, lang))
    }

    /// The company a name means, however it is written.
    pub fn company_named(&self, name: &str) -> crate::Result<Option<i64>> {
        let lang = self.lang();
        self.reader().company_named(name).user(lang)
    }

    /// How many leads the filter matches (the list asks once per filter, not per page).
    pub fn lead_count(&self, filter: &LeadFilter) -> crate::Result<i64> {
        let lang = self.lang();
        self.reader().lead_count(filter).user(lang)
    }

    pub fn lead_facets(&self) -> crate::Result<LeadFacetsView> {
        let lang = self.lang();
        let facets = self.reader().lead_facets().user(lang)?;
        Ok(facets_view(facets, lang))
    }

    /// Tags every lead the filter matches; returns how many gained the tag.
    pub fn tag_leads(&self, filter: &LeadFilter, name: &str) -> crate::Result<i64> {
        let lang = self.lang();
        if name.trim().is_empty() {
            return Err(ApiError::new(
                "tag_name_missing",
                lang.pick("请输入标签名称。", "Type a tag name.").into(),
            ));
        }
        Ok(self.store().tag_leads(filter, name).user(lang)?.1)
    }

    pub fn untag_lead(&self, person_id: i64, tag_id: i64) -> crate::Result<LeadDetailView> {
        let lang = self.lang();
        self.store().untag_lead(person_id, tag_id).user(lang)?;
        self.lead_detail(person_id)
    }

    pub fn tag_lead(&self, person_id: i64, name: &str) -> crate::Result<LeadDetailView> {
        let lang = self.lang();
        if name.trim().is_empty() {
            return Err(ApiError::new(
                "tag_name_missing",
                lang.pick("请输入标签名称。", "Type a tag name.").into(),
            ));
        }
        self.store().tag_lead(person_id, name).user(lang)?;
        self.lead_detail(person_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::ListKind;
    use marketdesk_store::LeadQuery;

    fn session(dir: &Path) -> Session {
        Session::create(&dir.join("ws.marketdesk"), false, Lang::ZhCn).expect("session")
    }

    fn summit(s: &Session) -> i64 {
        s.create_event(&EventForm {
            name: "2026 金融科技峰会".into(),
            kind: "summit".into(),
            organiser: "金融科技协会".into(),
            city: "深圳".into(),
            date: "2026-11-20".into(),
            cost: "8万".into(),
            target_attendance: "300".into(),
        })
        .expect("event")
    }

    fn gbk_csv(dir: &Path) -> std::path::PathBuf {
        let text = "2026 金融科技峰会 报名名单（导出时间：2026-11-20）\r\n\
                    姓名,手机号,邮箱,公司名称,职务,报名时间\r\n\
                    张三,138 1234 5678,zs@cmbchina.com,招商银行股份有限公司,信息科技部总经理,2026/11/1 10:30\r\n\
                    张 三,+86-13812345678,,招商银行,,2026/11/2\r\n\
                    李四,1.38E+10,,平安科技（深圳）有限公司,工程师,\r\n\
                    王五,,,,,\r\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let path = dir.join("报名名单.csv");
        std::fs::write(&path, &bytes).expect("write");
        path
    }

    #[test]
    fn a_gbk_list_with_a_banner_previews_imports_is_refused_twice_and_undoes() {
        let dir = tempfile::tempdir().expect("dir");
        let s = session(dir.path());
        let event = summit(&s);
        let path = gbk_csv(dir.path());
        let view = s
            .open_attendee_file(&path, None, None, Some(event))
            .expect("open");
        assert_eq!(view.encoding.as_deref(), Some("GBK"), "detected GBK");
        assert_eq!(view.header_row, Some(1), "header found below the banner");
        assert_eq!(
            view.mapping,
            [
                "name",
                "phone",
                "email",
                "company",
                "title",
                "registered_at"
            ]
            .map(|c| Some(c.to_string())),
            "columns mapped by their Chinese names"
        );
        let req = view.request(event, ListKind::Registration);
        let preview = s
            .preview_attendee_import(&req, &|_| {}, &|_| {})
            .expect("preview");
        assert_eq!(
            (
                preview.counts.new,
                preview.counts.repeated,
                preview.counts.rejected
            ),
            (2, 1, 1),
            "张三 twice, 李四 by name+company, 王五 refused: {:?}",
            preview.counts
        );
        assert!(
            preview
                .problems
                .iter()
                .any(|p| p.reason.contains("科学计数法")),
            "李四's phone problem is explained: {:?}",
            preview.problems
        );
        assert_eq!(
            preview.problem_rows,
            preview.problems.len() as u64,
            "every problem row counted, all of them listed in a small file"
        );
        assert_eq!(
            s.leads_page(&Default::default()).expect("page").total,
            Some(0),
            "preview wrote nothing"
        );
        let done = s.import_attendees(&req, &|_| {}, &|_| {}).expect("import");
        assert_eq!(
            done.batch.counts, preview.counts,
            "the import did what the preview said"
        );
        assert!(
            done.warnings.total > 0
                && done
                    .warnings
                    .rows
                    .iter()
                    .any(|r| r.reason.contains("科学计数法")),
            "a real import shows the warnings its preview showed: {:?}",
            done.warnings
        );
        assert_eq!(
            s.import_warnings(done.batch.id).expect("kept").total,
            done.warnings.total,
            "and keeps them with the import"
        );
        let page = s.leads_page(&Default::default()).expect("page");
        assert_eq!(page.total, Some(2));
        assert!(
            page.rows
                .iter()
                .any(|r| r.name == "张三" && r.company == "招商银行股份有限公司"),
            "Chinese intact"
        );
        let again = s
            .import_attendees(&req, &|_| {}, &|_| {})
            .expect_err("same file");
        assert_eq!(again.code, "already_imported");
        let second_preview = s
            .preview_attendee_import(&req, &|_| {}, &|_| {})
            .expect("preview");
        assert!(
            second_preview.already_imported.is_some(),
            "the preview says so too"
        );
        let out = dir.path().join("rejected.xlsx");
        assert_eq!(
            s.export_rejected_rows(done.batch.id, &out)
                .expect("rejected"),
            1
        );
        {
            use calamine::Reader;
            let mut wb = calamine::open_workbook_auto(&out).expect("reopen");
            assert_eq!(
                wb.sheet_names(),
                ["未导入的行", "导入时的提醒"],
                "the warnings ride along on a second sheet"
            );
            let warned = wb.worksheet_range("导入时的提醒").expect("sheet");
            assert_eq!(warned.height() as u64, done.warnings.total + 1);
        }
        let zs = page.rows.iter().find(|r| r.name == "张三").expect("张三");
        let detail = s.lead_detail(zs.id).expect("detail");
        assert!(
            detail
                .history
                .iter()
                .any(|h| h.text.contains("报名“2026 金融科技峰会”")),
            "{:?}",
            detail.history
        );
        assert!(
            detail.auto_tags.iter().any(|t| t.contains("已报名")),
            "{:?}",
            detail.auto_tags
        );
        let company = detail.company.as_ref().expect("张三 works at 招商银行");
        assert_eq!(
            (company.name.as_str(), company.leads),
            ("招商银行股份有限公司", 1),
            "招商银行 however written"
        );
        let reached: Vec<(&str, Option<i64>)> = company
            .coverage
            .iter()
            .map(|f| (f.label.as_str(), f.leads))
            .collect();
        assert_eq!(
            reached,
            [
                ("业务", Some(0)),
                ("科技/IT", Some(1)),
                ("合规/风控", Some(0)),
                ("采购", Some(0)),
                ("财务", Some(0))
            ],
            "the buying centre, reached in 科技 only"
        );
        let at_company = s
            .leads_page(&LeadQuery {
                filter: LeadFilter {
                    company_id: Some(company.id),
                    ..LeadFilter::default()
                },
                ..LeadQuery::default()
            })
            .expect("company's leads");
        assert_eq!(at_company.total, Some(1), "the list filtered by company");
        let csv = dir.path().join("线索.csv");
        let n = s
            .export_leads(&LeadFilter::default(), &csv, "salesforce_leads", "csv")
            .expect("export");
        assert_eq!(n, 2, "both leads exported");
        let text = std::fs::read_to_string(&csv).expect("csv");
        assert!(
            text.contains("三,张,招商银行股份有限公司"),
            "first, last, company: {text}"
        );
        let undone = s.undo_attendee_import(done.batch.id).expect("undo");
        assert_eq!(undone.removed, 2);
        assert_eq!(
            s.leads_page(&Default::default()).expect("page").total,
            Some(0),
            "undo removed them"
        );
        // The organiser's mapping is remembered.
        let reopened = s
            .open_attendee_file(&path, None, None, Some(event))
            .expect("open");
        assert_eq!(reopened.mapping_source, "template");
    }

    #[test]
    fn a_resaved_copy_is_recognised_by_its_rows_and_registers_nobody_twice() {
        let dir = tempfile::tempdir().expect("dir");
        let s = session(dir.path());
        let first = gbk_csv(dir.path());
        // Before any event exists, the file proposes one: the banner's title and date.
        let opened = s
            .open_attendee_file(&first, None, None, None)
            .expect("open");
        match &opened.event {
            marketdesk_core::event_from_file::EventFromFile::New(p) => {
                assert_eq!(
                    (p.name.as_str(), p.date.as_deref()),
                    ("2026 金融科技峰会", Some("2026-11-20"))
                )
            }
            other => panic!("a new event is proposed, not guessed: {other:?}"),
        }
        let event = summit(&s);
        let opened = s
            .open_attendee_file(&first, None, None, None)
            .expect("open");
        assert_eq!(
            opened.event,
            marketdesk_core::event_from_file::EventFromFile::Named { id: event },
            "the banner names the event now that it exists"
        );
        let done = s
            .import_attendees(
                &opened.request(event, ListKind::Registration),
                &|_| {},
                &|_| {},
            )
            .expect("import");
        // The same people re-saved: UTF-8 with a BOM, no banner, other column order, other
        // row order, other spacing and phone formats.
        let copy = dir.path().join("报名名单 (1).csv");
        std::fs::write(
            &copy,
            "\u{feff}公司名称,姓名,手机号,邮箱,职务,报名时间\n\
             平安科技（深圳）有限公司,李四,1.38E+10,,工程师,\n\
             招商银行,张 三,13812345678,,,2026-11-02\n\
             招商银行股份有限公司,张三,138-1234-5678,zs@cmbchina.com,信息科技部总经理,2026-11-01 10:30\n\
             ,王五,,,,\n",
        )
        .expect("copy");
        let view = s
            .open_attendee_file(&copy, None, None, Some(event))
            .expect("open");
        let req = view.request(event, ListKind::Registration);
        let preview = s
            .preview_attendee_import(&req, &|_| {}, &|_| {})
            .expect("preview");
        let earlier = preview
            .already_imported
            .as_ref()
            .expect("the copy is recognised by its rows");
        assert_eq!(earlier.id, done.batch.id);
        let touches = |s: &Session| {
            let page = s.leads_page(&Default::default()).expect("page");
            page.rows
                .iter()
                .map(|r| s.lead_detail(r.id).expect("detail").history.len())
                .sum::<usize>()
        };
        let before = touches(&s);
        let refused = s
            .import_attendees(&req, &|_| {}, &|_| {})
            .expect_err("not imported twice");
        assert_eq!(refused.code, "already_imported");
        assert!(
            refused.message.contains("报名名单.csv"),
            "{}",
            refused.message
        );
        assert_eq!(touches(&s), before, "nobody registered a second time");
        // The same rows are a list of their own for check-in, and after the first import is
        // undone the copy imports.
        let checkin = s
            .preview_attendee_import(&view.request(event, ListKind::CheckIn), &|_| {}, &|_| {})
            .expect("preview");
        assert!(checkin.already_imported.is_none());
        s.undo_attendee_import(done.batch.id).expect("undo");
        let again = s.import_attendees(&req, &|_| {}, &|_| {}).expect("import");
        assert_eq!(again.batch.counts.new, 2);
        // A list that differs by one value is another list.
        let edited = dir.path().join("报名名单 更新.csv");
        let text = std::fs::read_to_string(&copy).expect("copy");
        std::fs::write(&edited, text.replace("工程师", "高级工程师")).expect("edited");
        let view = s
            .open_attendee_file(&edited, None, None, Some(event))
            .expect("open");
        let preview = s
            .preview_attendee_import(
                &view.request(event, ListKind::Registration),
                &|_| {},
                &|_| {},
            )
            .expect("preview");
        assert!(preview.already_imported.is_none(), "an edited list imports");
    }

    #[test]
    fn a_cancelled_import_stores_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let s = session(dir.path());
        let event = summit(&s);
        let path = gbk_csv(dir.path());
        let view = s
            .open_attendee_file(&path, None, None, Some(event))
            .expect("open");
        let req = view.request(event, ListKind::Registration);
        // "Cancel" pressed as soon as the job exists.
        let err = s
            .import_attendees(&req, &|job| assert!(s.jobs().cancel(job)), &|_| {})
            .expect_err("cancelled");
        assert_eq!(err.code, "cancelled");
        assert_eq!(
            s.leads_page(&Default::default()).expect("page").total,
            Some(0)
        );
        assert!(
            s.import_batches().expect("batches").is_empty(),
            "no batch left behind"
        );
        assert_eq!(s.jobs().running(), 0, "the job is over");
    }

    #[test]
    fn progress_has_a_total_and_a_cancel_at_the_last_step_stores_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let s = session(dir.path());
        let event = summit(&s);
        // Past 1,000 rows an import builds its indexes at the end (store/deferred_indexes.rs).
        let path = dir.path().join("报名名单.csv");
        marketdesk_testdata::write_csv(
            &path,
            marketdesk_testdata::attendees(3_000, &Default::default()),
            marketdesk_testdata::CsvEncoding::Gbk,
            None,
        )
        .expect("csv");
        let view = s
            .open_attendee_file(&path, None, None, Some(event))
            .expect("open");
        let req = view.request(event, ListKind::Registration);
        let stages = std::sync::Mutex::new(Vec::new());
        let err = s
            .import_attendees(&req, &|_| {}, &|p| {
                stages.lock().expect("stages").push(p.stage);
                if p.stage == crate::Stage::Finishing {
                    assert!(s.jobs().cancel(p.job), "the job still runs");
                }
            })
            .expect_err("cancelled");
        assert_eq!(err.code, "cancelled", "{err:?}");
        let stages = stages.into_inner().expect("stages");
        assert!(
            stages.len() > 2,
            "a report per chunk of 512 rows: {stages:?}"
        );
        assert_eq!(
            stages.last(),
            Some(&crate::Stage::Finishing),
            "rows first, then the last step, which says so: {stages:?}"
        );
        assert_eq!(
            s.leads_page(&Default::default()).expect("page").total,
            Some(0),
            "no lead of the cancelled import"
        );
        assert!(
            s.import_batches().expect("batches").is_empty(),
            "no batch left behind"
        );
        let preview = s
            .preview_attendee_import(&req, &|_| {}, &|_| {})
            .expect("preview");
        let reports = std::sync::Mutex::new(Vec::new());
        let done = s
            .import_attendees(&req, &|_| {}, &|p| {
                reports.lock().expect("reports").push((p.done, p.total))
            })
            .expect("the same file imports afterwards");
        let reports = reports.into_inner().expect("reports");
        let (first, last) = (reports[0], reports[reports.len() - 2]);
        assert!(
            first.1 > first.0,
            "a total to show a bar against from the first chunk: {first:?}"
        );
        assert_eq!(
            last,
            (3_000, 3_000),
            "the last chunk's total is the rows there were: {reports:?}"
        );
        assert_eq!(done.batch.counts, preview.counts);
        assert_eq!(
            s.leads_page(&Default::default()).expect("page").total,
            Some(done.batch.counts.new)
        );
    }

    #[test]
    fn a_mapping_that_identifies_nobody_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let s = session(dir.path());
        let event = summit(&s);
        let path = gbk_csv(dir.path());
        let req = AttendeeImportRequest {
            path,
            sheet: 0,
            header_row: Some(1),
            mapping: vec![Some("name".into()), None, None, None, Some("title".into())],
            encoding: None,
            fill_merged: true,
            event_id: event,
            list: ListKind::Registration,
        };
        let err = s
            .preview_attendee_import(&req, &|_| {}, &|_| {})
            .expect_err("refused");
        assert_eq!(err.code, "mapping_without_identity");
        assert!(
            err.message
                .ends_with("文件里的列：姓名、手机号、邮箱、公司名称、职务、报名时间。"),
            "says what to map and lists the columns the file has: {}",
            err.message
        );
    }
}
