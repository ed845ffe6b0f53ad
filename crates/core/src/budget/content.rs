//! A plan's content as one value: what a version of the plan holds, what restoring it brings
//! back, and what changed between two versions (the history's summary, what adopting a
//! scenario would change, and which later edits a stale scenario would undo).

use serde::{Deserialize, Serialize};

use crate::budget::guardrails::Guardrail;
use crate::budget::plan::{Brief, Outcomes, Plan, PlanChannel, Quarters, Tactic};
use crate::budget::quarters::QuarterSplit;
use crate::budget::regions::RegionInput;
use crate::{CompanyStage, Emphasis, Lang, Money, Share};

/// Everything a version of a plan holds; spend booked against it is not part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    pub name: String,
    pub fiscal_year: i32,
    pub total: Money,
    pub stage: CompanyStage,
    pub emphasis: Emphasis,
    pub quarter_split: QuarterSplit,
    pub region_top_down: Share,
    #[serde(default)]
    pub objectives: String,
    #[serde(default)]
    pub risks: String,
    /// In plan order.
    pub channels: Vec<ChannelContent>,
    /// In plan order.
    pub tactics: Vec<TacticContent>,
    pub guardrails: Vec<Guardrail>,
    pub regions: Vec<RegionInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelContent {
    pub code: String,
    pub name: String,
    pub share: Share,
    /// Last year's spend as entered for this plan; None: read from last year's plan.
    #[serde(default)]
    pub last_year: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TacticContent {
    /// The tactic's id, which spend is booked against: kept when a version is restored.
    pub id: i64,
    /// The code of its channel.
    pub channel: String,
    pub name: String,
    pub owner: String,
    pub region: String,
    pub quarters: Quarters,
    /// ISO date, if the tactic has one.
    #[serde(default)]
    pub starts_on: Option<String>,
    pub planned: Money,
    pub expected: Outcomes,
    pub brief: Brief,
}

impl PlanContent {
    /// The content as the domain's checked plan, for splits, forecasts and breaches.
    pub fn to_plan(&self) -> crate::Result<Plan> {
        let channels = self
            .channels
            .iter()
            .map(|c| PlanChannel {
                code: c.code.clone(),
                name: c.name.clone(),
                share: c.share,
            })
            .collect();
        let tactics = self
            .tactics
            .iter()
            .map(|t| Tactic {
                id: t.id,
                channel: t.channel.clone(),
                name: t.name.clone(),
                owner: t.owner.clone(),
                region: t.region.clone(),
                quarters: t.quarters,
                planned: t.planned,
                expected: t.expected,
                brief: t.brief.clone(),
            })
            .collect();
        Plan::new(
            self.fiscal_year,
            self.total,
            self.stage,
            self.emphasis,
            channels,
            tactics,
        )
    }

    /// This content with a changed plan's numbers: total, shares (by code), and each tactic's
    /// money and outputs (by id). Names, texts, rules and everything else stay.
    pub fn with_numbers_of(&self, plan: &Plan) -> PlanContent {
        let mut out = self.clone();
        out.total = plan.total();
        for c in &mut out.channels {
            if let Some(p) = plan.channel(&c.code) {
                c.share = p.share;
            }
        }
        for t in &mut out.tactics {
            if let Some(p) = plan.tactics().iter().find(|p| p.id == t.id) {
                t.planned = p.planned;
                t.expected = p.expected;
            }
        }
        out
    }
}

/// One difference between two versions of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    Name {
        from: String,
        to: String,
    },
    Total {
        from: Money,
        to: Money,
    },
    Share {
        channel: String,
        from: Share,
        to: Share,
    },
    ChannelAdded {
        channel: String,
    },
    ChannelRemoved {
        channel: String,
    },
    ChannelRenamed {
        from: String,
        to: String,
    },
    LastYear {
        channel: String,
    },
    TacticAdded {
        tactic: String,
        planned: Money,
    },
    TacticRemoved {
        tactic: String,
        planned: Money,
    },
    /// A tactic's planned money changed (its outputs may have changed with it).
    TacticPlanned {
        tactic: String,
        from: Money,
        to: Money,
    },
    /// A tactic's expected outputs changed while its money did not.
    TacticOutputs {
        tactic: String,
    },
    /// Anything else of a tactic: name, channel, owner, region, dates, brief.
    TacticDetails {
        tactic: String,
    },
    /// Several tactics' money changed: summarised when there are many.
    TacticsPlanned {
        count: usize,
        from: Money,
        to: Money,
    },
    Guardrails,
    Regions,
    QuarterSplit,
    RegionWeight {
        from: Share,
        to: Share,
    },
    Texts,
    Profile,
}

/// Whether two versions of a tactic agree on all but money and outputs.
fn same_details(a: &TacticContent, b: &TacticContent) -> bool {
    a.channel == b.channel
        && a.name == b.name
        && a.owner == b.owner
        && a.region == b.region
        && a.quarters == b.quarters
        && a.starts_on == b.starts_on
        && a.brief == b.brief
}

/// Past this many tactics whose money changed, the list says "N tactics" once.
const LISTED_TACTICS: usize = 5;

/// What changed from `before` to `after`, in the order a reader checks a plan: the total,
/// channels, tactics, then rules, regions, splits and texts.
pub fn changes(before: &PlanContent, after: &PlanContent) -> Vec<Change> {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(Change::Name {
            from: before.name.clone(),
            to: after.name.clone(),
        });
    }
    if before.total != after.total {
        out.push(Change::Total {
            from: before.total,
            to: after.total,
        });
    }
    if before.stage != after.stage || before.emphasis != after.emphasis {
        out.push(Change::Profile);
    }
    for b in &before.channels {
        match after.channels.iter().find(|a| a.code == b.code) {
            None => out.push(Change::ChannelRemoved {
                channel: b.name.clone(),
            }),
            Some(a) => {
                if a.name != b.name {
                    out.push(Change::ChannelRenamed {
                        from: b.name.clone(),
                        to: a.name.clone(),
                    });
                }
                if a.share != b.share {
                    out.push(Change::Share {
                        channel: a.name.clone(),
                        from: b.share,
                        to: a.share,
                    });
                }
                if a.last_year != b.last_year {
                    out.push(Change::LastYear {
                        channel: a.name.clone(),
                    });
                }
            }
        }
    }
    for a in &after.channels {
        if !before.channels.iter().any(|b| b.code == a.code) {
            out.push(Change::ChannelAdded {
                channel: a.name.clone(),
            });
        }
    }
    let mut planned = Vec::new();
    for b in &before.tactics {
        match after.tactics.iter().find(|a| a.id == b.id) {
            None => out.push(Change::TacticRemoved {
                tactic: b.name.clone(),
                planned: b.planned,
            }),
            Some(a) => {
                if a.planned != b.planned {
                    planned.push(Change::TacticPlanned {
                        tactic: a.name.clone(),
                        from: b.planned,
                        to: a.planned,
                    });
                } else if a.expected != b.expected {
                    out.push(Change::TacticOutputs {
                        tactic: a.name.clone(),
                    });
                }
                if same_details(a, b) {
                    continue;
                }
                {
                    out.push(Change::TacticDetails {
                        tactic: a.name.clone(),
                    });
                }
            }
        }
    }
    for a in &after.tactics {
        if !before.tactics.iter().any(|b| b.id == a.id) {
            out.push(Change::TacticAdded {
                tactic: a.name.clone(),
                planned: a.planned,
            });
        }
    }
    if planned.len() > LISTED_TACTICS {
        let sum = |pick: fn(&Change) -> Money| planned.iter().map(pick).sum::<Money>();
        out.push(Change::TacticsPlanned {
            count: planned.len(),
            from: sum(|c| match c {
                Change::TacticPlanned { from, .. } => *from,
                _ => Money::ZERO,
            }),
            to: sum(|c| match c {
                Change::TacticPlanned { to, .. } => *to,
                _ => Money::ZERO,
            }),
        });
    } else {
        out.extend(planned);
    }
    if before.guardrails != after.guardrails {
        out.push(Change::Guardrails);
    }
    if before.regions != after.regions {
        out.push(Change::Regions);
    }
    if before.quarter_split != after.quarter_split {
        out.push(Change::QuarterSplit);
    }
    if before.region_top_down != after.region_top_down {
        out.push(Change::RegionWeight {
            from: before.region_top_down,
            to: after.region_top_down,
        });
    }
    if before.objectives != after.objectives || before.risks != after.risks {
        out.push(Change::Texts);
    }
    out
}

impl Change {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::ZhCn;
        match self {
            Change::Name { from, to } if zh => format!("计划名称“{from}”改为“{to}”"),
            Change::Name { from, to } => format!("plan renamed from “{from}” to “{to}”"),
            Change::Total { from, to } if zh => format!("总预算 {from} → {to}"),
            Change::Total { from, to } => format!("total {from} → {to}"),
            Change::Share { channel, from, to } if zh => format!("{channel}占比 {from} → {to}"),
            Change::Share { channel, from, to } => format!("{channel} share {from} → {to}"),
            Change::ChannelAdded { channel } if zh => format!("新增渠道“{channel}”"),
            Change::ChannelAdded { channel } => format!("channel “{channel}” added"),
            Change::ChannelRemoved { channel } if zh => format!("删除渠道“{channel}”"),
            Change::ChannelRemoved { channel } => format!("channel “{channel}” removed"),
            Change::ChannelRenamed { from, to } if zh => format!("渠道“{from}”改名为“{to}”"),
            Change::ChannelRenamed { from, to } => format!("channel “{from}” renamed “{to}”"),
            Change::LastYear { channel } if zh => format!("{channel}的上年数字"),
            Change::LastYear { channel } => format!("last year's figure for {channel}"),
            Change::TacticAdded { tactic, planned } if zh => {
                format!("新增预算项“{tactic}”（{planned}）")
            }
            Change::TacticAdded { tactic, planned } => {
                format!("tactic “{tactic}” added ({planned})")
            }
            Change::TacticRemoved { tactic, planned } if zh => {
                format!("删除预算项“{tactic}”（{planned}）")
            }
            Change::TacticRemoved { tactic, planned } => {
                format!("tactic “{tactic}” removed ({planned})")
            }
            Change::TacticPlanned { tactic, from, to } if zh => {
                format!("“{tactic}” {from} → {to}")
            }
            Change::TacticPlanned { tactic, from, to } => format!("“{tactic}” {from} → {to}"),
            Change::TacticOutputs { tactic } if zh => format!("“{tactic}”的预期产出"),
            Change::TacticOutputs { tactic } => format!("expected outputs of “{tactic}”"),
            Change::TacticDetails { tactic } if zh => format!("“{tactic}”的内容"),
            Change::TacticDetails { tactic } => format!("details of “{tactic}”"),
            Change::TacticsPlanned { count, from, to } if zh => {
                format!("{count} 个预算项的金额，合计 {from} → {to}")
            }
            Change::TacticsPlanned { count, from, to } => {
                format!("the money of {count} tactics, in all {from} → {to}")
            }
            Change::Guardrails if zh => "预算规则".into(),
            Change::Guardrails => "the plan's rules".into(),
            Change::Regions if zh => "区域数字".into(),
            Change::Regions => "the regions' figures".into(),
            Change::QuarterSplit if zh => "季度拆分方式".into(),
            Change::QuarterSplit => "the quarter split".into(),
            Change::RegionWeight { from, to } if zh => {
                format!("区域混合中上年贡献的权重 {from} → {to}")
            }
            Change::RegionWeight { from, to } => {
                format!("weight of last year's contribution in the regional blend {from} → {to}")
            }
            Change::Texts if zh => "目标与风险说明".into(),
            Change::Texts => "objectives and risks".into(),
            Change::Profile if zh => "公司阶段或侧重".into(),
            Change::Profile => "company stage or emphasis".into(),
        }
    }
}

/// The changes as one line: "总预算 ¥2,000,000.00 → ¥1,600,000.00；“金融峰会” …".
pub fn summarize(changes: &[Change], lang: Lang) -> String {
    let sep = lang.pick("；", "; ");
    changes
        .iter()
        .map(|c| c.message(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn content() -> PlanContent {
        let share = |bp| Share::from_basis_points(bp).expect("share");
        PlanContent {
            name: "2027 年度市场预算".into(),
            fiscal_year: 2027,
            total: Money::from_yuan(2_000_000),
            stage: CompanyStage::Growth,
            emphasis: Emphasis::Demand,
            quarter_split: QuarterSplit::ByTactics,
            region_top_down: share(5_000),
            objectives: String::new(),
            risks: String::new(),
            channels: vec![
                ChannelContent {
                    code: "offline_events".into(),
                    name: "线下活动".into(),
                    share: share(7_000),
                    last_year: None,
                },
                ChannelContent {
                    code: "online_promotion".into(),
                    name: "线上推广".into(),
                    share: share(3_000),
                    last_year: None,
                },
            ],
            tactics: (1..=8)
                .map(|i| TacticContent {
                    id: i,
                    channel: "offline_events".into(),
                    name: format!("活动 {i}"),
                    owner: String::new(),
                    region: String::new(),
                    quarters: Quarters::ALL_YEAR,
                    starts_on: None,
                    planned: Money::from_yuan(100_000),
                    expected: Outcomes::default(),
                    brief: Brief::default(),
                })
                .collect(),
            guardrails: vec![],
            regions: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::content;
    use super::*;

    #[test]
    fn what_changed_is_listed_in_the_order_a_reader_checks() {
        let before = content();
        let mut after = before.clone();
        after.total = Money::from_yuan(1_600_000);
        after.channels[0].share = Share::from_basis_points(6_000).expect("share");
        after.tactics[0].planned = Money::from_yuan(80_000);
        after.tactics.remove(7);
        let text = summarize(&changes(&before, &after), Lang::ZhCn);
        assert_eq!(
            text,
            "总预算 ¥2,000,000.00 → ¥1,600,000.00；线下活动占比 70.0% → 60.0%；\
             删除预算项“活动 8”（¥100,000.00）；“活动 1” ¥100,000.00 → ¥80,000.00"
        );
        assert!(
            changes(&before, &before).is_empty(),
            "no change, nothing listed"
        );
    }

    #[test]
    fn many_tactics_rescaled_are_one_line() {
        let before = content();
        let mut after = before.clone();
        for t in &mut after.tactics {
            t.planned = Money::from_yuan(80_000);
        }
        assert_eq!(
            changes(&before, &after),
            vec![Change::TacticsPlanned {
                count: 8,
                from: Money::from_yuan(800_000),
                to: Money::from_yuan(640_000)
            }]
        );
    }

    #[test]
    fn content_survives_json_and_reads_older_versions_without_new_fields() {
        let c = content();
        let json = serde_json::to_string(&c).expect("json");
        assert_eq!(serde_json::from_str::<PlanContent>(&json).ok(), Some(c));
        let mut old: serde_json::Value = serde_json::from_str(&json).expect("value");
        old.as_object_mut().expect("object").remove("objectives");
        assert!(
            serde_json::from_value::<PlanContent>(old).is_ok(),
            "a version saved before plans had texts still opens"
        );
    }
}
