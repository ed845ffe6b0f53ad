use crate::Lang;

/// Everything the domain rules can refuse. Each variant carries what the user typed or what
/// overflowed, so the sentence shown to them can name it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    #[error("not an amount of money: {input:?}")]
    InvalidAmount { input: String },
    #[error("amount out of range: {input:?}")]
    AmountOutOfRange { input: String },
    #[error("not a percentage between 0 and 100: {input:?}")]
    InvalidShare { input: String },
    #[error("cannot split: the weights are all zero")]
    ZeroWeights,
    #[error("cannot split a negative amount")]
    NegativeSplit,
    #[error("arithmetic overflow on money")]
    Overflow,
    #[error("unknown {what}: {value:?}")]
    UnknownCode { what: Noun, value: String },
    #[error("channel shares add up to {total_bp} basis points, over 100%")]
    SharesOver100 { total_bp: u32 },
    #[error("two channels share the code {code:?}")]
    DuplicateChannel { code: String },
    #[error("tactic {tactic:?} has no channel")]
    TacticWithoutChannel { tactic: String },
    #[error("a name is required for the {what}")]
    MissingName { what: Noun },
    #[error("negative amount for {what}")]
    NegativeAmount { what: String },
    #[error("not a quarter: {value}")]
    InvalidQuarter { value: u32 },
    #[error("no channel {code:?} in the plan")]
    UnknownChannel { code: String },
    #[error("amount {input:?} does not group its digits in threes")]
    AmbiguousGrouping { input: String },
    #[error("not a percent change: {input:?}")]
    InvalidPercentChange { input: String },
    #[error("{input:?} has more than {decimals} decimals")]
    TooManyDecimals { input: String, decimals: u32 },
    #[error("a cut of {input}% leaves no budget")]
    CutsWholeBudget { input: String },
    #[error("an increase of {input}% is past +1000%")]
    ChangeTooLarge { input: String },
    #[error("cannot move {points} out of {channel}, which holds {share}")]
    MoveExceedsShare {
        channel: String,
        points: crate::Share,
        share: crate::Share,
    },
    #[error("cannot move share from {channel} to itself")]
    MoveToSameChannel { channel: String },
    #[error("{field:?} {value} outside {min}..={max}")]
    OutOfRange {
        field: crate::events::EventField,
        value: i64,
        min: i64,
        max: i64,
    },
    #[error("{field:?} add up to {total_bp} basis points, over 100%")]
    AudienceOverWhole {
        field: crate::events::EventField,
        total_bp: u32,
    },
    #[error("an event cannot go from {from:?} to {to:?}")]
    StatusChange {
        from: crate::events::EventStatus,
        to: crate::events::EventStatus,
    },
    #[error("{what} {value} outside {min}..={max}")]
    SettingOutOfRange {
        what: Noun,
        value: i64,
        min: i64,
        max: i64,
    },
    #[error("a lead cannot go from {from:?} to {to:?}")]
    StageChange {
        from: crate::lifecycle::Stage,
        to: crate::lifecycle::Stage,
    },
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// The things an error can be about, named in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Channel,
    Tactic,
    Attendance,
    ListKind,
    CompanyStage,
    Emphasis,
    Template,
    EventType,
    QuarterSplit,
    GuardrailKind,
    Region,
    Scenario,
    Function,
    EventStatus,
    Recommendation,
    Criterion,
    AttributionModel,
    EngagementKind,
    FitGrade,
    FitRule,
    LeadStage,
    FollowUpChannel,
    FollowUpOutcome,
    ScoringSetting,
    TeamMember,
}

impl Noun {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Noun::Channel => lang.pick("渠道", "channel"),
            Noun::Tactic => lang.pick("预算项", "tactic"),
            Noun::Attendance => lang.pick("参会状态", "attendance state"),
            Noun::ListKind => lang.pick("名单类型", "list kind"),
            Noun::CompanyStage => lang.pick("公司阶段", "company stage"),
            Noun::Emphasis => lang.pick("侧重", "emphasis"),
            Noun::Template => lang.pick("模板", "template"),
            Noun::EventType => lang.pick("活动类型", "event type"),
            Noun::QuarterSplit => lang.pick("季度拆分方式", "quarter split"),
            Noun::GuardrailKind => lang.pick("规则类型", "rule type"),
            Noun::Region => lang.pick("区域", "region"),
            Noun::Scenario => lang.pick("方案", "scenario"),
            Noun::Function => lang.pick("部门职能", "department function"),
            Noun::EventStatus => lang.pick("活动状态", "event status"),
            Noun::Recommendation => lang.pick("建议", "recommendation"),
            Noun::Criterion => lang.pick("评分项", "criterion"),
            Noun::AttributionModel => lang.pick("归因模型", "attribution model"),
            Noun::EngagementKind => lang.pick("互动类型", "engagement kind"),
            Noun::FitGrade => lang.pick("匹配等级", "fit grade"),
            Noun::FitRule => lang.pick("画像规则", "profile rule"),
            Noun::LeadStage => lang.pick("线索阶段", "lead stage"),
            Noun::FollowUpChannel => lang.pick("跟进方式", "follow-up channel"),
            Noun::FollowUpOutcome => lang.pick("跟进结果", "follow-up outcome"),
            Noun::ScoringSetting => lang.pick("评分设置", "scoring setting"),
            Noun::TeamMember => lang.pick("团队成员", "team member"),
        }
    }
}

impl std::fmt::Display for Noun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name(Lang::En))
    }
}

impl CoreError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::InvalidAmount { .. } => "invalid_amount",
            CoreError::AmountOutOfRange { .. } => "amount_out_of_range",
            CoreError::InvalidShare { .. } => "invalid_share",
            CoreError::ZeroWeights => "zero_weights",
            CoreError::NegativeSplit => "negative_split",
            CoreError::Overflow => "overflow",
            CoreError::UnknownCode { .. } => "unknown_code",
            CoreError::SharesOver100 { .. } => "shares_over_100",
            CoreError::DuplicateChannel { .. } => "duplicate_channel",
            CoreError::TacticWithoutChannel { .. } => "tactic_without_channel",
            CoreError::MissingName { .. } => "missing_name",
            CoreError::NegativeAmount { .. } => "negative_amount",
            CoreError::InvalidQuarter { .. } => "invalid_quarter",
            CoreError::UnknownChannel { .. } => "unknown_channel",
            CoreError::AmbiguousGrouping { .. } => "ambiguous_grouping",
            CoreError::InvalidPercentChange { .. } => "invalid_percent_change",
            CoreError::TooManyDecimals { .. } => "too_many_decimals",
            CoreError::CutsWholeBudget { .. } => "cuts_whole_budget",
            CoreError::ChangeTooLarge { .. } => "change_too_large",
            CoreError::MoveExceedsShare { .. } => "move_exceeds_share",
            CoreError::MoveToSameChannel { .. } => "move_to_same_channel",
            CoreError::OutOfRange { .. } => "out_of_range",
            CoreError::AudienceOverWhole { .. } => "audience_over_whole",
            CoreError::StatusChange { .. } => "status_change",
            CoreError::SettingOutOfRange { .. } => "setting_out_of_range",
            CoreError::StageChange { .. } => "stage_change",
        }
    }

    /// The sentence a user reads.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CoreError::InvalidAmount { input }, Lang::ZhCn) => {
                format!("“{input}”不是有效的金额，请输入数字，例如 200000 或 20万。")
            }
            (CoreError::InvalidAmount { input }, Lang::En) => {
                format!("“{input}” is not an amount of money. Enter a number such as 200000.")
            }
            (CoreError::AmountOutOfRange { input }, Lang::ZhCn) => {
                format!("金额“{input}”超出了可处理的范围。")
            }
            (CoreError::AmountOutOfRange { input }, Lang::En) => {
                format!("The amount “{input}” is too large to handle.")
            }
            (CoreError::InvalidShare { input }, Lang::ZhCn) => {
                format!("“{input}”不是 0 到 100 之间的百分比。")
            }
            (CoreError::InvalidShare { input }, Lang::En) => {
                format!("“{input}” is not a percentage between 0 and 100.")
            }
            (CoreError::ZeroWeights, Lang::ZhCn) => "所有比例都是 0，无法拆分预算。".into(),
            (CoreError::ZeroWeights, Lang::En) => {
                "All shares are zero, so the budget cannot be split.".into()
            }
            (CoreError::NegativeSplit, Lang::ZhCn) => "不能拆分负数金额。".into(),
            (CoreError::NegativeSplit, Lang::En) => "A negative amount cannot be split.".into(),
            (CoreError::Overflow, Lang::ZhCn) => "金额计算溢出，请检查输入的数字是否过大。".into(),
            (CoreError::Overflow, Lang::En) => {
                "The amounts overflowed; check whether a number is far too large.".into()
            }
            (CoreError::UnknownCode { what, value }, Lang::ZhCn) => {
                format!("无法识别的{}：“{value}”。", what.name(lang))
            }
            (CoreError::UnknownCode { what, value }, Lang::En) => {
                format!("Unknown {}: “{value}”.", what.name(lang))
            }
            (CoreError::SharesOver100 { total_bp }, Lang::ZhCn) => format!(
                "各渠道占比合计 {}.{:02}%，超过了 100%，请先调低其他渠道。",
                total_bp / 100,
                total_bp % 100
            ),
            (CoreError::SharesOver100 { total_bp }, Lang::En) => format!(
                "The channel shares add up to {}.{:02}%, over 100%; lower another channel first.",
                total_bp / 100,
                total_bp % 100
            ),
            (CoreError::DuplicateChannel { code }, Lang::ZhCn) => format!("渠道“{code}”重复了。"),
            (CoreError::DuplicateChannel { code }, Lang::En) => {
                format!("The channel “{code}” appears twice.")
            }
            (CoreError::TacticWithoutChannel { tactic }, Lang::ZhCn) => {
                format!("预算项“{tactic}”没有选择渠道，请先选择渠道。")
            }
            (CoreError::TacticWithoutChannel { tactic }, Lang::En) => {
                format!("The tactic “{tactic}” has no channel; choose one first.")
            }
            (CoreError::MissingName { what }, Lang::ZhCn) => {
                format!("请填写{}的名称。", what.name(lang))
            }
            (CoreError::MissingName { what }, Lang::En) => {
                format!("Enter a name for the {}.", what.name(lang))
            }
            (CoreError::NegativeAmount { what }, Lang::ZhCn) => {
                format!("“{what}”的金额不能为负数。")
            }
            (CoreError::NegativeAmount { what }, Lang::En) => {
                format!("The amount of “{what}” cannot be negative.")
            }
            (CoreError::InvalidQuarter { value }, Lang::ZhCn) => {
                format!("{value} 不是有效的季度（1 到 4）。")
            }
            (CoreError::InvalidQuarter { value }, Lang::En) => {
                format!("{value} is not a quarter (1 to 4).")
            }
            (CoreError::UnknownChannel { code }, Lang::ZhCn) => format!("计划中没有渠道“{code}”。"),
            (CoreError::UnknownChannel { code }, Lang::En) => {
                format!("The plan has no channel “{code}”.")
            }
            (CoreError::AmbiguousGrouping { input }, Lang::ZhCn) => format!(
                "“{input}”的分隔符不是每三位一组，看不出是多少钱（例如 1,00,000 可能是 10 万也可能是 100 万）。请去掉分隔符，或写成 100,000 或 10万。"
            ),
            (CoreError::AmbiguousGrouping { input }, Lang::En) => format!(
                "“{input}” does not group its digits in threes, so the amount is unclear (1,00,000 could be 100,000 or 1,000,000). Remove the separators or write 100,000."
            ),
            (CoreError::InvalidPercentChange { input }, Lang::ZhCn) => format!(
                "“{input}”不是一个百分比变化，请输入例如 -20（削减 20%）或 15（增加 15%）。"
            ),
            (CoreError::InvalidPercentChange { input }, Lang::En) => format!(
                "“{input}” is not a percent change; enter e.g. -20 (a 20% cut) or 15 (15% more)."
            ),
            (CoreError::TooManyDecimals { input, decimals }, Lang::ZhCn) => {
                format!("“{input}”的小数超过 {decimals} 位，请最多保留 {decimals} 位小数。")
            }
            (CoreError::TooManyDecimals { input, decimals }, Lang::En) => {
                format!("“{input}” has more than {decimals} decimals; use at most {decimals}.")
            }
            (CoreError::CutsWholeBudget { input }, Lang::ZhCn) => format!(
                "削减 {}% 会让预算归零或为负，这不是一个方案；请输入大于 -100 的数。",
                input.trim_start_matches(['-', '−'])
            ),
            (CoreError::CutsWholeBudget { input }, Lang::En) => format!(
                "A cut of {}% leaves no budget at all, which is not a scenario; enter more than -100.",
                input.trim_start_matches(['-', '−'])
            ),
            (CoreError::ChangeTooLarge { input }, Lang::ZhCn) => {
                format!("增加“{input}”%超过了 +1000%，请检查输入。")
            }
            (CoreError::ChangeTooLarge { input }, Lang::En) => {
                format!("An increase of “{input}”% is past +1000%; check the number.")
            }
            (
                CoreError::MoveExceedsShare {
                    channel,
                    points,
                    share,
                },
                Lang::ZhCn,
            ) => {
                let points = points.to_string();
                let points = points.trim_end_matches('%');
                format!("{channel}只占 {share}，移不出 {points} 个百分点。")
            }
            (
                CoreError::MoveExceedsShare {
                    channel,
                    points,
                    share,
                },
                Lang::En,
            ) => {
                let points = points.to_string();
                let points = points.trim_end_matches('%');
                format!("{channel} holds only {share}; {points} points cannot be moved out of it.")
            }
            (CoreError::MoveToSameChannel { channel }, Lang::ZhCn) => {
                format!("不能把占比从{channel}移到它自己，请选择另一个渠道。")
            }
            (CoreError::MoveToSameChannel { channel }, Lang::En) => {
                format!("Share cannot move from {channel} to itself; choose another channel.")
            }
            (
                CoreError::OutOfRange {
                    field,
                    value,
                    min,
                    max,
                },
                Lang::ZhCn,
            ) => format!(
                "{}为 {value}，超出了 {min} 到 {max} 的范围，请检查是否多打了一个零。",
                field.name(lang)
            ),
            (
                CoreError::OutOfRange {
                    field,
                    value,
                    min,
                    max,
                },
                Lang::En,
            ) => format!(
                "The {} of {value} is outside {min} to {max}; check for an extra zero.",
                field.name(lang)
            ),
            (CoreError::AudienceOverWhole { field, total_bp }, Lang::ZhCn) => format!(
                "{}合计 {}.{:02}%，超过了 100%。",
                field.name(lang),
                total_bp / 100,
                total_bp % 100
            ),
            (CoreError::AudienceOverWhole { field, total_bp }, Lang::En) => format!(
                "The {} add up to {}.{:02}%, over 100%.",
                field.name(lang),
                total_bp / 100,
                total_bp % 100
            ),
            (CoreError::StatusChange { from, to }, Lang::ZhCn) => format!(
                "活动不能从“{}”改为“{}”。",
                from.name(lang),
                to.name(lang)
            ),
            (CoreError::StatusChange { from, to }, Lang::En) => format!(
                "An event cannot go from “{}” to “{}”.",
                from.name(lang),
                to.name(lang)
            ),
            (
                CoreError::SettingOutOfRange {
                    what,
                    value,
                    min,
                    max,
                },
                Lang::ZhCn,
            ) => format!(
                "{}为 {value}，应在 {min} 到 {max} 之间。",
                what.name(lang)
            ),
            (
                CoreError::SettingOutOfRange {
                    what,
                    value,
                    min,
                    max,
                },
                Lang::En,
            ) => format!(
                "The {} is {value}; it must be between {min} and {max}.",
                what.name(lang)
            ),
            (CoreError::StageChange { from, to }, Lang::ZhCn) => format!(
                "线索不能从“{}”改为“{}”。",
                from.name(lang),
                to.name(lang)
            ),
            (CoreError::StageChange { from, to }, Lang::En) => format!(
                "A lead cannot go from “{}” to “{}”.",
                from.name(lang),
                to.name(lang)
            ),
        }
    }
}
