//! Deals from the CRM's export: each row finds its lead (by our lead id, mobile, then email),
//! is stored or updates the deal of the same CRM id, and moves its lead (opportunity, won,
//! lost). One file is one batch: undone as a whole, the deals and the moves it made go back.

use chrono::NaiveDate;
use marketdesk_core::deal::DealStatus;
use marketdesk_core::lifecycle::{Cause, Stage};
use marketdesk_core::Money;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext, StoreError};
use crate::lifecycle::{move_one, StageMove};
use crate::Store;

/// One row of a deals file, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeal {
    pub external_id: String,
    pub name: String,
    pub company: String,
    pub contact: String,
    /// Normalised as the lead store keeps mobiles (11 digits), when the row has one.
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub lead_id: Option<i64>,
    pub status: DealStatus,
    pub crm_stage: String,
    pub amount: Money,
    pub created_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// How a row found its lead, or why it found none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum LeadMatch {
    Id {
        person_id: i64,
    },
    Mobile {
        person_id: i64,
    },
    Email {
        person_id: i64,
    },
    /// Nobody has the id, mobile or email.
    None,
    /// The mobile (or email) is several people's and the contact's name tells none apart.
    Shared {
        people: usize,
    },
}

impl LeadMatch {
    pub fn person_id(&self) -> Option<i64> {
        match *self {
            LeadMatch::Id { person_id }
            | LeadMatch::Mobile { person_id }
            | LeadMatch::Email { person_id } => Some(person_id),
            LeadMatch::None | LeadMatch::Shared { .. } => None,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            LeadMatch::Id { .. } => "id",
            LeadMatch::Mobile { .. } => "mobile",
            LeadMatch::Email { .. } => "email",
            LeadMatch::None | LeadMatch::Shared { .. } => "",
        }
    }
}

/// What the file is, as recorded with its batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealFile {
    pub file_name: String,
    pub file_hash: String,
    pub sheet: String,
    pub header_row: Option<usize>,
    /// JSON: per column, the field code it was read as, or null.
    pub mapping: String,
    pub rows_rejected: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DealImportResult {
    pub batch_id: i64,
    pub added: usize,
    pub updated: usize,
    pub matched: usize,
    pub unmatched: usize,
    /// Leads moved (to opportunity, won or lost).
    pub leads_moved: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealRow {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub company: String,
    pub person_id: Option<i64>,
    pub status: DealStatus,
    pub crm_stage: String,
    pub amount: Money,
    pub created_on: Option<String>,
    pub closed_on: Option<String>,
}

/// A deal's fields before a batch changed it, kept for undo.
#[derive(Debug, Serialize, Deserialize)]
struct Previous {
    name: String,
    person_id: Option<i64>,
    matched_by: String,
    company: String,
    status: String,
    crm_stage: String,
    amount_fen: i64,
    created_on: Option<String>,
    closed_on: Option<String>,
    batch_id: i64,
    previous: Option<String>,
}

impl Store {
    /// Finds the lead a deal row names.
    pub fn match_deal_lead(&self, deal: &NewDeal) -> Result<LeadMatch> {
        match_lead(&self.conn, deal)
    }

    /// The batch that imported this very file and stands, if any.
    pub fn deal_batch_of_file(&self, file_hash: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM deal_batch WHERE file_hash = ?1 AND undone_at IS NULL",
                [file_hash],
                |r| r.get(0),
            )
            .optional()
            .context("reading deal imports")
    }

    /// Stores the deals and moves their leads, all or nothing.
    pub fn import_deals(&mut self, file: &DealFile, deals: &[NewDeal]) -> Result<DealImportResult> {
        let standing: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, imported_at FROM deal_batch WHERE file_hash = ?1 AND undone_at IS NULL",
                [&file.file_hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .context("reading deal imports")?;
        if let Some((batch_id, imported_at)) = standing {
            return Err(StoreError::AlreadyImported {
                batch_id,
                file_name: file.file_name.clone(),
                imported_at,
            });
        }
        let now = crate::open::now_utc();
        let tx = self.conn.transaction().context("importing deals")?;
        tx.execute(
            "INSERT INTO deal_batch (file_name, file_hash, sheet, header_row, mapping, rows_total, rows_rejected, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                file.file_name,
                file.file_hash,
                file.sheet,
                file.header_row.map(|r| r as i64),
                file.mapping,
                (deals.len() + file.rows_rejected) as i64,
                file.rows_rejected as i64,
                now
            ],
        )
        .context("importing deals")?;
        let batch_id = tx.last_insert_rowid();
        let mut result = DealImportResult {
            batch_id,
            ..Default::default()
        };
        for deal in deals {
            let found = match_lead(&tx, deal)?;
            let person_id = found.person_id();
            if person_id.is_some() {
                result.matched += 1;
            } else {
                result.unmatched += 1;
            }
            let existing: Option<i64> = if deal.external_id.is_empty() {
                None
            } else {
                tx.prepare_cached("SELECT id FROM deal WHERE external_id = ?1")
                    .context("importing deals")?
                    .query_row([&deal.external_id], |r| r.get(0))
                    .optional()
                    .context("importing deals")?
            };
            let dates = (
                deal.created_on.map(|d| d.to_string()),
                deal.closed_on.map(|d| d.to_string()),
            );
            // A deal the CRM reported before keeps its id, and its earlier fields for undo.
            let previous = existing.map(|id| snapshot(&tx, id)).transpose()?;
            tx.prepare_cached(
                "REPLACE INTO deal (id, external_id, name, person_id, matched_by, company, status,
                                    crm_stage, amount_fen, created_on, closed_on, batch_id, previous)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .context("importing deals")?
            .execute(params![
                existing,
                deal.external_id,
                deal.name,
                person_id,
                found.code(),
                deal.company,
                deal.status.code(),
                deal.crm_stage,
                deal.amount.fen(),
                dates.0,
                dates.1,
                batch_id,
                previous
            ])
            .context("importing deals")?;
            if existing.is_some() {
                result.updated += 1;
            } else {
                result.added += 1;
            }
            if let Some(person_id) = person_id {
                result.leads_moved +=
                    move_for_deal(&tx, person_id, deal, &file.file_name, batch_id)?;
            }
        }
        tx.execute(
            "UPDATE deal_batch SET rows_matched = ?2, rows_unmatched = ?3 WHERE id = ?1",
            params![batch_id, result.matched as i64, result.unmatched as i64],
        )
        .context("importing deals")?;
        tx.commit().context("importing deals")?;
        Ok(result)
    }

    /// Undoes the latest deals import that stands: its new deals go, the deals it updated get
    /// their earlier fields back, and each lead it moved returns to its stage before the file
    /// (a new move in its history, not an erasure). Only the latest can be undone: a later file
    /// may have built on this one.
    pub fn undo_deal_import(&mut self, batch_id: i64) -> Result<()> {
        let latest: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(id) FROM deal_batch WHERE undone_at IS NULL",
                [],
                |r| r.get(0),
            )
            .context("undoing a deals import")?;
        match latest {
            Some(id) if id == batch_id => {}
            _ => {
                let undone: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT 1 FROM deal_batch WHERE id = ?1 AND undone_at IS NOT NULL",
                        [batch_id],
                        |r| r.get(0),
                    )
                    .optional()
                    .context("undoing a deals import")?;
                return Err(match undone {
                    Some(_) => StoreError::AlreadyUndone { batch_id },
                    None => StoreError::UndoBlocked {
                        batch_id,
                        later: Vec::new(),
                    },
                });
            }
        }
        let now = crate::open::now_utc();
        let tx = self.conn.transaction().context("undoing a deals import")?;
        // Each lead back to the stage it had before the batch's first move of it.
        let firsts: Vec<(i64, String)> = tx
            .prepare(
                "SELECT person_id, from_stage FROM lead_stage_change c
                  WHERE deal_batch = ?1
                    AND id = (SELECT min(id) FROM lead_stage_change WHERE deal_batch = ?1 AND person_id = c.person_id)",
            )
            .context("undoing a deals import")?
            .query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("undoing a deals import")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("undoing a deals import")?;
        let file: String = tx
            .query_row(
                "SELECT file_name FROM deal_batch WHERE id = ?1",
                [batch_id],
                |r| r.get(0),
            )
            .context("undoing a deals import")?;
        for (person_id, before) in firsts {
            let mv = StageMove {
                to: Stage::from_code(&before)?,
                cause: Cause::Undo,
                by: String::new(),
                reason: format!("撤销导入 {file}"),
                at: Some(now.clone()),
            };
            // Already back (moved by hand since): nothing to undo for this lead.
            let _ = move_one(&tx, person_id, &mv, &now, None)?;
        }
        let updated: Vec<(i64, String)> = tx
            .prepare("SELECT id, previous FROM deal WHERE batch_id = ?1 AND previous IS NOT NULL")
            .context("undoing a deals import")?
            .query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("undoing a deals import")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("undoing a deals import")?;
        for (id, json) in updated {
            let p: Previous = serde_json::from_str(&json)
                .map_err(|_| StoreError::NotFound { what: "deal", id })?;
            tx.execute(
                "UPDATE deal SET name = ?2, person_id = ?3, matched_by = ?4, company = ?5, status = ?6,
                     crm_stage = ?7, amount_fen = ?8, created_on = ?9, closed_on = ?10, batch_id = ?11,
                     previous = ?12 WHERE id = ?1",
                params![
                    id,
                    p.name,
                    p.person_id,
                    p.matched_by,
                    p.company,
                    p.status,
                    p.crm_stage,
                    p.amount_fen,
                    p.created_on,
                    p.closed_on,
                    p.batch_id,
                    p.previous
                ],
            )
            .context("undoing a deals import")?;
        }
        tx.execute(
            "DELETE FROM deal WHERE batch_id = ?1 AND previous IS NULL",
            [batch_id],
        )
        .context("undoing a deals import")?;
        tx.execute(
            "UPDATE deal_batch SET undone_at = ?2 WHERE id = ?1",
            params![batch_id, now],
        )
        .context("undoing a deals import")?;
        tx.commit().context("undoing a deals import")
    }

    /// A lead's deals, newest first.
    pub fn deals_of(&self, person_id: i64) -> Result<Vec<DealRow>> {
        self.read_deals("WHERE person_id = ?1", [person_id])
    }

    /// Every deal, newest first.
    pub fn all_deals(&self) -> Result<Vec<DealRow>> {
        self.read_deals("", [])
    }

    fn read_deals<P: rusqlite::Params>(&self, filter: &str, p: P) -> Result<Vec<DealRow>> {
        let sql = format!(
            "SELECT id, external_id, name, company, person_id, status, crm_stage, amount_fen,
                    created_on, closed_on FROM deal {filter}
              ORDER BY coalesce(closed_on, created_on) DESC, id DESC"
        );
        let rows = self
            .conn
            .prepare(&sql)
            .context("reading deals")?
            .query_map(p, |r| {
                Ok((
                    DealRow {
                        id: r.get(0)?,
                        external_id: r.get(1)?,
                        name: r.get(2)?,
                        company: r.get(3)?,
                        person_id: r.get(4)?,
                        status: DealStatus::Open,
                        crm_stage: r.get(6)?,
                        amount: Money::from_fen(r.get(7)?),
                        created_on: r.get(8)?,
                        closed_on: r.get(9)?,
                    },
                    r.get::<_, String>(5)?,
                ))
            })
            .context("reading deals")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading deals")?;
        Ok(rows
            .into_iter()
            .map(|(mut d, status)| {
                d.status = DealStatus::from_code(&status).unwrap_or(DealStatus::Open);
                d
            })
            .collect())
    }
}

/// The moves a deal makes: an opportunity when it was created; won or lost when it closed.
fn move_for_deal(
    tx: &Transaction<'_>,
    person_id: i64,
    deal: &NewDeal,
    file: &str,
    batch_id: i64,
) -> Result<usize> {
    // A CRM's date is a day of the user's calendar: the move is stamped at its start.
    let stamp = |d: Option<NaiveDate>| {
        d.map(|d| crate::local_days::day_start(d, &chrono::Local))
            .unwrap_or_else(crate::open::now_utc)
    };
    let reason = if deal.name.is_empty() {
        deal.crm_stage.clone()
    } else {
        format!("{} · {}", deal.name, deal.crm_stage)
    };
    let mut steps = vec![(Stage::Opportunity, stamp(deal.created_on))];
    match deal.status {
        DealStatus::Open => {}
        DealStatus::Won => steps.push((Stage::Won, stamp(deal.closed_on.or(deal.created_on)))),
        DealStatus::Lost => steps.push((Stage::Lost, stamp(deal.closed_on.or(deal.created_on)))),
    }
    let mut moved = 0;
    for (to, at) in steps {
        let mv = StageMove {
            to,
            cause: Cause::DealImport,
            by: file.into(),
            reason: reason.clone(),
            at: Some(at.clone()),
        };
        // A lead already past this step (an opportunity already, or won) keeps its stage.
        if move_one(tx, person_id, &mv, &at, Some(batch_id))?.is_ok() {
            moved = 1;
        }
    }
    Ok(moved)
}

fn snapshot(tx: &Transaction<'_>, id: i64) -> Result<String> {
    let p = tx
        .query_row(
            "SELECT name, person_id, matched_by, company, status, crm_stage, amount_fen, created_on,
                    closed_on, batch_id, previous FROM deal WHERE id = ?1",
            [id],
            |r| {
                Ok(Previous {
                    name: r.get(0)?,
                    person_id: r.get(1)?,
                    matched_by: r.get(2)?,
                    company: r.get(3)?,
                    status: r.get(4)?,
                    crm_stage: r.get(5)?,
                    amount_fen: r.get(6)?,
                    created_on: r.get(7)?,
                    closed_on: r.get(8)?,
                    batch_id: r.get(9)?,
                    previous: r.get(10)?,
                })
            },
        )
        .context("importing deals")?;
    Ok(serde_json::to_string(&p).unwrap_or_default())
}

fn match_lead(conn: &rusqlite::Connection, deal: &NewDeal) -> Result<LeadMatch> {
    if let Some(id) = deal.lead_id {
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM person WHERE id = ?1 AND erased_at IS NULL")
            .context("matching deals")?
            .query_row([id], |r| r.get(0))
            .optional()
            .context("matching deals")?;
        if let Some(person_id) = found {
            return Ok(LeadMatch::Id { person_id });
        }
    }
    for (column, value) in [("mobile", &deal.mobile), ("email", &deal.email)] {
        let Some(value) = value.as_deref().filter(|v| !v.is_empty()) else {
            continue;
        };
        let people: Vec<(i64, String)> = conn
            .prepare_cached(&format!(
                "SELECT id, name FROM person WHERE {column} = ?1 AND erased_at IS NULL ORDER BY id"
            ))
            .context("matching deals")?
            .query_map([value], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("matching deals")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("matching deals")?;
        // A number two people share (a company switchboard, an assistant's phone) names the
        // one whose name the deal gives, or nobody.
        let pick = match people.len() {
            0 => None,
            1 => Some(Ok(people[0].0)),
            n => {
                let named: Vec<i64> = people
                    .iter()
                    .filter(|(_, name)| !deal.contact.is_empty() && *name == deal.contact.trim())
                    .map(|(id, _)| *id)
                    .collect();
                Some(if named.len() == 1 {
                    Ok(named[0])
                } else {
                    Err(n)
                })
            }
        };
        match (pick, column) {
            (Some(Ok(person_id)), "mobile") => return Ok(LeadMatch::Mobile { person_id }),
            (Some(Ok(person_id)), _) => return Ok(LeadMatch::Email { person_id }),
            (Some(Err(people)), _) => return Ok(LeadMatch::Shared { people }),
            (None, _) => {}
        }
    }
    Ok(LeadMatch::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_leads;

    fn deal(mobile: &str, status: DealStatus, yuan: i64) -> NewDeal {
        NewDeal {
            external_id: format!("OPP-{mobile}"),
            name: "核心系统升级".into(),
            company: "招商银行".into(),
            contact: String::new(),
            mobile: Some(mobile.into()),
            email: None,
            lead_id: None,
            status,
            crm_stage: "赢单".into(),
            amount: Money::from_yuan(yuan),
            created_on: NaiveDate::from_ymd_opt(2026, 6, 1),
            closed_on: NaiveDate::from_ymd_opt(2026, 8, 1),
        }
    }

    fn file(hash: &str) -> DealFile {
        DealFile {
            file_name: format!("{hash}.xlsx"),
            file_hash: hash.into(),
            sheet: String::new(),
            header_row: Some(0),
            mapping: "[]".into(),
            rows_rejected: 0,
        }
    }

    #[test]
    fn deals_find_their_leads_move_them_and_undo_puts_everything_back() {
        let (mut store, ids) = store_with_leads(3);
        store
            .conn
            .execute(
                "UPDATE person SET mobile = '13800000000' WHERE id = ?1",
                [ids[1]],
            )
            .expect("shared phone");
        let r = store
            .import_deals(
                &file("a"),
                &[
                    deal("13800000002", DealStatus::Won, 1_000_000),
                    deal("13800000000", DealStatus::Open, 500_000),
                    deal("13900000000", DealStatus::Lost, 10),
                ],
            )
            .expect("import");
        assert_eq!(
            (r.added, r.matched, r.unmatched, r.leads_moved),
            (3, 1, 2, 1)
        );
        assert_eq!(store.lead_stage(ids[2]).expect("stage"), Stage::Won);
        assert_eq!(
            store.lead_stage(ids[0]).expect("stage"),
            Stage::Lead,
            "a phone two people share moves nobody"
        );
        assert!(
            store.import_deals(&file("a"), &[]).is_err(),
            "same file twice"
        );
        // A later export: the won deal's amount corrected.
        let r = store
            .import_deals(&file("b"), &[deal("13800000002", DealStatus::Won, 900_000)])
            .expect("second");
        assert_eq!((r.added, r.updated), (0, 1));
        assert!(
            store.undo_deal_import(r.batch_id - 1).is_err(),
            "only the latest"
        );
        store.undo_deal_import(r.batch_id).expect("undo b");
        assert_eq!(
            store.deals_of(ids[2]).expect("deals")[0].amount,
            Money::from_yuan(1_000_000)
        );
        store.undo_deal_import(r.batch_id - 1).expect("undo a");
        assert!(store.all_deals().expect("deals").is_empty());
        assert_eq!(store.lead_stage(ids[2]).expect("stage"), Stage::Lead);
        let h = store.stage_history(ids[2]).expect("history");
        assert_eq!(
            h.moves().len(),
            3,
            "opportunity, won, and the undo: all kept"
        );
        assert_eq!(h.reached(), Stage::Lead);
    }
}
