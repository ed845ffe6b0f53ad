//! The one API surface of Marketdesk. Both shells — the Tauri app and the `marketdesk` CLI —
//! call these functions; neither holds business logic of its own. Every fallible call returns an
//! [`ApiError`]: a stable `code` for programs and a `message` sentence in the user's language.
//!
//! ```
//! use marketdesk_api::{Session, LeadQuery};
//! use marketdesk_core::Lang;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let session = Session::open_default(&dir.path().join("ws.marketdesk"), None, Lang::ZhCn).unwrap();
//! let budget = session.budget_overview().unwrap();
//! assert_eq!(budget.plan.unwrap().total.yuan, "¥2,000,000.00");
//! assert!(session.leads_page(&LeadQuery::default()).unwrap().total > Some(0));
//! ```

mod budget;
mod dates;
mod deal_import;
mod error;
mod event_brief;
mod event_draft;
mod event_offers;
mod event_page;
mod event_plan;
mod event_scorecard;
mod events;
mod files;
mod jobs;
mod lead_edits;
mod lead_import;
mod lead_journey;
mod leads;
mod money_view;
mod plan_export;
mod plan_history;
mod plan_rules;
mod prefs;
mod reports;
mod revenue;
mod revenue_report;
mod routing;
mod scenarios;
mod session;
mod sheet_file;

mod spend;
mod spend_import;

mod tactics;
mod workspace;

pub use budget::{
    BreachView, BudgetOverview, ChannelView, GuardrailView, OutcomesView, PlanView,
    QuarterPlanView, QuarterRowView, RegionView, RegionsView, RoiView, SpendView, TacticView,
    TrackingView,
};
pub use deal_import::{DealImportDone, DealPreview, DealPreviewRow};
pub use error::{ApiError, UserFacing};
pub use event_draft::{EventDraft, SeniorityDraft};
pub use event_offers::{OfferRow, ScoredOffers};
pub use event_page::{
    CriterionView, EventPage, EventResults, OrganiserEvent, OrganiserRecord, ResultLine,
    ScoreSummaryAt, ScoreView, StatusChoice,
};
pub use event_plan::{AcceptedEvent, LimitView, PortfolioLine, PortfolioView};
pub use event_scorecard::{FunctionChoice, ScorecardForm, ScorecardView, WeightView};
pub use events::{EventView, EventsOverview, ScoreSummary};
pub use files::{inspect_files, InspectedFile};
pub use jobs::{CancelToken, JobGuard, JobRegistry, ProgressUpdate, Stage};
pub use lead_import::{
    AttendeeFileView, AttendeeImportDone, AttendeeImportPreview, AttendeeImportRequest,
    FieldChoice, PreviewRow,
};
pub use lead_journey::{
    BacktestView, DealView, FollowUpView, LeadJourney, LeadScoreView, LeadScorecardView, MergeView,
    MoveView,
};
pub use leads::{
    export_presets, ColleagueView, CompanyView, EventForm, ExportPresetView, FacetView,
    HistoryView, ImportBatchView, ImportWarnings, LeadDetailView, LeadEventView, LeadFacetsView,
};
pub use marketdesk_report::PlanDocument;
pub use marketdesk_store::{
    DeletedSpend, ImportBatch, ImportCounts, LeadFilter, LeadPage, LeadQuery, LeadRow, LeadSort,
    MoveReport, RescoreReport, UndoneImport,
};
pub use money_view::MoneyView;
pub use plan_export::ExportFormat;
pub use plan_history::{VersionChannel, VersionDetail, VersionTactic, VersionView};
pub use plan_rules::{ChannelForm, GuardrailForm, QuarterSplitForm, RegionForm, Removed};
pub use prefs::Preferences;
pub use reports::{ChannelForecastRow, EventReportRow, ReportsSummary};
pub use revenue::{
    roi_report, ClockView, FunnelStep, MemberView, ModelComparison, MonthView, RealizedView,
    RevenueOverview, RoiReport, SlaView,
};
pub use revenue_report::{MarketingReportDocument, ReportPeriod, RevenueCharts};
pub use routing::{RoutingView, RuleForm, RuleView, SlaForm};
pub use scenarios::{
    AdjustmentForm, Adopted, ComparisonRow, ForecastRow, ScenarioView, ThreeWayRow,
};
pub use session::Session;
pub use spend::SpendForm;
pub use spend_import::{SpendImportDone, SpendImportPreview, SpendImportRow};
pub use tactics::TacticForm;
pub use workspace::{default_workspace_path, WorkspaceInfo, WORKSPACE_EXTENSION};

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// A demo workspace in a temporary folder, as the app makes it on first run, for unit tests.
#[cfg(test)]
pub(crate) fn demo_session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Session::open_default(
        &dir.path().join("w.marketdesk"),
        None,
        marketdesk_core::Lang::ZhCn,
    )
    .expect("open");
    (dir, s)
}
