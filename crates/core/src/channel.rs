use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Result};

/// The budget channels the templates use (domain brief, "The budget"): the seed author's six
/// channels, seed 001's three blocks and seed 004's four teams. Each has a stable code (stored in
/// the workspace), its names, and the one colour used for it everywhere: charts drawn in Rust, the
/// UI's chips and legends, and print. Users may add channels of their own beside these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    OfflineEvents,
    OnlinePromotion,
    Rankings,
    Community,
    Alliances,
    Collateral,
    ProductMarketing,
    BrandPr,
    DemandGen,
    PublicRelations,
    SceneMarketing,
    Digital,
    Sdr,
}

pub const ALL_CHANNELS: [ChannelKind; 13] = [
    ChannelKind::OfflineEvents,
    ChannelKind::OnlinePromotion,
    ChannelKind::Rankings,
    ChannelKind::Community,
    ChannelKind::Alliances,
    ChannelKind::Collateral,
    ChannelKind::ProductMarketing,
    ChannelKind::BrandPr,
    ChannelKind::DemandGen,
    ChannelKind::PublicRelations,
    ChannelKind::SceneMarketing,
    ChannelKind::Digital,
    ChannelKind::Sdr,
];

impl ChannelKind {
    pub fn code(self) -> &'static str {
        match self {
            ChannelKind::OfflineEvents => "offline_events",
            ChannelKind::OnlinePromotion => "online_promotion",
            ChannelKind::Rankings => "rankings",
            ChannelKind::Community => "community",
            ChannelKind::Alliances => "alliances",
            ChannelKind::Collateral => "collateral",
            ChannelKind::ProductMarketing => "product_marketing",
            ChannelKind::BrandPr => "brand_pr",
            ChannelKind::DemandGen => "demand_gen",
            ChannelKind::PublicRelations => "public_relations",
            ChannelKind::SceneMarketing => "scene_marketing",
            ChannelKind::Digital => "digital",
            ChannelKind::Sdr => "sdr",
        }
    }

    pub fn from_code(code: &str) -> Result<ChannelKind> {
        ALL_CHANNELS
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: crate::Noun::Channel,
                value: code.to_string(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ChannelKind::OfflineEvents => ("线下活动", "Offline events"),
            ChannelKind::OnlinePromotion => ("线上推广", "Online promotion"),
            ChannelKind::Rankings => ("榜单/报告/白皮书", "Rankings, reports & whitepapers"),
            ChannelKind::Community => ("社群", "Community"),
            ChannelKind::Alliances => ("联盟/协会", "Alliances & associations"),
            ChannelKind::Collateral => ("基础资料/物料", "Collateral"),
            ChannelKind::ProductMarketing => ("产品营销", "Product marketing"),
            ChannelKind::BrandPr => ("品牌与公关", "Brand & PR"),
            ChannelKind::DemandGen => ("商机管理", "Demand generation"),
            ChannelKind::PublicRelations => ("PR公关", "Public relations"),
            ChannelKind::SceneMarketing => ("场景营销", "Scene marketing (offline)"),
            ChannelKind::Digital => ("数字营销", "Digital marketing"),
            ChannelKind::Sdr => ("SDC/SDR", "SDR / lead qualification"),
        };
        lang.pick(zh, en)
    }

    /// Chosen to stay distinguishable in greyscale print (distinct lightness), Ant-like hues.
    pub fn color(self) -> &'static str {
        match self {
            ChannelKind::OfflineEvents => "#1677ff",
            ChannelKind::OnlinePromotion => "#13c2c2",
            ChannelKind::Rankings => "#722ed1",
            ChannelKind::Community => "#52c41a",
            ChannelKind::Alliances => "#fa8c16",
            ChannelKind::Collateral => "#8c8c8c",
            ChannelKind::ProductMarketing => "#2f54eb",
            ChannelKind::BrandPr => "#eb2f96",
            ChannelKind::DemandGen => "#389e0d",
            ChannelKind::PublicRelations => "#c41d7f",
            ChannelKind::SceneMarketing => "#0958d9",
            ChannelKind::Digital => "#08979c",
            ChannelKind::Sdr => "#d46b08",
        }
    }
}

/// Colour for a user-defined channel (not one of the seed kinds), by its position in the plan.
pub fn custom_channel_color(position: usize) -> &'static str {
    const EXTRA: [&str; 6] = [
        "#eb2f96", "#faad14", "#2f54eb", "#a0d911", "#f5222d", "#5b8c00",
    ];
    EXTRA[position % EXTRA.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_colours_are_unique() {
        for c in ALL_CHANNELS {
            assert_eq!(ChannelKind::from_code(c.code()), Ok(c), "code of {c:?}");
        }
        let mut colours: Vec<_> = ALL_CHANNELS.iter().map(|c| c.color()).collect();
        colours.sort();
        colours.dedup();
        assert_eq!(
            colours.len(),
            ALL_CHANNELS.len(),
            "each channel needs its own colour"
        );
        assert!(ChannelKind::from_code("nope").is_err());
    }
}
