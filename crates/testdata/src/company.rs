//! Where attendees work: companies (well-known B2B customers and combinatorially generated
//! ones), departments, titles, cities and industries.

use crate::rng::{Rng, Stream};

/// Cities with their province and a weight (rough share of B2B event attendance).
#[rustfmt::skip]
pub(crate) const CITIES: &[((&str, &str), u32)] = &[
    (("北京", "北京"), 140), (("上海", "上海"), 140), (("深圳", "广东"), 100), (("广州", "广东"), 80),
    (("杭州", "浙江"), 70), (("成都", "四川"), 50), (("南京", "江苏"), 50), (("武汉", "湖北"), 40),
    (("苏州", "江苏"), 40), (("西安", "陕西"), 30), (("天津", "天津"), 30), (("重庆", "重庆"), 30),
    (("长沙", "湖南"), 20), (("郑州", "河南"), 20), (("青岛", "山东"), 20), (("厦门", "福建"), 20),
    (("合肥", "安徽"), 20), (("宁波", "浙江"), 20), (("济南", "山东"), 20), (("福州", "福建"), 10),
    (("东莞", "广东"), 10), (("佛山", "广东"), 10), (("沈阳", "辽宁"), 10), (("大连", "辽宁"), 10),
    (("昆明", "云南"), 10), (("无锡", "江苏"), 10), (("珠海", "广东"), 8), (("南昌", "江西"), 8),
    (("哈尔滨", "黑龙江"), 8), (("石家庄", "河北"), 8),
];

/// An industry as the registration form's drop-down names it, with the variants other
/// forms (or free-text answers) use for the same thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Industry {
    pub name: &'static str,
    pub variants: &'static [&'static str],
    pub financial: bool,
}

const fn industry(
    name: &'static str,
    variants: &'static [&'static str],
    financial: bool,
) -> Industry {
    Industry {
        name,
        variants,
        financial,
    }
}

pub(crate) const BANK: Industry = industry("银行", &["银行业", "金融-银行", "金融"], true);
pub(crate) const INSURANCE: Industry = industry("保险", &["保险业", "金融-保险", "金融"], true);
pub(crate) const SECURITIES: Industry = industry("证券", &["证券期货", "金融-证券", "金融"], true);
pub(crate) const FUNDS: Industry = industry("基金", &["基金/资管", "金融-基金", "金融"], true);
pub(crate) const OTHER_FINANCE: Industry =
    industry("其他金融", &["非银金融", "金融-其他", "金融"], true);
pub(crate) const INTERNET: Industry = industry("互联网", &["互联网/IT", "IT互联网", "TMT"], false);
pub(crate) const SOFTWARE: Industry = industry(
    "软件和信息技术服务",
    &["IT服务", "软件", "互联网/IT"],
    false,
);
pub(crate) const MANUFACTURING: Industry =
    industry("制造业", &["制造", "工业制造", "先进制造"], false);
pub(crate) const AUTOMOTIVE: Industry =
    industry("汽车", &["汽车制造", "制造业", "新能源汽车"], false);
pub(crate) const ENERGY: Industry = industry("能源", &["能源电力", "电力", "石油化工"], false);
pub(crate) const TELECOM: Industry = industry("电信运营", &["通信", "运营商", "TMT"], false);
pub(crate) const PHARMA: Industry = industry("医药健康", &["医药", "医疗", "生物医药"], false);
pub(crate) const LOGISTICS: Industry = industry("物流", &["交通物流", "快递物流", "供应链"], false);
pub(crate) const RETAIL: Industry = industry("零售", &["零售消费", "快消", "电商零售"], false);
pub(crate) const CONSULTING: Industry = industry("咨询服务", &["专业服务", "咨询", "其他"], false);

/// A well-known company: its legal name (with `{c}` for a branch city and `{p}` for a
/// province where branches exist), its mail domain and its industry.
#[derive(Clone, Copy, Debug)]
struct Famous {
    name: &'static str,
    domain: &'static str,
    industry: Industry,
}

const fn famous(name: &'static str, domain: &'static str, industry: Industry) -> Famous {
    Famous {
        name,
        domain,
        industry,
    }
}

#[rustfmt::skip]
const FAMOUS: &[Famous] = &[
    famous("中国工商银行股份有限公司{c}市分行", "icbc.com.cn", BANK),
    famous("中国工商银行股份有限公司", "icbc.com.cn", BANK),
    famous("中国建设银行股份有限公司{c}市分行", "ccb.com", BANK),
    famous("中国银行股份有限公司{c}分行", "bankofchina.com", BANK),
    famous("中国农业银行股份有限公司{c}分行", "abchina.com", BANK),
    famous("交通银行股份有限公司{c}分行", "bankcomm.com", BANK),
    famous("招商银行股份有限公司{c}分行", "cmbchina.com", BANK),
    famous("招商银行股份有限公司", "cmbchina.com", BANK),
    famous("兴业银行股份有限公司{c}分行", "cib.com.cn", BANK),
    famous("中信银行股份有限公司{c}分行", "citicbank.com", BANK),
    famous("上海浦东发展银行股份有限公司{c}分行", "spdb.com.cn", BANK),
    famous("中国民生银行股份有限公司{c}分行", "cmbc.com.cn", BANK),
    famous("平安银行股份有限公司{c}分行", "pingan.com.cn", BANK),
    famous("中国邮政储蓄银行股份有限公司{c}分行", "psbc.com", BANK),
    famous("宁波银行股份有限公司", "nbcb.com.cn", BANK),
    famous("北京银行股份有限公司", "bankofbeijing.com.cn", BANK),
    famous("中国人寿保险股份有限公司{c}分公司", "e-chinalife.com", INSURANCE),
    famous("中国平安财产保险股份有限公司{c}分公司", "pingan.com.cn", INSURANCE),
    famous("中国平安人寿保险股份有限公司{c}分公司", "pingan.com.cn", INSURANCE),
    famous("中国太平洋人寿保险股份有限公司{c}分公司", "cpic.com.cn", INSURANCE),
    famous("泰康人寿保险有限责任公司{c}分公司", "taikanglife.com", INSURANCE),
    famous("新华人寿保险股份有限公司{c}分公司", "newchinalife.com", INSURANCE),
    famous("中国人民财产保险股份有限公司{c}市分公司", "picc.com.cn", INSURANCE),
    famous("中信证券股份有限公司", "citics.com", SECURITIES),
    famous("华泰证券股份有限公司", "htsc.com", SECURITIES),
    famous("国泰海通证券股份有限公司", "gtht.com", SECURITIES),
    famous("招商证券股份有限公司", "cmschina.com.cn", SECURITIES),
    famous("广发证券股份有限公司", "gf.com.cn", SECURITIES),
    famous("中国国际金融股份有限公司", "cicc.com.cn", SECURITIES),
    famous("华夏基金管理有限公司", "chinaamc.com", FUNDS),
    famous("易方达基金管理有限公司", "efunds.com.cn", FUNDS),
    famous("中国银联股份有限公司", "unionpay.com", OTHER_FINANCE),
    famous("平安科技（深圳）有限公司", "pingan.com.cn", INTERNET),
    famous("华为技术有限公司", "huawei.com", MANUFACTURING),
    famous("腾讯科技（深圳）有限公司", "tencent.com", INTERNET),
    famous("阿里巴巴（中国）有限公司", "alibaba-inc.com", INTERNET),
    famous("北京字节跳动科技有限公司", "bytedance.com", INTERNET),
    famous("北京百度网讯科技有限公司", "baidu.com", INTERNET),
    famous("北京京东世纪贸易有限公司", "jd.com", INTERNET),
    famous("北京三快在线科技有限公司", "meituan.com", INTERNET),
    famous("蚂蚁科技集团股份有限公司", "antgroup.com", INTERNET),
    famous("网易（杭州）网络有限公司", "corp.netease.com", INTERNET),
    famous("比亚迪股份有限公司", "byd.com", AUTOMOTIVE),
    famous("上海汽车集团股份有限公司", "saicmotor.com", AUTOMOTIVE),
    famous("美的集团股份有限公司", "midea.com", MANUFACTURING),
    famous("海尔智家股份有限公司", "haier.com", MANUFACTURING),
    famous("珠海格力电器股份有限公司", "gree.com.cn", MANUFACTURING),
    famous("宁德时代新能源科技股份有限公司", "catl.com", MANUFACTURING),
    famous("三一重工股份有限公司", "sany.com.cn", MANUFACTURING),
    famous("联想（北京）有限公司", "lenovo.com", MANUFACTURING),
    famous("小米通讯技术有限公司", "xiaomi.com", MANUFACTURING),
    famous("中兴通讯股份有限公司", "zte.com.cn", MANUFACTURING),
    famous("中国移动通信集团{p}有限公司", "chinamobile.com", TELECOM),
    famous("中国电信股份有限公司{c}分公司", "chinatelecom.cn", TELECOM),
    famous("中国联合网络通信有限公司{c}市分公司", "chinaunicom.cn", TELECOM),
    famous("中国石油化工股份有限公司{c}分公司", "sinopec.com", ENERGY),
    famous("金蝶软件（中国）有限公司", "kingdee.com", SOFTWARE),
    famous("用友网络科技股份有限公司", "yonyou.com", SOFTWARE),
    famous("浪潮电子信息产业股份有限公司", "inspur.com", SOFTWARE),
    famous("恒生电子股份有限公司", "hundsun.com", SOFTWARE),
    famous("顺丰速运有限公司", "sf-express.com", LOGISTICS),
    famous("上海医药集团股份有限公司", "sphchina.com", PHARMA),
];

/// Characters for generated brand names, with pinyin.
#[rustfmt::skip]
const BRAND_CHARS: &[(&str, &str)] = &[
    ("华", "hua"), ("信", "xin"), ("中", "zhong"), ("博", "bo"), ("瑞", "rui"), ("达", "da"),
    ("恒", "heng"), ("泰", "tai"), ("盛", "sheng"), ("联", "lian"), ("创", "chuang"), ("智", "zhi"),
    ("天", "tian"), ("海", "hai"), ("安", "an"), ("融", "rong"), ("远", "yuan"), ("航", "hang"),
    ("金", "jin"), ("鑫", "xin"), ("德", "de"), ("科", "ke"), ("源", "yuan"), ("宏", "hong"),
    ("新", "xin"), ("兴", "xing"), ("通", "tong"), ("正", "zheng"), ("腾", "teng"), ("云", "yun"),
    ("汇", "hui"), ("普", "pu"), ("睿", "rui"), ("凯", "kai"), ("伟", "wei"), ("嘉", "jia"),
    ("康", "kang"), ("明", "ming"), ("光", "guang"), ("辰", "chen"), ("耀", "yao"), ("鼎", "ding"),
    ("宇", "yu"), ("晟", "sheng"), ("合", "he"), ("众", "zhong"), ("佳", "jia"), ("锐", "rui"),
    ("捷", "jie"), ("数", "shu"), ("迅", "xun"), ("驰", "chi"), ("蓝", "lan"), ("星", "xing"),
];

/// Industry words for generated companies: the word, its short English form for domains,
/// and the industry it implies.
#[rustfmt::skip]
const INDUSTRY_WORDS: &[((&str, &str, Industry), u32)] = &[
    (("科技", "tech", SOFTWARE), 30), (("信息技术", "it", SOFTWARE), 20),
    (("网络科技", "net", INTERNET), 15), (("软件", "soft", SOFTWARE), 15),
    (("数据科技", "data", SOFTWARE), 10), (("智能科技", "ai", SOFTWARE), 10),
    (("云计算", "cloud", INTERNET), 5), (("电子", "elec", MANUFACTURING), 12),
    (("精密制造", "pm", MANUFACTURING), 8), (("机械", "mach", MANUFACTURING), 8),
    (("新材料", "nm", MANUFACTURING), 6), (("电气", "electric", MANUFACTURING), 6),
    (("智能装备", "ie", MANUFACTURING), 6), (("汽车零部件", "auto", AUTOMOTIVE), 6),
    (("新能源", "energy", ENERGY), 6), (("医药", "pharma", PHARMA), 8),
    (("生物科技", "bio", PHARMA), 6), (("医疗器械", "med", PHARMA), 4),
    (("物流", "logistics", LOGISTICS), 6), (("供应链管理", "scm", LOGISTICS), 4),
    (("商贸", "trade", RETAIL), 5), (("咨询", "consulting", CONSULTING), 5),
];

/// Financial institutions generated from a brand: (legal name after the brand, industry).
#[rustfmt::skip]
const FINANCE_FORMS: &[((&str, Industry), u32)] = &[
    (("证券股份有限公司", SECURITIES), 4), (("基金管理有限公司", FUNDS), 4),
    (("人寿保险股份有限公司", INSURANCE), 3), (("财产保险股份有限公司", INSURANCE), 2),
    (("消费金融有限公司", OTHER_FINANCE), 2), (("融资租赁有限公司", OTHER_FINANCE), 2),
    (("信托有限责任公司", OTHER_FINANCE), 1), (("期货有限公司", SECURITIES), 1),
];

/// A company as its staff write it on a registration form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Company {
    /// Full legal name, with full-width brackets where the name has any.
    pub name: String,
    /// Mail domain of its staff.
    pub domain: String,
    pub industry: Industry,
    /// The city the office is in (a branch's city, or the head office's).
    pub city: &'static str,
}

/// Number of companies a list draws from; the draw is Zipf-like, so a few companies send
/// many attendees and most send one or two.
const COMPANY_POOL: f64 = 200_000.0;
/// Offset of the Zipf-like draw: the largest company sends about 1.7 % of attendees.
const COMPANY_OFFSET: f64 = 5.0;

/// The id of the company a newly generated person works for.
pub(crate) fn draw_company_id(rng: &mut Rng) -> u64 {
    let span = ((COMPANY_POOL + COMPANY_OFFSET) / COMPANY_OFFSET).ln();
    let k = (rng.unit() * span).exp() * COMPANY_OFFSET - COMPANY_OFFSET;
    k.max(0.0) as u64
}

/// Company `id` of the list generated from `seed` (a pure function of both).
pub(crate) fn company(seed: u64, id: u64) -> Company {
    let mut rng = Rng::for_item(seed, Stream::Company, id);
    let (city, province) = rng.weighted(CITIES);
    let roll = rng.unit();
    if roll < 0.35 {
        let f = rng.pick(FAMOUS);
        return Company {
            name: f.name.replace("{c}", city).replace("{p}", province),
            domain: f.domain.to_string(),
            industry: f.industry,
            city,
        };
    }
    let (brand, brand_roman, brand_initials) = brand(&mut rng);
    if roll < 0.40 {
        // City and rural commercial banks.
        let (name, domain) = if rng.chance(0.5) {
            (
                format!("{city}银行股份有限公司"),
                format!("{}bank.com.cn", initials_of_city(city)),
            )
        } else {
            (
                format!("{city}农村商业银行股份有限公司"),
                format!("{}rcb.com", initials_of_city(city)),
            )
        };
        return Company {
            name,
            domain,
            industry: BANK,
            city,
        };
    }
    if roll < 0.52 {
        let (form, industry) = rng.weighted(FINANCE_FORMS);
        let domain = format!("{brand_roman}{}.com", domain_word_for(industry));
        return Company {
            name: format!("{brand}{form}"),
            domain,
            industry,
            city,
        };
    }
    let (word, word_en, industry) = rng.weighted(INDUSTRY_WORDS);
    let domain = match rng.below(3) {
        0 => format!("{brand_roman}{word_en}.com"),
        1 => format!("{brand_initials}{}.com.cn", initials_of_word(word)),
        _ => format!("{brand_roman}.com.cn"),
    };
    let name = match rng.below(10) {
        0..=3 => format!("{city}市{brand}{word}有限公司"),
        4..=5 => format!("{brand}{word}（{city}）有限公司"),
        6 => format!("{city}{brand}{word}股份有限公司"),
        7 => {
            let (branch_city, _) = rng.weighted(CITIES);
            let hq = format!("{brand}{word}集团有限公司");
            if branch_city == city {
                hq
            } else {
                return Company {
                    name: format!("{hq}{branch_city}分公司"),
                    domain,
                    industry,
                    city: branch_city,
                };
            }
        }
        _ => format!("{brand}{word}股份有限公司"),
    };
    Company {
        name,
        domain,
        industry,
        city,
    }
}

/// A two-character brand: (characters, pinyin, pinyin initials).
fn brand(rng: &mut Rng) -> (String, String, String) {
    let (a, ar) = rng.pick(BRAND_CHARS);
    let (mut b, mut br) = rng.pick(BRAND_CHARS);
    if b == a {
        (b, br) = BRAND_CHARS[(rng.index(BRAND_CHARS.len() - 1) + 1) % BRAND_CHARS.len()];
        if b == a {
            (b, br) = ("达", "da");
        }
    }
    let initials: String = [ar, br].iter().filter_map(|s| s.chars().next()).collect();
    (format!("{a}{b}"), format!("{ar}{br}"), initials)
}

fn domain_word_for(industry: Industry) -> &'static str {
    match industry.name {
        "证券" => "sec",
        "基金" => "fund",
        "保险" => "life",
        _ => "fin",
    }
}

/// Pinyin initials of an industry word, as Chinese domains abbreviate it (科技 → kj).
fn initials_of_word(word: &str) -> &'static str {
    match word {
        "科技" => "kj",
        "信息技术" => "xxjs",
        "网络科技" => "wlkj",
        "软件" => "rj",
        "数据科技" => "sjkj",
        "智能科技" => "znkj",
        "云计算" => "yjs",
        "电子" => "dz",
        "精密制造" => "jmzz",
        "机械" => "jx",
        "新材料" => "xcl",
        "电气" => "dq",
        "智能装备" => "znzb",
        "汽车零部件" => "qclbj",
        "新能源" => "xny",
        "医药" => "yy",
        "生物科技" => "swkj",
        "医疗器械" => "ylqx",
        "物流" => "wl",
        "供应链管理" => "gyl",
        "商贸" => "sm",
        _ => "zx",
    }
}

fn initials_of_city(city: &str) -> &'static str {
    match city {
        "北京" => "bj",
        "上海" => "sh",
        "深圳" => "sz",
        "广州" => "gz",
        "杭州" => "hz",
        "成都" => "cd",
        "南京" => "nj",
        "武汉" => "wh",
        "苏州" => "szs",
        "西安" => "xa",
        "天津" => "tj",
        "重庆" => "cq",
        "长沙" => "cs",
        "郑州" => "zz",
        "青岛" => "qd",
        "厦门" => "xm",
        "合肥" => "hf",
        "宁波" => "nb",
        "济南" => "jn",
        "福州" => "fz",
        "东莞" => "dg",
        "佛山" => "fs",
        "沈阳" => "sy",
        "大连" => "dl",
        "昆明" => "km",
        "无锡" => "wx",
        "珠海" => "zh",
        "南昌" => "nc",
        "哈尔滨" => "hrb",
        _ => "sjz",
    }
}

/// Departments with weights; financial institutions add their own.
#[rustfmt::skip]
const DEPARTMENTS: &[(&str, u32)] = &[
    ("信息科技部", 140), ("信息技术部", 60), ("IT部", 40), ("数字化转型办公室", 40),
    ("数据管理部", 40), ("风险管理部", 60), ("合规部", 40), ("法律合规部", 20), ("采购部", 60),
    ("财务部", 60), ("市场部", 80), ("品牌部", 20), ("运营部", 60), ("人力资源部", 40),
    ("办公室", 30), ("总经理办公室", 20), ("战略发展部", 30), ("研发中心", 50), ("产品部", 40),
    ("销售部", 50), ("客户服务部", 20), ("审计部", 20), ("信息安全部", 20),
];

#[rustfmt::skip]
const FINANCIAL_DEPARTMENTS: &[(&str, u32)] = &[
    ("金融科技部", 100), ("个人金融部", 30), ("公司金融部", 30), ("运营管理部", 30),
    ("零售银行部", 20), ("资产管理部", 20), ("内控合规部", 20), ("渠道管理部", 20),
];

pub(crate) fn department(rng: &mut Rng, industry: Industry) -> &'static str {
    if industry.financial && rng.chance(0.3) {
        rng.weighted(FINANCIAL_DEPARTMENTS)
    } else {
        rng.weighted(DEPARTMENTS)
    }
}

/// Titles in the proportions a B2B conference audience has (per mille).
#[rustfmt::skip]
pub(crate) const TITLES: &[(&str, u32)] = &[
    ("董事长", 5), ("总裁", 5), ("总经理", 30), ("副总经理", 30), ("副总裁", 20), ("CIO", 15),
    ("CTO", 10), ("CFO", 4), ("首席数字官", 4), ("首席信息官", 5), ("总监", 90), ("副总监", 30),
    ("技术总监", 25), ("部门经理", 60), ("经理", 70), ("高级经理", 70), ("总经理助理", 10),
    ("副经理", 25), ("主管", 60), ("项目经理", 50), ("产品经理", 45), ("架构师", 35),
    ("高级工程师", 45), ("工程师", 60), ("专员", 80), ("分析师", 25), ("顾问", 20),
    ("研究员", 10), ("助理", 15), ("部门负责人", 15), ("处长", 5), ("科长", 5),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn companies_look_like_companies() {
        for id in 0..2_000 {
            let c = company(11, id);
            assert!(
                c.name.contains("公司") || c.name.contains("分行"),
                "company {id} has a legal form: {}",
                c.name
            );
            assert!(
                !c.name.contains('{'),
                "company {id} template filled: {}",
                c.name
            );
            assert!(
                c.domain.contains('.') && c.domain.is_ascii(),
                "company {id} domain {}",
                c.domain
            );
        }
    }

    #[test]
    fn company_draw_is_skewed() {
        let mut rng = Rng::for_item(5, Stream::Person, 0);
        let mut counts: HashMap<u64, u32> = HashMap::new();
        for _ in 0..100_000 {
            *counts.entry(draw_company_id(&mut rng)).or_default() += 1;
        }
        let top = counts.values().copied().max().unwrap_or(0);
        assert!(
            (800..3_000).contains(&top),
            "largest company sends ~1.7%, got {top}"
        );
        assert!(
            counts.len() > 20_000,
            "a long tail of companies, got {}",
            counts.len()
        );
    }
}
