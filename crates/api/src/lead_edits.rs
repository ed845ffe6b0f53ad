//! Changing a lead by hand: its fields (checked as an import checks them), merging two leads the
//! importer rightly kept apart, splitting a merge, erasing a person on request. Scores follow.

use marketdesk_core::people::LeadFields;
use marketdesk_core::{parse_email, parse_phone, Lang, Phone};
use marketdesk_store::MergeRow;

use crate::error::{ApiError, ToApi};

/// Checks and normalises the form as an import would read the same cells: a mobile becomes its
/// 11 digits, an email lower case; a bad one is refused with the field named.
fn checked(form: &LeadFields, lang: Lang) -> crate::Result<LeadFields> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(ApiError::new(
            "name_required",
            lang.pick("请填写姓名。", "Enter a name.").into(),
        )
        .with_field("name"));
    }
    let mobile = match form.mobile.trim() {
        "" => String::new(),
        raw => match parse_phone(raw) {
            Ok(Phone::Mobile(m)) => String::from(m),
            Ok(_) => {
                return Err(ApiError::new(
                    "not_a_mobile",
                    match lang {
                        Lang::ZhCn => format!("“{raw}”不是手机号；座机请填在“其他电话”。"),
                        Lang::En => {
                            format!("“{raw}” is not a mobile; put landlines under other phones.")
                        }
                    },
                )
                .with_field("mobile"))
            }
            Err(p) => {
                return Err(ApiError::new("invalid_mobile", p.message(lang)).with_field("mobile"))
            }
        },
    };
    let email = match form.email.trim() {
        "" => String::new(),
        raw => String::from(
            parse_email(raw)
                .map_err(|p| ApiError::new("invalid_email", p.message(lang)).with_field("email"))?,
        ),
    };
    let t = |s: &str| s.trim().to_string();
    Ok(LeadFields {
        name: name.into(),
        mobile,
        email,
        company: t(&form.company),
        department: t(&form.department),
        title: t(&form.title),
        region: t(&form.region),
        industry: t(&form.industry),
        other_phones: t(&form.other_phones),
        wechat: t(&form.wechat),
    })
}

impl crate::Session {
    /// Saves a lead's fields typed by hand; returns how many changed.
    pub fn edit_lead(&self, person_id: i64, form: &LeadFields, who: &str) -> crate::Result<usize> {
        let lang = self.lang();
        let fields = checked(form, lang)?;
        let changed = self.store().edit_lead(person_id, &fields, who).user(lang)?;
        if changed > 0 {
            // A title or department changes the fit.
            self.rescore_after(&[person_id])?;
        }
        Ok(changed)
    }

    /// Merges `merged` into `kept`; returns the merge's id (to split it again).
    pub fn merge_leads(&self, kept: i64, merged: i64, who: &str) -> crate::Result<i64> {
        let lang = self.lang();
        let id = self.store().merge_leads(kept, merged, who).user(lang)?;
        self.rescore_after(&[kept])?;
        Ok(id)
    }

    /// Splits a merge; returns the id of the lead given back.
    pub fn split_merge(&self, merge_id: i64, who: &str) -> crate::Result<i64> {
        let lang = self.lang();
        let (kept, merged) = {
            let mut store = self.store();
            let merged = store.split_merge(merge_id, who).user(lang)?;
            let kept = store
                .merges_of(merged)
                .user(lang)?
                .into_iter()
                .find(|m| m.id == merge_id)
                .map(|m| m.kept_id);
            (kept, merged)
        };
        self.rescore_after(
            &[Some(merged), kept]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
        )?;
        Ok(merged)
    }

    pub fn merges_of(&self, person_id: i64) -> crate::Result<Vec<MergeRow>> {
        let lang = self.lang();
        self.reader().merges_of(person_id).user(lang)
    }

    /// Erases a person everywhere (个人信息保护法). `confirm` must be the lead's name as shown,
    /// so an erasure is never one slip of a click. Returns the imported rows scrubbed.
    pub fn erase_person(&self, person_id: i64, confirm: &str) -> crate::Result<usize> {
        let lang = self.lang();
        let detail = self.reader().lead_detail(person_id).user(lang)?;
        if confirm.trim() != detail.fields.name {
            return Err(ApiError::new(
                "erase_unconfirmed",
                match lang {
                    Lang::ZhCn => format!(
                        "要删除“{}”的全部个人信息，请输入其姓名确认。删除后无法恢复，活动人数等统计保留。",
                        detail.fields.name
                    ),
                    Lang::En => format!(
                        "To erase everything about “{}”, type the name to confirm. This cannot be undone; event counts are kept.",
                        detail.fields.name
                    ),
                },
            )
            .with_field("confirm"));
        }
        let n = self.store().erase_person(person_id).user(lang)?;
        self.rescore_after(&[person_id])?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_read_as_an_import_reads_cells() {
        let form = LeadFields {
            name: " 王芳 ".into(),
            mobile: "138-0013-8000".into(),
            email: "Wang.Fang@Bank.CN".into(),
            ..Default::default()
        };
        let f = checked(&form, Lang::ZhCn).expect("valid");
        assert_eq!(
            (f.name.as_str(), f.mobile.as_str()),
            ("王芳", "13800138000")
        );
        assert_eq!(f.email, "wang.fang@bank.cn");
        let bad = LeadFields {
            name: "王芳".into(),
            mobile: "1.38E+10".into(),
            ..Default::default()
        };
        let e = checked(&bad, Lang::ZhCn).expect_err("refused");
        assert_eq!(e.field.as_deref(), Some("mobile"));
        assert!(checked(&LeadFields::default(), Lang::ZhCn).is_err());
    }
}
