//! Which companies a lead search names. A search finds a lead by any part of its company's
//! name, or an abbreviation of it (招行 → 招商银行), which no index answers; the company table is
//! small next to the leads (tens of thousands of names at a million leads), so its names are
//! held in memory and matched there, in well under a millisecond, instead of by SQLite
//! evaluating `instr` and `LIKE` on every company for every page (8–15 ms).

use crate::error::{Result, SqlContext};
use crate::Store;

/// The company names as last read, and the state of the workspace they were read in.
#[derive(Debug, Default)]
pub(crate) struct CompanyNames {
    /// This connection's total changes and SQLite's data version (other connections'
    /// commits) when read: any write since may have added or renamed a company.
    read_at: Option<(u64, i64)>,
    /// (id, matching key, name as displayed).
    rows: Vec<(i64, String, String)>,
    /// The last search's text and the companies it named: a list's page, its count and the
    /// next pages all ask again for the same text.
    last: Option<(String, Vec<i64>)>,
}

impl Store {
    /// The ids of the companies a search for `text` names: those whose key and name `matches`,
    /// which must depend on nothing but `text` (the answer is kept for the next call with it).
    pub(crate) fn companies_named_by(
        &self,
        text: &str,
        matches: impl Fn(&str, &str) -> bool,
    ) -> Result<Vec<i64>> {
        self.refresh_company_names()?;
        let mut names = self.company_names.borrow_mut();
        if let Some((last, ids)) = &names.last {
            if last == text {
                return Ok(ids.clone());
            }
        }
        let ids = names.matching(&matches);
        names.last = Some((text.to_string(), ids.clone()));
        Ok(ids)
    }

    /// The ids of the companies whose key and name `matches`.
    pub(crate) fn companies_matching(
        &self,
        matches: impl Fn(&str, &str) -> bool,
    ) -> Result<Vec<i64>> {
        self.refresh_company_names()?;
        Ok(self.company_names.borrow().matching(&matches))
    }

    /// Reads the company names again if the workspace may have changed since.
    fn refresh_company_names(&self) -> Result<()> {
        let data_version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .context("reading companies")?;
        let now = (self.conn.total_changes(), data_version);
        let mut names = self.company_names.borrow_mut();
        if names.read_at != Some(now) {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, key, name FROM company")
                .context("reading companies")?;
            names.rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .context("reading companies")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context("reading companies")?;
            names.read_at = Some(now);
            names.last = None;
        }
        Ok(())
    }
}

impl CompanyNames {
    fn matching(&self, matches: &impl Fn(&str, &str) -> bool) -> Vec<i64> {
        self.rows
            .iter()
            .filter(|(_, key, name)| matches(key, name))
            .map(|(id, _, _)| *id)
            .collect()
    }
}
