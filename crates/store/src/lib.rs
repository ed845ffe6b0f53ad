//! The Marketdesk workspace: one SQLite file holding a user's plans, events and leads.
//!
//! Opening applies the embedded, versioned migrations in one transaction, after backing the file
//! up; a file written by a newer Marketdesk is refused and left untouched.
//!
//! ```
//! let store = marketdesk_store::Store::open_in_memory().unwrap();
//! assert_eq!(store.schema_version().unwrap(), marketdesk_store::SCHEMA_VERSION);
//! ```

mod backfill;
mod bulk;
mod channels;
mod checkpoint;
mod companies;
mod company_search;
mod deals;
mod deferred_indexes;
mod demo;
mod error;
mod events;
mod followups;
mod foreign_keys;
mod guardrails;
mod interrupt;
mod lead_detail;
mod lead_edits;
mod lead_import;
mod lead_keys;
mod lead_undo;
mod leads;
mod lifecycle;
mod local_days;
mod migrate;
mod open;
mod page_cache;
mod person_fields;
mod plan_versions;
mod plans;
mod regions;
mod roi;
mod row;
mod rows_fingerprint;
mod scenarios;
mod score_inputs;
mod scores;
mod spend;
mod tactics;
mod tags;
mod team;
#[cfg(test)]
mod test_support;

pub use channels::ChannelRow;
pub use companies::{Colleague, CompanyCard};
pub use deals::{DealFile, DealImportResult, DealRow, LeadMatch, NewDeal};
pub use demo::{seed_demo, DEMO_LEADS, DEMO_TOTAL_YUAN};
pub use error::{Result, StoreError};
pub use events::{default_channel, organiser_key, EventActuals, EventRow, Forecast, NewEvent};
pub use followups::{day_number, from_day_number, FollowUpRow, OnTheClock};
pub use guardrails::GuardrailRow;
pub use lead_detail::{HistoryEntry, LeadDetail, LeadEvent, SharedWith};
pub use lead_edits::{MergeRow, ERASED_NAME};
pub use lead_import::{
    AddedRow, Finished, Import, ImportBatch, ImportCounts, ImportWriter, NewImport, ReadyLead,
    RejectedRow, RejectedRows, RowInput, RowOutcome,
};
pub use lead_undo::UndoneImport;
pub use leads::{
    LeadFilter, LeadForExport, LeadPage, LeadQuery, LeadRow, LeadSort, WorkspaceCounts,
};
pub use lifecycle::{MoveReport, StageMove};
pub use migrate::SCHEMA_VERSION;
pub use open::{OpenReport, Store, APPLICATION_ID};
pub use plan_versions::{VersionCause, VersionRow};
pub use plans::{NewPlan, PlanRow, PlanRows, TacticRow};
pub use regions::RegionRow;
pub use roi::{
    ChannelSpend, DealFacts, DealTouch, EventSpend, MonthFacts, RoiFacts, SourceFunnel, SpendBasis,
};
pub use scores::RescoreReport;
pub use spend::{DeletedSpend, NewSpend, SpendRow};
pub use tactics::TacticFields;
pub use tags::{Facet, LeadFacets, TagRow};
pub use team::{Member, TeamRole};
