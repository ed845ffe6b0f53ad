//! Events meet the budget: accepting a candidate adds its tactic to the plan, and the portfolio
//! picks the candidates that fit what the events channel has left.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use marketdesk_core::events::portfolio::{self, Candidate, Limit, Pin};
use marketdesk_core::events::{EventScore, RuleOfThumb};
use marketdesk_core::{
    Brief, ChannelKind, EventStatus, Lang, Money, Outcomes, Quarters, Recommendation,
};
use marketdesk_store::{default_channel, EventRow, TacticFields};
use serde::Serialize;

use crate::error::{ApiError, ToApi};
use crate::event_page::{page, EventPage};
use crate::events::{event_date, event_month, one_decimal, EventView, Scoring};
use crate::session::current_rows;
use crate::{MoneyView, Session};

/// MQL→SQL the brief calls very good is 15–25%; a forecast takes the middle.
const SQL_PER_MQL_PERCENT: f64 = 20.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcceptedEvent {
    pub page: EventPage,
    pub tactic_id: i64,
    /// `已列入 2027 年预算：银行数字化转型论坛 · 第 2 季度 · ¥90,000.00`
    pub message: String,
}

/// The tactic an accepted event becomes: its cost in the quarter of its date, outputs from its
/// score, the brief's texts from the score's reasons.
fn tactic_for(
    e: &EventRow,
    s: &EventScore,
    channel_id: i64,
    date: NaiveDate,
    lang: Lang,
) -> crate::Result<TacticFields> {
    let inputs = e.inputs.as_ref();
    let size = inputs.map(|i| f64::from(i.expected_size)).unwrap_or(0.0);
    let contacts = (size * s.reach).round() as u64;
    let mql = s.qualified_contacts.round() as u64;
    let per = s
        .cost_per_qualified
        .map(|m| m.to_string())
        .unwrap_or_else(|| "—".into());
    Ok(TacticFields {
        channel_id,
        name: e.name.clone(),
        owner: String::new(),
        region: e.region.clone(),
        quarters: Quarters::of_month(date.month()).user(lang)?,
        starts_on: Some(date),
        planned: e.cost,
        expected: Outcomes {
            leads: contacts,
            mql,
            sql: (s.qualified_contacts * SQL_PER_MQL_PERCENT / 100.0).round() as u64,
            deals: 0,
            revenue: Money::ZERO,
        },
        brief: Brief {
            problem: s
                .advice
                .reasons
                .first()
                .map(|r| r.sentence(lang))
                .unwrap_or_default(),
            expected_result: match lang {
                Lang::ZhCn => format!(
                    "评分 {:.0}（{}）；预计接触 {contacts} 人，其中合格联系人 {:.0} 人，每位 {per}。",
                    s.total,
                    s.advice.recommendation.name(lang),
                    s.qualified_contacts
                ),
                Lang::En => format!(
                    "Score {:.0} ({}); about {contacts} people reached, {:.0} qualified contacts at {per} each.",
                    s.total,
                    s.advice.recommendation.name(lang),
                    s.qualified_contacts
                ),
            },
            kpi: match lang {
                Lang::ZhCn => format!(
                    "到场 {} 人；合格联系人 ≥ {mql} 人；报名与签到名单导入线索库。",
                    size as u64
                ),
                Lang::En => format!(
                    "{} present; ≥ {mql} qualified contacts; registration and check-in lists imported.",
                    size as u64
                ),
            },
            people: String::new(),
        },
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioLine {
    pub event: EventView,
    /// Qualified-contact equivalents it adds: its qualified contacts plus its brand value at
    /// the scorecard's rate.
    pub value: f64,
    /// `required`, `excluded` or `free`.
    pub pin: String,
    /// Why it is out, for the ones left out.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LimitView {
    pub rule: String,
    pub sentence: String,
    pub max: u32,
    /// Planned or done events of the year already counting against it.
    pub in_plan: u32,
    pub chosen: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioView {
    pub year: i32,
    /// The plan's events channel (线下活动) budget.
    pub channel_budget: MoneyView,
    /// What the channel's tactics already hold.
    pub committed: MoneyView,
    /// What the choice may spend: the user's figure, or the channel's remainder.
    pub budget: MoneyView,
    /// Where `budget` comes from, as a sentence.
    pub budget_source: String,
    pub chosen: Vec<PortfolioLine>,
    pub others: Vec<PortfolioLine>,
    pub cost: MoneyView,
    /// Σ qualified-contact equivalents of the chosen.
    pub value: f64,
    pub qualified: f64,
    /// cost ÷ budget, `87.5%`.
    pub used: String,
    pub limits: Vec<LimitView>,
    /// The closest other choices and what they give up.
    pub alternatives: Vec<String>,
    /// How the set was chosen, in sentences.
    pub explanation: Vec<String>,
}

fn hundredths(v: u64) -> f64 {
    one_decimal(v as f64 / 100.0)
}

impl Session {
    /// Accepts a candidate into the current plan: its tactic in the quarter of its date, the
    /// score's outputs as expected results, its campaign linked, its forecast frozen.
    pub fn accept_event(&self, id: i64) -> crate::Result<AcceptedEvent> {
        let lang = self.lang();
        let mut store = self.store();
        let rows = store.list_events().user(lang)?;
        let e = rows.iter().find(|e| e.id == id).ok_or_else(|| {
            ApiError::from_err(
                &marketdesk_store::StoreError::NotFound { what: "event", id },
                lang,
            )
        })?;
        let plan = current_rows(&store, lang)?;
        let date =
            event_date(e).ok_or_else(|| ApiError::new("invalid_date", e.starts_on.clone()))?;
        if date.year() != plan.plan.fiscal_year {
            return Err(ApiError::new(
                "event_outside_plan_year",
                match lang {
                    Lang::ZhCn => format!(
                        "活动日期 {date} 不在 {} 年的预算内：请先改活动日期，或新建 {} 年的预算。",
                        plan.plan.fiscal_year,
                        date.year()
                    ),
                    Lang::En => format!(
                        "The event's date {date} is outside the {} budget: change the date, or create a {} plan.",
                        plan.plan.fiscal_year,
                        date.year()
                    ),
                },
            ));
        }
        let scoring = Scoring::load(&store, &rows).user(lang)?;
        let s = scoring.score(e).ok_or_else(|| {
            ApiError::new(
                "event_not_scored",
                lang.pick(
                    "这个活动还没有评分资料（规模、参会构成、赞助权益），请先编辑补全再列入计划。",
                    "This event has no scoring details (size, audience, package) yet; edit it before accepting.",
                )
                .into(),
            )
        })?;
        let wanted = default_channel(e.kind).code();
        let channel = plan
            .channels
            .iter()
            .find(|c| c.code == wanted)
            .or_else(|| {
                plan.channels
                    .iter()
                    .find(|c| c.code == ChannelKind::OfflineEvents.code())
            })
            .ok_or_else(|| {
                ApiError::new(
                    "no_events_channel",
                    lang.pick(
                        "预算计划中没有“线下活动”渠道，请先添加该渠道。",
                        "The plan has no offline events channel; add it first.",
                    )
                    .into(),
                )
            })?;
        let fields = tactic_for(e, &s, channel.id, date, lang)?;
        let tactic_id = store
            .accept_event(
                id,
                plan.plan.id,
                &fields,
                &marketdesk_store::Forecast::of(&s),
            )
            .user(lang)?;
        let message = match lang {
            Lang::ZhCn => format!(
                "已列入 {} 年预算：{} · 第 {} 季度 · {}（{}）。",
                plan.plan.fiscal_year,
                e.name,
                (date.month() - 1) / 3 + 1,
                e.cost,
                channel.name
            ),
            Lang::En => format!(
                "Added to the {} budget: {} · Q{} · {} ({}).",
                plan.plan.fiscal_year,
                e.name,
                (date.month() - 1) / 3 + 1,
                e.cost,
                channel.name
            ),
        };
        Ok(AcceptedEvent {
            page: page(&store, id, lang)?,
            tactic_id,
            message,
        })
    }

    /// Puts an event on a tactic already in the plan (a tactic such as 区域沙龙（6 场） pays for
    /// several events): its touches count under the tactic's channel and campaign from now on.
    pub fn link_event_to_tactic(&self, id: i64, tactic_id: i64) -> crate::Result<EventPage> {
        let lang = self.lang();
        let mut store = self.store();
        let plan = current_rows(&store, lang)?;
        if !plan.tactics.iter().any(|t| t.id == tactic_id) {
            return Err(ApiError::from_err(
                &marketdesk_store::StoreError::NotFound {
                    what: "tactic",
                    id: tactic_id,
                },
                lang,
            ));
        }
        let rows = store.list_events().user(lang)?;
        let forecast = match rows.iter().find(|e| e.id == id) {
            Some(e) => Scoring::load(&store, &rows)
                .user(lang)?
                .score(e)
                .map(|s| marketdesk_store::Forecast::of(&s)),
            None => None,
        };
        store
            .link_event_to_tactic(id, tactic_id, forecast.as_ref())
            .user(lang)?;
        page(&store, id, lang)
    }

    /// The candidates of the plan's year that give the most within the events budget and the
    /// rules of thumb. `budget` overrides what the channel has left; `required` and `excluded`
    /// pin candidates in or out.
    pub fn event_portfolio(
        &self,
        budget: Option<&str>,
        required: &[i64],
        excluded: &[i64],
    ) -> crate::Result<PortfolioView> {
        let lang = self.lang();
        let store = self.store();
        let plan_rows = current_rows(&store, lang)?;
        let plan = crate::budget::to_plan(&plan_rows.plan, &plan_rows.channels, &plan_rows.tactics)
            .user(lang)?;
        let year = plan_rows.plan.fiscal_year;
        let events_code = ChannelKind::OfflineEvents.code();
        let budgets = plan.channel_budgets();
        let position = plan_rows
            .channels
            .iter()
            .position(|c| c.code == events_code);
        let channel_budget = position
            .and_then(|p| budgets.get(p).copied())
            .unwrap_or(Money::ZERO);
        let committed = position
            .map(|p| plan_rows.channels[p].tactics_total)
            .unwrap_or(Money::ZERO);
        let remainder = channel_budget
            .checked_sub(committed)
            .unwrap_or(Money::ZERO)
            .max(Money::ZERO);
        let (budget, budget_source) = match budget.map(str::trim).filter(|b| !b.is_empty()) {
            Some(text) => {
                let m = Money::parse(text).user(lang).map_err(|e| e.with_field("budget"))?;
                (
                    m,
                    match lang {
                        Lang::ZhCn => format!("按您填写的活动预算 {m} 计算。"),
                        Lang::En => format!("Using the events budget you entered, {m}."),
                    },
                )
            }
            None => (
                remainder,
                match lang {
                    Lang::ZhCn => format!(
                        "线下活动渠道预算 {channel_budget}，已有预算项占用 {committed}，剩余 {remainder} 可用于候选活动。"
                    ),
                    Lang::En => format!(
                        "The offline events channel has {channel_budget}; its tactics hold {committed}, leaving {remainder} for candidates."
                    ),
                },
            ),
        };

        let rows = store.list_events().user(lang)?;
        let scoring = Scoring::load(&store, &rows).user(lang)?;
        let in_year = |e: &EventRow| event_date(e).is_some_and(|d| d.year() == year);
        // What the year's planned and done events already use of each rule.
        let recommendation_of = |e: &EventRow| {
            scoring
                .score(e)
                .map(|s| s.advice.recommendation)
                .or_else(|| {
                    e.forecast
                        .as_ref()
                        .and_then(|f| Recommendation::from_code(&f.recommendation).ok())
                })
                .unwrap_or(Recommendation::Active)
        };
        let in_plan: Vec<u32> = RuleOfThumb::ALL
            .iter()
            .map(|rule| {
                rows.iter()
                    .filter(|e| e.status.is_funded() && in_year(e))
                    .filter(|e| rule.applies(e.kind, event_month(e), recommendation_of(e)))
                    .count() as u32
            })
            .collect();
        let limits: Vec<Limit> = RuleOfThumb::ALL
            .iter()
            .zip(&in_plan)
            .map(|(rule, used)| Limit {
                max: rule.max().saturating_sub(*used),
            })
            .collect();

        struct Scored<'a> {
            row: &'a EventRow,
            score: EventScore,
        }
        let mut others_out: Vec<PortfolioLine> = Vec::new();
        let mut scored: Vec<Scored> = Vec::new();
        for e in rows.iter().filter(|e| e.status == EventStatus::Candidate) {
            let score = scoring.score(e);
            let reason = if !in_year(e) {
                Some(match lang {
                    Lang::ZhCn => format!("不在 {year} 年"),
                    Lang::En => format!("not in {year}"),
                })
            } else if score.is_none() {
                Some(lang.pick("缺少评分资料", "no scoring details").to_string())
            } else {
                None
            };
            match (reason, score) {
                (None, Some(score)) => scored.push(Scored { row: e, score }),
                (reason, score) => others_out.push(PortfolioLine {
                    event: EventView::new(e, score.as_ref(), lang),
                    value: 0.0,
                    pin: "excluded".into(),
                    reason: reason.unwrap_or_default(),
                }),
            }
        }
        let candidates: Vec<Candidate> = scored
            .iter()
            .map(|c| {
                let advice = c.score.advice.recommendation;
                let pin = if required.contains(&c.row.id) {
                    Pin::Required
                } else if excluded.contains(&c.row.id) || advice == Recommendation::NotRecommended {
                    Pin::Excluded
                } else {
                    Pin::Free
                };
                Candidate {
                    id: c.row.id,
                    cost: c.row.cost,
                    value: c.score.portfolio_value,
                    limits: RuleOfThumb::ALL
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.applies(c.row.kind, event_month(c.row), advice))
                        .map(|(i, _)| i)
                        .collect(),
                    pin,
                }
            })
            .collect();
        let best = portfolio::optimise(budget, &candidates, &limits)
            .map_err(|e| ApiError::new(e.code(), e.message(lang)))?;
        let alternatives = portfolio::alternatives(budget, &candidates, &limits, &best, 3);

        let name_of: HashMap<i64, &str> = scored
            .iter()
            .map(|c| (c.row.id, c.row.name.as_str()))
            .collect();
        let names = |ids: &[i64]| {
            ids.iter()
                .filter_map(|id| name_of.get(id).copied())
                .map(|n| format!("「{n}」"))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "))
        };
        let mut chosen = Vec::new();
        let mut others = Vec::new();
        for (c, cand) in scored.iter().zip(&candidates) {
            let picked = best.chosen.contains(&c.row.id);
            let reason = if picked {
                String::new()
            } else {
                match cand.pin {
                    Pin::Excluded
                        if c.score.advice.recommendation == Recommendation::NotRecommended =>
                    {
                        lang.pick("评估为不建议", "not recommended").into()
                    }
                    Pin::Excluded => lang.pick("您排除了它", "you excluded it").into(),
                    _ if c.row.cost > budget => lang
                        .pick("单场就超出预算", "over the budget on its own")
                        .into(),
                    _ => match alternatives.iter().find(|a| a.added.contains(&c.row.id)) {
                        Some(a) => match lang {
                            Lang::ZhCn => format!(
                                "换入它需去掉{}，预期价值少 {:.1}",
                                names(&a.removed),
                                hundredths(a.value_lost)
                            ),
                            Lang::En => format!(
                                "taking it means dropping {}, {:.1} less value",
                                names(&a.removed),
                                hundredths(a.value_lost)
                            ),
                        },
                        None => lang
                            .pick(
                                "同样的钱在所选组合中价值更高",
                                "the chosen set gives more for the money",
                            )
                            .into(),
                    },
                }
            };
            let line = PortfolioLine {
                event: EventView::new(c.row, Some(&c.score), lang),
                value: hundredths(cand.value),
                pin: match cand.pin {
                    Pin::Required => "required",
                    Pin::Excluded => "excluded",
                    Pin::Free => "free",
                }
                .into(),
                reason,
            };
            if picked {
                chosen.push(line);
            } else {
                others.push(line);
            }
        }
        others.extend(others_out);
        let qualified: f64 = scored
            .iter()
            .filter(|c| best.chosen.contains(&c.row.id))
            .map(|c| c.score.qualified_contacts)
            .sum();
        let limit_views = RuleOfThumb::ALL
            .iter()
            .enumerate()
            .map(|(i, rule)| LimitView {
                rule: rule.code().into(),
                sentence: rule.sentence(lang).into(),
                max: rule.max(),
                in_plan: in_plan[i],
                chosen: candidates
                    .iter()
                    .filter(|c| best.chosen.contains(&c.id) && c.limits.contains(&i))
                    .count() as u32,
            })
            .collect();
        let brand_rate = scoring.card.brand_equivalent;
        let mut explanation = vec![match lang {
            Lang::ZhCn => format!(
                "在预算和数量限制内，选出预期价值最大的组合（精确求解，逐一比较所有可行组合的上界）。预期价值 = 合格联系人 + 品牌价值折算（品牌价值 100 分折 {brand_rate} 人）。"
            ),
            Lang::En => format!(
                "The set of highest expected value within the budget and the limits (solved exactly, by branch and bound). Expected value = qualified contacts + brand value at {brand_rate} contacts per 100 points."
            ),
        }];
        explanation.push(match lang {
            Lang::ZhCn => "评估为“不建议”的候选不参加组合；可以手动设为必选或排除。".into(),
            Lang::En => {
                "Candidates judged “not recommended” are left out; pin any in or out by hand."
                    .into()
            }
        });
        let alternatives = alternatives
            .iter()
            .map(|a| {
                let cost_delta = a.cost.fen() - best.cost.fen();
                let delta = Money::from_fen(cost_delta.abs());
                match lang {
                    Lang::ZhCn => format!(
                        "{}{}：预期价值少 {:.1}，花费{} {delta}。",
                        if a.added.is_empty() {
                            String::new()
                        } else {
                            format!("加入{}", names(&a.added))
                        },
                        if a.removed.is_empty() {
                            String::new()
                        } else {
                            format!(
                                "{}去掉{}",
                                if a.added.is_empty() { "" } else { "、" },
                                names(&a.removed)
                            )
                        },
                        hundredths(a.value_lost),
                        if cost_delta >= 0 { "多" } else { "少" }
                    ),
                    Lang::En => format!(
                        "{}{}: {:.1} less value, {delta} {}.",
                        if a.added.is_empty() {
                            String::new()
                        } else {
                            format!("add {}", names(&a.added))
                        },
                        if a.removed.is_empty() {
                            String::new()
                        } else {
                            format!(
                                "{}drop {}",
                                if a.added.is_empty() { "" } else { ", " },
                                names(&a.removed)
                            )
                        },
                        hundredths(a.value_lost),
                        if cost_delta >= 0 { "more" } else { "less" }
                    ),
                }
            })
            .collect();
        Ok(PortfolioView {
            year,
            channel_budget: channel_budget.into(),
            committed: committed.into(),
            budget: budget.into(),
            budget_source,
            chosen,
            others,
            cost: best.cost.into(),
            value: hundredths(best.value),
            qualified: one_decimal(qualified),
            used: crate::reports::percent_one_decimal(best.cost.fen(), budget.fen()),
            limits: limit_views,
            alternatives,
            explanation,
        })
    }
}
