//! Fit (匹配度): how closely a person's profile matches the people who buy from us, as points
//! and a grade A–D. Judged from the profile only, never from behaviour: a keen junior clerk and a
//! silent CIO are different leads, and the two axes keep them apart.

use serde::{Deserialize, Serialize};

use crate::{CoreError, Function, Lang, Noun, Result, Seniority};

/// The fit grade. Ordered by quality: `Grade::A > Grade::B > Grade::C > Grade::D`, so
/// `grade >= min_grade` reads "at least as good as".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    /// Best first.
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    /// A stable code for storage and the UI: `"A"` … `"D"`.
    pub fn code(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    /// Accepts the code in either case (`"b"` is B): grades arrive typed into spreadsheets.
    pub fn from_code(code: &str) -> Result<Grade> {
        let trimmed = code.trim();
        Self::ALL
            .into_iter()
            .find(|g| g.code().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::FitGrade,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Grade::A => lang.pick("A 级", "Grade A"),
            Grade::B => lang.pick("B 级", "Grade B"),
            Grade::C => lang.pick("C 级", "Grade C"),
            Grade::D => lang.pick("D 级", "Grade D"),
        }
    }

    /// Higher is better.
    fn rank(self) -> u8 {
        match self {
            Grade::A => 3,
            Grade::B => 2,
            Grade::C => 1,
            Grade::D => 0,
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            Grade::A => 0,
            Grade::B => 1,
            Grade::C => 2,
            Grade::D => 3,
        }
    }
}

impl PartialOrd for Grade {
    fn partial_cmp(&self, other: &Grade) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Grade {
    fn cmp(&self, other: &Grade) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// Company size by employees (公司规模).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CompanySize {
    /// Fewer than 100 employees.
    #[serde(rename = "under_100")]
    Under100,
    /// 100–999.
    #[serde(rename = "from_100")]
    From100,
    /// 1,000–9,999.
    #[serde(rename = "from_1000")]
    From1000,
    /// 10,000 or more.
    #[serde(rename = "from_10000")]
    From10000,
}

impl CompanySize {
    /// Smallest first.
    pub const ALL: [CompanySize; 4] = [
        CompanySize::Under100,
        CompanySize::From100,
        CompanySize::From1000,
        CompanySize::From10000,
    ];

    /// The band a head count falls in.
    pub fn from_employees(employees: u64) -> CompanySize {
        match employees {
            0..=99 => CompanySize::Under100,
            100..=999 => CompanySize::From100,
            1000..=9999 => CompanySize::From1000,
            _ => CompanySize::From10000,
        }
    }

    /// A stable code for storage and the UI.
    pub fn code(self) -> &'static str {
        match self {
            CompanySize::Under100 => "under_100",
            CompanySize::From100 => "from_100",
            CompanySize::From1000 => "from_1000",
            CompanySize::From10000 => "from_10000",
        }
    }

    /// `None` for an unknown code, like [`Seniority::from_code`] and [`Function::from_code`]:
    /// the size is a profile attribute, read the same way.
    pub fn from_code(code: &str) -> Option<CompanySize> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            CompanySize::Under100 => lang.pick("100 人以下", "under 100 staff"),
            CompanySize::From100 => lang.pick("100–999 人", "100–999 staff"),
            CompanySize::From1000 => lang.pick("1000–9999 人", "1,000–9,999 staff"),
            CompanySize::From10000 => lang.pick("1 万人及以上", "10,000+ staff"),
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            CompanySize::Under100 => 0,
            CompanySize::From100 => 1,
            CompanySize::From1000 => 2,
            CompanySize::From10000 => 3,
        }
    }
}

/// What the fit grade is judged on: the person as the store holds them. Empty text means
/// unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile<'a> {
    pub seniority: Seniority,
    pub function: Function,
    /// As stored, e.g. 股份制银行.
    pub industry: &'a str,
    pub company_size: Option<CompanySize>,
    /// A city or province as stored, e.g. 上海, 广东.
    pub region: &'a str,
}

/// The five fit rules (画像规则), in the order the explanation lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitRule {
    Seniority,
    Function,
    Industry,
    CompanySize,
    Region,
}

impl FitRule {
    pub const ALL: [FitRule; 5] = [
        FitRule::Seniority,
        FitRule::Function,
        FitRule::Industry,
        FitRule::CompanySize,
        FitRule::Region,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FitRule::Seniority => "seniority",
            FitRule::Function => "function",
            FitRule::Industry => "industry",
            FitRule::CompanySize => "company_size",
            FitRule::Region => "region",
        }
    }

    pub fn from_code(code: &str) -> Result<FitRule> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::FitRule,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            FitRule::Seniority => lang.pick("职级", "Seniority"),
            FitRule::Function => lang.pick("部门职能", "Department"),
            FitRule::Industry => lang.pick("目标行业", "Target industry"),
            FitRule::CompanySize => lang.pick("公司规模", "Company size"),
            FitRule::Region => lang.pick("目标区域", "Target region"),
        }
    }

    /// Why the default points are what they are, for the scorecard editor.
    pub fn why(self, lang: Lang) -> &'static str {
        match self {
            FitRule::Seniority => lang.pick(
                "找对人：C 级（30 分）和 VP/总监（25 分）掌握预算、能拍板；经理（15 分）影响方案；专员（5 分）多是使用者而不是决策者。职级未知不计分。",
                "Reach the deciders: C-level (30) and VPs/directors (25) own the budget and sign; managers (15) shape the choice; staff (5) are mostly users, not deciders. An unknown title counts nothing.",
            ),
            FitRule::Function => lang.pick(
                "找对部门：业务和科技是采购中心的核心（各 20 分）；合规/风控能一票否决（15 分）；采购和财务走流程、管价格（各 10 分）；其他部门不计分。",
                "Reach the buying centre: business and technology lead the purchase (20 each); compliance and risk can veto it (15); procurement and finance run the process and the price (10 each); other departments count nothing.",
            ),
            FitRule::Industry => lang.pick(
                "目标行业 20 分。默认银行、证券、保险、基金——种子文章作者所在的金融机构市场，请改成你们的行业。行业名互相包含即算匹配（“银行”与“股份制银行”），不区分大小写；行业未知不计分。",
                "A target industry scores 20. The defaults — banks, securities, insurance, funds — are the financial institutions the seed author sells to; replace them with yours. Names match when either contains the other (银行 and 股份制银行), ignoring case; an unknown industry counts nothing.",
            ),
            FitRule::CompanySize => lang.pick(
                "公司越大，预算越大、采购越正式：1 万人及以上 20 分，1000–9999 人 15 分，100–999 人 10 分，100 人以下 0 分。规模未知不计分，并在说明里写明。",
                "Bigger companies have bigger budgets and formal purchasing: 10,000+ staff 20, 1,000–9,999 15, 100–999 10, under 100 nothing. An unknown size counts nothing, and the explanation says so.",
            ),
            FitRule::Region => lang.pick(
                "目标区域 10 分，只给销售能跟进的地方。默认不设区域，此项关闭（不是每个区域都加分）。区域名互相包含即算匹配（“上海”与“上海市”）。",
                "A target region scores 10, for the places sales can follow up. No regions by default, which turns the rule off (it does not make every region a target). Names match when either contains the other (上海 and 上海市).",
            ),
        }
    }
}

/// Points per seniority level. An unknown title always counts 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeniorityPoints {
    pub c_level: u32,
    pub vp_director: u32,
    pub manager: u32,
    pub staff: u32,
}

impl Default for SeniorityPoints {
    /// Deciders first (the seed author: 找对部门，找对人): C-level 30 and VP/director 25 own
    /// the budget; managers 15 shape the choice; staff 5 use the product but rarely decide.
    fn default() -> SeniorityPoints {
        SeniorityPoints {
            c_level: 30,
            vp_director: 25,
            manager: 15,
            staff: 5,
        }
    }
}

impl SeniorityPoints {
    /// `None` for [`Seniority::Unknown`]: unknown is not a level, it counts nothing.
    pub fn get(&self, s: Seniority) -> Option<u32> {
        match s {
            Seniority::CLevel => Some(self.c_level),
            Seniority::VpDirector => Some(self.vp_director),
            Seniority::Manager => Some(self.manager),
            Seniority::Staff => Some(self.staff),
            Seniority::Unknown => None,
        }
    }
}

/// Points per department function: the buying centre (采购中心) scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunctionPoints {
    pub business: u32,
    pub technology: u32,
    pub compliance_risk: u32,
    pub procurement: u32,
    pub finance: u32,
    pub other: u32,
}

impl Default for FunctionPoints {
    /// Business owner and IT lead a purchase (20 each); compliance and risk can veto it (15);
    /// procurement and finance run the process and the price (10 each); the rest (admin, HR,
    /// general management, unknown) 0 (seeds 000–002: the buying group).
    fn default() -> FunctionPoints {
        FunctionPoints {
            business: 20,
            technology: 20,
            compliance_risk: 15,
            procurement: 10,
            finance: 10,
            other: 0,
        }
    }
}

impl FunctionPoints {
    pub fn get(&self, f: Function) -> u32 {
        match f {
            Function::Business => self.business,
            Function::Technology => self.technology,
            Function::ComplianceRisk => self.compliance_risk,
            Function::Procurement => self.procurement,
            Function::Finance => self.finance,
            Function::Other => self.other,
        }
    }
}

/// Points per company size band. An unknown size always counts 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SizePoints {
    pub under_100: u32,
    pub from_100: u32,
    pub from_1000: u32,
    pub from_10000: u32,
}

impl Default for SizePoints {
    /// Deals of ¥1M and more (seed 000) need a budget and a formal purchase: 10,000+ staff 20,
    /// 1,000–9,999 15, 100–999 10, under 100 0.
    fn default() -> SizePoints {
        SizePoints {
            under_100: 0,
            from_100: 10,
            from_1000: 15,
            from_10000: 20,
        }
    }
}

impl SizePoints {
    pub fn get(&self, s: CompanySize) -> u32 {
        match s {
            CompanySize::Under100 => self.under_100,
            CompanySize::From100 => self.from_100,
            CompanySize::From1000 => self.from_1000,
            CompanySize::From10000 => self.from_10000,
        }
    }
}

/// The profile rules of a scorecard. Every field has a default, so an older JSON still loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FitRules {
    pub seniority: SeniorityPoints,
    pub function: FunctionPoints,
    /// Our industries. A lead's industry matches one when either contains the other, ignoring
    /// ASCII case (银行 ↔ 股份制银行, Bank ↔ bank). Empty: the rule is off.
    pub target_industries: Vec<String>,
    /// Points for a lead in a target industry.
    pub industry_points: u32,
    pub company_size: SizePoints,
    /// Regions sales can follow up, matched like industries (上海 ↔ 上海市). Empty: the rule is
    /// off — not "every region counts".
    pub target_regions: Vec<String>,
    /// Points for a lead in a target region.
    pub region_points: u32,
}

impl Default for FitRules {
    /// Industry 20 for banks, securities, insurance and funds: the financial institutions the
    /// seed author sells to (seeds 000–002), to be replaced with the user's own market. Region 10
    /// with no regions, so the rule starts off.
    fn default() -> FitRules {
        FitRules {
            seniority: SeniorityPoints::default(),
            function: FunctionPoints::default(),
            target_industries: ["银行", "证券", "保险", "基金"].map(String::from).to_vec(),
            industry_points: 20,
            company_size: SizePoints::default(),
            target_regions: Vec::new(),
            region_points: 10,
        }
    }
}

/// The lowest fit points for each grade; below `c` is D. Must be strictly descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradeThresholds {
    pub a: u32,
    pub b: u32,
    pub c: u32,
}

impl Default for GradeThresholds {
    /// With the default rules (100 points at most): A ≥ 70 needs a decider or a manager of the
    /// buying centre at a large target company (C-level 科技 at a bank of 10,000+ is 90; a
    /// 经理 of 科技 at a bank of 1,000+ is exactly 70); B ≥ 50; C ≥ 30; D below.
    fn default() -> GradeThresholds {
        GradeThresholds {
            a: 70,
            b: 50,
            c: 30,
        }
    }
}

impl GradeThresholds {
    pub fn grade(&self, fit_points: i64) -> Grade {
        if fit_points >= i64::from(self.a) {
            Grade::A
        } else if fit_points >= i64::from(self.b) {
            Grade::B
        } else if fit_points >= i64::from(self.c) {
            Grade::C
        } else {
            Grade::D
        }
    }

    /// The lowest fit points of `grade` (0 for D).
    pub fn minimum(&self, grade: Grade) -> u32 {
        match grade {
            Grade::A => self.a,
            Grade::B => self.b,
            Grade::C => self.c,
            Grade::D => 0,
        }
    }
}

/// Whether `value` and `target` name the same thing: either contains the other, ASCII letters
/// compared without case. Both must be non-empty (the empty string is in everything). Works on
/// bytes without allocating: UTF-8 never matches a character's tail against another's head.
pub(super) fn matches_target(value: &str, target: &str) -> bool {
    let (v, t) = (value.as_bytes(), target.as_bytes());
    !v.is_empty() && !t.is_empty() && (contains_folded(v, t) || contains_folded(t, v))
}

fn contains_folded(hay: &[u8], needle: &[u8]) -> bool {
    if needle.len() > hay.len() {
        return false;
    }
    let first = needle[0].to_ascii_lowercase();
    hay.windows(needle.len())
        .any(|w| w[0].to_ascii_lowercase() == first && w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_order_best_highest() {
        assert!(Grade::A > Grade::B, "A must outrank B");
        assert!(Grade::C > Grade::D, "C must outrank D");
        let mut sorted = vec![Grade::C, Grade::A, Grade::D, Grade::B];
        sorted.sort();
        assert_eq!(sorted, vec![Grade::D, Grade::C, Grade::B, Grade::A]);
    }

    #[test]
    fn codes_round_trip() {
        for g in Grade::ALL {
            assert_eq!(Grade::from_code(g.code()), Ok(g), "grade code round trip");
            let json = serde_json::to_string(&g).expect("serializes");
            assert_eq!(json, format!("\"{}\"", g.code()), "serde name is the code");
        }
        assert_eq!(Grade::from_code(" b "), Ok(Grade::B), "case and spaces");
        assert_eq!(
            Grade::from_code("E"),
            Err(CoreError::UnknownCode {
                what: Noun::FitGrade,
                value: "E".into()
            })
        );
        for s in CompanySize::ALL {
            assert_eq!(
                CompanySize::from_code(s.code()),
                Some(s),
                "size code round trip"
            );
            let json = serde_json::to_string(&s).expect("serializes");
            assert_eq!(json, format!("\"{}\"", s.code()), "serde name is the code");
        }
        assert_eq!(CompanySize::from_code("huge"), None);
        for r in FitRule::ALL {
            assert_eq!(FitRule::from_code(r.code()), Ok(r), "rule code round trip");
            let json = serde_json::to_string(&r).expect("serializes");
            assert_eq!(json, format!("\"{}\"", r.code()), "serde name is the code");
        }
        assert!(FitRule::from_code("age").is_err());
    }

    #[test]
    fn size_bands_by_head_count() {
        for (n, want) in [
            (0, CompanySize::Under100),
            (99, CompanySize::Under100),
            (100, CompanySize::From100),
            (999, CompanySize::From100),
            (1000, CompanySize::From1000),
            (9999, CompanySize::From1000),
            (10_000, CompanySize::From10000),
            (400_000, CompanySize::From10000),
        ] {
            assert_eq!(CompanySize::from_employees(n), want, "{n} employees");
        }
    }

    #[test]
    fn targets_match_either_way_ignoring_case() {
        assert!(
            matches_target("股份制银行", "银行"),
            "industry contains target"
        );
        assert!(
            matches_target("银行", "城商银行"),
            "target contains industry"
        );
        assert!(matches_target("Retail BANK", "bank"), "ASCII case ignored");
        assert!(matches_target("上海市", "上海"));
        assert!(!matches_target("制造业", "银行"));
        assert!(!matches_target("", "银行"), "unknown never matches");
        assert!(!matches_target("银行", ""), "an empty target never matches");
    }

    #[test]
    fn thresholds_grade_at_the_boundaries() {
        let t = GradeThresholds::default();
        assert_eq!(t.grade(70), Grade::A);
        assert_eq!(t.grade(69), Grade::B);
        assert_eq!(t.grade(50), Grade::B);
        assert_eq!(t.grade(30), Grade::C);
        assert_eq!(t.grade(29), Grade::D);
        assert_eq!(t.grade(-5), Grade::D);
    }
}
