use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext};
use crate::Store;

/// A page request for the lead list. `search` matches the start of a name, mobile or company.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct LeadQuery {
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub offset: u32,
    #[serde(default = "default_limit")]
    pub limit: u32,
}

fn default_limit() -> u32 {
    50
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadRow {
    pub id: i64,
    pub name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub company: String,
    pub title: String,
    pub city: String,
    pub event_count: i64,
    pub latest_event: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadPage {
    /// Matching leads in all pages.
    pub total: i64,
    pub offset: u32,
    pub rows: Vec<LeadRow>,
}

/// `LIKE` pattern for "starts with", with the user's `%`, `_` and `\` taken literally.
fn prefix_pattern(search: &str) -> String {
    let mut p = String::with_capacity(search.len() + 1);
    for c in search.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

impl Store {
    pub fn lead_page(&self, q: &LeadQuery) -> Result<LeadPage> {
        let limit = q.limit.clamp(1, 500);
        let search = q.search.trim();
        let pattern = prefix_pattern(search);
        let filter = "(?1 = '' OR p.name LIKE ?2 ESCAPE '\\' OR p.mobile LIKE ?2 ESCAPE '\\' OR p.company LIKE ?2 ESCAPE '\\')";
        let total: i64 = self
            .conn
            .query_row(
                &format!("SELECT count(*) FROM person p WHERE {filter}"),
                (search, &pattern),
                |r| r.get(0),
            )
            .context("counting leads")?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT p.id, p.name, p.mobile, p.email, p.company, p.title, p.city,
                        (SELECT count(*) FROM attendance a WHERE a.person_id = p.id),
                        (SELECT e.name FROM attendance a JOIN event e ON e.id = a.event_id
                          WHERE a.person_id = p.id ORDER BY e.starts_on DESC LIMIT 1)
                 FROM person p WHERE {filter}
                 ORDER BY p.id DESC LIMIT ?3 OFFSET ?4"
            ))
            .context("reading leads")?;
        let rows = stmt
            .query_map((search, &pattern, limit, q.offset), |r| {
                Ok(LeadRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    mobile: r.get(2)?,
                    email: r.get(3)?,
                    company: r.get(4)?,
                    title: r.get(5)?,
                    city: r.get(6)?,
                    event_count: r.get(7)?,
                    latest_event: r.get(8)?,
                })
            })
            .context("reading leads")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading leads")?;
        Ok(LeadPage {
            total,
            offset: q.offset,
            rows,
        })
    }

    /// Row counts for the workspace summary.
    pub fn counts(&self) -> Result<WorkspaceCounts> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM plan WHERE scenario_of IS NULL),
                        (SELECT count(*) FROM tactic WHERE deleted_at IS NULL),
                        (SELECT count(*) FROM event), (SELECT count(*) FROM person)",
                [],
                |r| {
                    Ok(WorkspaceCounts {
                        plans: r.get(0)?,
                        tactics: r.get(1)?,
                        events: r.get(2)?,
                        leads: r.get(3)?,
                    })
                },
            )
            .context("counting records")
    }

    /// A workspace-level setting such as the company name.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT value FROM workspace_meta WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()
            .context("reading a workspace setting")
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            .context("saving a workspace setting")?;
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WorkspaceCounts {
    pub plans: i64,
    pub tactics: i64,
    pub events: i64,
    pub leads: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_a_search_are_literal() {
        assert_eq!(prefix_pattern("50%_x\\"), "50\\%\\_x\\\\%");
    }

    #[test]
    fn search_matches_prefixes_of_name_mobile_and_company() {
        let store = Store::open_in_memory().expect("store");
        for (name, mobile, company) in [
            ("张伟", "13800000001", "招商银行"),
            ("张敏", "13900000002", "平安保险"),
            ("李娜", "13800000003", "招商证券"),
        ] {
            store
                .conn
                .execute(
                    "INSERT INTO person (name, mobile, company, created_at) VALUES (?1, ?2, ?3, '2026-01-01')",
                    (name, mobile, company),
                )
                .expect("insert");
        }
        let q = |s: &str| {
            store
                .lead_page(&LeadQuery {
                    search: s.into(),
                    offset: 0,
                    limit: 10,
                })
                .map(|p| p.total)
                .unwrap_or(-1)
        };
        assert_eq!(q(""), 3, "empty search lists all");
        assert_eq!(q("张"), 2, "name prefix");
        assert_eq!(q("138"), 2, "mobile prefix");
        assert_eq!(q("招商"), 2, "company prefix");
        assert_eq!(q("伟"), 0, "not a prefix");
        assert_eq!(q("%"), 0, "wildcards are literal");
        let page = store
            .lead_page(&LeadQuery {
                search: String::new(),
                offset: 2,
                limit: 2,
            })
            .expect("page");
        assert_eq!(
            (page.total, page.rows.len()),
            (3, 1),
            "paging past the first rows"
        );
    }
}
