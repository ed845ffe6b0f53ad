//! The plan's versions: the history (each version with what made it and what changed from
//! the one before), one version looked at beside the plan as it is now, and restoring one.

use marketdesk_core::{plan_changes, Lang, PlanContent};
use serde::Serialize;

use crate::error::ToApi;
use crate::scenarios::cause_text;
use crate::session::current_rows;
use crate::{BudgetOverview, MoneyView, Session};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionView {
    pub version: i64,
    /// `2026-12-06 10:15`
    pub saved_at: String,
    /// What made it: 编辑, 采纳方案“压缩 20%”, 恢复到第 2 版…
    pub cause: String,
    /// What changed from the version before, one line each.
    pub changes: Vec<String>,
    pub current: bool,
}

/// One version of the plan beside the plan now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionDetail {
    pub version: i64,
    pub total: MoneyView,
    pub channels: Vec<VersionChannel>,
    pub tactics: Vec<VersionTactic>,
    /// What restoring it would change in the plan as it is now.
    pub restore_changes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionChannel {
    pub name: String,
    pub share: String,
    pub budget: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionTactic {
    pub name: String,
    pub channel: String,
    pub planned: MoneyView,
}

fn short_time(iso: &str) -> String {
    iso.get(..16).unwrap_or(iso).replace('T', " ")
}

fn lines(before: &PlanContent, after: &PlanContent, lang: Lang) -> Vec<String> {
    plan_changes(before, after)
        .iter()
        .map(|c| c.message(lang))
        .collect()
}

impl Session {
    /// The current plan's versions, newest first.
    pub fn plan_versions(&self) -> crate::Result<Vec<VersionView>> {
        let lang = self.lang();
        let store = self.store();
        let plan = current_rows(&store, lang)?.plan;
        let rows = store.plan_versions(plan.id).user(lang)?;
        let contents: Vec<Option<PlanContent>> = rows
            .iter()
            .map(|r| store.plan_version_content(plan.id, r.version).ok())
            .collect();
        Ok(rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                // Rows are newest first: the version before is the next row.
                let changes = match (contents.get(i + 1).and_then(Option::as_ref), &contents[i]) {
                    (Some(before), Some(after)) => lines(before, after, lang),
                    _ => Vec::new(),
                };
                VersionView {
                    version: r.version,
                    saved_at: short_time(&r.saved_at),
                    cause: cause_text(&r.cause, lang),
                    changes,
                    current: r.current,
                }
            })
            .collect())
    }

    /// What version `version` of the current plan held, and what restoring it would change.
    pub fn plan_version(&self, version: i64) -> crate::Result<VersionDetail> {
        let lang = self.lang();
        let store = self.store();
        let plan = current_rows(&store, lang)?.plan;
        let then = store.plan_version_content(plan.id, version).user(lang)?;
        let now = store.plan_content(plan.id).user(lang)?;
        let domain = then.to_plan().user(lang)?;
        let channel_name = |code: &str| {
            then.channels
                .iter()
                .find(|c| c.code == code)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        Ok(VersionDetail {
            version,
            total: then.total.into(),
            channels: then
                .channels
                .iter()
                .zip(domain.channel_budgets())
                .map(|(c, b)| VersionChannel {
                    name: c.name.clone(),
                    share: c.share.to_string(),
                    budget: b.into(),
                })
                .collect(),
            tactics: then
                .tactics
                .iter()
                .map(|t| VersionTactic {
                    name: t.name.clone(),
                    channel: channel_name(&t.channel),
                    planned: t.planned.into(),
                })
                .collect(),
            restore_changes: lines(&now, &then, lang),
        })
    }

    /// Brings back version `version` of the current plan as its next version.
    pub fn restore_plan_version(&self, version: i64) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let plan = current_rows(&store, lang)?.plan;
            store.restore_plan_version(plan.id, version).user(lang)?;
        }
        self.budget_overview()
    }
}
