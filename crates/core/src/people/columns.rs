//! Which column of an attendee sheet holds what: by its header, in the words Chinese and English
//! registration systems use, or — for a sheet without a header — by what its values look like.

use serde::{Deserialize, Serialize};

use super::blank::means_nothing;
use super::check_in::is_check_in_word;
use super::company::is_place;
use super::width::to_half_width;
use super::{classify_title, parse_email, parse_phones, Seniority};
use crate::Lang;

/// What a column of an attendee list can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    /// 姓 / Last Name, when a sheet splits the name (English systems, CRM exports).
    FamilyName,
    /// 名 / First Name.
    GivenName,
    Phone,
    Email,
    Company,
    Department,
    Title,
    /// 城市 / 地区 / 省份
    Region,
    Industry,
    RegisteredAt,
    /// 签到 / 是否签到: whether the person came.
    CheckIn,
    /// 微信 / 微信号: a way to reach the person.
    WeChat,
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Name,
        Column::FamilyName,
        Column::GivenName,
        Column::Phone,
        Column::Email,
        Column::Company,
        Column::Department,
        Column::Title,
        Column::Region,
        Column::Industry,
        Column::RegisteredAt,
        Column::CheckIn,
        Column::WeChat,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::FamilyName => "family_name",
            Column::GivenName => "given_name",
            Column::Phone => "phone",
            Column::Email => "email",
            Column::Company => "company",
            Column::Department => "department",
            Column::Title => "title",
            Column::Region => "region",
            Column::Industry => "industry",
            Column::RegisteredAt => "registered_at",
            Column::CheckIn => "check_in",
            Column::WeChat => "wechat",
        }
    }

    pub fn from_code(code: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Column::Name => lang.pick("姓名", "Name"),
            Column::FamilyName => lang.pick("姓", "Last name"),
            Column::GivenName => lang.pick("名", "First name"),
            Column::Phone => lang.pick("手机", "Mobile"),
            Column::Email => lang.pick("邮箱", "Email"),
            Column::Company => lang.pick("公司", "Company"),
            Column::Department => lang.pick("部门", "Department"),
            Column::Title => lang.pick("职位", "Title"),
            Column::Region => lang.pick("地区", "Region"),
            Column::Industry => lang.pick("行业", "Industry"),
            Column::RegisteredAt => lang.pick("报名时间", "Registered"),
            Column::CheckIn => lang.pick("签到", "Check-in"),
            Column::WeChat => lang.pick("微信", "WeChat"),
        }
    }

    /// Header words naming the column, lower-case, without spaces or marks.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Column::Name => &[
                "姓名",
                "联系人",
                "名字",
                "客户姓名",
                "参会人",
                "参会人姓名",
                "嘉宾",
                "嘉宾姓名",
                "报名人",
                "name",
                "yourname",
                "attendeename",
                "participant",
                "participantname",
                "fullname",
                "contact",
                "contactname",
                "attendee",
            ],
            Column::FamilyName => &["姓", "姓氏", "lastname", "surname", "familyname"],
            Column::GivenName => &["名", "firstname", "givenname"],
            Column::Phone => &[
                "手机",
                "手机号",
                "手机号码",
                "联系电话",
                "电话",
                "联系方式",
                "移动电话",
                "电话号码",
                "座机",
                "座机号码",
                "固定电话",
                "办公电话",
                "办公室电话",
                "工作电话",
                "mobile",
                "phone",
                "mobilephone",
                "cellphone",
                "tel",
                "telephone",
                "phonenumber",
                "mobilenumber",
                "mobilephonenumber",
                "cellphonenumber",
                "contactnumber",
                "telephonenumber",
                "workphone",
                "businessphone",
                "officephone",
                "landline",
            ],
            Column::Email => &[
                "邮箱",
                "电子邮箱",
                "邮件",
                "电子邮件",
                "邮箱地址",
                "email",
                "e-mail",
                "mail",
                "emailaddress",
                "workemail",
                "businessemail",
            ],
            Column::Company => &[
                "公司",
                "单位",
                "公司名称",
                "单位名称",
                "企业",
                "企业名称",
                "机构",
                "机构名称",
                "工作单位",
                "所在单位",
                "所在公司",
                "company",
                "companyname",
                "organization",
                "organisation",
                "organizationname",
                "organisationname",
                "employer",
                "accountname",
            ],
            Column::Department => &["部门", "所在部门", "部门名称", "department", "dept"],
            Column::Title => &[
                "职位", "职务", "岗位", "头衔", "职称", "title", "jobtitle", "position",
            ],
            Column::Region => &[
                "城市",
                "地区",
                "省份",
                "所在城市",
                "所在地区",
                "区域",
                "省市",
                "city",
                "region",
                "province",
                "location",
            ],
            Column::Industry => &["行业", "所属行业", "行业类别", "industry", "sector"],
            Column::RegisteredAt => &[
                "报名时间",
                "报名日期",
                "注册时间",
                "提交时间",
                "填写时间",
                "创建时间",
                "registeredat",
                "registrationtime",
                "registrationdate",
                "submittedat",
                "createdat",
            ],
            Column::CheckIn => &[
                "签到",
                "是否签到",
                "签到状态",
                "签到情况",
                "到场",
                "是否到场",
                "出席",
                "checkin",
                "checkedin",
                "attended",
                "attendance",
            ],
            Column::WeChat => &["微信", "微信号", "微信id", "wechat", "wechatid", "weixin"],
        }
    }

    /// Headers that name the column only when they are the whole header: a lone 名称 column
    /// is the company's, while 活动名称 or 产品名称 are not.
    fn whole_headers(self) -> &'static [&'static str] {
        match self {
            Column::Company => &["名称", "客户名称", "客户单位"],
            _ => &[],
        }
    }
}

/// Header endings that say a column is about something else than its start: 单位地址 and
/// 公司地址 are addresses, not companies; 公司网址 is a website.
const NOT_A_FIELD: [&str; 8] = [
    "地址", "住址", "邮编", "网址", "网站", "官网", "address", "website",
];

/// A header as compared: half-width, lower case, without spaces, `*`, colons, hyphens and
/// underscores, and without a trailing note in brackets ("手机（必填）" → "手机").
fn header_key(header: &str) -> String {
    let half = to_half_width(header).to_lowercase();
    let cut = match half.find(['(', '（', '[', '【']) {
        Some(i) if i > 0 => &half[..i],
        _ => half.as_str(),
    };
    cut.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '：' | '-' | '_' | '.'))
        .collect()
}

/// The column each header names, each column at most once but phones: a second column named
/// exactly as a phone (手机 and 座机, Mobile and Phone) adds the person's other numbers. An
/// exact synonym wins over a header that merely contains one ("手机号码（必填）" is Phone;
/// "紧急联系人电话" is not Name, nor a second phone).
pub fn map_headers<S: AsRef<str>>(headers: &[S]) -> Vec<Option<Column>> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h.as_ref())).collect();
    let mut out: Vec<Option<Column>> = vec![None; keys.len()];
    let taken = |column: Column, out: &[Option<Column>]| out.contains(&Some(column));
    for (i, key) in keys.iter().enumerate() {
        if let Some(c) = Column::ALL.into_iter().find(|c| {
            c.synonyms().contains(&key.as_str()) || c.whole_headers().contains(&key.as_str())
        }) {
            if c == Column::Phone || !taken(c, &out) {
                out[i] = Some(c);
            }
        }
    }
    // Then Chinese synonyms (two characters or more) inside a longer header: at its end first,
    // where the noun is ("参会人手机" is a phone), then at its start ("手机号码").
    fn contains_synonym(c: Column, key: &str, at_end: bool) -> bool {
        c.synonyms().iter().any(|s| {
            !s.is_ascii()
                && s.chars().count() >= 2
                && if at_end {
                    key.ends_with(s)
                } else {
                    key.starts_with(s)
                }
        })
    }
    for at_end in [true, false] {
        for (i, key) in keys.iter().enumerate() {
            if out[i].is_some() || key.is_empty() || NOT_A_FIELD.iter().any(|e| key.ends_with(e)) {
                continue;
            }
            let found = Column::ALL
                .into_iter()
                .filter(|c| !taken(*c, &out))
                .find(|c| contains_synonym(*c, key, at_end));
            out[i] = found;
        }
    }
    out
}

/// For a sheet without a header: the column its values look like, when most of them (at least
/// 60% of the non-blank ones) agree. Names are recognised last, as short Han strings that are
/// nothing else.
pub fn guess_column<S: AsRef<str>>(values: &[S]) -> Option<Column> {
    let filled: Vec<&str> = values
        .iter()
        .map(|v| v.as_ref().trim())
        .filter(|v| !v.is_empty() && !means_nothing(v))
        .collect();
    if filled.is_empty() {
        return None;
    }
    let share = |test: &dyn Fn(&str) -> bool| {
        let n = filled.iter().filter(|v| test(v)).count();
        n * 10 >= filled.len() * 6
    };
    if share(&|v| parse_phones(v).is_ok()) {
        Some(Column::Phone)
    } else if share(&|v| parse_email(v).is_ok()) {
        Some(Column::Email)
    } else if share(&|v| is_check_in_word(v)) {
        Some(Column::CheckIn)
    } else if share(&looks_like_company) {
        Some(Column::Company)
    } else if share(&|v| classify_title(v).0 != Seniority::Unknown) {
        Some(Column::Title)
    } else if share(&looks_like_region) {
        Some(Column::Region)
    } else if share(&looks_like_person) {
        Some(Column::Name)
    } else {
        None
    }
}

fn looks_like_company(value: &str) -> bool {
    const ENDINGS: [&str; 16] = [
        "公司",
        "银行",
        "集团",
        "分行",
        "支行",
        "证券",
        "保险",
        "基金",
        "大学",
        "学院",
        "研究院",
        "研究所",
        "中心",
        "事务所",
        "ltd",
        "inc",
    ];
    let v = header_key(value);
    ENDINGS.iter().any(|e| v.ends_with(e))
        || v.contains("有限公司")
        || v.ends_with("co") && value.to_lowercase().contains("co.")
}

fn looks_like_region(value: &str) -> bool {
    const REGIONS: [&str; 7] = ["华东", "华北", "华南", "华中", "西南", "西北", "东北"];
    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    is_place(&v) || REGIONS.contains(&v.as_str())
}

fn looks_like_person(value: &str) -> bool {
    let chars: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    (2..=4).contains(&chars.len()) && chars.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_never_the_company_and_a_lone_name_column_is() {
        assert_eq!(
            map_headers(&["姓名", "单位地址", "手机"]),
            vec![Some(Column::Name), None, Some(Column::Phone)],
            "单位地址 is where the company is, not which"
        );
        assert_eq!(
            map_headers(&["公司地址", "公司", "公司网址"]),
            vec![None, Some(Column::Company), None]
        );
        assert_eq!(
            map_headers(&["姓名", "名称", "微信号"]),
            vec![
                Some(Column::Name),
                Some(Column::Company),
                Some(Column::WeChat)
            ],
            "a lone 名称 column names the company; 微信号 is WeChat"
        );
        assert_eq!(
            map_headers(&["姓名", "活动名称"]),
            vec![Some(Column::Name), None],
            "活动名称 is not a company"
        );
    }

    #[test]
    fn headers_in_the_words_registration_systems_use() {
        let cases: [(&[&str], &[Option<Column>]); 6] = [
            (
                &[
                    "序号",
                    "姓名",
                    "手机号",
                    "电子邮箱",
                    "单位名称",
                    "职务",
                    "是否签到",
                ],
                &[
                    None,
                    Some(Column::Name),
                    Some(Column::Phone),
                    Some(Column::Email),
                    Some(Column::Company),
                    Some(Column::Title),
                    Some(Column::CheckIn),
                ],
            ),
            (
                &[
                    "Name",
                    "Mobile Phone",
                    "E-mail",
                    "Company Name",
                    "Job Title",
                ],
                &[
                    Some(Column::Name),
                    Some(Column::Phone),
                    Some(Column::Email),
                    Some(Column::Company),
                    Some(Column::Title),
                ],
            ),
            (
                &[
                    "*姓名：",
                    "手机号码（必填）",
                    "所在单位 ",
                    "参会人手机",
                    "参会人部门",
                ],
                &[
                    Some(Column::Name),
                    Some(Column::Phone),
                    Some(Column::Company),
                    None,
                    Some(Column::Department),
                ],
            ),
            (
                &["联系人", "联系电话", "座机", "紧急联系人电话"],
                &[
                    Some(Column::Name),
                    Some(Column::Phone),
                    Some(Column::Phone),
                    None,
                ],
            ),
            (
                &[
                    "Full Name",
                    "Email Address",
                    "Phone Number",
                    "Mobile Number",
                    "Organization Name",
                ],
                &[
                    Some(Column::Name),
                    Some(Column::Email),
                    Some(Column::Phone),
                    Some(Column::Phone),
                    Some(Column::Company),
                ],
            ),
            (
                &["报名时间", "城市", "行业"],
                &[
                    Some(Column::RegisteredAt),
                    Some(Column::Region),
                    Some(Column::Industry),
                ],
            ),
        ];
        for (headers, expected) in cases {
            assert_eq!(map_headers(headers), expected.to_vec(), "{headers:?}");
        }
    }

    #[test]
    fn a_sheet_without_a_header_is_mapped_by_its_values() {
        let cases: [(&[&str], Option<Column>); 9] = [
            (
                &["13812345678", "139 8765 4321", "+86 186-0000-1111"],
                Some(Column::Phone),
            ),
            (&["a@b.com", "zhang@icbc.com.cn", ""], Some(Column::Email)),
            (&["是", "否", "是", "已签到"], Some(Column::CheckIn)),
            (
                &[
                    "中国工商银行股份有限公司",
                    "招商银行上海分行",
                    "某某科技有限公司",
                ],
                Some(Column::Company),
            ),
            (
                &["副总经理", "信息科技部总经理", "CTO"],
                Some(Column::Title),
            ),
            (&["张三", "李四", "欧阳娜娜"], Some(Column::Name)),
            (&["上海", "北京市", "广东省"], Some(Column::Region)),
            (&["8", "12", "3"], None),
            (&["", "无", "-"], None),
        ];
        for (values, expected) in cases {
            assert_eq!(guess_column(values), expected, "{values:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in Column::ALL {
            assert_eq!(Column::from_code(c.code()), Some(c), "{c:?}");
            assert!(!c.name(Lang::ZhCn).is_empty());
        }
    }
}
