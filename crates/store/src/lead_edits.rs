//! A lead changed by hand: its fields edited, two leads merged (and split again), a person
//! erased on request (个人信息保护法). Each change is in the lead's history; a merge keeps what
//! each side was so a split gives both back; an erasure removes the person's data everywhere
//! but keeps the anonymous row, so events keep their counts.

use marketdesk_core::people::LeadFields;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext, StoreError};
use crate::person_fields::{fields_from_row, PersonStatements, FIELD_COLUMNS, FIELD_COUNT};
use crate::Store;

/// The name an erased person keeps: the row stays so events keep their counts.
pub const ERASED_NAME: &str = "（已删除）";

const FIELD_CODES: [&str; 10] = [
    "name",
    "mobile",
    "email",
    "company",
    "department",
    "title",
    "region",
    "industry",
    "other_phones",
    "wechat",
];

fn field_values(f: &LeadFields) -> [&str; 10] {
    [
        &f.name,
        &f.mobile,
        &f.email,
        &f.company,
        &f.department,
        &f.title,
        &f.region,
        &f.industry,
        &f.other_phones,
        &f.wechat,
    ]
}

/// What a merge moved and changed, kept to split it again.
#[derive(Debug, Serialize, Deserialize)]
struct MergeSnapshot {
    /// The merged person's row: fields, then the columns beyond them.
    fields: LeadFields,
    created_at: String,
    created_batch: Option<i64>,
    /// The kept person's fields before the merge filled its blanks.
    kept_fields: LeadFields,
    touches: Vec<i64>,
    followups: Vec<i64>,
    stage_changes: Vec<i64>,
    lead_changes: Vec<i64>,
    deals: Vec<i64>,
    tags: Vec<i64>,
    /// (event, state) of the merged person's attendance; the ones the kept person also had
    /// were not moved but are restored on a split.
    attendance: Vec<(i64, String)>,
    /// The merged person's lead_state row as JSON, if it had one.
    state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeRow {
    pub id: i64,
    pub kept_id: i64,
    pub merged_id: i64,
    pub merged_name: String,
    /// The kept lead's name now ("" if it is gone).
    pub kept_name: String,
    pub merged_at: String,
    pub split_at: Option<String>,
}

fn ids(tx: &Transaction<'_>, sql: &str, person: i64) -> Result<Vec<i64>> {
    tx.prepare(sql)
        .context("merging leads")?
        .query_map([person], |r| r.get(0))
        .context("merging leads")?
        .collect::<rusqlite::Result<Vec<i64>>>()
        .context("merging leads")
}

/// The fields of a lead that can still be changed: an erased person is never edited, merged
/// or filled in again (a later list with the same person makes a new lead).
fn read_fields(tx: &Transaction<'_>, person: i64) -> Result<LeadFields> {
    let (fields, erased) = tx
        .query_row(
            &format!("SELECT {FIELD_COLUMNS}, erased_at IS NOT NULL FROM person WHERE id = ?1"),
            [person],
            |r| Ok((fields_from_row(r, 0)?, r.get::<_, bool>(FIELD_COUNT)?)),
        )
        .optional()
        .context("reading a lead")?
        .ok_or(StoreError::NotFound {
            what: "lead",
            id: person,
        })?;
    if erased {
        return Err(StoreError::Erased { id: person });
    }
    Ok(fields)
}

fn record(tx: &Transaction<'_>, person: i64, field: &str, before: &str, after: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO lead_change (person_id, at, kind, field, before, after)
         VALUES (?1, ?2, 'edited', ?3, ?4, ?5)",
    )
    .context("recording a change")?
    .execute(params![
        person,
        crate::open::now_utc(),
        field,
        before,
        after
    ])
    .context("recording a change")?;
    Ok(())
}

/// Companies no lead names any more go, as an undone import's do.
fn drop_orphan_companies(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "DELETE FROM company WHERE NOT EXISTS (SELECT 1 FROM person WHERE company_id = company.id)",
        [],
    )
    .context("tidying companies")?;
    Ok(())
}

impl Store {
    /// Writes a lead's fields as edited by hand (already checked and normalised by the
    /// caller); each changed field goes into its history. Returns the fields changed.
    pub fn edit_lead(&mut self, person_id: i64, fields: &LeadFields, by: &str) -> Result<usize> {
        let tx = self.conn.transaction().context("editing a lead")?;
        let before = read_fields(&tx, person_id)?;
        let mut changed = 0;
        for ((code, old), new) in FIELD_CODES
            .iter()
            .zip(field_values(&before))
            .zip(field_values(fields))
        {
            if old != new {
                record(&tx, person_id, code, old, new)?;
                changed += 1;
            }
        }
        if changed > 0 {
            let now = crate::open::now_utc();
            PersonStatements::new(&tx)?.write(person_id, fields, &now)?;
            if !by.trim().is_empty() {
                record(&tx, person_id, "by", "", by.trim())?;
            }
            drop_orphan_companies(&tx)?;
        }
        tx.commit().context("editing a lead")?;
        Ok(changed)
    }

    /// Merges `merged` into `kept`: every touch, attendance, follow-up, move, deal, tag and
    /// history entry of `merged` becomes `kept`'s; `kept`'s blank fields take `merged`'s values;
    /// `merged` is removed. Attendance both had at one event keeps the one that says more
    /// (present over registered over no-show). Returns the merge's id, to split it again.
    pub fn merge_leads(&mut self, kept: i64, merged: i64, by: &str) -> Result<i64> {
        if kept == merged {
            return Err(StoreError::SameLead { id: kept });
        }
        let now = crate::open::now_utc();
        let tx = self.conn.transaction().context("merging leads")?;
        let kept_fields = read_fields(&tx, kept)?;
        let fields = read_fields(&tx, merged)?;
        let (created_at, created_batch): (String, Option<i64>) = tx
            .query_row(
                "SELECT created_at, created_batch FROM person WHERE id = ?1",
                [merged],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .context("merging leads")?;
        let attendance: Vec<(i64, String)> = tx
            .prepare("SELECT event_id, state FROM attendance WHERE person_id = ?1")
            .context("merging leads")?
            .query_map([merged], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("merging leads")?
            .collect::<rusqlite::Result<_>>()
            .context("merging leads")?;
        let state: Option<String> = tx
            .query_row(
                "SELECT json_object('stage', stage, 'stage_at', stage_at, 'owner_id', owner_id,
                        'assigned_at', assigned_at, 'mql_at', mql_at, 'qualified_at', qualified_at,
                        'sql_at', sql_at, 'opportunity_at', opportunity_at, 'won_at', won_at,
                        'lost_at', lost_at)
                   FROM lead_state WHERE person_id = ?1",
                [merged],
                |r| r.get(0),
            )
            .optional()
            .context("merging leads")?;
        let snapshot = MergeSnapshot {
            touches: ids(&tx, "SELECT id FROM touch WHERE person_id = ?1", merged)?,
            followups: ids(&tx, "SELECT id FROM followup WHERE person_id = ?1", merged)?,
            stage_changes: ids(
                &tx,
                "SELECT id FROM lead_stage_change WHERE person_id = ?1",
                merged,
            )?,
            lead_changes: ids(
                &tx,
                "SELECT id FROM lead_change WHERE person_id = ?1",
                merged,
            )?,
            deals: ids(&tx, "SELECT id FROM deal WHERE person_id = ?1", merged)?,
            tags: ids(
                &tx,
                "SELECT tag_id FROM person_tag WHERE person_id = ?1",
                merged,
            )?,
            fields: fields.clone(),
            kept_fields: kept_fields.clone(),
            created_at,
            created_batch,
            attendance: attendance.clone(),
            state,
        };
        for table in [
            "touch",
            "followup",
            "lead_stage_change",
            "lead_change",
            "deal",
        ] {
            tx.execute(
                &format!("UPDATE {table} SET person_id = ?1 WHERE person_id = ?2"),
                params![kept, merged],
            )
            .context("merging leads")?;
        }
        tx.execute(
            "INSERT OR IGNORE INTO person_tag (tag_id, person_id, added_at)
             SELECT tag_id, ?1, added_at FROM person_tag WHERE person_id = ?2",
            params![kept, merged],
        )
        .context("merging leads")?;
        let rank = |s: &str| match s {
            "attended" | "walk_in" => 3,
            "registered" => 2,
            _ => 1,
        };
        for (event, state) in &attendance {
            let theirs: Option<String> = tx
                .query_row(
                    "SELECT state FROM attendance WHERE event_id = ?1 AND person_id = ?2",
                    params![event, kept],
                    |r| r.get(0),
                )
                .optional()
                .context("merging leads")?;
            match theirs {
                None => {
                    tx.execute(
                        "INSERT INTO attendance (event_id, person_id, state) VALUES (?1, ?2, ?3)",
                        params![event, kept, state],
                    )
                    .context("merging leads")?;
                }
                Some(t) if rank(state) > rank(&t) => {
                    tx.execute(
                        "UPDATE attendance SET state = ?3 WHERE event_id = ?1 AND person_id = ?2",
                        params![event, kept, state],
                    )
                    .context("merging leads")?;
                }
                Some(_) => {}
            }
        }
        // The kept lead's blanks take the merged one's values.
        let mut filled = kept_fields.clone();
        for ((slot, theirs), code) in [
            (&mut filled.name, &fields.name),
            (&mut filled.mobile, &fields.mobile),
            (&mut filled.email, &fields.email),
            (&mut filled.company, &fields.company),
            (&mut filled.department, &fields.department),
            (&mut filled.title, &fields.title),
            (&mut filled.region, &fields.region),
            (&mut filled.industry, &fields.industry),
            (&mut filled.other_phones, &fields.other_phones),
            (&mut filled.wechat, &fields.wechat),
        ]
        .into_iter()
        .zip(FIELD_CODES)
        {
            if slot.is_empty() && !theirs.is_empty() {
                record(&tx, kept, code, "", theirs)?;
                *slot = theirs.clone();
            }
        }
        tx.execute("DELETE FROM person WHERE id = ?1", [merged])
            .context("merging leads")?;
        PersonStatements::new(&tx)?.write(kept, &filled, &now)?;
        record(
            &tx,
            kept,
            "merge",
            "",
            &format!("{} #{merged}（{}）", fields.name, by.trim()),
        )?;
        tx.execute(
            "INSERT INTO lead_merge (kept_id, merged_id, snapshot, merged_at) VALUES (?1, ?2, ?3, ?4)",
            params![
                kept,
                merged,
                serde_json::to_string(&snapshot).unwrap_or_default(),
                now
            ],
        )
        .context("merging leads")?;
        let id = tx.last_insert_rowid();
        drop_orphan_companies(&tx)?;
        tx.commit().context("merging leads")?;
        Ok(id)
    }

    /// Splits a merge: the merged person comes back with its id, fields, touches, attendance,
    /// follow-ups, moves, deals, tags and history; the kept person loses what the merge filled
    /// in (where nobody changed it since). A later merge into the kept lead must be split first.
    pub fn split_merge(&mut self, merge_id: i64, by: &str) -> Result<i64> {
        let tx = self.conn.transaction().context("splitting leads")?;
        let (kept, merged, json, split_at): (i64, i64, String, Option<String>) = tx
            .query_row(
                "SELECT kept_id, merged_id, snapshot, split_at FROM lead_merge WHERE id = ?1",
                [merge_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .context("splitting leads")?
            .ok_or(StoreError::NotFound {
                what: "merge",
                id: merge_id,
            })?;
        if split_at.is_some() {
            return Err(StoreError::AlreadySplit { merge_id });
        }
        let later: Option<String> = tx
            .query_row(
                "SELECT snapshot ->> '$.fields.name' FROM lead_merge
                  WHERE kept_id = ?1 AND id > ?2 AND split_at IS NULL ORDER BY id DESC LIMIT 1",
                params![kept, merge_id],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()
            .context("splitting leads")?
            .map(Option::unwrap_or_default);
        if let Some(later_name) = later {
            return Err(StoreError::SplitBlocked {
                merge_id,
                later_name,
            });
        }
        let snap: MergeSnapshot =
            serde_json::from_str(&json).map_err(|_| StoreError::NotFound {
                what: "merge",
                id: merge_id,
            })?;
        let now = crate::open::now_utc();
        let f = &snap.fields;
        let mut people = PersonStatements::new(&tx)?;
        let d = crate::person_fields::derive(f);
        let new_id = people.insert(f, &d, snap.created_batch, &snap.created_at)?;
        drop(people);
        // Back to its own id, so history, exports and other references read as before.
        tx.execute(
            "UPDATE person SET id = ?1 WHERE id = ?2",
            params![merged, new_id],
        )
        .context("splitting leads")?;
        let back = |table: &str, column: &str, list: &[i64]| -> Result<()> {
            let json = serde_json::to_string(list).unwrap_or_else(|_| "[]".into());
            tx.execute(
                &format!(
                    "UPDATE {table} SET person_id = ?1 WHERE {column} IN (SELECT value FROM json_each(?2))"
                ),
                params![merged, json],
            )
            .context("splitting leads")?;
            Ok(())
        };
        back("touch", "id", &snap.touches)?;
        back("followup", "id", &snap.followups)?;
        back("lead_stage_change", "id", &snap.stage_changes)?;
        back("lead_change", "id", &snap.lead_changes)?;
        back("deal", "id", &snap.deals)?;
        for tag in &snap.tags {
            tx.execute(
                "INSERT OR IGNORE INTO person_tag (tag_id, person_id, added_at) VALUES (?1, ?2, ?3)",
                params![tag, merged, now],
            )
            .context("splitting leads")?;
        }
        for (event, state) in &snap.attendance {
            tx.execute(
                "INSERT OR REPLACE INTO attendance (event_id, person_id, state) VALUES (?1, ?2, ?3)",
                params![event, merged, state],
            )
            .context("splitting leads")?;
        }
        // The kept person's attendance of an event it has no touch of came with the merge, and
        // goes; where both were there, the kept one's own touches keep it.
        for event in snap.attendance.iter().map(|(e, _)| *e) {
            let kept_touched: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM touch WHERE person_id = ?1 AND event_id = ?2)",
                    params![kept, event],
                    |r| r.get(0),
                )
                .context("splitting leads")?;
            if !kept_touched {
                tx.execute(
                    "DELETE FROM attendance WHERE person_id = ?1 AND event_id = ?2",
                    params![kept, event],
                )
                .context("splitting leads")?;
            }
        }
        if let Some(state) = &snap.state {
            tx.execute(
                "INSERT OR REPLACE INTO lead_state (person_id, stage, stage_at, owner_id, assigned_at,
                        mql_at, qualified_at, sql_at, opportunity_at, won_at, lost_at)
                 SELECT ?1, j ->> 'stage', j ->> 'stage_at', j ->> 'owner_id', j ->> 'assigned_at',
                        j ->> 'mql_at', j ->> 'qualified_at', j ->> 'sql_at', j ->> 'opportunity_at',
                        j ->> 'won_at', j ->> 'lost_at'
                   FROM (SELECT json(?2) AS j)",
                params![merged, state],
            )
            .context("splitting leads")?;
        }
        // What the merge filled in the kept lead goes, unless changed since.
        let now_fields = read_fields(&tx, kept)?;
        let mut restored = now_fields.clone();
        for ((slot, before), (merged_value, code)) in [
            (&mut restored.name, &snap.kept_fields.name),
            (&mut restored.mobile, &snap.kept_fields.mobile),
            (&mut restored.email, &snap.kept_fields.email),
            (&mut restored.company, &snap.kept_fields.company),
            (&mut restored.department, &snap.kept_fields.department),
            (&mut restored.title, &snap.kept_fields.title),
            (&mut restored.region, &snap.kept_fields.region),
            (&mut restored.industry, &snap.kept_fields.industry),
            (&mut restored.other_phones, &snap.kept_fields.other_phones),
            (&mut restored.wechat, &snap.kept_fields.wechat),
        ]
        .into_iter()
        .zip(field_values(&snap.fields).into_iter().zip(FIELD_CODES))
        {
            if before.is_empty() && slot.as_str() == merged_value && !merged_value.is_empty() {
                record(&tx, kept, code, slot, "")?;
                slot.clear();
            }
        }
        if restored != now_fields {
            PersonStatements::new(&tx)?.write(kept, &restored, &now)?;
        }
        record(
            &tx,
            kept,
            "split",
            &format!("{} #{merged}", snap.fields.name),
            by.trim(),
        )?;
        tx.execute(
            "UPDATE lead_merge SET split_at = ?2 WHERE id = ?1",
            params![merge_id, now],
        )
        .context("splitting leads")?;
        tx.commit().context("splitting leads")?;
        Ok(merged)
    }

    /// The merges a lead took part in, newest first.
    pub fn merges_of(&self, person_id: i64) -> Result<Vec<MergeRow>> {
        self.conn
            .prepare(
                "SELECT m.id, m.kept_id, m.merged_id, m.snapshot ->> '$.fields.name', k.name,
                        m.merged_at, m.split_at
                   FROM lead_merge m LEFT JOIN person k ON k.id = m.kept_id
                  WHERE m.kept_id = ?1 OR m.merged_id = ?1 ORDER BY m.id DESC",
            )
            .context("reading merges")?
            .query_map([person_id], |r| {
                Ok(MergeRow {
                    id: r.get(0)?,
                    kept_id: r.get(1)?,
                    merged_id: r.get(2)?,
                    merged_name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    kept_name: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    merged_at: r.get(5)?,
                    split_at: r.get(6)?,
                })
            })
            .context("reading merges")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading merges")
    }

    /// Erases a person on request (个人信息保护法): name, contacts, title, department and city
    /// go from the lead, from every imported row that named it, from its history, follow-up
    /// notes, tags and merge records. The anonymous row stays, with its seniority, function and
    /// company, so the events it attended and the funnels it passed through keep their numbers.
    /// It can never be matched again: a later list with the same person makes a new lead.
    pub fn erase_person(&mut self, person_id: i64) -> Result<usize> {
        let tx = self.conn.transaction().context("erasing a person")?;
        let f = read_fields(&tx, person_id)?;
        // Imported rows: those linked to the person, and refused rows that carry its mobile or
        // email (a row refused for a bad field still names the person).
        let batches: Vec<i64> = tx
            .prepare(
                "SELECT DISTINCT batch_id FROM touch WHERE person_id = ?1 AND batch_id IS NOT NULL",
            )
            .context("erasing a person")?
            .query_map([person_id], |r| r.get(0))
            .context("erasing a person")?
            .collect::<rusqlite::Result<_>>()
            .context("erasing a person")?;
        let marks: Vec<&str> = [f.mobile.as_str(), f.email.as_str()]
            .into_iter()
            .filter(|m| !m.is_empty())
            .collect();
        let mut scrubbed = 0usize;
        for batch in batches {
            let chunks: Vec<(i64, String)> = tx
                .prepare("SELECT first_row, rows FROM import_rows WHERE batch_id = ?1")
                .context("erasing a person")?
                .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))
                .context("erasing a person")?
                .collect::<rusqlite::Result<_>>()
                .context("erasing a person")?;
            for (first_row, json) in chunks {
                let Ok(mut rows) = serde_json::from_str::<Vec<serde_json::Value>>(&json) else {
                    continue;
                };
                let mut touched = false;
                for row in rows.iter_mut() {
                    let linked = row.get(2).and_then(|v| v.as_i64()) == Some(person_id);
                    let named = row.get(4).and_then(|c| c.as_array()).is_some_and(|cells| {
                        cells
                            .iter()
                            .filter_map(|c| c.as_str())
                            .any(|c| marks.iter().any(|m| c.contains(m)))
                    });
                    if linked || named {
                        if let Some(cells) = row.get_mut(4).and_then(|c| c.as_array_mut()) {
                            for c in cells.iter_mut() {
                                *c = serde_json::Value::String(String::new());
                            }
                        }
                        touched = true;
                        scrubbed += 1;
                    }
                }
                if touched {
                    tx.execute(
                        "UPDATE import_rows SET rows = ?3 WHERE batch_id = ?1 AND first_row = ?2",
                        params![
                            batch,
                            first_row,
                            serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
                        ],
                    )
                    .context("erasing a person")?;
                }
            }
        }
        let now = crate::open::now_utc();
        tx.execute(
            "UPDATE person SET name = ?2, mobile = NULL, email = NULL, other_phones = '', wechat = '',
                    title = '', department = '', city = '', erased_at = ?3, updated_at = ?3
              WHERE id = ?1",
            params![person_id, ERASED_NAME, now],
        )
        .context("erasing a person")?;
        for sql in [
            "DELETE FROM lead_change WHERE person_id = ?1",
            "DELETE FROM person_tag WHERE person_id = ?1",
            "UPDATE followup SET note = '' WHERE person_id = ?1",
            "UPDATE lead_stage_change SET reason = '' WHERE person_id = ?1 AND cause = 'manual'",
            "DELETE FROM lead_merge WHERE kept_id = ?1 OR merged_id = ?1",
            "UPDATE touch SET source = '' WHERE person_id = ?1",
        ] {
            tx.execute(sql, [person_id]).context("erasing a person")?;
        }
        tx.execute(
            "INSERT INTO lead_change (person_id, at, kind, field) VALUES (?1, ?2, 'edited', 'erased')",
            params![person_id, now],
        )
        .context("erasing a person")?;
        tx.commit().context("erasing a person")?;
        Ok(scrubbed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_leads;

    fn fields(store: &Store, id: i64) -> LeadFields {
        store
            .conn
            .query_row(
                &format!("SELECT {FIELD_COLUMNS} FROM person WHERE id = ?1"),
                [id],
                |r| fields_from_row(r, 0),
            )
            .expect("fields")
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |r| r.get(0)).expect(sql)
    }

    #[test]
    fn an_edit_writes_fields_classifies_again_and_keeps_each_change() {
        let (mut store, ids) = store_with_leads(1);
        let mut f = fields(&store, ids[0]);
        f.title = "首席信息官".into();
        f.department = "信息科技部".into();
        assert_eq!(store.edit_lead(ids[0], &f, "周敏").expect("edit"), 2);
        let seniority: String = store
            .conn
            .query_row(
                "SELECT seniority FROM person WHERE id = ?1",
                [ids[0]],
                |r| r.get(0),
            )
            .expect("seniority");
        assert_eq!(seniority, "c_level");
        assert_eq!(
            count(&store, "SELECT count(*) FROM lead_change WHERE kind = 'edited' AND field IN ('title', 'department')"),
            2
        );
        assert_eq!(store.edit_lead(ids[0], &f, "周敏").expect("same"), 0);
    }

    #[test]
    fn a_merge_moves_everything_and_a_split_gives_both_back() {
        let (mut store, ids) = store_with_leads(2);
        let (a, b) = (ids[0], ids[1]);
        store
            .conn
            .execute_batch(&format!(
                "INSERT INTO campaign (id, name, channel, created_at) VALUES (1, 'c', 'offline_events', 'x');
                 INSERT INTO event (id, name, kind, status, starts_on, campaign_id, created_at)
                   VALUES (1, '峰会', 'summit', 'done', '2026-06-01', 1, 'x'), (2, '沙龙', 'salon', 'done', '2026-07-01', 1, 'x');
                 INSERT INTO attendance VALUES (1, {a}, 'no_show'), (1, {b}, 'attended'), (2, {b}, 'registered');
                 INSERT INTO touch (person_id, event_id, kind, channel, at) VALUES
                   ({a}, 1, 'registered', 'offline_events', '2026-05-01'),
                   ({b}, 1, 'checked_in', 'offline_events', '2026-06-01'),
                   ({b}, 2, 'registered', 'offline_events', '2026-06-20');
                 UPDATE person SET email = 'b@bank.cn', title = '' WHERE id = {b};
                 UPDATE person SET title = '经理' WHERE id = {a};"
            ))
            .expect("data");
        let before_b = fields(&store, b);
        let merge = store.merge_leads(a, b, "周敏").expect("merge");
        assert_eq!(count(&store, "SELECT count(*) FROM person"), 1);
        assert_eq!(
            count(
                &store,
                &format!("SELECT count(*) FROM touch WHERE person_id = {a}")
            ),
            3
        );
        let state: String = store
            .conn
            .query_row(
                &format!("SELECT state FROM attendance WHERE person_id = {a} AND event_id = 1"),
                [],
                |r| r.get(0),
            )
            .expect("state");
        assert_eq!(state, "attended", "present wins over a no-show");
        assert_eq!(fields(&store, a).email, "b@bank.cn", "a blank filled");
        assert_eq!(fields(&store, a).title, "经理", "a value kept");

        let back = store.split_merge(merge, "周敏").expect("split");
        assert_eq!(back, b);
        assert_eq!(fields(&store, b), before_b);
        assert_eq!(
            fields(&store, a).email,
            "",
            "the filled blank is blank again"
        );
        assert_eq!(
            count(
                &store,
                &format!("SELECT count(*) FROM touch WHERE person_id = {b}")
            ),
            2
        );
        assert_eq!(
            count(
                &store,
                &format!("SELECT count(*) FROM attendance WHERE person_id = {b}")
            ),
            2
        );
        assert_eq!(
            count(
                &store,
                &format!("SELECT count(*) FROM attendance WHERE person_id = {a} AND event_id = 2")
            ),
            0,
            "the event only the merged lead attended is its alone again"
        );
        assert!(store.split_merge(merge, "周敏").is_err(), "split once");
        assert_eq!(store.merges_of(a).expect("merges").len(), 1);
    }

    #[test]
    fn an_erased_person_leaves_no_trace_but_the_counts() {
        let (mut store, ids) = store_with_leads(1);
        let id = ids[0];
        store
            .conn
            .execute_batch(&format!(
                "INSERT INTO campaign (id, name, channel, created_at) VALUES (1, 'c', 'offline_events', 'x');
                 INSERT INTO event (id, name, kind, status, starts_on, campaign_id, created_at)
                   VALUES (1, '峰会', 'summit', 'done', '2026-06-01', 1, 'x');
                 INSERT INTO import_batch (id, file_name, file_hash, file_size, event_id, list_kind, reconciles, mapping, imported_at)
                   VALUES (1, 'l.csv', 'h', 1, 1, 'registration', 0, '[]', 'x');
                 INSERT INTO import_rows VALUES (1, 2, '[[2, \"new\", {id}, \"\", [\"测试0\", \"13800000000\"]], [3, \"rejected\", null, \"bad\", [\"测试0\", \"13800000000 \"]], [4, \"new\", 99, \"\", [\"别人\", \"139\"]]]');
                 INSERT INTO attendance VALUES (1, {id}, 'attended');
                 INSERT INTO touch (person_id, event_id, batch_id, kind, channel, source, at) VALUES ({id}, 1, 1, 'registered', 'offline_events', 'l.csv', '2026-05-01');
                 INSERT INTO lead_change (person_id, at, kind, field, before, after) VALUES ({id}, 'x', 'edited', 'mobile', '', '13800000000');"
            ))
            .expect("data");
        assert_eq!(
            store.erase_person(id).expect("erase"),
            2,
            "its row and the refused one"
        );
        let rows: String = store
            .conn
            .query_row("SELECT rows FROM import_rows", [], |r| r.get(0))
            .expect("rows");
        assert!(
            !rows.contains("13800000000") && !rows.contains("测试0"),
            "{rows}"
        );
        assert!(rows.contains("别人"), "others' rows stay: {rows}");
        let f = fields(&store, id);
        assert_eq!((f.name.as_str(), f.mobile.as_str()), (ERASED_NAME, ""));
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM attendance WHERE event_id = 1 AND state = 'attended'"
            ),
            1,
            "the event keeps its count"
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM lead_change WHERE before LIKE '%138%' OR after LIKE '%138%'"
            ),
            0
        );
        let again = LeadFields {
            name: "测试0".into(),
            ..LeadFields::default()
        };
        assert!(
            matches!(
                store.edit_lead(id, &again, "x"),
                Err(StoreError::Erased { .. })
            ),
            "an erased person is not typed in again"
        );
        assert!(matches!(
            store.erase_person(id),
            Err(StoreError::Erased { .. })
        ));
    }
}
