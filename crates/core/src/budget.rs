use serde::{Deserialize, Serialize};

use crate::{ChannelKind, CoreError, Lang, Result, Share};

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
            what: "company stage",
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
                what: "emphasis",
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateLine {
    pub channel: ChannelKind,
    pub share: Share,
}

/// The seed author's split (seed 000): offline events about 70%, alliance fees under 15% (10% here),
/// collateral about 10%, and the rest to online promotion (SEM ¥100–150k on a ¥2M budget ≈ 6%),
/// rankings/whitepapers and community. Sums to exactly 100%.
pub fn default_template() -> Vec<TemplateLine> {
    const LINES: [(ChannelKind, u32); 6] = [
        (ChannelKind::OfflineEvents, 7000),
        (ChannelKind::OnlinePromotion, 600),
        (ChannelKind::Rankings, 200),
        (ChannelKind::Community, 200),
        (ChannelKind::Alliances, 1000),
        (ChannelKind::Collateral, 1000),
    ];
    LINES
        .into_iter()
        .map(|(channel, bp)| TemplateLine {
            channel,
            share: Share::from_basis_points(bp).unwrap_or(Share::ZERO),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{split_by_weights, Money};

    #[test]
    fn default_template_sums_to_whole_and_follows_the_seed() {
        let t = default_template();
        let total: u32 = t.iter().map(|l| l.share.basis_points()).sum();
        assert_eq!(total, 10_000, "template must allocate exactly 100%");
        let share = |c| {
            t.iter()
                .find(|l| l.channel == c)
                .map(|l| l.share.basis_points())
        };
        assert_eq!(
            share(ChannelKind::OfflineEvents),
            Some(7000),
            "seed 000: events ≈70%"
        );
        assert!(
            share(ChannelKind::Alliances) <= Some(1500),
            "seed 000: alliances ≤15%"
        );
        assert_eq!(
            share(ChannelKind::Collateral),
            Some(1000),
            "seed 000: collateral ≈10%"
        );
    }

    #[test]
    fn default_template_on_two_million() {
        let t = default_template();
        let weights: Vec<u64> = t.iter().map(|l| l.share.basis_points() as u64).collect();
        let parts = split_by_weights(Money::from_yuan(2_000_000), &weights).expect("splits");
        let yuan: Vec<i64> = parts.iter().map(|m| m.fen() / 100).collect();
        assert_eq!(
            yuan,
            vec![1_400_000, 120_000, 40_000, 40_000, 200_000, 200_000]
        );
    }

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
