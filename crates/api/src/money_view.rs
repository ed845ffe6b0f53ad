use marketdesk_core::Money;
use serde::Serialize;

/// Money as the UI needs it: exact fen as a string (safe past 2^53), and both display forms
/// formatted once, in Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoneyView {
    pub fen: String,
    /// `¥1,234,567.89`
    pub yuan: String,
    /// `123.46万`
    pub wan: String,
}

impl From<Money> for MoneyView {
    fn from(m: Money) -> MoneyView {
        MoneyView {
            fen: m.fen().to_string(),
            yuan: m.to_string(),
            wan: m.format_wan(),
        }
    }
}
