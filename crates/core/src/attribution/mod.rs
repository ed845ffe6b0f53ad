//! Attribution models: how one deal's value is credited to the touches that led to it.
//!
//! The models are the conventions CRMs use (first touch, last touch, linear, U-shaped,
//! W-shaped). Their percentages are conventions, not measurements, so every figure in the UI
//! names its model ([`Model::describe`]) and users can compare models side by side. Whatever the
//! model, the credits of one deal add up to its value exactly, to the fen: they are one
//! [`split_by_weights`] of the value over the integer [`weights`] of the model.
//!
//! Nothing here knows about storage: a deal's touches arrive as a [`Journey`], a count and the
//! positions that matter.
//!
//! ```
//! use marketdesk_core::attribution::{credit, Journey, Model};
//! use marketdesk_core::Money;
//!
//! // Three touches; the second one created the lead.
//! let journey = Journey { touches: 3, lead_created: 1, opportunity_created: None };
//! let credits = credit(Model::UShaped, Money::from_yuan(100), &journey).expect("valid journey");
//! assert_eq!(credits, [Money::from_yuan(40), Money::from_yuan(40), Money::from_yuan(20)]);
//! ```

use serde::{Deserialize, Serialize};

use crate::{split_by_weights, CoreError, Lang, Money, Noun, Result};

/// An attribution model: the convention that decides which touch gets how much of a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// 首次触达: everything to the first touch.
    FirstTouch,
    /// 末次触达: everything to the last touch before the deal closed.
    LastTouch,
    /// 线性: equal shares to every touch.
    ///
    /// The default because it is the neutral one: it favours no position, so a figure shown
    /// before the user has chosen a model does not quietly favour the channels that open
    /// journeys (first touch, U-shaped) or the ones that close them (last touch).
    #[default]
    Linear,
    /// U 型 (position-based): 40% first touch, 40% lead-creation touch, 20% to the others.
    UShaped,
    /// W 型: 30% first touch, 30% lead creation, 30% opportunity creation, 10% to the others.
    WShaped,
}

impl Model {
    pub const ALL: [Model; 5] = [
        Model::FirstTouch,
        Model::LastTouch,
        Model::Linear,
        Model::UShaped,
        Model::WShaped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Model::FirstTouch => "first_touch",
            Model::LastTouch => "last_touch",
            Model::Linear => "linear",
            Model::UShaped => "u_shaped",
            Model::WShaped => "w_shaped",
        }
    }

    pub fn from_code(code: &str) -> Result<Model> {
        Self::ALL
            .into_iter()
            .find(|m| m.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::AttributionModel,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Model::FirstTouch => lang.pick("首次触达", "First touch"),
            Model::LastTouch => lang.pick("末次触达", "Last touch"),
            Model::Linear => lang.pick("线性", "Linear"),
            Model::UShaped => lang.pick("U 型", "U-shaped"),
            Model::WShaped => lang.pick("W 型", "W-shaped"),
        }
    }

    /// One sentence saying how the model gives credit, shown next to every attributed figure so
    /// leadership knows which convention the number follows.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Model::FirstTouch => lang.pick(
                "成交金额全部（100%）记给第一次触达。",
                "The whole deal value (100%) goes to the first touch.",
            ),
            Model::LastTouch => lang.pick(
                "成交金额全部（100%）记给成交前的最后一次触达。",
                "The whole deal value (100%) goes to the last touch before the deal closed.",
            ),
            Model::Linear => lang.pick(
                "成交金额平均分给每一次触达。",
                "The deal value is split equally among all touches.",
            ),
            Model::UShaped => lang.pick(
                "首次触达 40%，成为线索的触达 40%（是同一次触达则合计 80%），其余 20% 平均分给其他触达。",
                "40% to the first touch and 40% to the touch that created the lead (80% if they are \
                 the same touch); the other 20% is split equally among the remaining touches.",
            ),
            Model::WShaped => lang.pick(
                "首次触达、成为线索的触达、创建商机的触达各 30%（同一次触达则比例相加），其余 10% 平均分给其他触达。",
                "30% each to the first touch, the touch that created the lead and the touch that \
                 created the opportunity (added up when one touch is several of these); the other \
                 10% is split equally among the remaining touches.",
            ),
        }
    }
}

/// The touches of one deal, as far as attribution needs them.
///
/// `touches` counts the lead's touches that count for the deal, oldest first; the caller orders
/// them and leaves out those after the deal closed. Positions are indices into that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Journey {
    /// How many touches count for the deal.
    pub touches: usize,
    /// Index of the touch that created the lead.
    pub lead_created: usize,
    /// Index of the last touch on or before the moment the opportunity was created; `None` when
    /// unknown, and then the W-shaped model takes the last touch as the opportunity-creation one.
    pub opportunity_created: Option<usize>,
}

impl Journey {
    /// Refuses a journey with no touch, a position past the last touch, or an opportunity
    /// created before the lead.
    pub fn check(&self) -> Result<(), AttributionError> {
        if self.touches == 0 {
            return Err(AttributionError::NoTouches);
        }
        if self.lead_created >= self.touches {
            return Err(AttributionError::LeadTouchOutOfRange {
                index: self.lead_created,
                touches: self.touches,
            });
        }
        if let Some(opportunity) = self.opportunity_created {
            if opportunity >= self.touches {
                return Err(AttributionError::OpportunityTouchOutOfRange {
                    index: opportunity,
                    touches: self.touches,
                });
            }
            if opportunity < self.lead_created {
                return Err(AttributionError::OpportunityBeforeLead {
                    lead_created: self.lead_created,
                    opportunity_created: opportunity,
                });
            }
        }
        Ok(())
    }
}

/// Why a deal cannot be attributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AttributionError {
    /// A deal with no touch is credited to nobody: the caller reports it as unattributed.
    #[error("the deal has no touches")]
    NoTouches,
    #[error("lead-creation touch {index} is past the {touches} touches")]
    LeadTouchOutOfRange { index: usize, touches: usize },
    #[error("opportunity-creation touch {index} is past the {touches} touches")]
    OpportunityTouchOutOfRange { index: usize, touches: usize },
    #[error("opportunity-creation touch {opportunity_created} is before lead-creation touch {lead_created}")]
    OpportunityBeforeLead {
        lead_created: usize,
        opportunity_created: usize,
    },
    #[error("negative deal value {value}")]
    NegativeValue { value: Money },
}

impl AttributionError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            AttributionError::NoTouches => "no_touches",
            AttributionError::LeadTouchOutOfRange { .. } => "lead_touch_out_of_range",
            AttributionError::OpportunityTouchOutOfRange { .. } => "opportunity_touch_out_of_range",
            AttributionError::OpportunityBeforeLead { .. } => "opportunity_before_lead",
            AttributionError::NegativeValue { .. } => "negative_deal_value",
        }
    }

    /// The sentence a user reads. Touches are numbered from 1, as people count them.
    pub fn message(&self, lang: Lang) -> String {
        match (*self, lang) {
            (AttributionError::NoTouches, Lang::ZhCn) => {
                "这笔成交没有任何触达，无法归因，计为未归因。".into()
            }
            (AttributionError::NoTouches, Lang::En) => {
                "This deal has no touches, so it cannot be attributed; it counts as unattributed."
                    .into()
            }
            (AttributionError::LeadTouchOutOfRange { index, touches }, Lang::ZhCn) => format!(
                "成为线索的触达是第 {} 个，但这笔成交只有 {touches} 个触达。",
                index + 1
            ),
            (AttributionError::LeadTouchOutOfRange { index, touches }, Lang::En) => format!(
                "The lead-creation touch is number {}, but the deal has only {touches} touches.",
                index + 1
            ),
            (AttributionError::OpportunityTouchOutOfRange { index, touches }, Lang::ZhCn) => {
                format!(
                    "创建商机的触达是第 {} 个，但这笔成交只有 {touches} 个触达。",
                    index + 1
                )
            }
            (AttributionError::OpportunityTouchOutOfRange { index, touches }, Lang::En) => {
                format!(
                    "The opportunity-creation touch is number {}, but the deal has only \
                     {touches} touches.",
                    index + 1
                )
            }
            (
                AttributionError::OpportunityBeforeLead {
                    lead_created,
                    opportunity_created,
                },
                Lang::ZhCn,
            ) => format!(
                "创建商机的触达（第 {} 个）早于成为线索的触达（第 {} 个）。",
                opportunity_created + 1,
                lead_created + 1
            ),
            (
                AttributionError::OpportunityBeforeLead {
                    lead_created,
                    opportunity_created,
                },
                Lang::En,
            ) => format!(
                "The opportunity-creation touch (number {}) comes before the lead-creation touch \
                 (number {}).",
                opportunity_created + 1,
                lead_created + 1
            ),
            (AttributionError::NegativeValue { value }, Lang::ZhCn) => {
                format!("成交金额 {value} 是负数，无法归因。")
            }
            (AttributionError::NegativeValue { value }, Lang::En) => {
                format!("The deal value {value} is negative and cannot be attributed.")
            }
        }
    }
}

/// U-shaped: first touch and lead-creation touch, in basis points of the deal each.
const U_KEY_BP: u64 = 4_000;
/// U-shaped: what the touches in no key position share.
const U_REST_BP: u64 = 2_000;
/// W-shaped: first touch, lead creation and opportunity creation, each.
const W_KEY_BP: u64 = 3_000;
/// W-shaped: what the touches in no key position share.
const W_REST_BP: u64 = 1_000;

/// The exact integer weights `model` gives each touch of `journey`: touch `i` gets
/// `weights[i] / sum(weights)` of the deal. They are in lowest terms, so the UI can show them
/// as percentages (divide by the sum) and [`credit`] splits the value over them unchanged.
///
/// Not basis points: a third of a deal is not a whole number of basis points, and rounding the
/// weights before splitting would make equal touches unequal on large deals.
///
/// - First touch: everything to touch 0. Last touch: everything to the last touch.
/// - Linear: one each.
/// - U-shaped: 40% to the first touch, 40% to the lead-creation touch, and 20% split equally
///   among all other touches (those between and those after lead creation).
/// - W-shaped: 30% to the first touch, 30% to the lead-creation touch, 30% to the
///   opportunity-creation touch (the last touch when unknown), and 10% split equally among all
///   other touches.
/// - U and W: a touch in several key positions gets their percentages added (the first touch
///   that also created the lead gets 80% under U). When no other touch is left, their share
///   goes to the key touches in proportion to the key percentages: a single touch gets 100%,
///   two key touches under U get 50% each.
///
/// The weights are never all zero. The journey is checked the same way for every model, so a
/// journey that one model refuses, every model refuses.
pub fn weights(model: Model, journey: &Journey) -> Result<Vec<u64>, AttributionError> {
    journey.check()?;
    let n = journey.touches;
    let last = n - 1;
    let raw = match model {
        Model::FirstTouch => one_touch(n, 0),
        Model::LastTouch => one_touch(n, last),
        Model::Linear => vec![1; n],
        Model::UShaped => positional(
            n,
            &[(0, U_KEY_BP), (journey.lead_created, U_KEY_BP)],
            U_REST_BP,
        ),
        Model::WShaped => positional(
            n,
            &[
                (0, W_KEY_BP),
                (journey.lead_created, W_KEY_BP),
                (journey.opportunity_created.unwrap_or(last), W_KEY_BP),
            ],
            W_REST_BP,
        ),
    };
    let divisor = raw.iter().fold(0, |g, &w| gcd(g, w));
    Ok(raw.into_iter().map(|w| w / divisor).collect())
}

/// Credits `value` to the touches of `journey` under `model`: one amount per touch, in the
/// journey's order, summing to `value` exactly. The value is split over [`weights`] by largest
/// remainder ([`split_by_weights`]): equal weights get equal credits whenever the fen allow, and
/// a leftover fen goes to the earlier touch, so the result is deterministic. ¥100.00 over three
/// touches, linear, is ¥33.34, ¥33.33, ¥33.33.
///
/// A value of zero credits zero to every touch; a negative value is refused, and so is a
/// journey [`Journey::check`] refuses (no touch at all included: such a deal is unattributed).
pub fn credit(
    model: Model,
    value: Money,
    journey: &Journey,
) -> Result<Vec<Money>, AttributionError> {
    let weights = weights(model, journey)?;
    if value.is_negative() {
        return Err(AttributionError::NegativeValue { value });
    }
    // split_by_weights refuses only a negative total and all-zero weights; neither reaches here.
    split_by_weights(value, &weights).map_err(|_| AttributionError::NegativeValue { value })
}

fn one_touch(touches: usize, index: usize) -> Vec<u64> {
    let mut weights = vec![0; touches];
    weights[index] = 1;
    weights
}

/// Key positions with their basis points (coinciding positions add up), and `rest_bp` split
/// equally among the touches in no key position. With `others` such touches, every weight is
/// scaled by `others` so that each of them gets a whole `rest_bp`: the weights sum to
/// `10_000 * others`. With none, the key weights alone: the rest follows them in proportion.
fn positional(touches: usize, keys: &[(usize, u64)], rest_bp: u64) -> Vec<u64> {
    let mut key_bp = vec![0; touches];
    for &(index, bp) in keys {
        key_bp[index] += bp;
    }
    let others = key_bp.iter().filter(|&&bp| bp == 0).count() as u64;
    if others == 0 {
        return key_bp;
    }
    key_bp
        .into_iter()
        .map(|bp| if bp == 0 { rest_bp } else { bp * others })
        .collect()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn journey(touches: usize, lead_created: usize, opportunity_created: Option<usize>) -> Journey {
        Journey {
            touches,
            lead_created,
            opportunity_created,
        }
    }

    fn fen(credits: &[Money]) -> Vec<i64> {
        credits.iter().map(|m| m.fen()).collect()
    }

    /// Credits of ¥100.00 (10 000 fen), so the fen read as basis points.
    fn hundred_yuan(model: Model, journey: &Journey) -> Vec<i64> {
        fen(&credit(model, Money::from_yuan(100), journey).expect("valid journey"))
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for model in Model::ALL {
            assert_eq!(Model::from_code(model.code()), Ok(model), "{model:?}");
            let json = serde_json::to_string(&model).expect("serializes");
            assert_eq!(json, format!("\"{}\"", model.code()), "serde uses the code");
            let back: Model = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, model);
        }
        assert_eq!(
            Model::from_code("time_decay"),
            Err(CoreError::UnknownCode {
                what: Noun::AttributionModel,
                value: "time_decay".into()
            }),
            "an unknown model is named, not guessed"
        );
    }

    #[test]
    fn names_and_descriptions_exist_in_both_languages_and_differ() {
        assert_eq!(Model::UShaped.name(Lang::ZhCn), "U 型");
        assert_eq!(Model::FirstTouch.name(Lang::En), "First touch");
        for lang in [Lang::ZhCn, Lang::En] {
            let mut seen = std::collections::HashSet::new();
            for model in Model::ALL {
                assert!(!model.name(lang).is_empty());
                assert!(
                    seen.insert(model.describe(lang)),
                    "each model says how it differs: {model:?}"
                );
            }
        }
        assert!(Model::UShaped
            .describe(Lang::ZhCn)
            .starts_with("首次触达 40%，成为线索的触达 40%"));
    }

    #[test]
    fn default_model_is_linear() {
        assert_eq!(Model::default(), Model::Linear, "the neutral model");
    }

    #[test]
    fn one_touch_gets_everything_under_every_model() {
        for model in Model::ALL {
            assert_eq!(
                hundred_yuan(model, &journey(1, 0, None)),
                vec![10_000],
                "{model:?}"
            );
            assert_eq!(
                weights(model, &journey(1, 0, Some(0))),
                Ok(vec![1]),
                "{model:?}"
            );
        }
    }

    #[test]
    fn two_touches() {
        let lead_first = journey(2, 0, None);
        assert_eq!(hundred_yuan(Model::FirstTouch, &lead_first), [10_000, 0]);
        assert_eq!(hundred_yuan(Model::LastTouch, &lead_first), [0, 10_000]);
        assert_eq!(hundred_yuan(Model::Linear, &lead_first), [5_000, 5_000]);
        assert_eq!(
            hundred_yuan(Model::UShaped, &lead_first),
            [8_000, 2_000],
            "first touch created the lead: 40% + 40%; the other touch takes the 20%"
        );
        // W: first + lead creation (60%) at 0, opportunity (unknown: the last touch, 30%) at 1,
        // nobody else: 2/3 and 1/3.
        assert_eq!(weights(Model::WShaped, &lead_first), Ok(vec![2, 1]));
        assert_eq!(hundred_yuan(Model::WShaped, &lead_first), [6_667, 3_333]);

        let lead_second = journey(2, 1, None);
        assert_eq!(
            hundred_yuan(Model::UShaped, &lead_second),
            [5_000, 5_000],
            "two key touches and no other: the 20% follows 40/40"
        );
        assert_eq!(
            hundred_yuan(Model::WShaped, &lead_second),
            [3_333, 6_667],
            "lead and opportunity both at the last touch: 30% against 60%"
        );
    }

    #[test]
    fn three_touches() {
        let j = journey(3, 1, None);
        assert_eq!(
            hundred_yuan(Model::Linear, &j),
            [3_334, 3_333, 3_333],
            "¥100.00 linear over three: the leftover fen to the earliest touch, as split_by_weights"
        );
        assert_eq!(weights(Model::UShaped, &j), Ok(vec![2, 2, 1]));
        assert_eq!(hundred_yuan(Model::UShaped, &j), [4_000, 4_000, 2_000]);
        assert_eq!(
            hundred_yuan(Model::UShaped, &journey(3, 2, None)),
            [4_000, 2_000, 4_000],
            "the touch in between takes the 20%"
        );
        assert_eq!(
            hundred_yuan(Model::WShaped, &journey(3, 1, Some(2))),
            [3_334, 3_333, 3_333],
            "three key touches and no other: 30/30/30 scaled to the whole"
        );
    }

    #[test]
    fn five_touches() {
        // U, lead at 2: 40% each at 0 and 2; 20% over touches 1, 3 and 4 (6.67% each).
        let j = journey(5, 2, None);
        assert_eq!(weights(Model::UShaped, &j), Ok(vec![6, 1, 6, 1, 1]));
        assert_eq!(
            hundred_yuan(Model::UShaped, &j),
            [4_000, 667, 4_000, 667, 666],
            "the two leftover fen cannot go to all three equal touches: to the earlier ones"
        );
        // W, lead at 1, opportunity at 3: 30% each at 0, 1, 3; 5% each at 2 and 4.
        let j = journey(5, 1, Some(3));
        assert_eq!(weights(Model::WShaped, &j), Ok(vec![6, 6, 1, 6, 1]));
        assert_eq!(
            hundred_yuan(Model::WShaped, &j),
            [3_000, 3_000, 500, 3_000, 500]
        );
        // Opportunity unknown: the last touch stands for it.
        assert_eq!(
            hundred_yuan(Model::WShaped, &journey(5, 1, None)),
            [3_000, 3_000, 500, 500, 3_000]
        );
        assert_eq!(
            hundred_yuan(Model::Linear, &j),
            [2_000, 2_000, 2_000, 2_000, 2_000]
        );
        assert_eq!(hundred_yuan(Model::LastTouch, &j), [0, 0, 0, 0, 10_000]);
    }

    #[test]
    fn coinciding_positions_add_their_shares() {
        // W: first touch created the lead and the opportunity: 90% to it, 5% to each other.
        assert_eq!(
            hundred_yuan(Model::WShaped, &journey(3, 0, Some(0))),
            [9_000, 500, 500]
        );
        // W: lead and opportunity at the same later touch: 30% + 60%, the other 10%.
        assert_eq!(
            hundred_yuan(Model::WShaped, &journey(3, 2, Some(2))),
            [3_000, 1_000, 6_000]
        );
    }

    #[test]
    fn u_shaped_differs_from_first_touch_when_the_first_touch_created_the_lead() {
        // Users compare models side by side: the same journey must not read the same.
        let j = journey(3, 0, Some(2));
        let value = Money::from_yuan(1_000_000);
        let first = credit(Model::FirstTouch, value, &j).expect("valid journey");
        let u = credit(Model::UShaped, value, &j).expect("valid journey");
        assert_eq!(
            first,
            [value, Money::ZERO, Money::ZERO],
            "first touch: all of it"
        );
        assert_eq!(
            u,
            [
                Money::from_yuan(800_000),
                Money::from_yuan(100_000),
                Money::from_yuan(100_000)
            ],
            "U-shaped: 80% to the first touch, the later touches share 20%"
        );
        assert_ne!(first, u);
    }

    #[test]
    fn zero_value_credits_zero() {
        for model in Model::ALL {
            let credits =
                credit(model, Money::ZERO, &journey(4, 1, Some(2))).expect("valid journey");
            assert_eq!(credits, vec![Money::ZERO; 4], "{model:?}");
        }
    }

    #[test]
    fn refuses_what_cannot_be_attributed() {
        let value = Money::from_yuan(100);
        for model in Model::ALL {
            assert_eq!(
                credit(model, value, &journey(0, 0, None)),
                Err(AttributionError::NoTouches),
                "a deal without touches is unattributed, under {model:?}"
            );
            assert_eq!(
                credit(model, value, &journey(2, 2, None)),
                Err(AttributionError::LeadTouchOutOfRange {
                    index: 2,
                    touches: 2
                })
            );
            assert_eq!(
                credit(model, value, &journey(2, 0, Some(2))),
                Err(AttributionError::OpportunityTouchOutOfRange {
                    index: 2,
                    touches: 2
                })
            );
            assert_eq!(
                credit(model, value, &journey(3, 2, Some(1))),
                Err(AttributionError::OpportunityBeforeLead {
                    lead_created: 2,
                    opportunity_created: 1
                }),
                "checked under every model, even those that ignore the opportunity"
            );
            assert_eq!(
                credit(model, Money::from_fen(-1), &journey(2, 0, None)),
                Err(AttributionError::NegativeValue {
                    value: Money::from_fen(-1)
                })
            );
        }
    }

    #[test]
    fn errors_have_codes_and_sentences() {
        let errors = [
            AttributionError::NoTouches,
            AttributionError::LeadTouchOutOfRange {
                index: 3,
                touches: 2,
            },
            AttributionError::OpportunityTouchOutOfRange {
                index: 3,
                touches: 2,
            },
            AttributionError::OpportunityBeforeLead {
                lead_created: 2,
                opportunity_created: 1,
            },
            AttributionError::NegativeValue {
                value: Money::from_yuan(-5),
            },
        ];
        let codes: std::collections::HashSet<_> = errors.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), errors.len(), "codes are distinct");
        for e in &errors {
            assert!(!e.message(Lang::ZhCn).is_empty() && !e.message(Lang::En).is_empty());
        }
        assert_eq!(
            errors[1].message(Lang::ZhCn),
            "成为线索的触达是第 4 个，但这笔成交只有 2 个触达。",
            "touches are counted from 1 for people"
        );
    }

    /// A valid journey: 1..50 touches, lead anywhere, opportunity unknown or at/after the lead.
    fn valid_journey() -> impl Strategy<Value = Journey> {
        (1usize..50)
            .prop_flat_map(|n| (Just(n), 0..n))
            .prop_flat_map(|(n, lead)| (Just(n), Just(lead), proptest::option::of(lead..n)))
            .prop_map(|(touches, lead_created, opportunity_created)| Journey {
                touches,
                lead_created,
                opportunity_created,
            })
    }

    fn any_model() -> impl Strategy<Value = Model> {
        proptest::sample::select(Model::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn credits_sum_exactly_to_the_value(
            model in any_model(),
            j in valid_journey(),
            value in 0i64..100_000_000_000,
        ) {
            let value = Money::from_fen(value);
            let credits = credit(model, value, &j).expect("valid journey");
            prop_assert_eq!(credits.len(), j.touches, "one credit per touch");
            prop_assert_eq!(
                credits.iter().map(|m| m.fen()).sum::<i64>(),
                value.fen(),
                "credits of one deal add up to its value"
            );
            prop_assert!(credits.iter().all(|m| !m.is_negative()), "no negative credit");
            let again = credit(model, value, &j).expect("valid journey");
            prop_assert_eq!(&credits, &again, "deterministic");
            let w = weights(model, &j).expect("valid journey");
            prop_assert!(w.iter().any(|&x| x > 0), "weights never all zero");
        }

        #[test]
        fn single_touch_models_put_everything_on_one_touch(
            j in valid_journey(),
            value in 0i64..100_000_000_000,
        ) {
            let value = Money::from_fen(value);
            let first = credit(Model::FirstTouch, value, &j).expect("valid journey");
            prop_assert_eq!(first[0], value, "first touch takes all");
            prop_assert!(first[1..].iter().all(|&m| m == Money::ZERO));
            let last = credit(Model::LastTouch, value, &j).expect("valid journey");
            prop_assert_eq!(last[j.touches - 1], value, "last touch takes all");
            prop_assert!(last[..j.touches - 1].iter().all(|&m| m == Money::ZERO));
        }

        #[test]
        fn linear_credits_differ_by_at_most_one_fen(
            j in valid_journey(),
            value in 0i64..100_000_000_000,
        ) {
            let credits = fen(&credit(Model::Linear, Money::from_fen(value), &j).expect("valid journey"));
            let (min, max) = (credits.iter().min(), credits.iter().max());
            prop_assert!(max.zip(min).is_some_and(|(max, min)| max - min <= 1), "{:?}", credits);
        }

        #[test]
        fn any_journey_is_credited_or_refused_never_a_panic(
            model in any_model(),
            touches in 0usize..50,
            lead_created in 0usize..60,
            opportunity_created in proptest::option::of(0usize..60),
        ) {
            let j = Journey { touches, lead_created, opportunity_created };
            let valid = touches > 0
                && lead_created < touches
                && opportunity_created.is_none_or(|o| o < touches && o >= lead_created);
            prop_assert_eq!(credit(model, Money::from_yuan(100), &j).is_ok(), valid);
            prop_assert_eq!(j.check().is_ok(), valid);
        }
    }
}
