//! The annual plan as a document: the data (already formatted for the reader, in their
//! language) and its labels. One layout (typst) makes the PDF, the pages the window prints and
//! the HTML export; the xlsx export writes the same tables as a workbook.

use marketdesk_core::Lang;
use serde::{Serialize, Serializer};

/// One table cell: the text shown, and what is behind it, so the spreadsheet export keeps
/// numbers as numbers and totals as formulas.
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
    /// A share of a whole in basis points (0–100%).
    BasisPoints(u32),
    /// A rate in basis points that may be negative or past 100% (ROI, change on last year).
    Rate(i64),
    /// Revenue per yuan in hundredths: 480 is 4.80×.
    Multiple(i64),
    /// A calendar year, shown without a thousands separator.
    Year(i32),
    /// The sum of the column's rows above, in fen: a SUM formula in the workbook.
    SumFen(i64),
    /// The sum of the column's rows above: a SUM formula in the workbook.
    SumCount(i64),
    /// The sum of the column's shares above, in basis points: a SUM formula in the workbook.
    SumShare(u32),
    /// Column `num` ÷ column `den` of the same row, as `kind` says: a formula in the workbook
    /// (empty when the denominator is 0), with the value it has now.
    Quotient {
        num: usize,
        den: usize,
        kind: QuotientKind,
    },
}

/// What a quotient of two columns is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotientKind {
    /// Money per unit (cost per lead): `num` money ÷ `den` count.
    MoneyPer,
    /// Revenue per yuan: `num` ÷ `den`, both money, as 0.00×.
    Multiple,
    /// A rate: `num` ÷ `den`, as a percentage.
    Rate,
    /// ROI: (`num` − `den`) ÷ `den`, as a percentage.
    Return,
    /// A change: (`num` − `den`) ÷ `den` where both are money of two years, as a percentage.
    Change,
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

    pub fn rate(r: marketdesk_core::Rate) -> Cell {
        Cell {
            text: r.to_string(),
            value: CellValue::Rate(r.0),
        }
    }

    pub fn multiple(m: marketdesk_core::Multiple) -> Cell {
        Cell {
            text: m.to_string(),
            value: CellValue::Multiple(m.0),
        }
    }

    pub fn year(y: i32) -> Cell {
        Cell {
            text: y.to_string(),
            value: CellValue::Year(y),
        }
    }

    /// A column total of money.
    pub fn sum_money(m: marketdesk_core::Money) -> Cell {
        Cell {
            text: m.to_string(),
            value: CellValue::SumFen(m.fen()),
        }
    }

    /// A column total of counts.
    pub fn sum_count(n: i64) -> Cell {
        Cell {
            text: n.to_string(),
            value: CellValue::SumCount(n),
        }
    }

    /// A column total of shares.
    pub fn sum_share(s: marketdesk_core::Share) -> Cell {
        Cell {
            text: s.to_string(),
            value: CellValue::SumShare(s.basis_points()),
        }
    }

    /// A quotient of two columns of the row, shown as `text` ("—" when undefined).
    pub fn quotient(text: impl Into<String>, num: usize, den: usize, kind: QuotientKind) -> Cell {
        Cell {
            text: text.into(),
            value: CellValue::Quotient { num, den, kind },
        }
    }

    /// Whether the cell is right-aligned: a number of any kind.
    pub fn is_number(&self) -> bool {
        !matches!(self.value, CellValue::Text)
    }
}

/// The layout needs the text (`t`) and whether to align it as a number (`n`).
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Cell", 2)?;
        st.serialize_field("t", &self.text)?;
        st.serialize_field("n", &self.is_number())?;
        st.end()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Sheet name in the xlsx export.
    pub name: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<Vec<Cell>>,
    /// Printed under the table, kept on its page.
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocTactic {
    pub id: i64,
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
    /// Some of the four texts leadership asks for are missing.
    pub brief_missing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocBreach {
    pub warning: bool,
    pub message: String,
}

/// The charts, as the window draws them (plotters SVG).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocCharts {
    pub channels: String,
    pub quarters: String,
    pub roi: String,
    /// Plan against spend per channel, once there is spend.
    pub spend: Option<String>,
}

/// Everything the printed plan shows, formatted once in Rust. Optional parts are left out of
/// the document, and the sections after them keep continuous numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// 200.00万, or ¥2.00M in English.
    pub total_short: String,
    pub stage: String,
    pub emphasis: String,
    pub summary: Vec<String>,
    pub objectives: String,
    pub risks: String,
    pub charts: DocCharts,
    pub channel_table: Table,
    pub breaches: Vec<DocBreach>,
    /// This year against last year per channel, when last year is known.
    pub last_year: Option<Table>,
    /// Spend to date against plan, once the year has started and spend is booked.
    pub spend: Option<Table>,
    pub kpis: Table,
    pub quarters: Table,
    /// Regions, when the plan has them.
    pub regions: Option<Table>,
    pub roi: Table,
    /// Costs per lead and per SQL, and MQL→SQL, per channel.
    pub unit_costs: Table,
    pub tactics: Vec<DocTactic>,
    /// The tactics as a sheet (xlsx): id, every field and expected output.
    pub tactic_table: Table,
    /// How many tactics lack part of their brief.
    pub missing_briefs: usize,
    /// "2027 年度市场预算 · 第 3 版"
    pub footer: String,
    /// The appendix of event briefs, when the user asks for it.
    pub event_briefs: Vec<crate::EventBrief>,
}

/// The document's fixed words. Section titles carry no number: the layout numbers the
/// sections that are there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labels {
    pub total: &'static str,
    pub fiscal_year: &'static str,
    pub stage: &'static str,
    pub emphasis: &'static str,
    pub version: &'static str,
    pub date: &'static str,
    pub summary: &'static str,
    pub objectives_risks: &'static str,
    pub objectives: &'static str,
    pub risks: &'static str,
    pub channel_split: &'static str,
    pub guardrails: &'static str,
    pub last_year: &'static str,
    pub spend: &'static str,
    pub kpis: &'static str,
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
    pub brief_missing: &'static str,
    pub signoff: &'static str,
    pub prepared_by: &'static str,
    pub finance_review: &'static str,
    pub approved_by: &'static str,
    pub sign_date: &'static str,
    /// "第 {n} 页，共 {total} 页"
    pub page_of: &'static str,
    pub summary_sheet: &'static str,
    /// The section number format, for typst's numbering(): "一、" or "1.".
    pub numbering: &'static str,
    pub event_briefs: &'static str,
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
            summary: p("执行摘要", "Executive summary"),
            objectives_risks: p("目标与风险", "Objectives and risks"),
            objectives: p("目标", "Objectives"),
            risks: p("风险", "Risks"),
            channel_split: p("渠道分配", "Channel split"),
            guardrails: p("预算提醒", "Plan checks"),
            last_year: p("与上年对比", "Against last year"),
            spend: p("执行情况", "Spend to date"),
            kpis: p("KPI 目标", "KPI targets"),
            by_quarter: p("季度安排", "By quarter"),
            by_region: p("区域分配", "By region"),
            roi: p("投入产出预测", "Forecast return"),
            roi_note: p(
                "按各预算项的预期产出计算。每元收入 = 预期收入 ÷ 投入；ROI = (预期收入 − 投入) ÷ 投入。实际结果将在年内按同一口径对比。",
                "From each tactic's expected outputs. Revenue per yuan = expected revenue ÷ cost; ROI = (expected revenue − cost) ÷ cost. Actual results are compared on the same footing during the year.",
            ),
            tactics: p("预算项明细", "Tactics"),
            owner: p("负责人", "Owner"),
            expected_leads: p("预期线索", "Expected leads"),
            problem: p("解决的问题", "Problem"),
            expected_result: p("预期结果", "Expected result"),
            kpi: p("衡量指标", "KPI"),
            people: p("所需人员", "People"),
            brief_missing: p("说明待补充", "brief to complete"),
            signoff: p("审批", "Approval"),
            prepared_by: p("编制人：", "Prepared by:"),
            finance_review: p("财务审核：", "Finance review:"),
            approved_by: p("批准人：", "Approved by:"),
            sign_date: p("日期：", "Date:"),
            page_of: p("第 {n} 页，共 {total} 页", "Page {n} of {total}"),
            summary_sheet: p("概览", "Summary"),
            numbering: p("一、", "1."),
            event_briefs: p("附录：活动简报", "Appendix: event briefs"),
        }
    }
}
