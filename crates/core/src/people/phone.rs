//! Phone numbers as attendee lists write them: mainland mobiles with or without +86, landlines
//! with area codes and extensions, 400/800 service numbers, numbers abroad (+852 …, 001 …) —
//! in full-width digits, with spaces, dashes and brackets, or mangled by Excel.

use std::fmt;
use std::str::FromStr;

use crate::Lang;

use super::blank::means_nothing;
use super::width::to_half_width;

/// A usable phone number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Phone {
    Mobile(Mobile),
    Landline(Landline),
    /// A number outside the mainland, written with its country code: never a mainland mobile
    /// (+1 415 555 0100 is not 14155550100), kept as given.
    International(International),
}

impl Phone {
    pub fn is_mobile(&self) -> bool {
        matches!(self, Phone::Mobile(_))
    }

    /// The number grouped for reading: "138 1234 5678", "010-8888 6666 转 123".
    pub fn pretty(&self, lang: Lang) -> String {
        match self {
            Phone::Mobile(m) => m.pretty(),
            Phone::Landline(l) => l.pretty(lang),
            Phone::International(i) => i.to_string(),
        }
    }
}

/// The canonical form, for storage and matching: "13812345678", "010-88886666",
/// "0755-1234567 转 8", "400-812-3456". [`parse_phone`] reads it back to the same value.
impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Phone::Mobile(m) => m.fmt(f),
            Phone::Landline(l) => l.fmt(f),
            Phone::International(i) => i.fmt(f),
        }
    }
}

impl FromStr for Phone {
    type Err = PhoneProblem;

    fn from_str(s: &str) -> Result<Phone, PhoneProblem> {
        parse_phone(s)
    }
}

/// "+" and the digits of a number abroad, country code first: "+85291234567".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct International(String);

impl International {
    /// From the digits after "+" or "00"; E.164 allows 8 to 15 of them (country code included).
    /// Mainland numbers (86…) are not international.
    fn new(digits: &str) -> Option<International> {
        let ok = (8..=15).contains(&digits.len())
            && all_digits(digits)
            && !digits.starts_with('0')
            && !digits.starts_with("86");
        ok.then(|| International(format!("+{digits}")))
    }
}

impl fmt::Display for International {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A mainland mobile number: 11 digits, 1[3-9]xxxxxxxxx, kept without the +86 prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mobile(String);

impl From<Mobile> for String {
    /// The 11 digits.
    fn from(v: Mobile) -> String {
        v.0
    }
}

impl Mobile {
    /// Accepts exactly the 11 ASCII digits; nothing is stripped here (see [`parse_phone`]).
    pub fn new(digits: &str) -> Option<Mobile> {
        let b = digits.as_bytes();
        let valid = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        valid.then(|| Mobile(digits.to_string()))
    }

    /// "13812345678".
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// "138 1234 5678", the 3-4-4 grouping people read aloud.
    pub fn pretty(&self) -> String {
        format!("{} {} {}", &self.0[..3], &self.0[3..7], &self.0[7..])
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fixed line: area code (010, 021, 0755…) and a 7- or 8-digit local number, optionally an
/// extension of up to 6 digits. 400 and 800 service numbers are landlines whose "area" is 400 or
/// 800 followed by 7 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Landline {
    area: String,
    number: String,
    extension: Option<String>,
}

impl Landline {
    /// Validates the parts: a mainland area code (010, 02x, or 0 + three digits starting 3–9)
    /// with 8 digits after a 3-digit code and 7–8 after a 4-digit one, never starting with 0;
    /// or 400/800 with 7 digits. The extension, if any, is 1–6 digits.
    pub fn new(area: &str, number: &str, extension: Option<&str>) -> Option<Landline> {
        let ext_ok = extension.is_none_or(|e| (1..=6).contains(&e.len()) && all_digits(e));
        let parts_ok = if area == "400" || area == "800" {
            number.len() == 7 && all_digits(number)
        } else {
            area_code_len(area) == Some(area.len()) && local_number_ok(area.len(), number)
        };
        (ext_ok && parts_ok).then(|| Landline {
            area: area.to_string(),
            number: number.to_string(),
            extension: extension.map(str::to_string),
        })
    }

    /// "010", "0755", or "400"/"800" for service numbers.
    pub fn area(&self) -> &str {
        &self.area
    }

    /// The local number, digits only.
    pub fn number(&self) -> &str {
        &self.number
    }

    pub fn extension(&self) -> Option<&str> {
        self.extension.as_deref()
    }

    /// A 400 or 800 number: national, no city.
    pub fn is_service_number(&self) -> bool {
        self.area == "400" || self.area == "800"
    }

    /// "010-8888 6666 转 123" / "010-8888 6666 ext. 123", "400-812-3456".
    pub fn pretty(&self, lang: Lang) -> String {
        let n = &self.number;
        let mut out = if self.is_service_number() {
            format!("{}-{}-{}", self.area, &n[..3], &n[3..])
        } else {
            let split = n.len() - 4;
            format!("{}-{} {}", self.area, &n[..split], &n[split..])
        };
        if let Some(ext) = &self.extension {
            out.push_str(lang.pick(" 转 ", " ext. "));
            out.push_str(ext);
        }
        out
    }
}

impl fmt::Display for Landline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_service_number() {
            write!(
                f,
                "{}-{}-{}",
                self.area,
                &self.number[..3],
                &self.number[3..]
            )?;
        } else {
            write!(f, "{}-{}", self.area, self.number)?;
        }
        match &self.extension {
            Some(ext) => write!(f, " 转 {ext}"),
            None => Ok(()),
        }
    }
}

/// Every number found in one cell such as "13812345678/13987654321". The primary is the first
/// mobile, or the first landline when there is no mobile; `others` keeps the rest in cell order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phones {
    primary: Phone,
    others: Vec<Phone>,
    problems: Vec<PhoneProblem>,
}

impl Phones {
    pub fn primary(&self) -> &Phone {
        &self.primary
    }

    /// The other usable numbers in the cell, duplicates removed.
    pub fn others(&self) -> &[Phone] {
        &self.others
    }

    /// Parts of the cell that were not usable numbers, to report beside the accepted ones.
    pub fn problems(&self) -> &[PhoneProblem] {
        &self.problems
    }
}

/// Why a cell gave no usable phone number. `raw` is the offending text, half-width and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneProblem {
    #[error("no phone number")]
    Empty,
    #[error("{raw:?} was turned into scientific notation by Excel; the digits are lost")]
    DestroyedByExcel { raw: String },
    #[error("{raw:?} is masked")]
    Masked { raw: String },
    #[error("{raw:?} is not a phone number")]
    NotAPhone { raw: String },
    #[error("{raw:?} has too few digits")]
    TooShort { raw: String },
    #[error("{raw:?} has too many digits")]
    TooLong { raw: String },
    #[error("landline {raw:?} has no area code")]
    NoAreaCode { raw: String },
    #[error("{raw:?} holds more than one number")]
    SeveralNumbers { raw: String },
}

impl PhoneProblem {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            PhoneProblem::Empty => "phone_empty",
            PhoneProblem::DestroyedByExcel { .. } => "phone_destroyed_by_excel",
            PhoneProblem::Masked { .. } => "phone_masked",
            PhoneProblem::NotAPhone { .. } => "phone_not_a_phone",
            PhoneProblem::TooShort { .. } => "phone_too_short",
            PhoneProblem::TooLong { .. } => "phone_too_long",
            PhoneProblem::NoAreaCode { .. } => "phone_no_area_code",
            PhoneProblem::SeveralNumbers { .. } => "phone_several_numbers",
        }
    }

    /// The sentence a user reads.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PhoneProblem::Empty, Lang::ZhCn) => "没有填写电话号码。".into(),
            (PhoneProblem::Empty, Lang::En) => "No phone number was given.".into(),
            (PhoneProblem::DestroyedByExcel { raw }, Lang::ZhCn) => format!(
                "“{raw}”是被 Excel 改成科学计数法的号码，原始数字已丢失，请把该列设为文本后重新导出。"
            ),
            (PhoneProblem::DestroyedByExcel { raw }, Lang::En) => format!(
                "“{raw}” is a number Excel turned into scientific notation; the original digits are \
                 lost. Format the column as text and export it again."
            ),
            (PhoneProblem::Masked { raw }, Lang::ZhCn) => format!(
                "“{raw}”是打了码的号码（含 * 或 x），无法联系，请向活动方索取未打码的名单。"
            ),
            (PhoneProblem::Masked { raw }, Lang::En) => format!(
                "“{raw}” is masked (it contains * or x) and cannot be called; ask the organiser \
                 for the unmasked list."
            ),
            (PhoneProblem::NotAPhone { raw }, Lang::ZhCn) => format!("“{raw}”不是有效的电话号码。"),
            (PhoneProblem::NotAPhone { raw }, Lang::En) => {
                format!("“{raw}” is not a valid phone number.")
            }
            (PhoneProblem::TooShort { raw }, Lang::ZhCn) => format!(
                "“{raw}”位数不够：手机号应为 11 位，座机号应带区号。"
            ),
            (PhoneProblem::TooShort { raw }, Lang::En) => format!(
                "“{raw}” has too few digits: a mobile has 11, a landline needs its area code."
            ),
            (PhoneProblem::TooLong { raw }, Lang::ZhCn) => {
                format!("“{raw}”位数太多，可能是两个号码连在了一起。")
            }
            (PhoneProblem::TooLong { raw }, Lang::En) => {
                format!("“{raw}” has too many digits; it may be two numbers run together.")
            }
            (PhoneProblem::NoAreaCode { raw }, Lang::ZhCn) => {
                format!("座机号“{raw}”缺少区号，请补上区号（例如 010）。")
            }
            (PhoneProblem::NoAreaCode { raw }, Lang::En) => {
                format!("The landline “{raw}” has no area code; add it (for example 010).")
            }
            (PhoneProblem::SeveralNumbers { raw }, Lang::ZhCn) => {
                format!("“{raw}”里有不止一个号码。")
            }
            (PhoneProblem::SeveralNumbers { raw }, Lang::En) => {
                format!("“{raw}” holds more than one number.")
            }
        }
    }
}

/// Reads one phone number from a cell. Strips spaces, dashes, dots, brackets, labels
/// ("手机：") and bracketed notes ("（微信同号）"), folds full-width digits, drops a +86 / 86 / 0086 prefix when a valid number
/// follows, undoes Excel's "13812345678.0", and reads extensions written with 转, 分机, ext, x,
/// # or a trailing dash group ("010-88886666-123"). A cell with several numbers is refused with
/// [`PhoneProblem::SeveralNumbers`]; use [`parse_phones`] for those.
pub fn parse_phone(raw: &str) -> Result<Phone, PhoneProblem> {
    let cell = to_half_width(raw);
    let cell = cell.trim();
    if means_nothing(cell) {
        return Err(PhoneProblem::Empty);
    }
    match split_numbers(cell).as_slice() {
        [] => Err(PhoneProblem::Empty),
        [one] => parse_one(one),
        _ => Err(PhoneProblem::SeveralNumbers {
            raw: cell.to_string(),
        }),
    }
}

/// Reads every number in a cell ("13812345678/13987654321", "010-88886666，13812345678"),
/// separated by / \ , ; 、 | 或, line breaks, or spaces between complete mobiles. Fails only
/// when no part of the cell is a usable number, with the first part's problem.
pub fn parse_phones(raw: &str) -> Result<Phones, PhoneProblem> {
    let cell = to_half_width(raw);
    let cell = cell.trim();
    if means_nothing(cell) {
        return Err(PhoneProblem::Empty);
    }
    let mut phones: Vec<Phone> = Vec::new();
    let mut problems = Vec::new();
    for piece in split_numbers(cell) {
        match parse_one(&piece) {
            Ok(phone) if !phones.contains(&phone) => phones.push(phone),
            Ok(_) | Err(PhoneProblem::Empty) => {}
            Err(problem) => problems.push(problem),
        }
    }
    let primary_at = phones
        .iter()
        .position(Phone::is_mobile)
        .or((!phones.is_empty()).then_some(0));
    match primary_at {
        Some(i) => {
            let primary = phones.remove(i);
            Ok(Phones {
                primary,
                others: phones,
                problems,
            })
        }
        None => Err(problems.into_iter().next().unwrap_or(PhoneProblem::Empty)),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Length of the area code at the start of `digits`: 3 for 010 and 02x, 4 for 03xx–09xx.
fn area_code_len(digits: &str) -> Option<usize> {
    match digits.as_bytes() {
        [b'0', b'1', b'0', ..] | [b'0', b'2', b'0'..=b'9', ..] => Some(3),
        [b'0', b'3'..=b'9', b'0'..=b'9', b'0'..=b'9', ..] => Some(4),
        _ => None,
    }
}

fn local_number_ok(area_len: usize, number: &str) -> bool {
    let len_ok = match area_len {
        3 => number.len() == 8,
        _ => (7..=8).contains(&number.len()),
    };
    len_ok && all_digits(number) && !number.starts_with('0')
}

/// Splits a cell holding several numbers. "13,812,345,678" (Excel's thousands separators) stays
/// one number.
fn split_numbers(cell: &str) -> Vec<String> {
    if let Some(number) = without_thousands_separators(cell) {
        return vec![number];
    }
    let mut out = Vec::new();
    let separators =
        |c: char| matches!(c, '/' | '\\' | ',' | ';' | '、' | '|' | '\n' | '\r' | '或');
    for part in cell.split(separators) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let words: Vec<&str> = part.split_whitespace().collect();
        if words.len() > 1 && words.iter().all(|w| Mobile::new(w).is_some()) {
            out.extend(words.into_iter().map(str::to_string));
        } else {
            out.push(part.to_string());
        }
    }
    out
}

/// "13,812,345,678" or "13,812,345,678.0" → "13812345678".
fn without_thousands_separators(cell: &str) -> Option<String> {
    let (int, frac) = cell.split_once('.').unwrap_or((cell, "0"));
    let mut groups = int.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let shaped = !rest.is_empty()
        && (1..=3).contains(&first.len())
        && all_digits(first)
        && rest.iter().all(|g| g.len() == 3 && all_digits(g))
        && !frac.is_empty()
        && frac.bytes().all(|b| b == b'0');
    shaped.then(|| int.replace(',', ""))
}

fn parse_one(piece: &str) -> Result<Phone, PhoneProblem> {
    // Excel's mark for "keep this as text" ('13800138000) when it reaches the file.
    let text = piece.trim().trim_start_matches(['\'', '`']).trim();
    let raw = || text.to_string();
    if means_nothing(text) {
        return Err(PhoneProblem::Empty);
    }
    if is_scientific(text) {
        return Err(PhoneProblem::DestroyedByExcel { raw: raw() });
    }
    if is_masked(text) {
        return Err(PhoneProblem::Masked { raw: raw() });
    }
    let body = without_notes(text);
    let body = without_float_tail(without_label(&body));
    let (main, extension) =
        split_extension(body).ok_or_else(|| PhoneProblem::NotAPhone { raw: raw() })?;
    if !main.chars().all(allowed_in_number) {
        return Err(PhoneProblem::NotAPhone { raw: raw() });
    }
    let groups: Vec<String> = main
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect();
    if groups.is_empty() {
        return Err(PhoneProblem::NotAPhone { raw: raw() });
    }
    // A country code other than China's (after + or 00): read as a mainland number it would
    // be wrong. Most cells have neither, and cost no joined copy of their digits here.
    if main.trim_start().starts_with('+') || groups[0].starts_with("00") {
        let digits = groups.concat();
        let abroad = if main.trim_start().starts_with('+') {
            Some(digits.as_str())
        } else {
            digits.strip_prefix("00")
        };
        if let Some(abroad) = abroad.filter(|d| !d.starts_with("86")) {
            return International::new(abroad)
                .filter(|_| extension.is_none())
                .map(Phone::International)
                .ok_or_else(|| why_not(abroad, raw()));
        }
    }
    read_groups(&groups, extension.as_deref()).ok_or_else(|| why_not(&groups.concat(), raw()))
}

/// "1.38E+10", "3.60723E+18": Excel showed a long number in scientific notation and kept only
/// its first 15 significant digits, or fewer if the file was saved from that display.
fn is_scientific(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let Some((mantissa, exponent)) = lower.split_once('e') else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    all_digits(int) && (frac.is_empty() || all_digits(frac)) && all_digits(exponent)
}

/// "138****5678", "138xxxx5678": numbers hidden for privacy before the list was shared.
fn is_masked(text: &str) -> bool {
    let hidden = text.contains('*') || text.to_ascii_lowercase().contains("xx");
    hidden && text.chars().any(|c| c.is_ascii_digit())
}

/// "手机:138…", "Tel: 010-…" (full-width colons were folded already).
fn without_label(text: &str) -> &str {
    match text.rsplit_once(':') {
        Some((label, rest)) if !label.chars().any(|c| c.is_ascii_digit()) => rest.trim(),
        _ => text,
    }
}

/// Drops bracketed notes without digits: "13812345678（微信同号）", "010-88886666 (办公室)".
/// Brackets holding digits, such as the area code in "(021)55556666", stay.
fn without_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[', '【']) {
        let Some(close) = rest[open..].find([')', ']', '】']).map(|at| open + at) else {
            break;
        };
        let close_len = rest[close..].chars().next().map_or(1, char::len_utf8);
        let group = &rest[open..close + close_len];
        out.push_str(&rest[..open]);
        if group.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(group);
        } else {
            out.push(' ');
        }
        rest = &rest[close + close_len..];
    }
    out.push_str(rest);
    out
}

/// "13812345678.0": a phone column stored as numbers.
fn without_float_tail(text: &str) -> &str {
    match text.split_once('.') {
        Some((int, frac))
            if all_digits(int.strip_prefix('+').unwrap_or(int))
                && !frac.is_empty()
                && frac.bytes().all(|b| b == b'0') =>
        {
            int
        }
        _ => text,
    }
}

/// Splits off an extension written with a word or sign. `None` when what follows the mark is not
/// 1–6 digits.
fn split_extension(text: &str) -> Option<(&str, Option<String>)> {
    const MARKS: [&str; 6] = ["分机", "转", "extension", "ext", "x", "#"];
    let lower = text.to_ascii_lowercase(); // same byte offsets as `text`
    let found = MARKS
        .iter()
        .filter_map(|mark| lower.find(mark).map(|at| (at, mark.len())))
        .min_by_key(|&(at, _)| at);
    let Some((at, len)) = found else {
        return Some((text, None));
    };
    let extension: String = text[at + len..]
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | ':' | '-' | '(' | ')' | '号'))
        .collect();
    if extension.is_empty() {
        Some((&text[..at], None))
    } else if extension.len() <= 6 && all_digits(&extension) {
        Some((&text[..at], Some(extension)))
    } else {
        None
    }
}

fn allowed_in_number(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_whitespace()
        || "-.()[]+_【】〔〕".contains(c)
        || ('\u{2010}'..='\u{2015}').contains(&c) // hyphens and dashes
}

fn read_groups(groups: &[String], extension: Option<&str>) -> Option<Phone> {
    if let Some(phone) = read_national(groups, extension) {
        return Some(phone);
    }
    let digits = groups.concat();
    let prefix = if digits.starts_with("0086") {
        4
    } else if digits.starts_with("86") {
        2
    } else {
        return None;
    };
    let mut rest = drop_leading_digits(groups, prefix);
    if rest.is_empty() {
        return None;
    }
    if extension.is_none() {
        if let Some(mobile) = Mobile::new(&rest.concat()) {
            return Some(Phone::Mobile(mobile));
        }
    }
    if let Some(line) = read_landline(&rest, extension) {
        return Some(Phone::Landline(line)); // +86 400…
    }
    // International format drops the trunk 0: +86 10 8888 6666.
    if !rest[0].starts_with('0') {
        rest[0].insert(0, '0');
    }
    read_landline(&rest, extension).map(Phone::Landline)
}

fn read_national(groups: &[String], extension: Option<&str>) -> Option<Phone> {
    let digits = groups.concat();
    if extension.is_none() {
        if let Some(mobile) = Mobile::new(&digits) {
            return Some(Phone::Mobile(mobile));
        }
        // "013812345678": a mobile dialled from a landline in another city.
        if digits.len() == 12 && digits.starts_with('0') {
            if let Some(mobile) = Mobile::new(&digits[1..]) {
                return Some(Phone::Mobile(mobile));
            }
        }
    }
    read_landline(groups, extension).map(Phone::Landline)
}

fn read_landline(groups: &[String], extension: Option<&str>) -> Option<Landline> {
    if extension.is_none() && groups.len() >= 3 {
        // "0755-1234567-8": area, local number, extension, each its own group.
        let area = &groups[0];
        if area_code_len(area) == Some(area.len()) {
            let rest = groups[2..].concat();
            if let Some(line) = Landline::new(area, &groups[1], Some(&rest)) {
                return Some(line);
            }
        }
    }
    if let Some(line) = landline_from_digits(&groups.concat(), extension) {
        return Some(line);
    }
    if extension.is_none() && groups.len() >= 2 {
        // "010 8888 6666 123": the last group is an extension.
        let (last, init) = groups.split_last()?;
        return landline_from_digits(&init.concat(), Some(last));
    }
    None
}

fn landline_from_digits(digits: &str, extension: Option<&str>) -> Option<Landline> {
    if digits.len() == 10 && (digits.starts_with("400") || digits.starts_with("800")) {
        return Landline::new(&digits[..3], &digits[3..], extension);
    }
    let area_len = area_code_len(digits)?;
    if digits.len() <= area_len {
        return None;
    }
    Landline::new(&digits[..area_len], &digits[area_len..], extension)
}

fn drop_leading_digits(groups: &[String], mut count: usize) -> Vec<String> {
    let mut out = Vec::new();
    for group in groups {
        if count >= group.len() {
            count -= group.len();
        } else {
            out.push(group[count..].to_string());
            count = 0;
        }
    }
    out
}

/// Names what is wrong with digits that made no number.
fn why_not(digits: &str, raw: String) -> PhoneProblem {
    let national = if let Some(rest) = digits.strip_prefix("0086") {
        rest
    } else {
        match digits.strip_prefix("86") {
            Some(rest) if !(7..=8).contains(&digits.len()) => rest,
            _ => digits,
        }
    };
    let len = national.len();
    match national.as_bytes().first() {
        Some(b'1') if len < 11 => PhoneProblem::TooShort { raw },
        Some(b'1') if len > 11 => PhoneProblem::TooLong { raw },
        Some(b'0') if len < 10 => PhoneProblem::TooShort { raw },
        Some(b'0') if len > 12 => PhoneProblem::TooLong { raw },
        Some(b'2'..=b'9') if (7..=8).contains(&len) => PhoneProblem::NoAreaCode { raw },
        Some(_) if len < 7 => PhoneProblem::TooShort { raw },
        Some(_) if len > 12 => PhoneProblem::TooLong { raw },
        _ => PhoneProblem::NotAPhone { raw },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mobile(digits: &str) -> Phone {
        Phone::Mobile(Mobile::new(digits).expect("test mobile is valid"))
    }

    fn landline(area: &str, number: &str, extension: Option<&str>) -> Phone {
        Phone::Landline(Landline::new(area, number, extension).expect("test landline is valid"))
    }

    #[test]
    fn mobiles_in_the_shapes_lists_write_them() {
        let want = mobile("13812345678");
        let cases = [
            ("13812345678", "plain"),
            ("+86 138-1234-5678", "+86 with dashes"),
            ("0086 13812345678", "0086 prefix"),
            ("8613812345678", "86 glued on"),
            ("+86(138)1234 5678", "brackets"),
            ("１３８１２３４５６７８", "full-width digits"),
            ("１３８　１２３４　５６７８", "full-width digits and spaces"),
            ("13812345678.0", "stored as a number in Excel"),
            ("138.1234.5678", "dots"),
            ("13,812,345,678", "Excel thousands separators"),
            ("手机：13812345678", "label with full-width colon"),
            ("Tel: +86-138-1234-5678", "English label"),
            (" 13812345678 ", "surrounding spaces"),
            ("013812345678", "mobile dialled with a leading 0"),
            ("138—1234—5678", "Chinese dashes"),
            ("13812345678（微信同号）", "a note in brackets"),
            ("13812345678(同微信)", "a note in half-width brackets"),
            ("'13812345678", "Excel's text mark"),
        ];
        for (raw, why) in cases {
            assert_eq!(parse_phone(raw), Ok(want.clone()), "{why}: {raw:?}");
        }
    }

    #[test]
    fn numbers_abroad_keep_their_country_code() {
        for (raw, want, why) in [
            (
                "+1 415 555 0100",
                "+14155550100",
                "an American number is no mainland mobile",
            ),
            ("+852 9123 4567", "+85291234567", "Hong Kong"),
            ("00852-9123-4567", "+85291234567", "00 instead of +"),
            ("+65 6123 4567", "+6561234567", "Singapore"),
        ] {
            let phone = parse_phone(raw).unwrap_or_else(|e| panic!("{why}: {raw:?}: {e}"));
            assert!(matches!(phone, Phone::International(_)), "{why}: {phone:?}");
            assert_eq!(phone.to_string(), want, "{why}");
            assert_eq!(parse_phone(want), Ok(phone), "{why}: read back the same");
        }
        assert!(
            matches!(parse_phone("+1 234"), Err(PhoneProblem::TooShort { .. })),
            "too few digits abroad too"
        );
    }

    #[test]
    fn landlines_and_service_numbers() {
        let cases = [
            ("010-88886666", landline("010", "88886666", None), "Beijing"),
            (
                "010-8888 6666 转 123",
                landline("010", "88886666", Some("123")),
                "extension with 转",
            ),
            (
                "(021)55556666",
                landline("021", "55556666", None),
                "area code in brackets",
            ),
            (
                "（０２１）５５５５６６６６",
                landline("021", "55556666", None),
                "full-width",
            ),
            (
                "02112345678",
                landline("021", "12345678", None),
                "no separator",
            ),
            (
                "0755-1234567",
                landline("0755", "1234567", None),
                "4-digit area, 7 digits",
            ),
            (
                "075512345678",
                landline("0755", "12345678", None),
                "4-digit area, no separator",
            ),
            (
                "010-88886666-123",
                landline("010", "88886666", Some("123")),
                "extension after a dash",
            ),
            (
                "0755-1234567-8",
                landline("0755", "1234567", Some("8")),
                "dash extension is read by groups, not as an 8th digit",
            ),
            (
                "010 8888 6666 ext. 45",
                landline("010", "88886666", Some("45")),
                "ext.",
            ),
            (
                "010-88886666 x12",
                landline("010", "88886666", Some("12")),
                "x extension",
            ),
            (
                "010-88886666分机号：8001",
                landline("010", "88886666", Some("8001")),
                "分机号",
            ),
            (
                "+86 10 8888 6666",
                landline("010", "88886666", None),
                "international drops the 0",
            ),
            (
                "+86 (0)21 5555 6666",
                landline("021", "55556666", None),
                "+86 (0)21",
            ),
            (
                "(021)55556666（总机）",
                landline("021", "55556666", None),
                "area code kept, note dropped",
            ),
            (
                "4008-123-456",
                landline("400", "8123456", None),
                "400 number",
            ),
            (
                "800 820 8820",
                landline("800", "8208820", None),
                "800 number",
            ),
            (
                "400-820-8820 转 2",
                landline("400", "8208820", Some("2")),
                "400 number with extension",
            ),
        ];
        for (raw, want, why) in cases {
            assert_eq!(parse_phone(raw), Ok(want), "{why}: {raw:?}");
        }
    }

    #[test]
    fn problems_are_named_not_guessed() {
        let cases = [
            ("", "phone_empty", "empty"),
            ("无", "phone_empty", "none"),
            ("-", "phone_empty", "dash placeholder"),
            ("N/A", "phone_empty", "N/A is not split at the slash"),
            (
                "1.38E+10",
                "phone_destroyed_by_excel",
                "Excel scientific notation",
            ),
            (
                "1.38123E+10",
                "phone_destroyed_by_excel",
                "more digits, still lost",
            ),
            (
                "3.60723E+18",
                "phone_destroyed_by_excel",
                "an ID-length number",
            ),
            (
                "1.3812345678e10",
                "phone_destroyed_by_excel",
                "even when all digits survive",
            ),
            ("138****5678", "phone_masked", "masked with stars"),
            ("138xxxx5678", "phone_masked", "masked with x"),
            ("138123456", "phone_too_short", "9 digits"),
            ("+86 138123456", "phone_too_short", "9 digits after +86"),
            ("010-8888", "phone_too_short", "area code and half a number"),
            ("138123456789", "phone_too_long", "12 digits"),
            ("88886666", "phone_no_area_code", "local landline"),
            (
                "8888-6666",
                "phone_no_area_code",
                "local landline with dash",
            ),
            (
                "12345678901",
                "phone_not_a_phone",
                "11 digits but not a mobile prefix",
            ),
            ("张三", "phone_not_a_phone", "a name in the phone column"),
            (
                "zhang@abc.com",
                "phone_not_a_phone",
                "an email in the phone column",
            ),
            (
                "010-88886666 转 abc",
                "phone_not_a_phone",
                "extension is not digits",
            ),
            (
                "13812345678/13987654321",
                "phone_several_numbers",
                "parse_phone wants one",
            ),
        ];
        for (raw, code, why) in cases {
            let got = parse_phone(raw);
            assert_eq!(
                got.as_ref().map_err(PhoneProblem::code),
                Err(code),
                "{why}: {raw:?} gave {got:?}"
            );
        }
    }

    #[test]
    fn several_numbers_in_one_cell() {
        let two = parse_phones("13812345678/13987654321").expect("two mobiles");
        assert_eq!(
            two.primary(),
            &mobile("13812345678"),
            "first mobile is primary"
        );
        assert_eq!(two.others(), [mobile("13987654321")], "second is kept");
        assert!(two.problems().is_empty(), "nothing wrong");

        let landline_first = parse_phones("010-88886666，13812345678").expect("landline, mobile");
        assert_eq!(
            landline_first.primary(),
            &mobile("13812345678"),
            "a mobile is preferred over a landline written before it"
        );
        assert_eq!(landline_first.others(), [landline("010", "88886666", None)]);

        let spaced = parse_phones("13812345678 13987654321").expect("space-separated mobiles");
        assert_eq!(
            spaced.others().len(),
            1,
            "two complete mobiles split at the space"
        );

        let with_bad = parse_phones("13812345678、138123").expect("one good, one short");
        assert_eq!(with_bad.primary(), &mobile("13812345678"));
        assert_eq!(
            with_bad.problems(),
            [PhoneProblem::TooShort {
                raw: "138123".into()
            }],
            "the bad part is reported, not dropped silently"
        );

        let dup = parse_phones("13812345678 / 138-1234-5678").expect("the same number twice");
        assert!(dup.others().is_empty(), "duplicates are not listed twice");

        let only = parse_phones("010-88886666").expect("one landline");
        assert_eq!(only.primary(), &landline("010", "88886666", None));

        assert_eq!(
            parse_phones("1.38E+10/无").map_err(|p| p.code()),
            Err("phone_destroyed_by_excel"),
            "no usable number: the first problem"
        );
        assert_eq!(parse_phones(" "), Err(PhoneProblem::Empty), "blank cell");
    }

    #[test]
    fn display_is_canonical_and_reads_back() {
        let cases = [
            ("+86 138-1234-5678", "13812345678", "138 1234 5678"),
            (
                "010-8888 6666 转 123",
                "010-88886666 转 123",
                "010-8888 6666 转 123",
            ),
            ("0755-1234567-8", "0755-1234567 转 8", "0755-123 4567 转 8"),
            ("4008-123-456", "400-812-3456", "400-812-3456"),
        ];
        for (raw, canonical, pretty) in cases {
            let phone = parse_phone(raw).expect("valid test number");
            assert_eq!(phone.to_string(), canonical, "canonical form of {raw:?}");
            assert_eq!(phone.pretty(Lang::ZhCn), pretty, "pretty form of {raw:?}");
            assert_eq!(
                canonical.parse::<Phone>(),
                Ok(phone),
                "canonical form reads back: {canonical:?}"
            );
        }
        let ext = parse_phone("010-88886666-123").expect("valid");
        assert_eq!(
            ext.pretty(Lang::En),
            "010-8888 6666 ext. 123",
            "English extension"
        );
    }

    #[test]
    fn constructors_refuse_invalid_parts() {
        assert!(Mobile::new("12812345678").is_none(), "second digit 2");
        assert!(Mobile::new("1381234567").is_none(), "10 digits");
        assert!(Mobile::new("1381234567a").is_none(), "a letter");
        assert!(
            Landline::new("010", "8888666", None).is_none(),
            "Beijing needs 8 digits"
        );
        assert!(
            Landline::new("011", "88886666", None).is_none(),
            "011 is no area code"
        );
        assert!(
            Landline::new("010", "08886666", None).is_none(),
            "local starts with 0"
        );
        assert!(
            Landline::new("010", "88886666", Some("1234567")).is_none(),
            "7-digit ext"
        );
        assert!(
            Landline::new("400", "812345", None).is_none(),
            "400 needs 7 more digits"
        );
        assert!(
            Landline::new("0755", "1234567", None).is_some(),
            "Shenzhen 7 digits"
        );
    }

    #[test]
    fn every_problem_has_two_sentences_and_a_code() {
        let raw = || "x".to_string();
        let all = [
            PhoneProblem::Empty,
            PhoneProblem::DestroyedByExcel { raw: raw() },
            PhoneProblem::Masked { raw: raw() },
            PhoneProblem::NotAPhone { raw: raw() },
            PhoneProblem::TooShort { raw: raw() },
            PhoneProblem::TooLong { raw: raw() },
            PhoneProblem::NoAreaCode { raw: raw() },
            PhoneProblem::SeveralNumbers { raw: raw() },
        ];
        let codes: std::collections::HashSet<&str> = all.iter().map(PhoneProblem::code).collect();
        assert_eq!(codes.len(), all.len(), "codes are distinct");
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
        assert_eq!(
            PhoneProblem::DestroyedByExcel {
                raw: "1.38E+10".into()
            }
            .message(Lang::ZhCn),
            "“1.38E+10”是被 Excel 改成科学计数法的号码，原始数字已丢失，请把该列设为文本后重新导出。",
            "the wording the issue asks for"
        );
    }
}
