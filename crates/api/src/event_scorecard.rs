//! The scorecard as the settings drawer shows it: each criterion's weight beside its default,
//! the buying centre, our industries, and the three conventions the score rests on.

use std::collections::BTreeMap;

use marketdesk_core::events::{Criterion, Weights};
use marketdesk_core::{Function, Lang, Scorecard, Share};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ToApi};
use crate::Session;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeightView {
    pub code: String,
    pub name: String,
    pub weight: u32,
    pub default: u32,
    /// Whether it counts toward the lead value (else the brand value).
    pub lead: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionChoice {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScorecardView {
    pub weights: Vec<WeightView>,
    pub buying_centre: Vec<FunctionChoice>,
    pub target_industries: String,
    /// Percent of decision-makers under which a salon is only occasional.
    pub low_seniority: String,
    pub brand_equivalent: u32,
    pub history_weight: u32,
    /// Whether anything differs from the defaults.
    pub customised: bool,
}

/// The form the drawer sends back; numbers as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScorecardForm {
    pub weights: BTreeMap<String, String>,
    pub buying_centre: Vec<String>,
    pub target_industries: String,
    pub low_seniority: String,
    pub brand_equivalent: String,
    pub history_weight: String,
}

fn view(card: &Scorecard, lang: Lang) -> ScorecardView {
    let defaults = Weights::default();
    ScorecardView {
        weights: Criterion::ALL
            .into_iter()
            .map(|c| WeightView {
                code: c.code().into(),
                name: c.name(lang).into(),
                weight: card.weights.get(c),
                default: defaults.get(c),
                lead: c.feeds_lead_value(),
            })
            .collect(),
        buying_centre: Function::ALL
            .into_iter()
            .map(|f| FunctionChoice {
                code: f.code().into(),
                name: f.name(lang).into(),
                selected: card.buying_centre.contains(&f),
            })
            .collect(),
        target_industries: card.target_industries.join("、"),
        low_seniority: format!("{}", card.low_seniority_bp / 100),
        brand_equivalent: card.brand_equivalent,
        history_weight: card.history_weight,
        customised: {
            let defaults = Scorecard::default();
            card.weights != defaults.weights
                || card.buying_centre != defaults.buying_centre
                || card.low_seniority_bp != defaults.low_seniority_bp
                || card.brand_equivalent != defaults.brand_equivalent
                || card.history_weight != defaults.history_weight
        },
    }
}

fn number(text: &str, field: &str, lang: Lang) -> Result<u32, ApiError> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| ApiError::invalid_count(text.trim(), lang).with_field(field))
}

impl ScorecardForm {
    fn read(&self, lang: Lang) -> Result<Scorecard, ApiError> {
        let mut weights = Weights::default();
        for (code, text) in &self.weights {
            let field = format!("weights.{code}");
            let c = Criterion::from_code(code)
                .user(lang)
                .map_err(|e| e.with_field(&field))?;
            let w = number(text, &field, lang)?;
            let slot = match c {
                Criterion::DepartmentMatch => &mut weights.department_match,
                Criterion::DecisionMakers => &mut weights.decision_makers,
                Criterion::Precision => &mut weights.precision,
                Criterion::TalkSubstance => &mut weights.talk_substance,
                Criterion::OrganiserResources => &mut weights.organiser_resources,
                Criterion::CompetitorNoise => &mut weights.competitor_noise,
                Criterion::Exposure => &mut weights.exposure,
            };
            *slot = w;
        }
        let buying_centre = self
            .buying_centre
            .iter()
            .filter_map(|c| Function::from_code(c))
            .collect();
        let low = Share::from_percent_str(&self.low_seniority)
            .user(lang)
            .map_err(|e| e.with_field("low_seniority"))?;
        let card = Scorecard {
            weights,
            buying_centre,
            target_industries: crate::event_draft::split_industries(&self.target_industries),
            low_seniority_bp: low.basis_points(),
            brand_equivalent: number(&self.brand_equivalent, "brand_equivalent", lang)?,
            history_weight: number(&self.history_weight, "history_weight", lang)?,
        };
        card.validate().map_err(|e| {
            let field = match &e {
                marketdesk_core::CoreError::OutOfRange { field, .. } => match field {
                    marketdesk_core::events::EventField::BrandEquivalent => "brand_equivalent",
                    marketdesk_core::events::EventField::HistoryWeight => "history_weight",
                    _ => "weights",
                },
                _ => "weights",
            };
            ApiError::from_err(&e, lang).with_field(field)
        })?;
        Ok(card)
    }
}

impl Session {
    pub fn event_scorecard(&self) -> crate::Result<ScorecardView> {
        let lang = self.lang();
        Ok(view(&self.store().event_scorecard().user(lang)?, lang))
    }

    pub fn save_event_scorecard(&self, form: &ScorecardForm) -> crate::Result<ScorecardView> {
        let lang = self.lang();
        let card = form.read(lang)?;
        self.store().set_event_scorecard(&card).user(lang)?;
        Ok(view(&card, lang))
    }

    /// Back to the brief's defaults; our industries stay, as they are facts, not weights.
    pub fn reset_event_scorecard(&self) -> crate::Result<ScorecardView> {
        let lang = self.lang();
        let mut store = self.store();
        let industries = store.event_scorecard().user(lang)?.target_industries;
        let card = Scorecard {
            target_industries: industries,
            ..Scorecard::default()
        };
        store.set_event_scorecard(&card).user(lang)?;
        Ok(view(&card, lang))
    }
}
