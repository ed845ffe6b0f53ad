//! Deals as a CRM exports them (Salesforce opportunities, HubSpot deals, 纷享销客, 销售易): which
//! column holds what, and what a CRM's stage means for the lead.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Where a deal stands, whatever the CRM calls its stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub const ALL: [DealStatus; 3] = [DealStatus::Open, DealStatus::Won, DealStatus::Lost];

    pub fn code(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<DealStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            DealStatus::Open => lang.pick("进行中", "Open"),
            DealStatus::Won => lang.pick("赢单", "Won"),
            DealStatus::Lost => lang.pick("输单", "Lost"),
        }
    }

    /// Reads a CRM's stage: "Closed Won", "closedwon", "赢单", "已成交" are won; "Closed Lost",
    /// "输单", "丢单", "已关闭-未成交" lost; any other stage (需求确认, Proposal, 谈判) is open. A blank
    /// stage is unknown: the row is refused rather than guessed.
    pub fn from_crm(stage: &str) -> Option<DealStatus> {
        let s: String = stage
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '/'))
            .flat_map(char::to_lowercase)
            .collect();
        if s.is_empty() {
            return None;
        }
        const LOST: &[&str] = &[
            "closedlost",
            "lost",
            "输单",
            "丢单",
            "失败",
            "未成交",
            "已输",
            "关闭未赢",
            "放弃",
            "无效",
        ];
        const WON: &[&str] = &[
            "closedwon",
            "won",
            "赢单",
            "成交",
            "已签约",
            "签约",
            "已赢",
            "回款",
        ];
        // Lost first: "已关闭-未成交" holds 成交 too.
        if LOST.iter().any(|w| s.contains(w)) {
            Some(DealStatus::Lost)
        } else if WON.iter().any(|w| s.contains(w)) {
            Some(DealStatus::Won)
        } else {
            Some(DealStatus::Open)
        }
    }
}

/// What a column of a deals export can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealColumn {
    /// The CRM's own id of the deal: a later export updates the same deal.
    DealId,
    DealName,
    /// Our lead id (线索ID), when the CRM kept it from an earlier export.
    LeadId,
    Mobile,
    Email,
    Contact,
    Company,
    Stage,
    Amount,
    CreatedOn,
    ClosedOn,
    Owner,
}

impl DealColumn {
    pub const ALL: [DealColumn; 12] = [
        DealColumn::DealId,
        DealColumn::DealName,
        DealColumn::LeadId,
        DealColumn::Mobile,
        DealColumn::Email,
        DealColumn::Contact,
        DealColumn::Company,
        DealColumn::Stage,
        DealColumn::Amount,
        DealColumn::CreatedOn,
        DealColumn::ClosedOn,
        DealColumn::Owner,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DealColumn::DealId => "deal_id",
            DealColumn::DealName => "deal_name",
            DealColumn::LeadId => "lead_id",
            DealColumn::Mobile => "mobile",
            DealColumn::Email => "email",
            DealColumn::Contact => "contact",
            DealColumn::Company => "company",
            DealColumn::Stage => "stage",
            DealColumn::Amount => "amount",
            DealColumn::CreatedOn => "created_on",
            DealColumn::ClosedOn => "closed_on",
            DealColumn::Owner => "owner",
        }
    }

    pub fn from_code(code: &str) -> Option<DealColumn> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            DealColumn::DealId => lang.pick("商机编号", "Deal ID"),
            DealColumn::DealName => lang.pick("商机名称", "Deal name"),
            DealColumn::LeadId => lang.pick("线索编号", "Lead ID"),
            DealColumn::Mobile => lang.pick("手机", "Mobile"),
            DealColumn::Email => lang.pick("邮箱", "Email"),
            DealColumn::Contact => lang.pick("联系人", "Contact"),
            DealColumn::Company => lang.pick("客户名称", "Account"),
            DealColumn::Stage => lang.pick("阶段", "Stage"),
            DealColumn::Amount => lang.pick("金额", "Amount"),
            DealColumn::CreatedOn => lang.pick("创建日期", "Created"),
            DealColumn::ClosedOn => lang.pick("结单日期", "Close date"),
            DealColumn::Owner => lang.pick("负责人", "Owner"),
        }
    }

    /// The header words the four CRMs and hand-made sheets use, lower case without spaces.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            DealColumn::DealId => &[
                "商机编号",
                "商机id",
                "机会编号",
                "商机编码",
                "opportunityid",
                "dealid",
                "recordid",
                "id",
            ],
            DealColumn::DealName => &[
                "商机名称",
                "商机",
                "机会名称",
                "销售机会",
                "opportunityname",
                "dealname",
                "opportunity",
                "deal",
            ],
            DealColumn::LeadId => &["线索编号", "线索id", "leadid", "marketdeskid"],
            DealColumn::Mobile => &[
                "手机",
                "手机号",
                "手机号码",
                "联系人手机",
                "联系电话",
                "电话",
                "mobile",
                "phone",
                "contactphone",
            ],
            DealColumn::Email => &["邮箱", "电子邮件", "联系人邮箱", "email", "contactemail"],
            DealColumn::Contact => &[
                "联系人",
                "联系人姓名",
                "客户联系人",
                "contact",
                "contactname",
                "primarycontact",
            ],
            DealColumn::Company => &[
                "客户名称",
                "客户",
                "公司",
                "公司名称",
                "企业名称",
                "accountname",
                "account",
                "company",
                "companyname",
            ],
            DealColumn::Stage => &[
                "阶段",
                "商机阶段",
                "销售阶段",
                "状态",
                "stage",
                "dealstage",
                "opportunitystage",
                "status",
            ],
            DealColumn::Amount => &[
                "金额",
                "商机金额",
                "合同金额",
                "成交金额",
                "销售金额",
                "预计金额",
                "amount",
                "dealamount",
                "value",
            ],
            DealColumn::CreatedOn => &[
                "创建日期",
                "创建时间",
                "商机创建时间",
                "createddate",
                "createdate",
                "createdon",
            ],
            DealColumn::ClosedOn => &[
                "结单日期",
                "成交日期",
                "关闭日期",
                "签约日期",
                "赢单日期",
                "预计成交日期",
                "结单时间",
                "closedate",
                "closeddate",
                "closedon",
            ],
            DealColumn::Owner => &[
                "负责人",
                "销售",
                "销售负责人",
                "商机负责人",
                "owner",
                "opportunityowner",
                "dealowner",
            ],
        }
    }

    /// Every column's synonyms, for finding the header row.
    pub fn all_synonyms() -> Vec<&'static [&'static str]> {
        Self::ALL.iter().map(|c| c.synonyms()).collect()
    }
}

/// The column each header names, each column at most once, exact names first, then headers
/// that start with a Chinese synonym ("金额（元）").
pub fn map_deal_headers<S: AsRef<str>>(headers: &[S]) -> Vec<Option<DealColumn>> {
    let keys: Vec<String> = headers
        .iter()
        .map(|h| {
            let lower: String = h
                .as_ref()
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '：' | '_' | '-'))
                .flat_map(char::to_lowercase)
                .collect();
            match lower.find(['(', '（']) {
                Some(i) if i > 0 => lower[..i].to_string(),
                _ => lower,
            }
        })
        .collect();
    let mut out: Vec<Option<DealColumn>> = vec![None; keys.len()];
    for exact in [true, false] {
        for (i, key) in keys.iter().enumerate() {
            if out[i].is_some() || key.is_empty() {
                continue;
            }
            out[i] = DealColumn::ALL
                .into_iter()
                .filter(|c| !out.contains(&Some(*c)))
                .find(|c| {
                    c.synonyms().iter().any(|s| {
                        if exact {
                            key == s
                        } else {
                            !s.is_ascii() && s.chars().count() >= 2 && key.starts_with(s)
                        }
                    })
                });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crm_stages_are_read_whatever_the_crm() {
        for (stage, status) in [
            ("Closed Won", Some(DealStatus::Won)),
            ("closedwon", Some(DealStatus::Won)),
            ("赢单", Some(DealStatus::Won)),
            ("已成交", Some(DealStatus::Won)),
            ("Closed Lost", Some(DealStatus::Lost)),
            ("输单", Some(DealStatus::Lost)),
            ("已关闭-未成交", Some(DealStatus::Lost)),
            ("需求确认", Some(DealStatus::Open)),
            ("Proposal/Price Quote", Some(DealStatus::Open)),
            ("  ", None),
        ] {
            assert_eq!(DealStatus::from_crm(stage), status, "{stage:?}");
        }
    }

    #[test]
    fn exports_of_the_four_crms_are_mapped() {
        let salesforce = [
            "Opportunity ID",
            "Opportunity Name",
            "Account Name",
            "Stage",
            "Amount",
            "Close Date",
            "Created Date",
            "Contact Email",
        ];
        let m = map_deal_headers(&salesforce);
        assert_eq!(
            m,
            vec![
                Some(DealColumn::DealId),
                Some(DealColumn::DealName),
                Some(DealColumn::Company),
                Some(DealColumn::Stage),
                Some(DealColumn::Amount),
                Some(DealColumn::ClosedOn),
                Some(DealColumn::CreatedOn),
                Some(DealColumn::Email),
            ]
        );
        let fxiaoke = [
            "商机名称",
            "客户名称",
            "联系人",
            "手机",
            "商机阶段",
            "商机金额（元）",
            "结单日期",
            "负责人",
        ];
        let m = map_deal_headers(&fxiaoke);
        assert_eq!(m[4], Some(DealColumn::Stage));
        assert_eq!(m[5], Some(DealColumn::Amount));
        assert_eq!(m[3], Some(DealColumn::Mobile));
        assert_eq!(m[7], Some(DealColumn::Owner));
    }
}
