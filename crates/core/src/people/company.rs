//! Company names: a key for matching the same company written different ways, and a tidy form
//! for display.
//!
//! What the key treats as the same company, and what it keeps apart:
//! - Width, case, whitespace and punctuation do not matter: 全角/半角, （）/(), "·", "Co.,Ltd".
//! - Legal forms do not matter, wherever they stand: 股份有限公司, 有限责任公司, 有限公司,
//!   股份公司, a trailing 公司, （特殊普通合伙）; Co., Ltd., Limited, Inc., Corp., LLC, PLC, GmbH.
//!   "中国工商银行股份有限公司" and "中国工商银行" share a key.
//! - A place in brackets does not matter: "招商银行（深圳）有限公司", "西门子（中国）有限公司",
//!   "ABC (China) Co., Ltd." lose "(深圳)", "(中国)", "(China)". Such a bracket names where
//!   the entity is registered, and sign-up forms routinely leave it out. Other bracketed words
//!   stay, without their brackets: "中国平安保险（集团）" → "中国平安保险集团".
//! - 集团 (group) stays: "海尔集团" and "海尔" are often different legal entities and buyers.
//! - Branches stay: "招商银行上海分行" ≠ "招商银行", "中国电信北京分公司" ≠ "中国电信": a branch
//!   has its own budget and its own buying centre. The legal form inside a branch name still
//!   goes, and so does the 市/省 before 分行 or 分公司 that legal branch names carry:
//!   "中国银行股份有限公司北京市分行" = "中国银行北京分行".
//! - Aliases are not resolved: "工商银行", "工行" and "ICBC" are three keys.

use super::memo::Memo;
use super::width::{is_wide, tidy_spaces, to_half_width};
use std::borrow::Cow;

/// The matching key: lower-case, half-width, letters and digits only, legal form and bracketed
/// place removed (see the module documentation). An empty name gives an empty key, which must
/// not be used to match anything.
pub fn company_key(name: &str) -> String {
    thread_local! {
        static KEYS: Memo<String> = Memo::new();
    }
    KEYS.with(|m| m.get_or(&[name], || key_of(name)))
}

fn key_of(name: &str) -> String {
    let half = to_half_width(name);
    let text = tidy_spaces(&half).to_lowercase();
    let text = without_bracketed_places(&text);
    let text = without_chinese_legal_form(&text);
    let mut words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| LATIN_LEGAL_FORMS.contains(w)) {
        words.pop();
    }
    words.concat()
}

/// The name for display: half-width letters and digits, trimmed, spaces tidied, and brackets
/// made consistent — full-width （） when the name has Chinese in it, ASCII () when it is all
/// Latin ("ABC (China) Co., Ltd."). The legal form is kept: this is the name as registered.
pub fn display_company(name: &str) -> String {
    let text = to_half_width(name);
    let text = if text.chars().any(is_wide) && text.contains(['(', ')']) {
        Cow::Owned(text.replace('(', "（").replace(')', "）"))
    } else {
        text
    };
    tidy_spaces(&text).into_owned()
}

const LATIN_LEGAL_FORMS: [&str; 11] = [
    "co",
    "company",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "llc",
    "plc",
    "gmbh",
];

/// Longest first, so 股份有限公司 goes whole rather than leaving 股份.
const CHINESE_LEGAL_FORMS: [&str; 8] = [
    "股份有限公司",
    "有限责任公司",
    "责任有限公司",
    "有限公司",
    "股份公司",
    "特殊普通合伙",
    "普通合伙",
    "有限合伙",
];

fn without_chinese_legal_form(text: &str) -> String {
    let mut out = text.to_string();
    for form in CHINESE_LEGAL_FORMS {
        out = out.replace(form, "");
    }
    // Legal branch names say 北京市分行 / 广东省分行; people write 北京分行 / 广东分行.
    for (long, short) in [
        ("市分行", "分行"),
        ("省分行", "分行"),
        ("市分公司", "分公司"),
        ("省分公司", "分公司"),
    ] {
        out = out.replace(long, short);
    }
    let trimmed = out.trim_end();
    if trimmed.ends_with("公司") && !trimmed.ends_with("分公司") {
        out.truncate(trimmed.len() - "公司".len());
    }
    out
}

/// Removes "(中国)", "（深圳）", "(china)", "【上海市】"; keeps the words of other brackets.
fn without_bracketed_places(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[', '【', '〔']) {
        let after_open = &rest[open..];
        let open_len = after_open.chars().next().map_or(1, char::len_utf8);
        let Some(close) = after_open.find([')', ']', '】', '〕']) else {
            break;
        };
        out.push_str(&rest[..open]);
        let inside = &after_open[open_len..close];
        if !is_place(inside.trim()) {
            out.push(' ');
            out.push_str(inside);
            out.push(' ');
        }
        let close_len = after_open[close..].chars().next().map_or(1, char::len_utf8);
        rest = &after_open[close + close_len..];
    }
    out.push_str(rest);
    out
}

/// Provinces, large cities and regions that appear in brackets in company names.
const PLACES: [&str; 70] = [
    "中国",
    "中国大陆",
    "大中华",
    "亚太",
    "亚洲",
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "深圳",
    "广州",
    "杭州",
    "南京",
    "苏州",
    "成都",
    "武汉",
    "西安",
    "厦门",
    "青岛",
    "大连",
    "宁波",
    "无锡",
    "沈阳",
    "长沙",
    "郑州",
    "济南",
    "合肥",
    "福州",
    "珠海",
    "东莞",
    "佛山",
    "china",
    "prc",
    "asia",
    "asia pacific",
    "greater china",
    "beijing",
    "shanghai",
    "shenzhen",
    "hong kong",
];

/// A province, city or region name (also what region columns of attendee sheets hold).
pub(crate) fn is_place(inside: &str) -> bool {
    if PLACES.contains(&inside) {
        return true;
    }
    // "上海市", "广东省", "浦东新区", "新疆维吾尔自治区": a short name ending in an
    // administrative unit.
    let chars = inside.chars().count();
    (2..=9).contains(&chars)
        && inside.chars().all(is_wide)
        && ["省", "市", "区", "县", "自治区", "特别行政区"]
            .iter()
            .any(|unit| inside.ends_with(unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_name_keeps_the_key() {
        // The store keys a lead by the name it displays, an import by the cell it read.
        for raw in [
            "中国工商银行股份有限公司",
            "招商银行(深圳)有限公司",
            "ＡＢＣ　Ｃｏ．，Ｌｔｄ．",
            "ABC (China) Co., Ltd.",
            "  平安 科技 （深圳）  有限公司 ",
            "中国平安保险（集团）股份有限公司",
            "Tencent Holdings Ltd",
        ] {
            assert_eq!(
                company_key(&display_company(raw)),
                company_key(raw),
                "{raw}"
            );
        }
    }

    #[test]
    fn same_company_same_key() {
        let cases = [
            (
                "中国工商银行股份有限公司",
                "中国工商银行",
                "股份有限公司 goes",
            ),
            (
                "招商银行（深圳）有限公司",
                "招商银行",
                "bracketed place and legal form go",
            ),
            ("ABC Co., Ltd.", "abc", "Latin legal form and case"),
            ("ＡＢＣ　Ｃｏ．，Ｌｔｄ．", "abc", "full-width Latin"),
            ("ABC (China) Co., Ltd.", "abc", "(China) goes"),
            ("西门子（中国）有限公司", "西门子", "（中国）goes"),
            ("华为技术有限公司", "华为技术", "有限公司 goes"),
            (
                "中国移动通信集团公司",
                "中国移动通信集团",
                "trailing 公司 goes, 集团 stays",
            ),
            (
                "中国平安保险（集团）股份有限公司",
                "中国平安保险集团",
                "bracketed 集团 stays",
            ),
            (
                "阿里巴巴 (中国) 网络技术有限公司",
                "阿里巴巴网络技术",
                "spaces and place go",
            ),
            ("腾讯科技(深圳)有限公司", "腾讯科技", "half-width brackets"),
            ("某某科技（上海市）有限公司", "某某科技", "place with 市"),
            ("Apple Inc.", "apple", "Inc."),
            ("Acme Corporation", "acme", "Corporation"),
            (
                "Company",
                "company",
                "a name that is only a legal word is kept",
            ),
            (
                "中国电信股份有限公司北京分公司",
                "中国电信北京分公司",
                "legal form inside a branch",
            ),
            (
                "普华永道中天会计师事务所（特殊普通合伙）",
                "普华永道中天会计师事务所",
                "partnership form in brackets",
            ),
            ("艾·美科技有限公司", "艾美科技", "middle dot"),
            ("  ", "", "empty name, empty key"),
        ];
        for (name, key, why) in cases {
            assert_eq!(company_key(name), key, "{why}: {name:?}");
        }
    }

    #[test]
    fn pairs_that_must_and_must_not_match() {
        let same = [
            (
                "中国工商银行股份有限公司",
                "中国工商银行",
                "ICBC with and without legal form",
            ),
            ("ABC Co., Ltd.", "abc", "ABC"),
            (
                "招商银行（深圳）有限公司",
                "招商银行",
                "registered place is not a branch",
            ),
            (
                "中国平安保险(集团)股份有限公司",
                "中国平安保险集团",
                "bracket or not",
            ),
            (
                "中国银行股份有限公司北京市分行",
                "中国银行北京分行",
                "legal branch name and the usual one",
            ),
            ("广东省分公司", "广东分公司", "省 before 分公司"),
        ];
        for (a, b, why) in same {
            assert_eq!(company_key(a), company_key(b), "should match: {why}");
        }
        let different = [
            ("招商银行上海分行", "招商银行", "a branch is its own buyer"),
            ("中国电信北京分公司", "中国电信", "分公司 is kept"),
            ("招商银行上海分行", "招商银行北京分行", "different branches"),
            ("海尔集团", "海尔", "集团 is kept"),
            ("工商银行", "中国工商银行", "aliases are not resolved"),
        ];
        for (a, b, why) in different {
            assert_ne!(company_key(a), company_key(b), "should not match: {why}");
        }
    }

    #[test]
    fn display_keeps_the_registered_name_tidy() {
        let cases = [
            (
                "招商银行(深圳)有限公司",
                "招商银行（深圳）有限公司",
                "Chinese name gets full-width brackets",
            ),
            (
                " 招商银行 （深圳） 有限公司 ",
                "招商银行（深圳）有限公司",
                "spaces around brackets go",
            ),
            (
                "ABC （China）  Co., Ltd.",
                "ABC (China) Co., Ltd.",
                "Latin name gets ASCII brackets",
            ),
            (
                "ＡＢＣ科技有限公司",
                "ABC科技有限公司",
                "full-width Latin folds",
            ),
            (
                "中国工商银行股份有限公司",
                "中国工商银行股份有限公司",
                "legal form kept",
            ),
        ];
        for (name, want, why) in cases {
            assert_eq!(display_company(name), want, "{why}: {name:?}");
        }
    }
}
