//! What a lead's score is computed from, gathered for everyone (or a few) in one pass per table:
//! the profile (seniority, function, industry, region, company size), the touches that score
//! (event attendance, content, follow-ups) and the source, the lead's first touch.
//!
//! A full pass reads people and attendance on this connection while a second, read-only one
//! reads the touches (a million leads have three million) on the other core. Texts that repeat
//! (cities, companies) are kept once, and leads are found by id in a dense table, so the pass
//! allocates next to nothing per row.

use std::collections::HashMap;
use std::path::Path;

use marketdesk_core::followup::{Channel as FollowChannel, Outcome};
use marketdesk_core::scoring::{CompanySize, EngagementKind, Profile, Touch};
use marketdesk_core::{Function, Seniority};
use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, SqlContext};

/// Which leads to gather.
pub(crate) enum Scope<'a> {
    All,
    One(i64),
    Some(&'a [i64]),
}

/// Where a lead first met us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Source {
    pub day: i32,
    /// Index into [`Inputs::channels`].
    pub channel: u32,
    pub event: Option<i64>,
}

pub(crate) struct LeadInputs {
    seniority: Seniority,
    function: Function,
    /// Indexes into the shared texts.
    industry: u32,
    city: u32,
    size: Option<CompanySize>,
    pub touches: Vec<Touch>,
    pub source: Option<Source>,
}

pub(crate) struct Inputs {
    /// Ascending.
    pub ids: Vec<i64>,
    pub leads: Vec<LeadInputs>,
    pub channels: Vec<String>,
    texts: Vec<String>,
    slots: Slots,
}

/// Where a lead's inputs are, by its id. A full pass looks up millions of touches and
/// attendances: ids are person rowids, so a table by id answers each at once (a search of the
/// sorted ids took 0.6 s of a 3 s rescoring). A few leads are searched for.
enum Slots {
    ById(Vec<u32>),
    Search,
}

impl Inputs {
    fn slot(&self, id: i64) -> Option<usize> {
        match &self.slots {
            Slots::ById(table) => usize::try_from(id)
                .ok()
                .and_then(|i| table.get(i))
                .filter(|&&s| s != u32::MAX)
                .map(|&s| s as usize),
            Slots::Search => self.ids.binary_search(&id).ok(),
        }
    }

    pub fn profile(&self, lead: &LeadInputs) -> Profile<'_> {
        Profile {
            seniority: lead.seniority,
            function: lead.function,
            industry: &self.texts[lead.industry as usize],
            company_size: lead.size,
            region: &self.texts[lead.city as usize],
        }
    }
}

/// Texts kept once, by index.
#[derive(Default)]
struct Texts {
    all: Vec<String>,
    index: HashMap<String, u32>,
}

impl Texts {
    fn of(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        let i = self.all.len() as u32;
        self.all.push(text.to_string());
        self.index.insert(text.to_string(), i);
        i
    }
}

/// A text column as borrowed from the row, "" for NULL or another type.
pub(crate) fn text_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> &'r str {
    r.get_ref(i)
        .ok()
        .and_then(|v| v.as_str().ok())
        .unwrap_or("")
}

/// The day number of a text starting "YYYY-MM-DD", by arithmetic (days from the civil date,
/// H. Hinnant's algorithm): millions of touches' dates parse in milliseconds.
pub(crate) fn day_of(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0i32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The SQL condition that restricts a pass to the scope.
enum Filter {
    All,
    One(i64),
    /// The ids as one JSON array, bound once: one statement, whatever the number of leads.
    Ids(String),
}

impl Filter {
    fn new(scope: &Scope<'_>) -> Filter {
        match scope {
            Scope::All => Filter::All,
            Scope::One(id) => Filter::One(*id),
            Scope::Some(ids) => {
                Filter::Ids(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()))
            }
        }
    }

    /// Runs `select` (a SELECT … FROM table) over the scope's rows, `column` being the lead's
    /// id there, then `tail` (an ORDER BY, or ""), and hands each row to `each`.
    fn scan(
        &self,
        conn: &Connection,
        select: &str,
        column: &str,
        tail: &str,
        mut each: impl FnMut(&rusqlite::Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let (condition, params): (String, Vec<&dyn rusqlite::ToSql>) = match self {
            Filter::All => (String::new(), Vec::new()),
            Filter::One(id) => (format!("WHERE {column} = {id}"), Vec::new()),
            Filter::Ids(list) => (
                format!("WHERE {column} IN (SELECT value FROM json_each(?1))"),
                vec![list],
            ),
        };
        let mut stmt = conn
            .prepare(&format!("{select} {condition} {tail}"))
            .context("rescoring leads")?;
        let mut rows = stmt.query(&params[..]).context("rescoring leads")?;
        while let Some(r) = rows.next().context("rescoring leads")? {
            each(r)?;
        }
        Ok(())
    }
}

/// What the touch pass finds: each lead's first touch (by lead id: a dense table, as ids are
/// the rowids of person), and the touches that score beyond event lists (content).
#[derive(Default)]
struct TouchPass {
    firsts: Vec<Option<Source>>,
    scored: Vec<(i64, Touch)>,
    channels: Vec<String>,
}

fn touch_pass(conn: &Connection, filter: &Filter) -> Result<TouchPass> {
    let max_id: i64 = conn
        .query_row("SELECT coalesce(max(id), 0) FROM person", [], |r| r.get(0))
        .context("rescoring leads")?;
    let mut out = TouchPass {
        firsts: vec![None; max_id.max(0) as usize + 1],
        ..TouchPass::default()
    };
    filter.scan(
        conn,
        "SELECT person_id, kind, channel, event_id, at FROM touch",
        "person_id",
        "",
        |r| {
            let pid: i64 = r.get(0).context("rescoring leads")?;
            let Some(first) = usize::try_from(pid)
                .ok()
                .and_then(|p| out.firsts.get_mut(p))
            else {
                return Ok(());
            };
            let Some(day) = day_of(text_at(r, 4)) else {
                return Ok(());
            };
            let kind = text_at(r, 1);
            if first.is_none_or(|s| day < s.day) {
                let channel = text_at(r, 2);
                let ch = match out.channels.iter().position(|c| c == channel) {
                    Some(ch) => ch,
                    None => {
                        out.channels.push(channel.to_string());
                        out.channels.len() - 1
                    }
                };
                *first = Some(Source {
                    day,
                    channel: ch as u32,
                    event: r.get(3).context("rescoring leads")?,
                });
            }
            // Registering and checking in are scored from attendance, which knows a no-show.
            if kind != "registered" && kind != "checked_in" {
                if let Ok(kind) = EngagementKind::from_code(kind) {
                    out.scored.push((pid, Touch { kind, day }));
                }
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// Gathers the inputs of the scope's leads. `path`: the workspace file, for the second
/// connection of a full pass; None (in memory) reads everything on `conn`.
pub(crate) fn gather(conn: &Connection, path: Option<&Path>, scope: Scope<'_>) -> Result<Inputs> {
    let filter = Filter::new(&scope);
    let parallel = matches!(scope, Scope::All) && path.is_some();
    std::thread::scope(|threads| {
        let touches = parallel.then(|| {
            let path = path.expect("checked");
            threads.spawn(move || -> Result<TouchPass> {
                let reader = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .context("opening a reader")?;
                reader
                    .execute_batch("PRAGMA cache_size = -32768")
                    .context("opening a reader")?;
                touch_pass(&reader, &Filter::new(&Scope::All))
            })
        });
        let mut inputs = people(conn, &filter)?;
        attendance(conn, &filter, &mut inputs)?;
        followups(conn, &filter, &mut inputs)?;
        let pass = match touches {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(crate::StoreError::Stopped))?,
            None => touch_pass(conn, &filter)?,
        };
        for (id, lead) in inputs.ids.iter().zip(inputs.leads.iter_mut()) {
            lead.source = pass.firsts.get(*id as usize).copied().flatten();
        }
        for (pid, touch) in pass.scored {
            if let Some(i) = inputs.slot(pid) {
                inputs.leads[i].touches.push(touch);
            }
        }
        inputs.channels = pass.channels;
        Ok(inputs)
    })
}

fn people(conn: &Connection, filter: &Filter) -> Result<Inputs> {
    let sizes: HashMap<i64, CompanySize> = conn
        .prepare("SELECT id, size_band FROM company WHERE size_band IS NOT NULL")
        .context("rescoring leads")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .context("rescoring leads")?
        .filter_map(|r| r.ok())
        .filter_map(|(id, code)| Some((id, CompanySize::from_code(&code)?)))
        .collect();
    let mut texts = Texts::default();
    let (mut ids, mut leads) = (Vec::new(), Vec::new());
    filter.scan(
        conn,
        "SELECT id, seniority, function, industry, city, company_id, company FROM person",
        "id",
        "ORDER BY id",
        |r| {
            ids.push(r.get::<_, i64>(0).context("rescoring leads")?);
            // Attendee lists rarely say the industry; the company's name often does (江苏银行 is
            // a bank), and the industry rule matches either way round.
            let industry = match text_at(r, 3) {
                i if i.trim().is_empty() => text_at(r, 6),
                i => i,
            };
            let company: Option<i64> = r.get(5).context("rescoring leads")?;
            leads.push(LeadInputs {
                seniority: Seniority::from_code(text_at(r, 1)).unwrap_or(Seniority::Unknown),
                function: Function::from_code(text_at(r, 2)).unwrap_or(Function::Other),
                industry: texts.of(industry),
                city: texts.of(text_at(r, 4)),
                size: company.and_then(|c| sizes.get(&c).copied()),
                touches: Vec::new(),
                source: None,
            });
            Ok(())
        },
    )?;
    let slots = match filter {
        Filter::All => {
            let mut table = vec![u32::MAX; ids.last().map_or(0, |&max| max.max(0) as usize + 1)];
            for (i, &id) in ids.iter().enumerate() {
                if let Some(slot) = usize::try_from(id).ok().and_then(|id| table.get_mut(id)) {
                    *slot = i as u32;
                }
            }
            Slots::ById(table)
        }
        _ => Slots::Search,
    };
    Ok(Inputs {
        ids,
        leads,
        channels: Vec::new(),
        texts: texts.all,
        slots,
    })
}

fn attendance(conn: &Connection, filter: &Filter, inputs: &mut Inputs) -> Result<()> {
    let events: HashMap<i64, i32> = conn
        .prepare("SELECT id, starts_on FROM event")
        .context("rescoring leads")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .context("rescoring leads")?
        .filter_map(|r| r.ok())
        .filter_map(|(id, d)| Some((id, day_of(&d)?)))
        .collect();
    filter.scan(
        conn,
        "SELECT person_id, event_id, state FROM attendance",
        "person_id",
        "",
        |r| {
            let (pid, eid): (i64, i64) = (
                r.get(0).context("rescoring leads")?,
                r.get(1).context("rescoring leads")?,
            );
            let (Some(i), Some(&day)) = (inputs.slot(pid), events.get(&eid)) else {
                return Ok(());
            };
            let kinds: &[EngagementKind] = match text_at(r, 2) {
                "registered" => &[EngagementKind::Registered],
                "attended" => &[EngagementKind::Registered, EngagementKind::Attended],
                "no_show" => &[EngagementKind::Registered, EngagementKind::NoShow],
                "walk_in" => &[EngagementKind::WalkIn],
                _ => &[],
            };
            for &kind in kinds {
                inputs.leads[i].touches.push(Touch { kind, day });
            }
            Ok(())
        },
    )
}

fn followups(conn: &Connection, filter: &Filter, inputs: &mut Inputs) -> Result<()> {
    filter.scan(
        conn,
        "SELECT person_id, channel, outcome, substr(at, 1, 10) FROM followup",
        "person_id",
        "",
        |r| {
            let pid: i64 = r.get(0).context("rescoring leads")?;
            let Some(i) = inputs.slot(pid) else {
                return Ok(());
            };
            let (Ok(channel), Ok(outcome), Some(day)) = (
                FollowChannel::from_code(text_at(r, 1)),
                Outcome::from_code(text_at(r, 2)),
                day_of(text_at(r, 3)),
            ) else {
                return Ok(());
            };
            // A call counts as reached or not; other ways of following up are contact in
            // themselves.
            let kind = match (channel, outcome.reached()) {
                (FollowChannel::Call, true) => EngagementKind::CallConnected,
                (FollowChannel::Call, false) => EngagementKind::CallUnreachable,
                (FollowChannel::Visit, _) => EngagementKind::Visit,
                (FollowChannel::WeChat, _) => EngagementKind::WeChat,
                (FollowChannel::Email, _) => EngagementKind::Email,
                (FollowChannel::Meeting, _) => EngagementKind::Meeting,
            };
            inputs.leads[i].touches.push(Touch { kind, day });
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followups::{date_of, day_number};

    #[test]
    fn dates_parse_by_arithmetic_as_the_calendar_does() {
        for d in [
            "1970-01-01",
            "2000-02-29",
            "2026-12-06",
            "2026-03-01T08:00:00+08:00",
            "2100-12-31",
        ] {
            assert_eq!(day_of(d), date_of(d).map(day_number), "{d}");
        }
        assert_eq!(day_of("2026-13-01"), None);
        assert_eq!(day_of("26-1-1"), None);
    }
}
