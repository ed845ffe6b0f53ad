//! Personal names: the most common Chinese surnames weighted by frequency, a few compound
//! surnames, given names of one or two characters, and some Latin names.

use crate::rng::Rng;

/// The 100 most common surnames with pinyin and weight (share of the population in 0.01 %,
/// after the Ministry of Public Security's household-register rankings).
#[rustfmt::skip]
pub(crate) const SURNAMES: &[((&str, &str), u32)] = &[
    (("王", "wang"), 712), (("李", "li"), 700), (("张", "zhang"), 674), (("刘", "liu"), 510), (("陈", "chen"), 461),
    (("杨", "yang"), 322), (("黄", "huang"), 221), (("赵", "zhao"), 200), (("吴", "wu"), 200), (("周", "zhou"), 190),
    (("徐", "xu"), 170), (("孙", "sun"), 150), (("马", "ma"), 146), (("朱", "zhu"), 140), (("胡", "hu"), 133),
    (("郭", "guo"), 130), (("何", "he"), 120), (("林", "lin"), 118), (("罗", "luo"), 108), (("高", "gao"), 107),
    (("郑", "zheng"), 92), (("梁", "liang"), 90), (("谢", "xie"), 86), (("宋", "song"), 80), (("唐", "tang"), 79),
    (("许", "xu"), 75), (("韩", "han"), 72), (("邓", "deng"), 70), (("冯", "feng"), 69), (("曹", "cao"), 67),
    (("彭", "peng"), 66), (("曾", "zeng"), 64), (("肖", "xiao"), 60), (("田", "tian"), 57), (("董", "dong"), 55),
    (("潘", "pan"), 50), (("袁", "yuan"), 50), (("蔡", "cai"), 48), (("蒋", "jiang"), 48), (("余", "yu"), 48),
    (("于", "yu"), 47), (("杜", "du"), 47), (("叶", "ye"), 46), (("程", "cheng"), 45), (("魏", "wei"), 43),
    (("苏", "su"), 42), (("吕", "lv"), 41), (("丁", "ding"), 40), (("任", "ren"), 40), (("卢", "lu"), 39),
    (("姚", "yao"), 38), (("沈", "shen"), 38), (("钟", "zhong"), 37), (("姜", "jiang"), 36), (("崔", "cui"), 34),
    (("谭", "tan"), 34), (("陆", "lu"), 34), (("范", "fan"), 32), (("汪", "wang"), 32), (("廖", "liao"), 31),
    (("石", "shi"), 30), (("金", "jin"), 30), (("韦", "wei"), 29), (("贾", "jia"), 28), (("夏", "xia"), 27),
    (("付", "fu"), 27), (("方", "fang"), 26), (("邹", "zou"), 26), (("熊", "xiong"), 26), (("白", "bai"), 25),
    (("孟", "meng"), 25), (("秦", "qin"), 24), (("邱", "qiu"), 24), (("侯", "hou"), 23), (("江", "jiang"), 23),
    (("尹", "yin"), 23), (("薛", "xue"), 22), (("闫", "yan"), 21), (("段", "duan"), 21), (("雷", "lei"), 21),
    (("龙", "long"), 20), (("黎", "li"), 20), (("史", "shi"), 20), (("陶", "tao"), 19), (("贺", "he"), 19),
    (("毛", "mao"), 18), (("郝", "hao"), 18), (("顾", "gu"), 18), (("龚", "gong"), 17), (("邵", "shao"), 17),
    (("万", "wan"), 17), (("覃", "qin"), 16), (("武", "wu"), 16), (("钱", "qian"), 16), (("戴", "dai"), 15),
    (("严", "yan"), 15), (("莫", "mo"), 14), (("孔", "kong"), 14), (("向", "xiang"), 14), (("常", "chang"), 14),
];

/// Compound surnames (复姓): rare, but every large list has a few.
#[rustfmt::skip]
pub(crate) const COMPOUND_SURNAMES: &[(&str, &str)] = &[
    ("欧阳", "ouyang"), ("司马", "sima"), ("诸葛", "zhuge"), ("上官", "shangguan"),
    ("慕容", "murong"), ("东方", "dongfang"), ("皇甫", "huangfu"), ("令狐", "linghu"),
    ("尉迟", "yuchi"), ("公孙", "gongsun"), ("夏侯", "xiahou"), ("司徒", "situ"),
    ("端木", "duanmu"), ("长孙", "zhangsun"),
];

/// Characters used in given names, with pinyin.
#[rustfmt::skip]
pub(crate) const GIVEN_CHARS: &[(&str, &str)] = &[
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"),
    ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"),
    ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"),
    ("玉", "yu"), ("萍", "ping"), ("红", "hong"), ("鹏", "peng"), ("辉", "hui"), ("建", "jian"), ("文", "wen"), ("斌", "bin"),
    ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("健", "jian"), ("俊", "jun"), ("帆", "fan"), ("帅", "shuai"), ("旭", "xu"),
    ("宁", "ning"), ("龙", "long"), ("林", "lin"), ("欢", "huan"), ("阳", "yang"), ("佳", "jia"), ("晨", "chen"), ("琳", "lin"),
    ("婷", "ting"), ("雪", "xue"), ("倩", "qian"), ("颖", "ying"), ("慧", "hui"), ("莉", "li"), ("燕", "yan"), ("梅", "mei"),
    ("丹", "dan"), ("蕾", "lei"), ("薇", "wei"), ("璐", "lu"), ("瑶", "yao"), ("怡", "yi"), ("欣", "xin"), ("悦", "yue"),
    ("萌", "meng"), ("婧", "jing"), ("妍", "yan"), ("晶", "jing"), ("璇", "xuan"), ("琪", "qi"), ("雯", "wen"), ("菲", "fei"),
    ("露", "lu"), ("媛", "yuan"), ("洁", "jie"), ("晓", "xiao"), ("小", "xiao"), ("志", "zhi"), ("国", "guo"), ("海", "hai"),
    ("波", "bo"), ("东", "dong"), ("峰", "feng"), ("亮", "liang"), ("飞", "fei"), ("鑫", "xin"), ("毅", "yi"), ("成", "cheng"),
    ("博", "bo"), ("彬", "bin"), ("坤", "kun"), ("宏", "hong"), ("晖", "hui"), ("新", "xin"), ("永", "yong"), ("春", "chun"),
    ("云", "yun"), ("立", "li"), ("松", "song"), ("金", "jin"), ("福", "fu"), ("兵", "bing"), ("震", "zhen"), ("振", "zhen"),
    ("琦", "qi"), ("哲", "zhe"), ("睿", "rui"), ("轩", "xuan"), ("泽", "ze"), ("宸", "chen"), ("昊", "hao"), ("然", "ran"),
    ("子", "zi"), ("梓", "zi"), ("涵", "han"), ("诗", "shi"), ("雨", "yu"), ("思", "si"), ("嘉", "jia"), ("铭", "ming"),
    ("家", "jia"), ("天", "tian"), ("一", "yi"), ("可", "ke"), ("安", "an"), ("德", "de"), ("光", "guang"), ("荣", "rong"),
    ("胜", "sheng"), ("学", "xue"), ("庆", "qing"), ("祥", "xiang"), ("兴", "xing"), ("昌", "chang"), ("贵", "gui"), ("义", "yi"),
    ("仁", "ren"), ("信", "xin"), ("忠", "zhong"), ("诚", "cheng"), ("良", "liang"), ("美", "mei"), ("卫", "wei"), ("晴", "qing"),
    ("蓉", "rong"), ("荷", "he"), ("兰", "lan"), ("菊", "ju"), ("莲", "lian"), ("蓓", "bei"), ("蕊", "rui"), ("芸", "yun"),
    ("芬", "fen"), ("芝", "zhi"), ("青", "qing"), ("清", "qing"), ("澜", "lan"), ("源", "yuan"), ("泉", "quan"), ("淼", "miao"),
    ("沛", "pei"), ("浚", "jun"), ("滨", "bin"), ("潇", "xiao"), ("溪", "xi"), ("渊", "yuan"), ("冰", "bing"), ("雁", "yan"),
    ("鸿", "hong"), ("鹤", "he"), ("凤", "feng"), ("鸣", "ming"), ("豪", "hao"), ("彦", "yan"), ("翔", "xiang"), ("翰", "han"),
    ("瀚", "han"), ("朗", "lang"), ("骏", "jun"), ("驰", "chi"), ("腾", "teng"), ("跃", "yue"), ("锋", "feng"), ("钢", "gang"),
    ("锐", "rui"), ("钧", "jun"), ("航", "hang"), ("远", "yuan"), ("达", "da"), ("通", "tong"), ("迪", "di"), ("逸", "yi"),
    ("遥", "yao"), ("运", "yun"), ("进", "jin"), ("恒", "heng"), ("恺", "kai"), ("慈", "ci"), ("惠", "hui"), ("恩", "en"),
    ("怀", "huai"), ("晗", "han"), ("晟", "sheng"), ("昕", "xin"), ("晔", "ye"), ("暄", "xuan"), ("昱", "yu"), ("曦", "xi"),
    ("晋", "jin"), ("景", "jing"), ("晏", "yan"), ("曼", "man"), ("彤", "tong"), ("影", "ying"), ("彩", "cai"), ("珊", "shan"),
    ("珍", "zhen"), ("珠", "zhu"), ("琴", "qin"), ("瑞", "rui"), ("瑾", "jin"), ("瑜", "yu"), ("琼", "qiong"), ("玲", "ling"),
    ("珂", "ke"), ("琛", "chen"), ("瑛", "ying"), ("璟", "jing"), ("玮", "wei"), ("珺", "jun"), ("琰", "yan"), ("秋", "qiu"),
    ("冬", "dong"), ("岚", "lan"), ("峥", "zheng"), ("岩", "yan"), ("嵩", "song"), ("山", "shan"), ("川", "chuan"), ("江", "jiang"),
    ("河", "he"), ("洪", "hong"), ("润", "run"), ("泓", "hong"), ("沁", "qin"), ("漫", "man"), ("潼", "tong"), ("淑", "shu"),
    ("婉", "wan"), ("娴", "xian"), ("婕", "jie"), ("嫣", "yan"), ("姗", "shan"), ("娅", "ya"), ("妮", "ni"), ("姝", "shu"),
    ("娇", "jiao"), ("君", "jun"), ("卿", "qing"), ("勤", "qin"), ("俭", "jian"), ("勋", "xun"), ("功", "gong"), ("力", "li"),
    ("励", "li"), ("劲", "jin"), ("鼎", "ding"), ("彪", "biao"), ("麟", "lin"), ("骁", "xiao"), ("政", "zheng"), ("治", "zhi"),
    ("民", "min"), ("邦", "bang"), ("正", "zheng"), ("中", "zhong"), ("和", "he"), ("祺", "qi"), ("禄", "lu"), ("祯", "zhen"),
    ("宝", "bao"), ("富", "fu"), ("贤", "xian"), ("聪", "cong"), ("敬", "jing"), ("启", "qi"), ("捷", "jie"), ("武", "wu"),
    ("斐", "fei"), ("斯", "si"), ("方", "fang"), ("旺", "wang"), ("昭", "zhao"), ("朝", "chao"), ("月", "yue"), ("朋", "peng"),
    ("杉", "shan"), ("柏", "bai"), ("栋", "dong"), ("桐", "tong"), ("梁", "liang"), ("楠", "nan"), ("森", "sen"), ("榕", "rong"),
    ("樱", "ying"), ("歆", "xin"), ("毓", "yu"), ("汉", "han"), ("沐", "mu"), ("洲", "zhou"), ("浦", "pu"), ("淳", "chun"),
    ("添", "tian"), ("渝", "yu"), ("湘", "xiang"), ("漪", "yi"), ("澄", "cheng"), ("灿", "can"), ("炜", "wei"), ("烨", "ye"),
    ("焕", "huan"), ("煜", "yu"), ("熙", "xi"), ("爽", "shuang"), ("牧", "mu"), ("琨", "kun"), ("璞", "pu"), ("甜", "tian"),
    ("生", "sheng"), ("畅", "chang"), ("盈", "ying"), ("盛", "sheng"), ("真", "zhen"), ("石", "shi"), ("祖", "zu"), ("禾", "he"),
    ("竹", "zhu"), ("笑", "xiao"), ("筠", "yun"), ("策", "ce"), ("素", "su"), ("纯", "chun"), ("绮", "qi"), ("维", "wei"),
    ("群", "qun"), ("羽", "yu"), ("翠", "cui"), ("翼", "yi"), ("耀", "yao"), ("舒", "shu"), ("艺", "yi"), ("芮", "rui"),
    ("苗", "miao"), ("若", "ruo"), ("茜", "qian"), ("茹", "ru"), ("莎", "sha"), ("莹", "ying"), ("菁", "jing"), ("萱", "xuan"),
    ("蔚", "wei"), ("蕴", "yun"), ("虹", "hong"), ("蝶", "die"), ("言", "yan"), ("诺", "nuo"), ("谦", "qian"), ("豫", "yu"),
    ("贝", "bei"), ("贞", "zhen"), ("越", "yue"), ("路", "lu"), ("辰", "chen"), ("迎", "ying"), ("钰", "yu"), ("铮", "zheng"),
    ("锦", "jin"), ("长", "chang"), ("雄", "xiong"), ("雅", "ya"), ("霖", "lin"), ("霏", "fei"), ("韬", "tao"), ("韵", "yun"),
    ("顺", "shun"), ("颂", "song"), ("馨", "xin"), ("黛", "dai"), ("佩", "pei"), ("依", "yi"), ("俐", "li"), ("儒", "ru"),
    ("元", "yuan"), ("兆", "zhao"), ("克", "ke"), ("全", "quan"), ("凌", "ling"), ("凡", "fan"), ("利", "li"), ("剑", "jian"),
    ("卓", "zhuo"), ("含", "han"), ("喆", "zhe"), ("坚", "jian"), ("培", "pei"), ("增", "zeng"), ("士", "shi"), ("壮", "zhuang"),
    ("奇", "qi"), ("如", "ru"), ("妙", "miao"), ("姿", "zi"), ("守", "shou"), ("宜", "yi"), ("容", "rong"), ("寒", "han"),
    ("尧", "yao"), ("岳", "yue"), ("崇", "chong"), ("嵘", "rong"), ("巍", "wei"), ("希", "xi"), ("庭", "ting"), ("康", "kang"),
    ("开", "kai"), ("弘", "hong"), ("心", "xin"), ("恬", "tian"), ("悠", "you"), ("意", "yi"), ("慎", "shen"), ("懿", "yi"),
    ("承", "cheng"),
];

/// English names as Chinese professionals use them (David Chen, Lisa Wang).
#[rustfmt::skip]
pub(crate) const LATIN_GIVEN: &[&str] = &[
    "David", "Kevin", "Jason", "Eric", "Tony", "Michael", "Peter", "Frank", "Jack", "Leo",
    "Steven", "Richard", "Ryan", "Jerry", "Vincent", "Allen", "Sam", "Andy", "Simon", "Victor",
    "Lisa", "Amy", "Grace", "Linda", "Cindy", "Emily", "Helen", "Vivian", "Sharon", "Wendy",
    "Alice", "Tina", "Joyce", "Cherry", "Irene", "Jessica", "Angela", "Sophia", "Coco", "Echo",
];

/// Foreign attendees' full names (expatriate staff of multinationals).
#[rustfmt::skip]
pub(crate) const FOREIGN_NAMES: &[(&str, &str)] = &[
    ("John", "Smith"), ("Thomas", "Becker"), ("Mark", "Johnson"), ("Hiroshi", "Tanaka"),
    ("Daniel", "Kim"), ("Laura", "Martin"), ("James", "Brown"), ("Anna", "Schmidt"),
];

/// A person's name and the romanisation used to build e-mail addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    /// Surname as written (张, 欧阳, or `Chen` for a Latin name).
    pub surname: String,
    /// Given name as written (伟, 晓明, or `David`).
    pub given: String,
    /// Lower-case ASCII romanisation of the surname.
    pub surname_roman: String,
    /// Lower-case ASCII romanisation of the given name.
    pub given_roman: String,
    /// Written in Latin letters, given name first, with a space (`David Chen`).
    pub latin: bool,
}

impl Name {
    /// The name as the person types it: `张晓明`, `欧阳娜`, `David Chen`.
    pub(crate) fn display(&self) -> String {
        if self.latin {
            format!("{} {}", self.given, self.surname)
        } else {
            format!("{}{}", self.surname, self.given)
        }
    }

    /// Initials of the romanisation, surname first (`zxm` for 张晓明).
    pub(crate) fn initials(&self) -> String {
        let mut out = String::new();
        if let Some(c) = self.surname_roman.chars().next() {
            out.push(c);
        }
        for part in self.given_roman.split(' ') {
            if let Some(c) = part.chars().next() {
                out.push(c);
            }
        }
        out
    }

    /// The given name's romanisation without the syllable separator.
    pub(crate) fn given_joined(&self) -> String {
        self.given_roman.replace(' ', "")
    }
}

/// Share of Latin-script names (English name + surname, or a foreigner).
const LATIN_SHARE: f64 = 0.02;
/// Share of compound surnames.
const COMPOUND_SHARE: f64 = 0.004;
/// Share of one-character given names.
const SINGLE_GIVEN_SHARE: f64 = 0.3;

pub(crate) fn generate(rng: &mut Rng) -> Name {
    if rng.chance(LATIN_SHARE) {
        if rng.chance(0.15) {
            let (given, surname) = rng.pick(FOREIGN_NAMES);
            return Name {
                surname: surname.to_string(),
                given: given.to_string(),
                surname_roman: surname.to_ascii_lowercase(),
                given_roman: given.to_ascii_lowercase(),
                latin: true,
            };
        }
        let given = rng.pick(LATIN_GIVEN);
        let (_, roman) = rng.weighted(SURNAMES);
        return Name {
            surname: capitalise(roman),
            given: given.to_string(),
            surname_roman: roman.to_string(),
            given_roman: given.to_ascii_lowercase(),
            latin: true,
        };
    }
    let (surname, surname_roman) = if rng.chance(COMPOUND_SHARE) {
        rng.pick(COMPOUND_SURNAMES)
    } else {
        rng.weighted(SURNAMES)
    };
    let count = if rng.chance(SINGLE_GIVEN_SHARE) { 1 } else { 2 };
    let mut given = String::new();
    let mut given_roman = String::new();
    for i in 0..count {
        let (c, r) = rng.pick(GIVEN_CHARS);
        given.push_str(c);
        if i > 0 {
            given_roman.push(' ');
        }
        given_roman.push_str(r);
    }
    Name {
        surname: surname.to_string(),
        given,
        surname_roman: surname_roman.to_string(),
        given_roman,
        latin: false,
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn tables_are_clean() {
        for &((s, r), w) in SURNAMES {
            assert_eq!(s.chars().count(), 1, "surname {s} is one character");
            assert!(
                r.chars().all(|c| c.is_ascii_lowercase()),
                "pinyin of {s}: {r}"
            );
            assert!(w > 0, "weight of {s}");
        }
        assert_eq!(SURNAMES.len(), 100, "the 100 most common surnames");
        assert!(
            GIVEN_CHARS.len() >= 300,
            "a few hundred given-name characters"
        );
        for &(c, r) in GIVEN_CHARS {
            assert_eq!(c.chars().count(), 1, "given-name character {c}");
            assert!(
                r.chars().all(|c| c.is_ascii_lowercase()),
                "pinyin of {c}: {r}"
            );
        }
    }

    #[test]
    fn wang_li_zhang_lead() {
        let mut rng = Rng::for_item(3, Stream::Person, 0);
        let names: Vec<Name> = (0..20_000).map(|_| generate(&mut rng)).collect();
        let count = |s: &str| names.iter().filter(|n| n.surname == s).count();
        assert!(count("王") > count("杨"), "王 is more common than 杨");
        assert!(
            count("张") > count("常") * 10,
            "张 is far more common than 常"
        );
        let latin = names.iter().filter(|n| n.latin).count();
        assert!(
            (200..600).contains(&latin),
            "about 2% Latin names, got {latin}"
        );
        let compound = names
            .iter()
            .filter(|n| n.surname.chars().count() == 2)
            .count();
        assert!(compound > 20, "some compound surnames, got {compound}");
    }
}
