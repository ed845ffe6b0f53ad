//! Merging what a new list says about a person into the lead already stored: blanks are filled,
//! a different value is kept aside as a conflict, nothing is overwritten silently.

use serde::{Deserialize, Serialize};

use super::company_key;
use super::width::to_half_width;
use super::Attendee;
use crate::Lang;

/// The lead fields an import can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadField {
    Name,
    Mobile,
    Email,
    Company,
    Department,
    Title,
    Region,
    Industry,
    OtherPhones,
    WeChat,
}

impl LeadField {
    pub const ALL: [LeadField; 10] = [
        LeadField::Name,
        LeadField::Mobile,
        LeadField::Email,
        LeadField::Company,
        LeadField::Department,
        LeadField::Title,
        LeadField::Region,
        LeadField::Industry,
        LeadField::OtherPhones,
        LeadField::WeChat,
    ];

    /// The storage code, which is also the person table's column name.
    pub fn code(self) -> &'static str {
        match self {
            LeadField::Name => "name",
            LeadField::Mobile => "mobile",
            LeadField::Email => "email",
            LeadField::Company => "company",
            LeadField::Department => "department",
            LeadField::Title => "title",
            LeadField::Region => "city",
            LeadField::Industry => "industry",
            LeadField::OtherPhones => "other_phones",
            LeadField::WeChat => "wechat",
        }
    }

    pub fn from_code(code: &str) -> Option<LeadField> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            LeadField::Name => lang.pick("姓名", "Name"),
            LeadField::Mobile => lang.pick("手机", "Mobile"),
            LeadField::Email => lang.pick("邮箱", "Email"),
            LeadField::Company => lang.pick("公司", "Company"),
            LeadField::Department => lang.pick("部门", "Department"),
            LeadField::Title => lang.pick("职位", "Title"),
            LeadField::Region => lang.pick("地区", "Region"),
            LeadField::Industry => lang.pick("行业", "Industry"),
            LeadField::OtherPhones => lang.pick("其他电话", "Other phones"),
            LeadField::WeChat => lang.pick("微信", "WeChat"),
        }
    }
}

/// Separates numbers in [`LeadFields::other_phones`].
pub const PHONE_SEPARATOR: &str = " / ";

/// A lead's mergeable fields as stored; "" is blank.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LeadFields {
    pub name: String,
    pub mobile: String,
    pub email: String,
    pub company: String,
    pub department: String,
    pub title: String,
    pub region: String,
    pub industry: String,
    pub other_phones: String,
    pub wechat: String,
}

impl LeadFields {
    pub fn get(&self, field: LeadField) -> &str {
        match field {
            LeadField::Name => &self.name,
            LeadField::Mobile => &self.mobile,
            LeadField::Email => &self.email,
            LeadField::Company => &self.company,
            LeadField::Department => &self.department,
            LeadField::Title => &self.title,
            LeadField::Region => &self.region,
            LeadField::Industry => &self.industry,
            LeadField::OtherPhones => &self.other_phones,
            LeadField::WeChat => &self.wechat,
        }
    }

    pub fn set(&mut self, field: LeadField, value: String) {
        let slot = match field {
            LeadField::Name => &mut self.name,
            LeadField::Mobile => &mut self.mobile,
            LeadField::Email => &mut self.email,
            LeadField::Company => &mut self.company,
            LeadField::Department => &mut self.department,
            LeadField::Title => &mut self.title,
            LeadField::Region => &mut self.region,
            LeadField::Industry => &mut self.industry,
            LeadField::OtherPhones => &mut self.other_phones,
            LeadField::WeChat => &mut self.wechat,
        };
        *slot = value;
    }
}

impl From<Attendee> for LeadFields {
    /// Moves the attendee's text into the fields: an import makes one per row.
    fn from(a: Attendee) -> LeadFields {
        LeadFields {
            name: a.name.map(String::from).unwrap_or_default(),
            mobile: a.mobile.map(String::from).unwrap_or_default(),
            email: a.email.map(String::from).unwrap_or_default(),
            company: a.company,
            department: a.department,
            title: a.title,
            region: a.region,
            industry: a.industry,
            other_phones: a
                .other_phones
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(PHONE_SEPARATOR),
            wechat: a.wechat,
        }
    }
}

impl LeadFields {
    /// Whether the lead can be reached: a mobile, another phone, an email or a WeChat ID.
    pub fn has_contact(&self) -> bool {
        !(self.mobile.is_empty()
            && self.other_phones.is_empty()
            && self.email.is_empty()
            && self.wechat.is_empty())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The stored value was blank (or, for other phones, lacked these numbers) and now holds
    /// the list's value.
    Filled,
    /// The list says something else; the stored value stays and the list's is kept on record.
    Conflict,
}

impl ChangeKind {
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Filled => "filled",
            ChangeKind::Conflict => "conflict",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: LeadField,
    pub kind: ChangeKind,
    pub before: String,
    /// For `Filled` the new stored value; for `Conflict` the value the list had.
    pub after: String,
}

/// What merging `incoming` into `stored` changes. Values that differ only in width, case,
/// spacing or (for companies) legal form are the same value and change nothing. A second
/// mobile is a conflict and also joins the other phones: the person gave it, and a later list
/// with only that number must still find them (see [`super::MatchKeys::namesake_of`]).
pub fn merge_fields(stored: &LeadFields, incoming: &LeadFields) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let second_mobile = (!stored.mobile.is_empty() && stored.mobile != incoming.mobile)
        .then_some(incoming.mobile.as_str())
        .filter(|m| !m.is_empty());
    for field in LeadField::ALL {
        let (before, after) = (stored.get(field), incoming.get(field));
        if field == LeadField::OtherPhones {
            let mut all: Vec<&str> = split_phones(before).collect();
            let mut fresh: Vec<&str> = Vec::new();
            for p in second_mobile.into_iter().chain(split_phones(after)) {
                if !all.contains(&p) && !fresh.contains(&p) && p != stored.mobile {
                    fresh.push(p);
                }
            }
            if !fresh.is_empty() {
                all.extend(fresh);
                changes.push(FieldChange {
                    field,
                    kind: ChangeKind::Filled,
                    before: before.to_string(),
                    after: all.join(PHONE_SEPARATOR),
                });
            }
            continue;
        }
        if after.is_empty() {
            continue;
        }
        let kind = if before.is_empty() {
            ChangeKind::Filled
        } else if same_value(field, before, after) {
            continue;
        } else {
            ChangeKind::Conflict
        };
        changes.push(FieldChange {
            field,
            kind,
            before: before.to_string(),
            after: after.to_string(),
        });
    }
    changes
}

fn split_phones(s: &str) -> impl Iterator<Item = &str> {
    s.split(PHONE_SEPARATOR)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

fn same_value(field: LeadField, a: &str, b: &str) -> bool {
    if field == LeadField::Company {
        return company_key(a) == company_key(b);
    }
    let plain = |s: &str| -> String {
        to_half_width(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    plain(a) == plain(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(name: &str, company: &str, title: &str) -> LeadFields {
        LeadFields {
            name: name.into(),
            company: company.into(),
            title: title.into(),
            ..LeadFields::default()
        }
    }

    #[test]
    fn blanks_fill_and_differences_conflict() {
        let stored = lead("张三", "中国工商银行股份有限公司", "");
        let mut incoming = lead("张 三", "中国工商银行", "总监");
        incoming.email = "zs@icbc.com.cn".into();
        incoming.department = "信息科技部".into();
        let changes = merge_fields(&stored, &incoming);
        let kinds: Vec<_> = changes.iter().map(|c| (c.field, c.kind)).collect();
        assert_eq!(
            kinds,
            [
                (LeadField::Email, ChangeKind::Filled),
                (LeadField::Department, ChangeKind::Filled),
                (LeadField::Title, ChangeKind::Filled),
            ],
            "name and company are the same value written differently"
        );
        let moved = merge_fields(
            &lead("张三", "招商银行", "经理"),
            &lead("张三", "平安银行", "经理"),
        );
        assert_eq!(moved.len(), 1, "{moved:?}");
        assert_eq!(
            moved[0].kind,
            ChangeKind::Conflict,
            "a new employer is a conflict"
        );
        assert_eq!(
            (moved[0].before.as_str(), moved[0].after.as_str()),
            ("招商银行", "平安银行")
        );
    }

    #[test]
    fn other_phones_accumulate() {
        let mut stored = LeadFields {
            mobile: "13812345678".into(),
            other_phones: "010-88886666".into(),
            ..LeadFields::default()
        };
        let incoming = LeadFields {
            other_phones: "010-88886666 / 13812345678 / 021-66668888".into(),
            ..LeadFields::default()
        };
        let changes = merge_fields(&stored, &incoming);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            changes[0].after, "010-88886666 / 021-66668888",
            "only the new number is added"
        );
        stored.other_phones = changes[0].after.clone();
        assert!(
            merge_fields(&stored, &incoming).is_empty(),
            "merging twice changes nothing"
        );
    }

    #[test]
    fn a_second_mobile_is_a_conflict_kept_among_the_other_phones() {
        let stored = LeadFields {
            name: "陈静".into(),
            mobile: "13812345678".into(),
            email: "cj@a.cn".into(),
            ..LeadFields::default()
        };
        let incoming = LeadFields {
            mobile: "13912345678".into(),
            email: "cj@a.cn".into(),
            ..LeadFields::default()
        };
        let changes = merge_fields(&stored, &incoming);
        let got: Vec<_> = changes
            .iter()
            .map(|c| (c.field, c.kind, c.after.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (LeadField::Mobile, ChangeKind::Conflict, "13912345678"),
                (LeadField::OtherPhones, ChangeKind::Filled, "13912345678"),
            ],
            "the stored mobile stays, the new one is kept as another phone"
        );
        let mut after = stored.clone();
        after.other_phones = "13912345678".into();
        let again = merge_fields(&after, &incoming);
        assert_eq!(
            again.iter().map(|c| c.field).collect::<Vec<_>>(),
            [LeadField::Mobile],
            "once kept, the number is not added again: {again:?}"
        );
    }
}
