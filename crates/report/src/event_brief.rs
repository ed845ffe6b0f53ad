//! One A4 page per event for leadership: why sponsor it, how it scored, what a qualified contact
//! costs, what the package holds. Printed alone, or as the plan's appendix.

use serde::Serialize;

use crate::document::Table;

/// A label and its value, for the brief's headline figures and facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventBrief {
    pub title: String,
    /// 论坛/研讨会 · 2027-03-18 · 北京 · 主办：金融科技传媒
    pub subtitle: String,
    /// 积极赞助
    pub recommendation: String,
    /// Score, lead and brand value, qualified contacts, cost, cost per qualified contact.
    pub headline: Vec<Fact>,
    pub why_title: String,
    /// The author's line for the type first, then what this event's figures add.
    pub why: Vec<String>,
    pub qualified: String,
    /// What the organiser's record changed, if it has one.
    pub record: Option<String>,
    pub criteria_title: String,
    pub criteria: Table,
    pub package_title: String,
    pub package: Vec<Fact>,
    pub notes_title: String,
    pub notes: String,
}

/// Briefs printed on their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefsDocument {
    /// "zh" or "en" (typst's text language).
    pub lang: &'static str,
    pub title: String,
    pub company: String,
    /// Printed in every footer: "活动简报 · 2026-12-06".
    pub footer: String,
    pub page_of: &'static str,
    pub briefs: Vec<EventBrief>,
}
