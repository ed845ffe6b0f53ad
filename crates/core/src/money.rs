use std::fmt;
use std::iter::Sum;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{CoreError, Result};

/// An exact amount of Chinese yuan, held as integer fen (1 yuan = 100 fen).
///
/// Never a float: budgets are split, summed and compared to the fen. Amounts are bounded by
/// [`Money::MAX_ABS_FEN`] so that sums of many lines cannot overflow and an absurd input
/// ("999999999999999999") is refused instead of silently wrapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

const FEN_PER_YUAN: i64 = 100;
const FEN_PER_WAN: i64 = 1_000_000;
const FEN_PER_YI: i64 = 10_000_000_000;

impl Money {
    /// ¥1,000,000,000,000 (1 万亿): far beyond any marketing budget, far below i64 overflow.
    pub const MAX_ABS_FEN: i64 = 100_000_000_000_000;
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub const fn from_yuan(yuan: i64) -> Money {
        Money(yuan * FEN_PER_YUAN)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Checked constructor for values coming from files or the database.
    pub fn try_from_fen(fen: i64) -> Result<Money> {
        if fen.abs() > Self::MAX_ABS_FEN {
            return Err(CoreError::AmountOutOfRange {
                input: fen.to_string(),
            });
        }
        Ok(Money(fen))
    }

    pub fn checked_add(self, other: Money) -> Result<Money> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or(CoreError::Overflow)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money> {
        self.0
            .checked_sub(other.0)
            .map(Money)
            .ok_or(CoreError::Overflow)
    }

    /// This amount shared among `count` (cost per lead, per attendee), rounded half away from
    /// zero to the fen; None for a count of zero or less.
    pub fn per(self, count: i64) -> Option<Money> {
        (count > 0).then(|| Money(round_div(self.0, count)))
    }

    /// Parses what a user types: `2000000`, `2,000,000.50`, `¥2,000,000`, `￥ 1 234`, `200万`,
    /// `12.5万元`, `2亿`. Separators must group thousands (`1,00,000` is refused: it could be
    /// either 10万 or 100万). More precision than a fen is refused rather than rounded, so
    /// nothing changes behind the user's back.
    pub fn parse(input: &str) -> Result<Money> {
        let invalid = || CoreError::InvalidAmount {
            input: input.to_string(),
        };
        let is_separator = |c: char| matches!(c, ',' | '，' | ' ' | '\u{3000}' | '\u{a0}' | '_');
        let mut s: String = input
            .trim()
            .chars()
            .map(|c| match c {
                // Full-width digits and point, as typed with a Chinese IME.
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '．' => '.',
                '－' | '−' => '-',
                _ => c,
            })
            .collect();
        let negative = s.starts_with('-');
        if negative {
            s.remove(0);
        }
        let s = s
            .trim_start_matches(['¥', '￥'])
            .trim_start_matches([' ', '\u{3000}', '\u{a0}']);
        let s = s.strip_suffix('元').unwrap_or(s);
        let (number, scale_fen, max_decimals) = if let Some(n) = s.strip_suffix('亿') {
            (n, FEN_PER_YI, 10)
        } else if let Some(n) = s.strip_suffix('万') {
            (n, FEN_PER_WAN, 6)
        } else {
            (s, FEN_PER_YUAN, 2)
        };
        let number = number.trim_end_matches([' ', '\u{3000}', '\u{a0}']);
        let (grouped, frac_part) = match number.split_once('.') {
            Some((i, f)) => (i, f),
            None => (number, ""),
        };
        // 1,234,567 or 1234567: every group after the first has three digits.
        let groups: Vec<&str> = grouped.split(is_separator).collect();
        let thousands = groups.len() == 1
            || (!groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3));
        if !thousands {
            let digits = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
            return Err(if digits && groups.iter().all(|g| !g.is_empty()) {
                CoreError::AmbiguousGrouping {
                    input: input.to_string(),
                }
            } else {
                invalid()
            });
        }
        let int_part: String = groups.concat();
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
            || frac_part.len() > max_decimals
        {
            return Err(invalid());
        }
        let out_of_range = || CoreError::AmountOutOfRange {
            input: input.to_string(),
        };
        let int_value: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| out_of_range())?
        };
        let mut frac_fen: i64 = 0;
        if !frac_part.is_empty() {
            let digits: i64 = frac_part.parse().map_err(|_| invalid())?;
            let denom = 10_i64.pow(frac_part.len() as u32);
            // frac_part has at most the decimals that map to whole fen, so this is exact.
            frac_fen = digits * (scale_fen / denom);
        }
        let fen = int_value
            .checked_mul(scale_fen)
            .and_then(|v| v.checked_add(frac_fen))
            .ok_or_else(out_of_range)?;
        if fen > Self::MAX_ABS_FEN {
            return Err(out_of_range());
        }
        Ok(Money(if negative { -fen } else { fen }))
    }

    /// `123.46万`: the unit leadership reads in summaries and charts, rounded half away from zero.
    pub fn format_wan(self) -> String {
        let hundredths = round_div(self.0, FEN_PER_WAN / 100);
        let sign = if hundredths < 0 { "-" } else { "" };
        let abs = hundredths.unsigned_abs();
        format!("{sign}{}.{:02}万", group_thousands(abs / 100), abs % 100)
    }

    /// The short form for charts and summaries in the reader's language: `123.46万` in Chinese;
    /// `¥1.23M` or `¥45.6k` in English, which has no 万.
    pub fn format_short(self, lang: crate::Lang) -> String {
        if lang == crate::Lang::ZhCn {
            return self.format_wan();
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs() as i64;
        if abs >= 100_000_000 {
            // Millions with two decimals: hundredths of a million are 10,000 yuan.
            let h = round_div(abs, 1_000_000);
            format!(
                "{sign}¥{}.{:02}M",
                group_thousands((h / 100) as u64),
                h % 100
            )
        } else {
            // Thousands with one decimal: tenths of a thousand are 100 yuan.
            let t = round_div(abs, 10_000);
            if t >= 10_000 {
                format!("{sign}¥1.00M")
            } else {
                format!("{sign}¥{}.{}k", t / 10, t % 10)
            }
        }
    }

    /// `1,234,567.89` without the currency sign, for tables that put ¥ in the header.
    pub fn format_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!(
            "{sign}{}.{:02}",
            group_thousands(abs / FEN_PER_YUAN as u64),
            abs % FEN_PER_YUAN as u64
        )
    }
}

/// `¥1,234,567.89`; negatives as `-¥1,234.00`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.format_plain();
        match plain.strip_prefix('-') {
            Some(rest) => write!(f, "-¥{rest}"),
            None => write!(f, "¥{plain}"),
        }
    }
}

fn round_div(n: i64, d: i64) -> i64 {
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d {
        q + n.signum()
    } else {
        q
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl Sum for Money {
    /// Sums are bounded by count × MAX_ABS_FEN, which fits i64 for any list shorter than 92,000 lines;
    /// callers summing user data beyond that use `checked_add`.
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

/// Money crosses the IPC boundary as a string of fen: JavaScript numbers lose precision past 2^53.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Money, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Int(i64),
        }
        let fen = match Repr::deserialize(d)? {
            Repr::Text(s) => s.trim().parse::<i64>().map_err(serde::de::Error::custom)?,
            Repr::Int(i) => i,
        };
        Money::try_from_fen(fen).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_yuan_with_thousands_and_fen() {
        assert_eq!(Money::from_fen(123_456_789).to_string(), "¥1,234,567.89");
        assert_eq!(Money::from_fen(5).to_string(), "¥0.05");
        assert_eq!(Money::from_fen(-100_000).to_string(), "-¥1,000.00");
        assert_eq!(Money::ZERO.to_string(), "¥0.00");
    }

    #[test]
    fn formats_wan_with_two_decimals_rounded_half_away() {
        assert_eq!(Money::from_fen(123_456_789).format_wan(), "123.46万");
        assert_eq!(Money::from_yuan(2_000_000).format_wan(), "200.00万");
        assert_eq!(
            Money::from_yuan(50).format_wan(),
            "0.01万",
            "¥50 = 0.005万 rounds up"
        );
        assert_eq!(Money::from_yuan(49).format_wan(), "0.00万");
        assert_eq!(Money::from_yuan(-15_000).format_wan(), "-1.50万");
        assert_eq!(Money::from_yuan(123_456_789).format_wan(), "12,345.68万");
    }

    #[test]
    fn the_short_form_has_no_wan_in_english() {
        use crate::Lang;
        assert_eq!(
            Money::from_yuan(1_400_000).format_short(Lang::ZhCn),
            "140.00万"
        );
        assert_eq!(Money::from_yuan(1_400_000).format_short(Lang::En), "¥1.40M");
        assert_eq!(Money::from_yuan(45_600).format_short(Lang::En), "¥45.6k");
        assert_eq!(Money::from_yuan(999_990).format_short(Lang::En), "¥1.00M");
        assert_eq!(Money::from_yuan(-20_000).format_short(Lang::En), "-¥20.0k");
        assert_eq!(Money::ZERO.format_short(Lang::En), "¥0.0k");
        assert_eq!(
            Money::from_yuan(1_234_000_000).format_short(Lang::En),
            "¥1,234.00M"
        );
    }

    #[test]
    fn cost_per_unit_rounds_to_the_fen_and_refuses_zero() {
        assert_eq!(Money::from_fen(100).per(3), Some(Money::from_fen(33)));
        assert_eq!(Money::from_fen(200).per(3), Some(Money::from_fen(67)));
        assert_eq!(
            Money::from_yuan(80_000).per(0),
            None,
            "no leads, no cost per lead"
        );
    }

    #[test]
    fn parses_what_users_type() {
        let cases = [
            ("2000000", 200_000_000),
            ("2,000,000.5", 200_000_050),
            ("¥2,000,000", 200_000_000),
            ("￥ 1 234.56", 123_456),
            ("200万", 200_000_000),
            ("12.5万元", 12_500_000),
            ("0.000001万", 1),
            ("１２３", 12_300),
            ("-10", -1_000),
            (".5", 50),
            ("2亿", 20_000_000_000),
            ("1.5亿元", 15_000_000_000),
            ("0.0000000001亿", 1),
            ("12,345", 1_234_500),
            ("1，000，000", 100_000_000),
            ("−5", -500),
        ];
        for (input, fen) in cases {
            assert_eq!(
                Money::parse(input),
                Ok(Money::from_fen(fen)),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn refuses_garbage_sub_fen_and_absurd_amounts() {
        for bad in [
            "",
            "abc",
            "1.234",
            "1e6",
            "12..3",
            "¥",
            "万",
            "1.0000001万",
            "--1",
            ",100",
            "1,000.000,5",
            "1,,000",
            "0.00000000001亿",
        ] {
            assert!(
                matches!(Money::parse(bad), Err(CoreError::InvalidAmount { .. })),
                "{bad:?} must be refused as invalid"
            );
        }
        for unclear in ["1,00,000", "10,0000", "1 00 000"] {
            assert!(
                matches!(
                    Money::parse(unclear),
                    Err(CoreError::AmbiguousGrouping { .. })
                ),
                "{unclear:?}: grouped otherwise than in threes, it could mean two amounts"
            );
        }
        for huge in ["99999999999999999999", "1000000000001", "200000000万"] {
            assert!(
                matches!(Money::parse(huge), Err(CoreError::AmountOutOfRange { .. })),
                "{huge:?} must be refused as out of range"
            );
        }
    }

    #[test]
    fn crosses_json_as_a_string_of_fen_and_refuses_absurd_values() {
        let m = Money::from_fen(9_007_199_254_740_993 % Money::MAX_ABS_FEN);
        let json = serde_json::to_string(&m).expect("serializes");
        assert_eq!(
            json,
            format!("\"{}\"", m.fen()),
            "money must travel as a string"
        );
        assert_eq!(
            serde_json::from_str::<Money>(&json).ok(),
            Some(m),
            "round trip"
        );
        assert_eq!(
            serde_json::from_str::<Money>("1500").ok(),
            Some(Money::from_fen(1500))
        );
        assert!(serde_json::from_str::<Money>("\"9223372036854775807\"").is_err());
    }
}
