//! One lead's page: its fields, the events it is linked to, its tags, and its history — where
//! it came from, every contact moment, every value a merge filled in or set aside.

use marketdesk_core::people::LeadFields;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::companies::CompanyCard;
use crate::error::{Result, SqlContext, StoreError};
use crate::person_fields::{fields_from_row, FIELD_COLUMNS, FIELD_COUNT};
use crate::tags::TagRow;
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadDetail {
    pub id: i64,
    pub fields: LeadFields,
    pub seniority: String,
    pub role: String,
    pub function: String,
    pub created_at: String,
    /// When the person's data was erased on request (个人信息保护法); the row is kept anonymous.
    pub erased_at: Option<String>,
    /// The company the lead works at, with its other leads.
    pub company: Option<CompanyCard>,
    pub events: Vec<LeadEvent>,
    pub tags: Vec<TagRow>,
    /// Newest first.
    pub history: Vec<HistoryEntry>,
    /// Other leads that give the same mobile or email (an assistant's phone, a team mailbox).
    pub shares: Vec<SharedWith>,
}

/// Another lead giving one of this lead's contact keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedWith {
    /// `mobile` or `email`.
    pub key: &'static str,
    pub person_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadEvent {
    pub event_id: i64,
    pub name: String,
    pub starts_on: String,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub at: String,
    /// `created`, `registered`, `checked_in`, `filled`, `conflict`, `tag_added`, `tag_removed`,
    /// `edited`.
    pub kind: String,
    /// The field code for changes, the tag for tag entries, "" otherwise.
    pub field: String,
    pub before: String,
    pub after: String,
    pub event: Option<String>,
    /// The file the entry came from, if it came from an import.
    pub source: Option<String>,
    pub batch_id: Option<i64>,
}

impl Store {
    pub fn lead_detail(&self, person_id: i64) -> Result<LeadDetail> {
        let head = self
            .conn
            .query_row(
                &format!(
                    "SELECT {FIELD_COLUMNS}, seniority, role, function, created_at,
                            created_batch, (SELECT file_name FROM import_batch WHERE id = created_batch),
                            erased_at
                     FROM person WHERE id = ?1"
                ),
                [person_id],
                |r| {
                    Ok((
                        fields_from_row(r, 0)?,
                        r.get::<_, String>(FIELD_COUNT)?,
                        r.get::<_, String>(FIELD_COUNT + 1)?,
                        r.get::<_, String>(FIELD_COUNT + 2)?,
                        r.get::<_, String>(FIELD_COUNT + 3)?,
                        r.get::<_, Option<i64>>(FIELD_COUNT + 4)?,
                        r.get::<_, Option<String>>(FIELD_COUNT + 5)?,
                        r.get::<_, Option<String>>(FIELD_COUNT + 6)?,
                    ))
                },
            )
            .optional()
            .context("reading a lead")?
            .ok_or(StoreError::NotFound {
                what: "lead",
                id: person_id,
            })?;
        let (fields, seniority, role, function, created_at, created_batch, created_from, erased_at) =
            head;
        let events = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.name, e.starts_on, a.state FROM attendance a JOIN event e ON e.id = a.event_id
                 WHERE a.person_id = ?1 ORDER BY e.starts_on DESC",
            )
            .context("reading a lead's events")?
            .query_map([person_id], |r| {
                Ok(LeadEvent {
                    event_id: r.get(0)?,
                    name: r.get(1)?,
                    starts_on: r.get(2)?,
                    state: r.get(3)?,
                })
            })
            .context("reading a lead's events")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading a lead's events")?;
        let mut history = self
            .conn
            .prepare_cached(
                "SELECT t.at, t.kind, '', '', '', e.name, nullif(t.source, ''), t.batch_id
                   FROM touch t LEFT JOIN event e ON e.id = t.event_id WHERE t.person_id = ?1
                 UNION ALL
                 SELECT c.at, c.kind, c.field, c.before, c.after, NULL, b.file_name, c.batch_id
                   FROM lead_change c LEFT JOIN import_batch b ON b.id = c.batch_id
                  WHERE c.person_id = ?1",
            )
            .context("reading a lead's history")?
            .query_map([person_id], |r| {
                Ok(HistoryEntry {
                    at: r.get(0)?,
                    kind: r.get(1)?,
                    field: r.get(2)?,
                    before: r.get(3)?,
                    after: r.get(4)?,
                    event: r.get(5)?,
                    source: r.get(6)?,
                    batch_id: r.get(7)?,
                })
            })
            .context("reading a lead's history")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading a lead's history")?;
        history.push(HistoryEntry {
            at: created_at.clone(),
            kind: "created".into(),
            field: String::new(),
            before: String::new(),
            after: String::new(),
            event: None,
            source: created_from,
            batch_id: created_batch,
        });
        history.sort_by(|a, b| b.at.cmp(&a.at));
        let shares = self.shared_contacts(person_id, &fields)?;
        Ok(LeadDetail {
            id: person_id,
            fields,
            seniority,
            role,
            function,
            created_at,
            erased_at,
            company: self.company_of(person_id)?,
            events,
            tags: self.person_tags(person_id)?,
            history,
            shares,
        })
    }

    /// The leads, other than `person_id`, that give its mobile or its email.
    fn shared_contacts(&self, person_id: i64, fields: &LeadFields) -> Result<Vec<SharedWith>> {
        let mut out = Vec::new();
        for (key, column, value) in [
            ("mobile", "mobile", fields.mobile.as_str()),
            ("email", "email", fields.email.as_str()),
        ] {
            if value.is_empty() {
                continue;
            }
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT id, name FROM person WHERE {column} = ?1 AND id <> ?2 ORDER BY id LIMIT 50"
                ))
                .context("reading who shares a number")?;
            let rows = stmt
                .query_map(rusqlite::params![value, person_id], |r| {
                    Ok(SharedWith {
                        key,
                        person_id: r.get(0)?,
                        name: r.get(1)?,
                    })
                })
                .context("reading who shares a number")?;
            for r in rows {
                out.push(r.context("reading who shares a number")?);
            }
        }
        Ok(out)
    }
}
