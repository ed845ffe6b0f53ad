//! Departments → the buying-centre function a person speaks for.
//!
//! Keywords are tried function by function in this order, the first match winning:
//! 采购 (procurement), 财务 (finance), 合规/风控 (compliance and risk), then a few business lines
//! whose names contain 科技 or 网络 (科技金融 lends to tech companies; 网络金融 is online
//! banking), then 科技/IT, then 业务. So "科技采购中心" is procurement, "科技风险管理处" is
//! compliance and risk, "金融科技部" is technology. The department decides; the title is read
//! only when the department is empty or says nothing ("CTO", "风控经理", "IT总监").

use serde::{Deserialize, Serialize};

use crate::Lang;

use super::keywords::Words;
use super::memo::Memo;

/// The buying-centre function (采购中心职能) of a department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// 业务: business lines, sales, marketing, operations, products.
    Business,
    /// 科技/IT: technology, data, R&D.
    Technology,
    /// 合规/风控: compliance, risk, internal control, audit, legal.
    ComplianceRisk,
    /// 采购: procurement and tendering.
    Procurement,
    /// 财务: finance and accounting.
    Finance,
    /// 其他: general management, administration, HR, or unknown.
    Other,
}

impl Function {
    pub const ALL: [Function; 6] = [
        Function::Business,
        Function::Technology,
        Function::ComplianceRisk,
        Function::Procurement,
        Function::Finance,
        Function::Other,
    ];

    /// A stable code for storage and the UI.
    pub fn code(self) -> &'static str {
        match self {
            Function::Business => "business",
            Function::Technology => "technology",
            Function::ComplianceRisk => "compliance_risk",
            Function::Procurement => "procurement",
            Function::Finance => "finance",
            Function::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Function> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Function::Business => lang.pick("业务", "Business"),
            Function::Technology => lang.pick("科技/IT", "Technology/IT"),
            Function::ComplianceRisk => lang.pick("合规/风控", "Compliance & risk"),
            Function::Procurement => lang.pick("采购", "Procurement"),
            Function::Finance => lang.pick("财务", "Finance"),
            Function::Other => lang.pick("其他", "Other"),
        }
    }
}

/// The function of a department, falling back to the title when the department gives none.
/// See the module documentation for the order of the rules.
pub fn classify_department(department: &str, title: &str) -> Function {
    thread_local! {
        static FUNCTIONS: Memo<Function> = Memo::new();
    }
    FUNCTIONS.with(|m| m.get_or(&[department, title], || classify(department, title)))
}

fn classify(department: &str, title: &str) -> Function {
    match function_of(&Words::new(department)) {
        Function::Other => function_of(&Words::new(title)),
        found => found,
    }
}

fn function_of(words: &Words) -> Function {
    RULES
        .iter()
        .find(|(patterns, _)| words.has_any(patterns))
        .map_or(Function::Other, |&(_, function)| function)
}

/// Ordered: the first rule with a matching pattern decides. ASCII patterns match whole words.
const RULES: &[(&[&str], Function)] = &[
    (
        &[
            "采购",
            "招标",
            "集采",
            "招采",
            "procurement",
            "purchasing",
            "sourcing",
        ],
        Function::Procurement,
    ),
    (
        &[
            "财务",
            "计财",
            "会计",
            "财会",
            "核算",
            "资产负债",
            "预算",
            "首席财务官",
            "finance",
            "financial",
            "accounting",
            "accountant",
            "cfo",
        ],
        Function::Finance,
    ),
    (
        &[
            "合规",
            "风控",
            "风险",
            "内控",
            "审计",
            "稽核",
            "法律",
            "法务",
            "反洗钱",
            "授信",
            "首席风险官",
            "compliance",
            "risk",
            "audit",
            "legal",
            "aml",
            "cro",
        ],
        Function::ComplianceRisk,
    ),
    // Business lines that would otherwise read as technology.
    (&["科技金融", "网络金融", "互联网金融"], Function::Business),
    (
        &[
            "科技",
            "信息",
            "技术",
            "数据",
            "研发",
            "开发",
            "软件",
            "运维",
            "网络安全",
            "首席技术官",
            "首席信息官",
            "首席数据官",
            "工程师",
            "架构师",
            "程序员",
            "it",
            "tech",
            "technology",
            "engineering",
            "r&d",
            "data",
            "cto",
            "cio",
            "cdo",
            "ciso",
            "engineer",
            "developer",
            "architect",
        ],
        Function::Technology,
    ),
    (
        &[
            "业务",
            "零售",
            "营销",
            "销售",
            "运营",
            "市场",
            "渠道",
            "客户",
            "个人金融",
            "公司金融",
            "金融市场",
            "投行",
            "投资银行",
            "信用卡",
            "普惠",
            "同业",
            "交易银行",
            "产品",
            "电子银行",
            "首席营销官",
            "首席运营官",
            "business",
            "sales",
            "marketing",
            "retail",
            "operations",
            "banking",
            "product",
            "customer",
            "channel",
            "cmo",
            "coo",
        ],
        Function::Business,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use Function::*;

    #[test]
    fn departments_are_classified() {
        let cases = [
            ("信息科技部", "", Technology, "bank IT department"),
            (
                "金融科技部",
                "",
                Technology,
                "fintech department is technology",
            ),
            (
                "科技金融部",
                "",
                Business,
                "lending to tech companies is a business line",
            ),
            ("数据管理部", "", Technology, "data"),
            ("软件开发中心", "", Technology, "development centre"),
            ("IT部", "", Technology, "IT next to Chinese"),
            ("R&D", "", Technology, "R&D"),
            ("合规部", "", ComplianceRisk, "compliance"),
            ("风险管理部", "", ComplianceRisk, "risk management"),
            (
                "科技风险管理处",
                "",
                ComplianceRisk,
                "IT risk sits with risk",
            ),
            ("内控合规部", "", ComplianceRisk, "internal control"),
            ("审计部", "", ComplianceRisk, "audit"),
            (
                "Internal Audit",
                "",
                ComplianceRisk,
                "English audit, not IT",
            ),
            ("采购部", "", Procurement, "procurement"),
            (
                "科技采购中心",
                "",
                Procurement,
                "procurement of technology is procurement",
            ),
            ("招标办", "", Procurement, "tendering"),
            ("计划财务部", "", Finance, "finance"),
            ("计财部", "", Finance, "short form"),
            ("会计结算部", "", Finance, "accounting"),
            ("零售业务部", "", Business, "retail"),
            ("公司业务部", "", Business, "corporate banking"),
            ("市场营销部", "", Business, "marketing"),
            ("运营管理部", "", Business, "operations"),
            (
                "网络金融部",
                "",
                Business,
                "online banking is a business line",
            ),
            ("Sales", "", Business, "English sales"),
            ("Corporate Banking", "", Business, "English business line"),
            ("人力资源部", "", Other, "HR"),
            ("办公室", "", Other, "general office"),
            ("", "", Other, "nothing given"),
        ];
        for (dept, title, want, why) in cases {
            assert_eq!(classify_department(dept, title), want, "{why}: {dept:?}");
        }
    }

    #[test]
    fn title_helps_when_the_department_says_nothing() {
        let cases = [
            ("", "CTO", Technology, "CTO"),
            ("", "首席信息官", Technology, "CIO in Chinese"),
            ("", "CFO", Finance, "CFO"),
            ("", "风控经理", ComplianceRisk, "risk manager"),
            ("", "IT总监", Technology, "IT director"),
            ("", "采购专员", Procurement, "buyer"),
            ("", "客户经理", Business, "relationship manager"),
            ("", "Chief Risk Officer", ComplianceRisk, "CRO spelt out"),
            ("", "总经理", Other, "general management"),
            (
                "总行",
                "软件工程师",
                Technology,
                "a department that says nothing",
            ),
            (
                "信息科技部",
                "财务经理",
                Technology,
                "the department wins over the title",
            ),
        ];
        for (dept, title, want, why) in cases {
            assert_eq!(
                classify_department(dept, title),
                want,
                "{why}: {dept:?} / {title:?}"
            );
        }
    }

    #[test]
    fn codes_round_trip_and_labels_exist() {
        for f in Function::ALL {
            assert_eq!(Function::from_code(f.code()), Some(f), "code of {f:?}");
            assert!(!f.name(Lang::ZhCn).is_empty(), "Chinese label for {f:?}");
            let json = serde_json::to_string(&f).expect("serialises");
            assert_eq!(json, format!("\"{}\"", f.code()), "serde uses the code");
        }
        assert_eq!(
            Function::Technology.name(Lang::ZhCn),
            "科技/IT",
            "label from the issue"
        );
    }
}
