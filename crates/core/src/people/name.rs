//! People's names as attendee lists write them: full-width spaces inside Chinese names, extra
//! spaces between Latin names, and cells that hold a placeholder instead of a name.

use std::fmt;

use crate::Lang;

use super::blank::means_nothing;
use super::width::{tidy_spaces, to_half_width};

/// A cleaned name: half-width, trimmed, no spaces between Chinese characters ("张　三" → "张三"),
/// one space between Latin words ("ZHANG  San" → "ZHANG San"). Case, honorifics and notes are
/// kept as written: cleaning never changes what the name says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonName(String);

impl From<PersonName> for String {
    /// The cleaned name.
    fn from(v: PersonName) -> String {
        v.0
    }
}

impl PersonName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as (family name, given name), for forms and CRMs that want them apart.
    ///
    /// - **Chinese** (the name starts with a Chinese character): the family name is the first
    ///   character, or the first two when they are one of about 80 compound surnames (复姓:
    ///   欧阳, 司马, 诸葛, 上官…) and at least one character follows: "欧阳娜娜" → ("欧阳", "娜娜"),
    ///   "张三" → ("张", "三"), "张" → ("张", ""). A two-character name is always one plus one
    ///   ("钟离" → ("钟", "离")): a full name has a given name, so a lone compound surname is less
    ///   likely than a common surname with a one-character given name. Whatever follows the family
    ///   name is the given name, notes and honorifics included ("王先生" → ("王", "先生")).
    /// - **Chinese with a middle dot** (transliterated minority and foreign names written
    ///   given·family, "阿卜杜·热合曼", "约翰·史密斯"): split at the last dot, the part after it
    ///   being the family name.
    /// - **Latin**: "Smith, John" → ("Smith", "John"); otherwise the last word is the family name
    ///   ("John Smith" → ("Smith", "John"), "John Paul Smith" → ("Smith", "John Paul")), except
    ///   when the first word is written all in capitals and the rest is not: that is the pinyin
    ///   convention of family name first ("ZHANG San" → ("ZHANG", "San")). A name written all in
    ///   capitals ("JOHN SMITH") gives no such hint and is read given-then-family. One word is
    ///   all family name ("Madonna" → ("Madonna", "")).
    /// - **Mixed**: decided by the first character and nothing else. "张三 David" starts with a
    ///   Chinese character, so it is ("张", "三 David"); "David 张三" starts with a Latin letter,
    ///   so it is ("张三", "David").
    ///
    /// Both parts are slices of the cleaned name, so nothing is re-spelled; the given name may be
    /// empty, the family name is empty only if the name is.
    pub fn split_surname(&self) -> (&str, &str) {
        split_surname(&self.0)
    }
}

/// Compound surnames (复姓) from the 百家姓 and common usage, checked on the first two characters
/// of a Chinese name. Left out on purpose: pairs whose first character is a common surname and
/// whose second is a common first character of given names (吴铭, 梁丘), where "吴铭杰" is far
/// more often 吴 + 铭杰.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛",
    "尉迟", "公羊", "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容",
    "仲孙", "钟离", "长孙", "宇文", "司徒", "鲜于", "司空", "闾丘", "子车", "亓官", "司寇", "巫马",
    "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正", "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐",
    "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生", "公户", "公玉", "公仪", "公仲", "公上",
    "公门", "公山", "公坚", "左丘", "公伯", "西门", "公祖", "第五", "公乘", "贯丘", "公皙", "南荣",
    "东里", "东宫", "仲长", "子书", "子桑", "即墨", "达奚", "褚师", "单于",
];

/// Chinese characters (CJK unified ideographs and their extensions), not kana, hangul or
/// punctuation.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
    )
}

/// Middle dots used between the parts of transliterated names: · • ・ ‧ and the katakana dot.
fn is_name_dot(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}' | '\u{2022}' | '\u{2027}' | '\u{30FB}' | '\u{FF65}'
    )
}

/// All letters upper case, at least two of them: "ZHANG", not "J" (an initial) or "Zhang".
fn is_capitalised_word(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

fn split_surname(name: &str) -> (&str, &str) {
    let name = name.trim();
    let Some(first) = name.chars().next() else {
        return ("", "");
    };
    if is_han(first) {
        if let Some((i, dot)) = name.char_indices().rev().find(|&(_, c)| is_name_dot(c)) {
            let (given, family) = (name[..i].trim(), name[i + dot.len_utf8()..].trim());
            if !given.is_empty() && !family.is_empty() {
                return (family, given);
            }
        }
        let two: String = name.chars().take(2).collect();
        let len = if name.chars().count() >= 3 && COMPOUND_SURNAMES.contains(&two.as_str()) {
            two.len()
        } else {
            first.len_utf8()
        };
        return (&name[..len], name[len..].trim_start());
    }
    if let Some((family, given)) = name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        if !family.is_empty() {
            return (family, given);
        }
    }
    let Some((head, _)) = name.split_once(' ') else {
        return (name, "");
    };
    let rest = &name[head.len()..];
    if is_capitalised_word(head) && !is_capitalised_word(rest.trim()) {
        return (head, rest.trim_start());
    }
    match name.rsplit_once(' ') {
        Some((given, family)) => (family, given.trim_end()),
        None => (name, ""),
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a cell gave no usable name. `raw` is the cell, half-width and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    #[error("no name")]
    Empty,
    /// "测试", "test", "N/A"-like words, or the header "姓名" repeated as data.
    #[error("{raw:?} is a placeholder, not a name")]
    Placeholder { raw: String },
    /// A phone number or an email in the name column: the columns were probably mapped wrong.
    #[error("{raw:?} looks like contact details, not a name")]
    NotAName { raw: String },
    /// Longer than any name (a note, a pasted paragraph); `start` is its beginning.
    #[error("a name of {chars} characters")]
    TooLong { start: String, chars: usize },
}

/// Longer than this, a "name" is something else: Chinese names have 2–4 characters, long
/// Western ones with middle names stay under 60.
const MAX_NAME_CHARS: usize = 60;

impl NameProblem {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            NameProblem::Empty => "name_empty",
            NameProblem::Placeholder { .. } => "name_placeholder",
            NameProblem::NotAName { .. } => "name_not_a_name",
            NameProblem::TooLong { .. } => "name_too_long",
        }
    }

    /// The sentence a user reads.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NameProblem::Empty, Lang::ZhCn) => "没有填写姓名。".into(),
            (NameProblem::Empty, Lang::En) => "No name was given.".into(),
            (NameProblem::Placeholder { raw }, Lang::ZhCn) => {
                format!("“{raw}”是占位或测试数据，不是真实姓名。")
            }
            (NameProblem::Placeholder { raw }, Lang::En) => {
                format!("“{raw}” is a placeholder or test entry, not a real name.")
            }
            (NameProblem::NotAName { raw }, Lang::ZhCn) => {
                format!("“{raw}”像是电话或邮箱，不是姓名，请检查列是否对应错了。")
            }
            (NameProblem::NotAName { raw }, Lang::En) => format!(
                "“{raw}” looks like a phone number or email, not a name; check the column mapping."
            ),
            (NameProblem::TooLong { start, chars }, Lang::ZhCn) => {
                format!("姓名栏“{start}…”有 {chars} 个字，不像姓名。")
            }
            (NameProblem::TooLong { start, chars }, Lang::En) => {
                format!("The name “{start}…” has {chars} characters, too long for a name.")
            }
        }
    }
}

/// Cleans a name; see [`PersonName`] for what changes and what is kept.
pub fn parse_name(raw: &str) -> Result<PersonName, NameProblem> {
    let half = to_half_width(raw);
    let name = tidy_spaces(&half).into_owned();
    if name.is_empty() || means_nothing(&name) {
        return Err(NameProblem::Empty);
    }
    // Bytes first: a name of few bytes cannot have many characters, and counting them is a
    // pass over every name of an import.
    let chars = if name.len() > MAX_NAME_CHARS {
        name.chars().count()
    } else {
        0
    };
    if chars > MAX_NAME_CHARS {
        let start = name.chars().take(12).collect();
        return Err(NameProblem::TooLong { start, chars });
    }
    if is_placeholder(&name) {
        return Err(NameProblem::Placeholder { raw: name });
    }
    let digits = name.chars().filter(char::is_ascii_digit).count();
    if name.contains('@') || digits >= 5 {
        return Err(NameProblem::NotAName { raw: name });
    }
    Ok(PersonName(name))
}

/// Test rows and header rows: "测试", "test2", "姓名", "xxx".
fn is_placeholder(name: &str) -> bool {
    const PLACEHOLDERS: [&str; 15] = [
        "测试", "test", "tester", "demo", "xxx", "xx", "x", "某某", "某人", "匿名", "姓名", "名字",
        "name", "asdf", "aaa",
    ];
    let lower = name.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    PLACEHOLDERS.contains(&stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_not_rewritten() {
        let cases = [
            ("张三", "张三", "already clean"),
            ("张　三", "张三", "full-width space inside a Chinese name"),
            (" 张 三 ", "张三", "half-width spaces"),
            ("欧阳　娜娜", "欧阳娜娜", "compound surname"),
            (
                "ZHANG San",
                "ZHANG San",
                "Latin name keeps its case and one space",
            ),
            ("Zhang   San", "Zhang San", "runs of spaces collapse"),
            ("ＤＡＶＩＤ　Ｌｉ", "DAVID Li", "full-width Latin"),
            ("张三 David", "张三 David", "mixed name keeps the space"),
            ("王先生", "王先生", "honorific kept: it is data"),
            ("阿卜杜·热合曼", "阿卜杜·热合曼", "middle dot kept"),
            ("王伟(2)", "王伟(2)", "disambiguating note kept"),
            (
                "Test Zhang",
                "Test Zhang",
                "a placeholder word inside a real name is fine",
            ),
        ];
        for (raw, want, why) in cases {
            assert_eq!(
                parse_name(raw).map(|n| n.to_string()),
                Ok(want.to_string()),
                "{why}: {raw:?}"
            );
        }
    }

    #[test]
    fn placeholders_and_wrong_columns_are_flagged() {
        let cases = [
            ("", "name_empty", "empty"),
            ("　", "name_empty", "only a full-width space"),
            ("-", "name_empty", "dash"),
            ("无", "name_empty", "none"),
            ("N/A", "name_empty", "N/A"),
            ("测试", "name_placeholder", "test in Chinese"),
            ("测试1", "name_placeholder", "numbered test"),
            ("TEST 2", "name_placeholder", "test any case"),
            ("姓名", "name_placeholder", "the header row repeated"),
            ("xxx", "name_placeholder", "xxx"),
            ("13812345678", "name_not_a_name", "a phone number"),
            ("zhangsan@abc.com", "name_not_a_name", "an email"),
        ];
        for (raw, code, why) in cases {
            let got = parse_name(raw);
            assert_eq!(
                got.as_ref().map_err(NameProblem::code),
                Err(code),
                "{why}: {raw:?} gave {got:?}"
            );
        }
    }

    #[test]
    fn surnames_split_as_written() {
        let cases = [
            ("张三", ("张", "三"), "one-character surname"),
            ("王小明", ("王", "小明"), "two-character given name"),
            ("张", ("张", ""), "a lone surname has no given name"),
            ("欧阳娜娜", ("欧阳", "娜娜"), "compound surname"),
            (
                "司马懿",
                ("司马", "懿"),
                "compound surname, one-character given name",
            ),
            ("诸葛亮", ("诸葛", "亮"), "compound surname 诸葛"),
            ("上官婉儿", ("上官", "婉儿"), "compound surname 上官"),
            (
                "钟离",
                ("钟", "离"),
                "two characters are surname plus given name",
            ),
            (
                "吴铭杰",
                ("吴", "铭杰"),
                "吴铭 is left out of the compound list",
            ),
            (
                "王先生",
                ("王", "先生"),
                "honorific stays with the given name",
            ),
            (
                "王伟(2)",
                ("王", "伟(2)"),
                "a note stays with the given name",
            ),
            (
                "阿卜杜·热合曼",
                ("热合曼", "阿卜杜"),
                "middle dot: given·family",
            ),
            (
                "约翰·史密斯",
                ("史密斯", "约翰"),
                "transliterated Western name",
            ),
            ("张三 David", ("张", "三 David"), "mixed, starting Chinese"),
            ("David 张三", ("张三", "David"), "mixed, starting Latin"),
            ("John Smith", ("Smith", "John"), "Western order"),
            (
                "John Paul Smith",
                ("Smith", "John Paul"),
                "several given names",
            ),
            ("Smith, John", ("Smith", "John"), "comma means family first"),
            (
                "ZHANG San",
                ("ZHANG", "San"),
                "pinyin convention: capitals first",
            ),
            (
                "ZHANG San Feng",
                ("ZHANG", "San Feng"),
                "pinyin with a two-word given name",
            ),
            (
                "Zhang San",
                ("San", "Zhang"),
                "no capitals hint: read as Western order",
            ),
            (
                "JOHN SMITH",
                ("SMITH", "JOHN"),
                "all capitals gives no hint",
            ),
            (
                "J Smith",
                ("Smith", "J"),
                "an initial is not a capitalised family name",
            ),
            ("Madonna", ("Madonna", ""), "one word is all family name"),
        ];
        for (raw, want, why) in cases {
            let name = parse_name(raw).unwrap_or_else(|e| panic!("{raw:?} must parse: {e}"));
            assert_eq!(name.split_surname(), want, "{why}: {raw:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn surname_split_never_loses_the_name(raw in "[张欧阳司马王 ·,a-zA-Z]{0,12}", any in ".{0,20}") {
            for text in [&raw, &any] {
                if let Ok(name) = parse_name(text) {
                    let (family, given) = name.split_surname();
                    proptest::prop_assert!(!family.is_empty(), "{:?} gave no family name", name);
                    proptest::prop_assert!(
                        name.as_str().contains(family) && name.as_str().contains(given),
                        "{:?} split into ({:?}, {:?}) must be slices of it", name, family, given
                    );
                }
            }
        }
    }

    #[test]
    fn surname_list_holds_only_pairs() {
        for &s in COMPOUND_SURNAMES {
            assert_eq!(s.chars().count(), 2, "{s:?} must be two characters");
            assert!(s.chars().all(is_han), "{s:?} must be Chinese characters");
        }
        let mut sorted = COMPOUND_SURNAMES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            COMPOUND_SURNAMES.len(),
            "no compound surname is listed twice"
        );
    }

    #[test]
    fn every_problem_has_two_sentences() {
        let all = [
            NameProblem::Empty,
            NameProblem::Placeholder { raw: "x".into() },
            NameProblem::NotAName { raw: "x".into() },
        ];
        for p in &all {
            assert!(
                p.message(Lang::ZhCn).ends_with('。'),
                "Chinese sentence for {p:?}"
            );
            assert!(
                p.message(Lang::En).ends_with('.'),
                "English sentence for {p:?}"
            );
        }
    }
}
