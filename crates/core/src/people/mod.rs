//! The people on attendee lists: cleaning what registration and check-in sheets say about a
//! person before it reaches the lead warehouse (线索仓). Pure functions, no I/O.
//!
//! Each cleaner returns the clean value or a problem with a stable `code()` and a `message(lang)`
//! sentence; values Excel has already destroyed ("1.38E+10") are refused, never guessed.
//! Company names give a key for matching and a tidy form for display; titles and departments
//! give seniority, buying role and buying-centre function.
//!
//! ```
//! use marketdesk_core::people::{
//!     classify_department, classify_title, company_key, parse_email, parse_name, parse_phone,
//!     parse_phones, Function, Phone, PhoneProblem, Role, Seniority,
//! };
//! use marketdesk_core::Lang;
//!
//! let phone = parse_phone("+86 138-1234-5678").unwrap();
//! assert!(matches!(phone, Phone::Mobile(_)));
//! assert_eq!(phone.to_string(), "13812345678");
//! assert_eq!(phone.pretty(Lang::ZhCn), "138 1234 5678");
//! assert_eq!(parse_phone("010-8888 6666 转 123").unwrap().to_string(), "010-88886666 转 123");
//!
//! let cell = parse_phones("13812345678/13987654321").unwrap();
//! assert_eq!(cell.primary().to_string(), "13812345678");
//! assert_eq!(cell.others().len(), 1);
//!
//! let lost = parse_phone("1.38E+10").unwrap_err();
//! assert!(matches!(lost, PhoneProblem::DestroyedByExcel { .. }));
//! assert!(lost.message(Lang::ZhCn).contains("科学计数法"));
//!
//! assert_eq!(parse_email(" ZhangSan＠ICBC.com.cn ").unwrap().as_str(), "zhangsan@icbc.com.cn");
//! assert_eq!(parse_name("张　三").unwrap().as_str(), "张三");
//! assert_eq!(company_key("中国工商银行股份有限公司"), company_key("中国工商银行"));
//!
//! assert_eq!(classify_title("副总经理"), (Seniority::VpDirector, Role::DecisionMaker));
//! assert_eq!(classify_department("信息科技部", ""), Function::Technology);
//! assert_eq!(classify_department("", "CTO"), Function::Technology);
//! ```

mod attendee;
mod blank;
mod check_in;
mod columns;
mod company;
mod department;
mod email;
mod keywords;
mod memo;
mod merge;
mod name;
mod phone;
mod region;
mod title;
mod width;

pub use attendee::{
    clean_row, shares_a_contact, Attendee, CellProblem, CleanRow, ContactKey, Identity, MatchKeys,
    Rejection, SharedContact,
};
pub use check_in::{is_check_in_word, CheckInMark};
pub use columns::{guess_column, map_headers, Column};
pub use company::{company_key, display_company};
pub use department::{classify_department, Function};
pub use email::{parse_email, Email, EmailProblem};
pub use merge::{merge_fields, ChangeKind, FieldChange, LeadField, LeadFields, PHONE_SEPARATOR};
pub use name::{parse_name, NameProblem, PersonName};
pub use phone::{parse_phone, parse_phones, Landline, Mobile, Phone, PhoneProblem, Phones};
pub use region::tidy_region;
pub use title::{classify_title, Role, Seniority};
pub use width::{half_width_char, to_half_width};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters attendee lists are made of, so random cells hit the interesting paths.
    const CELL: &str = "[0-9０-９a-zA-Zａ-ｚ()（）【】\\-+.,;:/、 　@*#xX转分机号公司有限股份集团分行中国深圳张三经理总副助理部科技]{0,40}";

    proptest! {
        #[test]
        fn cleaners_never_panic(cell in CELL, any in any::<String>()) {
            for text in [&cell, &any] {
                let _ = parse_phone(text);
                let _ = parse_phones(text);
                let _ = parse_email(text);
                let _ = parse_name(text);
                let _ = company_key(text);
                let _ = display_company(text);
                let _ = classify_title(text);
                let _ = classify_department(text, text);
            }
        }

        #[test]
        fn canonical_phones_read_back(cell in CELL) {
            if let Ok(phone) = parse_phone(&cell) {
                prop_assert_eq!(parse_phone(&phone.to_string()), Ok(phone.clone()), "Display reads back");
                prop_assert_eq!(parse_phone(&phone.pretty(crate::Lang::ZhCn)), Ok(phone), "pretty reads back");
            }
        }

        #[test]
        fn mobiles_survive_decoration(
            digits in "1[3-9][0-9]{9}",
            prefix in prop::sample::select(vec!["", "+86 ", "86", "0086-", "+86-", "手机：", "Tel: "]),
            full_width in any::<bool>(),
            dashed in any::<bool>(),
        ) {
            let body = if dashed {
                format!("{}-{}-{}", &digits[..3], &digits[3..7], &digits[7..])
            } else {
                digits.clone()
            };
            let mut cell = format!("{prefix}{body}");
            if full_width {
                cell = cell
                    .chars()
                    .map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
                    .collect();
            }
            let phone = parse_phone(&cell);
            prop_assert_eq!(phone.map(|p| p.to_string()), Ok(digits), "cell {:?}", cell);
        }

        #[test]
        fn display_name_keeps_the_key(cell in CELL) {
            prop_assert_eq!(company_key(&display_company(&cell)), company_key(&cell), "display of {:?}", cell);
        }
    }
}
