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
    /// A lifecycle stage code (`mql`…); `lead` includes leads that never moved.
    pub stage: Option<String>,
    /// One owner's leads (a team member's id).
    pub owner_id: Option<i64>,
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
    /// Lifecycle stage code (`lead` when it never moved).
    pub stage: String,
    /// Fit grade ("A"…"D") and engagement points in hundredths, once scored.
    pub grade: Option<String>,
    pub points: Option<i64>,
    /// The owner's name, if any.
    pub owner: Option<String>,
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
    /// The search's indexes, each lead found looked up in the chosen event's (or tag's) rows:
    /// for counting a search within an event of hundreds of thousands.
    SearchFirst,
}

/// How many of the newest leads a searched list walks before it asks the indexes instead. A
/// common search such as the surname 张 matches tens of thousands of leads; gathering them all
/// from three indexes to sort them took 12 ms at a million leads, while its first pages are
/// among the newest few thousand.
#[cfg(not(test))]
const NEWEST_WINDOW: i64 = 10_000;
/// Small in tests, so that every way of finding a page is taken by a few hundred leads.
#[cfg(test)]
const NEWEST_WINDOW: i64 = 60;

/// Up to how many matching leads a sorted list gathers through the filters' indexes and sorts,
/// rather than walking the sort's index (see `Store::walk_for`). Both read about one lead per
/// step: gathering all N matches, or walking (page end) × leads ÷ N leads to find a page's
/// worth; they cost the same at N = √(page end × leads), some 7,000 of a million for the first
/// page, read in about 30 ms at worst.
fn gather_at_most(leads: i64, page_end: i64) -> i64 {
    ((leads.max(1) as f64) * (page_end.max(1) as f64)).sqrt() as i64
}

/// `gather_at_most`, fixed small in tests so a few hundred leads take both ways.
const GATHER_AT_MOST: i64 = 25;

/// From how many leads on an event (or tag) a search within it is counted from the search.
#[cfg(not(test))]
const LARGE_DRIVER: i64 = 20_000;
#[cfg(test)]
const LARGE_DRIVER: i64 = 100;

impl Store {
    /// The filter as SQL. With one event (or else one tag) chosen, the query walks that event's
    /// attendance (or that tag's rows) by person id, so a newest-first page of a big event is a
    /// few index steps instead of a pass over every lead.
    pub(crate) fn lead_where(&self, filter: &LeadFilter) -> Result<Where> {
        self.lead_where_walking(filter, Walk::Filters)
    }

    fn lead_where_walking(&self, filter: &LeadFilter, walk: Walk) -> Result<Where> {
        let companies = match Search::parse(&filter.search) {
            Some(search) => {
                self.companies_named_by(&search.text, |key, name| search.names_company(key, name))?
            }
            None => Vec::new(),
        };
        Ok(filter.build_where(walk, &companies, None))
    }
}

impl LeadFilter {
    /// `companies`: the companies the search names (`Store::companies_named_by`).
    /// `except_prefix_of`: a column ("name", "company") whose prefix matches the search leaves
    /// out (see `Store::walk_for`).
    fn build_where(&self, walk: Walk, companies: &[i64], except_prefix_of: Option<&str>) -> Where {
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
                    if matches!(walk, Walk::Sort | Walk::SearchFirst) {
                        // Lead first, its attendance looked up by its key.
                        "person p CROSS JOIN attendance a ON a.person_id = p.id"
                    } else {
                        "attendance a JOIN person p ON p.id = a.person_id"
                    },
                    "a.person_id DESC",
                    "attendance a",
                )
            }
            (None, Some(tag)) => {
                let t = bind(Value::Integer(tag), &mut params);
                conds.push(format!("pt.tag_id = {t}"));
                (
                    if matches!(walk, Walk::Sort | Walk::SearchFirst) {
                        "person p CROSS JOIN person_tag pt ON pt.person_id = p.id"
                    } else {
                        "person_tag pt JOIN person p ON p.id = pt.person_id"
                    },
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
        if let Some(search) = Search::parse(&self.search) {
            let walked = matches!(walk, Walk::Sort | Walk::Newest);
            conds.push(
                search.condition(walked, companies, except_prefix_of, &mut |v| {
                    bind(v, &mut params)
                }),
            );
        }
        if let Some(stage) = &self.stage {
            let v = bind(Value::Text(stage.clone()), &mut params);
            // Leads that never moved have no state row: they are at 'lead'.
            conds.push(if stage == "lead" {
                format!("NOT EXISTS (SELECT 1 FROM lead_state s WHERE s.person_id = p.id AND s.stage <> {v})")
            } else {
                format!("p.id IN (SELECT person_id FROM lead_state WHERE stage = {v})")
            });
        }
        if let Some(owner) = self.owner_id {
            let v = bind(Value::Integer(owner), &mut params);
            conds.push(format!(
                "p.id IN (SELECT person_id FROM lead_state WHERE owner_id = {v})"
            ));
        }
        if self.no_contact {
            const NO_CONTACT: &str =
                "mobile IS NULL AND email IS NULL AND other_phones = '' AND wechat = ''";
            conds.push(if walk == Walk::Filters {
                // Through the small index of exactly these leads: left to itself SQLite takes
                // the email index for `email IS NULL`, which holds most leads.
                format!("p.id IN (SELECT id FROM person INDEXED BY person_no_contact WHERE {NO_CONTACT})")
            } else {
                // Tested on each lead the list walks.
                format!("+p.{}", NO_CONTACT.replace(" AND ", " AND p."))
            });
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

/// What a search box's text is looked up as. A lead matches when the text begins its name, or
/// its name from the second character, or ends it (张, 小明 and 明 in 张小明: every part of a
/// Chinese name of up to four characters), begins or ends its mobile (尾号), or is part of
/// its company's name or an abbreviation of it (招行 → 招商银行, 工行 → 中国工商银行). Each is
/// answered by an index (name, `person_name_from2`, `person_name_end`, mobile,
/// `person_mobile_tail`, the company table), so a rare search is a few index steps at a
/// million leads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Search {
    /// Half-width and trimmed.
    text: String,
    /// The digits of a phone typed the way people write one (139 0000 1111, +86 139…), as
    /// mobiles are stored.
    digits: Option<String>,
    /// The text as a company key (`company_key`), for company names however written.
    company_key: String,
    /// Two to four Chinese characters: possibly an abbreviation (招行 → 招商银行).
    abbreviation: bool,
}

impl Search {
    fn parse(raw: &str) -> Option<Search> {
        let text = marketdesk_core::people::to_half_width(raw.trim()).into_owned();
        if text.is_empty() {
            return None;
        }
        let phone_like = text.chars().any(|c| c.is_ascii_digit())
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
        let digits = phone_like.then(|| {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let national = if text.starts_with('+') || digits.starts_with("0086") {
                digits
                    .strip_prefix("0086")
                    .or_else(|| digits.strip_prefix("86"))
                    .unwrap_or(&digits)
            } else {
                &digits
            };
            national.to_string()
        });
        let chars = text.chars().count();
        let abbreviation = (2..=4).contains(&chars)
            && text.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        Some(Search {
            company_key: marketdesk_core::people::company_key(&text),
            text,
            digits,
            abbreviation,
        })
    }

    /// Whether the search names the company with this matching key and displayed name: a part
    /// of either, or (two to four Chinese characters) an abbreviation, its characters in order
    /// in the key.
    fn names_company(&self, key: &str, name: &str) -> bool {
        name.contains(&self.text)
            || (!self.company_key.is_empty() && key.contains(&self.company_key))
            || self.abbreviation && {
                let mut rest = key.chars();
                self.text.chars().all(|c| rest.any(|k| k == c))
            }
    }

    /// The condition, its values bound through `bind`; `companies` are those the search names. `walk`: the list walks the newest leads
    /// testing each, so no index is to be used for it (a `+` before a column keeps SQLite off
    /// its index).
    fn condition(
        &self,
        walk: bool,
        companies: &[i64],
        except_prefix_of: Option<&str>,
        bind: &mut dyn FnMut(rusqlite::types::Value) -> String,
    ) -> String {
        use rusqlite::types::Value;
        let u = if walk { "+" } else { "" };
        let mut any: Vec<String> = Vec::new();
        // Ranges rather than LIKE: they use the indexes, and treat %, _ and \ as the
        // characters they are.
        let mut starts = |column: &str, text: &str, any: &mut Vec<String>| {
            let lo = bind(Value::Text(text.to_string()));
            let hi = bind(Value::Text(format!("{text}\u{10FFFF}")));
            any.push(format!("{u}p.{column} >= {lo} AND {u}p.{column} < {hi}"));
        };
        for column in ["name", "company"] {
            if except_prefix_of != Some(column) {
                starts(column, &self.text, &mut any);
            }
        }
        if let Some(digits) = self.digits.as_deref().filter(|d| !d.is_empty()) {
            starts("mobile", digits, &mut any);
        }
        let n = self.text.chars().count();
        let last: String = self.text.chars().skip(n - 1).collect();
        let (last, whole, len) = (
            bind(Value::Text(last)),
            bind(Value::Text(self.text.clone())),
            bind(Value::Integer(n as i64)),
        );
        any.push(format!(
            "{u}substr(p.name, -1) = {last} AND substr(p.name, -{len}) = {whole}"
        ));
        // From the second character: the middle of a name (小 in 张小明).
        let lo = bind(Value::Text(self.text.clone()));
        let hi = bind(Value::Text(format!("{}\u{10FFFF}", self.text)));
        any.push(format!(
            "{u}substr(p.name, 2) >= {lo} AND {u}substr(p.name, 2) < {hi}"
        ));
        if let Some(digits) = self.digits.as_deref().filter(|d| d.len() >= 4) {
            let tail = bind(Value::Text(digits[digits.len() - 4..].to_string()));
            let whole = bind(Value::Text(digits.to_string()));
            let len = bind(Value::Integer(digits.len() as i64));
            any.push(format!(
                "{u}substr(p.mobile, -4) = {tail} AND substr(p.mobile, -{len}) = {whole}"
            ));
        }
        if !companies.is_empty() {
            let ids = serde_json::to_string(companies).unwrap_or_else(|_| "[]".into());
            let ids = bind(Value::Text(ids));
            any.push(format!(
                "{u}p.company_id IN (SELECT value FROM json_each({ids}))"
            ));
        }
        format!("({})", any.join(" OR "))
    }
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
            let w = self.lead_where_walking(&q.filter, Walk::Newest)?;
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
        let walk = self.walk_for(q)?;
        let w = self.lead_where_walking(&q.filter, walk)?;
        let order = match (q.sort, walk, q.filter.company_id) {
            (LeadSort::Newest, _, _) => w.newest,
            // One company's leads by name: its index continues with the name.
            (LeadSort::Name, Walk::Filters, Some(_)) => "p.name, p.company_key, p.id",
            // Few leads, found by the filters' indexes and sorted; the `+` keeps SQLite from
            // walking every lead in the sort's order to skip the others.
            (LeadSort::Name, Walk::Filters, None) => "+p.name, p.company_key, p.id",
            (LeadSort::Company, Walk::Filters, _) => "+p.company, p.id",
            // Exactly the orders of the name and company indexes (the row id ends every index),
            // so a page is a walk along the index, never a sort of every lead.
            (LeadSort::Name, _, _) => "p.name, p.company_key, p.id",
            (LeadSort::Company, _, _) => "p.company, p.id",
        };
        let rows = self.page_rows(&w, order, None, limit, q.offset)?;
        Ok(LeadPage {
            total,
            offset: q.offset,
            rows,
        })
    }

    /// How a sorted list finds its page. Many matching leads: walk the sort's index, testing
    /// each lead, and stop after the page (dense matches fill it quickly). Few: find them by the
    /// filters' indexes and sort them (walking the sort's index for a rare search, a small
    /// event or a small city would pass nearly every lead before filling a page).
    fn walk_for(&self, q: &LeadQuery) -> Result<Walk> {
        if q.sort == LeadSort::Newest || q.filter.company_id.is_some() {
            return Ok(Walk::Filters);
        }
        if q.filter == LeadFilter::default() {
            return Ok(Walk::Sort);
        }
        let at_most = if cfg!(test) {
            GATHER_AT_MOST
        } else {
            let leads: i64 = self
                .conn
                .query_row("SELECT coalesce(max(id), 0) FROM person", [], |r| r.get(0))
                .context("reading leads")?;
            gather_at_most(leads, i64::from(q.offset) + i64::from(q.limit))
        };
        // A search also picks leads by the very column the list sorts by: those starting with
        // 张 lie together in the name index, and a walk along it passes every lead before them.
        // Only the other matches (a given name, a company, with the filters) spread along the
        // sort's order, so only they can fill a walked page quickly.
        let (column, prefix) = match q.sort {
            LeadSort::Name => ("name", None),
            _ => ("company", Search::parse(&q.filter.search).map(|s| s.text)),
        };
        let companies = match Search::parse(&q.filter.search) {
            Some(search) => self.companies_matching(|key, name| {
                search.names_company(key, name)
                    && !prefix.as_deref().is_some_and(|p| name.starts_with(p))
            })?,
            None => Vec::new(),
        };
        let w = q
            .filter
            .build_where(Walk::Filters, &companies, Some(column));
        let mut params = w.params.clone();
        params.push(rusqlite::types::Value::Integer(at_most));
        let spread: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} LIMIT ?{})",
                w.count_from,
                w.sql,
                params.len()
            ))
            .context("reading leads")?
            .query_row(rusqlite::params_from_iter(&params), |r| r.get(0))
            .context("reading leads")?;
        Ok(if spread < at_most {
            Walk::Filters
        } else {
            Walk::Sort
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
                        p.company_id, coalesce(st.stage, 'lead'), ls.grade, ls.points, m.name
                 FROM json_each(?1) page JOIN person p ON p.id = page.value
                 LEFT JOIN lead_state st ON st.person_id = p.id
                 LEFT JOIN lead_score ls ON ls.person_id = p.id
                 LEFT JOIN team_member m ON m.id = st.owner_id
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
                    stage: r.get(12)?,
                    grade: r.get(13)?,
                    points: r.get(14)?,
                    owner: r.get(15)?,
                })
            })
            .context("reading leads")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading leads")?;
        Ok(rows)
    }

    /// How many leads the filter matches.
    pub fn lead_count(&self, filter: &LeadFilter) -> Result<i64> {
        // A search within a large event (or tag) is counted from the search's side: left to
        // itself SQLite tests the search on each of the event's leads (0.4 s for 张 in an
        // event of 950,000).
        let search_first = Search::parse(&filter.search).is_some()
            && filter.company_id.is_none()
            && self.chosen_rows_at_least(filter, LARGE_DRIVER)?;
        let walk = if search_first {
            Walk::SearchFirst
        } else {
            Walk::Filters
        };
        self.lead_count_where(&self.lead_where_walking(filter, walk)?)
    }

    /// Whether the chosen event (else tag) has at least `n` leads; false when neither is chosen.
    fn chosen_rows_at_least(&self, filter: &LeadFilter, n: i64) -> Result<bool> {
        let (sql, id) = match (filter.event_id, filter.tag_id) {
            (Some(e), _) => (
                "SELECT count(*) FROM (SELECT 1 FROM attendance WHERE event_id = ?1 LIMIT ?2)",
                e,
            ),
            (None, Some(t)) => (
                "SELECT count(*) FROM (SELECT 1 FROM person_tag WHERE tag_id = ?1 LIMIT ?2)",
                t,
            ),
            (None, None) => return Ok(false),
        };
        let found: i64 = self
            .conn
            .prepare_cached(sql)
            .context("counting leads")?
            .query_row((id, n), |r| r.get(0))
            .context("counting leads")?;
        Ok(found >= n)
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
        let w = self.lead_where(filter)?;
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
                        (SELECT count(*) FROM event WHERE status = 'planned' OR status = 'done'),
                        (SELECT count(*) FROM event WHERE status = 'candidate'),
                        (SELECT count(*) FROM person)",
                [],
                |r| {
                    Ok(WorkspaceCounts {
                        plans: r.get(0)?,
                        tactics: r.get(1)?,
                        events: r.get(2)?,
                        candidates: r.get(3)?,
                        leads: r.get(4)?,
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
    /// Planned and done events: the year's, not the offers still weighed.
    pub events: i64,
    pub candidates: i64,
    pub leads: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_searched_list_pages_alike_within_and_beyond_the_newest_leads() {
        let store = Store::open_in_memory().expect("store");
        let n = NEWEST_WINDOW + 2_000;
        // Every 100th lead is a 张: 20 of them beyond the newest NEWEST_WINDOW.
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
            assert_eq!(
                page.total,
                Some(expected.len() as i64),
                "the count covers every lead"
            );
        }
    }

    /// A lead as the plain model below sees it.
    struct Model {
        id: i64,
        name: String,
        mobile: Option<String>,
        company: String,
        company_name: String,
        company_key: String,
        city: String,
        seniority: String,
        events: Vec<(i64, &'static str)>,
        tags: Vec<i64>,
    }

    impl Model {
        /// The search rules, written out plainly.
        fn found_by(&self, raw: &str) -> bool {
            let Some(s) = Search::parse(raw) else {
                return true;
            };
            let digits = s.digits.as_deref().unwrap_or("");
            let subsequence = |pattern: &str, key: &str| {
                let mut rest = key.chars();
                pattern.chars().all(|c| rest.any(|k| k == c))
            };
            self.name.starts_with(&s.text)
                || self
                    .name
                    .chars()
                    .skip(1)
                    .collect::<String>()
                    .starts_with(&s.text)
                || self.name.ends_with(&s.text)
                || self.company.starts_with(&s.text)
                || self.company_name.contains(&s.text)
                || (!s.company_key.is_empty() && self.company_key.contains(&s.company_key))
                || (s.abbreviation && subsequence(&s.text, &self.company_key))
                || self.mobile.as_deref().is_some_and(|m| {
                    !digits.is_empty()
                        && (m.starts_with(digits) || (digits.len() >= 4 && m.ends_with(digits)))
                })
        }

        fn selected_by(&self, f: &LeadFilter) -> bool {
            let state_ok = |event: Option<i64>| match (&f.attendance, event) {
                (None, Some(e)) => self.events.iter().any(|(id, _)| *id == e),
                (Some(st), Some(e)) => self.events.iter().any(|(id, s)| *id == e && s == st),
                (Some(st), None) => self.events.iter().any(|(_, s)| s == st),
                (None, None) => true,
            };
            self.found_by(&f.search)
                && state_ok(f.event_id)
                && f.tag_id.is_none_or(|t| self.tags.contains(&t))
                && f.seniority.as_ref().is_none_or(|v| &self.seniority == v)
                && f.region.as_ref().is_none_or(|v| &self.city == v)
        }
    }

    #[test]
    fn every_way_of_finding_a_page_gives_what_a_plain_filter_and_sort_give() {
        let store = Store::open_in_memory().expect("store");
        let mut seed = 0x9e37_79b9_u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) as usize) % n
        };
        let surnames = ["张", "李", "王", "欧阳", "陈"];
        let given = ["伟", "娜娜", "敏", "强", "小明", "静"];
        let companies = [
            "招商银行股份有限公司",
            "中国工商银行",
            "平安保险",
            "招商证券",
            "华为技术有限公司",
            "",
        ];
        let cities = ["上海", "北京", "深圳"];
        let levels = ["c_level", "manager", "staff"];
        let states = ["registered", "attended", "no_show", "walk_in"];
        store
            .conn
            .execute_batch(
                "INSERT INTO campaign (id, name, channel, created_at) VALUES
                   (1, '大会', 'offline_events', 'x'), (2, '沙龙', 'offline_events', 'x');
                 INSERT INTO event (id, name, kind, status, campaign_id, starts_on, created_at) VALUES
                   (1, '大会', 'summit', 'done', 1, '2026-01-01', 'x'),
                   (2, '沙龙', 'salon', 'done', 2, '2026-02-01', 'x');
                 INSERT INTO tag (id, name) VALUES (1, '重点'), (2, '跟进');",
            )
            .expect("events");
        let mut model = Vec::new();
        for id in 1..=400i64 {
            let name = format!("{}{}", surnames[next(5)], given[next(6)]);
            let mobile = (next(5) > 0).then(|| format!("13{:09}", next(1_000_000_000)));
            let company = companies[next(6)].to_string();
            let key = marketdesk_core::people::company_key(&company);
            if !key.is_empty() {
                store
                    .conn
                    .execute(
                        "INSERT OR IGNORE INTO company (key, name, created_at) VALUES (?1, ?2, 'x')",
                        (&key, &company),
                    )
                    .expect("company");
            }
            let city = cities[next(3)].to_string();
            let seniority = levels[next(3)].to_string();
            store
                .conn
                .execute(
                    "INSERT INTO person (id, name, mobile, company, company_key, company_id, city, seniority, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM company WHERE key = ?5), ?6, ?7, 'x')",
                    rusqlite::params![id, name, mobile, company, key, city, seniority],
                )
                .expect("lead");
            let mut events = Vec::new();
            for event in [1i64, 2] {
                // The big event has most leads, the small one a few.
                if next(100) < if event == 1 { 80 } else { 5 } {
                    let state = states[next(4)];
                    store
                        .conn
                        .execute(
                            "INSERT INTO attendance (event_id, person_id, state) VALUES (?1, ?2, ?3)",
                            rusqlite::params![event, id, state],
                        )
                        .expect("attendance");
                    events.push((event, state));
                }
            }
            let mut tags = Vec::new();
            for tag in [1i64, 2] {
                if next(100) < if tag == 1 { 60 } else { 4 } {
                    store
                        .conn
                        .execute(
                            "INSERT INTO person_tag (tag_id, person_id, added_at) VALUES (?1, ?2, 'x')",
                            rusqlite::params![tag, id],
                        )
                        .expect("tag");
                    tags.push(tag);
                }
            }
            let company_name = store
                .conn
                .query_row(
                    "SELECT coalesce((SELECT name FROM company WHERE key = ?1), '')",
                    [&key],
                    |r| r.get(0),
                )
                .expect("company name");
            model.push(Model {
                id,
                name,
                mobile,
                company,
                company_name,
                company_key: key,
                city,
                seniority,
                events,
                tags,
            });
        }
        let mobile_tail = model
            .iter()
            .find_map(|m| m.mobile.as_ref().map(|m| m[m.len() - 4..].to_string()))
            .expect("a mobile");
        let searches = [
            "",
            "张",
            "小",
            "阳娜",
            "娜娜",
            "伟",
            "欧阳",
            "银行",
            "招行",
            "工行",
            "招商",
            "13",
            mobile_tail.as_str(),
            "%",
        ];
        let mut filters = Vec::new();
        for search in searches {
            for (event_id, attendance) in [
                (None, None),
                (Some(1), None),
                (Some(2), None),
                (Some(1), Some("attended")),
                (None, Some("walk_in")),
            ] {
                for tag_id in [None, Some(1), Some(2)] {
                    for region in [None, Some("上海")] {
                        filters.push(LeadFilter {
                            search: search.into(),
                            event_id,
                            attendance: attendance.map(str::to_string),
                            tag_id,
                            region: region.map(str::to_string),
                            ..LeadFilter::default()
                        });
                    }
                }
            }
        }
        filters.push(LeadFilter {
            seniority: Some("c_level".into()),
            ..LeadFilter::default()
        });
        for filter in &filters {
            let mut want: Vec<&Model> = model.iter().filter(|m| m.selected_by(filter)).collect();
            for sort in [LeadSort::Newest, LeadSort::Name, LeadSort::Company] {
                match sort {
                    LeadSort::Newest => want.sort_by_key(|m| std::cmp::Reverse(m.id)),
                    LeadSort::Name => want.sort_by(|a, b| {
                        (&a.name, &a.company_key, a.id).cmp(&(&b.name, &b.company_key, b.id))
                    }),
                    LeadSort::Company => {
                        want.sort_by(|a, b| (&a.company, a.id).cmp(&(&b.company, b.id)))
                    }
                }
                for offset in [0u32, 20, 45] {
                    let page = store
                        .lead_page(&LeadQuery {
                            filter: filter.clone(),
                            sort,
                            offset,
                            limit: 20,
                            count: offset == 0,
                        })
                        .expect("page");
                    let got: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
                    let expected: Vec<i64> = want
                        .iter()
                        .skip(offset as usize)
                        .take(20)
                        .map(|m| m.id)
                        .collect();
                    assert_eq!(got, expected, "{filter:?} {sort:?} from {offset}");
                    if offset == 0 {
                        assert_eq!(page.total, Some(want.len() as i64), "{filter:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn search_finds_either_end_of_a_name_or_mobile_and_any_part_of_a_company() {
        let store = Store::open_in_memory().expect("store");
        for (name, mobile, company) in [
            ("张伟", "13800000001", "招商银行股份有限公司"),
            ("张敏", "13900005678", "平安保险"),
            ("欧阳娜娜", "13800000003", "招商证券"),
            ("李四", "+85261234567", "中国工商银行股份有限公司"),
        ] {
            let key = marketdesk_core::people::company_key(company);
            store
                .conn
                .execute(
                    "INSERT OR IGNORE INTO company (key, name, created_at) VALUES (?1, ?2, '2026-01-01')",
                    (&key, company),
                )
                .expect("company");
            store
                .conn
                .execute(
                    "INSERT INTO person (name, mobile, company, company_key, company_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, (SELECT id FROM company WHERE key = ?4), '2026-01-01')",
                    (name, mobile, company, &key),
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
        assert_eq!(q(""), 4, "empty search lists all");
        assert_eq!(q("张"), 2, "a surname");
        assert_eq!(q("娜娜"), 1, "a given name, after a two-character surname");
        assert_eq!(q("伟"), 1, "a one-character given name");
        assert_eq!(q("阳娜"), 1, "from a name's second character");
        assert_eq!(q("娜"), 1, "a name's third character, here also its end");
        assert_eq!(q("欧娜"), 0, "not a part of the name");
        assert_eq!(q("138"), 2, "the start of a mobile");
        assert_eq!(q("5678"), 1, "the last four digits (尾号)");
        assert_eq!(q("05678"), 1, "a longer end of a mobile");
        assert_eq!(q("1234"), 0, "the middle of a mobile is neither end");
        for typed in [
            "138 0000 0001",
            "138-0000-0001",
            "+86 138 0000 0001",
            "１３８０００００００１",
        ] {
            assert_eq!(q(typed), 1, "a mobile as people type it: {typed:?}");
        }
        assert_eq!(q("招商"), 2, "the start of a company");
        assert_eq!(q("银行"), 2, "any part of a company");
        assert_eq!(q("招行"), 1, "an abbreviation: 招商银行");
        assert_eq!(q("工行"), 1, "an abbreviation: 中国工商银行");
        assert_eq!(
            q("有限公司"),
            2,
            "the legal form is part of the name as written"
        );
        assert_eq!(q("%"), 0, "wildcards are literal");
        assert_eq!(q("_"), 0, "wildcards are literal");
        // A company added after the names were read (and held) is found.
        assert_eq!(q("建行"), 0);
        store
            .conn
            .execute_batch(
                "INSERT INTO company (key, name, created_at) VALUES ('中国建设银行', '中国建设银行', 'x');
                 INSERT INTO person (name, company, company_key, company_id, created_at)
                 VALUES ('王五', '中国建设银行', '中国建设银行', last_insert_rowid(), 'x');",
            )
            .expect("new company");
        assert_eq!(q("建行"), 1, "the new company's abbreviation");
        let page = store
            .lead_page(&LeadQuery {
                offset: 2,
                limit: 2,
                ..LeadQuery::default()
            })
            .expect("page");
        assert_eq!(
            (page.total, page.rows.len()),
            (Some(5), 2),
            "paging past the first rows"
        );
    }
}
