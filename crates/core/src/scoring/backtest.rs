//! Backtest (回测): does the scorecard tell winners from losers? Closed deals are grouped by fit
//! grade, by engagement band and by MQL, with a win rate each and one plain sentence.

use serde::Serialize;

use super::card::Scorecard;
use super::fit::Grade;
use crate::{Lang, Rate};

/// Fewer closed deals than this and the backtest does not judge.
pub const MIN_CLOSED: u32 = 10;
/// A win-rate lift of at least this many basis points (10 percentage points) separates clearly.
pub const CLEAR_LIFT_BP: i64 = 1000;

/// Closed deals in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct WinCount {
    pub closed: u32,
    pub won: u32,
}

impl WinCount {
    pub fn lost(&self) -> u32 {
        self.closed - self.won
    }

    /// won ÷ (won + lost); `None` for a group without closed deals, which has no rate (not 0%).
    pub fn win_rate(&self) -> Option<Rate> {
        Rate::of(self.won.into(), self.closed.into())
    }

    fn add(&mut self, won: bool) {
        self.closed += 1;
        self.won += u32::from(won);
    }
}

/// Engagement bands, fixed so backtests of different scorecards compare: below 0, then steps
/// of 20 points up to 80 and more. Each band includes its lower bound (40 is in 40–60), so the
/// default MQL threshold of 40 is a band edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsBand {
    Negative,
    From0,
    From20,
    From40,
    From60,
    From80,
}

impl PointsBand {
    pub const ALL: [PointsBand; 6] = [
        PointsBand::Negative,
        PointsBand::From0,
        PointsBand::From20,
        PointsBand::From40,
        PointsBand::From60,
        PointsBand::From80,
    ];

    pub fn of(points_hundredths: i64) -> PointsBand {
        match points_hundredths {
            i64::MIN..=-1 => PointsBand::Negative,
            0..=1999 => PointsBand::From0,
            2000..=3999 => PointsBand::From20,
            4000..=5999 => PointsBand::From40,
            6000..=7999 => PointsBand::From60,
            _ => PointsBand::From80,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PointsBand::Negative => "negative",
            PointsBand::From0 => "from_0",
            PointsBand::From20 => "from_20",
            PointsBand::From40 => "from_40",
            PointsBand::From60 => "from_60",
            PointsBand::From80 => "from_80",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            PointsBand::Negative => lang.pick("负分", "below 0"),
            PointsBand::From0 => lang.pick("0–20 分", "0–20"),
            PointsBand::From20 => lang.pick("20–40 分", "20–40"),
            PointsBand::From40 => lang.pick("40–60 分", "40–60"),
            PointsBand::From60 => lang.pick("60–80 分", "60–80"),
            PointsBand::From80 => lang.pick("80 分及以上", "80 and more"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How clearly one comparison (MQL against not, best grade against worst) separates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Separation {
    /// The better group wins at least 10 percentage points more often.
    Clear,
    /// More often, but by less than 10 points.
    Weak,
    /// No more often, or less often: the scorecard points the wrong way or nowhere.
    Absent,
}

impl Separation {
    fn of(better: Rate, worse: Rate) -> Separation {
        let lift = better.0 - worse.0;
        if lift >= CLEAR_LIFT_BP {
            Separation::Clear
        } else if lift > 0 {
            Separation::Weak
        } else {
            Separation::Absent
        }
    }
}

/// The backtest's judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Fewer than [`MIN_CLOSED`] closed deals.
    TooFew,
    /// Every closed deal is in one grade and on one side of the MQL rule: nothing to compare.
    NothingToCompare,
    /// `overall` is the MQL comparison when both sides have deals, else the grade comparison.
    Judged {
        overall: Separation,
        mql: Option<Separation>,
        grade: Option<Separation>,
    },
}

/// A grade's win rate, for the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GradeRate {
    pub grade: Grade,
    pub rate: Rate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backtest {
    pub total: WinCount,
    /// A, B, C, D.
    pub by_grade: [(Grade, WinCount); 4],
    pub by_band: [(PointsBand, WinCount); 6],
    pub mql: WinCount,
    pub not_mql: WinCount,
    /// The best and the worst grade that have closed deals, when they differ.
    pub grade_extremes: Option<(GradeRate, GradeRate)>,
    pub verdict: Verdict,
}

/// Groups closed deals — `(grade, engagement points in hundredths, won)`, one per lead whose deal
/// was won or lost; open deals tell nothing yet and are left out by the caller — and judges
/// whether `card` separates winners from losers. The MQL side comes from `card`'s MQL rule.
pub fn backtest(outcomes: &[(Grade, i64, bool)], card: &Scorecard) -> Backtest {
    let mut total = WinCount::default();
    let mut by_grade = Grade::ALL.map(|g| (g, WinCount::default()));
    let mut by_band = PointsBand::ALL.map(|b| (b, WinCount::default()));
    let (mut mql, mut not_mql) = (WinCount::default(), WinCount::default());
    for &(grade, points, won) in outcomes {
        total.add(won);
        by_grade[grade.index()].1.add(won);
        by_band[PointsBand::of(points).index()].1.add(won);
        if card.mql.qualifies(grade, points) {
            mql.add(won);
        } else {
            not_mql.add(won);
        }
    }

    let rated = |&(grade, count): &(Grade, WinCount)| {
        count.win_rate().map(|rate| GradeRate { grade, rate })
    };
    let best = by_grade.iter().find_map(rated);
    let worst = by_grade.iter().rev().find_map(rated);
    let grade_extremes = match (best, worst) {
        (Some(b), Some(w)) if b.grade != w.grade => Some((b, w)),
        _ => None,
    };

    let grade_sep = grade_extremes.map(|(b, w)| Separation::of(b.rate, w.rate));
    let mql_sep = match (mql.win_rate(), not_mql.win_rate()) {
        (Some(m), Some(n)) => Some(Separation::of(m, n)),
        _ => None,
    };
    let verdict = if total.closed < MIN_CLOSED {
        Verdict::TooFew
    } else {
        match mql_sep.or(grade_sep) {
            None => Verdict::NothingToCompare,
            Some(overall) => Verdict::Judged {
                overall,
                mql: mql_sep,
                grade: grade_sep,
            },
        }
    };
    Backtest {
        total,
        by_grade,
        by_band,
        mql,
        not_mql,
        grade_extremes,
        verdict,
    }
}

impl Backtest {
    /// "A 级赢单率 40.0%，D 级 5.0%；MQL 赢单率 30.0%，非 MQL 8.0%：评分能区分赢单。"
    pub fn sentence(&self, lang: Lang) -> String {
        let (overall, mql_sep, grade_sep) = match self.verdict {
            Verdict::TooFew => {
                return match lang {
                    Lang::ZhCn => format!(
                        "样本不足（少于 {MIN_CLOSED} 个已结束的商机，目前 {} 个），暂不能判断。",
                        self.total.closed
                    ),
                    Lang::En => format!(
                        "Too few closed deals to judge yet (fewer than {MIN_CLOSED}; {} so far).",
                        self.total.closed
                    ),
                }
            }
            Verdict::NothingToCompare => {
                return lang
                    .pick(
                        "已结束的商机都在同一匹配等级，且同为 MQL 或同为非 MQL，无从比较。",
                        "Every closed deal has the same grade and the same MQL status: nothing to compare.",
                    )
                    .into()
            }
            Verdict::Judged {
                overall,
                mql,
                grade,
            } => (overall, mql, grade),
        };

        let mut facts: Vec<String> = Vec::new();
        if let Some((best, worst)) = self.grade_extremes {
            facts.push(match lang {
                Lang::ZhCn => format!(
                    "{}赢单率 {}，{} {}",
                    best.grade.name(lang),
                    best.rate,
                    worst.grade.name(lang),
                    worst.rate
                ),
                Lang::En => format!(
                    "grade {} wins {}, grade {} {}",
                    best.grade.code(),
                    best.rate,
                    worst.grade.code(),
                    worst.rate
                ),
            });
        }
        if let (Some(m), Some(n)) = (self.mql.win_rate(), self.not_mql.win_rate()) {
            facts.push(match lang {
                Lang::ZhCn => format!("MQL 赢单率 {m}，非 MQL {n}"),
                Lang::En => format!("MQLs win {m}, other leads {n}"),
            });
        }
        let facts = facts.join(lang.pick("；", "; "));
        let conclusion = match overall {
            Separation::Clear => lang.pick(
                "评分能区分赢单",
                "the scorecard separates winners from losers",
            ),
            Separation::Weak => lang.pick(
                "评分有区分，但差距不到 10 个百分点，可调整权重后再回测",
                "the scorecard separates them, but by less than 10 points; adjust the weights and test again",
            ),
            Separation::Absent => lang.pick(
                "评分没有区分出赢单，建议检查画像规则和互动权重",
                "the scorecard does not separate winners from losers; review the profile rules and the engagement weights",
            ),
        };
        let grade_caveat = mql_sep.is_some()
            && overall != Separation::Absent
            && grade_sep == Some(Separation::Absent);
        let caveat = if grade_caveat {
            lang.pick(
                "；但匹配等级本身没有区分出赢单，请检查画像规则",
                "; but the fit grade alone does not, so review the profile rules",
            )
        } else {
            ""
        };
        match lang {
            Lang::ZhCn => format!("{facts}：{conclusion}{caveat}。"),
            Lang::En => {
                let mut s = format!("{facts}: {conclusion}{caveat}.");
                if let Some(first) = s.get(..1) {
                    let upper = first.to_ascii_uppercase();
                    s.replace_range(..1, &upper);
                }
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deals(grade: Grade, points: i64, won: u32, lost: u32) -> Vec<(Grade, i64, bool)> {
        let mut v = vec![(grade, points, true); won as usize];
        v.extend(vec![(grade, points, false); lost as usize]);
        v
    }

    #[test]
    fn too_few_closed_deals_are_not_judged() {
        let outcomes = deals(Grade::A, 5000, 3, 6);
        let b = backtest(&outcomes, &Scorecard::default());
        assert_eq!(b.verdict, Verdict::TooFew);
        assert_eq!(
            b.sentence(Lang::ZhCn),
            "样本不足（少于 10 个已结束的商机，目前 9 个），暂不能判断。"
        );
    }

    #[test]
    fn groups_without_deals_have_no_rate() {
        let b = backtest(&[], &Scorecard::default());
        assert_eq!(b.total, WinCount::default());
        let grades = b.by_grade.iter().map(|(_, c)| c);
        for count in grades.chain(b.by_band.iter().map(|(_, c)| c)) {
            assert_eq!(
                count.win_rate(),
                None,
                "no closed deals, no rate — never 0%"
            );
        }
        assert_eq!(b.grade_extremes, None);
        assert_eq!(b.verdict, Verdict::TooFew);
    }

    #[test]
    fn a_scorecard_that_separates_says_so() {
        let mut outcomes = deals(Grade::A, 6000, 4, 6); // A, MQL: 40%
        outcomes.extend(deals(Grade::D, 1000, 1, 19)); // D, not MQL: 5%
        let b = backtest(&outcomes, &Scorecard::default());
        assert_eq!(b.by_grade[0].1, WinCount { closed: 10, won: 4 });
        assert_eq!(b.by_grade[1].1.win_rate(), None, "no B deals");
        assert_eq!(b.by_band[PointsBand::From60 as usize].1.closed, 10);
        assert_eq!(b.mql.win_rate(), Some(Rate(4000)));
        assert_eq!(b.not_mql.win_rate(), Some(Rate(500)));
        assert_eq!(
            b.verdict,
            Verdict::Judged {
                overall: Separation::Clear,
                mql: Some(Separation::Clear),
                grade: Some(Separation::Clear)
            }
        );
        assert_eq!(
            b.sentence(Lang::ZhCn),
            "A 级赢单率 40.0%，D 级 5.0%；MQL 赢单率 40.0%，非 MQL 5.0%：评分能区分赢单。"
        );
        assert_eq!(
            b.sentence(Lang::En),
            "Grade A wins 40.0%, grade D 5.0%; MQLs win 40.0%, other leads 5.0%: the scorecard separates winners from losers."
        );
    }

    #[test]
    fn an_inverted_scorecard_is_called_out() {
        let mut outcomes = deals(Grade::A, 6000, 1, 9); // 10%
        outcomes.extend(deals(Grade::C, 500, 5, 5)); // 50%
        let b = backtest(&outcomes, &Scorecard::default());
        assert!(matches!(
            b.verdict,
            Verdict::Judged {
                overall: Separation::Absent,
                ..
            }
        ));
        assert!(b
            .sentence(Lang::ZhCn)
            .ends_with("评分没有区分出赢单，建议检查画像规则和互动权重。"));
    }

    #[test]
    fn one_group_only_cannot_be_compared() {
        let outcomes = deals(Grade::B, 0, 3, 9);
        let b = backtest(&outcomes, &Scorecard::default());
        assert_eq!(b.verdict, Verdict::NothingToCompare);
    }

    #[test]
    fn bands_include_their_lower_edge() {
        assert_eq!(PointsBand::of(-1), PointsBand::Negative);
        assert_eq!(PointsBand::of(0), PointsBand::From0);
        assert_eq!(PointsBand::of(1999), PointsBand::From0);
        assert_eq!(PointsBand::of(4000), PointsBand::From40);
        assert_eq!(PointsBand::of(8000), PointsBand::From80);
        assert_eq!(PointsBand::of(i64::MAX), PointsBand::From80);
    }
}
