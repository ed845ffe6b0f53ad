//! Events (会议/活动): what a candidate offers, how the seed author's advice scores it, what the
//! organiser's record teaches, and the portfolio chosen within the events budget.

mod advice;
mod inputs;
mod kind;
mod organiser;
pub mod portfolio;
mod rules;
mod score;
mod scorecard;
mod status;

pub use advice::{Advice, AdviceReason, Recommendation};
pub use inputs::{
    Audience, DepartmentShare, EventField, EventInputs, Package, SeniorityMix, MAX_EXPECTED_SIZE,
};
pub use kind::{EventKind, KindProfile};
pub use organiser::{Calibration, PastResult};
pub use rules::RuleOfThumb;
pub use score::{score, Basis, CriterionScore, EventScore};
pub use scorecard::{Criterion, Scorecard, Weights};
pub use status::EventStatus;

#[cfg(test)]
mod brief_tests;
