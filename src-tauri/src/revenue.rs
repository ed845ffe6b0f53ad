//! From lead to revenue: the 报表 overview and charts, stage moves and owners, the team,
//! follow-ups, a lead's journey, the lead scorecard, deals from the CRM's export, the report's
//! pages. One command, `revenue`, takes them all as an [`Ask`]: each parses its fields, calls
//! the API and replies with what it returns, as JSON. One command rather than twenty because
//! every Tauri command compiles its own async task and blocking task (about 45 KB of the
//! release binary each), and the app must stay under 15 MiB. Rescoring, a job that streams its
//! progress over a channel, is a command of its own.

use std::path::PathBuf;

use chrono::NaiveDate;
use marketdesk_api::{
    ApiError, LeadFilter, ProgressUpdate, ReportPeriod, RescoreReport, RuleForm, Session, SlaForm,
};
use marketdesk_core::people::LeadFields;
use marketdesk_core::scoring::Scorecard;
use serde::{Deserialize, Serialize};
use tauri::ipc::{Channel, Response};

use crate::commands::{blocking, Reply, Shared};
use crate::leads::{reporter, started};

/// One call of the API, as the window sends it: `{"lead_journey": {"id": 7}}`, or `"team"` for
/// a call without arguments. (Externally tagged: an internally tagged enum would buffer every
/// request before reading it, which costs the binary three times the code.)
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    Overview {
        model: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    Charts {
        model: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The plan year's realized ROI so far, for the budget's ROI tab.
    PlanRealized {
        model: String,
    },
    /// `ids` given: those leads; else every lead the filter selects.
    MoveLeads {
        ids: Option<Vec<i64>>,
        filter: LeadFilter,
        stage: String,
        who: String,
        reason: String,
    },
    /// `ids` given: those leads; else every lead the filter selects. `to` None: by the
    /// assignment rules, the sales taking turns. Replies how many changed.
    AssignLeads {
        ids: Option<Vec<i64>>,
        filter: LeadFilter,
        to: Option<String>,
        only_unowned: bool,
    },
    Team,
    AddTeamMember {
        name: String,
        sales: bool,
    },
    /// The assignment rules and the follow-up rule.
    Routing,
    SaveAssignmentRules {
        rules: Vec<RuleForm>,
    },
    SaveSla {
        sla: SlaForm,
    },
    Followups {
        overdue_only: bool,
    },
    LeadJourney {
        id: i64,
    },
    LogFollowup {
        id: i64,
        member: String,
        on: String,
        channel: String,
        outcome: String,
        note: String,
    },
    /// The lead's fields typed by hand; replies how many changed.
    EditLead {
        id: i64,
        fields: LeadFields,
        who: String,
    },
    /// `merged` goes into `kept`; replies the merge's id.
    MergeLeads {
        kept: i64,
        merged: i64,
        who: String,
    },
    /// Replies the id of the lead given back.
    SplitMerge {
        merge_id: i64,
        who: String,
    },
    /// `confirm`: the lead's name as shown. Replies how many imported rows were scrubbed.
    EraseLead {
        id: i64,
        confirm: String,
    },
    /// Rescores every lead when the scores are older than today (points fade by the day); the
    /// window asks once a workspace is open. Replies the report, or null when they were fresh.
    RescoreIfStale,
    LeadScorecard,
    SaveLeadScorecard {
        card: Scorecard,
    },
    ResetLeadScorecard,
    ScoringBacktest,
    /// `mapping`: a field code (or None) per header cell, when the user mapped them by hand.
    PreviewDealImport {
        path: PathBuf,
        mapping: Option<Vec<Option<String>>>,
    },
    ImportDeals {
        path: PathBuf,
        batch: String,
        mapping: Option<Vec<Option<String>>>,
    },
    UndoDealImport {
        batch_id: i64,
    },
    /// The monthly (`2026-11`) or quarterly (`2026Q4`) report's pages as SVG, to print.
    ReportPages {
        period: String,
        model: String,
    },
}

/// A reply as the JSON text a command of its own would have sent (the window parses it).
fn json(value: impl Serialize, lang: marketdesk_core::Lang) -> Reply<Response> {
    serde_json::to_string(&value)
        .map(Response::new)
        .map_err(|e| {
            tracing::error!(error = %e, "reply not serializable");
            ApiError::new(
                "internal",
                lang.pick(
                    "内部错误，操作没有完成。",
                    "Internal error: the action did not complete.",
                )
                .into(),
            )
        })
}

impl Ask {
    fn answer(self, s: &Session) -> Reply<Response> {
        let lang = s.lang();
        match self {
            Ask::Overview { model, from, to } => json(s.revenue_overview(&model, from, to)?, lang),
            Ask::Charts { model, from, to } => json(s.revenue_charts(&model, from, to)?, lang),
            Ask::PlanRealized { model } => json(s.plan_realized(&model)?, lang),
            Ask::MoveLeads {
                ids,
                filter,
                stage,
                who,
                reason,
            } => json(
                s.move_leads(ids.as_deref(), &filter, &stage, &who, &reason)?,
                lang,
            ),
            Ask::AssignLeads {
                ids,
                filter,
                to,
                only_unowned,
            } => json(
                s.assign_leads(ids.as_deref(), &filter, to.as_deref(), only_unowned)?,
                lang,
            ),
            Ask::Team => json(s.team()?, lang),
            Ask::AddTeamMember { name, sales } => json(s.add_team_member(&name, sales)?, lang),
            Ask::Routing => json(s.routing()?, lang),
            Ask::SaveAssignmentRules { rules } => json(s.save_assignment_rules(&rules)?, lang),
            Ask::SaveSla { sla } => json(s.save_sla(&sla)?, lang),
            Ask::Followups { overdue_only } => json(s.followups(overdue_only)?, lang),
            Ask::LeadJourney { id } => json(s.lead_journey(id)?, lang),
            Ask::LogFollowup {
                id,
                member,
                on,
                channel,
                outcome,
                note,
            } => json(
                s.log_followup(id, &member, &on, &channel, &outcome, &note)?,
                lang,
            ),
            Ask::EditLead { id, fields, who } => json(s.edit_lead(id, &fields, &who)?, lang),
            Ask::MergeLeads { kept, merged, who } => json(s.merge_leads(kept, merged, &who)?, lang),
            Ask::SplitMerge { merge_id, who } => json(s.split_merge(merge_id, &who)?, lang),
            Ask::EraseLead { id, confirm } => json(s.erase_person(id, &confirm)?, lang),
            Ask::RescoreIfStale => json(s.rescore_if_stale()?, lang),
            Ask::LeadScorecard => json(s.lead_scorecard()?, lang),
            Ask::SaveLeadScorecard { card } => json(s.save_lead_scorecard(&card)?, lang),
            Ask::ResetLeadScorecard => json(s.reset_lead_scorecard()?, lang),
            Ask::ScoringBacktest => json(s.scoring_backtest()?, lang),
            Ask::PreviewDealImport { path, mapping } => json(
                s.preview_deal_import_mapped(&path, mapping.as_deref())?,
                lang,
            ),
            Ask::ImportDeals {
                path,
                batch,
                mapping,
            } => json(
                s.import_deals_mapped(&path, &batch, mapping.as_deref())?,
                lang,
            ),
            Ask::UndoDealImport { batch_id } => json(s.undo_deal_import(batch_id)?, lang),
            Ask::ReportPages { period, model } => json(
                s.marketing_report_pages(ReportPeriod::parse(&period, lang)?, &model)?,
                lang,
            ),
        }
    }
}

#[tauri::command]
pub async fn revenue(session: Shared<'_>, ask: Ask) -> Reply<Response> {
    blocking(&session, move |s| ask.answer(s)).await
}

/// Rescores every lead; progress (with the job id, first at 0) goes over `on_progress`.
#[tauri::command]
pub async fn rescore_leads(
    session: Shared<'_>,
    on_progress: Channel<ProgressUpdate>,
) -> Reply<RescoreReport> {
    blocking(&session, move |s: &Session| {
        let send = reporter(on_progress);
        s.rescore(&|job| send(started(job)), &send)
    })
    .await
}
