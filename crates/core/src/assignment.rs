//! Who follows a lead up (seed 002: who follows which region's leads). Rules are tried in order;
//! the first that matches the lead names its owner. No rule matching, the sales take turns.

use serde::{Deserialize, Serialize};

use crate::people::tidy_region;
use crate::{CoreError, Lang, Noun, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// A city or a province: 广东 takes leads in 深圳 and 广州 as well as those written 广东.
    Region,
    /// The lead's industry, matched as the scorecard does (银行 takes 股份制银行).
    Industry,
}

impl Field {
    pub const ALL: [Field; 2] = [Field::Region, Field::Industry];

    pub fn code(self) -> &'static str {
        match self {
            Field::Region => "region",
            Field::Industry => "industry",
        }
    }

    pub fn from_code(code: &str) -> Result<Field> {
        Self::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::FitRule,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Field::Region => lang.pick("区域", "Region"),
            Field::Industry => lang.pick("行业", "Industry"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub field: Field,
    pub value: String,
    pub member_id: i64,
}

/// What a rule is matched against.
#[derive(Debug, Clone, Copy)]
pub struct LeadPlace<'a> {
    /// The lead's city or province as stored (tidied: 上海, 深圳).
    pub region: &'a str,
    pub industry: &'a str,
}

/// Why a lead went to its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Assigned {
    /// The rule at this index of the list matched.
    Rule { index: usize, member_id: i64 },
    /// No rule matched: the next in turn.
    Turn { member_id: i64 },
}

impl Assigned {
    pub fn member_id(&self) -> i64 {
        match *self {
            Assigned::Rule { member_id, .. } | Assigned::Turn { member_id } => member_id,
        }
    }
}

impl Rule {
    pub fn matches(&self, lead: LeadPlace<'_>) -> bool {
        match self.field {
            Field::Region => region_matches(self.value.trim(), lead.region),
            Field::Industry => {
                let want = self.value.trim().to_lowercase();
                let have = lead.industry.trim().to_lowercase();
                !want.is_empty()
                    && !have.is_empty()
                    && (have.contains(&want) || want.contains(&have))
            }
        }
    }
}

/// The owner of `lead`: the first matching rule's member, else `turn_order[*turn]`, advancing
/// the turn. None when no rule matches and nobody takes turns.
pub fn assign(
    rules: &[Rule],
    lead: LeadPlace<'_>,
    turn_order: &[i64],
    turn: &mut usize,
) -> Option<Assigned> {
    if let Some((index, rule)) = rules.iter().enumerate().find(|(_, r)| r.matches(lead)) {
        return Some(Assigned::Rule {
            index,
            member_id: rule.member_id,
        });
    }
    if turn_order.is_empty() {
        return None;
    }
    let member_id = turn_order[*turn % turn_order.len()];
    *turn = (*turn + 1) % turn_order.len();
    Some(Assigned::Turn { member_id })
}

/// Whether a lead's place is the rule's: the same city or province, or a city of the province.
fn region_matches(rule: &str, lead: &str) -> bool {
    let rule = tidy_region(rule);
    let lead = tidy_region(lead);
    if rule.is_empty() || lead.is_empty() {
        return false;
    }
    if rule == lead {
        return true;
    }
    province_of(lead) == Some(rule)
}

/// The province of a city, for the cities B2B leads mostly come from (capitals and the larger
/// prefecture cities). A city not listed matches rules naming it, not its province. A `match`
/// rather than a table: the scorecard asks it for every lead of a million when a region rule is
/// on.
pub fn province_of(city: &str) -> Option<&'static str> {
    Some(match city {
        "广州" | "深圳" | "珠海" | "佛山" | "东莞" | "中山" | "惠州" | "汕头" | "江门" | "湛江"
        | "肇庆" => "广东",
        "南京" | "苏州" | "无锡" | "常州" | "南通" | "扬州" | "徐州" | "镇江" | "泰州" | "盐城"
        | "昆山" => "江苏",
        "杭州" | "宁波" | "温州" | "绍兴" | "嘉兴" | "金华" | "台州" | "湖州" | "义乌" => {
            "浙江"
        }
        "济南" | "青岛" | "烟台" | "潍坊" | "临沂" | "淄博" | "威海" | "济宁" => {
            "山东"
        }
        "福州" | "厦门" | "泉州" | "漳州" | "莆田" => "福建",
        "成都" | "绵阳" | "宜宾" | "德阳" | "南充" => "四川",
        "武汉" | "宜昌" | "襄阳" => "湖北",
        "长沙" | "株洲" | "湘潭" | "岳阳" | "衡阳" => "湖南",
        "郑州" | "洛阳" | "开封" | "新乡" | "南阳" => "河南",
        "石家庄" | "唐山" | "保定" | "廊坊" | "邯郸" => "河北",
        "合肥" | "芜湖" | "蚌埠" | "马鞍山" => "安徽",
        "南昌" | "赣州" | "九江" => "江西",
        "沈阳" | "大连" | "鞍山" => "辽宁",
        "长春" | "吉林" => "吉林",
        "哈尔滨" | "大庆" | "齐齐哈尔" => "黑龙江",
        "西安" | "咸阳" | "宝鸡" => "陕西",
        "太原" | "大同" => "山西",
        "昆明" | "曲靖" => "云南",
        "贵阳" | "遵义" => "贵州",
        "南宁" | "桂林" | "柳州" => "广西",
        "海口" | "三亚" => "海南",
        "兰州" => "甘肃",
        "西宁" => "青海",
        "银川" => "宁夏",
        "乌鲁木齐" => "新疆",
        "拉萨" => "西藏",
        "呼和浩特" | "包头" | "鄂尔多斯" => "内蒙古",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(field: Field, value: &str, member_id: i64) -> Rule {
        Rule {
            field,
            value: value.into(),
            member_id,
        }
    }

    fn at(region: &'static str, industry: &'static str) -> LeadPlace<'static> {
        LeadPlace { region, industry }
    }

    #[test]
    fn the_first_matching_rule_wins_and_a_province_takes_its_cities() {
        let rules = [
            rule(Field::Industry, "证券", 1),
            rule(Field::Region, "广东省", 2),
            rule(Field::Region, "上海", 3),
        ];
        let mut turn = 0;
        let got = assign(&rules, at("深圳", "银行"), &[7], &mut turn).expect("owner");
        assert_eq!(
            got,
            Assigned::Rule {
                index: 1,
                member_id: 2
            }
        );
        let got = assign(&rules, at("上海市", "证券公司"), &[7], &mut turn).expect("owner");
        assert_eq!(
            got,
            Assigned::Rule {
                index: 0,
                member_id: 1
            },
            "order decides"
        );
        assert_eq!(turn, 0, "a rule match does not use a turn");
    }

    #[test]
    fn nobody_matching_the_sales_take_turns() {
        let rules = [rule(Field::Region, "北京", 1)];
        let mut turn = 0;
        let owners: Vec<i64> = (0..5)
            .filter_map(|_| assign(&rules, at("成都", ""), &[4, 5], &mut turn))
            .map(|a| a.member_id())
            .collect();
        assert_eq!(owners, vec![4, 5, 4, 5, 4]);
        assert_eq!(assign(&rules, at("成都", ""), &[], &mut turn), None);
    }

    #[test]
    fn blanks_match_nothing() {
        assert!(!rule(Field::Industry, "银行", 1).matches(at("北京", "")));
        assert!(!rule(Field::Region, "广东", 1).matches(at("", "银行")));
        assert!(!rule(Field::Region, "广东", 1).matches(at("上海", "银行")));
    }
}
