//! The author's rules of thumb as limits on the year's set of events, each with its reason.

use serde::Serialize;

use super::Recommendation;
use crate::{EventKind, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleOfThumb {
    /// 峰会每年 1 场就够.
    OneSummit,
    /// 自办大会一年 2 场: one opening the year…
    OwnConferenceFirstHalf,
    /// …and one closing it.
    OwnConferenceSecondHalf,
    /// 博览会以品牌曝光为主: one is enough for exposure.
    OneExpo,
    /// Salons of low seniority: 偶尔参与几场即可.
    FewOccasional,
}

impl RuleOfThumb {
    pub const ALL: [RuleOfThumb; 5] = [
        RuleOfThumb::OneSummit,
        RuleOfThumb::OwnConferenceFirstHalf,
        RuleOfThumb::OwnConferenceSecondHalf,
        RuleOfThumb::OneExpo,
        RuleOfThumb::FewOccasional,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RuleOfThumb::OneSummit => "one_summit",
            RuleOfThumb::OwnConferenceFirstHalf => "own_conference_h1",
            RuleOfThumb::OwnConferenceSecondHalf => "own_conference_h2",
            RuleOfThumb::OneExpo => "one_expo",
            RuleOfThumb::FewOccasional => "few_occasional",
        }
    }

    pub fn max(self) -> u32 {
        match self {
            RuleOfThumb::FewOccasional => 2,
            _ => 1,
        }
    }

    /// Whether an event of `kind` in `month` (1–12) with this advice counts against the rule.
    pub fn applies(self, kind: EventKind, month: u32, advice: Recommendation) -> bool {
        match self {
            RuleOfThumb::OneSummit => kind == EventKind::Summit,
            RuleOfThumb::OwnConferenceFirstHalf => kind == EventKind::SelfHosted && month <= 6,
            RuleOfThumb::OwnConferenceSecondHalf => kind == EventKind::SelfHosted && month > 6,
            RuleOfThumb::OneExpo => kind == EventKind::Expo,
            RuleOfThumb::FewOccasional => advice == Recommendation::Occasional,
        }
    }

    pub fn sentence(self, lang: Lang) -> &'static str {
        match self {
            RuleOfThumb::OneSummit => lang.pick(
                "峰会最多 1 场：品牌露出大于获客，每年 1 场就够。",
                "At most one summit: brand over leads, one a year is enough.",
            ),
            RuleOfThumb::OwnConferenceFirstHalf => lang.pick(
                "上半年自办大会最多 1 场（开年一场）。",
                "At most one own conference in H1 (the opening).",
            ),
            RuleOfThumb::OwnConferenceSecondHalf => lang.pick(
                "下半年自办大会最多 1 场（收尾一场）。",
                "At most one own conference in H2 (the closing).",
            ),
            RuleOfThumb::OneExpo => lang.pick(
                "博览会最多 1 场：以品牌曝光为主。",
                "At most one expo: it is for brand exposure.",
            ),
            RuleOfThumb::FewOccasional => lang.pick(
                "“偶尔参与即可”的活动最多 2 场：层级偏低的沙龙偶尔参与几场即可。",
                "At most two “only occasionally” events: low-seniority salons only now and then.",
            ),
        }
    }
}
