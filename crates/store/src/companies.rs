//! Companies as accounts: the leads of one institution (its buying centre), which functions
//! they cover, and who the most senior contacts are.

use marketdesk_core::people::company_key;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Result, SqlContext};
use crate::Store;

/// Colleagues a lead's page lists; the count covers all of them.
const COLLEAGUES: u32 = 10;

/// A company as a lead's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyCard {
    pub id: i64,
    /// The fullest name its leads give.
    pub name: String,
    /// All its leads, the one whose page this is included.
    pub leads: i64,
    /// Leads per buying-centre function code; functions without leads are absent.
    pub functions: Vec<(String, i64)>,
    /// Its other leads, most senior first.
    pub colleagues: Vec<Colleague>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Colleague {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub seniority: String,
    pub function: String,
}

/// Names each company that `which` (SQL selecting company ids) lists by the fullest name its
/// leads give, the first lead's spelling on a tie. Imports keep the same rule as they go
/// (`person_fields::CompanyIds`); this restores it after leads are filled in or taken away.
pub(crate) fn name_by_fullest(conn: &rusqlite::Connection, which: &str) -> Result<()> {
    conn.execute(
        &format!(
            "UPDATE company SET name = (SELECT p.company FROM person p WHERE p.company_id = company.id
                                        ORDER BY length(p.company) DESC, p.id LIMIT 1)
             WHERE id IN ({which})"
        ),
        [],
    )
    .context("naming companies")?;
    Ok(())
}

/// Most senior first, as a sales team reads an account.
const BY_SENIORITY: &str = "CASE seniority WHEN 'c_level' THEN 0 WHEN 'vp_director' THEN 1
     WHEN 'manager' THEN 2 WHEN 'staff' THEN 3 ELSE 4 END";

impl Store {
    /// The company a name means, however it is written (招商银行, 招商银行股份有限公司…).
    pub fn company_named(&self, name: &str) -> Result<Option<i64>> {
        let key = company_key(name);
        if key.is_empty() {
            return Ok(None);
        }
        self.conn
            .prepare_cached("SELECT id FROM company WHERE key = ?1")
            .context("reading a company")?
            .query_row([key], |r| r.get(0))
            .optional()
            .context("reading a company")
    }

    /// The company of lead `person_id`, if the lead names one.
    pub fn company_of(&self, person_id: i64) -> Result<Option<CompanyCard>> {
        let head: Option<(i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.name FROM person p JOIN company c ON c.id = p.company_id
                 WHERE p.id = ?1",
            )
            .context("reading a company")?
            .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .context("reading a company")?;
        let Some((id, name)) = head else {
            return Ok(None);
        };
        let functions = self
            .conn
            .prepare_cached(
                "SELECT function, count(*) FROM person WHERE company_id = ?1
                 GROUP BY function ORDER BY count(*) DESC, function",
            )
            .context("reading a company")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("reading a company")?
            .collect::<rusqlite::Result<Vec<(String, i64)>>>()
            .context("reading a company")?;
        let colleagues = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, name, title, seniority, function FROM person
                 WHERE company_id = ?1 AND id <> ?2
                 ORDER BY {BY_SENIORITY}, name, id LIMIT {COLLEAGUES}"
            ))
            .context("reading a company")?
            .query_map([id, person_id], |r| {
                Ok(Colleague {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    title: r.get(2)?,
                    seniority: r.get(3)?,
                    function: r.get(4)?,
                })
            })
            .context("reading a company")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading a company")?;
        Ok(Some(CompanyCard {
            id,
            name,
            leads: functions.iter().map(|(_, n)| n).sum(),
            functions,
            colleagues,
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::lead_import::tests::{event, import, MAPPING};
    use crate::Store;
    use marketdesk_core::ListKind;

    fn companies(store: &Store) -> Vec<(String, String, i64)> {
        store
            .conn
            .prepare(
                "SELECT c.key, c.name, (SELECT count(*) FROM person p WHERE p.company_id = c.id)
                 FROM company c ORDER BY c.key",
            )
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    }

    fn person_id(store: &Store, name: &str) -> i64 {
        store
            .conn
            .query_row("SELECT id FROM person WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .expect("person")
    }

    #[test]
    fn one_company_for_every_way_its_name_is_written() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &MAPPING,
            &[
                &["甲", "13800000001", "", "招商银行", "信息技术部总经理"],
                &["乙", "13800000002", "", "招商银行股份有限公司", "采购经理"],
                &["丙", "13800000003", "", "招商银行 ", "董事长"],
                &["丁", "13800000004", "", "平安科技（深圳）有限公司", ""],
                &["戊", "13800000005", "", "", ""],
            ],
        )
        .expect("import");
        let got = companies(&store);
        assert_eq!(
            got.len(),
            2,
            "招商银行 written three ways is one company: {got:?}"
        );
        let cmb = got
            .iter()
            .find(|c| c.2 == 3)
            .expect("招商银行 with three leads");
        assert_eq!(cmb.1, "招商银行股份有限公司", "named by its fullest name");

        let card = store
            .company_of(person_id(&store, "甲"))
            .expect("read")
            .expect("甲 works somewhere");
        assert_eq!(card.leads, 3, "甲 and two colleagues");
        let names: Vec<&str> = card.colleagues.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["丙", "乙"],
            "colleagues most senior first, 甲 not among them"
        );
        assert!(
            card.functions
                .iter()
                .any(|(f, n)| f == "procurement" && *n == 1),
            "the buying centre: {:?}",
            card.functions
        );
        assert_eq!(
            store.company_named("招商银行股份有限公司").expect("lookup"),
            Some(card.id),
            "found by any of its names"
        );
        assert_eq!(store.company_named("中信银行").expect("lookup"), None);
        assert_eq!(
            store.company_of(person_id(&store, "戊")).expect("read"),
            None,
            "no company named, none shown"
        );
    }

    #[test]
    fn a_later_import_finds_the_stored_company_and_names_it_more_fully_only() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        let list = |store: &mut Store, hash: &str, rows: &[&[&str]]| {
            import(store, ev, ListKind::Registration, hash, &MAPPING, rows).expect("import")
        };
        list(
            &mut store,
            "first",
            &[&["甲", "13800000001", "", "招商银行", ""]],
        );
        list(
            &mut store,
            "fuller",
            &[&["乙", "13800000002", "", "招商银行股份有限公司", ""]],
        );
        list(
            &mut store,
            "shorter",
            &[&["丙", "13800000003", "", "招商银行 ", ""]],
        );
        assert_eq!(
            companies(&store),
            [(
                "招商银行".to_string(),
                "招商银行股份有限公司".to_string(),
                3
            )],
            "one stored company, renamed by the fuller name and not back by the shorter one"
        );
    }

    #[test]
    fn undoing_the_import_that_brought_a_company_removes_it_and_renames_the_rest() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &MAPPING,
            &[&["甲", "13800000001", "", "招商银行", ""]],
        )
        .expect("registration");
        let later = import(
            &mut store,
            ev,
            ListKind::CheckIn,
            "chk",
            &MAPPING,
            &[
                &["乙", "13800000002", "", "招商银行股份有限公司", ""],
                &["丙", "13800000003", "", "华为技术有限公司", ""],
            ],
        )
        .expect("check-in");
        assert_eq!(companies(&store).len(), 2);
        store.undo_import(later.id).expect("undo");
        assert_eq!(
            companies(&store),
            [("招商银行".to_string(), "招商银行".to_string(), 1)],
            "华为 gone with its only lead; 招商银行 named as its remaining lead writes it"
        );
    }

    #[test]
    fn a_filled_company_links_the_lead_and_undo_unlinks_it() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "reg",
            &MAPPING,
            &[&["甲", "13800000001", "", "", ""]],
        )
        .expect("registration");
        let later = import(
            &mut store,
            ev,
            ListKind::CheckIn,
            "chk",
            &MAPPING,
            &[&["甲", "13800000001", "", "华为技术有限公司", ""]],
        )
        .expect("check-in");
        let id = person_id(&store, "甲");
        assert_eq!(
            store.company_of(id).expect("read").map(|c| c.name),
            Some("华为技术有限公司".into()),
            "the merge filled the blank company, and linked it"
        );
        store.undo_import(later.id).expect("undo");
        assert_eq!(store.company_of(id).expect("read"), None);
        assert!(
            companies(&store).is_empty(),
            "no company left without leads"
        );
    }
}
