//! The people behind the rows: canonical values, regenerated on demand from (seed, id).

use crate::company::{self, Industry, CITIES, TITLES};
use crate::names::{self, Name};
use crate::rng::{permute, unique_number, Rng, Stream};

/// Mobile prefixes handed out as people's own numbers (all `1[3-9]x`).
#[rustfmt::skip]
const MOBILE_PREFIXES: &[u64] = &[
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158,
    159, 166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191,
    193, 195, 196, 197, 198, 199,
];

/// Prefixes used only for second numbers ("138…/147…"), so a second number never equals
/// anybody's own mobile.
const SECOND_PREFIXES: &[u64] = &[145, 147, 149, 162, 165, 167, 172, 190, 192];

/// How many distinct mobiles exist; person ids beyond this would reuse numbers.
const MOBILE_SPACE: u64 = MOBILE_PREFIXES.len() as u64 * 100_000_000;

/// Share of people who leave the e-mail empty.
const NO_EMAIL_SHARE: f64 = 0.10;
/// Share of people (among those giving an e-mail) who leave the phone empty, so that about
/// 5 % of all rows have no phone.
const NO_PHONE_SHARE: f64 = 0.055;

/// One underlying person: the values before any export formatting. Every row of the list
/// is some person's sign-up; repeat sign-ups of the same person share a `Person`.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// Sequence number of the person in the list (0 for the first person to sign up).
    pub id: u64,
    /// Name as the person writes it (`张晓明`, `David Chen`).
    pub name: String,
    /// Own mobile: 11 ASCII digits matching `1[3-9]\d{9}`, unique per person; `None` when
    /// the person gives no phone.
    pub mobile: Option<String>,
    /// E-mail in lower case, unique per person; `None` when the person gives none.
    pub email: Option<String>,
    /// Full legal company name (full-width brackets).
    pub company: String,
    pub department: String,
    pub title: String,
    pub city: String,
    /// Industry as the form's drop-down names it.
    pub industry: String,
}

/// A person with what the renderer needs beyond the public fields.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    pub person: Person,
    pub name: Name,
    pub industry: Industry,
}

/// Person `id` of the list generated from `seed`. A pure function: the person in row
/// `r` of [`crate::attendees`] with `person == id` has these canonical values.
pub fn person(seed: u64, id: u64) -> Person {
    profile(seed, id).person
}

pub(crate) fn profile(seed: u64, id: u64) -> Profile {
    let mut rng = Rng::for_item(seed, Stream::Person, id);
    let name = names::generate(&mut rng);
    let company = company::company(seed, company::draw_company_id(&mut rng));
    let city = if rng.chance(0.8) {
        company.city
    } else {
        rng.weighted(CITIES).0
    };
    let department = company::department(&mut rng, company.industry);
    let title = rng.weighted(TITLES);
    let has_email = !rng.chance(NO_EMAIL_SHARE);
    let has_mobile = !has_email || !rng.chance(NO_PHONE_SHARE);
    let mobile = has_mobile.then(|| mobile_of(seed, id));
    let email = if has_email {
        Some(email_of(
            seed,
            id,
            &mut rng,
            &name,
            &company.domain,
            mobile.as_deref(),
        ))
    } else {
        None
    };
    Profile {
        person: Person {
            id,
            name: name.display(),
            mobile,
            email,
            company: company.name,
            department: department.to_string(),
            title: title.to_string(),
            city: city.to_string(),
            industry: company.industry.name.to_string(),
        },
        name,
        industry: company.industry,
    }
}

/// The own mobile of person `id`: a keyed permutation of the id, so unique per person.
fn mobile_of(seed: u64, id: u64) -> String {
    let v = permute(
        crate::rng::key(seed, Stream::Mobile),
        id % MOBILE_SPACE,
        MOBILE_SPACE,
    );
    let prefix = MOBILE_PREFIXES[(v / 100_000_000) as usize];
    format!("{prefix}{:08}", v % 100_000_000)
}

/// The second mobile of person `id` (written after the own one, `138…/147…`, or instead
/// of it on a repeat sign-up). Unique per person and never anybody's own number.
pub(crate) fn second_mobile(seed: u64, id: u64) -> String {
    let space = SECOND_PREFIXES.len() as u64 * 100_000_000;
    let v = permute(
        crate::rng::key(seed, Stream::SecondMobile),
        id % space,
        space,
    );
    let prefix = SECOND_PREFIXES[(v / 100_000_000) as usize];
    format!("{prefix}{:08}", v % 100_000_000)
}

const PERSONAL_DOMAINS: &[(&str, u32)] = &[
    ("163.com", 35),
    ("126.com", 15),
    ("sina.com", 8),
    ("foxmail.com", 8),
    ("hotmail.com", 6),
    ("gmail.com", 6),
    ("outlook.com", 6),
    ("yeah.net", 3),
    ("sohu.com", 3),
];

const MOBILE_MAIL_DOMAINS: &[&str] = &["139.com", "163.com", "126.com"];

/// The e-mail of person `id`. Unique per person: every address carries a number unique to
/// the person (a staff-number-like tag, a QQ number or the person's own mobile).
fn email_of(
    seed: u64,
    id: u64,
    rng: &mut Rng,
    name: &Name,
    company_domain: &str,
    mobile: Option<&str>,
) -> String {
    let tag = unique_number(seed, Stream::EmailTag, id, 2);
    let local = |rng: &mut Rng| -> String {
        let (s, g) = (&name.surname_roman, name.given_joined());
        if name.latin {
            match rng.below(3) {
                0 => format!("{g}.{s}{tag}"),
                1 => format!("{g}{tag}"),
                _ => format!("{g}{s}{tag}"),
            }
        } else {
            match rng.below(5) {
                0 | 1 => format!("{s}{g}{tag}"),
                2 => format!("{g}.{s}{tag}"),
                3 => format!("{}{tag}", name.initials()),
                _ => format!("{s}.{g}{tag}"),
            }
        }
    };
    if rng.chance(0.55) {
        return format!("{}@{company_domain}", local(rng));
    }
    let roll = rng.unit();
    if roll < 0.35 {
        let qq = unique_number(seed, Stream::QqNumber, id, 8);
        return format!("{qq}@qq.com");
    }
    if let (true, Some(m)) = (roll < 0.55, mobile) {
        return format!("{m}@{}", rng.pick(MOBILE_MAIL_DOMAINS));
    }
    format!("{}@{}", local(rng), rng.weighted(PERSONAL_DOMAINS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn mobiles_and_emails_are_unique() {
        let mut mobiles = HashSet::new();
        let mut emails = HashSet::new();
        for id in 0..50_000 {
            let p = person(9, id);
            if let Some(m) = p.mobile {
                assert!(
                    mobiles.insert(m.clone()),
                    "mobile {m} of person {id} repeats"
                );
            }
            if let Some(e) = p.email {
                assert!(emails.insert(e.clone()), "email {e} of person {id} repeats");
            }
        }
        assert!(mobiles.len() > 45_000, "most people give a mobile");
    }

    #[test]
    fn second_mobiles_never_collide_with_own() {
        let mut seen = HashSet::new();
        for id in 0..1_000 {
            let m = second_mobile(1, id);
            assert!(seen.insert(m.clone()), "second mobile {m} repeats");
            let prefix: u64 = m[..3].parse().unwrap_or(0);
            assert!(!MOBILE_PREFIXES.contains(&prefix), "second mobile {m}");
            assert_eq!(m.len(), 11, "second mobile {m} has 11 digits");
        }
    }
}
