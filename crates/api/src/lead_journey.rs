//! One lead's way to revenue, for its page: why it has its score, its stage and the moves
//! open to it, every move so far, its owner, follow-ups and deals. Also the lead scorecard
//! (read, saved, reset) and its backtest.

use marketdesk_core::followup::{Channel, Outcome};
use marketdesk_core::lifecycle::{check, Cause, Stage};
use marketdesk_core::scoring::{format_points, Scorecard};
use marketdesk_core::Lang;
use serde::Serialize;

use marketdesk_store::MergeRow;

use crate::error::{ApiError, ToApi};
use crate::MoneyView;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadScoreView {
    /// "A".."D".
    pub grade: String,
    pub fit_points: i64,
    /// "62.5".
    pub points: String,
    pub mql: bool,
    /// "A 级（90 分）；互动分 62.5；符合 MQL（…）".
    pub summary: String,
    /// One sentence per fit rule (fired, not matched, or unknown and so not counted).
    pub fit: Vec<String>,
    /// One sentence per touch, most recent first: kind, date, weight, decay, points.
    pub touches: Vec<String>,
    /// Per kind, where a cap cut points.
    pub kinds: Vec<String>,
    /// The day the score is computed for.
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveView {
    pub from: Stage,
    pub to: Stage,
    pub from_label: String,
    pub to_label: String,
    pub at: String,
    pub by: String,
    pub cause: Cause,
    pub cause_label: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpView {
    pub at: String,
    pub member: Option<String>,
    pub channel: Channel,
    pub channel_label: String,
    pub outcome: Outcome,
    pub outcome_label: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealView {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub status: marketdesk_core::deal::DealStatus,
    pub status_label: String,
    pub crm_stage: String,
    pub amount: MoneyView,
    pub created_on: Option<String>,
    pub closed_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadJourney {
    pub person_id: i64,
    pub stage: Stage,
    pub stage_label: String,
    /// The stages a hand move may take it to now, (code, label).
    pub moves_open: Vec<(Stage, String)>,
    pub owner: Option<String>,
    /// None until the lead was scored (rescoring runs after imports and on request).
    pub score: Option<LeadScoreView>,
    pub history: Vec<MoveView>,
    pub followups: Vec<FollowUpView>,
    pub deals: Vec<DealView>,
    /// The merges this lead took part in, newest first.
    pub merges: Vec<MergeView>,
}

/// A merge as the lead's page shows it, from this lead's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeView {
    pub id: i64,
    /// The lead merged into this one (or, when this one was merged, the lead that took it).
    pub other_id: i64,
    pub other_name: String,
    /// "合并了 王芳（#12）" / "Merged in 王芳 (#12)".
    pub sentence: String,
    pub merged_at: String,
    pub split_at: Option<String>,
    /// Split now possible: not split yet, and no later merge into the same lead is in the way.
    pub can_split: bool,
}

/// The scorecard with what the window needs to label it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadScorecardView {
    pub card: Scorecard,
    pub is_default: bool,
    pub mql_rule: String,
    /// (kind code, name, why the default) for every engagement kind.
    pub kinds: Vec<(String, String, String)>,
    /// (rule code, name, why) for every fit rule.
    pub fit_rules: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacktestView {
    pub sentence: String,
    /// (grade, closed, won, win rate text or "—").
    pub by_grade: Vec<(String, u32, u32, String)>,
    /// (band label, closed, won, win rate text or "—").
    pub by_band: Vec<(String, u32, u32, String)>,
    pub mql: (u32, u32, String),
    pub not_mql: (u32, u32, String),
    pub definition: String,
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn rate_text(r: Option<marketdesk_core::budget::roi::Rate>) -> String {
    match r {
        Some(r) => {
            let tenths = (r.0.unsigned_abs() + 5) / 10;
            format!("{}.{}%", tenths / 10, tenths % 10)
        }
        None => "—".into(),
    }
}

/// The merges from `person_id`'s side. Only the newest open merge into a lead can be split (a
/// later one may have filled fields from what an earlier one brought).
fn merge_views(rows: Vec<MergeRow>, person_id: i64, lang: Lang) -> Vec<MergeView> {
    let splittable = rows
        .iter()
        .find(|m| m.kept_id == person_id && m.split_at.is_none())
        .map(|m| m.id);
    rows.into_iter()
        .map(|m| {
            let kept = m.kept_id == person_id;
            let (other_id, other_name) = if kept {
                (m.merged_id, m.merged_name)
            } else {
                (m.kept_id, m.kept_name)
            };
            let sentence = match (kept, lang) {
                (true, Lang::ZhCn) => format!("合并了“{other_name}”（#{other_id}）"),
                (true, Lang::En) => format!("Merged in “{other_name}” (#{other_id})"),
                (false, Lang::ZhCn) => format!("曾合并进“{other_name}”（#{other_id}）"),
                (false, Lang::En) => format!("Was merged into “{other_name}” (#{other_id})"),
            };
            MergeView {
                id: m.id,
                other_id,
                other_name,
                sentence,
                merged_at: crate::dates::local_minute(&m.merged_at),
                split_at: m.split_at.as_deref().map(crate::dates::local_minute),
                can_split: splittable == Some(m.id),
            }
        })
        .collect()
}

impl crate::Session {
    pub fn lead_journey(&self, person_id: i64) -> crate::Result<LeadJourney> {
        let lang = self.lang();
        let store = self.reader();
        let day = today();
        let history = store.stage_history(person_id).user(lang)?;
        let stage = history.stage();
        let scored = store
            .lead_is_scored(person_id)
            .user(lang)?
            .then(|| store.explain_score(person_id, day))
            .transpose()
            .user(lang)?;
        let score = scored.map(|e| LeadScoreView {
            grade: e.score.grade.code().to_uppercase(),
            fit_points: e.score.fit_points,
            points: format_points(e.score.points_hundredths),
            mql: e.score.mql,
            summary: e.summary(lang),
            fit: e.fit.iter().map(|l| l.sentence(lang)).collect(),
            touches: e.touches.iter().map(|l| l.sentence(lang)).collect(),
            kinds: e.kinds.iter().map(|l| l.sentence(lang)).collect(),
            as_of: day.to_string(),
        });
        let moves_open = Stage::ALL
            .into_iter()
            .filter(|&to| check(stage, to, Cause::Manual).is_ok())
            .map(|s| (s, s.name(lang).to_string()))
            .collect();
        Ok(LeadJourney {
            person_id,
            stage,
            stage_label: stage.name(lang).into(),
            moves_open,
            owner: store.lead_owner(person_id).user(lang)?,
            score,
            history: history
                .moves()
                .iter()
                .map(|t| MoveView {
                    from: t.from,
                    to: t.to,
                    from_label: t.from.name(lang).into(),
                    to_label: t.to.name(lang).into(),
                    at: crate::dates::local_minute(&t.at),
                    by: t.by.clone(),
                    cause: t.cause,
                    cause_label: t.cause.name(lang).into(),
                    reason: t.reason.clone(),
                })
                .collect(),
            followups: store
                .followups(person_id)
                .user(lang)?
                .into_iter()
                .map(|f| FollowUpView {
                    at: crate::dates::local_minute(&f.at),
                    member: f.member,
                    channel: f.channel,
                    channel_label: f.channel.name(lang).into(),
                    outcome: f.outcome,
                    outcome_label: f.outcome.name(lang).into(),
                    note: f.note,
                })
                .collect(),
            deals: store
                .deals_of(person_id)
                .user(lang)?
                .into_iter()
                .map(|d| DealView {
                    id: d.id,
                    external_id: d.external_id,
                    name: d.name,
                    status: d.status,
                    status_label: d.status.name(lang).into(),
                    crm_stage: d.crm_stage,
                    amount: d.amount.into(),
                    created_on: d.created_on,
                    closed_on: d.closed_on,
                })
                .collect(),
            merges: merge_views(store.merges_of(person_id).user(lang)?, person_id, lang),
        })
    }

    /// Logs a follow-up attempt by `member` (a team member's name, or "" for nobody named).
    pub fn log_followup(
        &self,
        person_id: i64,
        member: &str,
        on: &str,
        channel: &str,
        outcome: &str,
        note: &str,
    ) -> crate::Result<LeadJourney> {
        let lang = self.lang();
        let channel = Channel::from_code(channel).map_err(|e| ApiError::from_err(&e, lang))?;
        let outcome = Outcome::from_code(outcome).map_err(|e| ApiError::from_err(&e, lang))?;
        {
            let mut store = self.store();
            let member_id = match member.trim() {
                "" => None,
                name => Some(
                    store
                        .member_named(name)
                        .user(lang)?
                        .ok_or_else(|| crate::revenue::unknown_member(name, lang))?
                        .id,
                ),
            };
            store
                .log_followup(person_id, member_id, on.trim(), channel, outcome, note)
                .user(lang)?;
        }
        // A connected call or a visit counts as engagement.
        self.rescore_after(&[person_id])?;
        self.lead_journey(person_id)
    }

    pub fn lead_scorecard(&self) -> crate::Result<LeadScorecardView> {
        let lang = self.lang();
        let card = self.reader().lead_scorecard().user(lang)?;
        Ok(scorecard_view(card, lang))
    }

    /// Saves the scorecard; rescoring (a job) makes it count.
    pub fn save_lead_scorecard(&self, card: &Scorecard) -> crate::Result<LeadScorecardView> {
        let lang = self.lang();
        self.store().set_lead_scorecard(card).user(lang)?;
        self.lead_scorecard()
    }

    pub fn reset_lead_scorecard(&self) -> crate::Result<LeadScorecardView> {
        self.save_lead_scorecard(&Scorecard::default())
    }

    pub fn scoring_backtest(&self) -> crate::Result<BacktestView> {
        let lang = self.lang();
        let b = self.reader().scoring_backtest().user(lang)?;
        let count =
            |w: &marketdesk_core::scoring::WinCount| (w.closed, w.won, rate_text(w.win_rate()));
        Ok(BacktestView {
            sentence: b.sentence(lang),
            by_grade: b
                .by_grade
                .iter()
                .map(|(g, w)| {
                    let (c, n, r) = count(w);
                    (g.code().to_uppercase(), c, n, r)
                })
                .collect(),
            by_band: b
                .by_band
                .iter()
                .map(|(band, w)| {
                    let (c, n, r) = count(w);
                    (band.name(lang).to_string(), c, n, r)
                })
                .collect(),
            mql: count(&b.mql),
            not_mql: count(&b.not_mql),
            definition: lang
                .pick(
                    "赢单率 = 赢单 ÷（赢单 + 输单），按线索计；每条线索按其首个商机创建前一天的评分归组，进行中的商机不计。",
                    "Win rate = won ÷ (won + lost), per lead; each lead is grouped by its score the day before its first deal was created; open deals are left out.",
                )
                .into(),
        })
    }
}

fn scorecard_view(card: Scorecard, lang: Lang) -> LeadScorecardView {
    use marketdesk_core::scoring::{EngagementKind, FitRule};
    LeadScorecardView {
        is_default: card == Scorecard::default(),
        mql_rule: card.mql.describe(lang),
        kinds: EngagementKind::ALL
            .iter()
            .map(|k| (k.code().into(), k.name(lang).into(), k.why(lang).into()))
            .collect(),
        fit_rules: FitRule::ALL
            .iter()
            .map(|r| (r.code().into(), r.name(lang).into(), r.why(lang).into()))
            .collect(),
        card,
    }
}
