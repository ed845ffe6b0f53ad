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

impl PersonName {
    pub fn as_str(&self) -> &str {
        &self.0
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
}

impl NameProblem {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            NameProblem::Empty => "name_empty",
            NameProblem::Placeholder { .. } => "name_placeholder",
            NameProblem::NotAName { .. } => "name_not_a_name",
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
        }
    }
}

/// Cleans a name; see [`PersonName`] for what changes and what is kept.
pub fn parse_name(raw: &str) -> Result<PersonName, NameProblem> {
    let name = tidy_spaces(&to_half_width(raw));
    if name.is_empty() || means_nothing(&name) {
        return Err(NameProblem::Empty);
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
