//! Realized results against spend, per channel or per event, for a period: the funnel of the
//! leads each sourced, the revenue attributed to it under a chosen model, and the ratios
//! leadership asks for, each defined by what it divides.
//!
//! Counts (leads, MQL, SQL, opportunities) go to the lead's source, its first touch, as CRMs
//! report lead source. Money (won revenue, open pipeline) is spread over every touch of the
//! deal's lead by the attribution model, so the same footing holds across channels (seed 004).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::attribution::{credit, Journey, Model};
use crate::budget::roi::Rate;
use crate::Money;

/// The leads a source brought and how far they got in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Funnel {
    /// Leads whose first touch was in the period.
    pub leads: i64,
    /// Leads that reached MQL in the period.
    pub mql: i64,
    /// Leads qualified as MQL themselves in the period (by the rule or by hand; not a deal
    /// jumping them past it): what the MQL→SQL rate divides by.
    pub qualified: i64,
    /// Of those, how many have reached SQL since.
    pub mql_reached_sql: i64,
    pub sql: i64,
    pub opportunities: i64,
    pub won: i64,
}

impl std::ops::AddAssign for Funnel {
    fn add_assign(&mut self, o: Funnel) {
        self.leads += o.leads;
        self.mql += o.mql;
        self.qualified += o.qualified;
        self.mql_reached_sql += o.mql_reached_sql;
        self.sql += o.sql;
        self.opportunities += o.opportunities;
        self.won += o.won;
    }
}

/// A deal with its lead's touches (oldest first, none after the close), each named by the key
/// the report groups by (a channel code, an event id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealPath<K> {
    pub amount: Money,
    /// Won (revenue) or still open (pipeline); lost deals are not passed.
    pub won: bool,
    pub touches: Vec<K>,
    /// The last touch on or before the opportunity was created, when known.
    pub opportunity_touch: Option<usize>,
}

/// The brief's band for MQL→SQL: 15–25% is already very good (seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlBand {
    /// No MQL in the period: no rate.
    NoData,
    Below,
    VeryGood,
    /// Above 25%: fine, or the MQL bar lets too few through.
    Above,
}

pub const VERY_GOOD_FROM: Rate = Rate(1_500);
pub const VERY_GOOD_TO: Rate = Rate(2_500);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Realized<K> {
    pub key: K,
    pub spend: Money,
    pub funnel: Funnel,
    /// Won deals closed in the period, credited to this key's touches.
    pub revenue: Money,
    /// Open deals created in the period, credited the same way.
    pub pipeline: Money,
    /// spend ÷ leads, ÷ MQL, ÷ SQL; None when there are none, or nothing was spent.
    pub cost_per_lead: Option<Money>,
    pub cost_per_mql: Option<Money>,
    pub cost_per_sql: Option<Money>,
    /// (revenue − spend) ÷ spend; None when nothing was spent.
    pub roi: Option<Rate>,
    /// Qualified MQLs of the period that reached SQL ÷ qualified MQLs of the period.
    pub mql_to_sql: Option<Rate>,
    pub band: SqlBand,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rollup<K> {
    pub model: Model,
    pub rows: Vec<Realized<K>>,
    pub total: Realized<()>,
    /// Won revenue of deals whose lead was not found or has no touch: credited to nobody.
    pub unattributed_revenue: Money,
    pub unattributed_pipeline: Money,
}

impl<K> Realized<K> {
    fn new(key: K, spend: Money, funnel: Funnel, revenue: Money, pipeline: Money) -> Self {
        // Nothing spent in the period: no cost per lead is known (the spend may sit in another
        // period, or not be booked), so none is shown rather than ¥0.00.
        let per = |n: i64| {
            if n > 0 && spend > Money::ZERO {
                spend.per(n)
            } else {
                None
            }
        };
        let mql_to_sql = Rate::of(funnel.mql_reached_sql, funnel.qualified);
        let band = match mql_to_sql {
            None => SqlBand::NoData,
            Some(r) if r < VERY_GOOD_FROM => SqlBand::Below,
            Some(r) if r <= VERY_GOOD_TO => SqlBand::VeryGood,
            Some(_) => SqlBand::Above,
        };
        Realized {
            key,
            spend,
            funnel,
            revenue,
            pipeline,
            cost_per_lead: per(funnel.leads),
            cost_per_mql: per(funnel.mql),
            cost_per_sql: per(funnel.sql),
            roi: Rate::of(revenue.fen() - spend.fen(), spend.fen()),
            mql_to_sql,
            band,
        }
    }
}

/// Sums spend, funnels and credited deals by key. Keys with neither spend, leads nor money are
/// left out; the total covers every key and the unattributed money.
pub fn rollup<K: Ord + Clone>(
    model: Model,
    spend: &[(K, Money)],
    funnel: &[(K, Funnel)],
    deals: &[DealPath<K>],
) -> Rollup<K> {
    #[derive(Default)]
    struct Acc {
        spend: i64,
        funnel: Funnel,
        revenue: i64,
        pipeline: i64,
    }
    let mut by: BTreeMap<K, Acc> = BTreeMap::new();
    for (k, m) in spend {
        by.entry(k.clone()).or_default().spend += m.fen();
    }
    for (k, f) in funnel {
        by.entry(k.clone()).or_default().funnel += *f;
    }
    let (mut lost_revenue, mut lost_pipeline) = (0i64, 0i64);
    for d in deals {
        let journey = Journey {
            touches: d.touches.len(),
            lead_created: 0,
            opportunity_created: d.opportunity_touch,
        };
        match credit(model, d.amount, &journey) {
            Ok(credits) => {
                for (k, c) in d.touches.iter().zip(credits) {
                    let acc = by.entry(k.clone()).or_default();
                    if d.won {
                        acc.revenue += c.fen();
                    } else {
                        acc.pipeline += c.fen();
                    }
                }
            }
            // No touch (or a journey the data cannot describe): nobody earned it.
            Err(_) if d.won => lost_revenue += d.amount.fen(),
            Err(_) => lost_pipeline += d.amount.fen(),
        }
    }
    let mut total = Acc::default();
    let rows = by
        .into_iter()
        .filter(|(_, a)| {
            a.spend != 0 || a.funnel != Funnel::default() || a.revenue != 0 || a.pipeline != 0
        })
        .map(|(k, a)| {
            total.spend += a.spend;
            total.funnel += a.funnel;
            total.revenue += a.revenue;
            total.pipeline += a.pipeline;
            Realized::new(
                k,
                Money::from_fen(a.spend),
                a.funnel,
                Money::from_fen(a.revenue),
                Money::from_fen(a.pipeline),
            )
        })
        .collect();
    Rollup {
        model,
        rows,
        total: Realized::new(
            (),
            Money::from_fen(total.spend),
            total.funnel,
            Money::from_fen(total.revenue + lost_revenue),
            Money::from_fen(total.pipeline + lost_pipeline),
        ),
        unattributed_revenue: Money::from_fen(lost_revenue),
        unattributed_pipeline: Money::from_fen(lost_pipeline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(yuan: i64) -> Money {
        Money::from_yuan(yuan)
    }

    #[test]
    fn revenue_is_credited_by_the_model_and_ratios_say_what_they_divide() {
        let spend = [("events", y(100_000)), ("digital", y(50_000)), ("pr", y(0))];
        let funnel = [
            (
                "events",
                Funnel {
                    leads: 200,
                    mql: 40,
                    qualified: 40,
                    mql_reached_sql: 8,
                    sql: 10,
                    opportunities: 3,
                    won: 1,
                },
            ),
            (
                "digital",
                Funnel {
                    leads: 500,
                    mql: 20,
                    qualified: 20,
                    mql_reached_sql: 1,
                    sql: 1,
                    ..Funnel::default()
                },
            ),
        ];
        let deals = [
            DealPath {
                amount: y(300_000),
                won: true,
                touches: vec!["digital", "events", "events"],
                opportunity_touch: Some(2),
            },
            DealPath {
                amount: y(90_000),
                won: true,
                touches: vec![],
                opportunity_touch: None,
            },
            DealPath {
                amount: y(60_000),
                won: false,
                touches: vec!["events"],
                opportunity_touch: None,
            },
        ];
        let r = rollup(Model::Linear, &spend, &funnel, &deals);
        let events = r.rows.iter().find(|x| x.key == "events").expect("events");
        let digital = r.rows.iter().find(|x| x.key == "digital").expect("digital");
        assert_eq!(events.revenue, y(200_000));
        assert_eq!(digital.revenue, y(100_000));
        assert_eq!(events.pipeline, y(60_000));
        assert_eq!(
            events.roi,
            Some(Rate(10_000)),
            "(200,000 − 100,000) ÷ 100,000"
        );
        assert_eq!(digital.roi, Some(Rate(10_000)));
        assert_eq!(events.cost_per_lead, Some(y(500)));
        assert_eq!(events.cost_per_sql, Some(y(10_000)));
        assert_eq!(events.mql_to_sql, Some(Rate(2_000)));
        assert_eq!(events.band, SqlBand::VeryGood);
        assert_eq!(digital.band, SqlBand::Below);
        assert!(
            r.rows.iter().all(|x| x.key != "pr"),
            "nothing spent, nothing earned"
        );
        assert_eq!(r.unattributed_revenue, y(90_000));
        assert_eq!(
            r.total.revenue,
            y(390_000),
            "the total keeps unattributed money"
        );
        let first = rollup(Model::FirstTouch, &spend, &funnel, &deals);
        let digital = first
            .rows
            .iter()
            .find(|x| x.key == "digital")
            .expect("digital");
        assert_eq!(digital.revenue, y(300_000), "first touch: all to digital");
    }

    #[test]
    fn zero_spend_and_zero_mql_give_no_ratio_rather_than_a_wrong_one() {
        let r = rollup(
            Model::Linear,
            &[("pr", Money::ZERO)],
            &[(
                "pr",
                Funnel {
                    leads: 3,
                    ..Funnel::default()
                },
            )],
            &[],
        );
        let pr = &r.rows[0];
        assert_eq!(pr.roi, None);
        assert_eq!(
            pr.cost_per_lead, None,
            "nothing spent: no cost per lead to show"
        );
        assert_eq!(pr.mql_to_sql, None);
        assert_eq!(pr.band, SqlBand::NoData);
    }
}
