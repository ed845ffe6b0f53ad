//! Charts drawn in Rust with plotters as SVG strings, embedded by the UI and by printed documents.
//! Text stays SVG `<text>` (no font rasterising here), so Chinese labels are drawn by the viewer
//! with the system's CJK fonts and remain selectable and vector in print.
//!
//! ```
//! use marketdesk_report::{bar_chart_svg, Bar};
//! use marketdesk_core::{Lang, Money};
//!
//! let svg = bar_chart_svg(&[Bar {
//!     label: "线下活动".into(),
//!     value: Money::from_yuan(1_400_000),
//!     note: "70.0%".into(),
//!     color: "#1677ff".into(),
//!     marker: Some(Money::from_yuan(1_230_000)),
//! }], Lang::ZhCn).unwrap();
//! assert!(svg.contains("线下活动"));
//! ```

mod bar_chart;
mod chart_text;
mod color;
mod document;
mod error;
mod event_brief;
mod event_charts;
mod html;
mod lead_export;
mod marketing_report;
#[cfg(feature = "pdf")]
mod pdf;
mod plan_actual_chart;
mod quarter_chart;
mod revenue_charts;
mod xlsx;

pub use bar_chart::{bar_chart_svg, roi_chart_svg, Bar, RoiBar};
pub use document::{
    Cell, CellValue, DocBreach, DocCharts, DocTactic, Labels, PlanDocument, QuotientKind, Table,
};
pub use error::{ReportError, Result};
pub use event_brief::{BriefsDocument, EventBrief, Fact};
pub use event_charts::{
    forecast_actual_chart_svg, score_cost_chart_svg, ForecastActualRow, ScorePoint,
};
pub use html::{escape as escape_html, plan_html};
pub use lead_export::{
    neutralise_formula, write_leads, write_rejected_rows, CrmPreset, ExportFormat, LeadExportRow,
    RejectedRow, MAX_XLSX_DATA_ROWS,
};
#[cfg(feature = "pdf")]
pub use marketing_report::{marketing_report_pages, marketing_report_pdf};
pub use marketing_report::{
    marketing_report_xlsx, KpiGroup, MarketingReportDocument, ReportLabels, RevenueCharts,
};
#[cfg(feature = "pdf")]
pub use pdf::{briefs_pages, briefs_pdf, plan_pages, plan_pdf};
pub use plan_actual_chart::{plan_actual_chart_svg, PlanActualRow, PlanActualWords};
pub use quarter_chart::{quarter_chart_svg, QuarterSeries};
pub use revenue_charts::{
    cost_per_sql_svg, empty_chart_svg, funnel_chart_svg, roi_bars_svg, trend_chart_svg, CostItem,
    FunnelStage, RoiItem, TrendMonth,
};
pub use xlsx::plan_xlsx;
