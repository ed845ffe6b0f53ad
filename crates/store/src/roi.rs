//! The facts a realized-ROI report is made of, for one period: what was spent per channel and
//! per event, how many leads each sourced and how far they got, and the deals with the touches
//! that led to them. The arithmetic (attribution, ratios) is the core's.

use chrono::NaiveDate;
use marketdesk_core::deal::DealStatus;
use marketdesk_core::Money;
use rusqlite::params;
use serde::Serialize;

use crate::error::{Result, SqlContext};
use crate::local_days;
use crate::Store;

/// Spend on a budget channel in the period (actual payments of the plans, not scenarios).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelSpend {
    pub code: String,
    pub name: String,
    pub spend: Money,
}

/// How an event's spend was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpendBasis {
    /// Its tactic's actual payments in the period; a tactic paying for several events is split
    /// over them by their costs.
    Actual,
    /// No tactic pays for it: its own cost, when it took place in the period.
    EventCost,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSpend {
    pub event_id: i64,
    pub name: String,
    pub starts_on: String,
    pub channel: String,
    pub spend: Money,
    pub basis: SpendBasis,
}

/// Leads by their source (first touch), and how far those of the period got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceFunnel {
    pub channel: String,
    pub event_id: Option<i64>,
    /// Leads whose first touch was in the period.
    pub leads: i64,
    /// Leads that reached MQL in the period (a deal jumping a lead past MQL reaches it too).
    pub mql: i64,
    /// Leads qualified as MQL themselves in the period (the rule, or by hand) …
    pub qualified: i64,
    /// … and of those, how many have reached SQL since.
    pub mql_reached_sql: i64,
    pub sql: i64,
    pub opportunities: i64,
    pub won: i64,
}

/// One touch of a deal's lead, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealTouch {
    pub channel: String,
    pub event_id: Option<i64>,
    pub on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealFacts {
    pub deal_id: i64,
    pub name: String,
    pub status: DealStatus,
    pub amount: Money,
    pub created_on: Option<String>,
    pub closed_on: Option<String>,
    /// The lead's touches up to the close (or all, for an open deal); empty when the deal found
    /// no lead, or its lead has no touch.
    pub touches: Vec<DealTouch>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoiFacts {
    pub channels: Vec<ChannelSpend>,
    pub events: Vec<EventSpend>,
    pub funnel: Vec<SourceFunnel>,
    /// Won deals closed in the period, and open deals created in it (the pipeline).
    pub deals: Vec<DealFacts>,
    /// When the lead scores (and so the sources) were last computed; None: never.
    pub scored_on: Option<String>,
}

/// One month of the trend: leads by first touch, stages by when they were reached, won revenue
/// by close date, spend by payment date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MonthFacts {
    /// "2026-03".
    pub month: String,
    pub leads: i64,
    pub mql: i64,
    pub sql: i64,
    pub opportunities: i64,
    pub won_deals: i64,
    pub revenue: Money,
    pub spend: Money,
}

impl Store {
    /// Month by month over `from ..= to` (every month listed, empty ones as zeros).
    pub fn monthly_trend(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<MonthFacts>> {
        let (f, t) = (from.to_string(), to.to_string());
        let mut months: std::collections::BTreeMap<String, MonthFacts> = Default::default();
        let mut m = NaiveDate::from_ymd_opt(
            chrono::Datelike::year(&from),
            chrono::Datelike::month(&from),
            1,
        )
        .expect("first of month");
        while m <= to {
            let key = m.format("%Y-%m").to_string();
            months.insert(
                key.clone(),
                MonthFacts {
                    month: key,
                    ..Default::default()
                },
            );
            m = m
                .checked_add_months(chrono::Months::new(1))
                .expect("next month");
        }
        let mut add =
            |sql: &str, a: &str, b: &str, put: &dyn Fn(&mut MonthFacts, i64)| -> Result<()> {
                let rows = self
                    .conn
                    .prepare_cached(sql)
                    .context("reading the monthly trend")?
                    .query_map(params![a, b], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                    })
                    .context("reading the monthly trend")?
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .context("reading the monthly trend")?;
                for (month, n) in rows {
                    if let Some(row) = months.get_mut(&month) {
                        put(row, n);
                    }
                }
                Ok(())
            };
        add(
            "SELECT substr(first_touch_on, 1, 7), count(*) FROM lead_score
              WHERE first_touch_on BETWEEN ?1 AND ?2 GROUP BY 1",
            &f,
            &t,
            &|r, n| r.leads = n,
        )?;
        add(
            "SELECT substr(closed_on, 1, 7), sum(amount_fen) FROM deal
              WHERE status = 'won' AND closed_on BETWEEN ?1 AND ?2 GROUP BY 1",
            &f,
            &t,
            &|r, n| r.revenue = Money::from_fen(n),
        )?;
        add(
            "SELECT substr(s.spent_on, 1, 7), sum(s.amount_fen) FROM spend s
               JOIN tactic t ON t.id = s.tactic_id JOIN plan p ON p.id = t.plan_id
              WHERE p.scenario_of IS NULL AND s.kind = 'actual' AND s.spent_on BETWEEN ?1 AND ?2
              GROUP BY 1",
            &f,
            &t,
            &|r, n| r.spend = Money::from_fen(n),
        )?;
        // Milestones are UTC instants: counted in the local month they fell in. Only leads
        // that moved have a state row, so these are the few.
        let (start, end) = local_days::period(from, to, &chrono::Local);
        for (column, put) in [
            (
                "mql_at",
                (|r: &mut MonthFacts| r.mql += 1) as fn(&mut MonthFacts),
            ),
            ("sql_at", |r| r.sql += 1),
            ("opportunity_at", |r| r.opportunities += 1),
            ("won_at", |r| r.won_deals += 1),
        ] {
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {column} FROM lead_state WHERE {column} >= ?1 AND {column} < ?2"
                ))
                .context("reading the monthly trend")?;
            let mut rows = stmt
                .query(params![start, end])
                .context("reading the monthly trend")?;
            while let Some(r) = rows.next().context("reading the monthly trend")? {
                let at: String = r.get(0).context("reading the monthly trend")?;
                let month = local_days::local_day(&at, &chrono::Local)
                    .map(|d| d.format("%Y-%m").to_string());
                if let Some(row) = month.and_then(|m| months.get_mut(&m)) {
                    put(row);
                }
            }
        }
        Ok(months.into_values().collect())
    }

    /// The facts of `from ..= to`.
    pub fn roi_facts(&self, from: NaiveDate, to: NaiveDate) -> Result<RoiFacts> {
        let (f, t) = (from.to_string(), to.to_string());
        Ok(RoiFacts {
            channels: self.channel_spend(&f, &t)?,
            events: self.event_spend(&f, &t)?,
            funnel: self.source_funnel(from, to)?,
            deals: self.deal_facts(&f, &t)?,
            scored_on: self.meta("lead_scores_as_of")?,
        })
    }

    fn channel_spend(&self, from: &str, to: &str) -> Result<Vec<ChannelSpend>> {
        // Channels by code across plans (a period may span two years), named as in the latest.
        self.conn
            .prepare_cached(
                "SELECT c.code,
                        (SELECT c2.name FROM plan_channel c2 JOIN plan p2 ON p2.id = c2.plan_id
                          WHERE c2.code = c.code AND p2.scenario_of IS NULL
                          ORDER BY p2.fiscal_year DESC, p2.id DESC LIMIT 1),
                        coalesce(sum(s.amount_fen) FILTER (WHERE s.kind = 'actual' AND s.spent_on BETWEEN ?1 AND ?2), 0)
                   FROM plan_channel c JOIN plan p ON p.id = c.plan_id AND p.scenario_of IS NULL
                   LEFT JOIN tactic t ON t.channel_id = c.id
                   LEFT JOIN spend s ON s.tactic_id = t.id
                  GROUP BY c.code ORDER BY min(c.position), c.code",
            )
            .context("reading ROI facts")?
            .query_map(params![from, to], |r| {
                Ok(ChannelSpend {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    spend: Money::from_fen(r.get(2)?),
                })
            })
            .context("reading ROI facts")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading ROI facts")
    }

    fn event_spend(&self, from: &str, to: &str) -> Result<Vec<EventSpend>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.name, e.starts_on, c.channel, e.cost_fen, c.tactic_id,
                        (SELECT coalesce(sum(s.amount_fen), 0) FROM spend s
                          WHERE s.tactic_id = c.tactic_id AND s.kind = 'actual'
                            AND s.spent_on BETWEEN ?1 AND ?2)
                   FROM event e JOIN campaign c ON c.id = e.campaign_id
                  WHERE e.status IN ('planned', 'done')
                  ORDER BY e.starts_on, e.id",
            )
            .context("reading ROI facts")?
            .query_map(params![from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })
            .context("reading ROI facts")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading ROI facts")?;
        // A tactic's payments are split over its events by their costs (equally if none has
        // one), exactly to the fen.
        let mut out = Vec::new();
        let mut by_tactic: std::collections::BTreeMap<i64, Vec<usize>> = Default::default();
        for (i, row) in rows.iter().enumerate() {
            if let Some(t) = row.5 {
                by_tactic.entry(t).or_default().push(i);
            }
        }
        let mut spend = vec![Money::ZERO; rows.len()];
        for idx in by_tactic.values() {
            let paid = Money::from_fen(rows[idx[0]].6);
            let mut weights: Vec<u64> = idx.iter().map(|&i| rows[i].4.max(0) as u64).collect();
            if weights.iter().all(|&w| w == 0) {
                weights = vec![1; idx.len()];
            }
            let parts = marketdesk_core::split_by_weights(paid, &weights)?;
            for (&i, part) in idx.iter().zip(parts) {
                spend[i] = part;
            }
        }
        for (i, (id, name, starts_on, channel, cost, tactic, _)) in rows.into_iter().enumerate() {
            let (spend, basis) = match tactic {
                Some(_) => (spend[i], SpendBasis::Actual),
                None if starts_on.as_str() >= from && starts_on.as_str() <= to => {
                    (Money::from_fen(cost), SpendBasis::EventCost)
                }
                None => (Money::ZERO, SpendBasis::EventCost),
            };
            out.push(EventSpend {
                event_id: id,
                name,
                starts_on,
                channel,
                spend,
                basis,
            });
        }
        Ok(out)
    }

    fn source_funnel(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SourceFunnel>> {
        let (f, t) = (from.to_string(), to.to_string());
        let mut by_source: std::collections::BTreeMap<(String, Option<i64>), SourceFunnel> =
            Default::default();
        // Leads of the period: the first-touch index range.
        let leads = self
            .conn
            .prepare_cached(
                "SELECT source_channel, source_event, count(*) FROM lead_score
                  WHERE first_touch_on BETWEEN ?1 AND ?2 GROUP BY 1, 2",
            )
            .context("reading ROI facts")?
            .query_map(params![f, t], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get(2)?,
                ))
            })
            .context("reading ROI facts")?
            .collect::<rusqlite::Result<Vec<(String, Option<i64>, i64)>>>()
            .context("reading ROI facts")?;
        for (channel, event_id, n) in leads {
            by_source
                .entry((channel.clone(), event_id))
                .or_insert_with(|| SourceFunnel {
                    channel,
                    event_id,
                    ..Default::default()
                })
                .leads = n;
        }
        // Milestones: only leads that moved have a state row, so this reads the few. They are
        // UTC instants, bounded by the starts of the period's first and next local days.
        let (start, end) = local_days::period(from, to, &chrono::Local);
        let moved = self
            .conn
            .prepare_cached(
                "SELECT coalesce(ls.source_channel, ''), ls.source_event,
                        count(*) FILTER (WHERE st.mql_at >= ?1 AND st.mql_at < ?2),
                        count(*) FILTER (WHERE st.qualified_at >= ?1 AND st.qualified_at < ?2),
                        count(*) FILTER (WHERE st.qualified_at >= ?1 AND st.qualified_at < ?2 AND st.sql_at IS NOT NULL),
                        count(*) FILTER (WHERE st.sql_at >= ?1 AND st.sql_at < ?2),
                        count(*) FILTER (WHERE st.opportunity_at >= ?1 AND st.opportunity_at < ?2),
                        count(*) FILTER (WHERE st.won_at >= ?1 AND st.won_at < ?2)
                   FROM lead_state st LEFT JOIN lead_score ls ON ls.person_id = st.person_id
                  GROUP BY 1, 2",
            )
            .context("reading ROI facts")?
            .query_map(params![start, end], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
                ))
            })
            .context("reading ROI facts")?
            .collect::<rusqlite::Result<Vec<(String, Option<i64>, [i64; 6])>>>()
            .context("reading ROI facts")?;
        for (channel, event_id, [mql, qualified, mql_sql, sql, opp, won]) in moved {
            if mql + qualified + sql + opp + won == 0 {
                continue;
            }
            let row = by_source
                .entry((channel.clone(), event_id))
                .or_insert_with(|| SourceFunnel {
                    channel,
                    event_id,
                    ..Default::default()
                });
            row.mql = mql;
            row.qualified = qualified;
            row.mql_reached_sql = mql_sql;
            row.sql = sql;
            row.opportunities = opp;
            row.won = won;
        }
        Ok(by_source.into_values().collect())
    }

    fn deal_facts(&self, from: &str, to: &str) -> Result<Vec<DealFacts>> {
        let deals = self
            .conn
            .prepare_cached(
                "SELECT id, name, status, amount_fen, created_on, closed_on, person_id FROM deal
                  WHERE (status = 'won' AND closed_on BETWEEN ?1 AND ?2)
                     OR (status = 'open' AND created_on BETWEEN ?1 AND ?2)
                  ORDER BY id",
            )
            .context("reading ROI facts")?
            .query_map(params![from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ))
            })
            .context("reading ROI facts")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading ROI facts")?;
        let mut touches = self
            .conn
            .prepare_cached(
                // One touch per event (registering and checking in are one contact with it),
                // dated by its first; touches outside events count one each.
                "SELECT channel, event_id, min(substr(at, 1, 10)) AS on_day FROM touch
                  WHERE person_id = ?1 AND substr(at, 1, 10) <= ?2
                  GROUP BY coalesce(event_id, -id) ORDER BY on_day, min(id)",
            )
            .context("reading ROI facts")?;
        let mut out = Vec::with_capacity(deals.len());
        for (deal_id, name, status, amount, created_on, closed_on, person) in deals {
            let until = closed_on.clone().unwrap_or_else(|| "9999-12-31".into());
            let list = match person {
                Some(p) => touches
                    .query_map(params![p, until], |r| {
                        Ok(DealTouch {
                            channel: r.get(0)?,
                            event_id: r.get(1)?,
                            on: r.get(2)?,
                        })
                    })
                    .context("reading ROI facts")?
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .context("reading ROI facts")?,
                None => Vec::new(),
            };
            out.push(DealFacts {
                deal_id,
                name,
                status: DealStatus::from_code(&status).unwrap_or(DealStatus::Open),
                amount: Money::from_fen(amount),
                created_on,
                closed_on,
                touches: list,
            });
        }
        Ok(out)
    }
}
