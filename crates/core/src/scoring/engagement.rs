//! Engagement (互动分): points from what a lead did, fading with time. Kept apart from fit: a keen
//! clerk earns points but not a grade.
//!
//! A touch adds `weight × 0.5^(age ÷ half-life)` points, where the age is `as_of − day` in days
//! (a touch dated after `as_of` counts as of its own day, age 0). Each touch's points are rounded
//! once, to the hundredth, half away from zero; a kind's touches add up as integers, the kind's
//! cap bounds that sum, and the kinds add up in [`EngagementKind::ALL`] order. Integers add up the
//! same in any order, so the score cannot depend on the order the touches arrive in.
//!
//! The decay factors come from a table built once per scorecard (see [`DecayTable`]), computed
//! with `+ − × ÷` only — which IEEE 754 rounds the same on every platform — and held as integers,
//! so the same touches give the same hundredths on Windows, macOS and Linux.

use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Noun, Result};

/// What a lead did, or what we did with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementKind {
    /// 报名: registered for an event.
    Registered,
    /// 签到参会: registered and came.
    Attended,
    /// 报名未到: registered and did not come.
    NoShow,
    /// 现场签到: came without registering.
    WalkIn,
    /// 下载白皮书.
    Whitepaper,
    /// 线上研讨会: attended a webinar.
    Webinar,
    /// 表单留资: left their details in a form, asking to be contacted.
    Form,
    /// 拜访: we visited them.
    Visit,
    /// 电话接通: a call that got through.
    CallConnected,
    /// 电话未接通: a call that did not.
    CallUnreachable,
    /// 微信沟通.
    #[serde(rename = "wechat")]
    WeChat,
    /// 邮件往来: an email exchange.
    Email,
    /// 会面: a meeting (at an event, our office, a meal).
    Meeting,
}

impl EngagementKind {
    pub const COUNT: usize = 13;

    /// The order kinds add up in, and the explanation lists them.
    pub const ALL: [EngagementKind; EngagementKind::COUNT] = [
        EngagementKind::Registered,
        EngagementKind::Attended,
        EngagementKind::NoShow,
        EngagementKind::WalkIn,
        EngagementKind::Whitepaper,
        EngagementKind::Webinar,
        EngagementKind::Form,
        EngagementKind::Visit,
        EngagementKind::CallConnected,
        EngagementKind::CallUnreachable,
        EngagementKind::WeChat,
        EngagementKind::Email,
        EngagementKind::Meeting,
    ];

    /// A stable code for storage and the UI (also its serde name).
    pub fn code(self) -> &'static str {
        match self {
            EngagementKind::Registered => "registered",
            EngagementKind::Attended => "attended",
            EngagementKind::NoShow => "no_show",
            EngagementKind::WalkIn => "walk_in",
            EngagementKind::Whitepaper => "whitepaper",
            EngagementKind::Webinar => "webinar",
            EngagementKind::Form => "form",
            EngagementKind::Visit => "visit",
            EngagementKind::CallConnected => "call_connected",
            EngagementKind::CallUnreachable => "call_unreachable",
            EngagementKind::WeChat => "wechat",
            EngagementKind::Email => "email",
            EngagementKind::Meeting => "meeting",
        }
    }

    pub fn from_code(code: &str) -> Result<EngagementKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::EngagementKind,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            EngagementKind::Registered => lang.pick("报名", "Registered"),
            EngagementKind::Attended => lang.pick("签到参会", "Attended"),
            EngagementKind::NoShow => lang.pick("报名未到", "No-show"),
            EngagementKind::WalkIn => lang.pick("现场签到", "Walk-in"),
            EngagementKind::Whitepaper => lang.pick("下载白皮书", "Whitepaper download"),
            EngagementKind::Webinar => lang.pick("线上研讨会", "Webinar"),
            EngagementKind::Form => lang.pick("表单留资", "Form filled"),
            EngagementKind::Visit => lang.pick("拜访", "Visit"),
            EngagementKind::CallConnected => lang.pick("电话接通", "Call connected"),
            EngagementKind::CallUnreachable => lang.pick("电话未接通", "Call unreachable"),
            EngagementKind::WeChat => lang.pick("微信沟通", "WeChat"),
            EngagementKind::Email => lang.pick("邮件往来", "Email"),
            EngagementKind::Meeting => lang.pick("会面", "Meeting"),
        }
    }

    /// Why the default weight and cap are what they are, for the scorecard editor.
    pub fn why(self, lang: Lang) -> &'static str {
        match self {
            EngagementKind::Registered => lang.pick(
                "报名只需填个表（5 分），最多计 15 分：报名三场说明有兴趣，报名十场却从不到场不算成熟。",
                "Registering takes a form (5), counted up to 15: three registrations show interest; ten without ever coming do not make a ready lead.",
            ),
            EngagementKind::Attended => lang.pick(
                "签到参会是花了半天时间来听（15 分）。",
                "Attending means giving up half a day to listen (15).",
            ),
            EngagementKind::NoShow => lang.pick(
                "报名未到扣 10 分：报名的 5 分仍在，合计 −5，兴趣在减弱；最多扣到上限为止。",
                "A no-show takes 10 off: with the registration's 5 that is −5 net, interest fading; bounded by the cap if one is set.",
            ),
            EngagementKind::WalkIn => lang.pick(
                "现场签到与报名参会一样花了时间（15 分）。",
                "A walk-in gave the same time as an attendee (15).",
            ),
            EngagementKind::Whitepaper => lang.pick(
                "下载白皮书说明在做调研（8 分），最多计 24 分：反复下载资料本身不构成 MQL。",
                "A download means research (8), counted up to 24: collecting papers alone does not make an MQL.",
            ),
            EngagementKind::Webinar => lang.pick(
                "线上研讨会要坐满一小时（10 分）。",
                "A webinar takes an hour of attention (10).",
            ),
            EngagementKind::Form => lang.pick(
                "表单留资是主动要求联系（10 分）。",
                "A form asks to be contacted (10).",
            ),
            EngagementKind::Visit => lang.pick(
                "拜访是对方愿意在自己单位见我们，最强的信号（25 分）。",
                "A visit means they receive us at their own office, the strongest signal (25).",
            ),
            EngagementKind::CallConnected => lang.pick(
                "电话接通并交谈（10 分）。",
                "A call that got through and a conversation (10).",
            ),
            EngagementKind::CallUnreachable => lang.pick(
                "电话未接通不加分也不扣分：连续五个打不通很正常（种子文章）。",
                "An unanswered call neither adds nor takes away: five unreachable in a row is normal (seed 002).",
            ),
            EngagementKind::WeChat => lang.pick(
                "微信沟通成本低（5 分）。",
                "A WeChat exchange is cheap (5).",
            ),
            EngagementKind::Email => lang.pick(
                "邮件往来成本最低（3 分），最多计 9 分：多发邮件本身不构成 MQL。",
                "An email exchange costs least (3), counted up to 9: more emails alone do not make an MQL.",
            ),
            EngagementKind::Meeting => lang.pick(
                "会面是面对面深谈（20 分）。",
                "A meeting is a face-to-face conversation (20).",
            ),
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// One thing a lead did, on a day (days since 1970-01-01; the store converts dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Touch {
    pub kind: EngagementKind,
    pub day: i32,
}

/// How one kind of touch scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindRule {
    /// Points for one touch on the day it happens; negative takes points away.
    pub weight: i32,
    /// The most points (in whole points) all touches of this kind can add, after decay; for a
    /// negative weight, the most they can take away. `None`: no cap.
    #[serde(default)]
    pub cap: Option<u32>,
    /// This kind's own half-life in days; `None` uses the scorecard's.
    #[serde(default)]
    pub half_life_days: Option<u32>,
}

impl KindRule {
    const fn new(weight: i32, cap: Option<u32>) -> KindRule {
        KindRule {
            weight,
            cap,
            half_life_days: None,
        }
    }
}

/// The engagement rules: a [`KindRule`] per kind (a named field each, so none can be missing or
/// twice) and the half-life. A kind missing from an older JSON takes its default; within a kind
/// given only in part, a missing cap or half-life means none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Engagement {
    /// Days after which a touch counts half; 0 means touches never fade.
    pub half_life_days: u32,
    pub registered: KindRule,
    pub attended: KindRule,
    pub no_show: KindRule,
    pub walk_in: KindRule,
    pub whitepaper: KindRule,
    pub webinar: KindRule,
    pub form: KindRule,
    pub visit: KindRule,
    pub call_connected: KindRule,
    pub call_unreachable: KindRule,
    pub wechat: KindRule,
    pub email: KindRule,
    pub meeting: KindRule,
}

impl Default for Engagement {
    /// Weights grow with the effort a touch costs the lead: an email 3, a registration 5, a
    /// whitepaper 8, a form, a webinar or a call 10, coming to an event 15, a meeting 20, a visit
    /// at their office 25. A no-show takes 10 away; an unreachable call counts nothing (five in a
    /// row is normal, seed 002). Caps on the cheap, repeatable actions — registrations at 15,
    /// whitepapers at 24, emails at 9 — so that repeating one of them cannot make an MQL on its
    /// own: each cap is well under the default MQL threshold of 40. The two-way touches (calls,
    /// WeChat, meetings) are not capped: each one is a conversation. A half-life of 90 days, a
    /// quarter: a touch a year old counts about 6%.
    fn default() -> Engagement {
        Engagement {
            half_life_days: 90,
            registered: KindRule::new(5, Some(15)),
            attended: KindRule::new(15, None),
            no_show: KindRule::new(-10, None),
            walk_in: KindRule::new(15, None),
            whitepaper: KindRule::new(8, Some(24)),
            webinar: KindRule::new(10, None),
            form: KindRule::new(10, None),
            visit: KindRule::new(25, None),
            call_connected: KindRule::new(10, None),
            call_unreachable: KindRule::new(0, None),
            wechat: KindRule::new(5, None),
            email: KindRule::new(3, Some(9)),
            meeting: KindRule::new(20, None),
        }
    }
}

impl Engagement {
    pub fn get(&self, kind: EngagementKind) -> &KindRule {
        match kind {
            EngagementKind::Registered => &self.registered,
            EngagementKind::Attended => &self.attended,
            EngagementKind::NoShow => &self.no_show,
            EngagementKind::WalkIn => &self.walk_in,
            EngagementKind::Whitepaper => &self.whitepaper,
            EngagementKind::Webinar => &self.webinar,
            EngagementKind::Form => &self.form,
            EngagementKind::Visit => &self.visit,
            EngagementKind::CallConnected => &self.call_connected,
            EngagementKind::CallUnreachable => &self.call_unreachable,
            EngagementKind::WeChat => &self.wechat,
            EngagementKind::Email => &self.email,
            EngagementKind::Meeting => &self.meeting,
        }
    }

    pub fn get_mut(&mut self, kind: EngagementKind) -> &mut KindRule {
        match kind {
            EngagementKind::Registered => &mut self.registered,
            EngagementKind::Attended => &mut self.attended,
            EngagementKind::NoShow => &mut self.no_show,
            EngagementKind::WalkIn => &mut self.walk_in,
            EngagementKind::Whitepaper => &mut self.whitepaper,
            EngagementKind::Webinar => &mut self.webinar,
            EngagementKind::Form => &mut self.form,
            EngagementKind::Visit => &mut self.visit,
            EngagementKind::CallConnected => &mut self.call_connected,
            EngagementKind::CallUnreachable => &mut self.call_unreachable,
            EngagementKind::WeChat => &mut self.wechat,
            EngagementKind::Email => &mut self.email,
            EngagementKind::Meeting => &mut self.meeting,
        }
    }

    /// The half-life that applies to `kind`: its own, else the scorecard's.
    pub fn half_life(&self, kind: EngagementKind) -> u32 {
        self.get(kind).half_life_days.unwrap_or(self.half_life_days)
    }
}

/// Fixed-point scale of the decay table: factors are held in units of 2⁻⁴⁰.
const FRACTION_BITS: u32 = 40;

/// `2^(−r/h)` for every remainder `r` in `0..h`, in units of 2⁻⁴⁰. Whole half-lives are exact
/// shifts, so a touch exactly one half-life old counts exactly half.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DecayTable {
    pub(super) half_life: u32,
    fractions: Vec<u64>,
}

impl DecayTable {
    /// `half_life` must be at least 1 (0 means no decay and needs no table).
    pub(super) fn new(half_life: u32) -> DecayTable {
        let h = half_life.max(1);
        let fractions = (0..h)
            .map(|r| {
                let f = exp_neg(f64::from(r) / f64::from(h) * std::f64::consts::LN_2);
                // f is in (0.5, 1]; times 2^40 it is far inside u64 and exact to ~1e-4 units.
                (f * (1u64 << FRACTION_BITS) as f64).round() as u64
            })
            .collect();
        DecayTable {
            half_life: h,
            fractions,
        }
    }

    /// The decay factor for `age` days: `(fraction, shift)` meaning `fraction ÷ 2^shift`.
    fn factor(&self, age: u32) -> (u64, u32) {
        let h = self.half_life;
        let (halvings, rest) = (age / h, age % h);
        let fraction = self.fractions[rest as usize];
        // Past 23 halvings even the largest weight (100 points) rounds to 0.00.
        (fraction, FRACTION_BITS + halvings.min(23))
    }
}

/// `e^(−x)` for `x` in `[0, ln 2)` by its Taylor series, with `+ − × ÷` only: correctly rounded
/// by IEEE 754 on every platform, unlike `powf`/`exp`, which come from each system's libm.
fn exp_neg(x: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=24 {
        term = term * -x / f64::from(n);
        sum += term;
    }
    sum
}

/// One touch, decayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decayed {
    /// Days between the touch and `as_of`; 0 for a touch on or after `as_of`.
    pub(super) age_days: u32,
    /// The decay factor as `fraction ÷ 2^shift` (`1 ÷ 2^0` without decay).
    pub(super) fraction: u64,
    pub(super) shift: u32,
    /// Points after decay, in hundredths, rounded half away from zero.
    pub(super) hundredths: i64,
}

impl Decayed {
    /// The factor in millionths, rounded, for the explanation.
    pub(super) fn factor_millionths(&self) -> u32 {
        let scaled = u128::from(self.fraction) * 1_000_000;
        let half = (1u128 << self.shift) >> 1;
        ((scaled + half) >> self.shift) as u32
    }
}

/// `weight_hundredths × factor`, rounded once. `table` is `None` when the kind does not decay.
#[inline]
pub(super) fn decay(
    weight_hundredths: i64,
    table: Option<&DecayTable>,
    touch_day: i32,
    as_of: i32,
) -> Decayed {
    // Two i32s are at most 2^32 − 1 apart, so the age fits u32.
    let age_days = (i64::from(as_of) - i64::from(touch_day)).max(0) as u32;
    let Some(table) = table else {
        return Decayed {
            age_days,
            fraction: 1,
            shift: 0,
            hundredths: weight_hundredths,
        };
    };
    let (fraction, shift) = table.factor(age_days);
    // |weight| ≤ 10,000 hundredths < 2^14 and fraction ≤ 2^40: the product fits i64.
    let product = weight_hundredths * fraction as i64;
    let half = 1i64 << (shift - 1);
    let magnitude = (product.abs() + half) >> shift;
    Decayed {
        age_days,
        fraction,
        shift,
        hundredths: if product < 0 { -magnitude } else { magnitude },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for k in EngagementKind::ALL {
            assert_eq!(
                EngagementKind::from_code(k.code()),
                Ok(k),
                "code round trip"
            );
            let json = serde_json::to_string(&k).expect("serializes");
            assert_eq!(json, format!("\"{}\"", k.code()), "serde name is the code");
            assert_eq!(
                EngagementKind::ALL[k.index()],
                k,
                "index is the ALL position"
            );
        }
        assert_eq!(
            EngagementKind::from_code("fax"),
            Err(CoreError::UnknownCode {
                what: Noun::EngagementKind,
                value: "fax".into()
            })
        );
    }

    #[test]
    fn chinese_names_are_the_ones_users_type() {
        let names: Vec<&str> = EngagementKind::ALL
            .iter()
            .map(|k| k.name(Lang::ZhCn))
            .collect();
        assert_eq!(
            names,
            [
                "报名",
                "签到参会",
                "报名未到",
                "现场签到",
                "下载白皮书",
                "线上研讨会",
                "表单留资",
                "拜访",
                "电话接通",
                "电话未接通",
                "微信沟通",
                "邮件往来",
                "会面"
            ]
        );
    }

    #[test]
    fn whole_half_lives_are_exact() {
        let t = DecayTable::new(90);
        assert_eq!(decay(1500, Some(&t), 0, 0).hundredths, 1500, "age 0");
        assert_eq!(
            decay(1500, Some(&t), 0, 90).hundredths,
            750,
            "one half-life"
        );
        assert_eq!(
            decay(1500, Some(&t), 0, 180).hundredths,
            375,
            "two half-lives"
        );
        assert_eq!(
            decay(-1000, Some(&t), 0, 90).hundredths,
            -500,
            "negative halves too"
        );
        assert_eq!(
            decay(1500, None, 0, 10_000).hundredths,
            1500,
            "no table, no decay"
        );
        assert_eq!(
            decay(1500, Some(&t), 100, 0).hundredths,
            1500,
            "future touch is age 0"
        );
        assert_eq!(decay(1500, Some(&t), 100, 0).age_days, 0);
    }

    #[test]
    fn between_half_lives_matches_the_formula() {
        let t = DecayTable::new(90);
        for age in [1u32, 30, 45, 89, 91, 365, 1000] {
            let got = decay(10_000, Some(&t), 0, age as i32).hundredths;
            let want = (10_000.0 * 0.5f64.powf(f64::from(age) / 90.0)).round() as i64;
            assert!(
                (got - want).abs() <= 1,
                "age {age}: {got} vs {want} — the table must agree with 0.5^(age/h)"
            );
        }
        // 45 days at half-life 90 is √½: 15 × 0.70711 = 10.61.
        assert_eq!(decay(1500, Some(&t), 0, 45).hundredths, 1061);
        assert_eq!(decay(1500, Some(&t), 0, 45).factor_millionths(), 707_107);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let t = DecayTable::new(1);
        // 1 hundredth halved is 0.5 hundredths: away from zero is 1, and −1 for a negative.
        assert_eq!(decay(1, Some(&t), 0, 1).hundredths, 1);
        assert_eq!(decay(-1, Some(&t), 0, 1).hundredths, -1);
        assert_eq!(decay(1, Some(&t), 0, 2).hundredths, 0, "0.25 rounds down");
    }

    #[test]
    fn very_old_and_extreme_days_do_not_overflow() {
        let t = DecayTable::new(1);
        assert_eq!(decay(10_000, Some(&t), i32::MIN, i32::MAX).hundredths, 0);
        assert_eq!(decay(-10_000, Some(&t), i32::MIN, i32::MAX).hundredths, 0);
        assert_eq!(
            decay(10_000, Some(&t), i32::MAX, i32::MIN).hundredths,
            10_000
        );
        let t = DecayTable::new(3650);
        assert_eq!(decay(10_000, Some(&t), i32::MIN, i32::MAX).hundredths, 0);
    }
}
