//! The annual plan as a document: the data (already formatted for the reader, in their
//! language) and its labels. Rendered to PDF (typst), HTML and xlsx by sibling modules.

use marketdesk_core::Lang;
use serde::{Serialize, Serializer};

/// One table cell: the text shown, and the exact number behind it when there is one, so the
/// spreadsheet export keeps numbers as numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub value: CellValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellValue {
    Text,
    /// Money in fen.
    Fen(i64),
    Count(i64),
    /// A share in basis points.
    BasisPoints(u32),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            value: CellValue::Text,
        }
    }

    pub fn money(m: marketdesk_core::Money) -> Cell {
        Cell {
            text: m.to_string(),
            value: CellValue::Fen(m.fen()),
        }
    }

    pub fn count(n: i64) -> Cell {
        Cell {
            text: n.to_string(),
            value: CellValue::Count(n),
        }
    }

    pub fn share(s: marketdesk_core::Share) -> Cell {
        Cell {
            text: s.to_string(),
            value: CellValue::BasisPoints(s.basis_points()),
        }
    }
}

/// The layout only needs the text.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Sheet name in the xlsx export.
    pub name: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<Vec<Cell>>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocChannel {
    pub name: String,
    pub color: String,
    pub share: String,
    /// Bar lengths for the chart, in percent of the total (layout only, not money).
    pub share_pct: f64,
    pub tactics_pct: f64,
    pub budget: String,
    pub budget_wan: String,
    pub tactics: String,
    pub count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocTactic {
    pub name: String,
    pub channel: String,
    pub owner: String,
    pub region: String,
    pub quarter: String,
    pub planned: String,
    pub leads: String,
    pub problem: String,
    pub expected_result: String,
    pub kpi: String,
    pub people: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocBreach {
    pub warning: bool,
    pub message: String,
}

/// Everything the printed plan shows, formatted once in Rust.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDocument {
    /// "zh" or "en" (typst's text language).
    pub lang: &'static str,
    pub labels: Labels,
    pub company: String,
    pub title: String,
    pub year: i32,
    pub version: i64,
    /// 2027年3月15日
    pub date: String,
    pub total: String,
    pub total_wan: String,
    pub stage: String,
    pub emphasis: String,
    pub summary: Vec<String>,
    pub channels: Vec<DocChannel>,
    /// The channel table with exact numbers (xlsx).
    pub channel_table: Table,
    pub share_total: String,
    pub tactics_total: String,
    pub quarters: Table,
    pub regions: Table,
    pub roi: Table,
    pub tactics: Vec<DocTactic>,
    /// The tactics as a sheet (xlsx).
    pub tactic_table: Table,
    pub breaches: Vec<DocBreach>,
    pub footer: String,
}

/// The document's fixed words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labels {
    pub total: &'static str,
    pub fiscal_year: &'static str,
    pub stage: &'static str,
    pub emphasis: &'static str,
    pub version: &'static str,
    pub date: &'static str,
    pub summary: &'static str,
    pub channel_split: &'static str,
    pub chart_note: &'static str,
    pub channel: &'static str,
    pub share: &'static str,
    pub budget: &'static str,
    pub in_tactics: &'static str,
    pub tactic_count: &'static str,
    pub sum: &'static str,
    pub guardrails: &'static str,
    pub by_quarter: &'static str,
    pub by_region: &'static str,
    pub roi: &'static str,
    pub roi_note: &'static str,
    pub tactics: &'static str,
    pub owner: &'static str,
    pub expected_leads: &'static str,
    pub problem: &'static str,
    pub expected_result: &'static str,
    pub kpi: &'static str,
    pub people: &'static str,
    pub signoff: &'static str,
    pub prepared_by: &'static str,
    pub approved_by: &'static str,
    pub sign_date: &'static str,
    /// "第 {n} 页，共 {total} 页"
    pub page_of: &'static str,
    pub summary_sheet: &'static str,
}

impl Labels {
    pub fn new(lang: Lang) -> Labels {
        let p = |zh, en| lang.pick(zh, en);
        Labels {
            total: p("总预算", "Total budget"),
            fiscal_year: p("财年", "Fiscal year"),
            stage: p("公司阶段", "Company stage"),
            emphasis: p("侧重", "Emphasis"),
            version: p("版本", "Version"),
            date: p("日期", "Date"),
            summary: p("一、执行摘要", "1. Executive summary"),
            channel_split: p("渠道分配", "Channel split"),
            chart_note: p(
                "色条为渠道预算占比，黑线为已列入预算项的金额。",
                "Coloured bars: each channel's share of the budget; black line: what its tactics add up to.",
            ),
            channel: p("渠道", "Channel"),
            share: p("占比", "Share"),
            budget: p("预算", "Budget"),
            in_tactics: p("已列预算项", "In tactics"),
            tactic_count: p("项数", "Tactics"),
            sum: p("合计", "Total"),
            guardrails: p("预算提醒", "Plan checks"),
            by_quarter: p("二、季度安排", "2. By quarter"),
            by_region: p("三、区域分配", "3. By region"),
            roi: p("四、投入产出预测", "4. Forecast return"),
            roi_note: p(
                "按各预算项的预期线索与收入计算；实际结果将在年内按同一口径对比。",
                "From each tactic's expected leads and revenue; actual results are compared on the same footing during the year.",
            ),
            tactics: p("五、预算项明细", "5. Tactics"),
            owner: p("负责人", "Owner"),
            expected_leads: p("预期线索", "Expected leads"),
            problem: p("解决的问题", "Problem"),
            expected_result: p("预期结果", "Expected result"),
            kpi: p("衡量指标", "KPI"),
            people: p("所需人员", "People"),
            signoff: p("审批", "Approval"),
            prepared_by: p("编制人：", "Prepared by:"),
            approved_by: p("批准人：", "Approved by:"),
            sign_date: p("日期：", "Date:"),
            page_of: p("第 {n} 页，共 {total} 页", "Page {n} of {total}"),
            summary_sheet: p("概览", "Summary"),
        }
    }
}
