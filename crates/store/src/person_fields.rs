//! A lead's stored fields, and the columns derived from them: the company key people are
//! matched by, and the seniority, role and buying-centre function filters and auto tags use.

use marketdesk_core::people::{classify_department, classify_title, company_key, LeadFields};
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Statement};

use crate::error::{Result, SqlContext};

/// `person` columns in `LeadFields` order.
/// How many columns [`FIELD_COLUMNS`] has: what follows them in a query starts here.
pub(crate) const FIELD_COUNT: usize = 10;

pub(crate) const FIELD_COLUMNS: &str =
    "name, coalesce(mobile, ''), coalesce(email, ''), company, department, title, city, industry, other_phones,
     wechat";

pub(crate) fn fields_from_row(r: &rusqlite::Row, first: usize) -> rusqlite::Result<LeadFields> {
    Ok(LeadFields {
        name: r.get(first)?,
        mobile: r.get(first + 1)?,
        email: r.get(first + 2)?,
        company: r.get(first + 3)?,
        department: r.get(first + 4)?,
        title: r.get(first + 5)?,
        region: r.get(first + 6)?,
        industry: r.get(first + 7)?,
        other_phones: r.get(first + 8)?,
        wechat: r.get(first + 9)?,
    })
}

/// What the stored fields imply, kept in columns so filters can use indexes.
#[derive(Debug, Clone)]
pub(crate) struct Derived {
    pub company_key: String,
    pub seniority: &'static str,
    pub role: &'static str,
    pub function: &'static str,
}

pub(crate) fn derive(f: &LeadFields) -> Derived {
    let (seniority, role) = classify_title(&f.title);
    Derived {
        company_key: company_key(&f.company),
        seniority: seniority.code(),
        role: role.code(),
        function: classify_department(&f.department, &f.title).code(),
    }
}

/// `""` is stored as NULL for the optional identity columns, so blanks never match each other.
pub(crate) fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// The statements that read and write a lead's fields, prepared once per transaction. Hot
/// loops (imports) must not go through rusqlite's statement cache: returning a statement to it
/// clears its bindings, and SQLite then re-prepares some statements on every use — measured at a
/// fifth of an import's time.
pub(crate) struct PersonStatements<'c> {
    read: Statement<'c>,
    insert: Statement<'c>,
    update: Statement<'c>,
    companies: CompanyIds<'c>,
}

/// The company of a matching key, made the first time the key is seen and renamed when a lead
/// writes it more fully. Remembers what it looked up, as a list holds a few thousand companies
/// for a hundred thousand rows.
///
/// A lookup and a plain insert rather than one upsert `RETURNING id`: the upsert ran in a
/// statement journal and buffered its result, 5 µs a new company (a fifth of the time a new
/// lead took to write).
struct CompanyIds<'c> {
    find: Statement<'c>,
    insert: Statement<'c>,
    rename: Statement<'c>,
    /// key → (company id, length in characters of the name stored).
    known: HashMap<String, (i64, usize)>,
}

impl CompanyIds<'_> {
    fn id(&mut self, key: &str, name: &str, now: &str) -> Result<Option<i64>> {
        if key.is_empty() {
            return Ok(None);
        }
        let len = name.chars().count();
        let (id, stored) = match self.known.get(key) {
            Some(&(id, stored)) if stored >= len => return Ok(Some(id)),
            Some(&known) => known,
            None => {
                let found: Option<(i64, i64)> = self
                    .find
                    .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .context("recording a company")?;
                match found {
                    Some((id, stored)) => (id, stored.max(0) as usize),
                    None => {
                        let id = self
                            .insert
                            .insert(params![key, name, now])
                            .context("recording a company")?;
                        (id, len)
                    }
                }
            }
        };
        if stored < len {
            self.rename
                .execute(params![id, name])
                .context("recording a company")?;
        }
        self.known.insert(key.to_string(), (id, stored.max(len)));
        Ok(Some(id))
    }
}

impl<'c> PersonStatements<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<PersonStatements<'c>> {
        Ok(PersonStatements {
            read: conn
                .prepare(&format!("SELECT {FIELD_COLUMNS} FROM person WHERE id = ?1"))
                .context("reading a lead")?,
            insert: conn
                .prepare(
                    "INSERT INTO person (name, mobile, email, company, department, title, city, industry,
                                         other_phones, company_key, seniority, role, function, created_batch,
                                         created_at, updated_at, company_id, wechat)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17)",
                )
                .context("adding a lead")?,
            update: conn
                .prepare(
                    "UPDATE person SET name = ?2, mobile = ?3, email = ?4, company = ?5, department = ?6,
                            title = ?7, city = ?8, industry = ?9, other_phones = ?10, company_key = ?11,
                            seniority = ?12, role = ?13, function = ?14, updated_at = ?15, company_id = ?16,
                            wechat = ?17
                     WHERE id = ?1",
                )
                .context("updating a lead")?,
            companies: CompanyIds {
                find: conn
                    .prepare("SELECT id, length(name) FROM company WHERE key = ?1")
                    .context("recording a company")?,
                insert: conn
                    .prepare("INSERT INTO company (key, name, created_at) VALUES (?1, ?2, ?3)")
                    .context("recording a company")?,
                rename: conn
                    .prepare("UPDATE company SET name = ?2 WHERE id = ?1")
                    .context("recording a company")?,
                known: HashMap::new(),
            },
        })
    }

    pub(crate) fn read(&mut self, person_id: i64) -> Result<Option<LeadFields>> {
        self.read
            .query_row([person_id], |r| fields_from_row(r, 0))
            .optional()
            .context("reading a lead")
    }

    /// Inserts a lead whose derived columns are `d` (`derive(f)`, worked out by the caller);
    /// `created_batch` is the import that found the person, if any.
    pub(crate) fn insert(
        &mut self,
        f: &LeadFields,
        d: &Derived,
        created_batch: Option<i64>,
        now: &str,
    ) -> Result<i64> {
        let company = self.companies.id(&d.company_key, &f.company, now)?;
        self.insert
            .insert(params![
                f.name,
                opt(&f.mobile),
                opt(&f.email),
                f.company,
                f.department,
                f.title,
                f.region,
                f.industry,
                f.other_phones,
                d.company_key,
                d.seniority,
                d.role,
                d.function,
                created_batch,
                now,
                company,
                f.wechat,
            ])
            .context("adding a lead")
    }

    /// Overwrites a lead's fields (and what they imply) with `f`; returns its company key.
    pub(crate) fn write(&mut self, person_id: i64, f: &LeadFields, now: &str) -> Result<String> {
        let d = derive(f);
        let company = self.companies.id(&d.company_key, &f.company, now)?;
        self.update
            .execute(params![
                person_id,
                f.name,
                opt(&f.mobile),
                opt(&f.email),
                f.company,
                f.department,
                f.title,
                f.region,
                f.industry,
                f.other_phones,
                d.company_key,
                d.seniority,
                d.role,
                d.function,
                now,
                company,
                f.wechat,
            ])
            .context("updating a lead")?;
        Ok(d.company_key)
    }
}

/// Fills the derived columns of every lead; for leads written before they existed, and by the
/// demo, which writes leads with plain SQL. Migration 4 runs it: it reads only the columns
/// that schema had and derivation needs, never the live field list, which grows.
pub(crate) fn derive_all(conn: &Connection) -> Result<()> {
    let mut read = conn
        .prepare("SELECT id, company, department, title FROM person")
        .context("classifying leads")?;
    let people = read
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                LeadFields {
                    company: r.get(1)?,
                    department: r.get(2)?,
                    title: r.get(3)?,
                    ..LeadFields::default()
                },
            ))
        })
        .context("classifying leads")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("classifying leads")?;
    let mut write = conn
        .prepare(
            "UPDATE person SET company_key = ?2, seniority = ?3, role = ?4, function = ?5 WHERE id = ?1",
        )
        .context("classifying leads")?;
    for (id, f) in people {
        let d = derive(&f);
        write
            .execute(params![id, d.company_key, d.seniority, d.role, d.function])
            .context("classifying leads")?;
    }
    Ok(())
}
