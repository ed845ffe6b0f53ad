//! Scoring one lead, and explaining the score. Both run the one function [`evaluate`]: `score`
//! with an observer that does nothing (compiled away), `explain` with one that writes down every
//! step — so the explanation cannot drift from the score.

use serde::Serialize;

use super::card::{MqlRule, Prepared};
use super::engagement::{decay, Decayed, EngagementKind, Touch};
use super::fit::{matches_target, CompanySize, FitRule, Grade, Profile};
use super::format_points;
use crate::{Function, Lang, Seniority};

/// A lead's score on both axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct LeadScore {
    pub fit_points: i64,
    pub grade: Grade,
    /// Engagement points in hundredths: 6250 is 62.5 points (see [`format_points`]).
    pub points_hundredths: i64,
    /// Whether the scorecard's MQL rule holds.
    pub mql: bool,
}

impl LeadScore {
    /// The engagement points for display: "62.5".
    pub fn points(&self) -> String {
        format_points(self.points_hundredths)
    }
}

/// Scores one lead as of a day (days since 1970-01-01). Allocates nothing; the result does not
/// depend on the order of `touches`.
pub fn score(
    prepared: &Prepared,
    profile: &Profile<'_>,
    touches: &[Touch],
    as_of: i32,
) -> LeadScore {
    evaluate(prepared, profile, touches, as_of, &mut Silent)
}

/// Scores one lead and says why, step by step. The totals are `score`'s, exactly.
pub fn explain(
    prepared: &Prepared,
    profile: &Profile<'_>,
    touches: &[Touch],
    as_of: i32,
) -> Explanation {
    let mut r = Recorder {
        prepared,
        profile,
        fit: Vec::with_capacity(FitRule::ALL.len()),
        touches: Vec::with_capacity(touches.len()),
        kinds: Vec::new(),
        counts: [0; EngagementKind::COUNT],
    };
    let score = evaluate(prepared, profile, touches, as_of, &mut r);
    let Recorder {
        fit,
        mut touches,
        kinds,
        ..
    } = r;
    for t in &mut touches {
        t.capped = kinds
            .iter()
            .any(|k| k.kind == t.kind && k.removed_hundredths != 0);
    }
    // Most recent first; stable, so equal touches keep their (indistinguishable) order.
    touches.sort_by_key(|t| (std::cmp::Reverse(t.day), t.kind));
    Explanation {
        score,
        as_of,
        fit,
        touches,
        kinds,
        mql_rule: prepared.card.mql,
    }
}

/// Sees each step of [`evaluate`]. Every method defaults to doing nothing.
trait Observer {
    fn fit(&mut self, _rule: FitRule, _outcome: FitOutcome, _points: u32, _target: Option<usize>) {}
    fn touch(&mut self, _touch: Touch, _decayed: Decayed) {}
    fn kind(&mut self, _kind: EngagementKind, _raw: i64, _counted: i64) {}
}

struct Silent;

impl Observer for Silent {}

/// The one implementation of the arithmetic.
#[inline]
fn evaluate<O: Observer>(
    p: &Prepared,
    profile: &Profile<'_>,
    touches: &[Touch],
    as_of: i32,
    obs: &mut O,
) -> LeadScore {
    let fit_points = i64::from(fit(p, profile, obs));
    let grade = p.card.grades.grade(fit_points);

    // Integers per kind: addition in any order gives the same sum.
    let mut per_kind = [0i64; EngagementKind::COUNT];
    for &touch in touches {
        let k = &p.kinds[touch.kind.index()];
        let table = k.table.map(|i| &p.tables[i]);
        let d = decay(k.weight_hundredths, table, touch.day, as_of);
        per_kind[touch.kind.index()] += d.hundredths;
        obs.touch(touch, d);
    }
    let mut points_hundredths = 0;
    for kind in EngagementKind::ALL {
        let raw = per_kind[kind.index()];
        let cap = p.kinds[kind.index()].cap_hundredths;
        // A negative kind's cap bounds how much it takes away.
        let counted = raw.clamp(-cap, cap);
        obs.kind(kind, raw, counted);
        points_hundredths += counted;
    }
    LeadScore {
        fit_points,
        grade,
        points_hundredths,
        mql: p.card.mql.qualifies(grade, points_hundredths),
    }
}

fn fit<O: Observer>(p: &Prepared, profile: &Profile<'_>, obs: &mut O) -> u32 {
    let (outcome, seniority) = match profile.seniority {
        Seniority::CLevel => (FitOutcome::Applied, p.seniority[0]),
        Seniority::VpDirector => (FitOutcome::Applied, p.seniority[1]),
        Seniority::Manager => (FitOutcome::Applied, p.seniority[2]),
        Seniority::Staff => (FitOutcome::Applied, p.seniority[3]),
        Seniority::Unknown => (FitOutcome::Unknown, 0),
    };
    obs.fit(FitRule::Seniority, outcome, seniority, None);

    let function = p.function[function_index(profile.function)];
    obs.fit(FitRule::Function, FitOutcome::Applied, function, None);

    let (outcome, target) = judge(&p.industries, profile.industry);
    let industry = if outcome == FitOutcome::Applied {
        p.card.fit.industry_points
    } else {
        0
    };
    obs.fit(FitRule::Industry, outcome, industry, target);

    let (outcome, size) = match profile.company_size {
        Some(s) => (FitOutcome::Applied, p.size[s.index()]),
        None => (FitOutcome::Unknown, 0),
    };
    obs.fit(FitRule::CompanySize, outcome, size, None);

    let (outcome, target) = judge_by(&p.regions, profile.region, |value, t| {
        // A province takes its cities: a target 广东 holds a lead in 深圳.
        matches_target(value, t)
            || crate::assignment::province_of(crate::people::tidy_region(value))
                == Some(crate::people::tidy_region(t))
    });
    let region = if outcome == FitOutcome::Applied {
        p.card.fit.region_points
    } else {
        0
    };
    obs.fit(FitRule::Region, outcome, region, target);

    seniority + function + industry + size + region
}

fn function_index(f: Function) -> usize {
    match f {
        Function::Business => 0,
        Function::Technology => 1,
        Function::ComplianceRisk => 2,
        Function::Procurement => 3,
        Function::Finance => 4,
        Function::Other => 5,
    }
}

/// A target-list rule: off without targets, unknown without a value, else the first target
/// (in the scorecard's order) that matches.
fn judge(targets: &[(usize, String)], value: &str) -> (FitOutcome, Option<usize>) {
    judge_by(targets, value, matches_target)
}

fn judge_by(
    targets: &[(usize, String)],
    value: &str,
    matches: impl Fn(&str, &str) -> bool,
) -> (FitOutcome, Option<usize>) {
    let value = value.trim();
    if targets.is_empty() {
        (FitOutcome::Off, None)
    } else if value.is_empty() {
        (FitOutcome::Unknown, None)
    } else {
        match targets.iter().find(|(_, t)| matches(value, t)) {
            Some(&(i, _)) => (FitOutcome::Applied, Some(i)),
            None => (FitOutcome::NotTarget, None),
        }
    }
}

/// What a fit rule made of the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FitOutcome {
    /// The rule applied: a level, a function, a size band, or a matching target. Its points
    /// may still be 0 (a 专员 under a table that gives staff nothing).
    Applied,
    /// Known, but not in the target list.
    NotTarget,
    /// The profile does not say: blank title, industry or region, size unknown. Counts 0.
    Unknown,
    /// The target list is empty, so the rule is off.
    Off,
}

/// What the profile said, for the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum FitValue {
    Seniority {
        seniority: Seniority,
    },
    Function {
        function: Function,
    },
    Industry {
        industry: String,
        /// The target it matched, as the scorecard spells it.
        target: Option<String>,
    },
    CompanySize {
        size: Option<CompanySize>,
    },
    Region {
        region: String,
        target: Option<String>,
    },
}

/// One fit rule's part of the explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FitLine {
    pub rule: FitRule,
    pub outcome: FitOutcome,
    pub points: u32,
    pub value: FitValue,
}

impl FitLine {
    /// "行业“股份制银行”属于目标行业“银行”：+20 分", "公司规模未知，不计分".
    pub fn sentence(&self, lang: Lang) -> String {
        let zh = lang == Lang::ZhCn;
        let pts = if self.points > 0 {
            if zh {
                format!("+{} 分", self.points)
            } else {
                format!("+{}", self.points)
            }
        } else {
            lang.pick("不计分", "counts nothing").to_string()
        };
        let (sep_zh, sep_en) = if self.points > 0 {
            ("：", ": ")
        } else {
            ("，", ": ")
        };
        let sep = lang.pick(sep_zh, sep_en);
        match (&self.value, self.outcome) {
            (FitValue::Seniority { .. }, FitOutcome::Unknown) => lang
                .pick("职级未知，不计分", "Seniority unknown: counts nothing")
                .into(),
            (FitValue::Seniority { seniority }, _) => match lang {
                Lang::ZhCn => format!("职级 {}{sep}{pts}", seniority.name(lang)),
                Lang::En => format!("Seniority {}{sep}{pts}", seniority.name(lang)),
            },
            (FitValue::Function { function }, _) => match lang {
                Lang::ZhCn => format!("部门职能 {}{sep}{pts}", function.name(lang)),
                Lang::En => format!("Department {}{sep}{pts}", function.name(lang)),
            },
            (FitValue::CompanySize { size: Some(size) }, _) => match lang {
                Lang::ZhCn => format!("公司规模 {}{sep}{pts}", size.name(lang)),
                Lang::En => format!("Company size {}{sep}{pts}", size.name(lang)),
            },
            (FitValue::CompanySize { size: None }, _) => lang
                .pick(
                    "公司规模未知，不计分",
                    "Company size unknown: counts nothing",
                )
                .into(),
            (FitValue::Industry { industry, target }, outcome) => target_sentence(
                lang,
                outcome,
                &pts,
                industry,
                target.as_deref(),
                ["行业", "目标行业", "Industry", "target industries"],
            ),
            (FitValue::Region { region, target }, outcome) => target_sentence(
                lang,
                outcome,
                &pts,
                region,
                target.as_deref(),
                ["区域", "目标区域", "Region", "target regions"],
            ),
        }
    }
}

fn target_sentence(
    lang: Lang,
    outcome: FitOutcome,
    pts: &str,
    value: &str,
    target: Option<&str>,
    [what_zh, targets_zh, what_en, targets_en]: [&str; 4],
) -> String {
    match (outcome, lang) {
        (FitOutcome::Off, Lang::ZhCn) => format!("未设{targets_zh}，此项关闭"),
        (FitOutcome::Off, Lang::En) => format!("No {targets_en} set: rule off"),
        (FitOutcome::Unknown, Lang::ZhCn) => format!("{what_zh}未知，不计分"),
        (FitOutcome::Unknown, Lang::En) => format!("{what_en} unknown: counts nothing"),
        (FitOutcome::NotTarget, Lang::ZhCn) => {
            format!("{what_zh}“{value}”不在{targets_zh}中，不计分")
        }
        (FitOutcome::NotTarget, Lang::En) => {
            format!("{what_en} “{value}” is not among the {targets_en}: counts nothing")
        }
        (FitOutcome::Applied, Lang::ZhCn) => format!(
            "{what_zh}“{value}”属于{targets_zh}“{}”：{pts}",
            target.unwrap_or(value)
        ),
        (FitOutcome::Applied, Lang::En) => format!(
            "{what_en} “{value}” matches the target “{}”: {pts}",
            target.unwrap_or(value)
        ),
    }
}

/// One touch's part of the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TouchLine {
    pub kind: EngagementKind,
    pub day: i32,
    /// The kind's weight in whole points.
    pub weight: i32,
    /// Days before `as_of`; 0 for a touch on or after it.
    pub age_days: u32,
    /// The half-life that applied; 0 means no decay.
    pub half_life_days: u32,
    /// `0.5^(age ÷ half-life)` in millionths: 500000 is ×0.5.
    pub decay_millionths: u32,
    /// Points after decay, in hundredths, before any cap.
    pub hundredths: i64,
    /// Whether its kind's cap cut the kind's total (see [`KindLine::removed_hundredths`]).
    pub capped: bool,
}

impl TouchLine {
    /// "签到参会（90 天前）：15 分 × 0.5 = 7.5 分".
    pub fn sentence(&self, lang: Lang) -> String {
        let name = self.kind.name(lang);
        let when = match (self.age_days, lang) {
            (0, Lang::ZhCn) => "当天".to_string(),
            (0, Lang::En) => "today".to_string(),
            (1, Lang::En) => "1 day ago".to_string(),
            (n, Lang::ZhCn) => format!("{n} 天前"),
            (n, Lang::En) => format!("{n} days ago"),
        };
        let points = format_points(self.hundredths);
        let decayed = self.half_life_days > 0 && self.decay_millionths != 1_000_000;
        let mut s = match (decayed, lang) {
            (true, Lang::ZhCn) => format!(
                "{name}（{when}）：{} 分 × {} = {points} 分",
                self.weight,
                factor(self.decay_millionths)
            ),
            (true, Lang::En) => format!(
                "{name} ({when}): {} × {} = {points}",
                self.weight,
                factor(self.decay_millionths)
            ),
            (false, Lang::ZhCn) => format!("{name}（{when}）：{points} 分"),
            (false, Lang::En) => format!("{name} ({when}): {points}"),
        };
        if self.capped {
            s.push_str(lang.pick("（该类已封顶）", " (kind capped)"));
        }
        s
    }
}

/// A factor in millionths as a short decimal: 0.5, 0.7071, 1.
fn factor(millionths: u32) -> String {
    let ten_thousandths = (millionths + 50) / 100;
    let whole = ten_thousandths / 10_000;
    let frac = ten_thousandths % 10_000;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:04}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// One kind's total: what its touches added, the cap, and what was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindLine {
    pub kind: EngagementKind,
    pub touches: u32,
    /// The sum of its touches' points, in hundredths.
    pub raw_hundredths: i64,
    /// The cap in hundredths, if the kind has one.
    pub cap_hundredths: Option<i64>,
    /// What the kind adds to the total (the raw sum, bounded by the cap).
    pub counted_hundredths: i64,
    /// How much the cap kept out, as a magnitude (0 when the cap did not bite).
    pub removed_hundredths: i64,
}

impl KindLine {
    /// "下载白皮书 ×4：合计 32 分，上限 24 分，封顶去掉 8 分".
    pub fn sentence(&self, lang: Lang) -> String {
        let name = self.kind.name(lang);
        let n = self.touches;
        let raw = format_points(self.raw_hundredths);
        match (self.removed_hundredths, self.cap_hundredths, lang) {
            (removed, Some(cap), Lang::ZhCn) if removed != 0 => format!(
                "{name} ×{n}：合计 {raw} 分，上限 {} 分，封顶去掉 {} 分",
                format_points(cap),
                format_points(removed)
            ),
            (removed, Some(cap), Lang::En) if removed != 0 => format!(
                "{name} ×{n}: {raw} in total, capped at {} ({} removed)",
                format_points(cap),
                format_points(removed)
            ),
            (_, _, Lang::ZhCn) => format!("{name} ×{n}：{raw} 分"),
            (_, _, Lang::En) => format!("{name} ×{n}: {raw}"),
        }
    }
}

/// Why a lead has its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The same as [`score`] returns for the same input.
    pub score: LeadScore,
    pub as_of: i32,
    /// Every fit rule, in [`FitRule::ALL`] order; their points add up to `score.fit_points`.
    pub fit: Vec<FitLine>,
    /// Every touch, most recent first.
    pub touches: Vec<TouchLine>,
    /// The kinds that had touches, in [`EngagementKind::ALL`] order; their counted points add
    /// up to `score.points_hundredths`.
    pub kinds: Vec<KindLine>,
    pub mql_rule: MqlRule,
}

impl Explanation {
    /// The fit rules that gave points.
    pub fn fired(&self) -> impl Iterator<Item = &FitLine> {
        self.fit
            .iter()
            .filter(|l| l.outcome == FitOutcome::Applied && l.points > 0)
    }

    /// The fit rules that did not apply because the profile does not say.
    pub fn unknown(&self) -> impl Iterator<Item = &FitLine> {
        self.fit.iter().filter(|l| l.outcome == FitOutcome::Unknown)
    }

    /// "A 级（90 分）；互动分 62.5；符合 MQL（匹配等级 ≥ B 且互动分 ≥ 40）".
    pub fn summary(&self, lang: Lang) -> String {
        let s = &self.score;
        let rule = self.mql_rule.describe(lang);
        match lang {
            Lang::ZhCn => format!(
                "{}（{} 分）；互动分 {}；{}（{rule}）",
                s.grade.name(lang),
                s.fit_points,
                s.points(),
                if s.mql { "符合 MQL" } else { "未达 MQL" }
            ),
            Lang::En => format!(
                "{} ({} fit points); engagement {}; {} ({rule})",
                s.grade.name(lang),
                s.fit_points,
                s.points(),
                if s.mql { "MQL" } else { "not yet an MQL" }
            ),
        }
    }
}

struct Recorder<'a> {
    prepared: &'a Prepared,
    profile: &'a Profile<'a>,
    fit: Vec<FitLine>,
    touches: Vec<TouchLine>,
    kinds: Vec<KindLine>,
    counts: [u32; EngagementKind::COUNT],
}

impl Observer for Recorder<'_> {
    fn fit(&mut self, rule: FitRule, outcome: FitOutcome, points: u32, target: Option<usize>) {
        let rules = &self.prepared.card.fit;
        let value = match rule {
            FitRule::Seniority => FitValue::Seniority {
                seniority: self.profile.seniority,
            },
            FitRule::Function => FitValue::Function {
                function: self.profile.function,
            },
            FitRule::Industry => FitValue::Industry {
                industry: self.profile.industry.trim().to_string(),
                target: target.map(|i| rules.target_industries[i].trim().to_string()),
            },
            FitRule::CompanySize => FitValue::CompanySize {
                size: self.profile.company_size,
            },
            FitRule::Region => FitValue::Region {
                region: self.profile.region.trim().to_string(),
                target: target.map(|i| rules.target_regions[i].trim().to_string()),
            },
        };
        self.fit.push(FitLine {
            rule,
            outcome,
            points,
            value,
        });
    }

    fn touch(&mut self, touch: Touch, d: Decayed) {
        let engagement = &self.prepared.card.engagement;
        self.counts[touch.kind.index()] += 1;
        self.touches.push(TouchLine {
            kind: touch.kind,
            day: touch.day,
            weight: engagement.get(touch.kind).weight,
            age_days: d.age_days,
            half_life_days: engagement.half_life(touch.kind),
            decay_millionths: d.factor_millionths(),
            hundredths: d.hundredths,
            capped: false,
        });
    }

    fn kind(&mut self, kind: EngagementKind, raw: i64, counted: i64) {
        let touches = self.counts[kind.index()];
        if touches == 0 {
            return;
        }
        let cap = self.prepared.card.engagement.get(kind).cap;
        self.kinds.push(KindLine {
            kind,
            touches,
            raw_hundredths: raw,
            cap_hundredths: cap.map(|c| i64::from(c) * 100),
            counted_hundredths: counted,
            removed_hundredths: (raw - counted).abs(),
        });
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::scoring::Scorecard;

    const TODAY: i32 = 20_000;

    fn prepared() -> Prepared {
        Scorecard::default().prepare().expect("defaults are valid")
    }

    fn bank_cto() -> Profile<'static> {
        Profile {
            seniority: Seniority::CLevel,
            function: Function::Technology,
            industry: "股份制银行",
            company_size: Some(CompanySize::From10000),
            region: "上海",
        }
    }

    fn nobody() -> Profile<'static> {
        Profile {
            seniority: Seniority::Staff,
            function: Function::Other,
            industry: "",
            company_size: None,
            region: "",
        }
    }

    fn touch(kind: EngagementKind, days_ago: i32) -> Touch {
        Touch {
            kind,
            day: TODAY - days_ago,
        }
    }

    #[test]
    fn a_c_level_technologist_at_a_big_joint_stock_bank_is_grade_a() {
        let p = prepared();
        let s = score(&p, &bank_cto(), &[], TODAY);
        // C 级 30 + 科技 20 + 目标行业 20 (股份制银行 ⊃ 银行) + 1 万人以上 20; region rule off.
        assert_eq!(s.fit_points, 90, "30 + 20 + 20 + 20");
        assert_eq!(s.grade, Grade::A);
        assert_eq!(s.points_hundredths, 0);
        assert!(!s.mql, "grade A alone is not an MQL without engagement");

        let e = explain(&p, &bank_cto(), &[], TODAY);
        let fired: Vec<(FitRule, u32)> = e.fired().map(|l| (l.rule, l.points)).collect();
        assert_eq!(
            fired,
            [
                (FitRule::Seniority, 30),
                (FitRule::Function, 20),
                (FitRule::Industry, 20),
                (FitRule::CompanySize, 20)
            ]
        );
        assert_eq!(
            e.fit[2].sentence(Lang::ZhCn),
            "行业“股份制银行”属于目标行业“银行”：+20 分"
        );
        assert_eq!(e.fit[4].sentence(Lang::ZhCn), "未设目标区域，此项关闭");
        assert_eq!(e.fit[0].sentence(Lang::En), "Seniority C-level: +30");
    }

    #[test]
    fn a_staff_member_in_other_with_nothing_known_is_grade_d() {
        let p = prepared();
        let s = score(&p, &nobody(), &[], TODAY);
        assert_eq!(s.fit_points, 5, "only 专员's 5 points");
        assert_eq!(s.grade, Grade::D);
        let e = explain(&p, &nobody(), &[], TODAY);
        let unknown: Vec<String> = e.unknown().map(|l| l.sentence(Lang::ZhCn)).collect();
        assert_eq!(
            unknown,
            ["行业未知，不计分", "公司规模未知，不计分"],
            "unknown data is named, so the user knows what to fill in"
        );
        assert_eq!(e.fit[1].sentence(Lang::ZhCn), "部门职能 其他，不计分");
    }

    #[test]
    fn region_rule_counts_only_listed_regions() {
        let mut card = Scorecard::default();
        card.fit.target_regions = vec!["上海".into(), " Beijing ".into()];
        let p = card.prepare().expect("valid");
        let mut lead = bank_cto();
        lead.region = "上海市";
        assert_eq!(score(&p, &lead, &[], TODAY).fit_points, 100);
        lead.region = "BEIJING";
        assert_eq!(score(&p, &lead, &[], TODAY).fit_points, 100, "case ignored");
        let e = explain(&p, &lead, &[], TODAY);
        assert_eq!(
            e.fit[4].sentence(Lang::ZhCn),
            "区域“BEIJING”属于目标区域“Beijing”：+10 分"
        );
        lead.region = "成都";
        assert_eq!(score(&p, &lead, &[], TODAY).fit_points, 90);
        let e = explain(&p, &lead, &[], TODAY);
        assert_eq!(
            e.fit[4].sentence(Lang::ZhCn),
            "区域“成都”不在目标区域中，不计分"
        );
        lead.region = "  ";
        assert_eq!(
            explain(&p, &lead, &[], TODAY).fit[4].outcome,
            FitOutcome::Unknown
        );
        // A province takes its cities.
        card.fit.target_regions = vec!["广东省".into()];
        let p = card.prepare().expect("valid");
        lead.region = "深圳";
        assert_eq!(score(&p, &lead, &[], TODAY).fit_points, 100);
        lead.region = "杭州";
        assert_eq!(score(&p, &lead, &[], TODAY).fit_points, 90);
    }

    #[test]
    fn attendance_halves_every_half_life() {
        let p = prepared();
        let at = |days_ago| {
            score(
                &p,
                &nobody(),
                &[touch(EngagementKind::Attended, days_ago)],
                TODAY,
            )
            .points_hundredths
        };
        assert_eq!(at(0), 1500, "fresh: 15 points");
        assert_eq!(at(90), 750, "one half-life: 7.50");
        assert_eq!(at(180), 375, "two half-lives: 3.75");
        assert_eq!(at(-30), 1500, "a future touch counts as of its own day");

        let mut card = Scorecard::default();
        card.engagement.half_life_days = 0;
        let p = card.prepare().expect("valid");
        let s = score(
            &p,
            &nobody(),
            &[touch(EngagementKind::Attended, 3650)],
            TODAY,
        );
        assert_eq!(s.points_hundredths, 1500, "half-life 0: no decay");
    }

    #[test]
    fn a_kind_may_have_its_own_half_life() {
        let mut card = Scorecard::default();
        card.engagement.visit.half_life_days = Some(180);
        let p = card.prepare().expect("valid");
        let s = score(
            &p,
            &nobody(),
            &[
                touch(EngagementKind::Visit, 180),
                touch(EngagementKind::Attended, 180),
            ],
            TODAY,
        );
        assert_eq!(
            s.points_hundredths,
            1250 + 375,
            "visit halves once, attendance twice"
        );
    }

    #[test]
    fn four_whitepapers_are_capped_at_24() {
        let p = prepared();
        let touches = [0, 0, 0, 0].map(|d| touch(EngagementKind::Whitepaper, d));
        let s = score(&p, &nobody(), &touches, TODAY);
        assert_eq!(s.points_hundredths, 2400, "4 × 8 = 32, capped at 24");
        let e = explain(&p, &nobody(), &touches, TODAY);
        assert_eq!(e.kinds.len(), 1);
        assert_eq!(e.kinds[0].raw_hundredths, 3200);
        assert_eq!(
            e.kinds[0].removed_hundredths, 800,
            "the cap removed 8 points"
        );
        assert!(e.touches.iter().all(|t| t.capped));
        assert_eq!(
            e.kinds[0].sentence(Lang::ZhCn),
            "下载白皮书 ×4：合计 32 分，上限 24 分，封顶去掉 8 分"
        );
        assert_eq!(
            e.kinds[0].sentence(Lang::En),
            "Whitepaper download ×4: 32 in total, capped at 24 (8 removed)"
        );
    }

    #[test]
    fn a_no_show_takes_points_away() {
        let p = prepared();
        let touches = [
            touch(EngagementKind::Registered, 0),
            touch(EngagementKind::NoShow, 0),
        ];
        let s = score(&p, &nobody(), &touches, TODAY);
        assert_eq!(s.points_hundredths, -500, "5 − 10");
        assert_eq!(format_points(s.points_hundredths), "-5");
    }

    #[test]
    fn a_negative_kinds_cap_bounds_what_it_takes_away() {
        let mut card = Scorecard::default();
        card.engagement.no_show.cap = Some(15);
        let p = card.prepare().expect("valid");
        let touches = [0, 0, 0].map(|d| touch(EngagementKind::NoShow, d));
        let e = explain(&p, &nobody(), &touches, TODAY);
        assert_eq!(e.score.points_hundredths, -1500, "−30 bounded at −15");
        assert_eq!(e.kinds[0].removed_hundredths, 1500);
    }

    #[test]
    fn an_mql_needs_both_grade_and_points() {
        let p = prepared();
        let touches = [
            touch(EngagementKind::Attended, 10),
            touch(EngagementKind::Visit, 5),
            touch(EngagementKind::Meeting, 5),
        ];
        let s = score(&p, &bank_cto(), &touches, TODAY);
        assert!(s.mql, "grade A with {} points", s.points());
        let s = score(&p, &nobody(), &touches, TODAY);
        assert!(!s.mql, "grade D never makes an MQL under the default rule");
    }

    #[test]
    fn explanation_totals_equal_the_score() {
        let p = prepared();
        let touches = [
            touch(EngagementKind::Whitepaper, 3),
            touch(EngagementKind::Attended, 90),
            touch(EngagementKind::Whitepaper, 40),
            touch(EngagementKind::NoShow, 200),
            touch(EngagementKind::Whitepaper, 1),
            touch(EngagementKind::Email, 7),
            touch(EngagementKind::Whitepaper, 0),
            touch(EngagementKind::Visit, 45),
        ];
        let s = score(&p, &bank_cto(), &touches, TODAY);
        let e = explain(&p, &bank_cto(), &touches, TODAY);
        assert_eq!(e.score, s, "explain reports score's result");
        assert_totals_agree(&e);
        assert_eq!(e.touches.len(), touches.len(), "every touch is listed");
        assert_eq!(e.touches[0].day, TODAY, "most recent first");
        let visit = e
            .touches
            .iter()
            .find(|t| t.kind == EngagementKind::Visit)
            .expect("visit listed");
        assert_eq!(
            visit.sentence(Lang::ZhCn),
            "拜访（45 天前）：25 分 × 0.7071 = 17.68 分"
        );
        let attended = e
            .touches
            .iter()
            .find(|t| t.kind == EngagementKind::Attended)
            .expect("attendance listed");
        assert_eq!(
            attended.sentence(Lang::En),
            "Attended (90 days ago): 15 × 0.5 = 7.5"
        );
        assert!(e.summary(Lang::ZhCn).starts_with("A 级（90 分）；互动分 "));
    }

    fn assert_totals_agree(e: &Explanation) {
        let fit: i64 = e.fit.iter().map(|l| i64::from(l.points)).sum();
        assert_eq!(
            fit, e.score.fit_points,
            "fit lines add up to the fit points"
        );
        let counted: i64 = e.kinds.iter().map(|k| k.counted_hundredths).sum();
        assert_eq!(
            counted, e.score.points_hundredths,
            "kind lines add up to the points"
        );
        for k in &e.kinds {
            let raw: i64 = e
                .touches
                .iter()
                .filter(|t| t.kind == k.kind)
                .map(|t| t.hundredths)
                .sum();
            assert_eq!(
                raw, k.raw_hundredths,
                "touch lines add up to their kind's raw sum"
            );
        }
    }

    #[test]
    fn decay_factors_display_briefly() {
        assert_eq!(factor(1_000_000), "1");
        assert_eq!(factor(500_000), "0.5");
        assert_eq!(factor(707_107), "0.7071");
        assert_eq!(factor(62_500), "0.0625");
        assert_eq!(factor(0), "0");
    }

    fn arb_card() -> impl Strategy<Value = Scorecard> {
        (
            0u32..=400,
            proptest::collection::vec(-100i32..=100, EngagementKind::COUNT),
            proptest::collection::vec(proptest::option::of(0u32..=60), EngagementKind::COUNT),
            proptest::option::of(0u32..=400),
        )
            .prop_map(|(half_life, weights, caps, visit_half_life)| {
                let mut card = Scorecard::default();
                card.engagement.half_life_days = half_life;
                for (i, kind) in EngagementKind::ALL.into_iter().enumerate() {
                    let rule = card.engagement.get_mut(kind);
                    rule.weight = weights[i];
                    rule.cap = caps[i];
                }
                card.engagement.visit.half_life_days = visit_half_life;
                card
            })
    }

    fn arb_touches() -> impl Strategy<Value = Vec<Touch>> {
        proptest::collection::vec(
            (0..EngagementKind::COUNT, TODAY - 2000..=TODAY + 30).prop_map(|(k, day)| Touch {
                kind: EngagementKind::ALL[k],
                day,
            }),
            0..24,
        )
    }

    proptest! {
        #[test]
        fn score_ignores_touch_order_and_repeats_exactly(
            card in arb_card(),
            (touches, shuffled) in arb_touches()
                .prop_flat_map(|t| (Just(t.clone()), Just(t).prop_shuffle())),
        ) {
            let p = card.prepare().expect("generated cards are valid");
            let lead = bank_cto();
            let first = score(&p, &lead, &touches, TODAY);
            prop_assert_eq!(first, score(&p, &lead, &shuffled, TODAY), "any permutation, same score");
            prop_assert_eq!(first, score(&p, &lead, &touches, TODAY), "a repeated run, same score");
            let mut reversed = touches.clone();
            reversed.reverse();
            prop_assert_eq!(first, score(&p, &lead, &reversed, TODAY), "reversed, same score");
            let e = explain(&p, &lead, &shuffled, TODAY);
            prop_assert_eq!(e.score, first, "explain agrees with score");
            prop_assert_eq!(&e, &explain(&p, &lead, &touches, TODAY), "explanation ignores order too");
            assert_totals_agree(&e);
        }

        #[test]
        fn grades_never_fall_as_fit_points_rise(
            c in 0u32..=198,
            gap_b in 1u32..=50,
            gap_a in 1u32..=50,
            x in -10i64..=260,
            dx in 0i64..=100,
        ) {
            let b = (c + gap_b).min(199);
            let a = (b + gap_a).min(200);
            let card = Scorecard {
                grades: crate::scoring::GradeThresholds { a, b, c },
                ..Scorecard::default()
            };
            prop_assume!(card.validate().is_ok());
            prop_assert!(
                card.grades.grade(x + dx) >= card.grades.grade(x),
                "more fit points must never give a worse grade"
            );
        }
    }
}
