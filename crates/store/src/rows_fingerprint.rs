//! A list recognised by its rows rather than its bytes: the same people re-saved by Excel, as
//! CSV instead of xlsx or in another encoding give the same fingerprint, so the import is not
//! taken twice (which would register everyone on it a second time).
//!
//! Each accepted row is hashed from its fields as stored (after cleaning: widths, spaces and
//! phone formats no longer differ) and the hashes are added up, so the order of the rows does
//! not matter either; the row count is part of the fingerprint.

use marketdesk_core::people::{CheckInMark, LeadFields};

/// One accepted row's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowHash(u128);

impl RowHash {
    pub(crate) fn of(fields: &LeadFields, check_in: Option<CheckInMark>) -> RowHash {
        let mut h = blake3::Hasher::new();
        for value in [
            &fields.name,
            &fields.mobile,
            &fields.email,
            &fields.company,
            &fields.department,
            &fields.title,
            &fields.region,
            &fields.industry,
            &fields.other_phones,
            &fields.wechat,
        ] {
            // Length first: ("ab", "c") and ("a", "bc") hash apart.
            h.update(&(value.len() as u64).to_le_bytes());
            h.update(value.as_bytes());
        }
        let mark: u8 = match check_in {
            None => 0,
            Some(CheckInMark::Came) => 1,
            Some(CheckInMark::Absent) => 2,
            Some(CheckInMark::Blank) => 3,
            Some(CheckInMark::Unclear) => 4,
        };
        h.update(&[mark]);
        let bytes: [u8; 16] = h.finalize().as_bytes()[..16]
            .try_into()
            .expect("a blake3 hash has 32 bytes");
        RowHash(u128::from_le_bytes(bytes))
    }
}

/// The accepted rows of a list so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RowsFingerprint {
    sum: u128,
    rows: u64,
}

impl RowsFingerprint {
    pub(crate) fn add(&mut self, row: RowHash) {
        self.sum = self.sum.wrapping_add(row.0);
        self.rows += 1;
    }

    /// As stored with the import; "" for a list with no accepted row.
    pub(crate) fn to_text(self) -> String {
        if self.rows == 0 {
            return String::new();
        }
        format!("{}:{:032x}", self.rows, self.sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(name: &str, mobile: &str) -> LeadFields {
        LeadFields {
            name: name.into(),
            mobile: mobile.into(),
            ..LeadFields::default()
        }
    }

    fn of(rows: &[(LeadFields, Option<CheckInMark>)]) -> String {
        let mut f = RowsFingerprint::default();
        for (fields, mark) in rows {
            f.add(RowHash::of(fields, *mark));
        }
        f.to_text()
    }

    #[test]
    fn the_same_rows_in_any_order_are_the_same_list() {
        let a = (lead("张三", "13800000001"), None);
        let b = (lead("李四", "13800000002"), None);
        assert_eq!(of(&[a.clone(), b.clone()]), of(&[b.clone(), a.clone()]));
        assert_ne!(of(&[a.clone(), b.clone()]), of(std::slice::from_ref(&a)));
        assert_ne!(
            of(&[a.clone(), b.clone()]),
            of(&[a.clone(), b.clone(), b.clone()])
        );
        assert_eq!(of(&[]), "");
    }

    #[test]
    fn a_changed_value_or_check_in_is_another_list() {
        let a = lead("张三", "13800000001");
        assert_ne!(
            of(&[(a.clone(), None)]),
            of(&[(lead("张三", "13800000009"), None)])
        );
        assert_ne!(
            of(&[(a.clone(), Some(CheckInMark::Came))]),
            of(&[(a.clone(), Some(CheckInMark::Blank))])
        );
        assert_ne!(
            of(&[(lead("ab", "c"), None)]),
            of(&[(lead("a", "bc"), None)])
        );
    }
}
