//! Writing an attendee list into the lead warehouse: one transaction per file, each row matched
//! to a stored person (mobile, then email, then name within a company), merged without
//! overwriting, linked to the event, and kept with its original cells.

use std::path::Path;

use marketdesk_core::people::{
    merge_fields, shares_a_contact, Attendee, ChangeKind, CheckInMark, Column, ContactKey,
    Identity, LeadField, LeadFields, MatchKeys, SharedContact,
};
use marketdesk_core::{Lang, ListEntry, ListKind};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Statement, Transaction};
use serde::Serialize;

use crate::bulk::{BulkInsert, BulkSql};
use crate::checkpoint::{AutoCheckpointPaused, BackgroundCheckpoint};
use crate::deferred_indexes::{DeferredIndexes, Table};
use crate::error::{Result, SqlContext, StoreError};
use crate::foreign_keys::ForeignKeysUnchecked;
use crate::lead_keys::{named_hash, stored_keys, Candidate, KeyHashes, KeyKind, LeadKeys};
use crate::page_cache::{PageCache, LARGE_IMPORT_ROWS};
use crate::person_fields::{derive, opt, Derived, PersonStatements};
use crate::row::read_code;
use crate::rows_fingerprint::{RowHash, RowsFingerprint};
use crate::Store;

/// The file an import reads, and how it was read.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    pub file_name: &'a str,
    pub file_hash: &'a str,
    pub file_size: u64,
    pub event_id: i64,
    pub list: ListKind,
    pub sheet: &'a str,
    /// 0-based index of the header row among the sheet's rows, if there is one.
    pub header_row: Option<u32>,
    pub encoding: Option<&'a str>,
    pub headers: &'a [String],
    pub mapping: &'a [Option<Column>],
    /// The language of the notes matching adds to a row (a shared number).
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub total: i64,
    /// Rows that became a new lead.
    pub new: i64,
    /// Rows that matched a lead stored before this file.
    pub merged: i64,
    /// Rows of a person already met earlier in the same file.
    pub repeated: i64,
    pub rejected: i64,
    /// Rows kept apart from a lead of another name that gives the same mobile or email
    /// (counted among new, merged or repeated).
    pub shared: i64,
    /// New leads nobody can reach: no mobile, other phone, email or WeChat (counted among new).
    pub no_contact: i64,
    /// Rows taken with a warning (a value left out, a shared number…), kept with the import.
    pub warned: i64,
}

/// An import as the store remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportBatch {
    pub id: i64,
    pub file_name: String,
    pub event_id: i64,
    pub event_name: String,
    pub list: ListKind,
    pub sheet: String,
    pub counts: ImportCounts,
    pub imported_at: String,
    pub undone_at: Option<String>,
}

/// What an import refused, and what it took with a warning, for the "download rejected rows"
/// file and for showing after the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRows {
    pub headers: Vec<String>,
    pub rows: Vec<RejectedRow>,
    /// Rows imported with a warning (a value left out, a shared number…); `reason` holds it.
    pub warned: Vec<RejectedRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// The row number in the user's file.
    pub row: i64,
    pub cells: Vec<String>,
    pub reason: String,
}

/// An attendee made ready to store by the thread that reads the file: its fields as stored and
/// what they imply (company key, seniority, function), so that the thread writing the import,
/// which is the slower one, only matches and writes.
#[derive(Debug, Clone)]
pub struct ReadyLead {
    fields: LeadFields,
    derived: Derived,
    keys: KeyHashes,
    /// What the row's 签到 cell said, if the list has such a column.
    check_in: Option<CheckInMark>,
    row_hash: RowHash,
}

impl ReadyLead {
    pub fn new(attendee: Attendee) -> ReadyLead {
        let check_in = attendee.check_in;
        let fields = LeadFields::from(attendee);
        let derived = derive(&fields);
        let keys = KeyHashes::of_fields(&fields, &derived.company_key);
        let row_hash = RowHash::of(&fields, check_in);
        ReadyLead {
            fields,
            derived,
            keys,
            check_in,
            row_hash,
        }
    }

    /// The keys the lead is matched by, as stored: `Attendee::match_keys` of the same row.
    fn match_keys(&self) -> MatchKeys<'_> {
        let f = &self.fields;
        stored_keys(&f.mobile, &f.email, &f.name, &self.derived.company_key)
    }
}

/// One row handed to [`ImportWriter::add_row`].
#[derive(Debug, Clone, Copy)]
pub enum RowInput<'a> {
    Clean {
        lead: &'a ReadyLead,
        /// When the person registered, ISO `2024-03-05` or `2024-03-05T14:30:00`, if known.
        registered_at: Option<&'a str>,
        /// The row's warnings as one sentence, or "".
        warnings: &'a str,
    },
    Rejected {
        reason: &'a str,
    },
}

/// What became of a row, and the note matching added to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedRow {
    pub outcome: RowOutcome,
    /// A warning from matching, in the import's language: the row gives a number or address a
    /// lead of another name gives, and was kept apart from it.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOutcome {
    New { person_id: i64 },
    Merged { person_id: i64 },
    Repeated { person_id: i64 },
    Rejected,
}

impl RowOutcome {
    fn code(self) -> &'static str {
        match self {
            RowOutcome::New { .. } => "new",
            RowOutcome::Merged { .. } => "merged",
            RowOutcome::Repeated { .. } => "repeated",
            RowOutcome::Rejected => "rejected",
        }
    }

    fn person_id(self) -> Option<i64> {
        match self {
            RowOutcome::New { person_id }
            | RowOutcome::Merged { person_id }
            | RowOutcome::Repeated { person_id } => Some(person_id),
            RowOutcome::Rejected => None,
        }
    }
}

/// An import in progress: one transaction. Rows go in through its [`ImportWriter`]; nothing
/// is visible to anyone else until [`Import::commit`], and dropping the import (an error, a
/// cancel) rolls everything back.
pub struct Import<'s> {
    // Dropped in this order: the transaction ends before foreign keys are checked again.
    tx: Transaction<'s>,
    _unchecked: ForeignKeysUnchecked<'s>,
    conn: &'s rusqlite::Connection,
    /// Where the WAL is copied after the commit; `None` for a store in memory.
    wal_copy: Option<(&'s Path, &'s mut BackgroundCheckpoint)>,
    batch_id: i64,
    event_id: i64,
    /// The budget channel and campaign the event's touches count under.
    channel: String,
    campaign_id: i64,
    event_date: String,
    list: ListKind,
    reconciles: bool,
    /// Whether a check-in list of the event had been imported before this one.
    checkin_known: bool,
    source: String,
    now: String,
    lang: Lang,
}

/// An import whose rows are all written: only [`ImportWriter::finish`] makes one.
#[derive(Debug)]
pub struct Finished {
    counts: ImportCounts,
    fingerprint: RowsFingerprint,
}

impl Finished {
    pub fn counts(&self) -> ImportCounts {
        self.counts
    }
}

/// Writes rows into an [`Import`] with statements prepared once for the whole file.
pub struct ImportWriter<'i> {
    import: &'i Import<'i>,
    people: PersonStatements<'i>,
    find: Statement<'i>,
    /// The lead of a name that gives a mobile (or an email) others give too.
    named_mobile: Statement<'i>,
    named_email: Statement<'i>,
    /// A candidate's stored keys, to confirm what [`LeadKeys`] found.
    stored_keys: Statement<'i>,
    /// Set once the match indexes are dropped: from then on leads are found through it.
    keys: Option<LeadKeys>,
    /// The page cache made smaller meanwhile, to leave room for `keys` (large imports only).
    bulk_cache: Option<PageCache<'i>>,
    original_rows: Statement<'i>,
    /// Original rows not yet written: (first row number, JSON entries).
    pending: Option<(u64, String)>,
    change: Statement<'i>,
    touches: BulkInsert<'i>,
    attendance: BulkInsert<'i>,
    /// Which kinds of touch each lead made by this import has had from it, indexed from its
    /// first new lead: ids of one transaction's new leads only grow.
    touched: Touched,
    deferred: DeferredIndexes,
    counts: ImportCounts,
    fingerprint: RowsFingerprint,
}

/// The contact moments an attendee list records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TouchKind {
    Registered,
    CheckedIn,
}

impl TouchKind {
    fn code(self) -> &'static str {
        match self {
            TouchKind::Registered => "registered",
            TouchKind::CheckedIn => "checked_in",
        }
    }

    /// The attendance this touch alone means once the import is committed; with a touch of the
    /// other kind it is `attended` (the upsert in `Import::writer`). With check-in known, someone
    /// seen only registering did not come: written so at once, the commit has no registrations
    /// of this import to turn into no-shows (a second at a million rows).
    fn attendance(self, checkin_known: bool) -> &'static str {
        match self {
            TouchKind::Registered if checkin_known => "no_show",
            TouchKind::Registered => "registered",
            TouchKind::CheckedIn => "walk_in",
        }
    }

    fn bit(self) -> u8 {
        match self {
            TouchKind::Registered => 1,
            TouchKind::CheckedIn => 2,
        }
    }
}

#[derive(Default)]
struct Touched {
    first_new: Option<i64>,
    kinds: Vec<u8>,
}

impl Touched {
    /// Records the touch; whether this new lead already had one of this kind.
    fn mark(&mut self, person_id: i64, kind: TouchKind) -> bool {
        let first = *self.first_new.get_or_insert(person_id);
        let Some(slot) = usize::try_from(person_id - first).ok() else {
            return false; // a lead stored before this import
        };
        if slot >= self.kinds.len() {
            self.kinds.resize(slot + 1, 0);
        }
        let bit = kind.bit();
        let seen = self.kinds[slot] & bit != 0;
        self.kinds[slot] |= bit;
        seen
    }
}

/// The page cache while leads are matched in memory, in KiB.
const BULK_CACHE_KIB: i64 = 16 * 1024;

/// What matching reads of a stored lead: its keys, and the import that made it.
struct StoredLead {
    id: i64,
    created_batch: Option<i64>,
    mobile: String,
    email: String,
    name: String,
    company_key: String,
    other_phones: String,
}

/// The columns of [`StoredLead`], in the order [`StoredLead::from_row`] reads them.
const STORED_LEAD: &str = "id, created_batch, coalesce(mobile, ''), coalesce(email, ''), name,
     company_key, other_phones";

impl StoredLead {
    fn from_row(r: &rusqlite::Row) -> rusqlite::Result<StoredLead> {
        Ok(StoredLead {
            id: r.get(0)?,
            created_batch: r.get(1)?,
            mobile: r.get(2)?,
            email: r.get(3)?,
            name: r.get(4)?,
            company_key: r.get(5)?,
            other_phones: r.get(6)?,
        })
    }

    fn keys(&self) -> MatchKeys<'_> {
        stored_keys(&self.mobile, &self.email, &self.name, &self.company_key)
    }

    fn identity(&self) -> Identity<'_> {
        Identity {
            name: &self.name,
            mobile: opt(&self.mobile),
            email: opt(&self.email),
            company_key: &self.company_key,
        }
    }

    /// The key of this lead that `keys` found it by, if a contact key.
    fn found_by(&self, keys: &MatchKeys) -> Option<ContactKey> {
        if keys.mobile.is_some_and(|m| m == self.mobile) {
            Some(ContactKey::Mobile)
        } else if keys.email.is_some_and(|e| e == self.email) {
            Some(ContactKey::Email)
        } else {
            None
        }
    }

    /// Whether a row with `keys`, which found this lead by name at its company, is someone
    /// else of that name ([`MatchKeys::namesake_of`]).
    fn namesake(&self, keys: &MatchKeys) -> bool {
        keys.namesake_of(&self.keys(), &self.other_phones)
    }
}

/// Original rows are written in chunks of about this many bytes of JSON.
const CHUNK_BYTES: usize = 256 * 1024;

const BATCH_COLUMNS: &str = "b.id, b.file_name, b.event_id, e.name, b.list_kind, b.sheet,
    b.rows_total, b.rows_new, b.rows_merged, b.rows_repeated, b.rows_rejected, b.imported_at, b.undone_at,
    b.rows_shared, b.rows_no_contact, b.rows_warned";

fn batch_from_row(r: &rusqlite::Row) -> rusqlite::Result<ImportBatch> {
    Ok(ImportBatch {
        id: r.get(0)?,
        file_name: r.get(1)?,
        event_id: r.get(2)?,
        event_name: r.get(3)?,
        list: read_code(r, 4, ListKind::from_code)?,
        sheet: r.get(5)?,
        counts: ImportCounts {
            total: r.get(6)?,
            new: r.get(7)?,
            merged: r.get(8)?,
            repeated: r.get(9)?,
            rejected: r.get(10)?,
            shared: r.get(13)?,
            no_contact: r.get(14)?,
            warned: r.get(15)?,
        },
        imported_at: r.get(11)?,
        undone_at: r.get(12)?,
    })
}

pub(crate) fn read_batch(conn: &rusqlite::Connection, batch_id: i64) -> Result<ImportBatch> {
    conn.query_row(
        &format!(
            "SELECT {BATCH_COLUMNS} FROM import_batch b JOIN event e ON e.id = b.event_id WHERE b.id = ?1"
        ),
        [batch_id],
        batch_from_row,
    )
    .optional()
    .context("reading an import")?
    .ok_or(StoreError::NotFound {
        what: "import",
        id: batch_id,
    })
}

impl Store {
    /// The standing import of this exact file into this list of this event, if any.
    pub fn live_import_of(
        &self,
        file_hash: &str,
        event_id: i64,
        list: ListKind,
    ) -> Result<Option<ImportBatch>> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {BATCH_COLUMNS} FROM import_batch b JOIN event e ON e.id = b.event_id
                     WHERE b.file_hash = ?1 AND b.event_id = ?2 AND b.list_kind = ?3 AND b.undone_at IS NULL"
                ),
                params![file_hash, event_id, list.code()],
                batch_from_row,
            )
            .optional()
            .context("looking for an earlier import")
    }

    /// Imports, most recent first.
    pub fn import_batches(&self) -> Result<Vec<ImportBatch>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {BATCH_COLUMNS} FROM import_batch b JOIN event e ON e.id = b.event_id
                 ORDER BY b.id DESC"
            ))
            .context("reading imports")?;
        let rows = stmt
            .query_map([], batch_from_row)
            .context("reading imports")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading imports")?;
        Ok(rows)
    }

    /// The column mapping remembered for an organiser: normalised header → field code.
    pub fn import_template(
        &self,
        organiser: &str,
    ) -> Result<Option<std::collections::HashMap<String, String>>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT mapping FROM import_template WHERE organiser = ?1",
                [organiser.trim()],
                |r| r.get(0),
            )
            .optional()
            .context("reading a column template")?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// The rows an import refused, in file order, with the file's header.
    pub fn rejected_rows(&self, batch_id: i64) -> Result<RejectedRows> {
        let headers: String = self
            .conn
            .query_row(
                "SELECT headers FROM import_batch WHERE id = ?1",
                [batch_id],
                |r| r.get(0),
            )
            .optional()
            .context("reading an import")?
            .ok_or(StoreError::NotFound {
                what: "import",
                id: batch_id,
            })?;
        let read = |rejected: bool| -> Result<Vec<RejectedRow>> {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT e.value ->> 0, e.value ->> 4, e.value ->> 3
                     FROM import_rows r, json_each(r.rows) e
                     WHERE r.batch_id = ?1 AND (e.value ->> 1 = 'rejected') = ?2
                       AND (?2 OR e.value ->> 3 <> '')
                     ORDER BY r.first_row, e.key",
                )
                .context("reading rejected rows")?;
            let rows = stmt
                .query_map(params![batch_id, rejected], |r| {
                    let cells: String = r.get(1)?;
                    Ok(RejectedRow {
                        row: r.get(0)?,
                        cells: serde_json::from_str(&cells).unwrap_or_default(),
                        reason: r.get(2)?,
                    })
                })
                .context("reading rejected rows")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context("reading rejected rows");
            rows
        };
        Ok(RejectedRows {
            headers: serde_json::from_str(&headers).unwrap_or_default(),
            rows: read(true)?,
            warned: read(false)?,
        })
    }

    /// The event's organiser, for the column template.
    pub fn event_organiser(&self, event_id: i64) -> Result<String> {
        self.conn
            .query_row(
                "SELECT coalesce(o.name, '') FROM event e LEFT JOIN organiser o ON o.id = e.organiser_id
                  WHERE e.id = ?1",
                [event_id],
                |r| r.get(0),
            )
            .optional()
            .context("reading the event")?
            .ok_or(StoreError::NotFound {
                what: "event",
                id: event_id,
            })
    }

    /// Starts an import. Refuses a file already imported into the same list of the same event.
    pub fn begin_import(&mut self, new: &NewImport) -> Result<Import<'_>> {
        if let Some(done) = self.live_import_of(new.file_hash, new.event_id, new.list)? {
            return Err(StoreError::AlreadyImported {
                batch_id: done.id,
                file_name: done.file_name,
                imported_at: done.imported_at,
            });
        }
        let now = crate::open::now_iso();
        let conn = &self.conn;
        let wal_copy = self.path.as_deref().map(|p| (p, &mut self.checkpoint));
        let unchecked = ForeignKeysUnchecked::new(conn, "starting an import")?;
        let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
            .context("starting an import")?;
        let (channel, campaign_id, event_date, checkin_known): (String, i64, String, bool) = tx
            .query_row(
                "SELECT c.channel, c.id, e.starts_on, e.checkin_known
                   FROM event e JOIN campaign c ON c.id = e.campaign_id WHERE e.id = ?1",
                [new.event_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .context("reading the event")?
            .ok_or(StoreError::NotFound {
                what: "event",
                id: new.event_id,
            })?;
        let reconciles =
            new.list == ListKind::CheckIn || new.mapping.contains(&Some(Column::CheckIn));
        let mapping: Vec<Option<&str>> = new.mapping.iter().map(|c| c.map(Column::code)).collect();
        tx.execute(
            "INSERT INTO import_batch (file_name, file_hash, file_size, event_id, list_kind, reconciles,
                                       sheet, header_row, encoding, mapping, headers,
                                       checkin_known_before, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                new.file_name,
                new.file_hash,
                new.file_size as i64,
                new.event_id,
                new.list.code(),
                reconciles,
                new.sheet,
                new.header_row,
                new.encoding,
                json(&mapping),
                json(&new.headers),
                checkin_known,
                now,
            ],
        )
        .context("recording the import")?;
        let batch_id = tx.last_insert_rowid();
        Ok(Import {
            tx,
            _unchecked: unchecked,
            conn,
            wal_copy,
            batch_id,
            event_id: new.event_id,
            channel,
            campaign_id,
            event_date,
            list: new.list,
            reconciles,
            checkin_known,
            source: new.file_name.to_string(),
            now,
            lang: new.lang,
        })
    }
}

/// Lets SQLite's query planner see how big the lead tables are now. Without statistics it
/// guesses, and at a million leads a wrong guess (sorting every lead of a filter instead of
/// walking an index in order) costs a hundred times more. Sampled (`analysis_limit`), so it
/// takes milliseconds whatever the size.
pub(crate) fn refresh_statistics(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA analysis_limit = 400;
         ANALYZE person; ANALYZE attendance; ANALYZE person_tag; ANALYZE touch;",
    )
    .context("updating query statistics")
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

impl<'s> Import<'s> {
    pub fn batch_id(&self) -> i64 {
        self.batch_id
    }

    /// The writer for this import's rows.
    pub fn writer(&self) -> Result<ImportWriter<'_>> {
        let tx: &rusqlite::Connection = &self.tx;
        let prepare = |sql: &str, context: &'static str| tx.prepare(sql).context(context);
        Ok(ImportWriter {
            import: self,
            people: PersonStatements::new(tx)?,
            // One statement for the three keys: coalesce() stops at the first that matches, and
            // a new lead (most rows) costs one statement rather than three.
            find: prepare(
                &format!("SELECT {STORED_LEAD} FROM person WHERE id = coalesce(
                     (SELECT id FROM person WHERE mobile = ?1 ORDER BY id LIMIT 1),
                     (SELECT id FROM person WHERE email = ?2 ORDER BY id LIMIT 1),
                     (SELECT id FROM person WHERE name = ?3 AND company_key = ?4 ORDER BY id LIMIT 1))"),
                "matching a lead",
            )?,
            named_mobile: prepare(
                &format!("SELECT {STORED_LEAD} FROM person WHERE mobile = ?1 AND name = ?2 ORDER BY id LIMIT 1"),
                "matching a lead",
            )?,
            named_email: prepare(
                &format!("SELECT {STORED_LEAD} FROM person WHERE email = ?1 AND name = ?2 ORDER BY id LIMIT 1"),
                "matching a lead",
            )?,
            stored_keys: prepare(
                &format!("SELECT {STORED_LEAD} FROM person WHERE id = ?1"),
                "matching a lead",
            )?,
            keys: None,
            bulk_cache: None,
            original_rows: prepare(
                "INSERT INTO import_rows (batch_id, first_row, rows) VALUES (?1, ?2, ?3)",
                "keeping the original rows",
            )?,
            pending: None,
            change: prepare(
                "INSERT INTO lead_change (person_id, batch_id, at, kind, field, before, after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                "recording a merge",
            )?,
            touches: BulkInsert::new(
                tx,
                BulkSql {
                    head: "INSERT INTO touch (person_id, event_id, batch_id, kind, channel, campaign_id, source, at) VALUES",
                    row: "(#, ?1, ?2, #, ?3, ?4, ?5, #)",
                    tail: "",
                    context: "recording a touch",
                },
                vec![
                    Value::Integer(self.event_id),
                    Value::Integer(self.batch_id),
                    Value::Text(self.channel.clone()),
                    Value::Integer(self.campaign_id),
                    Value::Text(self.source.clone()),
                ],
                3,
            ),
            // Registering after walking in, or coming after registering, is attending.
            attendance: BulkInsert::new(
                tx,
                BulkSql {
                    head: "INSERT INTO attendance (event_id, person_id, state) VALUES",
                    row: "(?1, #, #)",
                    // A registration arrives as `no_show` once check-in is known.
                    tail: "ON CONFLICT (event_id, person_id) DO UPDATE SET state = CASE
                               WHEN excluded.state <> 'walk_in' AND state = 'walk_in' THEN 'attended'
                               WHEN excluded.state = 'walk_in' AND (state = 'registered' OR state = 'no_show')
                                   THEN 'attended'
                               WHEN excluded.state = 'no_show' AND state = 'registered' THEN 'no_show'
                               ELSE state END",
                    context: "updating attendance",
                },
                vec![Value::Integer(self.event_id)],
                2,
            ),
            touched: Touched::default(),
            deferred: DeferredIndexes::new(tx)?,
            counts: ImportCounts::default(),
            fingerprint: RowsFingerprint::default(),
        })
    }
}

impl ImportWriter<'_> {
    /// Rows taken so far, for progress. The counts of what they became come from
    /// [`ImportWriter::finish`], which writes what is still buffered: an import cannot be
    /// committed without it.
    pub fn rows_taken(&self) -> u64 {
        self.counts.total as u64
    }

    /// Stores one row: `row_no` is the row number the user sees, `cells_json` the row's cells
    /// as a JSON array of strings.
    pub fn add_row(&mut self, row_no: u64, cells_json: &str, input: RowInput) -> Result<AddedRow> {
        let (outcome, shared, warnings) = match input {
            RowInput::Rejected { reason } => (RowOutcome::Rejected, None, reason),
            RowInput::Clean {
                lead,
                registered_at,
                warnings,
            } => {
                let (outcome, shared) = self.merge_person(lead, registered_at)?;
                self.fingerprint.add(lead.row_hash);
                if matches!(outcome, RowOutcome::New { .. }) && !lead.fields.has_contact() {
                    self.counts.no_contact += 1;
                }
                (outcome, shared, warnings)
            }
        };
        let note = shared.map(|s| s.message(self.import.lang));
        let reason = match &note {
            Some(note) if warnings.is_empty() => std::borrow::Cow::Borrowed(note.as_str()),
            Some(note) => std::borrow::Cow::Owned(format!("{warnings} {note}")),
            None => std::borrow::Cow::Borrowed(warnings),
        };
        self.keep_original(row_no, outcome, &reason, cells_json)?;
        if note.is_some() {
            self.counts.shared += 1;
        }
        if outcome != RowOutcome::Rejected && !reason.is_empty() {
            self.counts.warned += 1;
        }
        self.counts.total += 1;
        self.deferred
            .after_rows(&self.import.tx, self.counts.total as u64)?;
        if self.keys.is_none() && self.deferred.is_deferred(Table::Person) {
            self.keys = Some(LeadKeys::load(&self.import.tx)?);
        }
        if self.bulk_cache.is_none()
            && self.keys.is_some()
            && self.rows_taken() >= LARGE_IMPORT_ROWS
        {
            // Without indexes to keep up the import only appends pages, which needs little
            // cache; a million leads' keys take 48 MB (72 MB while their table doubles).
            self.bulk_cache = Some(PageCache::resize(&self.import.tx, BULK_CACHE_KIB)?);
        }
        match outcome {
            RowOutcome::New { .. } => self.counts.new += 1,
            RowOutcome::Merged { .. } => self.counts.merged += 1,
            RowOutcome::Repeated { .. } => self.counts.repeated += 1,
            RowOutcome::Rejected => self.counts.rejected += 1,
        }
        Ok(AddedRow { outcome, note })
    }

    /// Adds the row to the chunk of original rows, writing the chunk when it is full.
    fn keep_original(
        &mut self,
        row_no: u64,
        outcome: RowOutcome,
        reason: &str,
        cells_json: &str,
    ) -> Result<()> {
        let (_, chunk) = self
            .pending
            .get_or_insert_with(|| (row_no, String::with_capacity(64 * 1024)));
        use std::fmt::Write;
        chunk.push(if chunk.is_empty() { '[' } else { ',' });
        // Written in place: a `format!` per row showed in the writing thread's profile.
        let _ = write!(chunk, "[{row_no},\"{}\",", outcome.code());
        match outcome.person_id() {
            Some(id) => {
                let _ = write!(chunk, "{id}");
            }
            None => chunk.push_str("null"),
        }
        chunk.push(',');
        if reason.is_empty() {
            chunk.push_str("\"\"");
        } else {
            chunk.push_str(&json(&reason));
        }
        chunk.push(',');
        chunk.push_str(cells_json);
        chunk.push(']');
        if chunk.len() >= CHUNK_BYTES {
            self.flush_originals()?;
        }
        Ok(())
    }

    fn flush_originals(&mut self) -> Result<()> {
        if let Some((first, mut chunk)) = self.pending.take() {
            chunk.push(']');
            self.original_rows
                .execute(params![self.import.batch_id, first as i64, chunk])
                .context("keeping the original rows")?;
        }
        Ok(())
    }

    /// Writes what is still buffered and rebuilds the indexes set aside: the import is then
    /// whole, ready for [`Import::commit`].
    pub fn finish(self) -> Result<Finished> {
        self.finish_unless(&|| false)
    }

    /// [`ImportWriter::finish`], given up with [`StoreError::Stopped`] (or the error of the
    /// statement interrupted) as soon as `stop` returns true; the import is then only fit to
    /// be dropped, which rolls it back.
    pub fn finish_unless(mut self, stop: &(dyn Fn() -> bool + Sync)) -> Result<Finished> {
        // No lead is matched any more; the rebuild below needs the memory.
        self.keys = None;
        self.flush_originals()?;
        self.touches.flush()?;
        self.attendance.flush()?;
        self.deferred.rebuild(&self.import.tx, stop)?;
        Ok(Finished {
            counts: self.counts,
            fingerprint: self.fingerprint,
        })
    }

    /// The live import of the same event and list whose accepted rows are the ones written so
    /// far (a re-saved copy of a list already imported), if there is one.
    pub fn same_rows_imported(&self) -> Result<Option<ImportBatch>> {
        self.import.same_rows_imported(self.fingerprint)
    }

    /// The counts of a preview, whose import is rolled back: nothing buffered is written and no
    /// index is rebuilt (a tenth of a large import's time). What it returns cannot be committed.
    pub fn discard(self) -> ImportCounts {
        self.counts
    }

    fn merge_person(
        &mut self,
        lead: &ReadyLead,
        registered_at: Option<&str>,
    ) -> Result<(RowOutcome, Option<SharedContact>)> {
        let import = self.import;
        let (found, shared) = self.find_person(lead)?;
        let outcome = match found {
            None => {
                let person_id = self.people.insert(
                    &lead.fields,
                    &lead.derived,
                    Some(import.batch_id),
                    &import.now,
                )?;
                if let Some(keys) = &mut self.keys {
                    keys.add(person_id, lead.keys);
                    if let Some(s) = &shared {
                        keys.add_named_holder(
                            person_id,
                            named_hash(s.key, &s.value, &lead.fields.name),
                        );
                    }
                }
                RowOutcome::New { person_id }
            }
            Some((person_id, created_batch)) => {
                self.merge_into(person_id, &lead.fields)?;
                if created_batch == Some(import.batch_id) {
                    RowOutcome::Repeated { person_id }
                } else {
                    RowOutcome::Merged { person_id }
                }
            }
        };
        let person_id = outcome.person_id().unwrap_or_default();
        let at = registered_at.unwrap_or(&import.event_date);
        let ListEntry { registered, came } = import.list.entry(lead.check_in);
        let new_here = matches!(
            outcome,
            RowOutcome::New { .. } | RowOutcome::Repeated { .. }
        );
        if registered {
            self.touch(person_id, TouchKind::Registered, at, new_here)?;
        }
        if came {
            self.touch(
                person_id,
                TouchKind::CheckedIn,
                &import.event_date,
                new_here,
            )?;
        }
        Ok((outcome, shared))
    }

    /// The stored person this attendee is: same mobile, else same email, else same name at the
    /// same company unless the mobile or the email says it is a namesake
    /// ([`MatchKeys::namesake_of`]). A lead found by a mobile or email whose name is another's,
    /// with nothing else agreeing, is someone else who gives the same number
    /// ([`shares_a_contact`]): the row is the lead of its own name that gives that number too,
    /// or it is matched by its other keys without it, or it is a new lead; the shared number
    /// comes back with it. Returns the id and the import that created the person.
    #[allow(clippy::type_complexity)]
    fn find_person(
        &mut self,
        lead: &ReadyLead,
    ) -> Result<(Option<(i64, Option<i64>)>, Option<SharedContact>)> {
        let mut keys = lead.match_keys();
        let mut hashes = lead.keys;
        let mut shared = None;
        let row = Identity {
            name: &lead.fields.name,
            mobile: keys.mobile,
            email: keys.email,
            company_key: &lead.derived.company_key,
        };
        // At most one round per contact key: each round drops the key it found a stranger by.
        loop {
            if keys.is_empty() {
                return Ok((None, shared));
            }
            let Some(found) = self.find_by(&keys, &hashes)? else {
                return Ok((None, shared));
            };
            let Some(by) = found.found_by(&keys) else {
                return Ok((Some((found.id, found.created_batch)), shared));
            };
            if !shares_a_contact(row, found.identity(), &found.other_phones, by) {
                return Ok((Some((found.id, found.created_batch)), shared));
            }
            let value = match by {
                ContactKey::Mobile => keys.mobile.take(),
                ContactKey::Email => keys.email.take(),
            }
            .unwrap_or_default();
            if let Some(holder) = self.holder_named(by, value, row.name)? {
                // Someone already kept apart on this number: the row is theirs.
                return Ok((Some((holder.id, holder.created_batch)), None));
            }
            shared.get_or_insert_with(|| SharedContact {
                key: by,
                value: value.to_string(),
                holder: found.name.clone(),
            });
            hashes = KeyHashes::of(&keys);
        }
    }

    /// The lead named `name` that gives `value` as its mobile (or email), which a lead of
    /// another name gave first.
    fn holder_named(
        &mut self,
        by: ContactKey,
        value: &str,
        name: &str,
    ) -> Result<Option<StoredLead>> {
        if name.is_empty() {
            return Ok(None);
        }
        let is_it = |s: &StoredLead| {
            s.name == name
                && match by {
                    ContactKey::Mobile => s.mobile == value,
                    ContactKey::Email => s.email == value,
                }
        };
        if let Some(known) = &self.keys {
            match known.named_holder(named_hash(by, value, name)) {
                Ok(None) => return Ok(None),
                Ok(Some(id)) => {
                    let stored = self
                        .stored_keys
                        .query_row([id], StoredLead::from_row)
                        .context("matching a lead")?;
                    if is_it(&stored) {
                        return Ok(Some(stored));
                    }
                }
                Err(()) => {}
            }
        }
        let stmt = match by {
            ContactKey::Mobile => &mut self.named_mobile,
            ContactKey::Email => &mut self.named_email,
        };
        stmt.query_row(params![value, name], StoredLead::from_row)
            .optional()
            .context("matching a lead")
    }

    /// The stored lead `keys` (hashed: `hashes`) find, by the rule of [`Self::find_person`]
    /// before a shared phone is considered.
    fn find_by(&mut self, keys: &MatchKeys, hashes: &KeyHashes) -> Result<Option<StoredLead>> {
        let candidate = self
            .keys
            .as_ref()
            .map_or(Candidate::Unknown, |known| known.candidate(hashes));
        match candidate {
            Candidate::None => return Ok(None),
            Candidate::Lead { id, by } => {
                let stored = self
                    .stored_keys
                    .query_row([id], StoredLead::from_row)
                    .context("matching a lead")?;
                let held = stored.keys();
                let same = match by {
                    KeyKind::Mobile => keys.mobile == held.mobile,
                    KeyKind::Email => keys.email == held.email,
                    KeyKind::NameAtCompany => keys.name_at_company == held.name_at_company,
                };
                if same {
                    // Found by name, nobody has the row's mobile or email (their hashes are
                    // nobody's): a namesake is a new person.
                    let namesake = by == KeyKind::NameAtCompany && stored.namesake(keys);
                    return Ok((!namesake).then_some(stored));
                }
                // Two keys with one hash: only SQLite can tell, by reading every lead.
                tracing::warn!(id, "lead key hashes collided; matching by a table scan");
            }
            // Not matching in memory (yet), or the table cannot tell.
            Candidate::Unknown => {}
        }
        let (name, company) = keys.name_at_company.unzip();
        let found = self
            .find
            .query_row(
                params![keys.mobile, keys.email, name, company],
                StoredLead::from_row,
            )
            .optional()
            .context("matching a lead")?;
        Ok(found.filter(|stored| {
            let by_contact = keys.mobile.is_some_and(|m| m == stored.mobile)
                || keys.email.is_some_and(|e| e == stored.email);
            by_contact || !stored.namesake(keys)
        }))
    }

    /// Fills the stored person's blanks from `incoming` and records every difference.
    fn merge_into(&mut self, person_id: i64, incoming: &LeadFields) -> Result<()> {
        let import = self.import;
        let Some(mut stored) = self.people.read(person_id)? else {
            return Err(StoreError::NotFound {
                what: "lead",
                id: person_id,
            });
        };
        let mut changes = merge_fields(&stored, incoming);
        for c in &mut changes {
            let key = matches!(c.field, LeadField::Mobile | LeadField::Email);
            if key && c.kind == ChangeKind::Filled && self.key_holder(c.field, &c.after)?.is_some()
            {
                // Another lead's mobile or email: filling it in would give two leads one key.
                c.kind = ChangeKind::Conflict;
            }
        }
        let mut filled = false;
        for c in &changes {
            self.change
                .execute(params![
                    person_id,
                    import.batch_id,
                    import.now,
                    c.kind.code(),
                    c.field.code(),
                    c.before,
                    c.after
                ])
                .context("recording a merge")?;
            if c.kind == ChangeKind::Filled {
                stored.set(c.field, c.after.clone());
                filled = true;
            }
        }
        if filled {
            let company_key = self.people.write(person_id, &stored, &import.now)?;
            if let Some(keys) = &mut self.keys {
                keys.add(person_id, KeyHashes::of_fields(&stored, &company_key));
            }
        }
        Ok(())
    }

    /// The stored lead whose mobile (or email) is `value`, if any: matched by that key alone,
    /// as [`Self::find_by`] matches any row (the key table, else the column's index).
    fn key_holder(&mut self, field: LeadField, value: &str) -> Result<Option<i64>> {
        let is_mobile = field == LeadField::Mobile;
        let only = MatchKeys {
            mobile: is_mobile.then_some(value),
            email: (!is_mobile).then_some(value),
            name_at_company: None,
        };
        Ok(self.find_by(&only, &KeyHashes::of(&only))?.map(|s| s.id))
    }

    /// Records a contact moment at the event and moves the person's attendance along with it.
    /// A person this file made (`new_here`) is touched once per kind however often it repeats.
    fn touch(&mut self, person_id: i64, kind: TouchKind, at: &str, new_here: bool) -> Result<()> {
        if new_here && self.touched.mark(person_id, kind) {
            return Ok(());
        }
        self.touches.push([
            Value::Integer(person_id),
            Value::Text(kind.code().to_string()),
            Value::Text(at.to_string()),
        ])?;
        self.attendance.push([
            Value::Integer(person_id),
            Value::Text(
                kind.attendance(self.import.checkin_known_after())
                    .to_string(),
            ),
        ])
    }
}

impl Import<'_> {
    /// Another live import into this event's list with these accepted rows.
    fn same_rows_imported(&self, rows: RowsFingerprint) -> Result<Option<ImportBatch>> {
        let fingerprint = rows.to_text();
        if fingerprint.is_empty() {
            return Ok(None);
        }
        self.tx
            .query_row(
                &format!(
                    "SELECT {BATCH_COLUMNS} FROM import_batch b JOIN event e ON e.id = b.event_id
                     WHERE b.event_id = ?1 AND b.list_kind = ?2 AND b.rows_fingerprint = ?3
                       AND b.rows_fingerprint <> '' AND b.undone_at IS NULL AND b.id <> ?4"
                ),
                params![self.event_id, self.list.code(), fingerprint, self.batch_id],
                batch_from_row,
            )
            .optional()
            .context("looking for an earlier import")
    }

    /// Whether, once committed, the event's attendance says who came.
    fn checkin_known_after(&self) -> bool {
        self.reconciles || self.checkin_known
    }

    /// Remembers `mapping` (normalised header → column code) for the event's organiser, with
    /// the import: a later list from the same organiser opens mapped. Saved in the import's
    /// transaction, so that nothing writes between the import's commit and the copy of its WAL
    /// (see checkpoint.rs). A template that cannot be saved leaves the import as it is: SQLite
    /// undoes the failed statement alone.
    pub fn remember_template(
        &self,
        mapping: &std::collections::HashMap<String, String>,
    ) -> Result<()> {
        if mapping.is_empty() {
            return Ok(());
        }
        self.tx
            .execute(
                "INSERT INTO import_template (organiser, mapping, updated_at)
                 SELECT o.name, ?2, ?3 FROM event e JOIN organiser o ON o.id = e.organiser_id WHERE e.id = ?1
                 ON CONFLICT (organiser) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
                params![self.event_id, json(mapping), self.now],
            )
            .context("saving a column template")?;
        Ok(())
    }

    /// Reconciles the event's attendance, records the counts and makes the import visible.
    /// Refused, with nothing stored, when no row of the list was taken.
    pub fn commit(self, finished: Finished) -> Result<ImportBatch> {
        let c = finished.counts;
        if let Some(done) = self.same_rows_imported(finished.fingerprint)? {
            return Err(StoreError::AlreadyImported {
                batch_id: done.id,
                file_name: done.file_name,
                imported_at: done.imported_at,
            });
        }
        if c.new + c.merged + c.repeated == 0 {
            return Err(StoreError::NoUsableRows {
                file_name: self.source.clone(),
                rows: c.total,
                rejected: c.rejected,
            });
        }
        if self.reconciles {
            self.tx
                .execute(
                    "UPDATE event SET checkin_known = 1 WHERE id = ?1",
                    [self.event_id],
                )
                .context("reconciling attendance")?;
        }
        // Registrations of earlier lists, from before check-in was known. This import's own
        // arrived as no-shows already (TouchKind::attendance).
        if self.checkin_known_after() {
            self.tx
                .execute(
                    "UPDATE attendance SET state = 'no_show'
                     WHERE event_id = ?1 AND state = 'registered'",
                    [self.event_id],
                )
                .context("reconciling attendance")?;
        }
        self.tx
            .execute(
                "UPDATE import_batch SET rows_total = ?2, rows_new = ?3, rows_merged = ?4,
                        rows_repeated = ?5, rows_rejected = ?6, rows_shared = ?7, rows_no_contact = ?8,
                        rows_warned = ?9, rows_fingerprint = ?10
                 WHERE id = ?1",
                params![
                    self.batch_id,
                    c.total,
                    c.new,
                    c.merged,
                    c.repeated,
                    c.rejected,
                    c.shared,
                    c.no_contact,
                    c.warned,
                    finished.fingerprint.to_text()
                ],
            )
            .context("recording the import")?;
        let batch = read_batch(&self.tx, self.batch_id)?;
        refresh_statistics(&self.tx)?;
        let paused = AutoCheckpointPaused::new(self.conn)?;
        self.tx.commit().context("committing the import")?;
        drop(paused);
        if let Some((path, background)) = self.wal_copy {
            background.start(path);
        }
        Ok(batch)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::NewEvent;
    use marketdesk_core::people::{clean_row, Column};
    use marketdesk_core::{EventKind, Money};

    pub(crate) const MAPPING: [Option<Column>; 5] = [
        Some(Column::Name),
        Some(Column::Phone),
        Some(Column::Email),
        Some(Column::Company),
        Some(Column::Title),
    ];

    pub(crate) fn event(store: &mut Store, name: &str) -> i64 {
        store
            .create_event(&NewEvent {
                organiser: "金融科技协会".into(),
                city: "深圳".into(),
                cost: Money::from_yuan(100_000),
                target_attendance: 300,
                ..NewEvent::listed(
                    name,
                    EventKind::Summit,
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
                    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
                )
            })
            .expect("event")
    }

    /// Starts an import of a test file into `store`, one row of headers read from it.
    pub(crate) fn begin<'s>(
        store: &'s mut Store,
        event_id: i64,
        list: ListKind,
        hash: &str,
        mapping: &[Option<Column>],
    ) -> Result<Import<'s>> {
        let headers: Vec<String> = mapping.iter().map(|_| String::new()).collect();
        store.begin_import(&NewImport {
            file_name: "名单.xlsx",
            file_hash: hash,
            file_size: 1,
            event_id,
            list,
            sheet: "Sheet1",
            header_row: Some(0),
            encoding: None,
            headers: &headers,
            mapping,
            lang: marketdesk_core::Lang::ZhCn,
        })
    }

    /// Cleans `cells` as an import does and hands the row to the writer.
    pub(crate) fn add(
        w: &mut ImportWriter<'_>,
        row_no: u64,
        cells: &[&str],
        mapping: &[Option<Column>],
    ) -> Result<RowOutcome> {
        let json = serde_json::to_string(cells).expect("json");
        match clean_row(cells, mapping) {
            Ok(clean) => w
                .add_row(
                    row_no,
                    &json,
                    RowInput::Clean {
                        lead: &ReadyLead::new(clean.attendee),
                        registered_at: None,
                        warnings: "",
                    },
                )
                .map(|added| added.outcome),
            Err(rejection) => w
                .add_row(
                    row_no,
                    &json,
                    RowInput::Rejected {
                        reason: &rejection.message(marketdesk_core::Lang::ZhCn),
                    },
                )
                .map(|added| added.outcome),
        }
    }

    /// Imports `rows` (cells in MAPPING order, or with a check-in column when `mapping` says so).
    pub(crate) fn import(
        store: &mut Store,
        event_id: i64,
        list: ListKind,
        hash: &str,
        mapping: &[Option<Column>],
        rows: &[&[&str]],
    ) -> Result<ImportBatch> {
        let import = begin(store, event_id, list, hash, mapping)?;
        let mut w = import.writer()?;
        for (i, cells) in rows.iter().enumerate() {
            add(&mut w, i as u64 + 2, cells, mapping)?;
        }
        let finished = w.finish()?;
        import.commit(finished)
    }

    /// [`import`] of rows held as owned strings (cells in MAPPING order) into a registration
    /// list.
    pub(crate) fn import_owned<R: AsRef<[String]>>(
        store: &mut Store,
        event_id: i64,
        hash: &str,
        rows: &[R],
    ) -> ImportBatch {
        let cells: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.as_ref().iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
        import(
            store,
            event_id,
            ListKind::Registration,
            hash,
            &MAPPING,
            &refs,
        )
        .expect("import")
    }

    /// (name, mobile, email, company, title) of every lead, oldest first.
    type Person = (String, Option<String>, Option<String>, String, String);

    fn people(store: &Store) -> Vec<Person> {
        let mut stmt = store
            .conn
            .prepare("SELECT name, mobile, email, company, title FROM person ORDER BY id")
            .expect("query");
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("rows")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("rows")
    }

    fn states(store: &Store, event_id: i64) -> Vec<(String, String)> {
        let mut stmt = store
            .conn
            .prepare(
                "SELECT p.name, a.state FROM attendance a JOIN person p ON p.id = a.person_id
                 WHERE a.event_id = ?1 ORDER BY p.name",
            )
            .expect("query");
        stmt.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
    }

    #[test]
    fn one_lead_per_person_across_format_variations() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "金融科技峰会");
        let batch = import(
            &mut store,
            ev,
            ListKind::Registration,
            "h1",
            &MAPPING,
            &[
                &["张三", "138 1234 5678", "", "招商银行股份有限公司", "总监"],
                &[
                    "张 三",
                    "+86-13812345678",
                    "ZS@cmbchina.com",
                    "招商银行",
                    "",
                ],
                &[
                    "李四",
                    "",
                    "lisi@pingan.com",
                    "平安科技（深圳）有限公司",
                    "经理",
                ],
                &["李四", "", "LiSi@PingAn.com ", "", ""],
                &["王五", "", "", "华为技术有限公司", ""],
                &["王五", "", "", "华为技术", "工程师"],
                &["", "1.38E+10", "", "", ""],
                &["", "", "", "", ""],
            ],
        )
        .expect("import");
        assert_eq!(
            (
                batch.counts.total,
                batch.counts.new,
                batch.counts.repeated,
                batch.counts.rejected
            ),
            (8, 3, 3, 2),
            "three people, three repeats, two rejected: {:?}",
            batch.counts
        );
        let stored = people(&store);
        assert_eq!(stored.len(), 3, "one lead per person: {stored:?}");
        assert_eq!(
            stored[0].2.as_deref(),
            Some("zs@cmbchina.com"),
            "the repeat filled the blank email"
        );
        assert_eq!(
            stored[0].3, "招商银行股份有限公司",
            "the first company spelling stays"
        );
        assert_eq!(stored[2].4, "工程师", "the repeat filled the blank title");
    }

    #[test]
    fn merging_never_overwrites_and_keeps_the_conflict() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "h1",
            &MAPPING,
            &[&["张三", "13812345678", "", "招商银行", "经理"]],
        )
        .expect("first");
        let ev2 = event(&mut store, "沙龙");
        let b2 = import(
            &mut store,
            ev2,
            ListKind::Registration,
            "h2",
            &MAPPING,
            &[&["张三", "13812345678", "zs@pingan.com", "平安银行", "总监"]],
        )
        .expect("second");
        assert_eq!(b2.counts.merged, 1, "matched the stored lead by mobile");
        let stored = people(&store);
        assert_eq!(stored.len(), 1);
        assert_eq!(
            (stored[0].3.as_str(), stored[0].4.as_str()),
            ("招商银行", "经理"),
            "not overwritten"
        );
        assert_eq!(
            stored[0].2.as_deref(),
            Some("zs@pingan.com"),
            "blank filled"
        );
        let conflicts: Vec<(String, String, String)> = store
            .conn
            .prepare(
                "SELECT field, before, after FROM lead_change WHERE kind = 'conflict' ORDER BY id",
            )
            .expect("q")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(
            conflicts,
            [
                (
                    "company".to_string(),
                    "招商银行".to_string(),
                    "平安银行".to_string()
                ),
                ("title".to_string(), "经理".to_string(), "总监".to_string())
            ],
            "both differing values are on record"
        );
    }

    #[test]
    fn registration_and_check_in_lists_reconcile() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &MAPPING,
            &[
                &["甲", "13800000001", "", "", ""],
                &["乙", "13800000002", "", "", ""],
            ],
        )
        .expect("registration");
        assert_eq!(
            states(&store, ev),
            [
                ("乙".into(), "registered".into()),
                ("甲".into(), "registered".into())
            ]
        );
        import(
            &mut store,
            ev,
            ListKind::CheckIn,
            "chk",
            &MAPPING,
            &[
                &["甲", "13800000001", "", "", ""],
                &["丙", "13800000003", "", "", ""],
            ],
        )
        .expect("check-in");
        assert_eq!(
            states(&store, ev),
            [
                ("丙".into(), "walk_in".into()),
                ("乙".into(), "no_show".into()),
                ("甲".into(), "attended".into())
            ],
            "registered+came, registered only, came only"
        );
    }

    #[test]
    fn a_check_in_list_with_a_column_counts_only_the_ticked_as_present() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let mapping = [
            Some(Column::Name),
            Some(Column::Phone),
            Some(Column::CheckIn),
        ];
        let rows: Vec<[String; 3]> = [
            "✓",
            "√",
            "是",
            "1",
            "已签到",
            "",
            "否",
            "0",
            "未签到",
            "待定",
            "-",
        ]
        .iter()
        .enumerate()
        .map(|(i, mark)| {
            [
                format!("人{i:02}"),
                format!("138000000{i:02}"),
                mark.to_string(),
            ]
        })
        .collect();
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        import(&mut store, ev, ListKind::CheckIn, "chk", &mapping, &rows).expect("check-in");
        let came: Vec<String> = states(&store, ev)
            .into_iter()
            .filter(|(_, s)| s == "attended")
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            came,
            ["人00", "人01", "人02", "人03", "人04"],
            "only ✓ √ 是 1 已签到 mark someone present; blank, 否, 0, 未签到, 待定 and - do not. \
             The ticked were on a sheet printed from the sign-ups: attended, not walk-ins"
        );
        let events = store.list_events().expect("events");
        let summit = events.iter().find(|e| e.id == ev).expect("event");
        assert_eq!(
            (
                summit.attended,
                summit.walk_in,
                summit.no_show,
                summit.signed_up()
            ),
            (5, 0, 6, 11),
            "six people on the sheet were expected and did not come; 到场率 is 5 ÷ 11"
        );
    }

    #[test]
    fn a_registration_list_with_a_check_in_column_reconciles_by_itself() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let mapping = [
            Some(Column::Name),
            Some(Column::Phone),
            Some(Column::CheckIn),
        ];
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &mapping,
            &[&["甲", "13800000001", "是"], &["乙", "13800000002", "否"]],
        )
        .expect("registration");
        assert_eq!(
            states(&store, ev),
            [
                ("乙".into(), "no_show".into()),
                ("甲".into(), "attended".into())
            ]
        );
    }

    #[test]
    fn once_check_in_is_known_registrations_arrive_as_no_shows_unless_they_came() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let with_check_in = [
            Some(Column::Name),
            Some(Column::Phone),
            Some(Column::CheckIn),
        ];
        import(
            &mut store,
            ev,
            ListKind::CheckIn,
            "chk",
            &MAPPING,
            &[&["甲", "13800000001", "", "", ""]],
        )
        .expect("check-in");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "late-reg",
            &MAPPING,
            &[
                &["甲", "13800000001", "", "", ""],
                &["乙", "13800000002", "", "", ""],
            ],
        )
        .expect("registration after the check-in");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg-with-column",
            &with_check_in,
            &[
                &["丙", "13800000003", "否"],
                &["丙", "13800000003", "是"],
                &["丁", "13800000004", "否"],
                &["乙", "13800000002", "是"],
            ],
        )
        .expect("registration with a check-in column");
        assert_eq!(
            states(&store, ev),
            [
                ("丁".into(), "no_show".into()),
                ("丙".into(), "attended".into()),
                ("乙".into(), "attended".into()),
                ("甲".into(), "attended".into())
            ],
            "walked in then registered; registered twice, came once; only registered; \
             a no-show a later list says came"
        );
    }

    #[test]
    fn the_same_file_twice_changes_nothing() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let rows: &[&[&str]] = &[&["甲", "13800000001", "", "", ""]];
        let first = import(
            &mut store,
            ev,
            ListKind::Registration,
            "same",
            &MAPPING,
            rows,
        )
        .expect("first");
        let again = import(
            &mut store,
            ev,
            ListKind::Registration,
            "same",
            &MAPPING,
            rows,
        )
        .expect_err("second time refused");
        assert_eq!(again.code(), "already_imported");
        assert!(
            again
                .message(marketdesk_core::Lang::ZhCn)
                .contains("没有做任何改动"),
            "{again}"
        );
        assert_eq!(
            store.import_batches().expect("batches").len(),
            1,
            "no second batch"
        );
        assert_eq!(first.counts.new, 1);
    }

    #[test]
    fn a_list_without_one_usable_row_is_refused_and_changes_no_attendance() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let registrants: &[&[&str]] = &[
            &["甲", "13800000001", "", "", ""],
            &["乙", "13800000002", "", "", ""],
        ];
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &MAPPING,
            registrants,
        )
        .expect("registration");
        let unusable: &[&[&str]] = &[&["", "", "", "某公司", ""], &["", "", "", "", "经理"]];
        let refused = import(&mut store, ev, ListKind::CheckIn, "chk", &MAPPING, unusable)
            .expect_err("a check-in list of refused rows");
        assert_eq!(refused.code(), "no_usable_rows", "{refused}");
        assert!(
            refused
                .message(marketdesk_core::Lang::ZhCn)
                .contains("2 行都没有通过检查"),
            "{}",
            refused.message(marketdesk_core::Lang::ZhCn)
        );
        let empty = import(&mut store, ev, ListKind::CheckIn, "empty", &MAPPING, &[])
            .expect_err("a check-in list of no rows");
        assert!(
            empty
                .message(marketdesk_core::Lang::ZhCn)
                .contains("没有数据行"),
            "{}",
            empty.message(marketdesk_core::Lang::ZhCn)
        );
        assert_eq!(
            states(&store, ev),
            vec![
                ("乙".into(), "registered".into()),
                ("甲".into(), "registered".into())
            ],
            "check-in is still unknown: nobody became a no-show"
        );
        assert_eq!(
            store.import_batches().expect("batches").len(),
            1,
            "no batch"
        );
    }

    fn indexes(conn: &rusqlite::Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .expect("query");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
    }

    /// The one number `sql` selects.
    pub(crate) fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |r| r.get(0)).expect(sql)
    }

    #[test]
    fn a_large_import_builds_its_list_indexes_at_the_end() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let before = indexes(&store.conn);
        // 2,400 people, every 20th signing up twice with the phone written differently: far
        // past the point (1,000 rows into an empty store) where list indexes are dropped.
        let rows: Vec<[String; 5]> = (0..2_520u32)
            .map(|i| {
                let person = if i % 21 == 20 { i - 20 } else { i };
                let phone = 13_800_000_000u64 + u64::from(person);
                let phone = if person == i {
                    phone.to_string()
                } else {
                    format!("+86 {phone}")
                };
                [
                    format!("员工{person}"),
                    phone,
                    String::new(),
                    format!("公司{}", person % 37),
                    ["总监", "经理", "工程师"][person as usize % 3].to_string(),
                ]
            })
            .collect();
        let batch = import_owned(&mut store, ev, "big", &rows);
        assert_eq!(
            (batch.counts.new, batch.counts.repeated),
            (2_400, 120),
            "every 21st row is someone met earlier in the file"
        );
        assert_eq!(
            indexes(&store.conn),
            before,
            "every index is back, made by the same SQL"
        );
        assert_eq!(store.integrity_check().expect("check"), "ok");
        assert_eq!(
            count(&store, "PRAGMA foreign_keys"),
            1,
            "foreign keys are checked again once the import is committed"
        );
        assert_eq!(
            count(&store, "SELECT count(*) FROM touch"),
            2_400,
            "someone met twice in one list registered once"
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM attendance WHERE state = 'registered'"
            ),
            2_400
        );
        assert_eq!(
            count(&store, "SELECT count(*) FROM person INDEXED BY person_company_id WHERE company_id IS NOT NULL"),
            2_400,
            "the rebuilt company index holds the leads written while it was gone"
        );
        assert_eq!(
            count(&store, "SELECT count(*) FROM person INDEXED BY person_seniority_function WHERE seniority = 'vp_director'"),
            840,
            "总监 is every third person"
        );
    }

    #[test]
    fn leads_stored_before_are_found_by_each_key() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let person = |i: u32, phone: String, email: String| {
            [
                format!("员工{i}"),
                phone,
                email,
                format!("公司{}", i % 7),
                "经理".to_string(),
            ]
        };
        let first: Vec<[String; 5]> = (0..80)
            .map(|i| person(i, format!("1380000{i:04}"), format!("p{i}@example.cn")))
            .collect();
        // 20 strangers, then the 80 again, found by each of the three keys in turn: a mobile
        // written another way, an email in capitals, or only name and company.
        let second: Vec<[String; 5]> = (100..120)
            .map(|i| person(i, format!("1390000{i:04}"), String::new()))
            .chain((0..80).map(|i| match i % 3 {
                0 => person(i, format!("+86 138-0000-{i:04}"), String::new()),
                1 => person(i, String::new(), format!("P{i}@EXAMPLE.CN")),
                _ => person(i, String::new(), String::new()),
            }))
            .collect();
        // The same again past 1,000 rows, where leads are matched in memory
        // (lead_keys.rs) rather than through SQLite's indexes.
        let third: Vec<[String; 5]> = (200..1_400)
            .map(|i| person(i, format!("1370000{i:04}"), String::new()))
            .chain(second[20..].iter().cloned())
            .collect();
        for (hash, rows, expected) in [
            ("one", first, (80, 0)),
            ("two", second, (20, 80)),
            ("three", third, (1_200, 80)),
        ] {
            let batch = import_owned(&mut store, ev, hash, &rows);
            assert_eq!(
                (batch.counts.new, batch.counts.merged),
                expected,
                "file {hash}: new and merged"
            );
        }
        assert_eq!(people(&store).len(), 1_300, "one lead per person");
    }

    #[test]
    fn a_namesake_at_the_same_company_is_another_lead() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let person = |i: u32, phone: String, email: String| {
            vec![
                format!("员工{i}"),
                phone,
                email,
                format!("公司{}", i % 7),
                "经理".to_string(),
            ]
        };
        let own = |i: u32| person(i, format!("1380000{i:04}"), format!("p{i}@example.cn"));
        // Same name at the same company: with another phone or another address a namesake;
        // with neither, the same person signing up again.
        let namesake = |i: u32| person(i, format!("1360000{i:04}"), format!("n{i}@example.cn"));
        let new_phone = |i: u32| person(i, format!("1350000{i:04}"), String::new());
        let new_address = |i: u32| person(i, String::new(), format!("w{i}@example.cn"));
        let name_only = |i: u32| person(i, String::new(), String::new());
        // Found by the phone, whatever the address says.
        let same_phone = |i: u32| person(i, format!("1380000{i:04}"), format!("x{i}@example.cn"));
        // (file, its rows, (new, merged) expected)
        type File = (&'static str, Vec<Vec<String>>, (i64, i64));
        let files: [File; 3] = [
            (
                "one",
                (0..60)
                    .map(own)
                    .chain([person(
                        60,
                        "13800000060 / 13700000060".into(),
                        String::new(),
                    )])
                    .collect(),
                (61, 0),
            ),
            (
                "two",
                (0..10)
                    .map(namesake)
                    .chain((10..20).map(new_phone))
                    .chain((20..30).map(new_address))
                    .chain((30..40).map(name_only))
                    .chain((40..45).map(same_phone))
                    // The second number person 60 gave is theirs, not a namesake's.
                    .chain([person(60, "13700000060".into(), String::new())])
                    .collect(),
                (30, 16),
            ),
            // Past 1,000 rows, where leads are matched in memory (lead_keys.rs).
            (
                "three",
                (200..1_400)
                    .map(own)
                    .chain((45..50).map(namesake))
                    .chain((50..55).map(new_phone))
                    .chain((55..60).map(name_only))
                    .chain((0..5).map(same_phone))
                    .collect(),
                (1_210, 10),
            ),
        ];
        for (hash, rows, expected) in files {
            let batch = import_owned(&mut store, ev, hash, &rows);
            assert_eq!(
                (batch.counts.new, batch.counts.merged),
                expected,
                "file {hash}: new and merged"
            );
        }
        let namesakes = count(
            &store,
            "SELECT count(*) FROM person
             WHERE mobile LIKE '136%' OR mobile LIKE '135%' OR email LIKE 'w%'",
        );
        assert_eq!(
            namesakes, 40,
            "each namesake a lead of their own, with their contacts"
        );
    }

    #[test]
    fn a_mobile_or_email_another_lead_holds_is_not_filled_in() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let row = |name: &str, phone: &str, email: &str, company: &str| {
            vec![
                name.into(),
                phone.into(),
                email.into(),
                company.into(),
                String::new(),
            ]
        };
        let strangers = |from: u32| -> Vec<Vec<String>> {
            (from..from + 1_200)
                .map(|i| row(&format!("员工{i}"), &format!("1370000{i:04}"), "", "某公司"))
                .collect()
        };
        import_owned(
            &mut store,
            ev,
            "one",
            &[
                row("甲", "13800000001", "", "甲公司"),
                row("乙", "", "yi@b.cn", "乙公司"),
                row("丙", "13800000003", "", "丙公司"),
                row("丁", "", "ding@d.cn", "丁公司"),
            ],
        );
        // 甲's phone with 乙's address; then, past 1,000 rows (matched in memory), 丙's with 丁's.
        import_owned(
            &mut store,
            ev,
            "two",
            &[row("甲", "13800000001", "yi@b.cn", "")],
        );
        let mut third = strangers(0);
        third.push(row("丙", "13800000003", "ding@d.cn", ""));
        import_owned(&mut store, ev, "three", &third);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM person WHERE email = 'yi@b.cn'"
            ),
            1,
            "乙's address stays 乙's alone"
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM person WHERE email = 'ding@d.cn'"
            ),
            1,
            "丁's too, when matched in memory"
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM lead_change c JOIN person p ON p.id = c.person_id
                 WHERE p.name IN ('甲', '丙') AND c.kind = 'conflict' AND c.field = 'email'"
            ),
            2,
            "what the lists said is on record"
        );
    }

    #[test]
    fn people_sharing_a_phone_are_never_merged_by_it_alone() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let row = |name: &str, email: &str, company: &str| {
            vec![
                name.into(),
                "13800000001".into(),
                email.into(),
                company.into(),
                String::new(),
            ]
        };
        // An assistant registers her two bosses with her own phone, and herself; a stranger
        // at another company gave the same number (a switchboard, a typo).
        let first = import_owned(
            &mut store,
            ev,
            "one",
            &[
                row("马总", "ma@a.cn", "某集团"),
                row("牛总", "niu@a.cn", "某集团"),
                row("杨秘书", "", "某集团"),
                row("杨秘书", "", ""),
                row("马总", "", "另一家公司"),
                row("周经理", "", "另一家公司"),
            ],
        );
        assert_eq!(
            (first.counts.new, first.counts.repeated, first.counts.shared),
            (4, 2, 3),
            "马总, 牛总, 杨秘书, 周经理: four people on one number; 杨秘书 again is \
             herself, 马总 at another company is 马总 (a change of job)"
        );
        let notes: Vec<String> = store
            .conn
            .prepare(
                "SELECT e.value ->> 3 FROM import_rows r, json_each(r.rows) e
                 WHERE e.value ->> 3 <> '' ORDER BY e.value ->> 0",
            )
            .expect("q")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(notes.len(), 3, "each row kept apart says why: {notes:?}");
        assert!(
            notes[0].contains("13800000001")
                && notes[0].contains("马总")
                && notes[0].contains("共用"),
            "{}",
            notes[0]
        );
        // A later list, in memory past 1,000 rows: each found again, the assistant by her name.
        let mut later: Vec<Vec<String>> = (0..1_200)
            .map(|i| {
                vec![
                    format!("员工{i}"),
                    format!("1370000{i:04}"),
                    String::new(),
                    "某公司".into(),
                    String::new(),
                ]
            })
            .collect();
        later.push(row("牛总", "niu@a.cn", "某集团"));
        later.push(row("马总", "ma@a.cn", "某集团"));
        later.push(row("杨秘书", "", ""));
        later.push(row("周经理", "", ""));
        let again = import_owned(&mut store, ev, "two", &later);
        assert_eq!(
            (again.counts.new, again.counts.merged, again.counts.shared),
            (1_200, 4, 0),
            "everyone found again, nobody new on the shared number"
        );
        let small = import_owned(
            &mut store,
            ev,
            "three",
            &[
                row("杨秘书", "", ""),
                row("牛总", "", ""),
                row("吴总", "", ""),
            ],
        );
        assert_eq!(
            (small.counts.new, small.counts.merged, small.counts.shared),
            (1, 2, 1),
            "and through SQLite: a fifth name on the number is a fifth person"
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM person WHERE mobile = '13800000001'"
            ),
            5,
            "马总, 牛总, 杨秘书, 周经理, 吴总 each give the number"
        );
        assert_eq!(people(&store).len(), 1_205);
    }

    #[test]
    fn leads_nobody_can_reach_are_counted_and_found() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let mapping = [
            Some(Column::Name),
            Some(Column::Company),
            Some(Column::Phone),
            Some(Column::WeChat),
        ];
        let batch = import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &mapping,
            &[
                &["张三", "招商银行", "", ""],
                &["李四", "平安银行", "", "lisi_wx"],
                &["王五", "中信银行", "13800000005", ""],
            ],
        )
        .expect("import");
        assert_eq!(
            (batch.counts.new, batch.counts.no_contact),
            (3, 1),
            "张三 has neither phone, email nor WeChat"
        );
        let again = read_batch(&store.conn, batch.id).expect("read back");
        assert_eq!(again.counts.no_contact, 1, "kept with the import");
        let page = store
            .lead_page(&crate::LeadQuery {
                filter: crate::LeadFilter {
                    no_contact: true,
                    ..crate::LeadFilter::default()
                },
                ..crate::LeadQuery::default()
            })
            .expect("page");
        assert_eq!(
            page.rows
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["张三"]
        );
        assert_eq!(page.total, Some(1));
        let wechat: String = store
            .conn
            .query_row("SELECT wechat FROM person WHERE name = '李四'", [], |r| {
                r.get(0)
            })
            .expect("wechat");
        assert_eq!(wechat, "lisi_wx");
    }

    #[test]
    fn a_department_mailbox_is_not_one_person() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let row = |name: &str, mobile: &str| {
            vec![
                name.into(),
                mobile.into(),
                "market@bank.cn".into(),
                String::new(),
                String::new(),
            ]
        };
        let batch = import_owned(
            &mut store,
            ev,
            "one",
            &[
                row("王芳", "13800000001"),
                row("李雷", ""),
                row("王芳", ""),
                row("王 芳", "13800000001"),
            ],
        );
        assert_eq!(
            (batch.counts.new, batch.counts.repeated, batch.counts.shared),
            (2, 2, 1),
            "李雷 gives the team's address; 王芳 with it again, or her name spaced, is herself"
        );
    }

    #[test]
    fn a_second_mobile_finds_the_person_again() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let row = |phone: &str, email: &str| {
            vec![
                "陈静".into(),
                phone.into(),
                email.into(),
                "招商银行".into(),
                String::new(),
            ]
        };
        let first = import_owned(
            &mut store,
            ev,
            "reg",
            &[
                row("13800000001", "cj@cmb.cn"),
                row("13900000002", "cj@cmb.cn"),
            ],
        );
        assert_eq!((first.counts.new, first.counts.repeated), (1, 1));
        let again = import_owned(&mut store, ev, "again", &[row("13900000002", "")]);
        assert_eq!(
            (again.counts.new, again.counts.merged),
            (0, 1),
            "only the second number, with name and company: the same 陈静"
        );
        assert_eq!(people(&store).len(), 1);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM person WHERE other_phones = '13900000002'"
            ),
            1,
            "the second number is kept as another phone"
        );
    }

    #[test]
    fn a_key_hash_naming_the_wrong_lead_is_caught() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let import = begin(&mut store, ev, ListKind::Registration, "h", &MAPPING).expect("begin");
        let mut w = import.writer().expect("writer");
        let phone = |i: u64| (13_800_000_000 + i).to_string();
        for i in 0..1_100u64 {
            add(&mut w, i + 1, &["甲", &phone(i), "", "", ""], &MAPPING).expect("row");
        }
        let first = match add(&mut w, 2_000, &["乙", &phone(5_000), "", "", ""], &MAPPING) {
            Ok(RowOutcome::New { person_id }) => person_id,
            other => panic!("a new lead, not {other:?}"),
        };
        // As if the hash of 甲's mobile 13800000700 were also that of lead 1's.
        w.keys
            .as_mut()
            .expect("past 1,000 rows leads are matched in memory")
            .add(1, KeyHashes::of(&stored_keys(&phone(700), "", "", "")));
        assert_eq!(
            add(&mut w, 2_001, &["甲", &phone(700), "", "", ""], &MAPPING).expect("row"),
            RowOutcome::Repeated {
                person_id: first - 1_100 + 700
            },
            "the lead with that mobile, not lead 1"
        );
        assert_eq!(
            add(&mut w, 2_002, &["乙", &phone(5_000), "", "", ""], &MAPPING).expect("row"),
            RowOutcome::Repeated { person_id: first },
            "a lead written after the switch is found in memory"
        );
    }

    /// 1,500 leads, past the 1,000 rows after which an empty store's indexes are set aside.
    fn write_past_the_switch(w: &mut ImportWriter) {
        for i in 0..1_500u64 {
            let phone = (13_800_000_000 + i).to_string();
            add(w, i + 1, &["甲", &phone, "", "", ""], &MAPPING).expect("row");
        }
    }

    #[test]
    fn an_import_rolled_back_after_dropping_indexes_leaves_them() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let before = indexes(&store.conn);
        {
            let import =
                begin(&mut store, ev, ListKind::Registration, "h", &MAPPING).expect("begin");
            let mut w = import.writer().expect("writer");
            write_past_the_switch(&mut w);
            assert!(
                indexes(&import.tx).len() < before.len(),
                "past 1,000 rows the list indexes are gone inside the import"
            );
        }
        assert_eq!(
            indexes(&store.conn),
            before,
            "a cancelled import drops no index"
        );
        assert_eq!(count(&store, "PRAGMA foreign_keys"), 1);
        assert!(people(&store).is_empty());
    }

    #[test]
    fn an_import_stopped_while_building_its_indexes_leaves_the_store_as_it_was() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let before = indexes(&store.conn);
        {
            let import =
                begin(&mut store, ev, ListKind::Registration, "h", &MAPPING).expect("begin");
            let mut w = import.writer().expect("writer");
            write_past_the_switch(&mut w);
            let stopped = w.finish_unless(&|| true);
            assert!(
                matches!(stopped, Err(StoreError::Stopped)),
                "stopped: {stopped:?}"
            );
            assert!(
                indexes(&import.tx).len() < before.len(),
                "the indexes not built when it stopped"
            );
        }
        assert_eq!(
            indexes(&store.conn),
            before,
            "every index back as it was, none half-built"
        );
        assert!(people(&store).is_empty(), "no lead of the stopped import");
    }

    #[test]
    fn a_dropped_writer_leaves_nothing() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        {
            let import =
                begin(&mut store, ev, ListKind::Registration, "h", &MAPPING).expect("begin");
            let mut w = import.writer().expect("writer");
            add(&mut w, 1, &["甲", "13800000001", "", "", ""], &MAPPING).expect("row");
        }
        assert!(people(&store).is_empty(), "cancelled import wrote no lead");
        assert!(
            store.import_batches().expect("batches").is_empty(),
            "and no batch"
        );
    }

    #[test]
    fn after_an_import_the_workspace_file_alone_holds_it_once_the_store_is_closed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.marketdesk");
        let mut store = Store::create(&path).expect("store");
        let ev = event(&mut store, "峰会");
        let cells: Vec<[String; 5]> = (0..6000)
            .map(|i| {
                [
                    format!("客户{i}"),
                    format!("1380{i:07}"),
                    format!("c{i}@example.com"),
                    format!("第{}银行股份有限公司", i % 300),
                    "风控总监".to_string(),
                ]
            })
            .collect();
        let rows: Vec<Vec<&str>> = cells
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let batch = import(
            &mut store,
            ev,
            ListKind::Registration,
            "big",
            &MAPPING,
            &rows,
        )
        .expect("import");
        assert_eq!(batch.counts.new, 6000, "every row is a new lead");
        // While the WAL may still be copied, the store reads as ever.
        assert_eq!(count(&store, "SELECT count(*) FROM person"), 6000);
        drop(store);

        let wal = dir.path().join("w.marketdesk-wal");
        assert!(
            !wal.exists(),
            "closing the store waited for the copy and deleted the WAL"
        );
        let alone = dir.path().join("copy.marketdesk");
        std::fs::copy(&path, &alone).expect("copy the file alone");
        let reopened = Store::open(&alone).expect("reopen the copy");
        assert_eq!(
            count(&reopened, "SELECT count(*) FROM person"),
            6000,
            "the copied file holds every lead"
        );
    }
}
