//! What a 签到 cell says: came, did not come, left blank, or nothing we can read.

use super::blank::means_nothing;
use super::width::to_half_width;

/// A row's 签到 cell. Only [`CheckInMark::Came`] says the person was there: a check-in sheet
/// printed from the registration list and ticked at the door leaves the absent blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckInMark {
    /// ✓, √, 是, 1, 已签到, a check-in time…
    Came,
    /// 否, 0, ×, 未签到, 缺席…
    Absent,
    /// The list has a 签到 column and this row's cell is empty.
    Blank,
    /// A value that is neither (待定, a note): not counted as present, and flagged.
    Unclear,
}

impl CheckInMark {
    /// The mark a cell carries. "-", "/" or 无 are blank, like an empty cell (the ticks ✓ and ×,
    /// also not letters, are read as words first).
    pub fn read(value: &str) -> CheckInMark {
        match check_in(value) {
            Some(true) => CheckInMark::Came,
            Some(false) => CheckInMark::Absent,
            None if means_nothing(value) => CheckInMark::Blank,
            None => CheckInMark::Unclear,
        }
    }
}

/// "Came", as check-in sheets write it (compared trimmed, half-width, lower-case).
const CAME: [&str; 22] = [
    "是",
    "已签到",
    "签到",
    "已签",
    "到场",
    "已到场",
    "已到",
    "到会",
    "已到会",
    "出席",
    "已出席",
    "参会",
    "已参会",
    "已参加",
    "√",
    "✓",
    "✔",
    "☑",
    "yes",
    "y",
    "true",
    "1",
];

/// "Did not come".
const ABSENT: [&str; 16] = [
    "否",
    "未签到",
    "未签",
    "未到场",
    "未到",
    "未到会",
    "缺席",
    "未出席",
    "未参会",
    "未参加",
    "×",
    "✗",
    "✘",
    "x",
    "no",
    "n",
];

fn key(value: &str) -> String {
    to_half_width(value.trim()).to_lowercase()
}

/// Yes/no from a 签到 cell: 是, 已签到, √, yes, 1, a check-in time… are yes; 否, 未签到, 缺席,
/// ×, no, 0 are no; anything else is unknown.
pub(crate) fn check_in(value: &str) -> Option<bool> {
    let v = key(value);
    if ABSENT.contains(&v.as_str()) || v == "false" || v == "0" {
        Some(false)
    } else if CAME.contains(&v.as_str()) {
        Some(true)
    } else if v.chars().next().is_some_and(|c| c.is_ascii_digit()) && v.contains(':') {
        // A check-in time ("09:12", "2024-03-05 09:12") means the person came.
        Some(true)
    } else {
        None
    }
}

/// Whether a value is one of the words check-in sheets use for "came" or "did not come"
/// (what tells a 签到 column from others when its header says nothing). Digits and times are
/// left out: every column of numbers would look like one.
pub fn is_check_in_word(value: &str) -> bool {
    let v = key(value);
    let digit_like = matches!(v.as_str(), "1" | "0" | "y" | "n" | "x" | "true");
    !digit_like && (CAME.contains(&v.as_str()) || ABSENT.contains(&v.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_for_came_and_for_absent() {
        for yes in [
            "是",
            "√",
            "✔",
            "已签",
            "已出席",
            "已到会",
            "Yes",
            "1",
            "09:12",
            "2024-03-05 09:12",
        ] {
            assert_eq!(check_in(yes), Some(true), "{yes}");
        }
        for no in ["否", "未签到", "缺席", "未出席", "×", "✘", "NO", "0"] {
            assert_eq!(check_in(no), Some(false), "{no}");
        }
        for unknown in ["待定", "", "备注"] {
            assert_eq!(check_in(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn only_a_yes_is_a_came() {
        for (cell, mark) in [
            ("✓", CheckInMark::Came),
            ("√", CheckInMark::Came),
            ("是", CheckInMark::Came),
            ("1", CheckInMark::Came),
            ("已签到", CheckInMark::Came),
            ("09:05", CheckInMark::Came),
            ("", CheckInMark::Blank),
            ("  ", CheckInMark::Blank),
            ("-", CheckInMark::Blank),
            ("无", CheckInMark::Blank),
            ("否", CheckInMark::Absent),
            ("0", CheckInMark::Absent),
            ("未签到", CheckInMark::Absent),
            ("×", CheckInMark::Absent),
            ("待定", CheckInMark::Unclear),
        ] {
            assert_eq!(CheckInMark::read(cell), mark, "{cell:?}");
        }
    }

    #[test]
    fn a_column_of_check_in_words_is_told_from_one_of_digits() {
        assert!(is_check_in_word(" 已签到 ") && is_check_in_word("✔") && is_check_in_word("缺席"));
        assert!(!is_check_in_word("1") && !is_check_in_word("张三"));
    }
}
