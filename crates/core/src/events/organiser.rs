//! Learning from an organiser's record: next year's expectation blends the type's default with
//! what the organiser's past events actually delivered, by shrinkage.

use serde::Serialize;

use crate::Lang;

/// One past event of an organiser: the qualified contacts forecast when it was accepted, and
/// those its imported lists actually showed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PastResult {
    pub forecast_qualified: f64,
    pub actual_qualified: u32,
}

/// How much to trust the model's forecast for this organiser, as a factor on expected qualified
/// contacts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Calibration {
    /// The factor applied: 1.0 with no history.
    pub factor: f64,
    /// Past events with a forecast and an actual.
    pub events: usize,
    /// Their pooled actual ÷ forecast (Σ actual ÷ Σ forecast), capped; None without history.
    pub observed: Option<f64>,
    /// The default's weight, in events (the scorecard's history weight).
    pub prior_weight: u32,
}

/// An organiser can over-deliver, but a factor past this is more likely a forecast typed wrong
/// than a pattern to bet next year's money on.
const MAX_OBSERVED: f64 = 3.0;

impl Calibration {
    pub const NONE: Calibration = Calibration {
        factor: 1.0,
        events: 0,
        observed: None,
        prior_weight: 0,
    };

    /// `factor = (k · 1 + n · observed) ÷ (k + n)`: with k = 2, one past event moves the default a
    /// third of the way to what it showed, four past events two thirds. Past events without a
    /// forecast (imported before scoring existed) cannot be compared and are left out.
    pub fn from_history(history: &[PastResult], prior_weight: u32) -> Calibration {
        let usable: Vec<&PastResult> = history
            .iter()
            .filter(|p| p.forecast_qualified > 0.0)
            .collect();
        if usable.is_empty() {
            return Calibration {
                prior_weight,
                ..Calibration::NONE
            };
        }
        let forecast: f64 = usable.iter().map(|p| p.forecast_qualified).sum();
        let actual: f64 = usable.iter().map(|p| f64::from(p.actual_qualified)).sum();
        let observed = (actual / forecast).min(MAX_OBSERVED);
        let n = usable.len() as f64;
        let k = f64::from(prior_weight);
        Calibration {
            factor: (k + n * observed) / (k + n),
            events: usable.len(),
            observed: Some(observed),
            prior_weight,
        }
    }

    pub fn sentence(&self, lang: Lang) -> Option<String> {
        let observed = self.observed?;
        Some(match lang {
            Lang::ZhCn => format!(
                "该主办方过去 {} 场的实际合格联系人是预测的 {:.0}%；按 {} 场经验对类型默认 {} 场的权重合并，本次预测乘以 {:.0}%。",
                self.events,
                observed * 100.0,
                self.events,
                self.prior_weight,
                self.factor * 100.0
            ),
            Lang::En => format!(
                "This organiser's past {} events delivered {:.0}% of the qualified contacts forecast; weighing {} events of record against the type's default at {}, this forecast is multiplied by {:.0}%.",
                self.events,
                observed * 100.0,
                self.events,
                self.prior_weight,
                self.factor * 100.0
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn past(forecast: f64, actual: u32) -> PastResult {
        PastResult {
            forecast_qualified: forecast,
            actual_qualified: actual,
        }
    }

    #[test]
    fn no_history_keeps_the_default() {
        assert_eq!(Calibration::from_history(&[], 2).factor, 1.0);
        assert_eq!(Calibration::from_history(&[past(0.0, 5)], 2).factor, 1.0);
    }

    #[test]
    fn history_pulls_the_factor_by_its_count() {
        // One event at half the forecast: (2·1 + 1·0.5) ÷ 3.
        let one = Calibration::from_history(&[past(10.0, 5)], 2);
        assert!((one.factor - 2.5 / 3.0).abs() < 1e-9);
        // Four such events pull further: (2 + 4·0.5) ÷ 6.
        let four = Calibration::from_history(&[past(10.0, 5); 4], 2);
        assert!((four.factor - 4.0 / 6.0).abs() < 1e-9);
        assert!(four.factor < one.factor);
        // Pooled, not averaged: a big event counts for more than a small one.
        let pooled = Calibration::from_history(&[past(30.0, 30), past(2.0, 0)], 0);
        assert!((pooled.factor - 30.0 / 32.0).abs() < 1e-9);
    }

    #[test]
    fn an_implausible_record_is_capped() {
        let c = Calibration::from_history(&[past(1.0, 50)], 0);
        assert_eq!(c.observed, Some(MAX_OBSERVED));
    }
}
