//! From lead to revenue, as the window and the CLI ask for it: rescoring (a cancellable job),
//! stage moves and owners on a filtered list, the follow-up clock, and realized ROI per channel
//! and per event under an attribution model. Money crosses as fen, enums as codes.

use chrono::NaiveDate;
use marketdesk_core::attribution::Model;
use marketdesk_core::budget::roi::Rate;
use marketdesk_core::followup::SlaState;
use marketdesk_core::lifecycle::{Cause, Stage};
use marketdesk_core::realized::{rollup, DealPath, Funnel, Realized, SqlBand};
use marketdesk_core::{Lang, Money};
use marketdesk_store::{
    LeadFilter, Member, MoveReport, OnTheClock, RescoreReport, RoiFacts, StageMove, TeamRole,
};
use serde::Serialize;

use crate::error::{ApiError, ToApi};
use crate::jobs::ProgressUpdate;
use crate::MoneyView;

/// One row of a realized-ROI table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RealizedView {
    /// Channel code, or event id as text.
    pub key: String,
    pub label: String,
    pub spend: MoneyView,
    /// How the spend was found ("actual", "event_cost"), for events.
    pub spend_basis: Option<String>,
    pub leads: i64,
    pub mql: i64,
    pub sql: i64,
    pub opportunities: i64,
    pub won: i64,
    pub revenue: MoneyView,
    pub pipeline: MoneyView,
    pub cost_per_lead: Option<MoneyView>,
    pub cost_per_mql: Option<MoneyView>,
    pub cost_per_sql: Option<MoneyView>,
    /// "120.0%"; None when nothing was spent.
    pub roi: Option<String>,
    pub roi_bp: Option<i64>,
    pub mql_to_sql: Option<String>,
    pub band: SqlBand,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoiReport {
    pub model: Model,
    pub model_name: String,
    /// How the model credits a deal, in words: every figure of the report uses it.
    pub model_rule: String,
    pub from: String,
    pub to: String,
    pub channels: Vec<RealizedView>,
    pub events: Vec<RealizedView>,
    pub total: RealizedView,
    pub unattributed_revenue: MoneyView,
    pub unattributed_pipeline: MoneyView,
    /// When sources were last computed (rescoring); None: never, so lead counts are empty.
    pub scored_on: Option<String>,
    /// Definitions shown under the tables.
    pub notes: Vec<String>,
}

fn percent(r: Rate) -> String {
    let sign = if r.0 < 0 { "-" } else { "" };
    let a = r.0.unsigned_abs();
    // Basis points to one decimal, half away from zero.
    let tenths = (a + 5) / 10;
    format!("{sign}{}.{}%", tenths / 10, tenths % 10)
}

fn view<K>(row: &Realized<K>, key: String, label: String, basis: Option<String>) -> RealizedView {
    RealizedView {
        key,
        label,
        spend: row.spend.into(),
        spend_basis: basis,
        leads: row.funnel.leads,
        mql: row.funnel.mql,
        sql: row.funnel.sql,
        opportunities: row.funnel.opportunities,
        won: row.funnel.won,
        revenue: row.revenue.into(),
        pipeline: row.pipeline.into(),
        cost_per_lead: row.cost_per_lead.map(Into::into),
        cost_per_mql: row.cost_per_mql.map(Into::into),
        cost_per_sql: row.cost_per_sql.map(Into::into),
        roi: row.roi.map(percent),
        roi_bp: row.roi.map(|r| r.0),
        mql_to_sql: row.mql_to_sql.map(percent),
        band: row.band,
    }
}

fn funnel_of(f: &marketdesk_store::SourceFunnel) -> Funnel {
    Funnel {
        leads: f.leads,
        mql: f.mql,
        qualified: f.qualified,
        mql_reached_sql: f.mql_reached_sql,
        sql: f.sql,
        opportunities: f.opportunities,
        won: f.won,
    }
}

/// The deals as paths of `key`s; the opportunity touch is the last on or before its creation.
fn paths<K: Clone>(
    facts: &RoiFacts,
    key: impl Fn(&marketdesk_store::DealTouch) -> K,
) -> Vec<DealPath<K>> {
    facts
        .deals
        .iter()
        .map(|d| DealPath {
            amount: d.amount,
            won: d.status == marketdesk_core::deal::DealStatus::Won,
            touches: d.touches.iter().map(&key).collect(),
            opportunity_touch: d
                .created_on
                .as_deref()
                .and_then(|c| d.touches.iter().rposition(|t| t.on.as_str() <= c)),
        })
        .collect()
}

/// Builds the report from the store's facts: one rollup by channel, one by event.
pub fn roi_report(
    facts: &RoiFacts,
    model: Model,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> RoiReport {
    let spend: Vec<(String, Money)> = facts
        .channels
        .iter()
        .map(|c| (c.code.clone(), c.spend))
        .collect();
    let funnel: Vec<(String, Funnel)> = facts
        .funnel
        .iter()
        .map(|f| (f.channel.clone(), funnel_of(f)))
        .collect();
    let by_channel = rollup(model, &spend, &funnel, &paths(facts, |t| t.channel.clone()));
    let channel_name = |code: &str| {
        facts
            .channels
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| match code {
                "" => lang.pick("未知来源", "Unknown source").to_string(),
                other => other.to_string(),
            })
    };
    // Events: touches not at an event are left out of this table (key None dropped).
    let espend: Vec<(Option<i64>, Money)> = facts
        .events
        .iter()
        .map(|e| (Some(e.event_id), e.spend))
        .collect();
    let efunnel: Vec<(Option<i64>, Funnel)> = facts
        .funnel
        .iter()
        .filter(|f| f.event_id.is_some())
        .map(|f| (f.event_id, funnel_of(f)))
        .collect();
    let by_event = rollup(model, &espend, &efunnel, &paths(facts, |t| t.event_id));
    let events = by_event
        .rows
        .iter()
        .filter_map(|r| {
            let id = r.key?;
            let e = facts.events.iter().find(|e| e.event_id == id)?;
            let basis = match e.basis {
                marketdesk_store::SpendBasis::Actual => "actual",
                marketdesk_store::SpendBasis::EventCost => "event_cost",
            };
            Some(view(
                r,
                id.to_string(),
                format!("{}（{}）", e.name, e.starts_on),
                Some(basis.into()),
            ))
        })
        .collect();
    let notes = match lang {
        Lang::ZhCn => vec![
            format!("归因模型：{}。{}", model.name(lang), model.describe(lang)),
            "线索、MQL、SQL、商机按线索来源（首次触达）计数；收入与管道金额按所选模型分摊到每次触达。".into(),
            "花费为期间内预算项的实际支付；一个预算项覆盖多场活动时按活动费用比例分摊。".into(),
            "ROI =（归因收入 − 花费）÷ 花费；MQL→SQL = 本期被认定为 MQL（规则或手动）的线索中已进入 SQL 的比例（被商机直接跳过 MQL 的不计入），15–25% 已属很好。".into(),
        ],
        Lang::En => vec![
            format!("Attribution model: {}. {}", model.name(lang), model.describe(lang)),
            "Leads, MQL, SQL and opportunities count by lead source (first touch); revenue and pipeline are spread over every touch by the chosen model.".into(),
            "Spend is the tactics' actual payments in the period; a tactic paying for several events is split by their costs.".into(),
            "ROI = (attributed revenue − spend) ÷ spend; MQL→SQL = share of the leads qualified as MQL in the period (by the rule or by hand; not those a deal jumped past MQL) that reached SQL; 15–25% is already very good.".into(),
        ],
    };
    RoiReport {
        model,
        model_name: model.name(lang).into(),
        model_rule: model.describe(lang).into(),
        from: from.to_string(),
        to: to.to_string(),
        channels: by_channel
            .rows
            .iter()
            .map(|r| view(r, r.key.clone(), channel_name(&r.key), None))
            .collect(),
        events,
        total: view(
            &by_channel.total,
            String::new(),
            lang.pick("合计", "Total").into(),
            None,
        ),
        unattributed_revenue: by_channel.unattributed_revenue.into(),
        unattributed_pipeline: by_channel.unattributed_pipeline.into(),
        scored_on: facts.scored_on.clone(),
        notes,
    }
}

/// A lead on the follow-up clock, for the overdue list and reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockView {
    pub person_id: i64,
    pub name: String,
    pub company: String,
    pub owner: Option<String>,
    pub handed_on: String,
    pub attempts: usize,
    /// "met", "due", "overdue", "expired".
    pub state: String,
    pub deadline: Option<String>,
    pub sentence: String,
}

fn clock_view(c: OnTheClock, lang: Lang) -> ClockView {
    let day = |n: i32| marketdesk_store::from_day_number(n).to_string();
    let (state, deadline, sentence) = match c.state {
        SlaState::Met { on_day } => (
            "met",
            None,
            match lang {
                Lang::ZhCn => format!("已于 {} 完成跟进", day(on_day)),
                Lang::En => format!("followed up by {}", day(on_day)),
            },
        ),
        SlaState::Due { left, deadline } => (
            "due",
            Some(day(deadline)),
            match lang {
                Lang::ZhCn => format!("{} 前还需跟进 {left} 次", day(deadline)),
                Lang::En => format!("{left} more attempts due by {}", day(deadline)),
            },
        ),
        SlaState::Overdue {
            left,
            deadline,
            pool_on,
        } => (
            "overdue",
            Some(day(deadline)),
            match lang {
                Lang::ZhCn => format!(
                    "已逾期（截止 {}），还差 {left} 次；{} 后退回公海",
                    day(deadline),
                    day(pool_on)
                ),
                Lang::En => format!(
                    "overdue (due {}), {left} attempts short; back to the pool after {}",
                    day(deadline),
                    day(pool_on)
                ),
            },
        ),
        SlaState::Expired { deadline } => (
            "expired",
            Some(day(deadline)),
            lang.pick("逾期未跟进，退回公海", "not followed up; back to the pool")
                .into(),
        ),
    };
    ClockView {
        person_id: c.person_id,
        name: c.name,
        company: c.company,
        owner: c.owner,
        handed_on: c.handed_on.to_string(),
        attempts: c.attempts,
        state: state.into(),
        deadline,
        sentence,
    }
}

/// A team member as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub role: TeamRole,
    pub active: bool,
    /// Leads owned, in any stage.
    pub owned: i64,
    /// Of those, not yet won, lost or recycled.
    pub open: i64,
}

fn member_view(m: Member, (owned, open): (i64, i64)) -> MemberView {
    MemberView {
        id: m.id,
        name: m.name,
        role: m.role,
        active: m.active,
        owned,
        open,
    }
}

pub(crate) fn unknown_member(name: &str, lang: Lang) -> ApiError {
    ApiError::new(
        "unknown_member",
        match lang {
            Lang::ZhCn => format!("团队里没有“{name}”。请先添加这位成员。"),
            Lang::En => format!("Nobody called “{name}” is in the team. Add them first."),
        },
    )
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl crate::Session {
    /// Rescores every lead as a cancellable job; reads go on from the readers meanwhile.
    pub fn rescore(
        &self,
        on_start: &dyn Fn(u64),
        progress: &dyn Fn(ProgressUpdate),
    ) -> crate::Result<RescoreReport> {
        let lang = self.lang();
        let job = self.jobs().start();
        on_start(job.id);
        let id = job.id;
        let report = self.store().rescore(
            today(),
            &|done, total| {
                progress(ProgressUpdate {
                    job: id,
                    done: done as u64,
                    total: total as u64,
                    current: lang.pick("重新评分", "Rescoring").into(),
                    stage: crate::jobs::Stage::Working,
                })
            },
            &|| job.token.is_cancelled(),
        );
        report.user(lang)
    }

    /// Rescores the leads a change touched: their points, their source, and the MQL rule. More
    /// than half the workspace is rescored whole, which reads each table once instead.
    pub(crate) fn rescore_after(&self, ids: &[i64]) -> crate::Result<RescoreReport> {
        let lang = self.lang();
        let mut store = self.store();
        let total = store.counts().user(lang)?.leads;
        if ids.len() as i64 * 2 > total {
            store.rescore(today(), &|_, _| {}, &|| false)
        } else {
            store.rescore_leads(today(), ids)
        }
        .user(lang)
    }

    /// Rescores everyone when the scores are missing or older than today (points fade day by
    /// day): for the shell to call in the background when a workspace opens.
    pub fn rescore_if_stale(&self) -> crate::Result<Option<RescoreReport>> {
        let lang = self.lang();
        if !self.reader().scores_stale(today()).user(lang)? {
            return Ok(None);
        }
        self.rescore(&|_| {}, &|_| {}).map(Some)
    }

    /// Moves the leads (by id, or every lead the filter selects) to `stage`, by `who`.
    pub fn move_leads(
        &self,
        ids: Option<&[i64]>,
        filter: &LeadFilter,
        stage: &str,
        who: &str,
        reason: &str,
    ) -> crate::Result<MoveReport> {
        let lang = self.lang();
        let to = Stage::from_code(stage).map_err(|e| ApiError::from_err(&e, lang))?;
        let mv = StageMove {
            to,
            cause: Cause::Manual,
            by: who.trim().to_string(),
            reason: reason.trim().to_string(),
            at: None,
        };
        let mut store = self.store();
        match ids {
            Some(ids) => store.move_leads(ids, &mv),
            None => store.move_filtered(filter, &mv),
        }
        .user(lang)
    }

    pub fn team(&self) -> crate::Result<Vec<MemberView>> {
        let lang = self.lang();
        let store = self.reader();
        let owned = store.owned_counts().user(lang)?;
        Ok(store
            .team()
            .user(lang)?
            .into_iter()
            .map(|m| {
                let counts = owned.get(&m.id).copied().unwrap_or_default();
                member_view(m, counts)
            })
            .collect())
    }

    pub fn add_team_member(&self, name: &str, sales: bool) -> crate::Result<MemberView> {
        let lang = self.lang();
        let role = if sales {
            TeamRole::Sales
        } else {
            TeamRole::Marketing
        };
        let m = self.store().add_member(name, role).user(lang)?;
        let counts = self
            .reader()
            .owned_counts()
            .user(lang)?
            .get(&m.id)
            .copied()
            .unwrap_or_default();
        Ok(member_view(m, counts))
    }

    /// Gives leads an owner (by id, or every lead the filter selects): `to` by name for all
    /// of them, or (None) by the assignment rules with round-robin among the sales. Returns how
    /// many changed owner.
    pub fn assign_leads(
        &self,
        ids: Option<&[i64]>,
        filter: &LeadFilter,
        to: Option<&str>,
        only_unowned: bool,
    ) -> crate::Result<usize> {
        let lang = self.lang();
        let mut store = self.store();
        let ids = match ids {
            Some(ids) => ids.to_vec(),
            None => store.filtered_ids(filter).user(lang)?,
        };
        match to {
            Some(name) => {
                let member = store
                    .member_named(name)
                    .user(lang)?
                    .ok_or_else(|| unknown_member(name, lang))?;
                store.set_owner(&ids, Some(member.id))
            }
            None => store.assign_leads(&ids, only_unowned),
        }
        .user(lang)
    }

    /// Follow-up clock of every owned MQL, after sending expired ones back to the pool.
    pub fn followups(&self, overdue_only: bool) -> crate::Result<Vec<ClockView>> {
        let lang = self.lang();
        let day = today();
        self.store().return_expired_to_pool(day).user(lang)?;
        Ok(self
            .reader()
            .on_the_clock(day)
            .user(lang)?
            .into_iter()
            .filter(|c| !overdue_only || matches!(c.state, SlaState::Overdue { .. }))
            .map(|c| clock_view(c, lang))
            .collect())
    }

    /// Realized ROI for `from ..= to` under `model` (a model code).
    pub fn roi_report(
        &self,
        model: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> crate::Result<RoiReport> {
        let lang = self.lang();
        let model = Model::from_code(model).map_err(|e| ApiError::from_err(&e, lang))?;
        let facts = self.reader().roi_facts(from, to).user(lang)?;
        Ok(roi_report(&facts, model, from, to, lang))
    }
}

/// One step of the period's funnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunnelStep {
    pub stage: Stage,
    pub label: String,
    pub count: i64,
    /// This step ÷ the step before, e.g. "20.0%"; None for the first step or a zero before.
    pub from_previous: Option<String>,
}

/// How the follow-up rule is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaView {
    pub rule: String,
    pub met: usize,
    pub due: usize,
    pub overdue: usize,
    /// Leads the clock sent back to the pool in the period.
    pub returned: i64,
    /// met ÷ (met + overdue + returned); None when none of them.
    pub compliance: Option<String>,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthView {
    pub month: String,
    pub leads: i64,
    pub mql: i64,
    pub sql: i64,
    pub opportunities: i64,
    pub won_deals: i64,
    pub revenue: MoneyView,
    pub spend: MoneyView,
}

/// Attributed revenue per channel under every model, for comparing them side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelComparison {
    /// (model code, name, how it credits).
    pub models: Vec<(String, String, String)>,
    /// Per channel: (code, label, revenue per model in the order of `models`).
    pub channels: Vec<(String, String, Vec<MoneyView>)>,
}

/// Everything the 报表 section shows for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevenueOverview {
    pub roi: RoiReport,
    pub funnel: Vec<FunnelStep>,
    pub sla: SlaView,
    pub trend: Vec<MonthView>,
    pub comparison: ModelComparison,
}

fn funnel_steps(total: &RealizedView, lang: Lang) -> Vec<FunnelStep> {
    let counts = [
        (Stage::Lead, total.leads),
        (Stage::Mql, total.mql),
        (Stage::Sql, total.sql),
        (Stage::Opportunity, total.opportunities),
        (Stage::Won, total.won),
    ];
    let mut out: Vec<FunnelStep> = Vec::new();
    for (stage, count) in counts {
        let from_previous = out
            .last()
            .and_then(|p| Rate::of(count, p.count))
            .map(percent);
        out.push(FunnelStep {
            stage,
            label: stage.name(lang).into(),
            count,
            from_previous,
        });
    }
    out
}

impl crate::Session {
    /// The 报表 section for `from ..= to` under `model`.
    pub fn revenue_overview(
        &self,
        model: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> crate::Result<RevenueOverview> {
        let lang = self.lang();
        let model = Model::from_code(model).map_err(|e| ApiError::from_err(&e, lang))?;
        let store = self.reader();
        let facts = store.roi_facts(from, to).user(lang)?;
        let roi = roi_report(&facts, model, from, to, lang);
        let clock = store.on_the_clock(today()).user(lang)?;
        let count = |f: fn(&SlaState) -> bool| clock.iter().filter(|c| f(&c.state)).count();
        let met = count(|s| matches!(s, SlaState::Met { .. }));
        let due = count(|s| matches!(s, SlaState::Due { .. }));
        let overdue = count(|s| matches!(s, SlaState::Overdue { .. } | SlaState::Expired { .. }));
        let returned = store.returned_to_pool(from, to).user(lang)?;
        let judged = (met + overdue) as i64 + returned;
        let sla = store.sla().user(lang)?;
        let trend = store
            .monthly_trend(from, to)
            .user(lang)?
            .into_iter()
            .map(|m| MonthView {
                month: m.month,
                leads: m.leads,
                mql: m.mql,
                sql: m.sql,
                opportunities: m.opportunities,
                won_deals: m.won_deals,
                revenue: m.revenue.into(),
                spend: m.spend.into(),
            })
            .collect();
        let reports: Vec<RoiReport> = Model::ALL
            .iter()
            .map(|&m| roi_report(&facts, m, from, to, lang))
            .collect();
        let comparison = ModelComparison {
            models: Model::ALL
                .iter()
                .map(|m| {
                    (
                        m.code().into(),
                        m.name(lang).into(),
                        m.describe(lang).into(),
                    )
                })
                .collect(),
            channels: roi
                .channels
                .iter()
                .map(|c| {
                    let per_model = reports
                        .iter()
                        .map(|r| {
                            r.channels
                                .iter()
                                .find(|x| x.key == c.key)
                                .map(|x| x.revenue.clone())
                                .unwrap_or_else(|| Money::ZERO.into())
                        })
                        .collect();
                    (c.key.clone(), c.label.clone(), per_model)
                })
                .collect(),
        };
        Ok(RevenueOverview {
            funnel: funnel_steps(&roi.total, lang),
            sla: SlaView {
                rule: sla.describe(lang),
                met,
                due,
                overdue,
                returned,
                compliance: Rate::of(met as i64, judged).map(percent),
                definition: lang
                    .pick(
                        "达标率 = 按时完成跟进的 MQL ÷（按时完成 + 逾期未完成 + 本期退回公海）；尚在期限内的不计。",
                        "Compliance = MQLs followed up in time ÷ (in time + overdue + returned to the pool in the period); leads still within their window are not counted.",
                    )
                    .into(),
            },
            trend,
            comparison,
            roi,
        })
    }
}

impl crate::Session {
    /// Realized results of the current plan's year so far, for the budget's ROI tab to set
    /// beside its forecast channel by channel (same definitions as the forecast: cost per lead,
    /// MQL, SQL and ROI = (revenue − cost) ÷ cost).
    pub fn plan_realized(&self, model: &str) -> crate::Result<RoiReport> {
        let lang = self.lang();
        let year = self
            .reader()
            .current_plan()
            .user(lang)?
            .ok_or_else(|| ApiError::no_plan(lang))?
            .fiscal_year;
        let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| ApiError::no_plan(lang))?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| ApiError::no_plan(lang))?;
        self.roi_report(model, from, end.min(today()).max(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_of_an_earlier_day_are_redone_when_asked_and_fresh_ones_are_kept() {
        let (_dir, s) = crate::demo_session();
        assert_eq!(
            s.rescore_if_stale().expect("checked"),
            None,
            "the demo is scored as it is made"
        );
        s.store()
            .set_meta("lead_scores_as_of", "2026-01-01")
            .expect("aged");
        let leads = s.reader().counts().expect("counts").leads as usize;
        let report = s
            .rescore_if_stale()
            .expect("rescored")
            .expect("stale scores are redone");
        assert_eq!(report.leads, leads);
        assert_eq!(
            s.reader().meta("lead_scores_as_of").expect("meta"),
            Some(today().to_string())
        );
        assert_eq!(s.rescore_if_stale().expect("checked"), None);
    }
}
