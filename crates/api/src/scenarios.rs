//! Scenarios from the UI and the CLI: made from the current plan with one adjustment, compared
//! channel by channel and forecast against forecast, with the breaches the plan would have if
//! adopted; adopted as the plan's next version (undone by restoring the one before), refused
//! when built from an older version, and then shown as a three-way difference.

use marketdesk_core::{
    apply_adjustment, check_guardrails, compare_plans, forecast_total, parse_percent_change,
    plan_changes, Adjustment, Change, Lang, Outputs, Plan, PlanContent, Roi, Share,
};
use marketdesk_store::{StoreError, VersionCause};
use serde::{Deserialize, Serialize};

use crate::budget::{spend_entries, BreachView};
use crate::error::{ApiError, ToApi};
use crate::session::current_rows;
use crate::{BudgetOverview, MoneyView, Session};

/// What the user asked for, as typed.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AdjustmentForm {
    /// "−20" or "15": percent change of the total (tactics scale with it); `outputs` says
    /// whether their expected outputs follow the money (the default) or stay as planned.
    ScaleTotal {
        percent: String,
        #[serde(default)]
        outputs: Outputs,
    },
    /// Move `points` percentage points of share from one channel (code) to another.
    MoveShare {
        from: String,
        to: String,
        points: String,
    },
}

impl AdjustmentForm {
    pub(crate) fn parse(&self, lang: Lang) -> Result<Adjustment, ApiError> {
        match self {
            AdjustmentForm::ScaleTotal { percent, outputs } => {
                let change_bp = parse_percent_change(percent)
                    .map_err(|e| ApiError::from_err(&e, lang).with_field("percent"))?;
                Ok(Adjustment::ScaleTotal {
                    change_bp,
                    outputs: *outputs,
                })
            }
            AdjustmentForm::MoveShare { from, to, points } => {
                let points = Share::from_percent_str(points)
                    .map_err(|e| ApiError::from_err(&e, lang).with_field("points"))?;
                Ok(Adjustment::MoveShare {
                    from: from.clone(),
                    to: to.clone(),
                    points,
                })
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonRow {
    pub name: String,
    pub color: String,
    pub share_current: String,
    pub share_scenario: String,
    pub budget_current: MoneyView,
    pub budget_scenario: MoneyView,
    pub delta: MoneyView,
}

/// One forecast figure of the plan now and with the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForecastRow {
    pub label: String,
    pub current: String,
    pub scenario: String,
}

/// One channel in the version a stale scenario was built from, the plan now, and the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreeWayRow {
    pub name: String,
    pub base: MoneyView,
    pub current: MoneyView,
    pub scenario: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioView {
    pub id: i64,
    pub name: String,
    /// How it was made: "总预算 −20%", "线下活动 → 线上推广 10 个百分点".
    pub adjustment: String,
    pub total: MoneyView,
    pub total_delta: MoneyView,
    pub rows: Vec<ComparisonRow>,
    /// `follow_money` or `unchanged`, and what that means for the forecast, in a sentence.
    pub outputs: Option<Outputs>,
    pub basis: String,
    pub forecast: Vec<ForecastRow>,
    /// What the plan would break if this were adopted: rules, tactics below what is already
    /// committed or paid, money that does not add up. Warnings first.
    pub breaches: Vec<BreachView>,
    /// What adopting changes, one line each, for the question asked before adopting.
    pub adopt_changes: Vec<String>,
    pub base_version: Option<i64>,
    pub current_version: i64,
    /// Built from an older version (or before versions were kept): adopting is refused.
    pub stale: bool,
    /// Why it cannot be adopted, in a sentence, when stale.
    pub stale_reason: String,
    /// The plan's edits since the scenario was built, which adopting it would have undone.
    pub later_edits: Vec<String>,
    pub three_way: Vec<ThreeWayRow>,
}

/// What adopting did, and how to undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adopted {
    pub overview: BudgetOverview,
    /// The plan's version before: restoring it undoes the adoption.
    pub undo_version: i64,
    pub version: i64,
    pub message: String,
}

fn adjustment_text(a: &Adjustment, current: &Plan, lang: Lang) -> String {
    match a {
        Adjustment::ScaleTotal { change_bp, .. } => {
            let sign = if *change_bp < 0 { "−" } else { "+" };
            let abs = change_bp.unsigned_abs();
            let pct = Share::from_basis_points(abs.min(10_000))
                .map(|s| s.to_string())
                .unwrap_or_else(|_| format!("{}%", abs / 100));
            let pct = if abs > 10_000 {
                format!("{}%", abs / 100)
            } else {
                pct
            };
            match lang {
                Lang::ZhCn => format!("总预算 {sign}{pct}"),
                Lang::En => format!("total {sign}{pct}"),
            }
        }
        Adjustment::SetTotal { total } => match lang {
            Lang::ZhCn => format!("总预算改为 {total}"),
            Lang::En => format!("total set to {total}"),
        },
        Adjustment::MoveShare { from, to, points } => {
            let name = |code: &str| {
                current
                    .channel(code)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| code.to_string())
            };
            let points = points.to_string();
            let points = points.trim_end_matches('%');
            match lang {
                Lang::ZhCn => format!("{} → {} {points} 个百分点", name(from), name(to)),
                Lang::En => format!("{points} points from {} to {}", name(from), name(to)),
            }
        }
    }
}

fn forecast_rows(current: &Roi, scenario: &Roi, lang: Lang) -> Vec<ForecastRow> {
    let money = |m: Option<marketdesk_core::Money>| m.map_or("—".into(), |m| m.to_string());
    let count = |n: u64| n.to_string();
    let row = |zh: &str, en: &str, a: String, b: String| ForecastRow {
        label: lang.pick(zh, en).into(),
        current: a,
        scenario: b,
    };
    vec![
        row(
            "预算项合计",
            "Tactics in all",
            current.cost.to_string(),
            scenario.cost.to_string(),
        ),
        row(
            "预期线索",
            "Expected leads",
            count(current.outcomes.leads),
            count(scenario.outcomes.leads),
        ),
        row(
            "预期 MQL",
            "Expected MQL",
            count(current.outcomes.mql),
            count(scenario.outcomes.mql),
        ),
        row(
            "预期 SQL",
            "Expected SQL",
            count(current.outcomes.sql),
            count(scenario.outcomes.sql),
        ),
        row(
            "预期成交",
            "Expected deals",
            count(current.outcomes.deals),
            count(scenario.outcomes.deals),
        ),
        row(
            "预期收入",
            "Expected revenue",
            current.outcomes.revenue.to_string(),
            scenario.outcomes.revenue.to_string(),
        ),
        row(
            "单条线索成本",
            "Cost per lead",
            money(current.cost_per_lead),
            money(scenario.cost_per_lead),
        ),
        row(
            "单个 SQL 成本",
            "Cost per SQL",
            money(current.cost_per_sql),
            money(scenario.cost_per_sql),
        ),
        row(
            "每元收入（收入 ÷ 花费）",
            "Revenue per yuan (revenue ÷ cost)",
            current
                .revenue_multiple
                .map_or("—".into(), |m| m.to_string()),
            scenario
                .revenue_multiple
                .map_or("—".into(), |m| m.to_string()),
        ),
        row(
            "ROI（(收入 − 花费) ÷ 花费）",
            "ROI ((revenue − cost) ÷ cost)",
            current.roi.map_or("—".into(), |r| r.to_string()),
            scenario.roi.map_or("—".into(), |r| r.to_string()),
        ),
    ]
}

fn breach_views(plan: &Plan, rows: &marketdesk_store::PlanRows, lang: Lang) -> Vec<BreachView> {
    check_guardrails(
        plan,
        &crate::budget::rules_of(&rows.guardrails),
        &spend_entries(&rows.spend),
    )
    .iter()
    .map(|b| BreachView {
        warning: b.is_warning(),
        message: b.message(lang),
    })
    .collect()
}

fn messages(changes: &[Change], lang: Lang) -> Vec<String> {
    changes.iter().map(|c| c.message(lang)).collect()
}

impl Session {
    /// Copies the current plan into a scenario with one adjustment applied.
    pub fn create_scenario(
        &self,
        name: &str,
        adjustment: &AdjustmentForm,
    ) -> crate::Result<Vec<ScenarioView>> {
        let lang = self.lang();
        let adjustment = adjustment.parse(lang)?;
        {
            let mut store = self.store();
            let main = current_rows(&store, lang)?;
            let content = store.plan_content(main.plan.id).user(lang)?;
            let field = match adjustment {
                Adjustment::ScaleTotal { .. } => "percent",
                _ => "points",
            };
            // Checked on the plan first: a refused adjustment creates nothing.
            let changed = apply_adjustment(&content.to_plan().user(lang)?, &adjustment)
                .map_err(|e| ApiError::from_err(&e, lang).with_field(field))?;
            let name = match name.trim() {
                "" => lang.pick("新方案", "New scenario").to_string(),
                n => n.to_string(),
            };
            let json = serde_json::to_string(&adjustment).unwrap_or_default();
            let id = store
                .create_scenario(main.plan.id, &name, &json)
                .user(lang)?;
            write_numbers(&mut store, id, &changed, lang)?;
        }
        self.scenarios()
    }

    /// Every scenario of the current plan, compared with it.
    pub fn scenarios(&self) -> crate::Result<Vec<ScenarioView>> {
        let lang = self.lang();
        let store = self.store();
        let Some(main) = store.current_plan_rows().user(lang)? else {
            return Ok(vec![]);
        };
        let current_content = store.plan_content(main.plan.id).user(lang)?;
        let current = current_content.to_plan().user(lang)?;
        let current_forecast = forecast_total(&current);
        store
            .scenarios_of(main.plan.id)
            .user(lang)?
            .into_iter()
            .map(|row| {
                let (base, adjustment) = store.scenario_origin(row.id).user(lang)?;
                let adjustment: Option<Adjustment> =
                    adjustment.and_then(|j| serde_json::from_str(&j).ok());
                let (_, adopted) = store.scenario_as_adopted(row.id).user(lang)?;
                let scenario = adopted.to_plan().user(lang)?;
                let stale = base != Some(main.plan.version);
                let base_content = match base {
                    Some(v) if stale => store.plan_version_content(main.plan.id, v).ok(),
                    _ => None,
                };
                let scenario_rows = store.plan_rows(row.id).user(lang)?;
                Ok(view(ViewInput {
                    id: row.id,
                    name: &row.name,
                    adjustment: adjustment.as_ref(),
                    main: &main,
                    current_content: &current_content,
                    current: &current,
                    current_forecast: &current_forecast,
                    adopted: &adopted,
                    scenario: &scenario,
                    scenario_total: scenario_rows.plan.total,
                    base,
                    base_content: base_content.as_ref(),
                    lang,
                }))
            })
            .collect()
    }

    /// Makes a scenario's numbers the current plan's, as its next version. The UI asks first,
    /// naming [`ScenarioView::adopt_changes`]; [`Session::undo_adoption`] undoes it.
    pub fn adopt_scenario(&self, scenario_id: i64) -> crate::Result<Adopted> {
        let lang = self.lang();
        let (name, (_, before, after)) = {
            let mut store = self.store();
            let name = store
                .plan_row(scenario_id)
                .user(lang)?
                .map(|p| p.name)
                .unwrap_or_default();
            (name, store.adopt_scenario(scenario_id).user(lang)?)
        };
        Ok(Adopted {
            overview: self.budget_overview()?,
            undo_version: before,
            version: after,
            message: match lang {
                Lang::ZhCn => format!(
                    "已采纳方案“{name}”：计划从第 {before} 版变为第 {after} 版。可以撤销。"
                ),
                Lang::En => format!(
                    "Adopted “{name}”: the plan went from version {before} to {after}. This can be undone."
                ),
            },
        })
    }

    /// Undoes an adoption (or any change) by bringing back the plan's version `version`, as a
    /// new version: nothing of the history is lost.
    pub fn undo_adoption(&self, version: i64) -> crate::Result<BudgetOverview> {
        self.restore_plan_version(version)
    }

    /// Makes the scenario again from the plan as it is now, with the same adjustment and name.
    pub fn rebuild_scenario(&self, scenario_id: i64) -> crate::Result<Vec<ScenarioView>> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let main = current_rows(&store, lang)?;
            let (_, adjustment) = store.scenario_origin(scenario_id).user(lang)?;
            let adjustment: Adjustment = adjustment
                .and_then(|j| serde_json::from_str(&j).ok())
                .ok_or_else(|| {
                    ApiError::new(
                        "scenario_unversioned",
                        lang.pick(
                            "这个方案没有记录它是怎么做出来的，无法重建；请删除后重新创建。",
                            "This scenario does not record how it was made, so it cannot be rebuilt; delete it and create it again.",
                        )
                        .into(),
                    )
                })?;
            let name = store
                .plan_row(scenario_id)
                .user(lang)?
                .map(|p| p.name)
                .unwrap_or_default();
            let content = store.plan_content(main.plan.id).user(lang)?;
            let changed = apply_adjustment(&content.to_plan().user(lang)?, &adjustment)
                .map_err(|e| ApiError::from_err(&e, lang))?;
            let json = serde_json::to_string(&adjustment).unwrap_or_default();
            let id = store
                .create_scenario(main.plan.id, &name, &json)
                .user(lang)?;
            write_numbers(&mut store, id, &changed, lang)?;
            store.delete_scenario(scenario_id).user(lang)?;
        }
        self.scenarios()
    }

    pub fn delete_scenario(&self, scenario_id: i64) -> crate::Result<Vec<ScenarioView>> {
        let lang = self.lang();
        self.store().delete_scenario(scenario_id).user(lang)?;
        self.scenarios()
    }
}

/// Writes `changed` (the plan with the adjustment) into scenario `id`, whose tactics are
/// copies: matched to the plan's by the tactic they were copied from.
fn write_numbers(
    store: &mut marketdesk_store::Store,
    id: i64,
    changed: &Plan,
    lang: Lang,
) -> crate::Result<()> {
    let copy = store.plan_rows(id).user(lang)?;
    let origin = store.copied_from(id).user(lang)?;
    let shares: Vec<(i64, Share)> = copy
        .channels
        .iter()
        .filter_map(|c| changed.channel(&c.code).map(|p| (c.id, p.share)))
        .collect();
    let tactics = origin
        .iter()
        .filter_map(|(copy_id, from)| {
            changed
                .tactics()
                .iter()
                .find(|t| t.id == *from)
                .map(|t| (*copy_id, t.planned, t.expected))
        })
        .collect::<Vec<_>>();
    store
        .write_scenario_numbers(id, changed.total(), &shares, &tactics)
        .user(lang)
}

struct ViewInput<'a> {
    id: i64,
    name: &'a str,
    adjustment: Option<&'a Adjustment>,
    main: &'a marketdesk_store::PlanRows,
    current_content: &'a PlanContent,
    current: &'a Plan,
    current_forecast: &'a Roi,
    adopted: &'a PlanContent,
    scenario: &'a Plan,
    scenario_total: marketdesk_core::Money,
    base: Option<i64>,
    base_content: Option<&'a PlanContent>,
    lang: Lang,
}

fn view(v: ViewInput) -> ScenarioView {
    let lang = v.lang;
    let rows = compare_plans(v.current, v.scenario)
        .into_iter()
        .map(|c| ComparisonRow {
            color: v.current.color_of(&c.code).to_string(),
            name: c.name,
            share_current: c.share_a.to_string(),
            share_scenario: c.share_b.to_string(),
            budget_current: c.budget_a.into(),
            budget_scenario: c.budget_b.into(),
            delta: c.delta.into(),
        })
        .collect();
    let outputs = v.adjustment.and_then(|a| match a {
        Adjustment::ScaleTotal { outputs, .. } => Some(*outputs),
        _ => None,
    });
    let basis = match (v.adjustment, outputs) {
        (_, Some(o)) => o.explain(lang).to_string(),
        (Some(_), None) => lang
            .pick(
                "只调整渠道占比，预算项的金额和预期产出不变。",
                "Only channel shares move; tactics keep their money and expected outputs.",
            )
            .into(),
        (None, None) => String::new(),
    };
    let current_version = v.main.plan.version;
    let stale = v.base != Some(current_version);
    let stale_reason = if !stale {
        String::new()
    } else {
        match v.base {
            Some(base) => StoreError::ScenarioStale {
                scenario: v.name.into(),
                base,
                current: current_version,
            },
            None => StoreError::ScenarioUnversioned {
                scenario: v.name.into(),
            },
        }
        .message(lang)
    };
    let later_edits = v
        .base_content
        .map(|b| messages(&plan_changes(b, v.current_content), lang))
        .unwrap_or_default();
    let three_way = match v.base_content.and_then(|b| b.to_plan().ok()) {
        Some(base) => {
            let budgets = |p: &Plan| {
                p.channels()
                    .iter()
                    .zip(p.channel_budgets())
                    .map(|(c, b)| (c.code.clone(), b))
                    .collect::<Vec<_>>()
            };
            let (b, c, s) = (budgets(&base), budgets(v.current), budgets(v.scenario));
            let find = |list: &[(String, marketdesk_core::Money)], code: &str| {
                list.iter()
                    .find(|(k, _)| k == code)
                    .map_or(marketdesk_core::Money::ZERO, |(_, m)| *m)
            };
            v.current
                .channels()
                .iter()
                .map(|ch| ThreeWayRow {
                    name: ch.name.clone(),
                    base: find(&b, &ch.code).into(),
                    current: find(&c, &ch.code).into(),
                    scenario: find(&s, &ch.code).into(),
                })
                .collect()
        }
        None => Vec::new(),
    };
    ScenarioView {
        id: v.id,
        name: v.name.into(),
        adjustment: v
            .adjustment
            .map(|a| adjustment_text(a, v.current, lang))
            .unwrap_or_default(),
        total: v.scenario_total.into(),
        total_delta: marketdesk_core::Money::from_fen(
            v.scenario_total.fen() - v.current.total().fen(),
        )
        .into(),
        rows,
        outputs,
        basis,
        forecast: forecast_rows(v.current_forecast, &forecast_total(v.scenario), lang),
        breaches: breach_views(v.scenario, v.main, lang),
        adopt_changes: messages(&plan_changes(v.current_content, v.adopted), lang),
        base_version: v.base,
        current_version,
        stale,
        stale_reason,
        later_edits,
        three_way,
    }
}

/// Used by the plan's history: what a version's cause says.
pub(crate) fn cause_text(cause: &VersionCause, lang: Lang) -> String {
    match (cause, lang) {
        (VersionCause::Recorded, Lang::ZhCn) => "开始记录版本时的计划".into(),
        (VersionCause::Recorded, Lang::En) => "The plan when versions began to be kept".into(),
        (VersionCause::Edited, Lang::ZhCn) => "编辑".into(),
        (VersionCause::Edited, Lang::En) => "Edited".into(),
        (VersionCause::Adopted { scenario }, Lang::ZhCn) => format!("采纳方案“{scenario}”"),
        (VersionCause::Adopted { scenario }, Lang::En) => format!("Adopted “{scenario}”"),
        (VersionCause::Restored { version }, Lang::ZhCn) => format!("恢复到第 {version} 版"),
        (VersionCause::Restored { version }, Lang::En) => format!("Restored version {version}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Session::open_default(&dir.path().join("w.marketdesk"), None, Lang::ZhCn)
            .expect("open");
        (dir, s)
    }

    fn cut(percent: &str, outputs: Outputs) -> AdjustmentForm {
        AdjustmentForm::ScaleTotal {
            percent: percent.into(),
            outputs,
        }
    }

    fn forecast<'a>(v: &'a ScenarioView, label: &str) -> &'a ForecastRow {
        v.forecast
            .iter()
            .find(|r| r.label.starts_with(label))
            .expect("forecast row")
    }

    #[test]
    fn scenarios_are_made_compared_and_refused_with_the_reason() {
        let (_dir, s) = demo();
        let list = s
            .create_scenario("压缩 20%", &cut("−20", Outputs::FollowMoney))
            .expect("scenario");
        assert_eq!(list.len(), 1);
        let v = &list[0];
        assert_eq!(
            (v.total.yuan.as_str(), v.total_delta.yuan.as_str()),
            ("¥1,600,000.00", "-¥400,000.00")
        );
        assert_eq!(
            v.rows[0].budget_scenario.yuan, "¥1,120,000.00",
            "70% of 160万"
        );
        assert_eq!(v.adjustment, "总预算 −20.0%");
        assert!(
            v.basis.contains("保持不变"),
            "the compare view says which: {}",
            v.basis
        );
        let roi = forecast(v, "ROI");
        let pct = |s: &str| s.trim_end_matches('%').parse::<f64>().expect("a percent");
        assert!(
            pct(&roi.scenario) <= pct(&roi.current),
            "a cut alone does not raise the forecast ROI: {} → {}",
            roi.current,
            roi.scenario
        );
        assert_eq!(
            forecast(v, "单条线索成本").current,
            forecast(v, "单条线索成本").scenario,
            "each tactic keeps its cost per lead (to the rounding of whole leads)"
        );
        assert!(
            v.breaches
                .iter()
                .any(|b| b.warning && b.message.contains("已支付") && b.message.contains("计划")),
            "the demo has paid for tactics a 20% cut plans below: {:?}",
            v.breaches
        );
        assert!(!v.stale && v.adopt_changes[0].starts_with("总预算"));

        let moved = AdjustmentForm::MoveShare {
            from: "offline_events".into(),
            to: "online_promotion".into(),
            points: "10".into(),
        };
        let list = s.create_scenario("", &moved).expect("second");
        assert_eq!(list[1].name, "新方案");
        assert_eq!(list[1].rows[1].share_scenario, "16.0%");
        assert!(
            list[1]
                .breaches
                .iter()
                .any(|b| b.message.contains("线下活动占 60.0%")),
            "the guardrail it would break is shown before adopting"
        );
        let too_much = AdjustmentForm::MoveShare {
            from: "community".into(),
            to: "rankings".into(),
            points: "5".into(),
        };
        let err = s.create_scenario("x", &too_much).expect_err("社群 has 2%");
        assert_eq!(
            (err.field.as_deref(), err.message.as_str()),
            (Some("points"), "社群只占 2.0%，移不出 5.0 个百分点。")
        );
        for (bad, code) in [
            ("abc", "invalid_percent_change"),
            ("-33.333", "too_many_decimals"),
            ("-100", "cuts_whole_budget"),
        ] {
            let err = s
                .create_scenario("x", &cut(bad, Outputs::FollowMoney))
                .expect_err(bad);
            assert_eq!(
                (err.code.as_str(), err.field.as_deref()),
                (code, Some("percent"))
            );
        }
        assert_eq!(
            s.scenarios().expect("list").len(),
            2,
            "refusals create nothing"
        );
        let copy_of_a_tactic = {
            let store = s.store();
            store.plan_rows(list[0].id).expect("rows").tactics[0].id
        };
        assert_eq!(
            s.delete_tactic(copy_of_a_tactic)
                .expect_err("not the plan's")
                .code,
            "not_found",
            "the budget section cannot delete a scenario's tactics"
        );
    }

    #[test]
    fn adopting_is_a_version_that_can_be_undone_and_a_stale_scenario_is_refused() {
        let (_dir, s) = demo();
        let list = s
            .create_scenario("压缩 20%", &cut("-20", Outputs::FollowMoney))
            .expect("scenario");
        let moved = AdjustmentForm::MoveShare {
            from: "offline_events".into(),
            to: "online_promotion".into(),
            points: "5".into(),
        };
        let list2 = s.create_scenario("挪 5 点", &moved).expect("second");
        let a = s.adopt_scenario(list[0].id).expect("adopt");
        assert_eq!((a.undo_version, a.version), (1, 2));
        let plan = a.overview.plan.as_ref().expect("plan");
        assert_eq!(
            (plan.total.yuan.as_str(), plan.version),
            ("¥1,600,000.00", 2)
        );
        assert!(a.message.contains("第 1 版变为第 2 版"), "{}", a.message);

        let stale = s
            .scenarios()
            .expect("list")
            .into_iter()
            .find(|v| v.id == list2[1].id)
            .expect("second");
        assert!(stale.stale, "built from version 1, the plan is at 2");
        assert!(
            stale.later_edits.iter().any(|e| e.starts_with("总预算")),
            "{:?}",
            stale.later_edits
        );
        assert_eq!(stale.three_way[0].base.yuan, "¥1,400,000.00");
        assert_eq!(stale.three_way[0].current.yuan, "¥1,120,000.00");
        let err = s.adopt_scenario(stale.id).expect_err("stale");
        assert_eq!(err.code, "scenario_stale");
        assert_eq!(
            s.budget_overview()
                .expect("o")
                .plan
                .expect("plan")
                .total
                .yuan,
            "¥1,600,000.00",
            "the refused adoption changed nothing"
        );
        let rebuilt = s.rebuild_scenario(stale.id).expect("rebuild");
        let fresh = rebuilt
            .iter()
            .find(|v| v.name == "挪 5 点")
            .expect("rebuilt");
        assert!(!fresh.stale);
        assert_eq!(
            fresh.rows[0].budget_scenario.yuan, "¥1,040,000.00",
            "65% of 160万"
        );

        let undone = s.undo_adoption(a.undo_version).expect("undo");
        let plan = undone.plan.expect("plan");
        assert_eq!(
            (plan.total.yuan.as_str(), plan.version),
            ("¥2,000,000.00", 3),
            "undoing brings version 1 back as version 3"
        );
        let versions = s.plan_versions().expect("versions");
        assert_eq!(
            versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            vec![3, 2, 1]
        );
        assert_eq!(versions[0].cause, "恢复到第 1 版");
        assert_eq!(versions[1].cause, "采纳方案“压缩 20%”");
        let detail = s.plan_version(2).expect("v2");
        assert_eq!(detail.total.yuan, "¥1,600,000.00");
        assert!(detail.restore_changes[0].starts_with("总预算 ¥2,000,000.00 → ¥1,600,000.00"));
        let back = s.restore_plan_version(2).expect("restore v2");
        assert_eq!(back.plan.expect("plan").total.yuan, "¥1,600,000.00");
    }
}
