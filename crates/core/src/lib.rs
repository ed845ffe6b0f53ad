//! Marketdesk's domain: exact money, budget channels and their default shares,
//! event kinds, lead attendance — the rules, with no storage and no UI.
//!
//! ```
//! use marketdesk_core::{Money, Share, split_by_weights};
//!
//! let total = Money::from_yuan(2_000_000);
//! assert_eq!(total.to_string(), "¥2,000,000.00");
//! assert_eq!(total.format_wan(), "200.00万");
//!
//! // Parts always sum to the whole, to the fen.
//! let parts = split_by_weights(Money::from_fen(100), &[1, 1, 1]).unwrap();
//! assert_eq!(parts.iter().map(|m| m.fen()).sum::<i64>(), 100);
//! assert_eq!(Share::from_percent_str("70").unwrap().basis_points(), 7000);
//! ```

mod budget;
mod channel;
mod error;
mod event;
mod lang;
mod lead;
mod money;
mod share;
mod split;

pub use budget::{default_template, CompanyStage, Emphasis, TemplateLine};
pub use channel::{custom_channel_color, ChannelKind, ALL_CHANNELS};
pub use error::{CoreError, Result};
pub use event::EventKind;
pub use lang::Lang;
pub use lead::Attendance;
pub use money::Money;
pub use share::Share;
pub use split::split_by_weights;
