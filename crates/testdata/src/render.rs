//! How a canonical value ends up in an organiser's export: the format variations of real
//! registration lists (phones with +86 and dashes, upper-case e-mails, half-width brackets,
//! full-width spaces inside names, several date formats, 是/否/已签到 check-ins).

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::company::Industry;
use crate::names::Name;
use crate::rng::Rng;

/// How hard a row varies from the canonical values: a first sign-up varies like any row
/// of a real export; a repeat sign-up (typed again, on another device, via another channel)
/// varies much more often.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Variation {
    /// `messy == false`: canonical values only.
    None,
    First,
    Repeat,
}

impl Variation {
    /// Weight of "leave it as it is" out of about 1000 (`None` never gets this far).
    fn keep(self, first: u32, repeat: u32) -> u32 {
        match self {
            Variation::None => 1000,
            Variation::First => first,
            Variation::Repeat => repeat,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum NameForm {
    Keep,
    FullWidthSpace,
    Space,
    Trailing,
}

pub(crate) fn name(name: &Name, rng: &mut Rng, v: Variation) -> String {
    if v == Variation::None {
        return name.display();
    }
    let forms = [
        (NameForm::Keep, v.keep(940, 450)),
        (NameForm::FullWidthSpace, 30),
        (NameForm::Space, 20),
        (NameForm::Trailing, 20),
    ];
    match rng.weighted(&forms) {
        NameForm::Keep => name.display(),
        NameForm::FullWidthSpace if !name.latin => {
            format!("{}\u{3000}{}", name.surname, name.given)
        }
        NameForm::Space if !name.latin => format!("{} {}", name.surname, name.given),
        NameForm::FullWidthSpace | NameForm::Space => format!("{}  {}", name.given, name.surname),
        NameForm::Trailing => format!("{} ", name.display()),
    }
}

#[derive(Clone, Copy, Debug)]
enum PhoneForm {
    Plain,
    Spaced,
    Dashed,
    PlusDashed,
    Plus,
    DoubleZero,
    EightySixDash,
    FullWidth,
    Padded,
    Double,
}

/// A mobile (11 ASCII digits) as a phone cell. `second` is the person's second number, which
/// may follow after a slash; pass `None` when this phone is what ties a repeat to its person.
pub(crate) fn phone(mobile: &str, second: Option<&str>, rng: &mut Rng, v: Variation) -> String {
    if v == Variation::None || mobile.len() != 11 || !mobile.is_ascii() {
        return mobile.to_string();
    }
    let forms = [
        (PhoneForm::Plain, v.keep(850, 300)),
        (PhoneForm::Spaced, 30),
        (PhoneForm::Dashed, 25),
        (PhoneForm::PlusDashed, 20),
        (PhoneForm::Plus, 15),
        (PhoneForm::DoubleZero, 10),
        (PhoneForm::EightySixDash, 5),
        (PhoneForm::FullWidth, 15),
        (PhoneForm::Padded, 15),
        (PhoneForm::Double, if second.is_some() { 15 } else { 0 }),
    ];
    let (a, b, c) = (&mobile[..3], &mobile[3..7], &mobile[7..]);
    match rng.weighted(&forms) {
        PhoneForm::Plain => mobile.to_string(),
        PhoneForm::Spaced => format!("{a} {b} {c}"),
        PhoneForm::Dashed => format!("{a}-{b}-{c}"),
        PhoneForm::PlusDashed => format!("+86 {a}-{b}-{c}"),
        PhoneForm::Plus => format!("+86{mobile}"),
        PhoneForm::DoubleZero => format!("0086 {mobile}"),
        PhoneForm::EightySixDash => format!("86-{mobile}"),
        PhoneForm::FullWidth => mobile
            .chars()
            .map(|d| char::from_u32(d as u32 + 0xFEE0).unwrap_or(d))
            .collect(),
        PhoneForm::Padded => format!(" {mobile} "),
        PhoneForm::Double => format!("{mobile}/{}", second.unwrap_or_default()),
    }
}

#[derive(Clone, Copy, Debug)]
enum EmailForm {
    Keep,
    Upper,
    Capitalised,
    Spaces,
    SpaceBeforeAt,
    FullWidthAt,
}

pub(crate) fn email(email: &str, rng: &mut Rng, v: Variation) -> String {
    if v == Variation::None {
        return email.to_string();
    }
    let forms = [
        (EmailForm::Keep, v.keep(920, 400)),
        (EmailForm::Upper, 30),
        (EmailForm::Capitalised, 30),
        (EmailForm::Spaces, 20),
        (EmailForm::SpaceBeforeAt, 10),
        (EmailForm::FullWidthAt, 10),
    ];
    match rng.weighted(&forms) {
        EmailForm::Keep => email.to_string(),
        EmailForm::Upper => email.to_uppercase(),
        EmailForm::Capitalised => {
            let mut chars = email.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
        EmailForm::Spaces => format!(" {email} "),
        EmailForm::SpaceBeforeAt => email.replacen('@', " @", 1),
        EmailForm::FullWidthAt => email.replacen('@', "＠", 1),
    }
}

#[derive(Clone, Copy, Debug)]
enum CompanyForm {
    Keep,
    HalfWidthBrackets,
    NoLegalForm,
    Trailing,
}

pub(crate) fn company(name: &str, rng: &mut Rng, v: Variation) -> String {
    if v == Variation::None {
        return name.to_string();
    }
    let forms = [
        (CompanyForm::Keep, v.keep(900, 350)),
        (CompanyForm::HalfWidthBrackets, 50),
        (CompanyForm::NoLegalForm, 60),
        (CompanyForm::Trailing, 20),
    ];
    match rng.weighted(&forms) {
        CompanyForm::Keep => name.to_string(),
        CompanyForm::HalfWidthBrackets if name.contains('（') => {
            name.replace('（', "(").replace('）', ")")
        }
        CompanyForm::HalfWidthBrackets | CompanyForm::NoLegalForm => {
            ["股份有限公司", "有限责任公司", "有限公司"]
                .iter()
                .find(|form| name.contains(*form) && name != **form)
                .map(|form| name.replacen(form, "", 1))
                .unwrap_or_else(|| name.to_string())
        }
        CompanyForm::Trailing => format!("{name} "),
    }
}

/// A city as typed: `北京` or `北京市`.
pub(crate) fn city(city: &str, rng: &mut Rng, v: Variation) -> String {
    if v != Variation::None && rng.chance(0.1) {
        format!("{city}市")
    } else {
        city.to_string()
    }
}

pub(crate) fn industry(industry: Industry, rng: &mut Rng, v: Variation) -> String {
    if v != Variation::None && rng.chance(0.1) {
        rng.pick(industry.variants).to_string()
    } else {
        industry.name.to_string()
    }
}

/// The text formats registration times come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateFormat {
    /// `2024/3/5 14:30` (Excel's display in a Chinese locale).
    SlashShort,
    /// `2024-03-05 14:30:00` (form platforms' exports).
    IsoSeconds,
    /// `2024年3月5日`.
    Chinese,
    /// `2024-03-05 14:30`.
    IsoMinutes,
    /// `2024/03/05 14:30:05`.
    SlashPadded,
    /// `2024年3月5日 14:30`.
    ChineseMinutes,
}

pub(crate) const DATE_FORMATS: &[(DateFormat, u32)] = &[
    (DateFormat::SlashShort, 35),
    (DateFormat::IsoSeconds, 35),
    (DateFormat::Chinese, 10),
    (DateFormat::IsoMinutes, 8),
    (DateFormat::SlashPadded, 7),
    (DateFormat::ChineseMinutes, 5),
];

pub(crate) fn datetime(t: NaiveDateTime, format: DateFormat) -> String {
    let (y, mo, d) = (t.year(), t.month(), t.day());
    let (h, mi, s) = (t.hour(), t.minute(), t.second());
    match format {
        DateFormat::SlashShort => format!("{y}/{mo}/{d} {h}:{mi:02}"),
        DateFormat::IsoSeconds => format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
        DateFormat::Chinese => format!("{y}年{mo}月{d}日"),
        DateFormat::IsoMinutes => format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}"),
        DateFormat::SlashPadded => format!("{y}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"),
        DateFormat::ChineseMinutes => format!("{y}年{mo}月{d}日 {h:02}:{mi:02}"),
    }
}

/// The check-in cell: 是 / 否 / 已签到 / empty.
pub(crate) fn checked_in(rng: &mut Rng, v: Variation) -> &'static str {
    let forms: &[(&str, u32)] = if v == Variation::None {
        &[("是", 60), ("否", 40)]
    } else {
        &[("是", 40), ("否", 25), ("已签到", 15), ("", 20)]
    };
    rng.weighted(forms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;
    use crate::rng::Stream;
    use chrono::NaiveDate;

    #[test]
    fn rendered_phones_and_emails_normalise_back() {
        let mut rng = Rng::for_item(2, Stream::Row, 0);
        for v in [Variation::None, Variation::First, Variation::Repeat] {
            for _ in 0..2_000 {
                let p = phone("13912345678", Some("14712345678"), &mut rng, v);
                assert_eq!(
                    normalize::phone(&p).as_deref(),
                    Some("13912345678"),
                    "phone cell {p:?}"
                );
                let e = email("li.na123@cmbchina.com", &mut rng, v);
                assert_eq!(
                    normalize::email(&e).as_deref(),
                    Some("li.na123@cmbchina.com"),
                    "email cell {e:?}"
                );
            }
        }
    }

    #[test]
    fn date_formats() {
        let t = NaiveDate::from_ymd_opt(2024, 3, 5)
            .and_then(|d| d.and_hms_opt(14, 30, 7))
            .expect("valid date");
        assert_eq!(
            datetime(t, DateFormat::SlashShort),
            "2024/3/5 14:30",
            "slash"
        );
        assert_eq!(
            datetime(t, DateFormat::IsoSeconds),
            "2024-03-05 14:30:07",
            "iso"
        );
        assert_eq!(datetime(t, DateFormat::Chinese), "2024年3月5日", "chinese");
    }

    #[test]
    fn company_variants() {
        let mut rng = Rng::for_item(4, Stream::Row, 0);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2_000 {
            seen.insert(company(
                "平安科技（深圳）有限公司",
                &mut rng,
                Variation::Repeat,
            ));
        }
        for want in [
            "平安科技（深圳）有限公司",
            "平安科技(深圳)有限公司",
            "平安科技（深圳）",
        ] {
            assert!(seen.contains(want), "variant {want} appears, saw {seen:?}");
        }
    }
}
