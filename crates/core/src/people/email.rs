//! Email addresses as attendee lists write them: full-width @ and dots, "mailto:", a display
//! name around them, and the typos people make in free-mail domains.

use std::fmt;
use std::str::FromStr;

use crate::Lang;

use super::blank::means_nothing;
use super::width::to_half_width;

/// A well-shaped address, lower-cased: one @, a non-empty local part, a domain with a dot.
/// The whole address is lower-cased; mail servers in practice ignore case in the local part too.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl From<Email> for String {
    /// The address, lower-cased.
    fn from(v: Email) -> String {
        v.0
    }
}

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the @.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(local, _)| local)
    }

    /// The part after the @, such as "icbc.com.cn".
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = EmailProblem;

    fn from_str(s: &str) -> Result<Email, EmailProblem> {
        parse_email(s)
    }
}

/// Why a cell gave no usable address. `raw` is the cell, half-width and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailProblem {
    #[error("no email address")]
    Empty,
    #[error("{raw:?} is not an email address")]
    NotAnEmail { raw: String },
    #[error("{raw:?} has no valid domain after the @")]
    BadDomain { raw: String },
    #[error("{raw:?} holds more than one address")]
    SeveralAddresses { raw: String },
    /// Well-shaped but almost certainly mistyped ("qq.con"). Flagged, never fixed silently:
    /// `suggestion` is the whole corrected address for the user to confirm.
    #[error("{raw:?} looks mistyped; did you mean {suggestion:?}?")]
    LikelyTypo { raw: String, suggestion: String },
}

impl EmailProblem {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            EmailProblem::Empty => "email_empty",
            EmailProblem::NotAnEmail { .. } => "email_not_an_email",
            EmailProblem::BadDomain { .. } => "email_bad_domain",
            EmailProblem::SeveralAddresses { .. } => "email_several_addresses",
            EmailProblem::LikelyTypo { .. } => "email_likely_typo",
        }
    }

    /// The sentence a user reads.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EmailProblem::Empty, Lang::ZhCn) => "没有填写邮箱。".into(),
            (EmailProblem::Empty, Lang::En) => "No email address was given.".into(),
            (EmailProblem::NotAnEmail { raw }, Lang::ZhCn) => {
                format!("“{raw}”不是有效的邮箱地址：应当只有一个 @，且不含空格。")
            }
            (EmailProblem::NotAnEmail { raw }, Lang::En) => format!(
                "“{raw}” is not a valid email address: it needs exactly one @ and no spaces."
            ),
            (EmailProblem::BadDomain { raw }, Lang::ZhCn) => {
                format!("邮箱“{raw}”@ 后面的域名不完整，例如应为 company.com。")
            }
            (EmailProblem::BadDomain { raw }, Lang::En) => format!(
                "The domain after the @ in “{raw}” is incomplete; it should look like company.com."
            ),
            (EmailProblem::SeveralAddresses { raw }, Lang::ZhCn) => {
                format!("“{raw}”里有不止一个邮箱，请只保留一个。")
            }
            (EmailProblem::SeveralAddresses { raw }, Lang::En) => {
                format!("“{raw}” holds more than one address; keep one.")
            }
            (EmailProblem::LikelyTypo { raw, suggestion }, Lang::ZhCn) => {
                format!("邮箱“{raw}”可能拼错了，是不是“{suggestion}”？请核对后再导入。")
            }
            (EmailProblem::LikelyTypo { raw, suggestion }, Lang::En) => format!(
                "The address “{raw}” looks mistyped; did you mean “{suggestion}”? Check it before \
                 importing."
            ),
        }
    }
}

/// Reads one address: folds full-width characters, trims, strips "mailto:" and a display name
/// ("张三 <zhangsan@abc.com>"), lower-cases, then checks the shape. Likely typos in the domain
/// are refused with [`EmailProblem::LikelyTypo`] and a suggestion, not corrected.
pub fn parse_email(raw: &str) -> Result<Email, EmailProblem> {
    let cell = to_half_width(raw);
    let cell = cell.trim();
    if means_nothing(cell) {
        return Err(EmailProblem::Empty);
    }
    let raw = || cell.to_string();
    let lower = cell.to_lowercase();
    let mut text = lower.as_str();
    if let Some(rest) = text.strip_prefix("mailto:") {
        text = rest;
    }
    if let (Some(open), Some(close)) = (text.find('<'), text.rfind('>')) {
        if open < close {
            text = &text[open + 1..close];
        }
    }
    let text = text.trim().trim_end_matches(['.', ',', ';', '。']);
    if text.matches('@').count() > 1 {
        let parts = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '、' | '|'))
            .filter(|part| part.contains('@'))
            .count();
        return Err(if parts > 1 {
            EmailProblem::SeveralAddresses { raw: raw() }
        } else {
            EmailProblem::NotAnEmail { raw: raw() }
        });
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(EmailProblem::NotAnEmail { raw: raw() });
    };
    if text.chars().any(char::is_whitespace) || !local_part_ok(local) {
        return Err(EmailProblem::NotAnEmail { raw: raw() });
    }
    if !domain.contains('.') {
        // "zhangsan@qqcom": the dot was forgotten.
        return Err(match domain.strip_suffix("com") {
            Some(name) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                EmailProblem::LikelyTypo {
                    raw: raw(),
                    suggestion: format!("{local}@{name}.com"),
                }
            }
            _ => EmailProblem::BadDomain { raw: raw() },
        });
    }
    if !domain_ok(domain) {
        return Err(EmailProblem::BadDomain { raw: raw() });
    }
    if let Some(fixed) = domain_typo(domain) {
        return Err(EmailProblem::LikelyTypo {
            raw: raw(),
            suggestion: format!("{local}@{fixed}"),
        });
    }
    Ok(Email(text.to_string()))
}

fn local_part_ok(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or("");
    domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Free-mail providers Chinese attendees use, with the domains they really serve.
const FREE_MAIL: [(&str, &[&str]); 10] = [
    ("qq", &["qq.com"]),
    ("foxmail", &["foxmail.com"]),
    ("163", &["163.com", "163.net"]),
    ("126", &["126.com"]),
    ("yeah", &["yeah.net"]),
    ("139", &["139.com"]),
    ("sina", &["sina.com", "sina.cn"]),
    ("sohu", &["sohu.com"]),
    ("aliyun", &["aliyun.com"]),
    ("gmail", &["gmail.com"]),
];

/// Misspelt provider names, whatever ending they were given.
const MISSPELT: [(&str, &str); 11] = [
    ("gmial", "gmail.com"),
    ("gamil", "gmail.com"),
    ("gmai", "gmail.com"),
    ("gmali", "gmail.com"),
    ("gnail", "gmail.com"),
    ("hotmial", "hotmail.com"),
    ("hotmai", "hotmail.com"),
    ("outlok", "outlook.com"),
    ("foxmial", "foxmail.com"),
    ("foxmai", "foxmail.com"),
    ("qqmail", "qq.com"),
];

/// Endings that are a slip of the finger for .com.
const COM_TYPOS: [&str; 8] = ["con", "cmo", "comm", "cpm", "ocm", "vom", "xom", "coom"];

/// The corrected domain when `domain` is almost certainly a typo.
fn domain_typo(domain: &str) -> Option<String> {
    let (name, ending) = domain.split_once('.')?;
    if !ending.contains('.') {
        if let Some((_, real)) = FREE_MAIL.iter().find(|(provider, _)| *provider == name) {
            return (!real.contains(&domain)).then(|| real[0].to_string());
        }
        if let Some((_, real)) = MISSPELT.iter().find(|(typo, _)| *typo == name) {
            return Some(real.to_string());
        }
    }
    let (head, tld) = domain.rsplit_once('.')?;
    if !COM_TYPOS.contains(&tld) {
        return None;
    }
    // "abc.com.con" was meant as abc.com.cn, not abc.com.com.
    Some(if head.ends_with(".com") {
        format!("{head}.cn")
    } else {
        format!("{head}.com")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_cleaned() {
        let cases = [
            ("zhangsan@abc.com", "zhangsan@abc.com", "plain"),
            (
                "  ZhangSan@ABC.com.CN ",
                "zhangsan@abc.com.cn",
                "trimmed and lower-cased",
            ),
            (
                "ｚｈａｎｇｓａｎ＠ａｂｃ．ｃｏｍ",
                "zhangsan@abc.com",
                "full-width",
            ),
            ("mailto:li.si@icbc.com.cn", "li.si@icbc.com.cn", "mailto:"),
            (
                "MAILTO:li.si@icbc.com.cn",
                "li.si@icbc.com.cn",
                "MAILTO: any case",
            ),
            (
                "张三 <zhangsan@abc.com>",
                "zhangsan@abc.com",
                "display name",
            ),
            (
                "zhangsan@abc.com;",
                "zhangsan@abc.com",
                "trailing separator",
            ),
            (
                "zhang.san+event@abc-bank.cn",
                "zhang.san+event@abc-bank.cn",
                "plus and dash",
            ),
            ("12345@qq.com", "12345@qq.com", "QQ number address"),
            ("wang@vip.163.com", "wang@vip.163.com", "provider subdomain"),
            (
                "wang@sina.cn",
                "wang@sina.cn",
                "a real second provider domain",
            ),
        ];
        for (raw, want, why) in cases {
            assert_eq!(
                parse_email(raw).map(|e| e.to_string()),
                Ok(want.to_string()),
                "{why}: {raw:?}"
            );
        }
        let email = parse_email("li.si@icbc.com.cn").expect("valid");
        assert_eq!(email.local_part(), "li.si", "local part");
        assert_eq!(email.domain(), "icbc.com.cn", "domain");
    }

    #[test]
    fn problems_are_named() {
        let cases = [
            ("", "email_empty", "empty"),
            ("无", "email_empty", "none"),
            ("zhangsan", "email_not_an_email", "no @"),
            ("zhang san@abc.com", "email_not_an_email", "space inside"),
            ("@abc.com", "email_not_an_email", "no local part"),
            (
                ".zhang@abc.com",
                "email_not_an_email",
                "local part starts with a dot",
            ),
            ("张三@abc.com", "email_not_an_email", "Chinese local part"),
            ("a@b@abc.com", "email_not_an_email", "two @ in one address"),
            (
                "a@x.com; b@y.com",
                "email_several_addresses",
                "two addresses",
            ),
            (
                "a@x.com/b@y.com",
                "email_several_addresses",
                "two addresses with a slash",
            ),
            ("zhangsan@abc", "email_bad_domain", "no dot in the domain"),
            ("zhangsan@abc..com", "email_bad_domain", "empty label"),
            ("zhangsan@abc.c", "email_bad_domain", "one-letter ending"),
            (
                "zhangsan@-abc.com",
                "email_bad_domain",
                "label starts with a dash",
            ),
        ];
        for (raw, code, why) in cases {
            let got = parse_email(raw);
            assert_eq!(
                got.as_ref().map_err(EmailProblem::code),
                Err(code),
                "{why}: {raw:?} gave {got:?}"
            );
        }
    }

    #[test]
    fn typos_are_flagged_with_a_suggestion_not_fixed() {
        let cases = [
            ("zhangsan@qq.co", "zhangsan@qq.com", "qq.co"),
            ("zhangsan@qq.con", "zhangsan@qq.com", "qq.con"),
            ("zhangsan@163.cn", "zhangsan@163.com", "163 serves .com"),
            ("zhangsan@abc.con", "zhangsan@abc.com", ".con on any domain"),
            (
                "zhangsan@abc.com.con",
                "zhangsan@abc.com.cn",
                ".com.con was meant as .com.cn",
            ),
            (
                "zhangsan@gmial.com",
                "zhangsan@gmail.com",
                "misspelt provider",
            ),
            ("zhangsan@hotmial.com", "zhangsan@hotmail.com", "hotmial"),
            ("zhangsan@qqcom", "zhangsan@qq.com", "forgotten dot"),
        ];
        for (raw, suggestion, why) in cases {
            assert_eq!(
                parse_email(raw),
                Err(EmailProblem::LikelyTypo {
                    raw: raw.to_string(),
                    suggestion: suggestion.to_string()
                }),
                "{why}: {raw:?}"
            );
        }
        assert!(
            parse_email("li@abc.cm").is_ok(),
            ".cm is a real ending: not flagged"
        );
        assert!(
            parse_email("li@qq.com").is_ok(),
            "the real domain is not flagged"
        );
    }

    #[test]
    fn every_problem_has_two_sentences_and_a_code() {
        let raw = || "x".to_string();
        let all = [
            EmailProblem::Empty,
            EmailProblem::NotAnEmail { raw: raw() },
            EmailProblem::BadDomain { raw: raw() },
            EmailProblem::SeveralAddresses { raw: raw() },
            EmailProblem::LikelyTypo {
                raw: raw(),
                suggestion: raw(),
            },
        ];
        let codes: std::collections::HashSet<&str> = all.iter().map(EmailProblem::code).collect();
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
    }
}
