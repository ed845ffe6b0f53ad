//! Job titles → seniority and buying role, from Chinese and English titles.
//!
//! The rules are tried in order and the first match wins, so the exceptions come first:
//! "总经理助理" is an assistant (staff), "副总经理" a vice president, and only then does
//! "总经理" mean the chief executive. The roles:
//! - **Decision-maker**: owns the budget for their unit — C-level (董事长, 总裁, 总经理, 行长,
//!   首席…官, CEO/CTO/CIO/CFO), company-level vice presidents (副总裁, 副总经理, 副行长, VP), and
//!   heads of a department or branch (总监, 部长, 部门总经理, 分行行长, Director, Head of).
//! - **Influencer**: shapes the decision without signing it — deputies of a department or
//!   branch head (副总监, 副部长, 部门副总经理, 分行副行长), 处长, chief specialists (首席分析师,
//!   总工程师, Chief Architect), bank senior-management aides (行长助理, 董事会秘书), managers
//!   (经理, 主管, 科长, Manager, Lead), architects and experts.
//! - **User**: staff (专员, 工程师, 分析师, Engineer, Specialist), assistants and secretaries, and
//!   bank relationship managers (客户经理, 理财经理, Account Manager), who are sales staff
//!   despite the 经理.

use serde::{Deserialize, Serialize};

use crate::Lang;

use super::keywords::Words;
use super::memo::Memo;

/// How senior a title is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seniority {
    /// C 级: 董事长, 总裁, 总经理, 行长, CEO, CTO…
    CLevel,
    /// VP/总监: vice presidents, directors, heads of department or branch.
    VpDirector,
    /// 经理: managers, 主管, 科长, team leads.
    Manager,
    /// 专员: individual contributors.
    Staff,
    /// The title is empty or matched no rule.
    Unknown,
}

impl Seniority {
    pub const ALL: [Seniority; 5] = [
        Seniority::CLevel,
        Seniority::VpDirector,
        Seniority::Manager,
        Seniority::Staff,
        Seniority::Unknown,
    ];

    /// A stable code for storage and the UI.
    pub fn code(self) -> &'static str {
        match self {
            Seniority::CLevel => "c_level",
            Seniority::VpDirector => "vp_director",
            Seniority::Manager => "manager",
            Seniority::Staff => "staff",
            Seniority::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Seniority> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Higher is more senior; Unknown is lowest.
    fn rank(self) -> u8 {
        match self {
            Seniority::CLevel => 4,
            Seniority::VpDirector => 3,
            Seniority::Manager => 2,
            Seniority::Staff => 1,
            Seniority::Unknown => 0,
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Seniority::CLevel => lang.pick("C 级", "C-level"),
            Seniority::VpDirector => lang.pick("VP/总监", "VP/Director"),
            Seniority::Manager => lang.pick("经理", "Manager"),
            Seniority::Staff => lang.pick("专员", "Staff"),
            Seniority::Unknown => lang.pick("未知", "Unknown"),
        }
    }
}

/// The part a person plays in a purchase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    DecisionMaker,
    Influencer,
    User,
    Unknown,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::DecisionMaker,
        Role::Influencer,
        Role::User,
        Role::Unknown,
    ];

    /// A stable code for storage and the UI.
    pub fn code(self) -> &'static str {
        match self {
            Role::DecisionMaker => "decision_maker",
            Role::Influencer => "influencer",
            Role::User => "user",
            Role::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Higher weighs more in the decision; Unknown is lowest.
    fn rank(self) -> u8 {
        match self {
            Role::DecisionMaker => 3,
            Role::Influencer => 2,
            Role::User => 1,
            Role::Unknown => 0,
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Role::DecisionMaker => lang.pick("决策者", "Decision-maker"),
            Role::Influencer => lang.pick("影响者", "Influencer"),
            Role::User => lang.pick("使用者", "User"),
            Role::Unknown => lang.pick("未知", "Unknown"),
        }
    }
}

/// Seniority and buying role of a job title, Chinese or English; `(Unknown, Unknown)` when
/// the title is empty or matches no rule. See the module documentation for the rules.
///
/// Several titles in one cell ("副总经理兼CFO", "CEO/Founder") give the most senior of them,
/// and among equally senior ones the strongest role.
pub fn classify_title(title: &str) -> (Seniority, Role) {
    thread_local! {
        static TITLES: Memo<(Seniority, Role)> = Memo::new();
    }
    TITLES.with(|m| m.get_or(&[title], || classify(title)))
}

fn classify(title: &str) -> (Seniority, Role) {
    title
        .split(['兼', '/', '|', '、', ',', '，', ';', '；'])
        .map(classify_one)
        .max_by_key(|&(s, r)| (s.rank(), r.rank()))
        .unwrap_or((Seniority::Unknown, Role::Unknown))
}

fn classify_one(title: &str) -> (Seniority, Role) {
    let words = Words::new(title);
    if words.is_empty() {
        return (Seniority::Unknown, Role::Unknown);
    }
    RULES
        .iter()
        .find(|(patterns, _, _)| words.has_any(patterns))
        .map_or((Seniority::Unknown, Role::Unknown), |&(_, s, r)| (s, r))
}

use Role::{DecisionMaker, Influencer, User};
use Seniority::{CLevel, Manager, Staff, VpDirector};

/// Ordered: the first rule with a matching pattern decides. ASCII patterns match whole words.
const RULES: &[(&[&str], Seniority, Role)] = &[
    // "Assistant Vice President" is a middle rank in banks, below the vice rule.
    (&["assistant vice president", "avp"], Manager, Influencer),
    // Aides that are senior management in Chinese banks and listed companies.
    (
        &[
            "行长助理",
            "助理行长",
            "助理总裁",
            "助理总经理",
            "董事会秘书",
            "董秘",
            "副总工",
            "assistant general manager",
            "board secretary",
        ],
        VpDirector,
        Influencer,
    ),
    // Assistants, secretaries and relationship managers, whatever boss their title names.
    (
        &[
            "助理",
            "秘书",
            "客户经理",
            "理财经理",
            "大堂经理",
            "客户代表",
            "assistant",
            "secretary",
            "account manager",
            "relationship manager",
            "client manager",
            "customer manager",
            "account executive",
        ],
        Staff,
        User,
    ),
    // Heads of the chief executive's office: 总经理办公室主任 is not the general manager.
    (&["办公室主任", "办主任"], Manager, Influencer),
    // Deputies of a department or branch head.
    (
        &[
            "部副总经理",
            "部门副总经理",
            "中心副总经理",
            "分行副行长",
            "支行副行长",
            "副总监",
            "副部长",
            "deputy director",
            "deputy head",
        ],
        VpDirector,
        Influencer,
    ),
    // Company-level vice presidents.
    (
        &[
            "副董事长",
            "副总裁",
            "副总经理",
            "副行长",
            "副局长",
            "副院长",
            "副校长",
            "副主席",
            "副总",
            "vice",
            "vp",
            "svp",
            "evp",
            "deputy general manager",
            "deputy ceo",
            "deputy president",
        ],
        VpDirector,
        DecisionMaker,
    ),
    // Heads of a department or a branch.
    (
        &[
            "部总经理",
            "部门总经理",
            "中心总经理",
            "分公司总经理",
            "分行行长",
            "支行行长",
            "branch manager",
            "branch president",
        ],
        VpDirector,
        DecisionMaker,
    ),
    (
        &[
            "首席*官",
            "chief * officer",
            "chief executive",
            "ceo",
            "cto",
            "cio",
            "cfo",
            "coo",
            "cmo",
            "cro",
            "cdo",
            "ciso",
            "cso",
            "cpo",
            "cco",
            "chro",
            "董事长",
            "总裁",
            "总经理",
            "行长",
            "执行董事",
            "常务董事",
            "总会计师",
            "创始人",
            "合伙人",
            "局长",
            "院长",
            "校长",
            "主席",
            "president",
            "chairman",
            "chairwoman",
            "chairperson",
            "founder",
            "cofounder",
            "general manager",
            "managing director",
        ],
        CLevel,
        DecisionMaker,
    ),
    (&["副处长"], Manager, Influencer),
    // Chief specialists (首席分析师, 总工程师) and 处长 in banks' head offices.
    (&["首席", "总工", "处长", "chief"], VpDirector, Influencer),
    (
        &["总监", "部长", "director", "head"],
        VpDirector,
        DecisionMaker,
    ),
    (
        &[
            "经理",
            "主管",
            "科长",
            "组长",
            "主任",
            "负责人",
            "队长",
            "manager",
            "mgr",
            "supervisor",
            "lead",
            "leader",
        ],
        Manager,
        Influencer,
    ),
    (
        &["架构师", "专家", "architect", "expert"],
        Staff,
        Influencer,
    ),
    (
        &[
            "专员",
            "工程师",
            "职员",
            "员工",
            "文员",
            "分析师",
            "开发",
            "程序员",
            "设计师",
            "研究员",
            "柜员",
            "实习",
            "经办",
            "岗",
            "科员",
            "干事",
            "代表",
            "顾问",
            "运维",
            "测试",
            "engineer",
            "specialist",
            "analyst",
            "developer",
            "programmer",
            "designer",
            "researcher",
            "associate",
            "intern",
            "trainee",
            "clerk",
            "consultant",
            "officer",
            "executive",
            "representative",
            "coordinator",
            "administrator",
            "teller",
            "staff",
        ],
        Staff,
        User,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use Role::Unknown as NoRole;
    use Seniority::Unknown as NoSeniority;

    #[test]
    fn titles_are_classified() {
        let cases = [
            (
                "总经理",
                CLevel,
                DecisionMaker,
                "general manager is the chief executive",
            ),
            (
                "副总经理",
                VpDirector,
                DecisionMaker,
                "deputy GM is VP, not C-level",
            ),
            ("总经理助理", Staff, User, "assistant to the GM is staff"),
            ("董事长", CLevel, DecisionMaker, "chairman"),
            ("董事长助理", Staff, User, "chairman's assistant"),
            ("总裁", CLevel, DecisionMaker, "president"),
            ("副总裁", VpDirector, DecisionMaker, "vice president"),
            ("行长", CLevel, DecisionMaker, "bank president"),
            ("副行长", VpDirector, DecisionMaker, "bank vice president"),
            (
                "行长助理",
                VpDirector,
                Influencer,
                "bank senior-management rank",
            ),
            ("上海分行行长", VpDirector, DecisionMaker, "branch head"),
            ("分行副行长", VpDirector, Influencer, "deputy branch head"),
            ("首席信息官", CLevel, DecisionMaker, "CIO in Chinese"),
            ("首席风险官", CLevel, DecisionMaker, "CRO in Chinese"),
            (
                "首席分析师",
                VpDirector,
                Influencer,
                "chief analyst is not an officer",
            ),
            (
                "信息科技部总经理",
                VpDirector,
                DecisionMaker,
                "department head at a bank",
            ),
            (
                "零售业务部副总经理",
                VpDirector,
                Influencer,
                "deputy department head",
            ),
            ("IT总监", VpDirector, DecisionMaker, "director"),
            ("副总监", VpDirector, Influencer, "deputy director"),
            ("总监助理", Staff, User, "director's assistant"),
            ("部长", VpDirector, DecisionMaker, "department head"),
            ("处长", VpDirector, Influencer, "division head"),
            ("副处长", Manager, Influencer, "deputy division head"),
            ("总工程师", VpDirector, Influencer, "chief engineer"),
            (
                "行长办公室主任",
                Manager,
                Influencer,
                "the president's office, not the president",
            ),
            (
                "执行董事",
                CLevel,
                DecisionMaker,
                "executive director on the board",
            ),
            (
                "客户经理",
                Staff,
                User,
                "bank relationship manager is sales staff",
            ),
            ("高级客户经理", Staff, User, "senior RM is still staff"),
            ("产品经理", Manager, Influencer, "product manager"),
            ("部门经理", Manager, Influencer, "department manager"),
            ("主管", Manager, Influencer, "supervisor"),
            ("科长", Manager, Influencer, "section chief"),
            ("架构师", Staff, Influencer, "architect"),
            ("专员", Staff, User, "specialist"),
            ("高级工程师", Staff, User, "senior engineer"),
            ("风险管理岗", Staff, User, "bank post"),
            ("CEO", CLevel, DecisionMaker, "CEO"),
            ("CTO", CLevel, DecisionMaker, "CTO"),
            ("集团CIO", CLevel, DecisionMaker, "CIO next to Chinese"),
            ("Chief Risk Officer", CLevel, DecisionMaker, "chief officer"),
            ("Co-founder", CLevel, DecisionMaker, "co-founder"),
            ("VP of Engineering", VpDirector, DecisionMaker, "VP"),
            (
                "Senior Vice President",
                VpDirector,
                DecisionMaker,
                "SVP spelt out",
            ),
            (
                "Assistant Vice President",
                Manager,
                Influencer,
                "AVP is a middle rank",
            ),
            ("Director of IT", VpDirector, DecisionMaker, "director"),
            ("Head of Data", VpDirector, DecisionMaker, "head of"),
            ("Deputy Director", VpDirector, Influencer, "deputy director"),
            ("General Manager", CLevel, DecisionMaker, "general manager"),
            ("IT Manager", Manager, Influencer, "manager"),
            ("Tech Lead", Manager, Influencer, "lead"),
            ("Account Manager", Staff, User, "account manager is sales"),
            ("Executive Assistant", Staff, User, "assistant"),
            ("Software Engineer", Staff, User, "engineer"),
            ("Compliance Specialist", Staff, User, "specialist"),
            (
                "副总经理兼CFO",
                CLevel,
                DecisionMaker,
                "two titles: the more senior",
            ),
            (
                "行长助理兼信息科技部总经理",
                VpDirector,
                DecisionMaker,
                "equally senior: the stronger role",
            ),
            ("CEO/Founder", CLevel, DecisionMaker, "slash-separated"),
            (
                "Vice President, Engineering",
                VpDirector,
                DecisionMaker,
                "comma in a title",
            ),
            ("", NoSeniority, NoRole, "empty"),
            ("/", NoSeniority, NoRole, "only a separator"),
            ("志愿者", NoSeniority, NoRole, "no rule matches"),
        ];
        for (title, seniority, role, why) in cases {
            assert_eq!(classify_title(title), (seniority, role), "{why}: {title:?}");
        }
    }

    #[test]
    fn codes_round_trip_and_labels_exist() {
        for s in Seniority::ALL {
            assert_eq!(
                Seniority::from_code(s.code()),
                Some(s),
                "seniority code {s:?}"
            );
            assert!(!s.name(Lang::ZhCn).is_empty(), "Chinese label for {s:?}");
            let json = serde_json::to_string(&s).expect("serialises");
            assert_eq!(json, format!("\"{}\"", s.code()), "serde uses the code");
        }
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r), "role code {r:?}");
            assert!(!r.name(Lang::En).is_empty(), "English label for {r:?}");
            let json = serde_json::to_string(&r).expect("serialises");
            assert_eq!(json, format!("\"{}\"", r.code()), "serde uses the code");
        }
        assert_eq!(Seniority::from_code("ceo"), None, "unknown code");
        assert_eq!(Seniority::CLevel.name(Lang::ZhCn), "C 级", "Chinese label");
        assert_eq!(
            Role::DecisionMaker.name(Lang::ZhCn),
            "决策者",
            "Chinese label"
        );
    }
}
