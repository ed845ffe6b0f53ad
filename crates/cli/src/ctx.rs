//! What every command needs: the output mode, the language, and the workspace to open.

use std::path::Path;

use marketdesk_api::{ApiError, BudgetOverview, MoneyView, PlanView, Session};
use marketdesk_core::{Lang, Money};
use serde::Serialize;

#[derive(Clone, Copy)]
pub struct Ctx {
    pub json: bool,
    pub lang: Lang,
}

impl Ctx {
    /// The Chinese or the English word.
    pub fn l(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    pub fn open(&self, workspace: &Path) -> Result<Session, ApiError> {
        Session::open_existing(workspace, self.lang)
    }

    /// JSON of `value` with `--json`, else the human form.
    pub fn emit<T: Serialize>(&self, value: &T, human: impl FnOnce(&T)) -> Result<(), ApiError> {
        crate::emit(self.json, value, human)
    }

    /// A refusal the CLI makes itself (a name it cannot resolve…), worded like the API's.
    pub fn refuse(&self, code: &str, zh: String, en: String) -> ApiError {
        ApiError::new(
            code,
            match self.lang {
                Lang::ZhCn => zh,
                Lang::En => en,
            },
        )
    }

    /// The current plan, or the API's "create a plan first" sentence.
    pub fn plan<'a>(&self, overview: &'a BudgetOverview) -> Result<&'a PlanView, ApiError> {
        overview
            .plan
            .as_ref()
            .ok_or_else(|| ApiError::no_plan(self.lang))
    }
}

/// Exact fen of a money view (the API sends them as strings).
pub fn fen(m: &MoneyView) -> i64 {
    m.fen.parse().unwrap_or_default()
}

/// `¥1,234.00` from fen, for sums the API does not give.
pub fn yuan(fen: i64) -> String {
    Money::from_fen(fen).to_string()
}

/// A difference with its sign: `+¥100.00`, `-¥100.00`, `¥0.00`.
pub fn signed(m: &MoneyView) -> String {
    if fen(m) > 0 {
        format!("+{}", m.yuan)
    } else {
        m.yuan.clone()
    }
}

/// An optional amount, `—` when there is none (no tactics, no expected output).
pub fn or_dash(m: Option<&MoneyView>) -> String {
    m.map_or_else(|| "—".into(), |m| m.yuan.clone())
}

/// Guardrail breaches and overspending, the lines worth seeing after a change.
pub fn print_warnings(o: &BudgetOverview) {
    for b in o.breaches.iter().filter(|b| b.warning) {
        println!("! {}", b.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign() {
        let view = |f: i64| MoneyView::from(Money::from_fen(f));
        assert_eq!(signed(&view(10_000)), "+¥100.00", "increase marked");
        assert_eq!(
            signed(&view(-10_000)),
            "-¥100.00",
            "decrease keeps its minus"
        );
        assert_eq!(signed(&view(0)), "¥0.00", "no change unsigned");
        assert_eq!(yuan(fen(&view(123_456))), "¥1,234.56", "fen round-trip");
    }
}
