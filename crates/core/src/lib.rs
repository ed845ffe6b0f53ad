//! Marketdesk's domain: exact money, budget channels and their default shares,
//! event kinds, lead attendance — the rules, with no storage and no UI.
//!
//! ```
//! use marketdesk_core::{Money, Share, split_by_weights};
//!
//! let total = Money::from_yuan(2_000_000);
//! assert_eq!(total.to_string(), "¥2,000,000.00");
//! assert_eq!(total.format_wan(), "200.00万");
//!
//! // Parts always sum to the whole, to the fen.
//! let parts = split_by_weights(Money::from_fen(100), &[1, 1, 1]).unwrap();
//! assert_eq!(parts.iter().map(|m| m.fen()).sum::<i64>(), 100);
//! assert_eq!(Share::from_percent_str("70").unwrap().basis_points(), 7000);
//! ```

pub mod assignment;
pub mod attribution;
pub mod budget;
mod channel;
pub mod deal;
mod error;
pub mod event_from_file;
pub mod events;
pub mod followup;
mod lang;
mod lead;
pub mod lifecycle;
mod money;
pub mod people;
pub mod realized;
pub mod scoring;
mod share;
mod split;

pub use budget::content::{
    changes as plan_changes, summarize as summarize_changes, Change, ChannelContent, PlanContent,
    TacticContent,
};
pub use budget::guardrails::{
    built_in_message, check as check_guardrails, default_guardrails, Bound, Breach, Guardrail,
};
pub use budget::plan::{Brief, Outcomes, Plan, PlanChannel, Quarters, Tactic};
pub use budget::quarters::{
    channel_quarters, quarter_totals, tactic_quarters, ByQuarter, QuarterSplit,
};
pub use budget::regions::{split_regions, RegionInput, RegionSplit};
pub use budget::roi::{forecast_by_channel, forecast_total, roi, Multiple, Rate, Roi};
pub use budget::scenario::{
    apply as apply_adjustment, compare as compare_plans, parse_change as parse_percent_change,
    Adjustment, ChannelComparison, Outputs,
};
pub use budget::stage::{CompanyStage, Emphasis};
pub use budget::template::{default_template, Template, TemplateLine};
pub use budget::tracking::{
    track, track_tactics, track_total, GroupBy, SpendEntry, SpendKind, Tracking,
};
pub use channel::{custom_channel_color, ChannelKind, ALL_CHANNELS};
pub use error::{CoreError, Noun, Result};
pub use events::{EventInputs, EventKind, EventStatus, Recommendation, Scorecard};
pub use lang::Lang;
pub use lead::{Attendance, ListEntry, ListKind};
pub use money::Money;
pub use people::{
    classify_department, classify_title, company_key, display_company, guess_column, map_headers,
    parse_email, parse_name, parse_phone, parse_phones, Column, Email, EmailProblem, Function,
    Landline, Mobile, NameProblem, PersonName, Phone, PhoneProblem, Phones, Role, Seniority,
};
pub use share::Share;
pub use split::split_by_weights;
