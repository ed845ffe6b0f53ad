//! Scenarios: a copy of the main plan to change freely ("−20%", "move 10 points to online"),
//! compare, and adopt — adoption writes the copy's numbers back into the main plan, keeping the
//! main plan's tactic ids (and so the spend booked against them).

use marketdesk_core::{Money, Outcomes, PlanContent, Share};
use rusqlite::{params, OptionalExtension};

use crate::error::{Result, SqlContext, StoreError};
use crate::open::now_iso;
use crate::plan_versions::VersionCause;
use crate::plans::{PlanRow, PlanRows};
use crate::tactics::TACTIC_COLUMNS;
use crate::Store;

impl Store {
    /// A plan (main or scenario) with its channels, live tactics and spend.
    pub fn plan_rows(&self, plan_id: i64) -> Result<PlanRows> {
        let plan = self.plan_row(plan_id)?.ok_or(StoreError::NotFound {
            what: "plan",
            id: plan_id,
        })?;
        Ok(PlanRows {
            channels: self.plan_channels(plan_id)?,
            tactics: self.plan_tactics(plan_id)?,
            spend: self.plan_spend(plan_id)?,
            guardrails: self.plan_guardrails(plan_id)?,
            regions: self.plan_regions(plan_id)?,
            plan,
        })
    }

    /// Copies `plan_id` (channels and live tactics) into a new scenario of it, remembering the
    /// plan's version and `adjustment` (JSON, how the scenario is made); returns its id.
    pub fn create_scenario(&mut self, plan_id: i64, name: &str, adjustment: &str) -> Result<i64> {
        let tx = self.conn.transaction().context("starting a scenario")?;
        // The version copied must stay readable: it is what adoption compares against.
        crate::plan_versions::record_before(&tx, plan_id)?;
        let now = now_iso();
        let n = tx
            .execute(
                "INSERT INTO plan (name, fiscal_year, total_fen, currency, stage, emphasis, version, created_at, updated_at,
                                   scenario_of, quarter_split, region_top_down_bp, objectives, risks,
                                   base_version, adjustment)
                 SELECT ?2, fiscal_year, total_fen, currency, stage, emphasis, version, ?3, ?3,
                        id, quarter_split, region_top_down_bp, objectives, risks, version, ?4
                 FROM plan WHERE id = ?1 AND scenario_of IS NULL",
                params![plan_id, name.trim(), now, adjustment],
            )
            .context("copying the plan")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "plan",
                id: plan_id,
            });
        }
        let scenario = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO plan_channel (plan_id, code, name, share_bp, position, last_year_fen)
             SELECT ?2, code, name, share_bp, position, last_year_fen FROM plan_channel WHERE plan_id = ?1",
            params![plan_id, scenario],
        )
        .context("copying channels")?;
        tx.execute(
            "INSERT INTO tactic (plan_id, channel_id, name, owner, region, quarters_mask, planned_fen, expected_leads,
                                 expected_mql, expected_sql, expected_deals, expected_revenue_fen,
                                 problem, expected_result, kpi, people, position, starts_on, copied_from)
             SELECT ?2, nc.id, t.name, t.owner, t.region, t.quarters_mask, t.planned_fen, t.expected_leads,
                    t.expected_mql, t.expected_sql, t.expected_deals, t.expected_revenue_fen,
                    t.problem, t.expected_result, t.kpi, t.people, t.position, t.starts_on, t.id
             FROM tactic t
             JOIN plan_channel oc ON oc.id = t.channel_id
             JOIN plan_channel nc ON nc.plan_id = ?2 AND nc.code = oc.code
             WHERE t.plan_id = ?1 AND t.deleted_at IS NULL",
            params![plan_id, scenario],
        )
        .context("copying tactics")?;
        tx.execute(
            "INSERT INTO guardrail (plan_id, channel_code, kind, target_bp, tolerance_bp, message)
             SELECT ?2, channel_code, kind, target_bp, tolerance_bp, message FROM guardrail
             WHERE plan_id = ?1 ORDER BY id",
            params![plan_id, scenario],
        )
        .context("copying guardrails")?;
        tx.execute(
            "INSERT INTO plan_region (plan_id, region, last_year_fen, commitment_fen)
             SELECT ?2, region, last_year_fen, commitment_fen FROM plan_region WHERE plan_id = ?1 ORDER BY id",
            params![plan_id, scenario],
        )
        .context("copying regions")?;
        tx.commit().context("saving the scenario")?;
        Ok(scenario)
    }

    /// A scenario's live tactics as (id, id of the plan's tactic it was copied from).
    pub fn copied_from(&self, scenario_id: i64) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, copied_from FROM tactic
                 WHERE plan_id = ?1 AND deleted_at IS NULL AND copied_from IS NOT NULL",
            )
            .context("reading the scenario")?;
        let rows = stmt
            .query_map([scenario_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("reading the scenario")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading the scenario");
        rows
    }

    /// How a scenario was made: the version of its plan it copied (None: made before versions
    /// were recorded) and its adjustment as JSON.
    pub fn scenario_origin(&self, scenario_id: i64) -> Result<(Option<i64>, Option<String>)> {
        self.conn
            .query_row(
                "SELECT base_version, adjustment FROM plan WHERE id = ?1 AND scenario_of IS NOT NULL",
                [scenario_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .context("reading a scenario")?
            .ok_or(StoreError::NotFound {
                what: "scenario",
                id: scenario_id,
            })
    }

    pub fn scenarios_of(&self, plan_id: i64) -> Result<Vec<PlanRow>> {
        let ids: Vec<i64> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id FROM plan WHERE scenario_of = ?1 ORDER BY id")
                .context("listing scenarios")?;
            let rows = stmt
                .query_map([plan_id], |r| r.get(0))
                .context("listing scenarios")?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .context("listing scenarios")?
        };
        ids.into_iter()
            .filter_map(|id| self.plan_row(id).transpose())
            .collect()
    }

    /// Writes a scenario's numbers: its total, channel shares by channel id, tactic amounts and
    /// expected outputs by id.
    pub fn write_scenario_numbers(
        &mut self,
        scenario_id: i64,
        total: Money,
        shares: &[(i64, Share)],
        tactics: &[(i64, Money, Outcomes)],
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction()
            .context("starting to change a scenario")?;
        tx.execute(
            "UPDATE plan SET total_fen = ?2, updated_at = ?3 WHERE id = ?1 AND scenario_of IS NOT NULL",
            params![scenario_id, total.fen(), now_iso()],
        )
        .context("saving the scenario total")?;
        for (channel, share) in shares {
            tx.execute(
                "UPDATE plan_channel SET share_bp = ?3 WHERE id = ?1 AND plan_id = ?2",
                params![channel, scenario_id, share.basis_points()],
            )
            .context("saving scenario shares")?;
        }
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        for (tactic, amount, expected) in tactics {
            tx.execute(
                "UPDATE tactic SET planned_fen = ?3, expected_leads = ?4, expected_mql = ?5,
                        expected_sql = ?6, expected_deals = ?7, expected_revenue_fen = ?8
                 WHERE id = ?1 AND plan_id = ?2",
                params![
                    tactic,
                    scenario_id,
                    amount.fen(),
                    count(expected.leads),
                    count(expected.mql),
                    count(expected.sql),
                    count(expected.deals),
                    expected.revenue.fen()
                ],
            )
            .context("saving scenario tactics")?;
        }
        tx.commit().context("saving the scenario")
    }

    /// The main plan of a scenario, and its content as adopting the scenario would make it: the
    /// plan as it is now with the scenario's total, shares (by channel code), and tactic amounts
    /// and outputs (by the tactic each copy came from). Everything else stays the plan's.
    pub fn scenario_as_adopted(&self, scenario_id: i64) -> Result<(i64, PlanContent)> {
        let Some(main_id) = self.scenario_parent(scenario_id)? else {
            return Err(StoreError::NotFound {
                what: "scenario",
                id: scenario_id,
            });
        };
        let mut content = crate::plan_versions::read_content(&self.conn, main_id)?;
        let rows = self.plan_rows(scenario_id)?;
        content.total = rows.plan.total;
        for c in &mut content.channels {
            if let Some(s) = rows.channels.iter().find(|s| s.code == c.code) {
                c.share = s.share;
            }
        }
        let copied: Vec<(Option<i64>, Money, Outcomes)> = {
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT t.copied_from, {TACTIC_COLUMNS} FROM tactic t
                     WHERE t.plan_id = ?1 AND t.deleted_at IS NULL"
                ))
                .context("reading the scenario")?;
            let r = stmt
                .query_map([scenario_id], |r| {
                    let from: Option<i64> = r.get(0)?;
                    // TACTIC_COLUMNS start at column 1 here.
                    let planned = crate::row::read_money(r, 8)?;
                    let count = |i: usize| -> rusqlite::Result<u64> {
                        Ok(u64::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
                    };
                    let expected = Outcomes {
                        leads: count(9)?,
                        mql: count(10)?,
                        sql: count(11)?,
                        deals: count(12)?,
                        revenue: crate::row::read_money(r, 13)?,
                    };
                    Ok((from, planned, expected))
                })
                .context("reading the scenario")?;
            r.collect::<rusqlite::Result<Vec<_>>>()
                .context("reading the scenario")?
        };
        for t in &mut content.tactics {
            if let Some((_, planned, expected)) =
                copied.iter().find(|(from, ..)| *from == Some(t.id))
            {
                t.planned = *planned;
                t.expected = *expected;
            }
        }
        Ok((main_id, content))
    }

    /// Makes the scenario's numbers the main plan's ([`Store::scenario_as_adopted`]), as the
    /// plan's next version. Refused when the plan changed since the scenario was copied (it
    /// would undo those edits) or when the scenario predates recorded versions. The scenario
    /// stays as a record. Returns (main plan id, the version before, the version after).
    pub fn adopt_scenario(&mut self, scenario_id: i64) -> Result<(i64, i64, i64)> {
        let (base, _) = self.scenario_origin(scenario_id)?;
        let (main_id, content) = self.scenario_as_adopted(scenario_id)?;
        let main = self.plan_row(main_id)?.ok_or(StoreError::NotFound {
            what: "plan",
            id: main_id,
        })?;
        let name = self
            .plan_row(scenario_id)?
            .map(|p| p.name)
            .unwrap_or_default();
        match base {
            None => return Err(StoreError::ScenarioUnversioned { scenario: name }),
            Some(base) if base != main.version => {
                return Err(StoreError::ScenarioStale {
                    scenario: name,
                    base,
                    current: main.version,
                })
            }
            Some(_) => {}
        }
        self.change_plan(
            main_id,
            VersionCause::Adopted {
                scenario: name.clone(),
            },
            |tx| crate::plan_versions::write_content(tx, main_id, &content),
        )?;
        let after = self.plan_row(main_id)?.map_or(main.version, |p| p.version);
        Ok((main_id, main.version, after))
    }

    fn scenario_parent(&self, scenario_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT scenario_of FROM plan WHERE id = ?1",
                [scenario_id],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()
            .context("finding a scenario")?
            .flatten())
    }

    pub fn delete_scenario(&mut self, scenario_id: i64) -> Result<()> {
        let n = self
            .conn
            .execute(
                "DELETE FROM plan WHERE id = ?1 AND scenario_of IS NOT NULL",
                [scenario_id],
            )
            .context("deleting a scenario")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "scenario",
                id: scenario_id,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_core::{Lang, SpendKind};

    #[test]
    fn a_scenario_is_a_copy_that_can_be_changed_and_adopted_keeping_spend() {
        let mut store = Store::open_in_memory().expect("store");
        crate::seed_demo(
            &mut store,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
            Lang::ZhCn,
        )
        .expect("demo");
        let main = store.current_plan().expect("read").expect("plan");
        let main_rows = store.plan_rows(main.id).expect("rows");
        let summit = main_rows.tactics[0].id;
        store
            .insert_spend(&crate::NewSpend {
                tactic_id: summit,
                spent_on: "2026-04-01".parse().expect("date"),
                kind: SpendKind::Actual,
                amount: Money::from_yuan(1_000),
                vendor: String::new(),
                note: String::new(),
            })
            .expect("spend");

        let s = store
            .create_scenario(main.id, "  压缩 20% ", "{}")
            .expect("scenario");
        assert_eq!(
            store.current_plan().expect("read").map(|p| p.id),
            Some(main.id),
            "scenarios are not the current plan"
        );
        let copy = store.plan_rows(s).expect("copy");
        assert_eq!(copy.plan.name, "压缩 20%");
        assert_eq!(copy.channels.len(), main_rows.channels.len());
        assert_eq!(
            copy.tactics.len(),
            main_rows.tactics.len(),
            "every live tactic copied"
        );
        assert!(copy.spend.is_empty(), "spend stays with the main plan");
        assert_eq!(
            copy.guardrails.len(),
            main_rows.guardrails.len(),
            "rules copied"
        );
        assert_eq!(
            copy.regions.len(),
            main_rows.regions.len(),
            "regions copied"
        );
        assert!(!copy.regions.is_empty(), "the demo has regions");
        assert_eq!(
            copy.tactics
                .iter()
                .map(|t| t.fields.clone())
                .map(|mut f| {
                    f.channel_id = 0;
                    f
                })
                .collect::<Vec<_>>(),
            main_rows
                .tactics
                .iter()
                .map(|t| t.fields.clone())
                .map(|mut f| {
                    f.channel_id = 0;
                    f
                })
                .collect::<Vec<_>>(),
            "tactics copied field for field"
        );

        let events = copy.channels[0].id;
        let online = copy.channels[1].id;
        store
            .write_scenario_numbers(
                s,
                Money::from_yuan(1_600_000),
                &[
                    (events, Share::from_basis_points(6_000).expect("s")),
                    (online, Share::from_basis_points(1_600).expect("s")),
                ],
                &[(
                    copy.tactics[0].id,
                    Money::from_yuan(240_000),
                    copy.tactics[0].fields.expected,
                )],
            )
            .expect("change the copy");
        assert_eq!(
            store.plan_rows(main.id).expect("rows").plan.total,
            Money::from_yuan(2_000_000),
            "main untouched"
        );

        let (_, before, after) = store.adopt_scenario(s).expect("adopt");
        assert_eq!((before, after), (main.version, main.version + 1));
        let adopted = store.plan_rows(main.id).expect("rows");
        assert_eq!(adopted.plan.total, Money::from_yuan(1_600_000));
        assert_eq!(
            adopted.plan.version,
            main.version + 1,
            "adoption is a new version"
        );
        assert_eq!(adopted.channels[0].share.basis_points(), 6_000);
        assert_eq!(
            adopted.tactics[0].id, summit,
            "the main plan keeps its tactic ids"
        );
        assert_eq!(adopted.tactics[0].fields.planned, Money::from_yuan(240_000));
        assert_eq!(
            adopted.spend.len(),
            main_rows.spend.len() + 1,
            "spend still attached"
        );
        assert_eq!(
            store.scenarios_of(main.id).expect("list").len(),
            1,
            "the scenario stays as a record"
        );
        store.restore_plan_version(main.id, before).expect("undo");
        assert_eq!(
            store.plan_rows(main.id).expect("rows").plan.total,
            Money::from_yuan(2_000_000),
            "undoing the adoption brings the plan back, as a new version"
        );
        store.delete_scenario(s).expect("delete");
        assert!(
            store.delete_scenario(main.id).is_err(),
            "the main plan is not a scenario"
        );
    }

    #[test]
    fn a_scenario_of_an_older_version_is_never_adopted_over_later_edits() {
        let mut store = Store::open_in_memory().expect("store");
        crate::seed_demo(
            &mut store,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
            Lang::ZhCn,
        )
        .expect("demo");
        let main = store.current_plan().expect("read").expect("plan");
        let s = store
            .create_scenario(main.id, "压缩", "{}")
            .expect("scenario");
        let channel = store.plan_channels(main.id).expect("channels")[1].id;
        store
            .set_channel_share(channel, Share::from_basis_points(500).expect("s"))
            .expect("a later edit");
        let err = store.adopt_scenario(s).expect_err("stale");
        assert_eq!(err.code(), "scenario_stale");
        assert!(
            err.message(Lang::ZhCn).contains("第 1 版")
                && err.message(Lang::ZhCn).contains("第 2 版"),
            "{}",
            err.message(Lang::ZhCn)
        );
        assert_eq!(
            store.plan_channels(main.id).expect("channels")[1]
                .share
                .basis_points(),
            500,
            "the later edit stands"
        );
        assert_eq!(
            store.scenario_origin(s).expect("origin").0,
            Some(1),
            "the base version is on record for a three-way comparison"
        );
        assert!(
            store.plan_version_content(main.id, 1).is_ok(),
            "and so is its content"
        );
    }
}
