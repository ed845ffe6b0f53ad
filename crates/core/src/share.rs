use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{CoreError, Result};

/// A share of a whole in basis points (1 bp = 0.01%), 0..=10000. Integer so that shares add up
/// exactly and "100%" means 10000, not 0.9999999.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "u32", into = "u32")]
pub struct Share(u32);

impl Share {
    pub const WHOLE: Share = Share(10_000);
    pub const ZERO: Share = Share(0);

    pub fn from_basis_points(bp: u32) -> Result<Share> {
        if bp > 10_000 {
            return Err(CoreError::InvalidShare {
                input: format!("{}.{:02}", bp / 100, bp % 100),
            });
        }
        Ok(Share(bp))
    }

    pub const fn basis_points(self) -> u32 {
        self.0
    }

    /// Parses `70`, `70.5`, `70.25%`, `７０％`.
    pub fn from_percent_str(input: &str) -> Result<Share> {
        let invalid = || CoreError::InvalidShare {
            input: input.to_string(),
        };
        let s = input.trim().trim_end_matches(['%', '％']).trim();
        let (int_part, frac_part) = s.split_once('.').unwrap_or((s, ""));
        if int_part.is_empty()
            || int_part.len() > 3
            || frac_part.len() > 2
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(invalid());
        }
        let int: u32 = int_part.parse().map_err(|_| invalid())?;
        let frac: u32 = if frac_part.is_empty() {
            0
        } else {
            let f: u32 = frac_part.parse().map_err(|_| invalid())?;
            if frac_part.len() == 1 {
                f * 10
            } else {
                f
            }
        };
        let bp = int * 100 + frac;
        if bp > 10_000 {
            return Err(invalid());
        }
        Ok(Share(bp))
    }
}

impl TryFrom<u32> for Share {
    type Error = CoreError;
    fn try_from(bp: u32) -> Result<Share> {
        Share::from_basis_points(bp)
    }
}

impl From<Share> for u32 {
    fn from(s: Share) -> u32 {
        s.0
    }
}

/// `70.0%`: one decimal, as the UI shows percentages, and two when the share has them
/// (`15.01%`), so a share just past a limit never reads as the limit itself.
impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, hundredths) = (self.0 / 100, self.0 % 100);
        if hundredths % 10 == 0 {
            write!(f, "{whole}.{}%", hundredths / 10)
        } else {
            write!(f, "{whole}.{hundredths:02}%")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays_percentages() {
        assert_eq!(
            Share::from_percent_str("70").map(Share::basis_points),
            Ok(7000)
        );
        assert_eq!(
            Share::from_percent_str("70.5%").map(Share::basis_points),
            Ok(7050)
        );
        assert_eq!(
            Share::from_percent_str("0.25").map(Share::basis_points),
            Ok(25)
        );
        assert_eq!(
            Share::from_percent_str("100％").map(Share::basis_points),
            Ok(10_000)
        );
        assert_eq!(Share::WHOLE.to_string(), "100.0%");
        assert_eq!(
            Share(1234).to_string(),
            "12.34%",
            "never rounded to look like 12.3%"
        );
        assert_eq!(Share(1501).to_string(), "15.01%", "visibly past 15%");
        assert_eq!(Share(1500).to_string(), "15.0%");
        assert_eq!(Share(5).to_string(), "0.05%");
    }

    #[test]
    fn refuses_shares_outside_zero_to_hundred() {
        for bad in ["100.01", "-5", "abc", "", "1.234", "1000"] {
            assert!(
                Share::from_percent_str(bad).is_err(),
                "{bad:?} must be refused"
            );
        }
        assert!(Share::from_basis_points(10_001).is_err());
    }
}
