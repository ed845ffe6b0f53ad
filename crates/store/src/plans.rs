use marketdesk_core::{Brief, CompanyStage, Emphasis, Money, Share, Template};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::open::now_iso;
use crate::row::{read_code as coded, read_money as money};
use crate::Store;

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub share: Share,
    pub position: i64,
    /// Sum of the planned amounts of this channel's tactics.
    pub tactics_total: Money,
    pub tactic_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TacticRow {
    pub id: i64,
    pub channel_id: i64,
    pub name: String,
    pub owner: String,
    pub region: String,
    pub quarter: Option<u8>,
    pub planned: Money,
    pub expected_leads: i64,
    pub expected_revenue: Money,
    /// The four texts leadership asks for.
    pub brief: Brief,
}

/// A plan with its channels and (live) tactics, read together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRows {
    pub plan: PlanRow,
    pub channels: Vec<ChannelRow>,
    pub tactics: Vec<TacticRow>,
    /// Spend booked against the live tactics, newest first.
    pub spend: Vec<crate::SpendRow>,
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

    /// One plan (main or scenario) by id.
    pub fn plan_row(&self, plan_id: i64) -> Result<Option<PlanRow>> {
        self.conn
            .query_row(
                "SELECT id, name, fiscal_year, total_fen, stage, emphasis, version, updated_at
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
                    })
                },
            )
            .optional()
            .context("reading a plan")
    }

    pub fn plan_channels(&self, plan_id: i64) -> Result<Vec<ChannelRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.code, c.name, c.share_bp, c.position,
                        coalesce(sum(t.planned_fen), 0), count(t.id)
                 FROM plan_channel c LEFT JOIN tactic t ON t.channel_id = c.id AND t.deleted_at IS NULL
                 WHERE c.plan_id = ?1
                 GROUP BY c.id ORDER BY c.position, c.id",
            )
            .context("reading channels")?;
        let rows = stmt
            .query_map([plan_id], |r| {
                let bp: u32 = r.get(3)?;
                Ok(ChannelRow {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    share: Share::from_basis_points(bp).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            3,
                            rusqlite::types::Type::Integer,
                            Box::new(e),
                        )
                    })?,
                    position: r.get(4)?,
                    tactics_total: money(r, 5)?,
                    tactic_count: r.get(6)?,
                })
            })
            .context("reading channels")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading channels")
    }

    pub fn plan_tactics(&self, plan_id: i64) -> Result<Vec<TacticRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT t.id, t.channel_id, t.name, t.owner, t.region, t.quarter, t.planned_fen, t.expected_leads,
                        t.expected_revenue_fen, t.problem, t.expected_result, t.kpi, t.people
                 FROM tactic t JOIN plan_channel c ON c.id = t.channel_id
                 WHERE t.plan_id = ?1 AND t.deleted_at IS NULL ORDER BY c.position, t.position, t.id",
            )
            .context("reading tactics")?;
        let rows = stmt
            .query_map([plan_id], |r| {
                Ok(TacticRow {
                    id: r.get(0)?,
                    channel_id: r.get(1)?,
                    name: r.get(2)?,
                    owner: r.get(3)?,
                    region: r.get(4)?,
                    quarter: r.get(5)?,
                    planned: money(r, 6)?,
                    expected_leads: r.get(7)?,
                    expected_revenue: money(r, 8)?,
                    brief: Brief {
                        problem: r.get(9)?,
                        expected_result: r.get(10)?,
                        kpi: r.get(11)?,
                        people: r.get(12)?,
                    },
                })
            })
            .context("reading tactics")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context("reading tactics")
    }

    /// Creates a plan with a template's channels and shares; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn create_plan(
        &mut self,
        name: &str,
        fiscal_year: i32,
        total: Money,
        stage: CompanyStage,
        emphasis: Emphasis,
        template: Template,
        lang: marketdesk_core::Lang,
    ) -> Result<i64> {
        if total.is_negative() {
            return Err(marketdesk_core::CoreError::InvalidAmount {
                input: total.to_string(),
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
            params![name, fiscal_year, total.fen(), stage.code(), emphasis.code(), now],
        )
        .context("creating a plan")?;
        let plan_id = tx.last_insert_rowid();
        for (pos, line) in template.lines().iter().enumerate() {
            tx.execute(
                "INSERT INTO plan_channel (plan_id, code, name, share_bp, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    plan_id,
                    line.channel.code(),
                    line.channel.name(lang),
                    line.share.basis_points(),
                    pos as i64
                ],
            )
            .context("creating the plan's channels")?;
        }
        tx.commit().context("saving the new plan")?;
        Ok(plan_id)
    }

    /// Sets a channel's target share; the caller has checked the plan's shares stay within 100%.
    pub fn set_channel_share(&mut self, channel_id: i64, share: Share) -> Result<()> {
        let n = self
            .conn
            .execute(
                "UPDATE plan_channel SET share_bp = ?2 WHERE id = ?1",
                params![channel_id, share.basis_points()],
            )
            .context("saving a channel share")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "channel",
                id: channel_id,
            });
        }
        Ok(())
    }

    /// Sets a plan's total. The amount was parsed and checked by the caller's `Money`.
    pub fn set_plan_total(&mut self, plan_id: i64, total: Money) -> Result<()> {
        if total.is_negative() {
            return Err(marketdesk_core::CoreError::InvalidAmount {
                input: total.to_string(),
            }
            .into());
        }
        let n = self
            .conn
            .execute(
                "UPDATE plan SET total_fen = ?2, updated_at = ?3 WHERE id = ?1",
                params![plan_id, total.fen(), now_iso()],
            )
            .context("saving the plan total")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "plan",
                id: plan_id,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::Lang;

    #[test]
    fn a_plan_from_the_template_has_the_seed_channels_in_order() {
        let mut store = Store::open_in_memory().expect("store");
        let id = store
            .create_plan(
                "2027 年度计划",
                2027,
                Money::from_yuan(2_000_000),
                CompanyStage::Growth,
                Emphasis::Demand,
                marketdesk_core::Template::SeedDefault,
                Lang::ZhCn,
            )
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
