//! The plan's own settings from the UI: its channels (add, rename, remove), guardrails, regional
//! inputs and how the year is split into quarters. Each edit is checked against the whole plan
//! first; a refused one names its field and writes nothing.

use marketdesk_core::{
    Bound, CoreError, Guardrail, Lang, Money, Noun, QuarterSplit, RegionInput, Share,
};
use marketdesk_store::{PlanRows, StoreError};
use serde::{Deserialize, Serialize};

use crate::budget::{to_plan, BudgetOverview};
use crate::error::{ApiError, ToApi};
use crate::session::current_rows;
use crate::Session;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChannelForm {
    pub name: String,
    /// Percent as typed: `5`, `12.5%`; empty is 0.
    #[serde(default)]
    pub share: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GuardrailForm {
    pub channel_code: String,
    /// `about`, `at_most`, `at_least`
    pub kind: String,
    pub target: String,
    /// Only for `about`; empty is 0.
    #[serde(default)]
    pub tolerance: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegionForm {
    pub region: String,
    #[serde(default)]
    pub last_year: String,
    #[serde(default)]
    pub commitment: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum QuarterSplitForm {
    Even,
    ByTactics,
    /// Four relative weights as typed, e.g. `["1", "2", "2", "1"]` or percentages.
    Weights {
        weights: [String; 4],
    },
}

/// What a deletion removed, so the UI can offer 撤销 with it.
#[derive(Debug, Clone, Serialize)]
pub struct Removed<T> {
    pub overview: BudgetOverview,
    pub removed: T,
}

fn field_err(e: &CoreError, field: &str, lang: Lang) -> ApiError {
    ApiError::from_err(e, lang).with_field(field)
}

fn share_input(text: &str, field: &str, lang: Lang) -> Result<Share, ApiError> {
    if text.trim().is_empty() {
        return Ok(Share::ZERO);
    }
    Share::from_percent_str(text).map_err(|e| field_err(&e, field, lang))
}

fn amount_input(text: &str, what: &str, field: &str, lang: Lang) -> Result<Money, ApiError> {
    if text.trim().is_empty() {
        return Ok(Money::ZERO);
    }
    let m = Money::parse(text).map_err(|e| field_err(&e, field, lang))?;
    if m.is_negative() {
        let e = CoreError::NegativeAmount { what: what.into() };
        return Err(field_err(&e, field, lang));
    }
    Ok(m)
}

impl GuardrailForm {
    fn parse(&self, rows: &PlanRows, lang: Lang) -> Result<Guardrail, ApiError> {
        let code = self.channel_code.trim();
        if !rows.channels.iter().any(|c| c.code == code) {
            let e = CoreError::UnknownChannel { code: code.into() };
            return Err(field_err(&e, "channel", lang));
        }
        let target = share_input(&self.target, "target", lang)?;
        let tolerance = share_input(&self.tolerance, "tolerance", lang)?;
        let bound = Bound::from_parts(self.kind.trim(), target, tolerance)
            .map_err(|e| field_err(&e, "kind", lang))?;
        Ok(Guardrail {
            channel: code.into(),
            bound,
            message: self.message.trim().into(),
        })
    }
}

impl RegionForm {
    fn parse(&self, lang: Lang) -> Result<RegionInput, ApiError> {
        let name = self.region.trim();
        if name.is_empty() {
            let e = CoreError::MissingName { what: Noun::Region };
            return Err(field_err(&e, "region", lang));
        }
        Ok(RegionInput {
            region: name.into(),
            last_year: amount_input(&self.last_year, name, "last_year", lang)?,
            commitment: amount_input(&self.commitment, name, "commitment", lang)?,
        })
    }
}

impl QuarterSplitForm {
    fn parse(&self, lang: Lang) -> Result<QuarterSplit, ApiError> {
        match self {
            QuarterSplitForm::Even => Ok(QuarterSplit::Even),
            QuarterSplitForm::ByTactics => Ok(QuarterSplit::ByTactics),
            QuarterSplitForm::Weights { weights } => {
                let mut parsed = [0u32; 4];
                for (i, (slot, text)) in parsed.iter_mut().zip(weights).enumerate() {
                    let field = format!("weight_q{}", i + 1);
                    // Weights are relative: "25%" and "25" mean the same.
                    let t = text.trim().trim_end_matches(['%', '％']).trim();
                    *slot = if t.is_empty() {
                        0
                    } else {
                        t.parse::<u32>()
                            .ok()
                            .filter(|w| *w <= 1_000_000)
                            .ok_or_else(|| {
                                ApiError::invalid_count(text.trim(), lang).with_field(&field)
                            })?
                    };
                }
                QuarterSplit::weights(parsed).map_err(|e| field_err(&e, "weight_q1", lang))
            }
        }
    }
}

impl Session {
    /// Adds a channel of the user's own to the current plan.
    pub fn add_channel(&self, form: &ChannelForm) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let mut rows = current_rows(&store, lang)?;
            let name = form.name.trim();
            if name.is_empty() {
                let e = CoreError::MissingName {
                    what: Noun::Channel,
                };
                return Err(field_err(&e, "name", lang));
            }
            if rows.channels.iter().any(|c| c.name == name) {
                let e = CoreError::DuplicateChannel { code: name.into() };
                return Err(field_err(&e, "name", lang));
            }
            let share = share_input(&form.share, "share", lang)?;
            rows.channels.push(marketdesk_store::ChannelRow {
                id: -1,
                code: "custom_new".into(),
                name: name.into(),
                share,
                position: i64::MAX,
                tactics_total: Money::ZERO,
                tactic_count: 0,
                last_year: None,
            });
            to_plan(&rows.plan, &rows.channels, &rows.tactics)
                .map_err(|e| field_err(&e, "share", lang))?;
            store.add_channel(rows.plan.id, name, share).user(lang)?;
        }
        self.budget_overview()
    }

    pub fn rename_channel(&self, channel_id: i64, name: &str) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            let name = name.trim();
            if name.is_empty() {
                let e = CoreError::MissingName {
                    what: Noun::Channel,
                };
                return Err(field_err(&e, "name", lang));
            }
            if rows
                .channels
                .iter()
                .any(|c| c.name == name && c.id != channel_id)
            {
                let e = CoreError::DuplicateChannel { code: name.into() };
                return Err(field_err(&e, "name", lang));
            }
            owned_channel(&rows, channel_id, lang)?;
            store.rename_channel(channel_id, name).user(lang)?;
        }
        self.budget_overview()
    }

    /// Removes a channel without tactics (its guardrails stay, unchecked, until removed).
    pub fn delete_channel(&self, channel_id: i64) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            owned_channel(&rows, channel_id, lang)?;
            store.delete_channel(channel_id).user(lang)?;
        }
        self.budget_overview()
    }

    /// Adds (`guardrail_id` None) or changes a rule of the current plan.
    pub fn save_guardrail(
        &self,
        guardrail_id: Option<i64>,
        form: &GuardrailForm,
    ) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            let rule = form.parse(&rows, lang)?;
            match guardrail_id {
                Some(id) => {
                    if !rows.guardrails.iter().any(|g| g.id == id) {
                        return Err(not_found("guardrail", id, lang));
                    }
                    store.update_guardrail(id, &rule).user(lang)?;
                }
                None => {
                    store.insert_guardrail(rows.plan.id, &rule).user(lang)?;
                }
            }
        }
        self.budget_overview()
    }

    /// Deletes a rule; the removed rule comes back so 撤销 can put it back with `restore_guardrail`.
    pub fn delete_guardrail(&self, guardrail_id: i64) -> crate::Result<Removed<Guardrail>> {
        let lang = self.lang();
        let (_, rule) = {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            if !rows.guardrails.iter().any(|g| g.id == guardrail_id) {
                return Err(not_found("guardrail", guardrail_id, lang));
            }
            store.delete_guardrail(guardrail_id).user(lang)?
        };
        Ok(Removed {
            overview: self.budget_overview()?,
            removed: rule,
        })
    }

    pub fn restore_guardrail(&self, rule: &Guardrail) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            store.insert_guardrail(rows.plan.id, rule).user(lang)?;
        }
        self.budget_overview()
    }

    /// Adds (`region_id` None) or changes a region's last-year contribution and commitment.
    pub fn save_region(
        &self,
        region_id: Option<i64>,
        form: &RegionForm,
    ) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            let input = form.parse(lang)?;
            if let Some(id) = region_id {
                if !rows.regions.iter().any(|r| r.id == id) {
                    return Err(not_found("region", id, lang));
                }
            }
            store
                .save_region(rows.plan.id, region_id, &input)
                .map_err(|e| {
                    let field = matches!(e, StoreError::DuplicateRegion { .. }).then_some("region");
                    let err = ApiError::from_err(&e, lang);
                    match field {
                        Some(f) => err.with_field(f),
                        None => err,
                    }
                })?;
        }
        self.budget_overview()
    }

    pub fn delete_region(&self, region_id: i64) -> crate::Result<Removed<RegionInput>> {
        let lang = self.lang();
        let (_, input) = {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            if !rows.regions.iter().any(|r| r.id == region_id) {
                return Err(not_found("region", region_id, lang));
            }
            store.delete_region(region_id).user(lang)?
        };
        Ok(Removed {
            overview: self.budget_overview()?,
            removed: input,
        })
    }

    pub fn restore_region(&self, input: &RegionInput) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            store.save_region(rows.plan.id, None, input).user(lang)?;
        }
        self.budget_overview()
    }

    /// Last year's spend on a channel as typed ("125万"); empty takes it from last year's plan
    /// in the workspace again.
    pub fn set_channel_last_year(
        &self,
        channel_id: i64,
        input: &str,
    ) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        let amount = if input.trim().is_empty() {
            None
        } else {
            let m = marketdesk_core::Money::parse(input)
                .map_err(|e| field_err(&e, "last_year", lang))?;
            if m.is_negative() {
                let e = CoreError::NegativeAmount {
                    what: lang.pick("上年数字", "last year's figure").into(),
                };
                return Err(field_err(&e, "last_year", lang));
            }
            Some(m)
        };
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            owned_channel(&rows, channel_id, lang)?;
            store.set_channel_last_year(channel_id, amount).user(lang)?;
        }
        self.budget_overview()
    }

    /// The plan's objectives and risks, printed in the plan for leadership.
    pub fn set_plan_texts(&self, objectives: &str, risks: &str) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        for (field, text) in [("objectives", objectives), ("risks", risks)] {
            if text.chars().count() > 2_000 {
                return Err(ApiError::new(
                    "text_too_long",
                    lang.pick(
                        "这段文字超过 2,000 字，打印计划放不下，请精简。",
                        "This text is over 2,000 characters, too long for the printed plan; shorten it.",
                    )
                    .into(),
                )
                .with_field(field));
            }
        }
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            store
                .set_plan_texts(rows.plan.id, objectives, risks)
                .user(lang)?;
        }
        self.budget_overview()
    }

    /// How much of the regional blend follows last year's contribution, in percent.
    pub fn set_region_weight(&self, input: &str) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        let weight = share_input(input, "top_down_weight", lang)?;
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            store.set_region_top_down(rows.plan.id, weight).user(lang)?;
        }
        self.budget_overview()
    }

    pub fn set_quarter_split(&self, form: &QuarterSplitForm) -> crate::Result<BudgetOverview> {
        let lang = self.lang();
        let split = form.parse(lang)?;
        {
            let mut store = self.store();
            let rows = current_rows(&store, lang)?;
            store.set_quarter_split(rows.plan.id, &split).user(lang)?;
        }
        self.budget_overview()
    }
}

fn not_found(what: &'static str, id: i64, lang: Lang) -> ApiError {
    ApiError::from_err(&StoreError::NotFound { what, id }, lang)
}

/// A channel of the current plan (not of a scenario or another plan).
fn owned_channel(rows: &PlanRows, channel_id: i64, lang: Lang) -> Result<(), ApiError> {
    if rows.channels.iter().any(|c| c.id == channel_id) {
        Ok(())
    } else {
        Err(not_found("channel", channel_id, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::demo_session as session;

    fn field(err: ApiError) -> (String, Option<String>) {
        (err.code, err.field)
    }

    #[test]
    fn channels_of_ones_own_are_added_renamed_and_removed_within_the_rules() {
        let (_dir, s) = session();
        let over = s.add_channel(&ChannelForm {
            name: "视频号直播".into(),
            share: "5".into(),
        });
        assert_eq!(
            field(over.expect_err("the demo's shares are 100% already")),
            ("shares_over_100".into(), Some("share".into()))
        );
        let added = s
            .add_channel(&ChannelForm {
                name: " 视频号直播 ".into(),
                share: String::new(),
            })
            .expect("a 0% channel fits");
        let live = added.channels.last().expect("appended");
        assert_eq!((live.name.as_str(), live.custom), ("视频号直播", true));
        assert_eq!(
            field(
                s.rename_channel(live.id, "线下活动")
                    .expect_err("name taken")
            ),
            ("duplicate_channel".into(), Some("name".into()))
        );
        let events = added.channels[0].id;
        let err = s.delete_channel(events).expect_err("has tactics");
        assert_eq!(err.code, "channel_in_use");
        assert!(err.message.contains("个预算项"), "{}", err.message);
        let after = s.delete_channel(live.id).expect("empty channel");
        assert_eq!(after.channels.len(), 6);
    }

    #[test]
    fn guardrails_are_edited_checked_and_deleted_with_undo() {
        let (_dir, s) = session();
        let before = s.budget_overview().expect("overview");
        assert_eq!(before.guardrails.len(), 3, "the brief's rules");
        let events = &before.guardrails[0];
        assert_eq!(
            (
                events.target.as_str(),
                events.tolerance.as_str(),
                events.kept
            ),
            ("70", "5", true)
        );
        assert!(events.built_in_message.contains("70%"), "explained");
        let stricter = GuardrailForm {
            channel_code: "offline_events".into(),
            kind: "at_most".into(),
            target: "60".into(),
            tolerance: String::new(),
            message: "今年线下预算压到六成。".into(),
        };
        let after = s.save_guardrail(Some(events.id), &stricter).expect("edit");
        assert_eq!(
            after.guardrails[0].built_in_message, "",
            "the brief's explanation no longer fits a changed rule"
        );
        assert!(!after.guardrails[0].kept, "70% breaks ≤ 60%");
        assert!(
            after
                .breaches
                .iter()
                .any(|b| b.warning && b.message.contains("今年线下预算压到六成。")),
            "the user's own reason is shown with the breach"
        );
        let mut bad = stricter.clone();
        bad.kind = "roughly".into();
        assert_eq!(
            field(s.save_guardrail(None, &bad).expect_err("kind"))
                .1
                .as_deref(),
            Some("kind")
        );
        bad = stricter.clone();
        bad.target = "150".into();
        assert_eq!(
            field(s.save_guardrail(None, &bad).expect_err("pct"))
                .1
                .as_deref(),
            Some("target")
        );
        bad = stricter;
        bad.channel_code = "nope".into();
        assert_eq!(
            field(s.save_guardrail(None, &bad).expect_err("channel")).0,
            "unknown_channel"
        );
        let removed = s.delete_guardrail(after.guardrails[1].id).expect("delete");
        assert_eq!(removed.overview.guardrails.len(), 2);
        let back = s.restore_guardrail(&removed.removed).expect("undo");
        assert_eq!(back.guardrails.len(), 3);
    }

    #[test]
    fn regions_show_top_down_bottom_up_and_the_blend_summing_to_the_total() {
        let (_dir, s) = session();
        let o = s.budget_overview().expect("overview");
        let regions = o.regions.expect("regions");
        assert_eq!(regions.rows.len(), 4, "the demo's regions");
        let fen = |m: &crate::MoneyView| m.fen.parse::<i64>().expect("fen");
        for column in [
            regions.rows.iter().map(|r| fen(&r.top_down)).sum::<i64>(),
            regions.rows.iter().map(|r| fen(&r.blended)).sum::<i64>(),
        ] {
            assert_eq!(column, 200_000_000, "every split adds up to the total");
        }
        assert_eq!(
            regions.commitments_over_total.yuan, "¥50,000.00",
            "the regions ask for 205万 of 200万"
        );
        let east = &regions.rows[0];
        assert_eq!(
            fen(&east.difference),
            fen(&east.commitment) - fen(&east.top_down),
            "the difference is the ask beyond the top-down share"
        );
        let all_top_down = s.set_region_weight("100").expect("weight");
        let r = all_top_down.regions.expect("regions");
        assert!(r.rows.iter().all(|x| x.blended == x.top_down));
        assert_eq!(
            field(s.set_region_weight("120").expect_err("over 100"))
                .1
                .as_deref(),
            Some("top_down_weight")
        );
        let dup = s.save_region(
            None,
            &RegionForm {
                region: "华东".into(),
                last_year: "1".into(),
                commitment: "1".into(),
            },
        );
        assert_eq!(
            field(dup.expect_err("twice")),
            ("duplicate_region".into(), Some("region".into()))
        );
        let neg = s.save_region(
            None,
            &RegionForm {
                region: "东北".into(),
                last_year: "-1".into(),
                commitment: String::new(),
            },
        );
        assert_eq!(
            field(neg.expect_err("negative")).1.as_deref(),
            Some("last_year")
        );
        let added = s
            .save_region(
                None,
                &RegionForm {
                    region: "东北".into(),
                    last_year: "40万".into(),
                    commitment: "10万".into(),
                },
            )
            .expect("add");
        let rows = added.regions.expect("regions").rows;
        assert_eq!(rows.len(), 5);
        let removed = s.delete_region(rows[4].id).expect("delete");
        assert_eq!(removed.removed.region, "东北");
        assert_eq!(
            s.restore_region(&removed.removed)
                .expect("undo")
                .regions
                .expect("regions")
                .rows
                .len(),
            5
        );
    }

    #[test]
    fn the_quarter_split_follows_the_chosen_mode() {
        let (_dir, s) = session();
        let o = s
            .set_quarter_split(&QuarterSplitForm::Weights {
                weights: ["1".into(), "0".into(), "".into(), "0".into()],
            })
            .expect("all in Q1");
        let q = o.quarters.expect("quarters");
        assert_eq!(q.mode, "weights");
        assert_eq!(q.totals[0].yuan, "¥2,000,000.00");
        assert_eq!(q.totals[3].yuan, "¥0.00");
        let zero = s.set_quarter_split(&QuarterSplitForm::Weights {
            weights: ["0".into(), "0".into(), "0".into(), "0".into()],
        });
        assert_eq!(
            field(zero.expect_err("nothing to split by")).0,
            "zero_weights"
        );
        let typo = s.set_quarter_split(&QuarterSplitForm::Weights {
            weights: ["1".into(), "x".into(), "1".into(), "1".into()],
        });
        assert_eq!(
            field(typo.expect_err("typo")).1.as_deref(),
            Some("weight_q2")
        );
        let even = s.set_quarter_split(&QuarterSplitForm::Even).expect("even");
        assert_eq!(even.quarters.expect("q").totals[1].yuan, "¥500,000.00");
    }
}
