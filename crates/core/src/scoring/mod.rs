//! Lead scoring: a fit grade from the profile and engagement points from touches.
//!
//! Two axes, kept apart as marketing-automation tools keep them (domain brief, "Lead scoring"):
//! - **Fit** (匹配度), A–D: points for seniority, department function, a target industry, company
//!   size and a target region, graded by thresholds. Unknown data counts nothing and is named.
//! - **Engagement** (互动分): points per touch (报名, 签到参会, 拜访…), fading with a half-life,
//!   capped per kind, with negative points for a no-show. Held in hundredths of a point.
//!
//! A lead is an MQL when both pass the [`MqlRule`] (default: grade ≥ B and 40 points). Every
//! number lives in an editable [`Scorecard`]; [`explain`] says why a lead has its score using the
//! same code as [`score`], and [`backtest`] checks the scorecard against won and lost deals.
//!
//! ```
//! use marketdesk_core::scoring::{
//!     explain, format_points, score, CompanySize, EngagementKind, Grade, Profile, Scorecard,
//!     Touch,
//! };
//! use marketdesk_core::{Function, Lang, Seniority};
//!
//! let prepared = Scorecard::default().prepare().expect("the defaults are valid");
//! let cto = Profile {
//!     seniority: Seniority::CLevel,
//!     function: Function::Technology,
//!     industry: "股份制银行",
//!     company_size: Some(CompanySize::From10000),
//!     region: "上海",
//! };
//! let today = 20_000; // days since 1970-01-01
//! let touches = [
//!     Touch { kind: EngagementKind::Attended, day: today - 90 }, // one half-life: 7.5
//!     Touch { kind: EngagementKind::Visit, day: today - 10 },
//!     Touch { kind: EngagementKind::Meeting, day: today },
//! ];
//! let s = score(&prepared, &cto, &touches, today);
//! assert_eq!((s.fit_points, s.grade), (90, Grade::A));
//! assert_eq!(format_points(s.points_hundredths), "50.65"); // 7.5 + 23.15 + 20
//! assert!(s.mql);
//!
//! let why = explain(&prepared, &cto, &touches, today);
//! assert_eq!(why.score, s);
//! assert_eq!(why.fit[3].sentence(Lang::ZhCn), "公司规模 1 万人及以上：+20 分");
//! ```

mod backtest;
mod card;
mod engagement;
mod fit;
mod score;

pub use backtest::{
    backtest, Backtest, GradeRate, PointsBand, Separation, Verdict, WinCount, CLEAR_LIFT_BP,
    MIN_CLOSED,
};
pub use card::{
    MqlRule, Prepared, Scorecard, MAX_CAP, MAX_FIT_POINTS, MAX_HALF_LIFE_DAYS, MAX_MQL_POINTS,
    MAX_TARGETS, MAX_TARGET_CHARS, MAX_THRESHOLD, MAX_WEIGHT,
};
pub use engagement::{Engagement, EngagementKind, KindRule, Touch};
pub use fit::{
    CompanySize, FitRule, FitRules, FunctionPoints, Grade, GradeThresholds, Profile,
    SeniorityPoints, SizePoints,
};
pub use score::{
    explain, score, Explanation, FitLine, FitOutcome, FitValue, KindLine, LeadScore, TouchLine,
};

/// Engagement points for display, from hundredths: 6250 → "62.5", 375 → "3.75", 4000 → "40",
/// −500 → "-5".
pub fn format_points(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let abs = hundredths.unsigned_abs();
    let (whole, frac) = (abs / 100, abs % 100);
    if frac == 0 {
        format!("{sign}{whole}")
    } else if frac % 10 == 0 {
        format!("{sign}{whole}.{}", frac / 10)
    } else {
        format!("{sign}{whole}.{frac:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_display_without_trailing_zeros() {
        assert_eq!(format_points(6250), "62.5");
        assert_eq!(format_points(750), "7.5");
        assert_eq!(format_points(375), "3.75");
        assert_eq!(format_points(4000), "40");
        assert_eq!(format_points(0), "0");
        assert_eq!(format_points(-500), "-5");
        assert_eq!(format_points(-5), "-0.05");
        assert_eq!(format_points(i64::MIN), "-92233720368547758.08");
    }
}
