use serde::{Deserialize, Serialize};

use crate::{ChannelKind, CoreError, Result, Share};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateLine {
    pub channel: ChannelKind,
    pub share: Share,
}

/// The seed author's split (seed 000): offline events about 70%, alliance fees under 15% (10% here),
/// collateral about 10%, and the rest to online promotion (SEM ¥100–150k on a ¥2M budget ≈ 6%),
/// rankings/whitepapers and community. Sums to exactly 100%.
pub fn default_template() -> Vec<TemplateLine> {
    Template::SeedDefault.lines()
}

const DEFAULT_LINES: [(ChannelKind, u32); 6] = [
    (ChannelKind::OfflineEvents, 7000),
    (ChannelKind::OnlinePromotion, 600),
    (ChannelKind::Rankings, 200),
    (ChannelKind::Community, 200),
    (ChannelKind::Alliances, 1000),
    (ChannelKind::Collateral, 1000),
];

/// The shapes a plan can start from (domain brief, "The budget").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// Seed 000: six channels, offline events about 70%.
    SeedDefault,
    /// Seed 001: product marketing, brand & PR, demand generation.
    ThreeBlocks,
    /// Seed 004: PR, scene (offline) marketing, digital, SDR.
    FourTeams,
    /// No channels: the user builds the list.
    Empty,
}

impl Template {
    pub const ALL: [Template; 4] = [
        Template::SeedDefault,
        Template::ThreeBlocks,
        Template::FourTeams,
        Template::Empty,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Template::SeedDefault => "seed_default",
            Template::ThreeBlocks => "three_blocks",
            Template::FourTeams => "four_teams",
            Template::Empty => "empty",
        }
    }

    pub fn from_code(code: &str) -> Result<Template> {
        Template::ALL
            .into_iter()
            .find(|t| t.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: crate::Noun::Template,
                value: code.to_string(),
            })
    }

    pub fn name(self, lang: crate::Lang) -> &'static str {
        match self {
            Template::SeedDefault => lang.pick(
                "默认模板（线下活动约 70%）",
                "Default (offline events ≈70%)",
            ),
            Template::ThreeBlocks => lang.pick(
                "三大板块（产品营销/品牌公关/商机管理）",
                "Three blocks (product, brand & PR, demand)",
            ),
            Template::FourTeams => lang.pick(
                "四个团队（PR/场景/数字/SDR）",
                "Four teams (PR, scene, digital, SDR)",
            ),
            Template::Empty => lang.pick("空白", "Empty"),
        }
    }

    /// The template's channels and target shares; they sum to exactly 100% (or nothing, for Empty).
    pub fn lines(self) -> Vec<TemplateLine> {
        let lines: &[(ChannelKind, u32)] = match self {
            Template::SeedDefault => &DEFAULT_LINES,
            // Seed 001 names the blocks without shares; demand generation carries the events and
            // the pipeline, so it gets half, the other two a quarter each.
            Template::ThreeBlocks => &[
                (ChannelKind::ProductMarketing, 2500),
                (ChannelKind::BrandPr, 2500),
                (ChannelKind::DemandGen, 5000),
            ],
            // Seed 004's teams; offline scene marketing stays the largest, as seed 002's 53%
            // to events suggests.
            Template::FourTeams => &[
                (ChannelKind::PublicRelations, 1500),
                (ChannelKind::SceneMarketing, 5000),
                (ChannelKind::Digital, 2500),
                (ChannelKind::Sdr, 1000),
            ],
            Template::Empty => &[],
        };
        lines
            .iter()
            .map(|&(channel, bp)| TemplateLine {
                channel,
                share: Share::from_basis_points(bp).unwrap_or(Share::ZERO),
            })
            .collect()
    }
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
    fn every_template_sums_to_a_whole_or_is_empty() {
        for t in Template::ALL {
            let total: u32 = t.lines().iter().map(|l| l.share.basis_points()).sum();
            let expected = if t == Template::Empty { 0 } else { 10_000 };
            assert_eq!(total, expected, "{t:?}");
            assert_eq!(Template::from_code(t.code()), Ok(t));
        }
    }
}
