//! The 报表 section's charts, and the monthly or quarterly marketing report for leadership
//! (seed 002: report results regularly), written as PDF, xlsx or HTML and as pages the window
//! prints. Everything comes from `revenue_overview`: the same figures as the screen, under the
//! same attribution model, with the definitions beside them.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::{Datelike, Months, NaiveDate};
use marketdesk_core::realized::SqlBand;
use marketdesk_core::{ChannelKind, Lang, Money, Plan, Rate};
use marketdesk_report::{
    Cell, CellValue, CostItem, FunnelStage, KpiGroup, QuotientKind, ReportLabels, RoiItem, Table,
    TrendMonth,
};
pub use marketdesk_report::{MarketingReportDocument, RevenueCharts};
use marketdesk_store::EventRow;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{ApiError, ToApi};
use crate::{ExportFormat, MoneyView, MonthView, RealizedView, RevenueOverview, Session};

/// What a report covers: a calendar month or a calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportPeriod {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
}

/// Years a report may be about: far wider than any workspace, narrow enough to catch a typo.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl ReportPeriod {
    pub fn month(year: i32, month: u32) -> Option<ReportPeriod> {
        (YEARS.contains(&year) && (1..=12).contains(&month))
            .then_some(ReportPeriod::Month { year, month })
    }

    pub fn quarter(year: i32, quarter: u32) -> Option<ReportPeriod> {
        (YEARS.contains(&year) && (1..=4).contains(&quarter))
            .then_some(ReportPeriod::Quarter { year, quarter })
    }

    /// Reads what a user types for a month (`2026-11`, `2026/11`, `2026年11月`) or a quarter
    /// (`2026Q4`, `2026-Q4`, `Q4 2026`, `2026年第四季度`, `2026年Q4`).
    pub fn parse(text: &str, lang: Lang) -> crate::Result<ReportPeriod> {
        parse_period(text).ok_or_else(|| invalid_period(text, lang))
    }

    pub fn is_quarter(self) -> bool {
        matches!(self, ReportPeriod::Quarter { .. })
    }

    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            ReportPeriod::Month { year, month } => (year, month),
            ReportPeriod::Quarter { year, quarter } => (year, quarter * 3 - 2),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        let months = if self.is_quarter() { 3 } else { 1 };
        self.first_day()
            .checked_add_months(Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// The period as long as it lasts, just before this one.
    pub fn previous(self) -> ReportPeriod {
        match self {
            ReportPeriod::Month { year: y, month: 1 } => ReportPeriod::Month {
                year: y - 1,
                month: 12,
            },
            ReportPeriod::Month { year, month } => ReportPeriod::Month {
                year,
                month: month - 1,
            },
            ReportPeriod::Quarter {
                year: y,
                quarter: 1,
            } => ReportPeriod::Quarter {
                year: y - 1,
                quarter: 4,
            },
            ReportPeriod::Quarter { year, quarter } => ReportPeriod::Quarter {
                year,
                quarter: quarter - 1,
            },
        }
    }

    /// "2026年11月", "2026年第四季度"; "November 2026", "Q4 2026".
    pub fn name(self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match (self, lang) {
            (ReportPeriod::Month { year, month }, Lang::ZhCn) => format!("{year}年{month}月"),
            (ReportPeriod::Month { year, month }, Lang::En) => {
                format!("{} {year}", MONTHS[(month as usize - 1) % 12])
            }
            (ReportPeriod::Quarter { year, quarter }, Lang::ZhCn) => {
                let n = ["一", "二", "三", "四"][(quarter as usize - 1) % 4];
                format!("{year}年第{n}季度")
            }
            (ReportPeriod::Quarter { year, quarter }, Lang::En) => format!("Q{quarter} {year}"),
        }
    }
}

/// `2026-11` or `2026Q4`: what `parse` reads back and the CLI is given.
impl fmt::Display for ReportPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportPeriod::Month { year, month } => write!(f, "{year}-{month:02}"),
            ReportPeriod::Quarter { year, quarter } => write!(f, "{year}Q{quarter}"),
        }
    }
}

impl Serialize for ReportPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// From the window as text; a bad one is refused in both languages (the caller's is unknown).
impl<'de> Deserialize<'de> for ReportPeriod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ReportPeriod, D::Error> {
        let text = String::deserialize(d)?;
        parse_period(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{} {}",
                invalid_period(&text, Lang::ZhCn).message,
                invalid_period(&text, Lang::En).message
            ))
        })
    }
}

fn invalid_period(text: &str, lang: Lang) -> ApiError {
    let text = text.trim();
    ApiError::new(
        "invalid_period",
        match lang {
            Lang::ZhCn => format!(
                "“{text}”不是有效的报告期间。请写月份（如 2026-11）或季度（如 2026Q4）。"
            ),
            Lang::En => format!(
                "“{text}” is not a report period. Give a month (e.g. 2026-11) or a quarter (e.g. 2026Q4)."
            ),
        },
    )
    .with_field("period")
}

fn parse_period(text: &str) -> Option<ReportPeriod> {
    // Full-width digits and letters as a Chinese IME types them; Chinese quarter numerals.
    let mut s: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ｑ' | 'ｑ' | '－' | '／' | '．' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '−' => '-',
            '一' => '1',
            '二' => '2',
            '三' => '3',
            '四' => '4',
            _ => c.to_ascii_uppercase(),
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    for (from, to) in [("季度", ""), ("年第", "Q"), ("年", "-"), ("月", "")] {
        s = s.replace(from, to);
    }
    let number = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let year = |t: &str| number(t).filter(|_| t.len() == 4).map(|y| y as i32);
    if let Some((a, b)) = s.split_once('Q') {
        // 2026Q4, 2026-Q4, Q4-2026, Q42026.
        let (y, q) = match (a.trim_end_matches(['-', '/', '.']), b) {
            ("", rest) => (
                rest.get(1..)?.trim_start_matches(['-', '/', '.']),
                rest.get(..1)?,
            ),
            (y, q) => (y, q),
        };
        return ReportPeriod::quarter(year(y)?, u32::try_from(number(q)?).ok()?);
    }
    let (y, m) = s
        .split_once(['-', '/', '.'])
        .or_else(|| (s.len() == 6).then(|| s.split_at(4)))?;
    ReportPeriod::month(year(y)?, u32::try_from(number(m)?).ok()?)
}

/// Exact money from a view (its fen are an integer written out).
fn money(m: &MoneyView) -> Money {
    Money::from_fen(m.fen.parse().unwrap_or_default())
}

/// "12.5%", "-100.0%" back to basis points: what the rates the overview writes out stand for.
fn rate_of(text: &str) -> Option<Rate> {
    let t = text.trim().strip_suffix('%')?;
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let frac = format!("{frac:0<2}");
    let bp = whole.parse::<i64>().ok()? * 100 + frac.get(..2)?.parse::<i64>().ok()?;
    Some(Rate(if negative { -bp } else { bp }))
}

/// A rate as the overview wrote it, a number in the workbook; "—" when there is none.
fn rate_cell(text: Option<&String>) -> Cell {
    match text.and_then(|t| rate_of(t).map(|r| (t, r))) {
        Some((t, r)) => Cell {
            text: t.clone(),
            value: CellValue::Rate(r.0),
        },
        None => Cell::text("—"),
    }
}

fn long_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// The one colour of each channel and event, as the plan and the window use them.
#[derive(Debug, Clone, Default)]
struct Palette {
    channels: HashMap<String, String>,
    events: HashMap<String, String>,
}

/// Leads whose source is not known.
const UNKNOWN: &str = "#bfbfbf";

impl Palette {
    fn channel(&self, code: &str) -> String {
        self.channels
            .get(code)
            .cloned()
            .or_else(|| ChannelKind::from_code(code).ok().map(|k| k.color().into()))
            .unwrap_or_else(|| UNKNOWN.into())
    }

    fn event(&self, id: &str) -> String {
        self.events
            .get(id)
            .cloned()
            .unwrap_or_else(|| UNKNOWN.into())
    }
}

fn charts_of(
    overview: &RevenueOverview,
    trend: &[MonthView],
    palette: &Palette,
    lang: Lang,
) -> crate::Result<RevenueCharts> {
    let roi = &overview.roi;
    let item = |r: &RealizedView, color: String| RoiItem {
        label: r.label.clone(),
        spend: money(&r.spend),
        revenue: money(&r.revenue),
        roi: r.roi_bp.map(Rate),
        color,
    };
    let funnel: Vec<FunnelStage> = overview
        .funnel
        .iter()
        .map(|s| FunnelStage {
            label: s.label.clone(),
            count: s.count,
            from_previous: s.from_previous.clone(),
        })
        .collect();
    let channels: Vec<RoiItem> = roi
        .channels
        .iter()
        .map(|c| item(c, palette.channel(&c.key)))
        .collect();
    let events: Vec<RoiItem> = roi
        .events
        .iter()
        .map(|e| item(e, palette.event(&e.key)))
        .collect();
    let costs: Vec<CostItem> = roi
        .channels
        .iter()
        .map(|c| CostItem {
            label: c.label.clone(),
            spend: money(&c.spend),
            sql: c.sql,
            cost_per_sql: c.cost_per_sql.as_ref().map(money),
            color: palette.channel(&c.key),
        })
        .collect();
    let months: Vec<TrendMonth> = trend
        .iter()
        .map(|m| TrendMonth {
            month: m.month.clone(),
            leads: m.leads,
            mql: m.mql,
            sql: m.sql,
            revenue: money(&m.revenue),
        })
        .collect();
    let charts = (|| -> marketdesk_report::Result<RevenueCharts> {
        Ok(RevenueCharts {
            funnel: marketdesk_report::funnel_chart_svg(&funnel, lang)?,
            roi_by_channel: marketdesk_report::roi_bars_svg(&channels, lang)?,
            roi_by_event: marketdesk_report::roi_bars_svg(&events, lang)?,
            cost_per_sql: marketdesk_report::cost_per_sql_svg(&costs, lang)?,
            trend: marketdesk_report::trend_chart_svg(&months, lang)?,
        })
    })();
    charts.user(lang)
}

/// What the report is made of besides the period's overview.
struct ReportInputs {
    period: ReportPeriod,
    company: String,
    today: NaiveDate,
    overview: RevenueOverview,
    /// The period before, for "上期" beside each demand-generation figure.
    previous: RealizedView,
    /// The six months up to the period's end.
    trend: Vec<MonthView>,
    /// Funded events (planned or done) dated in the period.
    events: Vec<EventRow>,
    /// Companies first seen on the list of an event held in the period.
    new_companies: i64,
}

/// A money or count cell of a totals row: a SUM formula when the rows above add up to it, the
/// figure itself otherwise (a total that also holds what no row does).
fn total_money(rows: &[Vec<Cell>], col: usize, total: Money) -> Cell {
    let sum: i64 = rows
        .iter()
        .filter_map(|r| match r.get(col)?.value {
            CellValue::Fen(f) => Some(f),
            _ => None,
        })
        .sum();
    if sum == total.fen() {
        Cell::sum_money(total)
    } else {
        Cell::money(total)
    }
}

fn total_count(rows: &[Vec<Cell>], col: usize, total: i64) -> Cell {
    let sum: i64 = rows
        .iter()
        .filter_map(|r| match r.get(col)?.value {
            CellValue::Count(n) => Some(n),
            _ => None,
        })
        .sum();
    if sum == total {
        Cell::sum_count(total)
    } else {
        Cell::count(total)
    }
}

fn dash_or(text: Option<&String>) -> String {
    text.cloned().unwrap_or_else(|| "—".into())
}

fn band_words(band: SqlBand, lang: Lang) -> &'static str {
    match band {
        SqlBand::NoData => lang.pick("无数据", "no data"),
        SqlBand::Below => lang.pick("低于很好区间", "below the band"),
        SqlBand::VeryGood => lang.pick("很好", "very good"),
        SqlBand::Above => lang.pick("高于区间", "above the band"),
    }
}

fn build(inputs: ReportInputs, charts: RevenueCharts, lang: Lang) -> MarketingReportDocument {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let o = &inputs.overview;
    let roi = &o.roi;
    let t = &roi.total;
    let prev = &inputs.previous;
    let period_name = inputs.period.name(lang);
    let title = match lang {
        Lang::ZhCn => format!("{period_name}市场工作报告"),
        Lang::En => format!("Marketing report, {period_name}"),
    };
    let unattributed = money(&roi.unattributed_revenue);

    // ---- Events: held against planned, attendance against target, what they brought ----
    let held: Vec<&EventRow> = inputs
        .events
        .iter()
        .filter(|e| e.status == marketdesk_core::EventStatus::Done)
        .collect();
    let planned = inputs.events.len() as i64;
    let today = inputs.today.to_string();
    let unmarked = inputs
        .events
        .iter()
        .filter(|e| e.status != marketdesk_core::EventStatus::Done && e.starts_on < today)
        .count();
    let present: i64 = held.iter().map(|e| e.present()).sum();
    let target: i64 = held.iter().map(|e| e.target_attendance).sum();
    let sum_events = |f: fn(&RealizedView) -> i64| roi.events.iter().map(f).sum::<i64>();
    let event_spend: Money = roi.events.iter().map(|e| money(&e.spend)).sum();
    let event_revenue: Money = roi.events.iter().map(|e| money(&e.revenue)).sum();
    let event_roi = Rate::of(event_revenue.fen() - event_spend.fen(), event_spend.fen());
    let kpi = |name: String, value: Cell, against: String, verdict: String, def: String| {
        vec![
            Cell::text(name),
            value,
            Cell::text(against),
            Cell::text(verdict),
            Cell::text(def),
        ]
    };
    let n = |count: i64| Cell::count(count);
    let head = vec![
        p("指标", "KPI"),
        p("本期", "This period"),
        p("对照", "Against"),
        p("判断", "Verdict"),
        p("口径", "Definition"),
    ];
    let roi_verdict = |r: Option<Rate>| match r {
        None => p("无花费", "no spend"),
        Some(r) if r.0 >= 0 => p("已回本", "paid back"),
        Some(_) => p("未回本", "not paid back"),
    };
    let events_table = Table {
        name: p("KPI·活动", "KPI events"),
        head: head.clone(),
        rows: vec![
            kpi(
                p("活动场次", "Events held"),
                n(held.len() as i64),
                match lang {
                    Lang::ZhCn => format!("计划 {planned} 场"),
                    Lang::En => format!("{planned} planned"),
                },
                match (planned, held.len() as i64, unmarked, lang) {
                    (0, _, _, _) => p("本期无计划活动", "none planned"),
                    (_, _, u, Lang::ZhCn) if u > 0 => format!("{u} 场已过日期未标记为已举办"),
                    (_, _, u, Lang::En) if u > 0 => format!("{u} past but not marked done"),
                    (pl, h, _, _) if h >= pl => p("按计划完成", "as planned"),
                    (pl, h, _, Lang::ZhCn) => format!("少 {} 场", pl - h),
                    (pl, h, _, Lang::En) => format!("{} short", pl - h),
                },
                p(
                    "计划 = 本期日期内列入计划或已举办的活动；举办 = 其中已标记为已举办的",
                    "planned: events of the period in the plan or done; held: those marked done",
                ),
            ),
            kpi(
                p("到场人数", "Attendance"),
                n(present),
                match lang {
                    Lang::ZhCn => format!("目标 {target} 人"),
                    Lang::En => format!("target {target}"),
                },
                Rate::of(present, target).map_or_else(
                    || p("无目标", "no target"),
                    |r| match lang {
                        Lang::ZhCn => format!("达成 {}", one_decimal(r)),
                        Lang::En => format!("{} of target", one_decimal(r)),
                    },
                ),
                p(
                    "已举办活动的到场（签到 + 现场登记），对照这些活动的目标人数之和",
                    "present at the events held (checked in + walk-ins), against their targets added up",
                ),
            ),
            kpi(
                p("新接触公司", "New companies"),
                n(inputs.new_companies),
                "—".into(),
                String::new(),
                p(
                    "第一次出现在任何活动名单上的公司，按本期已举办的活动计",
                    "companies on a list of an event held in the period and on none before",
                ),
            ),
            kpi(
                p("活动带来的线索", "Leads from events"),
                n(sum_events(|e| e.leads)),
                "—".into(),
                String::new(),
                p(
                    "首次触达是活动、且在本期的线索",
                    "leads whose first touch was an event, in the period",
                ),
            ),
            kpi(
                p("活动商机", "Opportunities from events"),
                n(sum_events(|e| e.opportunities)),
                "—".into(),
                String::new(),
                p(
                    "来源为活动的线索在本期进入商机的人数",
                    "leads sourced at events that reached opportunity in the period",
                ),
            ),
            kpi(
                p("活动归因收入", "Revenue credited to events"),
                Cell::money(event_revenue),
                "—".into(),
                String::new(),
                match lang {
                    Lang::ZhCn => format!("本期赢单金额中按{}分给活动触达的部分", roi.model_name),
                    Lang::En => format!(
                        "won revenue of the period credited to event touches ({})",
                        roi.model_name
                    ),
                },
            ),
            kpi(
                p("活动 ROI", "Events ROI"),
                event_roi.map_or(Cell::text("—"), |r| Cell {
                    text: one_decimal(r),
                    value: CellValue::Rate(r.0),
                }),
                match lang {
                    Lang::ZhCn => format!("花费 {}", event_spend.format_short(lang)),
                    Lang::En => format!("spend {}", event_spend.format_short(lang)),
                },
                roi_verdict(event_roi),
                p(
                    "（活动归因收入 − 活动花费）÷ 活动花费；活动花费含未关联预算项的活动自身费用，可能与渠道花费不同",
                    "(revenue credited to events − their spend) ÷ their spend; event spend includes the own cost of events no tactic pays for, so it may differ from channel spend",
                ),
            ),
        ],
        total: None,
        note: String::new(),
    };

    // ---- Demand generation: the funnel, its conversion, revenue and return ----
    let last = |v: String| match lang {
        Lang::ZhCn => format!("上期 {v}"),
        Lang::En => format!("last period {v}"),
    };
    let change = |now: i64, before: i64| -> String {
        match Rate::of(now - before, before) {
            Some(r) => {
                let sign = if r.0 > 0 { "+" } else { "" };
                match lang {
                    Lang::ZhCn => format!("环比 {sign}{}", one_decimal(r)),
                    Lang::En => format!("{sign}{} on last period", one_decimal(r)),
                }
            }
            None if now > 0 => p("上期为 0", "none last period"),
            None => String::new(),
        }
    };
    // A count held against the period before.
    let counted = |name: String, now: i64, before: i64, definition: String| {
        kpi(
            name,
            n(now),
            last(before.to_string()),
            change(now, before),
            definition,
        )
    };
    let money_cell = |m: Option<&MoneyView>| m.map_or(Cell::text("—"), |m| Cell::money(money(m)));
    let compliance = o.sla.compliance.as_ref();
    let demand_table = Table {
        name: p("KPI·需求生成", "KPI demand gen"),
        head,
        rows: vec![
            counted(
                p("新增线索", "New leads"),
                t.leads,
                prev.leads,
                p(
                    "首次触达在本期的线索（按人计）",
                    "people whose first touch was in the period",
                ),
            ),
            counted(
                "MQL".into(),
                t.mql,
                prev.mql,
                p(
                    "本期达到市场合格线索（MQL）的线索",
                    "leads that became marketing-qualified in the period",
                ),
            ),
            counted(
                "SQL".into(),
                t.sql,
                prev.sql,
                p(
                    "本期被销售接受（SQL）的线索",
                    "leads sales accepted in the period",
                ),
            ),
            kpi(
                "MQL→SQL".into(),
                rate_cell(t.mql_to_sql.as_ref()),
                "15–25%".into(),
                band_words(t.band, lang).into(),
                p(
                    "本期认定为 MQL 的线索中，截至编制日已进入 SQL 的比例；15–25% 已属很好",
                    "share of the period's qualified MQLs that have reached SQL by the day of the report (15–25% is already very good)",
                ),
            ),
            counted(
                p("商机", "Opportunities"),
                t.opportunities,
                prev.opportunities,
                p("本期进入商机阶段的线索", "leads that reached opportunity in the period"),
            ),
            counted(
                p("赢单", "Won"),
                t.won,
                prev.won,
                p(
                    "本期赢单的线索（按人计；找不到线索的赢单不计入）",
                    "leads won in the period (people; deals that found no lead are not counted)",
                ),
            ),
            kpi(
                p("赢单收入", "Won revenue"),
                Cell::money(money(&t.revenue)),
                last(prev.revenue.yuan.clone()),
                change(money(&t.revenue).fen(), money(&prev.revenue).fen()),
                if unattributed > Money::ZERO {
                    match lang {
                        Lang::ZhCn => {
                            format!("本期关闭的赢单金额，含未能归因到渠道的 {unattributed}")
                        }
                        Lang::En => format!(
                            "deals won in the period, including {unattributed} no channel could be credited with"
                        ),
                    }
                } else {
                    p("本期关闭的赢单金额", "deals won in the period")
                },
            ),
            // 线索的金额 (seed 001: demand generation is judged first on the money its leads
            // stand for): what the CRM still has open on them.
            kpi(
                p("在途商机金额", "Open pipeline"),
                Cell::money(money(&t.pipeline)),
                last(prev.pipeline.yuan.clone()),
                change(money(&t.pipeline).fen(), money(&prev.pipeline).fen()),
                match (money(&roi.unattributed_pipeline), lang) {
                    (u, Lang::ZhCn) if u > Money::ZERO => format!(
                        "本期新建、尚未关闭的商机金额（CRM 导出），含未能归因到渠道的 {u}"
                    ),
                    (u, Lang::En) if u > Money::ZERO => format!(
                        "open deals created in the period (CRM export), including {u} no channel could be credited with"
                    ),
                    _ => p(
                        "本期新建、尚未关闭的商机金额（CRM 导出）",
                        "open deals created in the period (CRM export)",
                    ),
                },
            ),
            kpi(
                "ROI".into(),
                rate_cell(t.roi.as_ref()),
                last(dash_or(prev.roi.as_ref())),
                roi_verdict(t.roi_bp.map(Rate)),
                match (unattributed > Money::ZERO, lang) {
                    (false, Lang::ZhCn) => {
                        format!("（赢单收入 − 市场花费 {}）÷ 市场花费", t.spend.yuan)
                    }
                    (false, Lang::En) => {
                        format!("(won revenue − marketing spend {}) ÷ spend", t.spend.yuan)
                    }
                    (true, Lang::ZhCn) => format!(
                        "（赢单收入 − 市场花费 {}）÷ 市场花费；赢单收入含未归因到渠道的 {unattributed}",
                        t.spend.yuan
                    ),
                    (true, Lang::En) => format!(
                        "(won revenue − marketing spend {}) ÷ spend; won revenue includes {unattributed} credited to no channel",
                        t.spend.yuan
                    ),
                },
            ),
            kpi(
                p("单个 SQL 成本", "Cost per SQL"),
                money_cell(t.cost_per_sql.as_ref()),
                last(
                    prev.cost_per_sql
                        .as_ref()
                        .map_or_else(|| "—".into(), |m| m.yuan.clone()),
                ),
                String::new(),
                p("市场花费 ÷ SQL", "marketing spend ÷ SQL"),
            ),
            kpi(
                p("跟进时效达标率", "Follow-ups in time"),
                rate_cell(compliance),
                "—".into(),
                match (compliance, lang) {
                    (None, _) => p("无到期的跟进", "none due"),
                    (Some(_), Lang::ZhCn) => format!("逾期 {} 个", o.sla.overdue),
                    (Some(_), Lang::En) => format!("{} overdue", o.sla.overdue),
                },
                o.sla.definition.clone(),
            ),
        ],
        total: None,
        note: String::new(),
    };

    // ---- The funnel ----
    let funnel = Table {
        name: p("漏斗", "Funnel"),
        head: vec![
            p("阶段", "Stage"),
            p("人数", "People"),
            p("较上一步", "Of the step before"),
        ],
        rows: o
            .funnel
            .iter()
            .map(|s| {
                vec![
                    Cell::text(&s.label),
                    n(s.count),
                    rate_cell(s.from_previous.as_ref()),
                ]
            })
            .collect(),
        total: None,
        note: p(
            "线索按首次触达在本期计；其后各阶段为本期达到该阶段的线索，不一定是同一批人（例如本期赢单的线索可能上期就已是商机），所以较上一步可能超过 100%。较上一步 = 本步人数 ÷ 上一步人数。",
            "Leads count by first touch in the period; each later stage counts the leads that reached it in the period, not necessarily the same people (a lead won now may have become an opportunity earlier), so a step may exceed 100% of the one before. Of the step before = this step ÷ the step before.",
        ),
    };

    // ---- ROI by channel: spend, funnel, credited revenue, ROI as a formula of the row ----
    let channel_row = |r: &RealizedView| {
        vec![
            Cell::text(&r.label),
            Cell::money(money(&r.spend)),
            n(r.leads),
            n(r.mql),
            n(r.sql),
            n(r.opportunities),
            n(r.won),
            Cell::money(money(&r.revenue)),
            Cell::quotient(dash_or(r.roi.as_ref()), 7, 1, QuotientKind::Return),
        ]
    };
    let mut channel_rows: Vec<Vec<Cell>> = roi.channels.iter().map(channel_row).collect();
    if unattributed > Money::ZERO {
        let blank = || Cell::text("");
        channel_rows.push(vec![
            Cell::text(p("未归因", "Unattributed")),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            Cell::money(unattributed),
            Cell::text("—"),
        ]);
    }
    let totals_row = |rows: &[Vec<Cell>], r: &RealizedView, label: String| {
        vec![
            Cell::text(label),
            total_money(rows, 1, money(&r.spend)),
            total_count(rows, 2, r.leads),
            total_count(rows, 3, r.mql),
            total_count(rows, 4, r.sql),
            total_count(rows, 5, r.opportunities),
            total_count(rows, 6, r.won),
            total_money(rows, 7, money(&r.revenue)),
            Cell::quotient(dash_or(r.roi.as_ref()), 7, 1, QuotientKind::Return),
        ]
    };
    let channel_total = totals_row(&channel_rows, t, p("合计", "Total"));
    let channel_head = |first: String| {
        vec![
            first,
            p("花费", "Spend"),
            p("线索", "Leads"),
            "MQL".into(),
            "SQL".into(),
            p("商机", "Opps"),
            p("赢单", "Won"),
            p("归因收入", "Revenue"),
            "ROI".into(),
        ]
    };
    let channels = Table {
        name: p("渠道ROI", "ROI by channel"),
        head: channel_head(p("渠道", "Channel")),
        rows: channel_rows,
        total: Some(channel_total),
        note: if unattributed > Money::ZERO {
            match lang {
                Lang::ZhCn => format!("未归因：{unattributed} 的赢单找不到对应线索或线索没有触达记录，计入合计与 ROI，不属于任何渠道。ROI 为“—”：本期无花费。"),
                Lang::En => format!("Unattributed: {unattributed} of won deals found no lead, or a lead without touches; it counts in the total and its ROI, not in any channel. ROI “—”: nothing spent in the period."),
            }
        } else {
            p(
                "ROI 为“—”：本期无花费。",
                "ROI “—”: nothing spent in the period.",
            )
        },
    };

    // ---- ROI by event ----
    let basis = |b: Option<&String>| match b.map(String::as_str) {
        Some("actual") => p("实付", "paid"),
        Some("event_cost") => p("活动费用", "event cost"),
        _ => String::new(),
    };
    let event_rows: Vec<Vec<Cell>> = roi
        .events
        .iter()
        .map(|e| {
            vec![
                Cell::text(&e.label),
                Cell::money(money(&e.spend)),
                Cell::text(basis(e.spend_basis.as_ref())),
                n(e.leads),
                n(e.sql),
                n(e.opportunities),
                Cell::money(money(&e.revenue)),
                Cell::quotient(dash_or(e.roi.as_ref()), 6, 1, QuotientKind::Return),
            ]
        })
        .collect();
    let events_total = (!event_rows.is_empty()).then(|| {
        vec![
            Cell::text(p("合计", "Total")),
            Cell::sum_money(event_spend),
            Cell::text(""),
            Cell::sum_count(sum_events(|e| e.leads)),
            Cell::sum_count(sum_events(|e| e.sql)),
            Cell::sum_count(sum_events(|e| e.opportunities)),
            Cell::sum_money(event_revenue),
            Cell::quotient(
                event_roi.map_or_else(|| "—".into(), one_decimal),
                6,
                1,
                QuotientKind::Return,
            ),
        ]
    });
    let events = Table {
        name: p("活动ROI", "ROI by event"),
        head: vec![
            p("活动", "Event"),
            p("花费", "Spend"),
            p("花费口径", "Spend from"),
            p("线索", "Leads"),
            "SQL".into(),
            p("商机", "Opps"),
            p("归因收入", "Revenue"),
            "ROI".into(),
        ],
        note: if event_rows.is_empty() {
            p(
                "本期没有活动带来线索、花费或收入。",
                "No event brought leads, spend or revenue in this period.",
            )
        } else {
            p(
                "花费口径：实付 = 所属预算项本期的实际支付（一个预算项覆盖多场活动时按活动费用分摊）；活动费用 = 未关联预算项时取本期举办活动的自身费用，不在渠道花费之内。",
                "Spend from: paid = the tactic's actual payments in the period (split by cost when it pays for several events); event cost = the own cost of an event held in the period that no tactic pays for, which channel spend does not include.",
            )
        },
        rows: event_rows,
        total: events_total,
    };

    // ---- Cost per SQL ----
    // Each cost beside the count it divides by: spend ÷ leads, spend ÷ SQL.
    let per = |m: Option<&MoneyView>, den: usize| {
        Cell::quotient(
            m.map_or_else(|| "—".into(), |m| m.yuan.clone()),
            1,
            den,
            QuotientKind::MoneyPer,
        )
    };
    let cost_row = |r: &RealizedView| {
        vec![
            Cell::text(&r.label),
            Cell::money(money(&r.spend)),
            n(r.leads),
            per(r.cost_per_lead.as_ref(), 2),
            n(r.mql),
            n(r.sql),
            per(r.cost_per_sql.as_ref(), 5),
            rate_cell(r.mql_to_sql.as_ref()),
            Cell::text(band_words(r.band, lang)),
        ]
    };
    let cost_rows: Vec<Vec<Cell>> = roi.channels.iter().map(cost_row).collect();
    let cost_total = {
        let mut row = cost_row(t);
        row[0] = Cell::text(p("合计", "Total"));
        row[1] = total_money(&cost_rows, 1, money(&t.spend));
        for (col, v) in [(2, t.leads), (4, t.mql), (5, t.sql)] {
            row[col] = total_count(&cost_rows, col, v);
        }
        row
    };
    let unit_costs = Table {
        name: p("单个SQL成本", "Cost per SQL"),
        head: vec![
            p("渠道", "Channel"),
            p("花费", "Spend"),
            p("线索", "Leads"),
            p("单条线索成本", "Per lead"),
            "MQL".into(),
            "SQL".into(),
            p("单个 SQL 成本", "Per SQL"),
            "MQL→SQL".into(),
            p("对照 15–25%", "Against 15–25%"),
        ],
        rows: cost_rows,
        total: Some(cost_total),
        note: p(
            "单条线索成本 = 花费 ÷ 线索；单个 SQL 成本 = 花费 ÷ SQL；“—”：没有线索或 SQL，无从计算。各渠道按同一口径比较。",
            "Per lead = spend ÷ leads; per SQL = spend ÷ SQL; “—”: no leads or SQL to divide by. Channels are compared on one footing.",
        ),
    };

    // ---- The follow-up rule ----
    let sla = Table {
        name: p("跟进时效", "Follow-ups"),
        head: vec![
            p("按时完成", "In time"),
            p("尚在期限内", "Still due"),
            p("逾期未完成", "Overdue"),
            p("本期退回公海", "Back to the pool"),
            p("达标率", "Compliance"),
        ],
        rows: vec![vec![
            n(o.sla.met as i64),
            n(o.sla.due as i64),
            n(o.sla.overdue as i64),
            n(o.sla.returned),
            rate_cell(compliance),
        ]],
        total: None,
        note: match lang {
            Lang::ZhCn => format!(
                "{} 按时完成、尚在期限内与逾期为截至 {} 的状态；退回公海按本期计。",
                o.sla.definition,
                long_date(inputs.today, lang)
            ),
            Lang::En => format!(
                "{} In time, still due and overdue are as of {}; returns to the pool count in the period.",
                o.sla.definition,
                long_date(inputs.today, lang)
            ),
        },
    };

    // ---- Month by month ----
    let month_name = |m: &str| {
        let parsed = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
        match (parsed, lang) {
            (Some(d), Lang::ZhCn) => format!("{}年{}月", d.year(), d.month()),
            (Some(d), Lang::En) => d.format("%b %Y").to_string(),
            (None, _) => m.to_string(),
        }
    };
    let trend_rows: Vec<Vec<Cell>> = inputs
        .trend
        .iter()
        .map(|m| {
            vec![
                Cell::text(month_name(&m.month)),
                n(m.leads),
                n(m.mql),
                n(m.sql),
                n(m.opportunities),
                n(m.won_deals),
                Cell::money(money(&m.revenue)),
                Cell::money(money(&m.spend)),
            ]
        })
        .collect();
    let trend_sum = |f: fn(&MonthView) -> i64| inputs.trend.iter().map(f).sum::<i64>();
    let trend_money =
        |f: fn(&MonthView) -> &MoneyView| inputs.trend.iter().map(|m| money(f(m))).sum::<Money>();
    let trend = Table {
        name: p("月度趋势", "By month"),
        head: vec![
            p("月份", "Month"),
            p("线索", "Leads"),
            "MQL".into(),
            "SQL".into(),
            p("商机", "Opps"),
            p("赢单（笔）", "Won deals"),
            p("赢单收入", "Won revenue"),
            p("花费", "Spend"),
        ],
        rows: trend_rows,
        total: Some(vec![
            Cell::text(p("合计", "Total")),
            Cell::sum_count(trend_sum(|m| m.leads)),
            Cell::sum_count(trend_sum(|m| m.mql)),
            Cell::sum_count(trend_sum(|m| m.sql)),
            Cell::sum_count(trend_sum(|m| m.opportunities)),
            Cell::sum_count(trend_sum(|m| m.won_deals)),
            Cell::sum_money(trend_money(|m| &m.revenue)),
            Cell::sum_money(trend_money(|m| &m.spend)),
        ]),
        note: p(
            "本期及之前共六个月。线索按首次触达月份，各阶段按达到的月份，赢单收入按关闭月份，花费按支付月份。",
            "The period and the months before it, six in all. Leads by the month of first touch, stages by the month reached, won revenue by close, spend by payment.",
        ),
    };

    // ---- The models compared ----
    let models = Table {
        name: p("模型对比", "Models"),
        head: std::iter::once(p("渠道", "Channel"))
            .chain(o.comparison.models.iter().map(|(_, name, _)| name.clone()))
            .collect(),
        rows: o
            .comparison
            .channels
            .iter()
            .map(|(_, label, per_model)| {
                std::iter::once(Cell::text(label))
                    .chain(per_model.iter().map(|m| Cell::money(money(m))))
                    .collect()
            })
            .chain((unattributed > Money::ZERO).then(|| {
                std::iter::once(Cell::text(p("未归因（各模型相同）", "Unattributed (any model)")))
                    .chain(o.comparison.models.iter().map(|_| Cell::money(unattributed)))
                    .collect()
            }))
            .collect(),
        total: None,
        note: p(
            "同一批赢单在不同归因模型下分给各渠道的收入；本报告采用的模型见标题。模型的权重是惯例而非测量结果。",
            "The same won deals credited to the channels under each attribution model; the title names the one this report uses. The weights are conventions, not measurements.",
        ),
    };

    // ---- Summary, in sentences ----
    let mut summary = Vec::new();
    let spend = money(&t.spend);
    match lang {
        Lang::ZhCn => {
            summary.push(format!(
                "本期新增线索 {} 条，MQL {} 个，SQL {} 个，商机 {} 个，赢单 {} 个，赢单收入 {}（{}）。",
                t.leads, t.mql, t.sql, t.opportunities, t.won, t.revenue.yuan, money(&t.revenue).format_wan()
            ));
            summary.push(match &t.roi {
                Some(r) if unattributed > Money::ZERO => format!(
                    "市场花费 {spend}，ROI 为 {r}；其中 {unattributed} 的赢单收入找不到对应线索或触达，未归因到任何渠道，各渠道的 ROI 见下文。"
                ),
                Some(r) => format!(
                    "市场花费 {spend}，按{}归因的 ROI 为 {r}（{}）。",
                    roi.model_name,
                    roi_verdict(t.roi_bp.map(Rate))
                ),
                None => "本期没有记录市场花费，无法计算 ROI。".into(),
            });
            summary.push(match (&t.mql_to_sql, t.band) {
                (Some(r), SqlBand::VeryGood) => format!("MQL→SQL 为 {r}，在 15–25% 的很好区间内。"),
                (Some(r), SqlBand::Below) => format!("MQL→SQL 为 {r}，低于 15–25% 的很好区间。"),
                (Some(r), _) => format!("MQL→SQL 为 {r}，高于 25%：转化很好，或 MQL 门槛偏严。"),
                (None, _) => "本期没有认定为 MQL 的线索，尚无 MQL→SQL 转化率。".into(),
            });
            summary.push(if planned == 0 {
                "本期没有计划中的活动。".into()
            } else {
                format!(
                    "计划活动 {planned} 场，已举办 {} 场，到场 {present} 人{}。",
                    held.len(),
                    Rate::of(present, target)
                        .map_or(String::new(), |r| format!("，为目标的 {}", one_decimal(r)))
                )
            });
            if roi.scored_on.is_none() {
                summary.push(
                    "线索尚未评分，MQL 及其后各阶段的数字可能不完整：请先在“线索”中重新评分。"
                        .into(),
                );
            }
        }
        Lang::En => {
            summary.push(format!(
                "In this period: new leads {}, MQL {}, SQL {}, opportunities {}, won {}, won revenue {}.",
                t.leads, t.mql, t.sql, t.opportunities, t.won, t.revenue.yuan
            ));
            summary.push(match &t.roi {
                Some(r) if unattributed > Money::ZERO => format!(
                    "Marketing spend {spend}; ROI {r}, of which {unattributed} of won revenue found no lead or touch and is credited to no channel; the channels' ROI is below."
                ),
                Some(r) => format!(
                    "Marketing spend {spend}; ROI under {} attribution {r} ({}).",
                    roi.model_name,
                    roi_verdict(t.roi_bp.map(Rate))
                ),
                None => "No marketing spend was booked in this period, so there is no ROI.".into(),
            });
            summary.push(match (&t.mql_to_sql, t.band) {
                (Some(r), SqlBand::VeryGood) => {
                    format!("MQL→SQL is {r}, within the very good band of 15–25%.")
                }
                (Some(r), SqlBand::Below) => {
                    format!("MQL→SQL is {r}, below the very good band of 15–25%.")
                }
                (Some(r), _) => {
                    format!("MQL→SQL is {r}, above 25%: very good, or the MQL bar is strict.")
                }
                (None, _) => {
                    "No lead was qualified as MQL in this period, so there is no MQL→SQL rate yet."
                        .into()
                }
            });
            summary.push(if planned == 0 {
                "No events were planned in this period.".into()
            } else {
                format!(
                    "Events planned {planned}, held {}, people present {present}{}.",
                    held.len(),
                    Rate::of(present, target).map_or(String::new(), |r| format!(
                        " ({} of target)",
                        one_decimal(r)
                    ))
                )
            });
            if roi.scored_on.is_none() {
                summary.push("Leads have not been scored yet, so MQL and the later stages may be incomplete: rescore them under Leads first.".into());
            }
        }
    }

    let scored_on = roi.scored_on.as_ref().map(|d| {
        d.get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map_or_else(|| d.clone(), |day| long_date(day, lang))
    });
    let data_note = match (&scored_on, lang) {
        (Some(d), Lang::ZhCn) => format!(
            "线索评分更新于 {d}；跟进状态截至 {}",
            long_date(inputs.today, lang)
        ),
        (Some(d), Lang::En) => format!(
            "Leads scored on {d}; follow-ups as of {}",
            long_date(inputs.today, lang)
        ),
        (None, _) => p(
            "线索尚未评分，阶段数字可能不完整",
            "Leads not scored yet; stage counts may be incomplete",
        ),
    };
    let mut notes = roi.notes.clone();
    notes.push(p(
        "本报告的数字与“报表”页同一期间、同一归因模型下的数字一致；Excel 版含相同表格，金额为可编辑的数字。",
        "The figures match the Reports section for the same period and model; the Excel version holds the same tables with editable numbers.",
    ));
    let kpi_note = p(
        "品牌/公关（曝光、媒体报道、关注）与产品营销（白皮书、物料等内容产出）的指标尚未在工作台中记录，本报告未列入。",
        "Brand/PR (exposure, media mentions, followers) and product marketing (content output) are not recorded in the workspace yet and are not in this report.",
    );
    let footer = if inputs.company.is_empty() {
        title.clone()
    } else {
        format!("{} · {title}", inputs.company)
    };
    MarketingReportDocument {
        lang: match lang {
            Lang::ZhCn => "zh",
            Lang::En => "en",
        },
        labels: ReportLabels::new(lang),
        company: inputs.company.clone(),
        title,
        period: match lang {
            Lang::ZhCn => format!(
                "{}至{}",
                long_date(inputs.period.first_day(), lang),
                long_date(inputs.period.last_day(), lang)
            ),
            Lang::En => format!(
                "{} – {}",
                long_date(inputs.period.first_day(), lang),
                long_date(inputs.period.last_day(), lang)
            ),
        },
        model: roi.model_name.clone(),
        model_rule: roi.model_rule.clone(),
        date: long_date(inputs.today, lang),
        data_note,
        summary,
        kpis: vec![
            KpiGroup {
                title: p("活动（场景营销）", "Events"),
                table: events_table,
            },
            KpiGroup {
                title: p("需求生成（线索到收入）", "Demand generation"),
                table: demand_table,
            },
        ],
        kpi_note,
        charts,
        funnel,
        channels,
        events,
        unit_costs,
        sla_rule: match lang {
            Lang::ZhCn => format!("跟进规则：{}", o.sla.rule),
            Lang::En => format!("Follow-up rule: {}", o.sla.rule),
        },
        sla,
        trend,
        models,
        notes,
        footer,
    }
}

/// A rate with one decimal, as every figure of the report shows it.
fn one_decimal(r: Rate) -> String {
    let sign = if r.0 < 0 { "-" } else { "" };
    let tenths = (r.0.unsigned_abs() + 5) / 10;
    format!("{sign}{}.{}%", tenths / 10, tenths % 10)
}

impl Session {
    /// Each channel's colour as the plan gives it, and each event's as its channel's.
    fn palette(&self) -> crate::Result<Palette> {
        let lang = self.lang();
        let store = self.reader();
        let plan: Option<Plan> = store
            .current_plan_rows()
            .user(lang)?
            .and_then(|r| crate::budget::to_plan(&r.plan, &r.channels, &r.tactics).ok());
        let mut palette = Palette::default();
        if let Some(plan) = &plan {
            for c in plan.channels() {
                palette
                    .channels
                    .insert(c.code.clone(), plan.color_of(&c.code).into());
            }
        }
        for e in store.list_events().user(lang)? {
            let colour = palette.channel(&e.channel);
            palette.events.insert(e.id.to_string(), colour);
        }
        Ok(palette)
    }

    /// The 报表 section's charts for `from ..= to` under `model` (a model code), as SVG.
    pub fn revenue_charts(
        &self,
        model: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> crate::Result<RevenueCharts> {
        let overview = self.revenue_overview(model, from, to)?;
        charts_of(&overview, &overview.trend, &self.palette()?, self.lang())
    }

    /// The leadership report of `period` under `model` (a model code), in the user's language.
    pub fn marketing_report(
        &self,
        period: ReportPeriod,
        model: &str,
    ) -> crate::Result<MarketingReportDocument> {
        let lang = self.lang();
        let (from, to) = (period.first_day(), period.last_day());
        let overview = self.revenue_overview(model, from, to)?;
        let before = period.previous();
        let previous = self
            .revenue_overview(model, before.first_day(), before.last_day())?
            .roi
            .total;
        let trend_from = period
            .last_day()
            .checked_sub_months(Months::new(5))
            .and_then(|d| d.with_day(1))
            .unwrap_or(from);
        let trend = self.revenue_overview(model, trend_from, to)?.trend;
        let palette = self.palette()?;
        let (company, events, new_companies) = {
            let store = self.reader();
            let (f, t) = (from.to_string(), to.to_string());
            let events: Vec<EventRow> = store
                .list_events()
                .user(lang)?
                .into_iter()
                .filter(|e| e.status.is_funded() && e.starts_on >= f && e.starts_on <= t)
                .collect();
            let card = store.event_scorecard().user(lang)?;
            let mut new_companies = 0;
            for e in events
                .iter()
                .filter(|e| e.status == marketdesk_core::EventStatus::Done)
            {
                new_companies += store
                    .event_actuals(e.id, &card.buying_centre)
                    .user(lang)?
                    .new_companies;
            }
            let company = store.meta("company").user(lang)?.unwrap_or_default();
            (company, events, new_companies)
        };
        let charts = charts_of(&overview, &trend, &palette, lang)?;
        let inputs = ReportInputs {
            period,
            company,
            today: chrono::Local::now().date_naive(),
            overview,
            previous,
            trend,
            events,
            new_companies,
        };
        Ok(build(inputs, charts, lang))
    }

    /// Writes the report to `path` as PDF, xlsx or HTML. PDF and HTML are typeset in this
    /// process when it links the typesetter (the CLI), else by the CLI shipped beside it.
    pub fn export_marketing_report(
        &self,
        period: ReportPeriod,
        model: &str,
        format: ExportFormat,
        path: &Path,
    ) -> crate::Result<()> {
        let lang = self.lang();
        let bytes = match format {
            ExportFormat::Xlsx => {
                marketdesk_report::marketing_report_xlsx(&self.marketing_report(period, model)?)
                    .user(lang)?
            }
            #[cfg(feature = "pdf")]
            ExportFormat::Pdf => {
                marketdesk_report::marketing_report_pdf(&self.marketing_report(period, model)?)
                    .user(lang)?
            }
            #[cfg(feature = "pdf")]
            ExportFormat::Html => {
                let doc = self.marketing_report(period, model)?;
                let pages = marketdesk_report::marketing_report_pages(&doc).user(lang)?;
                marketdesk_report::plan_html(&doc.title, doc.lang, &pages).into_bytes()
            }
            #[cfg(not(feature = "pdf"))]
            ExportFormat::Pdf | ExportFormat::Html => {
                let mut args = self.report_args(period, model)?;
                args.extend(["--format".into(), format.extension().into(), "-o".into()]);
                args.push(path.into());
                typeset(&args, lang)?;
                return Ok(());
            }
        };
        crate::plan_export::write_atomically(&bytes, format, path, lang)
    }

    /// The report's pages as SVG, laid out exactly as the PDF: what the window prints.
    pub fn marketing_report_pages(
        &self,
        period: ReportPeriod,
        model: &str,
    ) -> crate::Result<Vec<String>> {
        let lang = self.lang();
        #[cfg(feature = "pdf")]
        {
            marketdesk_report::marketing_report_pages(&self.marketing_report(period, model)?)
                .user(lang)
        }
        #[cfg(not(feature = "pdf"))]
        {
            let mut args = self.report_args(period, model)?;
            args.extend(["--pages".into(), "--json".into()]);
            let out = typeset(&args, lang)?;
            serde_json::from_slice(&out).map_err(|_| typeset_failed(lang))
        }
    }

    /// `report monthly WORKSPACE --month 2026-11 --model linear`, for the CLI beside the app.
    #[cfg(not(feature = "pdf"))]
    fn report_args(
        &self,
        period: ReportPeriod,
        model: &str,
    ) -> crate::Result<Vec<std::ffi::OsString>> {
        let workspace = self.workspace_file().map_err(|e| reword(e, self.lang()))?;
        let mut args: Vec<std::ffi::OsString> =
            vec!["report".into(), "monthly".into(), workspace.into()];
        args.push(
            if period.is_quarter() {
                "--quarter"
            } else {
                "--month"
            }
            .into(),
        );
        args.push(period.to_string().into());
        args.extend(["--model".into(), model.into()]);
        Ok(args)
    }
}

/// Runs the CLI beside the app, its errors worded about the report rather than the plan.
#[cfg(not(feature = "pdf"))]
fn typeset(args: &[std::ffi::OsString], lang: Lang) -> crate::Result<Vec<u8>> {
    crate::plan_export::typesetter::run(args, lang).map_err(|e| reword(e, lang))
}

#[cfg(not(feature = "pdf"))]
fn reword(e: ApiError, lang: Lang) -> ApiError {
    if e.code != "pdf_unavailable" {
        return e;
    }
    ApiError::new(
        "pdf_unavailable",
        lang.pick(
            "找不到排版组件（与 Marketdesk 一起安装的 marketdesk 程序），无法生成或打印市场报告的 PDF；请重新安装 Marketdesk。Excel 版不受影响。",
            "The typesetting component (the marketdesk program installed with Marketdesk) is missing, so the marketing report cannot be made into a PDF or printed; reinstall Marketdesk. The Excel version still works.",
        )
        .into(),
    )
}

#[cfg(not(feature = "pdf"))]
fn typeset_failed(lang: Lang) -> ApiError {
    ApiError::new(
        "pdf_failed",
        lang.pick(
            "排版市场报告时出错。",
            "Typesetting the marketing report failed.",
        )
        .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(y: i32, m: u32) -> ReportPeriod {
        ReportPeriod::month(y, m).expect("a month")
    }

    fn quarter(y: i32, q: u32) -> ReportPeriod {
        ReportPeriod::quarter(y, q).expect("a quarter")
    }

    #[test]
    fn months_and_quarters_are_read_as_users_type_them() {
        for (text, want) in [
            ("2026-11", month(2026, 11)),
            ("2026-1", month(2026, 1)),
            ("2026/03", month(2026, 3)),
            ("2026.03", month(2026, 3)),
            ("202603", month(2026, 3)),
            (" 2026年11月 ", month(2026, 11)),
            ("２０２６－１１", month(2026, 11)),
            ("2026Q4", quarter(2026, 4)),
            ("2026q4", quarter(2026, 4)),
            ("2026-Q4", quarter(2026, 4)),
            ("2026 Q4", quarter(2026, 4)),
            ("Q4 2026", quarter(2026, 4)),
            ("Q4-2026", quarter(2026, 4)),
            ("2026年第四季度", quarter(2026, 4)),
            ("2026年第4季度", quarter(2026, 4)),
            ("2026年Q1", quarter(2026, 1)),
        ] {
            assert_eq!(
                ReportPeriod::parse(text, Lang::ZhCn).expect(text),
                want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_bad_period_is_refused_in_a_sentence_in_either_language() {
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "2026Q5",
            "2026Q0",
            "26-11",
            "11/2026",
            "Q",
            "十一月",
            "2026-11-05",
            "1999-12",
            "2026Q4x",
        ] {
            let zh = ReportPeriod::parse(bad, Lang::ZhCn).expect_err(bad);
            assert_eq!(zh.code, "invalid_period", "{bad:?}");
            assert!(
                zh.message.contains("2026-11") && zh.message.contains("2026Q4"),
                "the sentence shows both forms: {}",
                zh.message
            );
            let en = ReportPeriod::parse(bad, Lang::En).expect_err(bad);
            assert!(en.message.starts_with('“') && en.message.contains("a month"));
        }
        let from_window: Result<ReportPeriod, _> = serde_json::from_str("\"2026-13\"");
        let message = from_window.expect_err("refused").to_string();
        assert!(
            message.contains("不是有效的报告期间") && message.contains("is not a report period"),
            "without the user's language, both: {message}"
        );
    }

    #[test]
    fn periods_know_their_days_the_one_before_and_their_names() {
        let nov = month(2026, 11);
        assert_eq!(nov.first_day().to_string(), "2026-11-01");
        assert_eq!(nov.last_day().to_string(), "2026-11-30");
        assert_eq!(
            month(2024, 2).last_day().to_string(),
            "2024-02-29",
            "leap year"
        );
        assert_eq!(month(2026, 1).previous(), month(2025, 12));
        let q4 = quarter(2026, 4);
        assert_eq!(
            (q4.first_day().to_string(), q4.last_day().to_string()),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert_eq!(quarter(2026, 1).previous(), quarter(2025, 4));
        assert_eq!(q4.name(Lang::ZhCn), "2026年第四季度");
        assert_eq!(q4.name(Lang::En), "Q4 2026");
        assert_eq!(nov.name(Lang::En), "November 2026");
        for p in [nov, q4, month(2026, 3)] {
            assert_eq!(
                ReportPeriod::parse(&p.to_string(), Lang::En).expect("round trip"),
                p,
                "what Display writes, parse reads (the CLI is given it)"
            );
        }
        assert_eq!(
            serde_json::to_string(&q4).expect("json"),
            "\"2026Q4\"",
            "crosses to the window as text"
        );
    }

    #[test]
    fn rates_written_out_are_read_back_exactly() {
        assert_eq!(rate_of("12.5%"), Some(Rate(1_250)));
        assert_eq!(rate_of("-100.0%"), Some(Rate(-10_000)));
        assert_eq!(rate_of("269.32%"), Some(Rate(26_932)));
        assert_eq!(rate_of("7%"), Some(Rate(700)));
        assert_eq!(rate_of("—"), None);
        assert_eq!(one_decimal(Rate(-7_722)), "-77.2%");
    }

    fn demo(dir: &Path, lang: Lang) -> Session {
        let session = Session::create(&dir.join("demo.marketdesk"), true, lang).expect("demo");
        session.rescore(&|_| {}, &|_| {}).expect("rescore");
        session
    }

    #[test]
    fn charts_of_the_demo_year_and_of_an_empty_month_draw() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = demo(dir.path(), Lang::ZhCn);
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("date");
        let year = s
            .revenue_charts("linear", day("2026-01-01"), day("2026-12-31"))
            .expect("charts");
        assert!(year.funnel.contains("线索"), "the funnel names its steps");
        assert!(
            year.roi_by_channel.contains("线下活动"),
            "channels with spend are on the ROI chart"
        );
        assert!(year.roi_by_event.contains("国际金融展"));
        assert!(year.trend.contains("11月"));
        let empty = s
            .revenue_charts("linear", day("2030-01-01"), day("2030-01-31"))
            .expect("charts");
        for svg in [
            &empty.funnel,
            &empty.roi_by_channel,
            &empty.roi_by_event,
            &empty.cost_per_sql,
            &empty.trend,
        ] {
            assert!(svg.contains("本期没有数据"), "an honest empty state");
        }
        assert_eq!(
            s.revenue_charts("nonsense", day("2026-01-01"), day("2026-12-31"))
                .expect_err("unknown model")
                .code,
            "unknown_code"
        );
    }

    #[test]
    fn the_report_of_the_demo_quarter_holds_its_kpis_and_definitions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = demo(dir.path(), Lang::ZhCn);
        let doc = s
            .marketing_report(quarter(2026, 4), "linear")
            .expect("report");
        assert_eq!(doc.title, "2026年第四季度市场工作报告");
        assert_eq!(doc.company, "示例科技有限公司");
        assert_eq!(doc.period, "2026年10月1日至2026年12月31日");
        assert_eq!(doc.model, "线性");
        let events = &doc.kpis[0].table;
        assert_eq!(
            events.rows[0][1].text, "1",
            "国际金融展 is the quarter's one event held"
        );
        assert_eq!(events.rows[0][2].text, "计划 1 场");
        assert!(
            events.rows.iter().all(|r| !r[4].text.is_empty()),
            "every KPI has its definition"
        );
        let demand = &doc.kpis[1].table;
        let conversion = demand
            .rows
            .iter()
            .find(|r| r[0].text == "MQL→SQL")
            .expect("MQL→SQL row");
        assert_eq!(
            conversion[2].text, "15–25%",
            "held against the very good band"
        );
        assert_eq!(doc.trend.rows.len(), 6, "six months up to December");
        assert!(doc.notes.iter().any(|n| n.starts_with("归因模型：线性")));
        assert_eq!(doc.channels.head.len(), doc.channels.rows[0].len());
        let en = Session::open_existing(&dir.path().join("demo.marketdesk"), Lang::En)
            .expect("open in English")
            .marketing_report(month(2026, 11), "first_touch")
            .expect("report");
        assert_eq!(en.title, "Marketing report, November 2026");
        assert!(!en.summary.join(" ").contains('万'), "{:?}", en.summary);
    }

    #[test]
    fn the_report_exports_as_xlsx_with_money_as_numbers() {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let dir = tempfile::tempdir().expect("tempdir");
        let s = demo(dir.path(), Lang::ZhCn);
        let path = dir.path().join("报告.xlsx");
        s.export_marketing_report(quarter(2026, 4), "linear", ExportFormat::Xlsx, &path)
            .expect("xlsx");
        let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
        let names = wb.sheet_names();
        for sheet in [
            "概览",
            "KPI·活动",
            "KPI·需求生成",
            "渠道ROI",
            "活动ROI",
            "月度趋势",
        ] {
            assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
        }
        let channels = wb.worksheet_range("渠道ROI").expect("sheet");
        let spend = channels
            .rows()
            .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "线下活动"))
            .and_then(|r| r.get(1).cloned())
            .expect("线下活动 row");
        assert!(
            matches!(spend, Data::Float(f) if f > 0.0),
            "spend is a number, not text: {spend:?}"
        );
    }

    /// The app links no typesetter: it asks the CLI shipped beside it, and says so in words
    /// about the report when that is missing (as beside this test).
    #[cfg(not(feature = "pdf"))]
    #[test]
    fn without_the_typesetter_beside_it_the_app_says_what_is_missing() {
        if crate::plan_export::typesetter::path().is_some() {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let s = demo(dir.path(), Lang::ZhCn);
        let path = dir.path().join("报告.pdf");
        let err = s
            .export_marketing_report(quarter(2026, 4), "linear", ExportFormat::Pdf, &path)
            .expect_err("no typesetter beside the test");
        assert_eq!(err.code, "pdf_unavailable");
        assert!(err.message.contains("市场报告"), "{}", err.message);
        assert!(!path.exists(), "nothing half-written");
        assert_eq!(
            s.marketing_report_pages(quarter(2026, 4), "linear")
                .expect_err("no pages either")
                .code,
            "pdf_unavailable"
        );
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn the_report_exports_as_pdf_and_html_and_pages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = demo(dir.path(), Lang::ZhCn);
        let q4 = quarter(2026, 4);
        for format in [ExportFormat::Pdf, ExportFormat::Html] {
            let path = dir.path().join(format!("报告.{}", format.extension()));
            s.export_marketing_report(q4, "linear", format, &path)
                .expect("export");
            let bytes = std::fs::read(&path).expect("written");
            assert!(bytes.len() > 20_000, "{format:?}: {} bytes", bytes.len());
            if format == ExportFormat::Pdf {
                assert!(bytes.starts_with(b"%PDF"), "a PDF");
            } else {
                let html = String::from_utf8(bytes).expect("utf-8");
                assert!(
                    html.contains("<svg")
                        && html.contains("<title>2026年第四季度市场工作报告</title>")
                );
            }
        }
        let pages = s.marketing_report_pages(q4, "linear").expect("pages");
        assert!(pages.len() >= 3, "{} pages", pages.len());
        assert!(pages.iter().all(|p| p.starts_with("<svg")));
    }
}
