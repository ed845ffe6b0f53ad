//! One row of an attendee list, cleaned into what the lead warehouse stores — or refused with
//! the reasons a user can act on.

use super::blank::means_nothing;
use super::check_in::CheckInMark;
use super::region::tidy_region;
use super::width::{tidy_spaces, to_half_width};
use super::{
    company_key, display_company, parse_email, parse_name, parse_phones, Column, Email,
    EmailProblem, Mobile, NameProblem, PersonName, Phone, PhoneProblem,
};
use crate::Lang;

/// A cleaned attendee. Optional identity fields are `None` when the cell was blank or unusable
/// (the problem is then in [`CleanRow::warnings`]); text fields are "" when blank.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attendee {
    pub name: Option<PersonName>,
    pub mobile: Option<Mobile>,
    /// Landlines and further mobiles, canonical, in cell order.
    pub other_phones: Vec<Phone>,
    pub email: Option<Email>,
    /// The company as displayed (brackets and width tidied, legal form kept).
    pub company: String,
    /// [`company_key`] of the company; "" when there is none.
    pub company_key: String,
    pub department: String,
    pub title: String,
    pub region: String,
    pub industry: String,
    /// A WeChat ID, as written (微信号).
    pub wechat: String,
    /// The 报名时间 cell as written; the caller reads dates, which needs the sheet's cell type.
    pub registered_at: String,
    /// What the row's 签到 cell says; `None` when the list has no 签到 column.
    pub check_in: Option<CheckInMark>,
}

impl Attendee {
    /// The keys a person is recognised by, strongest first: mobile, email, then name within a
    /// company. Landlines are not keys: a switchboard number is shared by a whole office.
    pub fn match_keys(&self) -> MatchKeys<'_> {
        MatchKeys {
            mobile: self.mobile.as_ref().map(Mobile::digits),
            email: self.email.as_ref().map(Email::as_str),
            name_at_company: match (&self.name, self.company_key.as_str()) {
                (Some(name), key) if !key.is_empty() => Some((name.as_str(), key)),
                _ => None,
            },
        }
    }
}

/// See [`Attendee::match_keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchKeys<'a> {
    pub mobile: Option<&'a str>,
    pub email: Option<&'a str>,
    pub name_at_company: Option<(&'a str, &'a str)>,
}

impl MatchKeys<'_> {
    pub fn is_empty(&self) -> bool {
        self.mobile.is_none() && self.email.is_none() && self.name_at_company.is_none()
    }

    /// Whether these keys and a stored lead's, found by name at the same company, are two
    /// people rather than one: they have a mobile, or an email, each and it differs. A name is
    /// the weakest key, there to join rows that lack the stronger ones; two 张伟 at one bank
    /// with their own phones are namesakes, while a repeat sign-up that kept its phone or its
    /// address was matched by it before the name was tried. A mobile among the lead's
    /// `other_phones` (as stored, [`crate::people::PHONE_SEPARATOR`] between numbers) is the
    /// lead's own.
    pub fn namesake_of(&self, stored: &MatchKeys, other_phones: &str) -> bool {
        let differs =
            |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a != b);
        let known_phone = self.mobile.is_some_and(|m| {
            other_phones
                .split(crate::people::PHONE_SEPARATOR)
                .any(|p| p == m)
        });
        (differs(self.mobile, stored.mobile) && !known_phone) || differs(self.email, stored.email)
    }
}

/// A contact key one lead may share with another person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactKey {
    Mobile,
    Email,
}

/// Who a row, or a stored lead, says they are, as far as telling two people apart goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Identity<'a> {
    pub name: &'a str,
    pub mobile: Option<&'a str>,
    pub email: Option<&'a str>,
    /// [`company_key`] of the company, "" when unknown.
    pub company_key: &'a str,
}

/// Whether a row that found `stored` by its mobile or its email (`by`) is another person who
/// gives the same number or address: a switchboard, an assistant registering her bosses, a
/// department mailbox. A shared key alone never makes two people one. With another name the
/// row is someone else unless another key agrees (the same address for a number, the same
/// mobile for an address), and at another company it is someone else whatever agrees. The
/// same name is the same person, even at another company (a change of job). A mobile among
/// `stored_other_phones` (stored with [`crate::people::PHONE_SEPARATOR`]) is the lead's own.
pub fn shares_a_contact(
    row: Identity,
    stored: Identity,
    stored_other_phones: &str,
    by: ContactKey,
) -> bool {
    if !(has_name(row.name) && has_name(stored.name)) || same_name(row.name, stored.name) {
        return false;
    }
    let known = |a: &str| !a.is_empty();
    if known(row.company_key) && known(stored.company_key) && row.company_key != stored.company_key
    {
        return true;
    }
    let agrees = match by {
        ContactKey::Mobile => matches!((row.email, stored.email), (Some(a), Some(b)) if a == b),
        ContactKey::Email => row.mobile.is_some_and(|m| {
            stored.mobile == Some(m)
                || stored_other_phones
                    .split(crate::people::PHONE_SEPARATOR)
                    .any(|p| p == m)
        }),
    };
    !agrees
}

/// A number or address a row gave that a lead of another name already gives: the row was
/// kept apart as another person (see [`shares_a_contact`]), and the number is shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedContact {
    pub key: ContactKey,
    pub value: String,
    /// The name of the lead that gave it first.
    pub holder: String,
}

impl SharedContact {
    /// The warning the import shows beside the row.
    pub fn message(&self, lang: Lang) -> String {
        let SharedContact { value, holder, .. } = self;
        match (self.key, lang) {
            (ContactKey::Mobile, Lang::ZhCn) => format!(
                "手机号 {value} 已是线索“{holder}”的号码；姓名不同，也没有其他信息相符，按另一人导入，这个号码标为共用。"
            ),
            (ContactKey::Email, Lang::ZhCn) => format!(
                "邮箱 {value} 已是线索“{holder}”的邮箱；姓名不同，也没有其他信息相符，按另一人导入，这个邮箱标为共用。"
            ),
            (ContactKey::Mobile, Lang::En) => format!(
                "The mobile {value} is already lead “{holder}”'s; with another name and nothing else in common, this row is another person and the number is marked shared."
            ),
            (ContactKey::Email, Lang::En) => format!(
                "The email {value} is already lead “{holder}”'s; with another name and nothing else in common, this row is another person and the address is marked shared."
            ),
        }
    }
}

fn has_name(name: &str) -> bool {
    !name.trim().is_empty()
}

/// Names compared as people write them: spaces and ASCII case aside ("Li Na", "li  na").
fn same_name(a: &str, b: &str) -> bool {
    let tidy = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    tidy(a) == tidy(b)
}

/// Something wrong with one cell of a row. The row may still be imported (a warning) or be
/// refused because nothing identifies the person (see [`Rejection`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    Name(NameProblem),
    Phone(PhoneProblem),
    Email(EmailProblem),
    /// A 签到 cell that says neither yes nor no.
    CheckIn {
        raw: String,
    },
    /// A text far longer than any company, title or city (a note, a pasted paragraph): left out.
    TooLong {
        column: Column,
        chars: usize,
    },
}

/// Longer than this, a company, department, title, region or industry cell is not one.
pub const MAX_TEXT_CHARS: usize = 100;

impl CellProblem {
    pub fn code(&self) -> &'static str {
        match self {
            CellProblem::Name(p) => p.code(),
            CellProblem::Phone(p) => p.code(),
            CellProblem::Email(p) => p.code(),
            CellProblem::CheckIn { .. } => "check_in_unclear",
            CellProblem::TooLong { .. } => "text_too_long",
        }
    }

    /// The sentence a user reads. A bad name, phone or email is left out of the lead while the
    /// rest of the row is kept, and the sentence says so: the preview shows such a row as new
    /// or merged, beside a reason.
    pub fn message(&self, lang: Lang) -> String {
        let left_out = |problem: String| match lang {
            Lang::ZhCn => format!("{problem}（这一项不导入）"),
            Lang::En => format!("{problem} (left out)"),
        };
        match self {
            CellProblem::Name(p) => left_out(p.message(lang)),
            CellProblem::Phone(p) => left_out(p.message(lang)),
            CellProblem::Email(p) => left_out(p.message(lang)),
            CellProblem::CheckIn { raw } => match lang {
                Lang::ZhCn => format!("签到栏“{raw}”看不出是否到场，按未到场计。"),
                Lang::En => format!(
                    "The check-in cell “{raw}” says neither yes nor no; counted as not present."
                ),
            },
            CellProblem::TooLong { column, chars } => match lang {
                Lang::ZhCn => format!(
                    "“{}”一栏有 {chars} 个字，不像{}（可能是备注或整段文字），这一栏没有导入。",
                    column.name(lang),
                    column.name(lang)
                ),
                Lang::En => format!(
                    "The {} cell has {chars} characters, too long to be one (a note or a paragraph?); it was left out.",
                    column.name(lang).to_lowercase()
                ),
            },
        }
    }
}

/// A cleaned row and what was wrong with it but did not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanRow {
    pub attendee: Attendee,
    pub warnings: Vec<CellProblem>,
}

/// Why a row cannot become a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Every mapped cell is blank: a spacer or a leftover formatted row.
    BlankRow,
    /// No usable mobile, no usable email, and not both a name and a company. `problems` says
    /// what was wrong with the cells that were there.
    NoIdentity { problems: Vec<CellProblem> },
}

impl Rejection {
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::BlankRow => "blank_row",
            Rejection::NoIdentity { .. } => "no_identity",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            Rejection::BlankRow => lang.pick("空行。", "Blank row.").to_string(),
            Rejection::NoIdentity { problems } => {
                let head = lang.pick(
                    "无法确定是谁：没有可用的手机号或邮箱，也没有“姓名 + 公司”。",
                    "Cannot tell who this is: no usable mobile or email, and not both a name and a company.",
                );
                let mut out = head.to_string();
                for p in problems {
                    out.push(' ');
                    out.push_str(&p.message(lang));
                }
                out
            }
        }
    }
}

/// Cleans one row. `mapping[i]` says what cell `i` holds; unmapped cells are ignored. A 签到
/// cell is read as yes/no; a phone cell may hold several numbers.
pub fn clean_row<S: AsRef<str>>(
    cells: &[S],
    mapping: &[Option<Column>],
) -> Result<CleanRow, Rejection> {
    let mut a = Attendee::default();
    let mut warnings = Vec::new();
    let mut any_value = false;
    // A name split over two columns, joined once the row is read.
    let (mut family, mut given) = (String::new(), String::new());
    for (cell, column) in cells.iter().zip(mapping) {
        let (Some(column), raw) = (column, cell.as_ref()) else {
            continue;
        };
        let half = to_half_width(raw);
        let tidy = tidy_spaces(&half);
        if tidy.is_empty() {
            continue;
        }
        any_value = true;
        let free_text = matches!(
            column,
            Column::Company
                | Column::Department
                | Column::Title
                | Column::Region
                | Column::Industry
        );
        // Bytes first: no text of fewer bytes has more characters.
        let long = free_text && tidy.len() > MAX_TEXT_CHARS;
        let chars = if long { tidy.chars().count() } else { 0 };
        if chars > MAX_TEXT_CHARS {
            warnings.push(CellProblem::TooLong {
                column: *column,
                chars,
            });
            continue;
        }
        match column {
            Column::Name if a.name.is_none() => match parse_name(raw) {
                Ok(name) => a.name = Some(name),
                Err(NameProblem::Empty) => {}
                Err(p) => warnings.push(CellProblem::Name(p)),
            },
            Column::Phone => match parse_phones(raw) {
                Ok(phones) => {
                    let all = std::iter::once(phones.primary()).chain(phones.others());
                    for phone in all {
                        match phone {
                            Phone::Mobile(m) if a.mobile.is_none() => a.mobile = Some(m.clone()),
                            other if !a.other_phones.contains(other) => {
                                a.other_phones.push(other.clone())
                            }
                            _ => {}
                        }
                    }
                    warnings.extend(phones.problems().iter().cloned().map(CellProblem::Phone));
                }
                Err(PhoneProblem::Empty) => {}
                Err(p) => warnings.push(CellProblem::Phone(p)),
            },
            Column::Email if a.email.is_none() => match parse_email(raw) {
                Ok(email) => a.email = Some(email),
                Err(EmailProblem::Empty) => {}
                Err(p) => warnings.push(CellProblem::Email(p)),
            },
            Column::Company if a.company.is_empty() && !means_nothing(&tidy) => {
                a.company = display_company(raw);
                a.company_key = company_key(raw);
            }
            Column::Department => set_text(&mut a.department, &tidy),
            Column::Title => set_text(&mut a.title, &tidy),
            Column::Region => set_text(&mut a.region, tidy_region(&tidy)),
            Column::FamilyName => set_text(&mut family, &tidy),
            Column::GivenName => set_text(&mut given, &tidy),
            Column::Industry => set_text(&mut a.industry, &tidy),
            Column::WeChat => set_text(&mut a.wechat, &tidy),
            Column::RegisteredAt => set_text(&mut a.registered_at, &tidy),
            Column::CheckIn if a.check_in.is_none() => {
                let mark = CheckInMark::read(&tidy);
                if mark == CheckInMark::Unclear {
                    warnings.push(CellProblem::CheckIn {
                        raw: tidy.to_string(),
                    });
                }
                a.check_in = Some(mark);
            }
            _ => {}
        }
    }
    if !any_value {
        return Err(Rejection::BlankRow);
    }
    if a.check_in.is_none() && mapping.contains(&Some(Column::CheckIn)) {
        a.check_in = Some(CheckInMark::Blank);
    }
    if a.name.is_none() && !(family.is_empty() && given.is_empty()) {
        match parse_name(&joined_name(&family, &given)) {
            Ok(name) => a.name = Some(name),
            Err(NameProblem::Empty) => {}
            Err(p) => warnings.push(CellProblem::Name(p)),
        }
    }
    if a.match_keys().is_empty() {
        return Err(Rejection::NoIdentity { problems: warnings });
    }
    Ok(CleanRow {
        attendee: a,
        warnings,
    })
}

/// 张 + 三 is 张三; John + Smith is "John Smith": Chinese names put the family name first and
/// run together, Western ones give the given name first, with a space.
fn joined_name(family: &str, given: &str) -> String {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    match (family.is_empty(), given.is_empty()) {
        (true, _) => given.to_string(),
        (_, true) => family.to_string(),
        _ if cjk(family) || cjk(given) => format!("{family}{given}"),
        _ => format!("{given} {family}"),
    }
}

fn set_text(slot: &mut String, value: &str) {
    if slot.is_empty() && !means_nothing(value) {
        *slot = value.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{classify_department, classify_title, Function, Seniority};

    fn map(cols: &[Column]) -> Vec<Option<Column>> {
        cols.iter().copied().map(Some).collect()
    }

    #[test]
    fn a_shared_key_with_another_name_is_another_person_unless_another_key_agrees() {
        let who = |name, mobile, email, company_key| Identity {
            name,
            mobile,
            email,
            company_key,
        };
        let boss = who("马总", Some("13800000000"), Some("m@a.cn"), "阿里");
        let by_mobile = |row| shares_a_contact(row, boss, "", ContactKey::Mobile);
        assert!(
            by_mobile(who("杨秘书", Some("13800000000"), None, "")),
            "another name, nothing else: the assistant's number, two people"
        );
        assert!(by_mobile(who(
            "牛总",
            Some("13800000000"),
            Some("n@a.cn"),
            "阿里"
        )));
        assert!(
            by_mobile(who("马总助理", Some("13800000000"), Some("m@a.cn"), "腾讯")),
            "another name at another company: apart whatever agrees"
        );
        assert!(
            !by_mobile(who("马 总", Some("13800000000"), None, "")),
            "the same name written with a space"
        );
        assert!(
            !by_mobile(who("马总", Some("13800000000"), None, "腾讯")),
            "the same name at another company: a change of job"
        );
        assert!(
            !by_mobile(who("马老板", Some("13800000000"), Some("m@a.cn"), "阿里")),
            "the same address agrees: one person, a nickname"
        );
        assert!(
            !by_mobile(who("", Some("13800000000"), None, "")),
            "no name: nothing says it is someone else"
        );
        let by_email =
            |row, other_phones| shares_a_contact(row, boss, other_phones, ContactKey::Email);
        assert!(
            by_email(who("市场部", None, Some("m@a.cn"), ""), ""),
            "a department mailbox"
        );
        assert!(!by_email(
            who("马云", Some("13800000000"), Some("m@a.cn"), ""),
            ""
        ));
        assert!(
            !by_email(
                who("马云", Some("13911112222"), Some("m@a.cn"), ""),
                "13911112222"
            ),
            "the mobile is one the lead gave before"
        );
    }

    #[test]
    fn a_namesake_has_another_mobile_or_another_email() {
        let keys = |mobile: &'static str, email: &'static str| MatchKeys {
            mobile: (!mobile.is_empty()).then_some(mobile),
            email: (!email.is_empty()).then_some(email),
            name_at_company: Some(("李铮", "易方达基金管理")),
        };
        let stored = keys("18482516809", "li.zheng@163.com");
        assert!(
            keys("15819055087", "lz88002@efunds.com.cn").namesake_of(&stored, ""),
            "another phone and another address: another 李铮"
        );
        assert!(
            keys("15819055087", "").namesake_of(&stored, ""),
            "another phone: another 李铮"
        );
        assert!(
            keys("", "lz88002@efunds.com.cn").namesake_of(&stored, ""),
            "another address: another 李铮"
        );
        assert!(
            !keys("15819055087", "").namesake_of(&stored, "075512345678 / 15819055087"),
            "the second number the lead gave before is the lead's own"
        );
        assert!(
            !keys("", "").namesake_of(&stored, ""),
            "a row with neither is the 李铮 there is"
        );
        assert!(
            !keys("15819055087", "").namesake_of(&keys("", "li.zheng@163.com"), ""),
            "a phone where the lead has none contradicts nothing"
        );
        assert!(
            !keys("15819055087", "lz88002@efunds.com.cn").namesake_of(&keys("", ""), ""),
            "a stored lead with neither has nothing to contradict"
        );
    }

    #[test]
    fn two_phone_columns_give_the_mobile_and_the_other_numbers() {
        let m = map(&[Column::Name, Column::Phone, Column::Phone]);
        let row = clean_row(&["王五", "010-88886666", "13812345678"], &m).expect("usable");
        let a = &row.attendee;
        assert_eq!(
            a.mobile.as_ref().map(|m| m.digits()),
            Some("13812345678"),
            "the mobile from whichever column holds it"
        );
        let others: Vec<String> = a.other_phones.iter().map(|p| p.to_string()).collect();
        assert_eq!(others, ["010-88886666"], "the landline kept too");
        let m = map(&[Column::Name, Column::Phone, Column::Email]);
        let abroad = clean_row(&["Lee", "+1 415 555 0100", "lee@a.com"], &m).expect("usable");
        assert!(
            abroad.attendee.mobile.is_none(),
            "no mainland mobile 14155550100 made up"
        );
        let others: Vec<String> = abroad
            .attendee
            .other_phones
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(others, ["+14155550100"], "the number kept as given");
    }

    #[test]
    fn a_paragraph_in_a_name_or_company_cell_is_left_out_with_a_reason() {
        let m = map(&[Column::Name, Column::Phone, Column::Company]);
        let essay = "很长的备注".repeat(2_000);
        let row = clean_row(&[essay.as_str(), "13812345678", essay.as_str()], &m)
            .expect("the phone still identifies the row");
        assert!(row.attendee.name.is_none() && row.attendee.company.is_empty());
        let codes: Vec<&str> = row.warnings.iter().map(CellProblem::code).collect();
        assert_eq!(codes, ["name_too_long", "text_too_long"]);
        let message = row.warnings[1].message(Lang::ZhCn);
        assert!(message.contains("“公司”一栏有 10000 个字"), "{message}");
        let fine =
            clean_row(&["张三", "13812345678", &"某".repeat(MAX_TEXT_CHARS)], &m).expect("usable");
        assert!(fine.warnings.is_empty(), "a long company name is still one");
    }

    #[test]
    fn a_name_in_two_columns_is_joined_as_each_language_writes_it() {
        let m = map(&[Column::FamilyName, Column::GivenName, Column::Email]);
        let name = |cells: &[&str]| {
            clean_row(cells, &m)
                .expect("usable")
                .attendee
                .name
                .map(|n| n.as_str().to_string())
        };
        assert_eq!(name(&["欧阳", "娜娜", "o@a.cn"]), Some("欧阳娜娜".into()));
        assert_eq!(
            name(&["Smith", "John", "j@a.com"]),
            Some("John Smith".into())
        );
        assert_eq!(
            name(&["", "Lee", "l@a.com"]),
            Some("Lee".into()),
            "a given name alone"
        );
        assert_eq!(name(&["", "", "x@a.com"]), None);
        let headers = crate::people::map_headers(&["Last Name", "First Name", "Email"]);
        assert_eq!(headers, m, "English CRM exports split the name like this");
        assert_eq!(
            crate::people::map_headers(&["姓", "名", "手机"]),
            [
                Some(Column::FamilyName),
                Some(Column::GivenName),
                Some(Column::Phone)
            ]
        );
    }

    #[test]
    fn a_typical_row_is_cleaned() {
        let m = map(&[
            Column::Name,
            Column::Phone,
            Column::Email,
            Column::Company,
            Column::Department,
            Column::Title,
            Column::CheckIn,
        ]);
        let row = clean_row(
            &[
                "张　三",
                "+86 138-1234-5678 / 010-88886666",
                " ZhangSan@ICBC.com.cn ",
                "中国工商银行股份有限公司(深圳)",
                "信息科技部",
                "副总经理",
                "已签到",
            ],
            &m,
        )
        .expect("row is usable");
        let a = &row.attendee;
        assert_eq!(
            a.name.as_ref().map(|n| n.as_str()),
            Some("张三"),
            "name tidied"
        );
        assert_eq!(
            a.mobile.as_ref().map(|m| m.digits()),
            Some("13812345678"),
            "mobile"
        );
        assert_eq!(
            a.other_phones.len(),
            1,
            "the landline is kept as another phone"
        );
        assert_eq!(
            a.email.as_ref().map(|e| e.as_str()),
            Some("zhangsan@icbc.com.cn")
        );
        assert_eq!(
            a.company_key,
            company_key("中国工商银行"),
            "company key ignores the legal form"
        );
        assert_eq!(a.check_in, Some(CheckInMark::Came), "已签到 is yes");
        assert_eq!(
            classify_title(&a.title).0,
            Seniority::VpDirector,
            "副总经理 is VP level"
        );
        assert_eq!(
            classify_department(&a.department, &a.title),
            Function::Technology,
            "信息科技部 is technology"
        );
        assert!(row.warnings.is_empty(), "no warnings: {:?}", row.warnings);
    }

    #[test]
    fn rows_without_identity_are_refused_with_the_reasons() {
        let m = map(&[Column::Name, Column::Phone, Column::Email]);
        let err = clean_row(&["王五", "1.38E+10", ""], &m).expect_err("no key left");
        assert_eq!(err.code(), "no_identity");
        let text = err.message(Lang::ZhCn);
        assert!(
            text.contains("科学计数法"),
            "the phone's own problem is named: {text}"
        );
        assert_eq!(
            clean_row(&["", " ", "-"], &m).expect_err("blank").code(),
            "no_identity",
            "a dash is a value that means nothing, not a blank row"
        );
        assert_eq!(
            clean_row(&["", "", ""], &m).expect_err("blank"),
            Rejection::BlankRow
        );
    }

    #[test]
    fn name_and_company_are_enough_and_problems_become_warnings() {
        let m = map(&[
            Column::Name,
            Column::Company,
            Column::Phone,
            Column::CheckIn,
        ]);
        let row = clean_row(
            &["李四", "平安科技（深圳）有限公司", "138****5678", "待定"],
            &m,
        )
        .expect("name + company identify the person");
        let codes: Vec<_> = row.warnings.iter().map(CellProblem::code).collect();
        assert_eq!(
            codes,
            ["phone_masked", "check_in_unclear"],
            "both cells reported"
        );
        assert_eq!(
            row.attendee.check_in,
            Some(CheckInMark::Unclear),
            "unclear check-in is kept as such, never as present"
        );
        let keys = row.attendee.match_keys();
        assert_eq!(keys.name_at_company, Some(("李四", "平安科技")), "{keys:?}");
    }
}
