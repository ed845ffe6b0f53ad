//! The team (marketing and the sales they hand leads to), the rules that give each lead an
//! owner, and owners set by hand. Every change of owner is in the lead's history.

use marketdesk_core::assignment::{self, Assigned, Field, LeadPlace, Rule};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SqlContext, StoreError};
use crate::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    Marketing,
    Sales,
}

impl TeamRole {
    pub fn code(self) -> &'static str {
        match self {
            TeamRole::Marketing => "marketing",
            TeamRole::Sales => "sales",
        }
    }

    fn from_code(code: &str) -> TeamRole {
        if code == "marketing" {
            TeamRole::Marketing
        } else {
            TeamRole::Sales
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub role: TeamRole,
    pub active: bool,
}

/// Where the round-robin turn is kept between assignments.
const TURN_KEY: &str = "assignment_turn";

impl Store {
    pub fn team(&self) -> Result<Vec<Member>> {
        read_team(&self.conn)
    }

    /// Adds a team member, or returns the one of that name (reactivated, role updated).
    pub fn add_member(&mut self, name: &str, role: TeamRole) -> Result<Member> {
        let name = name.trim();
        if name.is_empty() {
            return Err(marketdesk_core::CoreError::MissingName {
                what: marketdesk_core::Noun::TeamMember,
            }
            .into());
        }
        self.conn
            .execute(
                "INSERT INTO team_member (name, role, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET role = excluded.role, active = 1",
                params![name, role.code(), crate::open::now_utc()],
            )
            .context("adding a team member")?;
        let id: i64 = self
            .conn
            .query_row("SELECT id FROM team_member WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .context("adding a team member")?;
        Ok(Member {
            id,
            name: name.into(),
            role,
            active: true,
        })
    }

    /// A member leaves: keeps their history, takes no new leads.
    pub fn set_member_active(&mut self, id: i64, active: bool) -> Result<()> {
        let n = self
            .conn
            .execute(
                "UPDATE team_member SET active = ?2 WHERE id = ?1",
                params![id, active],
            )
            .context("changing a team member")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "team member",
                id,
            });
        }
        Ok(())
    }

    pub fn member_named(&self, name: &str) -> Result<Option<Member>> {
        Ok(self.team()?.into_iter().find(|m| m.name == name.trim()))
    }

    /// How many leads each member owns, and how many of those are still open (not won, lost
    /// or recycled), by member id.
    pub fn owned_counts(&self) -> Result<std::collections::HashMap<i64, (i64, i64)>> {
        self.conn
            .prepare(
                "SELECT owner_id, count(*),
                        count(*) FILTER (WHERE stage NOT IN ('won', 'lost', 'recycled'))
                   FROM lead_state WHERE owner_id IS NOT NULL GROUP BY owner_id",
            )
            .context("counting owned leads")?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .context("counting owned leads")?
            .collect::<rusqlite::Result<_>>()
            .context("counting owned leads")
    }

    /// The name of the lead's owner, if it has one.
    pub fn lead_owner(&self, person_id: i64) -> Result<Option<String>> {
        self.conn
            .prepare_cached(
                "SELECT m.name FROM lead_state s JOIN team_member m ON m.id = s.owner_id
                 WHERE s.person_id = ?1",
            )
            .context("reading a lead's owner")?
            .query_row([person_id], |r| r.get(0))
            .optional()
            .context("reading a lead's owner")
    }

    pub fn assignment_rules(&self) -> Result<Vec<Rule>> {
        read_rules(&self.conn)
    }

    /// Replaces the rules with `rules`, in their order.
    pub fn set_assignment_rules(&mut self, rules: &[Rule]) -> Result<()> {
        let tx = self.conn.transaction().context("saving assignment rules")?;
        tx.execute("DELETE FROM assignment_rule", [])
            .context("saving assignment rules")?;
        for (i, r) in rules.iter().enumerate() {
            tx.execute(
                "INSERT INTO assignment_rule (position, field, value, member_id) VALUES (?1, ?2, ?3, ?4)",
                params![i as i64, r.field.code(), r.value.trim(), r.member_id],
            )
            .context("saving assignment rules")?;
        }
        tx.commit().context("saving assignment rules")
    }

    /// Gives each lead an owner by the rules (round-robin among active sales when none
    /// matches); `only_unowned` leaves owned leads as they are. Returns how many got one.
    pub fn assign_leads(&mut self, ids: &[i64], only_unowned: bool) -> Result<usize> {
        let tx = self.conn.transaction().context("assigning leads")?;
        let n = assign_in(&tx, ids, only_unowned)?;
        tx.commit().context("assigning leads")?;
        Ok(n)
    }

    /// Sets one owner (or none) for the leads, whatever the rules say: a bulk reassignment.
    pub fn set_owner(&mut self, ids: &[i64], member_id: Option<i64>) -> Result<usize> {
        let tx = self.conn.transaction().context("assigning leads")?;
        let mut n = 0;
        for &id in ids {
            if write_owner(&tx, id, member_id)? {
                n += 1;
            }
        }
        tx.commit().context("assigning leads")?;
        Ok(n)
    }
}

/// Assigns within the caller's transaction (the MQL rule hands new MQLs over as it marks them).
pub(crate) fn assign_in(tx: &Transaction<'_>, ids: &[i64], only_unowned: bool) -> Result<usize> {
    let rules = read_rules(tx)?;
    let turn_order: Vec<i64> = read_team(tx)?
        .into_iter()
        .filter(|m| m.active && m.role == TeamRole::Sales)
        .map(|m| m.id)
        .collect();
    let mut turn: usize = tx
        .query_row(
            "SELECT value FROM workspace_meta WHERE key = ?1",
            [TURN_KEY],
            |r| r.get::<_, String>(0),
        )
        .optional()
        .context("assigning leads")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut n = 0;
    for &id in ids {
        let (city, industry, owner): (String, String, Option<i64>) = tx
            .prepare_cached(
                "SELECT p.city, p.industry, s.owner_id FROM person p
                 LEFT JOIN lead_state s ON s.person_id = p.id WHERE p.id = ?1",
            )
            .context("assigning leads")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .context("assigning leads")?
            .ok_or(StoreError::NotFound { what: "lead", id })?;
        if only_unowned && owner.is_some() {
            continue;
        }
        let place = LeadPlace {
            region: &city,
            industry: &industry,
        };
        if let Some(a) = assignment::assign(&rules, place, &turn_order, &mut turn) {
            let member = match a {
                Assigned::Rule { member_id, .. } | Assigned::Turn { member_id } => member_id,
            };
            if write_owner(tx, id, Some(member))? {
                n += 1;
            }
        }
    }
    tx.execute(
        "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![TURN_KEY, turn.to_string()],
    )
    .context("assigning leads")?;
    Ok(n)
}

/// Sets a lead's owner and records the change; false when it already had that owner.
fn write_owner(tx: &Transaction<'_>, person_id: i64, member_id: Option<i64>) -> Result<bool> {
    let before: Option<(Option<i64>, Option<String>)> = tx
        .prepare_cached(
            "SELECT s.owner_id, m.name FROM lead_state s LEFT JOIN team_member m ON m.id = s.owner_id
             WHERE s.person_id = ?1",
        )
        .context("assigning leads")?
        .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .context("assigning leads")?;
    let (old_id, old_name) = before.unwrap_or((None, None));
    if old_id == member_id {
        return Ok(false);
    }
    let now = crate::open::now_utc();
    tx.prepare_cached(
        "INSERT INTO lead_state (person_id, stage, stage_at, owner_id, assigned_at)
         VALUES (?1, 'lead', ?3, ?2, ?3)
         ON CONFLICT (person_id) DO UPDATE SET owner_id = excluded.owner_id,
             assigned_at = excluded.assigned_at",
    )
    .context("assigning leads")?
    .execute(params![person_id, member_id, now])
    .context("assigning leads")?;
    let new_name: Option<String> = match member_id {
        Some(m) => tx
            .query_row("SELECT name FROM team_member WHERE id = ?1", [m], |r| {
                r.get(0)
            })
            .optional()
            .context("assigning leads")?,
        None => None,
    };
    tx.prepare_cached(
        "INSERT INTO lead_change (person_id, at, kind, field, before, after)
         VALUES (?1, ?2, 'edited', 'owner', ?3, ?4)",
    )
    .context("assigning leads")?
    .execute(params![
        person_id,
        now,
        old_name.unwrap_or_default(),
        new_name.unwrap_or_default()
    ])
    .context("assigning leads")?;
    Ok(true)
}

fn read_team(conn: &rusqlite::Connection) -> Result<Vec<Member>> {
    conn.prepare_cached("SELECT id, name, role, active FROM team_member ORDER BY id")
        .context("reading the team")?
        .query_map([], |r| {
            Ok(Member {
                id: r.get(0)?,
                name: r.get(1)?,
                role: TeamRole::from_code(&r.get::<_, String>(2)?),
                active: r.get(3)?,
            })
        })
        .context("reading the team")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading the team")
}

fn read_rules(conn: &rusqlite::Connection) -> Result<Vec<Rule>> {
    let rows = conn
        .prepare_cached("SELECT field, value, member_id FROM assignment_rule ORDER BY position, id")
        .context("reading assignment rules")?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .context("reading assignment rules")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading assignment rules")?;
    rows.into_iter()
        .map(|(field, value, member_id)| {
            Ok(Rule {
                field: Field::from_code(&field)?,
                value,
                member_id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_leads;

    #[test]
    fn rules_first_then_turns_and_every_change_is_in_the_history() {
        let (mut store, ids) = store_with_leads(4);
        store
            .conn
            .execute("UPDATE person SET city = '深圳' WHERE id = ?1", [ids[0]])
            .expect("city");
        let south = store.add_member("李南", TeamRole::Sales).expect("member");
        let a = store.add_member("赵一", TeamRole::Sales).expect("member");
        let b = store.add_member("钱二", TeamRole::Sales).expect("member");
        store
            .add_member("市场部", TeamRole::Marketing)
            .expect("member");
        store
            .set_assignment_rules(&[Rule {
                field: Field::Region,
                value: "广东".into(),
                member_id: south.id,
            }])
            .expect("rules");
        assert_eq!(store.assign_leads(&ids, true).expect("assign"), 4);
        let owners: Vec<Option<i64>> = ids
            .iter()
            .map(|id| {
                store
                    .conn
                    .query_row(
                        "SELECT owner_id FROM lead_state WHERE person_id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .expect("owner")
            })
            .collect();
        assert_eq!(
            owners,
            vec![Some(south.id), Some(south.id), Some(a.id), Some(b.id)],
            "深圳 is 广东's; the others take turns among the sales (李南 too)"
        );
        assert_eq!(store.assign_leads(&ids, true).expect("again"), 0);
        assert_eq!(store.set_owner(&ids[..2], Some(b.id)).expect("bulk"), 2);
        let changes: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM lead_change WHERE field = 'owner' AND person_id = ?1",
                [ids[0]],
                |r| r.get(0),
            )
            .expect("history");
        assert_eq!(changes, 2);
    }
}
