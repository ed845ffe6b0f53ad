use marketdesk_core::{CompanyStage, Emphasis, Lang, Money, QuarterSplit, Share, Template};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::open::now_iso;
use crate::plan_versions::VersionCause;
use crate::row::{read_code as coded, read_money as money, read_share};
use crate::tactics::{tactic_from_row, TacticFields, TACTIC_COLUMNS};
use crate::{ChannelRow, GuardrailRow, RegionRow, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRow {
    pub id: i64,
    pub name: String,
    pub fiscal_year: i32,
    pub total: Money,
    pub stage: CompanyStage,
    pub emphasis: Emphasis,
    pub version: i64,
    pub updated_at: String,
    /// How channel budgets spread over Q1–Q4.
    pub quarter_split: QuarterSplit,
    /// How much of the regional blend follows last year's contribution (the rest: commitments).
    pub region_top_down: Share,
    /// What the plan is for and what could go wrong, as leadership reads it on the printed plan.
    pub objectives: String,
    pub risks: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TacticRow {
    pub id: i64,
    #[serde(flatten)]
    pub fields: TacticFields,
}

/// A plan with everything the budget section and the printed plan read, together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRows {
    pub plan: PlanRow,
    pub channels: Vec<ChannelRow>,
    pub tactics: Vec<TacticRow>,
    /// Spend booked against the live tactics, newest first.
    pub spend: Vec<crate::SpendRow>,
    pub guardrails: Vec<GuardrailRow>,
    pub regions: Vec<RegionRow>,
}

/// What a new plan starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan<'a> {
    pub name: &'a str,
    pub fiscal_year: i32,
    pub total: Money,
    pub stage: CompanyStage,
    pub emphasis: Emphasis,
    pub template: Template,
    /// The language channel names are written in.
    pub lang: Lang,
}

impl Store {
    /// The current plan with its channels and tactics; None when the workspace has no plan.
    pub fn current_plan_rows(&self) -> Result<Option<PlanRows>> {
        match self.current_plan()? {
            Some(plan) => self.plan_rows(plan.id).map(Some),
            None => Ok(None),
        }
    }

    /// The plan the budget section shows: the latest fiscal year, newest first.
    pub fn current_plan(&self) -> Result<Option<PlanRow>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM plan WHERE scenario_of IS NULL ORDER BY fiscal_year DESC, id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .context("reading the current plan")?;
        match id {
            Some(id) => self.plan_row(id),
            None => Ok(None),
        }
    }

    /// The main plan of the fiscal year before `plan_id`'s, if the workspace has one.
    pub fn previous_year_plan(&self, plan_id: i64) -> Result<Option<PlanRows>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT p.id FROM plan p JOIN plan this ON this.id = ?1
                 WHERE p.scenario_of IS NULL AND p.fiscal_year = this.fiscal_year - 1
                 ORDER BY p.id DESC LIMIT 1",
                [plan_id],
                |r| r.get(0),
            )
            .optional()
            .context("reading last year's plan")?;
        id.map(|id| self.plan_rows(id)).transpose()
    }

    /// How many leads were created in `year` (by their creation time).
    pub fn leads_created_in(&self, year: i32) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM person WHERE created_at >= ?1 AND created_at < ?2",
                rusqlite::params![format!("{year}-01-01"), format!("{}-01-01", year + 1)],
                |r| r.get(0),
            )
            .context("counting new leads")
    }

    /// One plan (main or scenario) by id.
    pub fn plan_row(&self, plan_id: i64) -> Result<Option<PlanRow>> {
        self.conn
            .query_row(
                "SELECT id, name, fiscal_year, total_fen, stage, emphasis, version, updated_at,
                        quarter_split, region_top_down_bp, objectives, risks
                 FROM plan WHERE id = ?1",
                [plan_id],
                |r| {
                    Ok(PlanRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        fiscal_year: r.get(2)?,
                        total: money(r, 3)?,
                        stage: coded(r, 4, CompanyStage::from_code)?,
                        emphasis: coded(r, 5, Emphasis::from_code)?,
                        version: r.get(6)?,
                        updated_at: r.get(7)?,
                        quarter_split: coded(r, 8, QuarterSplit::from_code)?,
                        region_top_down: read_share(r, 9)?,
                        objectives: r.get(10)?,
                        risks: r.get(11)?,
                    })
                },
            )
            .optional()
            .context("reading a plan")
    }

    pub fn plan_tactics(&self, plan_id: i64) -> Result<Vec<TacticRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {TACTIC_COLUMNS}
                 FROM tactic t JOIN plan_channel c ON c.id = t.channel_id
                 WHERE t.plan_id = ?1 AND t.deleted_at IS NULL ORDER BY c.position, t.position, t.id"
            ))
            .context("reading tactics")?;
        let rows = stmt
            .query_map([plan_id], tactic_from_row)
            .context("reading tactics")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading tactics")
    }

    /// Creates a plan with a template's channels and shares and the brief's guardrails.
    pub fn create_plan(&mut self, new: &NewPlan) -> Result<i64> {
        if new.total.is_negative() {
            return Err(marketdesk_core::CoreError::InvalidAmount {
                input: new.total.to_string(),
            }
            .into());
        }
        let tx = self
            .conn
            .transaction()
            .context("starting to create a plan")?;
        let now = now_iso();
        tx.execute(
            "INSERT INTO plan (name, fiscal_year, total_fen, stage, emphasis, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                new.name.trim(),
                new.fiscal_year,
                new.total.fen(),
                new.stage.code(),
                new.emphasis.code(),
                now
            ],
        )
        .context("creating a plan")?;
        let plan_id = tx.last_insert_rowid();
        for (pos, line) in new.template.lines().iter().enumerate() {
            tx.execute(
                "INSERT INTO plan_channel (plan_id, code, name, share_bp, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    plan_id,
                    line.channel.code(),
                    line.channel.name(new.lang),
                    line.share.basis_points(),
                    pos as i64
                ],
            )
            .context("creating the plan's channels")?;
        }
        let tolerance = Share::from_basis_points(crate::guardrails::DEFAULT_TOLERANCE_BP)?;
        // The seed author's rules, for the channels the plan starts with: an empty plan gets
        // none (a rule about a channel it lacks could only say "no such channel").
        let channels: Vec<&str> = new
            .template
            .lines()
            .iter()
            .map(|l| l.channel.code())
            .collect();
        for rule in marketdesk_core::default_guardrails(tolerance) {
            if channels.contains(&rule.channel.as_str()) {
                crate::guardrails::insert(&tx, plan_id, &rule)?;
            }
        }
        tx.commit().context("saving the new plan")?;
        Ok(plan_id)
    }

    /// How the plan's channel budgets spread over the quarters.
    pub fn set_quarter_split(&mut self, plan_id: i64, split: &QuarterSplit) -> Result<()> {
        self.update_plan(plan_id, "saving the quarter split", |tx| {
            tx.execute(
                "UPDATE plan SET quarter_split = ?2 WHERE id = ?1",
                params![plan_id, split.code()],
            )
        })
    }

    /// The weight of last year's contribution in the regional blend.
    pub fn set_region_top_down(&mut self, plan_id: i64, weight: Share) -> Result<()> {
        self.update_plan(plan_id, "saving the regional blend", |tx| {
            tx.execute(
                "UPDATE plan SET region_top_down_bp = ?2 WHERE id = ?1",
                params![plan_id, weight.basis_points()],
            )
        })
    }

    /// Sets a plan's total. The amount was parsed and checked by the caller's `Money`.
    pub fn set_plan_total(&mut self, plan_id: i64, total: Money) -> Result<()> {
        if total.is_negative() {
            return Err(marketdesk_core::CoreError::InvalidAmount {
                input: total.to_string(),
            }
            .into());
        }
        self.update_plan(plan_id, "saving the plan total", |tx| {
            tx.execute(
                "UPDATE plan SET total_fen = ?2 WHERE id = ?1",
                params![plan_id, total.fen()],
            )
        })
    }

    /// The plan's objectives and risks, as leadership reads them on the printed plan.
    pub fn set_plan_texts(&mut self, plan_id: i64, objectives: &str, risks: &str) -> Result<()> {
        self.update_plan(plan_id, "saving the plan's texts", |tx| {
            tx.execute(
                "UPDATE plan SET objectives = ?2, risks = ?3 WHERE id = ?1",
                params![plan_id, objectives.trim(), risks.trim()],
            )
        })
    }

    /// One UPDATE of the plan row as a change of the plan: NotFound if it changed no row.
    fn update_plan(
        &mut self,
        plan_id: i64,
        context: &'static str,
        update: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<usize>,
    ) -> Result<()> {
        if self.plan_row(plan_id)?.is_none() {
            return Err(StoreError::NotFound {
                what: "plan",
                id: plan_id,
            });
        }
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            update(tx).context(context)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_from_the_template_has_the_seed_channels_in_order() {
        let mut store = Store::open_in_memory().expect("store");
        let id = store
            .create_plan(&NewPlan {
                name: "2027 年度计划",
                fiscal_year: 2027,
                total: Money::from_yuan(2_000_000),
                stage: CompanyStage::Growth,
                emphasis: Emphasis::Demand,
                template: Template::SeedDefault,
                lang: Lang::ZhCn,
            })
            .expect("plan");
        let plan = store.current_plan().expect("read").expect("exists");
        assert_eq!(plan.id, id);
        assert_eq!(plan.total, Money::from_yuan(2_000_000));
        let channels = store.plan_channels(id).expect("channels");
        assert_eq!(channels.len(), 6);
        assert_eq!(
            channels[0].name, "线下活动",
            "events first, named in Chinese"
        );
        let total_bp: u32 = channels.iter().map(|c| c.share.basis_points()).sum();
        assert_eq!(total_bp, 10_000);
        assert_eq!(
            store.plan_guardrails(id).expect("rules").len(),
            3,
            "the seed author's three rules"
        );
    }

    #[test]
    fn an_empty_plan_has_no_rule_about_channels_it_lacks() {
        let (store, id) = crate::test_support::plan_store_from(Template::Empty);
        assert!(store.plan_channels(id).expect("channels").is_empty());
        assert!(store.plan_guardrails(id).expect("rules").is_empty());
    }

    #[test]
    fn setting_the_total_of_a_missing_plan_is_not_found() {
        let mut store = Store::open_in_memory().expect("store");
        let err = store
            .set_plan_total(42, Money::from_yuan(1))
            .expect_err("no plan 42");
        assert_eq!(err.code(), "not_found");
        let err = store
            .set_plan_total(42, Money::from_yuan(-1))
            .expect_err("negative");
        assert_eq!(err.code(), "invalid_amount");
    }
}
