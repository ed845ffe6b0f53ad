use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Result};

/// Where the company is; the template and guardrails may lean on it (seed 000/003: startups put
/// product first, growth companies generate demand, mature ones build brand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyStage {
    Startup,
    Growth,
    Mature,
    Declining,
}

impl CompanyStage {
    pub fn code(self) -> &'static str {
        match self {
            CompanyStage::Startup => "startup",
            CompanyStage::Growth => "growth",
            CompanyStage::Mature => "mature",
            CompanyStage::Declining => "declining",
        }
    }

    pub fn from_code(code: &str) -> Result<CompanyStage> {
        [
            CompanyStage::Startup,
            CompanyStage::Growth,
            CompanyStage::Mature,
            CompanyStage::Declining,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .ok_or_else(|| CoreError::UnknownCode {
            what: crate::Noun::CompanyStage,
            value: code.to_string(),
        })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            CompanyStage::Startup => lang.pick("初创", "Startup"),
            CompanyStage::Growth => lang.pick("成长", "Growth"),
            CompanyStage::Mature => lang.pick("成熟", "Mature"),
            CompanyStage::Declining => lang.pick("下滑", "Declining"),
        }
    }
}

/// What the year's marketing leans towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Emphasis {
    Brand,
    Demand,
    Balanced,
}

impl Emphasis {
    pub fn code(self) -> &'static str {
        match self {
            Emphasis::Brand => "brand",
            Emphasis::Demand => "demand",
            Emphasis::Balanced => "balanced",
        }
    }

    pub fn from_code(code: &str) -> Result<Emphasis> {
        [Emphasis::Brand, Emphasis::Demand, Emphasis::Balanced]
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: crate::Noun::Emphasis,
                value: code.to_string(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Emphasis::Brand => lang.pick("品牌", "Brand"),
            Emphasis::Demand => lang.pick("获客", "Demand"),
            Emphasis::Balanced => lang.pick("均衡", "Balanced"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_and_emphasis_codes_round_trip() {
        for s in ["startup", "growth", "mature", "declining"] {
            assert_eq!(CompanyStage::from_code(s).map(|x| x.code()), Ok(s));
        }
        for e in ["brand", "demand", "balanced"] {
            assert_eq!(Emphasis::from_code(e).map(|x| x.code()), Ok(e));
        }
        assert!(CompanyStage::from_code("").is_err());
    }
}
