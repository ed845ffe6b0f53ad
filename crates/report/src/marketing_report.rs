//! The monthly or quarterly marketing report for leadership (seed 002: report results
//! regularly): the KPIs per team with their definitions, the funnel, ROI by channel and by
//! event, cost per SQL, the follow-up rule kept, the trend and the notes. Formatted once in
//! Rust, in the reader's language; typst lays it out as the printed plan is laid out (PDF,
//! printed pages, HTML), and the workbook holds the same tables with numbers as numbers.

use marketdesk_core::Lang;
use rust_xlsxwriter::Workbook;
use serde::Serialize;

use crate::document::{Cell, Table};
use crate::xlsx::{write_table, Formats};
use crate::{ReportError, Result};

/// The charts of one period (plotters SVG), as the 报表 section and the printed report show
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RevenueCharts {
    pub funnel: String,
    pub roi_by_channel: String,
    pub roi_by_event: String,
    pub cost_per_sql: String,
    pub trend: String,
}

/// The KPIs of one team (events, demand generation), as a table: KPI, this period, what it is
/// held against, the verdict in words, the definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KpiGroup {
    pub title: String,
    pub table: Table,
}

/// Everything the printed report shows, formatted once in Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarketingReportDocument {
    /// "zh" or "en" (typst's text language).
    pub lang: &'static str,
    pub labels: ReportLabels,
    pub company: String,
    /// "2026年11月市场工作报告"
    pub title: String,
    /// "2026年11月1日至2026年11月30日"
    pub period: String,
    /// The attribution model's name and how it credits a deal: every money figure uses it.
    pub model: String,
    pub model_rule: String,
    /// The day the report was made, 2026年12月6日.
    pub date: String,
    /// When the leads were last scored (the funnel's sources), or that they never were.
    pub data_note: String,
    pub summary: Vec<String>,
    pub kpis: Vec<KpiGroup>,
    /// What the KPI tables leave out (teams whose work the workspace does not record).
    pub kpi_note: String,
    pub charts: RevenueCharts,
    pub funnel: Table,
    pub channels: Table,
    pub events: Table,
    pub unit_costs: Table,
    /// The follow-up rule, in words.
    pub sla_rule: String,
    pub sla: Table,
    pub trend: Table,
    /// Revenue per channel under every attribution model.
    pub models: Table,
    /// Definitions and caveats, numbered at the end.
    pub notes: Vec<String>,
    /// "示例科技有限公司 · 2026年11月市场工作报告"
    pub footer: String,
}

/// The report's fixed words. Section titles carry no number: the layout numbers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportLabels {
    pub period: &'static str,
    pub model: &'static str,
    pub date: &'static str,
    pub data: &'static str,
    pub summary: &'static str,
    pub kpis: &'static str,
    pub funnel: &'static str,
    pub channels: &'static str,
    pub events: &'static str,
    pub unit_costs: &'static str,
    pub sla: &'static str,
    pub trend: &'static str,
    pub models: &'static str,
    pub notes: &'static str,
    /// "第 {n} 页，共 {total} 页"
    pub page_of: &'static str,
    /// The section number format, for typst's numbering(): "一、" or "1.".
    pub numbering: &'static str,
    pub overview_sheet: &'static str,
}

impl ReportLabels {
    pub fn new(lang: Lang) -> ReportLabels {
        let p = |zh, en| lang.pick(zh, en);
        ReportLabels {
            period: p("期间", "Period"),
            model: p("归因模型", "Attribution"),
            date: p("编制日期", "Prepared on"),
            data: p("数据", "Data"),
            summary: p("本期摘要", "Summary"),
            kpis: p("KPI 达成", "KPIs"),
            funnel: p("线索漏斗", "Lead funnel"),
            channels: p("渠道 ROI", "ROI by channel"),
            events: p("活动 ROI", "ROI by event"),
            unit_costs: p("单个 SQL 成本", "Cost per SQL"),
            sla: p("跟进时效", "Follow-up rule"),
            trend: p("月度趋势", "Month by month"),
            models: p("归因模型对比", "Attribution models compared"),
            notes: p("注释与口径", "Notes and definitions"),
            page_of: p("第 {n} 页，共 {total} 页", "Page {n} of {total}"),
            numbering: p("一、", "1."),
            overview_sheet: p("概览", "Overview"),
        }
    }
}

impl MarketingReportDocument {
    /// Every table in reading order, as the workbook has them after its overview sheet.
    fn tables(&self) -> impl Iterator<Item = &Table> {
        self.kpis.iter().map(|g| &g.table).chain([
            &self.funnel,
            &self.channels,
            &self.events,
            &self.unit_costs,
            &self.sla,
            &self.trend,
            &self.models,
        ])
    }

    /// The first sheet: what the report is about, its summary and its notes, one line each.
    fn overview(&self, lang: Lang) -> Table {
        let l = &self.labels;
        let line = |k: &str, v: &str| vec![Cell::text(k), Cell::text(v)];
        let mut rows = vec![
            line(lang.pick("报告", "Report"), &self.title),
            line(lang.pick("公司", "Company"), &self.company),
            line(l.period, &self.period),
            line(l.model, &format!("{} · {}", self.model, self.model_rule)),
            line(l.date, &self.date),
            line(l.data, &self.data_note),
        ];
        for (key, lines) in [(l.summary, &self.summary), (l.notes, &self.notes)] {
            for (i, text) in lines.iter().enumerate() {
                rows.push(line(if i == 0 { key } else { "" }, text));
            }
        }
        Table {
            name: l.overview_sheet.into(),
            head: vec![lang.pick("项目", "Item").into(), String::new()],
            rows,
            total: None,
            note: String::new(),
        }
    }
}

/// The report as a workbook: an overview sheet, then one sheet per table, money as numbers in
/// ¥ format, counts and rates as numbers, totals as SUM formulas, ROI and costs per SQL as
/// formulas of their row, so the figures stay editable.
pub fn marketing_report_xlsx(doc: &MarketingReportDocument) -> Result<Vec<u8>> {
    let lang = if doc.lang == "zh" {
        Lang::ZhCn
    } else {
        Lang::En
    };
    let f = Formats::new();
    let mut wb = Workbook::new();
    write_table(&mut wb, &doc.overview(lang), &f)?;
    for table in doc.tables() {
        write_table(&mut wb, table, &f)?;
    }
    wb.save_to_buffer()
        .map_err(|e| ReportError::Spreadsheet(e.to_string()))
}

#[cfg(feature = "pdf")]
const TEMPLATE: &str = include_str!("marketing_report.typ");

/// The report as PDF bytes.
#[cfg(feature = "pdf")]
pub fn marketing_report_pdf(doc: &MarketingReportDocument) -> Result<Vec<u8>> {
    crate::pdf::pdf_of(&crate::pdf::layout_with(
        "marketing_report.typ",
        TEMPLATE,
        doc,
    )?)
}

/// The report's pages as SVG, one A4 page each, exactly as the PDF lays them out: what the
/// window prints and the HTML export holds.
#[cfg(feature = "pdf")]
pub fn marketing_report_pages(doc: &MarketingReportDocument) -> Result<Vec<String>> {
    Ok(crate::pdf::svg_pages(&crate::pdf::layout_with(
        "marketing_report.typ",
        TEMPLATE,
        doc,
    )?))
}
