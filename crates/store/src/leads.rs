use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext};
use crate::Store;

/// Which leads to list: a prefix of the name, mobile or company, and filters that all apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct LeadFilter {
    pub search: String,
    pub event_id: Option<i64>,
    /// An attendance state code (`attended`, `no_show`…): at `event_id` if given, else at any event.
    pub attendance: Option<String>,
    pub tag_id: Option<i64>,
    /// A seniority code (`c_level`…).
    pub seniority: Option<String>,
    /// A buying-centre function code (`technology`…).
    pub function: Option<String>,
    /// The region (city) as stored.
    pub region: Option<String>,
    /// One company's leads.
    pub company_id: Option<i64>,
    /// Only leads nobody can reach: no mobile, other phone, email or WeChat.
    pub no_contact: bool,
}

/// A page request for the lead list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct LeadQuery {
    #[serde(flatten)]
    pub filter: LeadFilter,
    pub sort: LeadSort,
    pub offset: u32,
    pub limit: u32,
    /// Also count all matches (a pass over them: the UI asks once per filter, not per page).
    pub count: bool,
}

impl Default for LeadQuery {
    fn default() -> Self {
        LeadQuery {
            filter: LeadFilter::default(),
            sort: LeadSort::Newest,
            offset: 0,
            limit: 50,
            count: true,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadSort {
    #[default]
    Newest,
    Name,
    Company,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadRow {
    pub id: i64,
    pub name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub company: String,
    /// The company as an account (None when the lead names none).
    pub company_id: Option<i64>,
    pub title: String,
    pub city: String,
    pub seniority: String,
    pub function: String,
    pub event_count: i64,
    pub latest_event: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadPage {
    /// Matching leads in all pages, when the query asked for the count.
    pub total: Option<i64>,
    pub offset: u32,
    pub rows: Vec<LeadRow>,
}

/// One lead as an export needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadForExport {
    pub fields: marketdesk_core::people::LeadFields,
    pub seniority: String,
    pub function: String,
    pub created_at: String,
    /// (event name, attendance state code).
    pub events: Vec<(String, String)>,
    pub tags: Vec<String>,
    /// The file of the import that created the lead, or "".
    pub source: String,
}

/// Which leads a filter selects, as SQL: the tables to read (`person p`, possibly driven by
/// the attendance or tag rows of one event or tag), the condition and its parameters.
pub(crate) struct Where {
    pub from: &'static str,
    pub sql: String,
    pub params: Vec<rusqlite::types::Value>,
    /// The newest-first order that follows the driving index.
    pub newest: &'static str,
    /// The driving table alone when nothing else is asked of the person: counting then needs
    /// no lookup of each person.
    pub count_from: &'static str,
}

/// Which index a list query walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// The filters' own indexes (an event's attendance, a tag's rows, a column's index).
    Filters,
    /// The sort's index (name or company): the filter columns are kept off theirs (`+p.city`),
    /// so SQLite walks the sort's index in order and stops after a page instead of sorting
    /// every lead of, say, 上海.
    Sort,
    /// The newest leads by id, every condition tested on each row (see `NEWEST_WINDOW`).
    Newest,
}

/// How many of the newest leads a searched list walks before it asks the indexes instead. A
/// common search such as the surname 张 matches tens of thousands of leads; gathering them all
/// from three indexes to sort them took 12 ms at a million leads, while its first pages are
/// among the newest few thousand.
const NEWEST_WINDOW: i64 = 10_000;

impl LeadFilter {
    /// The filter as SQL. With one event (or else one tag) chosen, the query walks that event's
    /// attendance (or that tag's rows) by person id, so a newest-first page of a big event is a
    /// few index steps instead of a pass over every lead.
    pub(crate) fn to_where(&self) -> Where {
        self.build_where(Walk::Filters)
    }

    fn build_where(&self, walk: Walk) -> Where {
        use rusqlite::types::Value;
        let mut conds: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let bind = |v: Value, params: &mut Vec<Value>| {
            params.push(v);
            format!("?{}", params.len())
        };
        let (from, newest, driver) = match (self.event_id, self.tag_id) {
            (Some(e), _) => {
                let e = bind(Value::Integer(e), &mut params);
                conds.push(format!("a.event_id = {e}"));
                if let Some(state) = &self.attendance {
                    let st = bind(Value::Text(state.clone()), &mut params);
                    conds.push(format!("a.state = {st}"));
                }
                (
                    "attendance a JOIN person p ON p.id = a.person_id",
                    "a.person_id DESC",
                    "attendance a",
                )
            }
            (None, Some(tag)) => {
                let t = bind(Value::Integer(tag), &mut params);
                conds.push(format!("pt.tag_id = {t}"));
                (
                    "person_tag pt JOIN person p ON p.id = pt.person_id",
                    "pt.person_id DESC",
                    "person_tag pt",
                )
            }
            (None, None) => ("person p", "p.id DESC", "person p"),
        };
        let driver_conditions = conds.len();
        if let (Some(tag), Some(_)) = (self.tag_id, self.event_id) {
            let t = bind(Value::Integer(tag), &mut params);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM person_tag WHERE tag_id = {t} AND person_id = p.id)"
            ));
        }
        if let (None, Some(state)) = (self.event_id, &self.attendance) {
            let st = bind(Value::Text(state.clone()), &mut params);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM attendance x WHERE x.person_id = p.id AND x.state = {st})"
            ));
        }
        let search = search_text(&self.search);
        let search = search.as_str();
        if !search.is_empty() {
            // Ranges rather than LIKE: they use the name, mobile and company indexes, and treat
            // %, _ and \ as the characters they are.
            let lo = bind(Value::Text(search.to_string()), &mut params);
            let hi = bind(Value::Text(format!("{search}\u{10FFFF}")), &mut params);
            let u = if walk == Walk::Newest { "+" } else { "" };
            conds.push(format!(
                "({u}p.name >= {lo} AND {u}p.name < {hi} OR {u}p.mobile >= {lo} AND {u}p.mobile < {hi}
                  OR {u}p.company >= {lo} AND {u}p.company < {hi})"
            ));
        }
        if self.no_contact {
            // The exact condition of the person_no_contact index, so SQLite can use it.
            conds.push(
                "p.mobile IS NULL AND p.email IS NULL AND p.other_phones = '' AND p.wechat = ''"
                    .into(),
            );
        }
        if let Some(company) = self.company_id {
            // Always through its index, whatever the sort: a company has tens of leads, a bank
            // a few thousand, never the million a walk along the sort's index would pass.
            let c = bind(Value::Integer(company), &mut params);
            conds.push(format!("p.company_id = {c}"));
        }
        for (column, value) in [
            ("seniority", &self.seniority),
            ("function", &self.function),
            ("city", &self.region),
        ] {
            if let Some(v) = value {
                let v = bind(Value::Text(v.clone()), &mut params);
                let unindexed = if walk == Walk::Filters { "" } else { "+" };
                conds.push(format!("{unindexed}p.{column} = {v}"));
            }
        }
        let count_from = if conds.len() == driver_conditions {
            driver
        } else {
            from
        };
        Where {
            count_from,
            from,
            sql: if conds.is_empty() {
                "1".into()
            } else {
                conds.join(" AND ")
            },
            params,
            newest,
        }
    }
}

/// What a search box's text is looked up as: a phone typed the way people write one (139 0000
/// 1111, 139-0000, +86 139…, full-width digits) as the digits a mobile is stored with.
fn search_text(raw: &str) -> String {
    let half = marketdesk_core::people::to_half_width(raw.trim()).into_owned();
    let phone_like = half.chars().any(|c| c.is_ascii_digit())
        && half
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    if !phone_like {
        return half;
    }
    let digits: String = half.chars().filter(char::is_ascii_digit).collect();
    let national = if half.starts_with('+') || digits.starts_with("0086") {
        digits
            .strip_prefix("0086")
            .or_else(|| digits.strip_prefix("86"))
            .unwrap_or(&digits)
    } else {
        &digits
    };
    national.to_string()
}

impl Store {
    pub fn lead_page(&self, q: &LeadQuery) -> Result<LeadPage> {
        let limit = q.limit.clamp(1, 500);
        let total = if q.count {
            Some(self.lead_count(&q.filter)?)
        } else {
            None
        };
        let searched_newest = q.sort == LeadSort::Newest
            && !q.filter.search.trim().is_empty()
            && q.filter.event_id.is_none()
            && q.filter.tag_id.is_none()
            && q.filter.company_id.is_none();
        if searched_newest {
            let w = q.filter.build_where(Walk::Newest);
            let newest: i64 = self
                .conn
                .query_row("SELECT coalesce(max(id), 0) FROM person", [], |r| r.get(0))
                .context("reading leads")?;
            let floor = newest - NEWEST_WINDOW;
            let rows = self.page_rows(&w, "p.id DESC", Some(floor), limit, q.offset)?;
            // A full page, or every lead walked: the page is what the indexes would give.
            if rows.len() == limit as usize || floor <= 0 {
                return Ok(LeadPage {
                    total,
                    offset: q.offset,
                    rows,
                });
            }
        }
        let w = q.filter.build_where(if q.sort == LeadSort::Newest {
            Walk::Filters
        } else {
            Walk::Sort
        });
        let order = match (q.sort, q.filter.company_id) {
            (LeadSort::Newest, _) => w.newest,
            // One company's leads (thousands at most) are found by its index and sorted; the
            // `+` keeps SQLite from walking every lead in company order to skip the others.
            (LeadSort::Company, Some(_)) => "+p.company, p.id",
            // Exactly the orders of the name and company indexes (the row id ends every index),
            // so a page is a walk along the index, never a sort of every lead; the company
            // index continues with the name, so one company's leads by name walk it too.
            (LeadSort::Name, _) => "p.name, p.company_key, p.id",
            (LeadSort::Company, None) => "p.company, p.id",
        };
        let rows = self.page_rows(&w, order, None, limit, q.offset)?;
        Ok(LeadPage {
            total,
            offset: q.offset,
            rows,
        })
    }

    /// One page of the leads `w` selects in `order`; with `above`, only leads with a greater id.
    /// The page's ids are chosen first and its rows read after: a sort then carries ids, not
    /// whole rows with their event counts (a company of 15,000 leads sorted by name).
    fn page_rows(
        &self,
        w: &Where,
        order: &str,
        above: Option<i64>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<LeadRow>> {
        let n = w.params.len();
        let window = if above.is_some() {
            format!(" AND p.id > ?{}", n + 3)
        } else {
            String::new()
        };
        let mut params = w.params.clone();
        params.push(rusqlite::types::Value::Integer(limit.into()));
        params.push(rusqlite::types::Value::Integer(offset.into()));
        params.extend(above.map(rusqlite::types::Value::Integer));
        let ids = self
            .conn
            .prepare_cached(&format!(
                "SELECT p.id FROM {} WHERE {}{window} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
                w.from,
                w.sql,
                n + 1,
                n + 2
            ))
            .context("reading leads")?
            .query_map(rusqlite::params_from_iter(&params), |r| r.get::<_, i64>(0))
            .context("reading leads")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading leads")?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.id, p.name, p.mobile, p.email, p.company, p.title, p.city, p.seniority, p.function,
                        (SELECT count(*) FROM attendance a WHERE a.person_id = p.id),
                        (SELECT e.name FROM attendance a JOIN event e ON e.id = a.event_id
                          WHERE a.person_id = p.id ORDER BY e.starts_on DESC LIMIT 1),
                        p.company_id
                 FROM json_each(?1) page JOIN person p ON p.id = page.value
                 ORDER BY page.key",
            )
            .context("reading leads")?;
        let page = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        let rows = stmt
            .query_map([page], |r| {
                Ok(LeadRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    mobile: r.get(2)?,
                    email: r.get(3)?,
                    company: r.get(4)?,
                    title: r.get(5)?,
                    city: r.get(6)?,
                    seniority: r.get(7)?,
                    function: r.get(8)?,
                    event_count: r.get(9)?,
                    latest_event: r.get(10)?,
                    company_id: r.get(11)?,
                })
            })
            .context("reading leads")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading leads")?;
        Ok(rows)
    }

    /// How many leads the filter matches.
    pub fn lead_count(&self, filter: &LeadFilter) -> Result<i64> {
        self.lead_count_where(&filter.to_where())
    }

    fn lead_count_where(&self, w: &Where) -> Result<i64> {
        self.conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM {} WHERE {}",
                w.count_from, w.sql
            ))
            .context("counting leads")?
            .query_row(rusqlite::params_from_iter(&w.params), |r| r.get(0))
            .context("counting leads")
    }

    /// Hands every lead matching `filter` to `each`, in list order (newest first), without
    /// holding them all: exports of a million leads stream.
    pub fn export_leads(
        &self,
        filter: &LeadFilter,
        mut each: impl FnMut(LeadForExport) -> Result<()>,
    ) -> Result<u64> {
        let w = filter.to_where();
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {}, p.seniority, p.function, p.created_at,
                        (SELECT group_concat(e.name || char(30) || a.state, char(31))
                           FROM attendance a JOIN event e ON e.id = a.event_id
                          WHERE a.person_id = p.id),
                        (SELECT group_concat(t.name, char(31))
                           FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                          WHERE pt.person_id = p.id),
                        coalesce((SELECT b.file_name FROM import_batch b WHERE b.id = p.created_batch), '')
                 FROM {} WHERE {} ORDER BY {}",
                crate::person_fields::FIELD_COLUMNS,
                w.from,
                w.sql,
                w.newest
            ))
            .context("exporting leads")?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&w.params))
            .context("exporting leads")?;
        let mut n = 0;
        const F: usize = crate::person_fields::FIELD_COUNT;
        while let Some(r) = rows.next().context("exporting leads")? {
            let split = |v: Option<String>| -> Vec<String> {
                v.map(|v| v.split('\u{1f}').map(str::to_string).collect())
                    .unwrap_or_default()
            };
            let lead = LeadForExport {
                fields: crate::person_fields::fields_from_row(r, 0).context("exporting leads")?,
                seniority: r.get(F).context("exporting leads")?,
                function: r.get(F + 1).context("exporting leads")?,
                created_at: r.get(F + 2).context("exporting leads")?,
                events: split(r.get(F + 3).context("exporting leads")?)
                    .into_iter()
                    .map(|e| match e.split_once('\u{1e}') {
                        Some((name, state)) => (name.to_string(), state.to_string()),
                        None => (e, String::new()),
                    })
                    .collect(),
                tags: split(r.get(F + 4).context("exporting leads")?),
                source: r.get(F + 5).context("exporting leads")?,
            };
            each(lead)?;
            n += 1;
        }
        Ok(n)
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
    fn a_searched_list_pages_alike_within_and_beyond_the_newest_leads() {
        let store = Store::open_in_memory().expect("store");
        let n = NEWEST_WINDOW + 2_000;
        // Every 100th lead is a 张: 120 of them, 100 among the newest NEWEST_WINDOW.
        store
            .conn
            .execute(
                "WITH RECURSIVE i(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM i WHERE value < ?1)
                 INSERT INTO person (name, created_at)
                 SELECT CASE WHEN value % 100 = 0 THEN '张' || value ELSE '李' || value END, '2026-01-01'
                 FROM i",
                [n],
            )
            .expect("leads");
        let expected: Vec<i64> = (1..=n).rev().filter(|i| i % 100 == 0).collect();
        for offset in [0u32, 50, 100, 110] {
            let page = store
                .lead_page(&LeadQuery {
                    filter: LeadFilter {
                        search: "张".into(),
                        ..LeadFilter::default()
                    },
                    offset,
                    limit: 50,
                    count: true,
                    ..LeadQuery::default()
                })
                .expect("page");
            let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
            let want: Vec<i64> = expected
                .iter()
                .copied()
                .skip(offset as usize)
                .take(50)
                .collect();
            assert_eq!(ids, want, "page at {offset}, newest first");
            assert_eq!(page.total, Some(120), "the count covers every lead");
        }
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
                    filter: LeadFilter {
                        search: s.into(),
                        ..LeadFilter::default()
                    },
                    limit: 10,
                    ..LeadQuery::default()
                })
                .map(|p| p.total.unwrap_or(-1))
                .unwrap_or(-1)
        };
        assert_eq!(q(""), 3, "empty search lists all");
        assert_eq!(q("张"), 2, "name prefix");
        assert_eq!(q("138"), 2, "mobile prefix");
        for typed in [
            "138 0000 0001",
            "138-0000-0001",
            "+86 138 0000 0001",
            "１３８０００００００１",
        ] {
            assert_eq!(q(typed), 1, "a mobile as people type it: {typed:?}");
        }
        assert_eq!(q("招商"), 2, "company prefix");
        assert_eq!(q("伟"), 0, "not a prefix");
        assert_eq!(q("%"), 0, "wildcards are literal");
        let page = store
            .lead_page(&LeadQuery {
                offset: 2,
                limit: 2,
                ..LeadQuery::default()
            })
            .expect("page");
        assert_eq!(
            (page.total, page.rows.len()),
            (Some(3), 1),
            "paging past the first rows"
        );
    }
}
