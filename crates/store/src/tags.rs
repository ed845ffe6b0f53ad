//! Manual tags on leads, and the counts the lead list's filters show (by event, tag,
//! seniority, function, region). Auto tags are not stored; see the schema 4 migration.

use rusqlite::params;
use serde::Serialize;

use crate::error::{Result, SqlContext, StoreError};
use crate::leads::{LeadFilter, Where};
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagRow {
    pub id: i64,
    pub name: String,
}

/// A filter value and how many leads have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facet {
    /// The id (events, tags) or code/text (seniority, function, region) to filter by.
    pub key: String,
    pub label: String,
    /// How many leads have it, where counting is cheap enough to do on every visit (events and
    /// tags: one index range each).
    pub leads: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadFacets {
    pub events: Vec<Facet>,
    pub tags: Vec<Facet>,
    pub seniority: Vec<Facet>,
    pub function: Vec<Facet>,
    pub regions: Vec<Facet>,
}

impl Store {
    pub fn person_tags(&self, person_id: i64) -> Result<Vec<TagRow>> {
        self.conn
            .prepare_cached(
                "SELECT t.id, t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                 WHERE pt.person_id = ?1 ORDER BY t.name",
            )
            .context("reading tags")?
            .query_map([person_id], |r| {
                Ok(TagRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .context("reading tags")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading tags")
    }

    /// Tags every lead matching `filter` with `name` (created if new); returns the tag and how
    /// many leads gained it. Each gain is in the lead's history.
    pub fn tag_leads(&mut self, filter: &LeadFilter, name: &str) -> Result<(TagRow, i64)> {
        self.tag_where(self.lead_where(filter)?, name)
    }

    /// Tags one lead.
    pub fn tag_lead(&mut self, person_id: i64, name: &str) -> Result<TagRow> {
        let one = Where {
            from: "person p",
            sql: "p.id = ?1".into(),
            params: vec![rusqlite::types::Value::Integer(person_id)],
            newest: "p.id DESC",
            count_from: "person p",
        };
        Ok(self.tag_where(one, name)?.0)
    }

    fn tag_where(&mut self, w: Where, name: &str) -> Result<(TagRow, i64)> {
        let name = name.trim();
        let now = crate::open::now_iso();
        let tx = self.conn.transaction().context("tagging leads")?;
        tx.execute("INSERT OR IGNORE INTO tag (name) VALUES (?1)", [name])
            .map_err(|source| StoreError::Sqlite {
                context: "creating a tag",
                source,
            })?;
        let tag_id: i64 = tx
            .query_row("SELECT id FROM tag WHERE name = ?1", [name], |r| r.get(0))
            .context("creating a tag")?;
        let n = w.params.len();
        let mut params = w.params.clone();
        params.push(rusqlite::types::Value::Integer(tag_id));
        params.push(rusqlite::types::Value::Text(now.clone()));
        params.push(rusqlite::types::Value::Text(name.to_string()));
        tx.execute(
            &format!(
                "INSERT INTO lead_change (person_id, at, kind, field)
                 SELECT p.id, ?{}, 'tag_added', ?{} FROM {} WHERE {}
                   AND NOT EXISTS (SELECT 1 FROM person_tag WHERE tag_id = ?{} AND person_id = p.id)",
                n + 2,
                n + 3,
                w.from,
                w.sql,
                n + 1
            ),
            rusqlite::params_from_iter(&params),
        )
        .context("tagging leads")?;
        let added = tx
            .execute(
                &format!(
                    "INSERT OR IGNORE INTO person_tag (tag_id, person_id, added_at)
                     SELECT ?{}, p.id, ?{} FROM {} WHERE {}",
                    n + 1,
                    n + 2,
                    w.from,
                    w.sql
                ),
                rusqlite::params_from_iter(&params[..n + 2]),
            )
            .context("tagging leads")?;
        tx.commit().context("tagging leads")?;
        Ok((
            TagRow {
                id: tag_id,
                name: name.to_string(),
            },
            added as i64,
        ))
    }

    /// Removes a tag from one lead; false when the lead did not have it.
    pub fn untag_lead(&mut self, person_id: i64, tag_id: i64) -> Result<bool> {
        let now = crate::open::now_iso();
        let tx = self.conn.transaction().context("removing a tag")?;
        let removed = tx
            .execute(
                "DELETE FROM person_tag WHERE tag_id = ?1 AND person_id = ?2",
                params![tag_id, person_id],
            )
            .context("removing a tag")?;
        if removed > 0 {
            tx.execute(
                "INSERT INTO lead_change (person_id, at, kind, field)
                 SELECT ?1, ?2, 'tag_removed', name FROM tag WHERE id = ?3",
                params![person_id, now, tag_id],
            )
            .context("removing a tag")?;
        }
        tx.commit().context("removing a tag")?;
        Ok(removed > 0)
    }

    /// What the filters can offer: events and tags with their lead counts, and the seniority,
    /// function and region values leads have.
    pub fn lead_facets(&self) -> Result<LeadFacets> {
        let counted = |sql: &str| -> Result<Vec<Facet>> {
            self.conn
                .prepare_cached(sql)
                .context("counting leads")?
                .query_map([], |r| {
                    Ok(Facet {
                        key: r.get(0)?,
                        label: r.get(1)?,
                        leads: Some(r.get(2)?),
                    })
                })
                .context("counting leads")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context("counting leads")
        };
        Ok(LeadFacets {
            events: counted(
                "SELECT CAST(e.id AS TEXT), e.name,
                        (SELECT count(*) FROM attendance a WHERE a.event_id = e.id)
                 FROM event e ORDER BY e.starts_on DESC, e.id DESC",
            )?,
            tags: counted(
                "SELECT CAST(t.id AS TEXT), t.name,
                        (SELECT count(*) FROM person_tag pt WHERE pt.tag_id = t.id)
                 FROM tag t ORDER BY t.name",
            )?,
            seniority: self.distinct_values("seniority")?,
            function: self.distinct_values("function")?,
            regions: self.distinct_values("city")?,
        })
    }

    /// The distinct non-empty values of an indexed person column, found by stepping through
    /// its index from one value to the next (a few dozen lookups, not a pass over a million
    /// leads). At most 200.
    fn distinct_values(&self, column: &'static str) -> Result<Vec<Facet>> {
        let mut next = self
            .conn
            .prepare_cached(&format!(
                "SELECT min({column}) FROM person WHERE {column} > ?1"
            ))
            .context("reading filter values")?;
        let mut values = Vec::new();
        let mut after = String::new();
        while values.len() < 200 {
            let value: Option<String> = next
                .query_row([&after], |r| r.get(0))
                .context("reading filter values")?;
            let Some(value) = value else { break };
            values.push(Facet {
                key: value.clone(),
                label: value.clone(),
                leads: None,
            });
            after = value;
        }
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead_import::tests::{event, import, MAPPING};
    use marketdesk_core::ListKind;

    #[test]
    fn tagging_a_filtered_list_and_untagging_one_lead_are_in_history() {
        let mut store = Store::open_in_memory().expect("store");
        let ev = event(&mut store, "峰会");
        import(
            &mut store,
            ev,
            ListKind::Registration,
            "h",
            &MAPPING,
            &[
                &["张三", "13800000001", "", "招商银行", "CIO"],
                &["李四", "13800000002", "", "招商银行", "专员"],
            ],
        )
        .expect("import");
        let filter = LeadFilter {
            seniority: Some("c_level".into()),
            ..LeadFilter::default()
        };
        let (tag, added) = store.tag_leads(&filter, " 重点客户 ").expect("tag");
        assert_eq!((tag.name.as_str(), added), ("重点客户", 1), "only the CIO");
        let (_, again) = store.tag_leads(&filter, "重点客户").expect("tag again");
        assert_eq!(again, 0, "tagging twice adds nothing");
        let facets = store.lead_facets().expect("facets");
        assert_eq!(facets.tags[0].leads, Some(1), "{:?}", facets.tags);
        assert_eq!(facets.events[0].leads, Some(2), "{:?}", facets.events);
        let seniority: Vec<&str> = facets.seniority.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            seniority,
            ["c_level", "staff"],
            "the values leads have, in order"
        );
        let page = store
            .lead_page(&crate::LeadQuery {
                filter: LeadFilter {
                    tag_id: Some(tag.id),
                    ..LeadFilter::default()
                },
                ..crate::LeadQuery::default()
            })
            .expect("page");
        assert_eq!(page.rows.len(), 1);
        let id = page.rows[0].id;
        assert!(store.untag_lead(id, tag.id).expect("untag"));
        let detail = store.lead_detail(id).expect("detail");
        let kinds: Vec<&str> = detail.history.iter().map(|h| h.kind.as_str()).collect();
        assert!(
            kinds.contains(&"tag_added") && kinds.contains(&"tag_removed"),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&"registered") && kinds.contains(&"created"),
            "{kinds:?}"
        );
        assert_eq!(detail.events.len(), 1);
        assert!(detail.tags.is_empty());
    }
}
