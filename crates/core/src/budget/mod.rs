//! The budget: plan model, templates, splits by channel, quarter and region, guardrails,
//! tracking of actual spend, ROI, and scenarios. Pure rules: no storage, no UI.

pub mod content;
pub mod guardrails;
pub mod plan;
pub mod quarters;
pub mod regions;
pub mod roi;
pub mod scenario;
pub mod stage;
pub mod template;
pub mod tracking;
