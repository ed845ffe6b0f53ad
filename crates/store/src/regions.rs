//! A plan's regions with their two inputs: last year's contribution (top-down) and this year's
//! commitment (bottom-up).

use marketdesk_core::RegionInput;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::plan_versions::VersionCause;
use crate::row::read_money;
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionRow {
    pub id: i64,
    #[serde(flatten)]
    pub input: RegionInput,
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// A plan's regions, in the order they were added.
pub(crate) fn read_regions(conn: &rusqlite::Connection, plan_id: i64) -> Result<Vec<RegionRow>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, region, last_year_fen, commitment_fen FROM plan_region
             WHERE plan_id = ?1 ORDER BY id",
        )
        .context("reading regions")?;
    let rows = stmt
        .query_map([plan_id], |r| {
            Ok(RegionRow {
                id: r.get(0)?,
                input: input_from_row(r)?,
            })
        })
        .context("reading regions")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .context("reading regions")
}

impl Store {
    pub fn plan_regions(&self, plan_id: i64) -> Result<Vec<RegionRow>> {
        read_regions(&self.conn, plan_id)
    }

    /// Adds a region (`region_id` None) or changes one. Names are unique within a plan.
    pub fn save_region(
        &mut self,
        plan_id: i64,
        region_id: Option<i64>,
        input: &RegionInput,
    ) -> Result<i64> {
        let name = input.region.trim();
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            let result = match region_id {
                None => tx
                    .execute(
                        "INSERT INTO plan_region (plan_id, region, last_year_fen, commitment_fen)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![plan_id, name, input.last_year.fen(), input.commitment.fen()],
                    )
                    .map(|_| tx.last_insert_rowid()),
                Some(id) => tx
                    .execute(
                        "UPDATE plan_region SET region = ?3, last_year_fen = ?4, commitment_fen = ?5
                         WHERE id = ?1 AND plan_id = ?2",
                        params![
                            id,
                            plan_id,
                            name,
                            input.last_year.fen(),
                            input.commitment.fen()
                        ],
                    )
                    .map(|n| if n == 0 { -1 } else { id }),
            };
            match result {
                Ok(-1) => Err(StoreError::NotFound {
                    what: "region",
                    id: region_id.unwrap_or_default(),
                }),
                Ok(id) => Ok(id),
                Err(e) if is_unique_violation(&e) => {
                    Err(StoreError::DuplicateRegion { name: name.into() })
                }
                Err(e) => Err(e).context("saving a region"),
            }
        })
    }

    /// Deletes a region and returns what it held, so the caller can offer to put it back.
    pub fn delete_region(&mut self, region_id: i64) -> Result<(i64, RegionInput)> {
        let plan_id: i64 = self
            .conn
            .query_row(
                "SELECT plan_id FROM plan_region WHERE id = ?1",
                [region_id],
                |r| r.get(0),
            )
            .optional()
            .context("deleting a region")?
            .ok_or(StoreError::NotFound {
                what: "region",
                id: region_id,
            })?;
        self.change_plan(plan_id, VersionCause::Edited, |tx| {
            tx.query_row(
                "DELETE FROM plan_region WHERE id = ?1
                 RETURNING plan_id, region, last_year_fen, commitment_fen",
                [region_id],
                |r| Ok((r.get(0)?, input_from_row(r)?)),
            )
            .context("deleting a region")
        })
    }
}

/// A region's inputs from columns 1–3 of a row: region, last_year_fen, commitment_fen.
fn input_from_row(r: &rusqlite::Row) -> rusqlite::Result<RegionInput> {
    Ok(RegionInput {
        region: r.get(1)?,
        last_year: read_money(r, 2)?,
        commitment: read_money(r, 3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::plan_store;
    use marketdesk_core::Money;

    fn region(name: &str, last_year: i64, commitment: i64) -> RegionInput {
        RegionInput {
            region: name.into(),
            last_year: Money::from_yuan(last_year),
            commitment: Money::from_yuan(commitment),
        }
    }

    #[test]
    fn regions_are_added_changed_unique_and_deleted() {
        let (mut store, plan) = plan_store();
        let east = store
            .save_region(plan, None, &region(" 华东 ", 600_000, 800_000))
            .expect("add");
        store
            .save_region(plan, None, &region("华北", 400_000, 300_000))
            .expect("add");
        let err = store
            .save_region(plan, None, &region("华东", 1, 1))
            .expect_err("twice");
        assert_eq!(err.code(), "duplicate_region");
        assert!(err.message(marketdesk_core::Lang::ZhCn).contains("“华东”"));
        store
            .save_region(plan, Some(east), &region("华东", 650_000, 800_000))
            .expect("edit");
        let rows = store.plan_regions(plan).expect("regions");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].input, region("华东", 650_000, 800_000));
        let (_, gone) = store.delete_region(east).expect("delete");
        assert_eq!(gone.region, "华东");
        assert_eq!(store.plan_regions(plan).expect("regions").len(), 1);
        assert_eq!(
            store
                .save_region(plan, Some(east), &region("华东", 1, 1))
                .expect_err("deleted")
                .code(),
            "not_found"
        );
    }
}
