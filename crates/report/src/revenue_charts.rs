//! The 报表 section's charts of realized results, drawn as the plan's charts are (plotters
//! primitives to SVG, one text size, Chinese labels as SVG text): the funnel, ROI by channel and
//! by event, cost per SQL, and the month-by-month trend. Every bar carries its number in words,
//! negative ROI is hatched on the left of a zero line and missing figures read "—", so the charts
//! read in greyscale print; a period without data draws a chart that says so.

use marketdesk_core::{Lang, Money, Rate};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::chart_text;
use crate::color::parse_hex;
use crate::error::chart_err;
use crate::Result;

/// The bars' own length at most; the chart widens for its longest label and text.
const SPAN: i32 = 340;
const ROW: i32 = 36;
const MIN_WIDTH: i32 = 760;
/// Secondary text (the reason of an empty chart).
static MUTED: RGBColor = RGBColor(115, 115, 115);
static FRAME: RGBColor = RGBColor(217, 217, 217);
/// The funnel darkens step by step, so the steps differ in lightness as well as in length.
const FUNNEL_FILLS: [RGBColor; 5] = [
    RGBColor(186, 224, 255),
    RGBColor(105, 177, 255),
    RGBColor(22, 119, 255),
    RGBColor(9, 88, 217),
    RGBColor(0, 45, 140),
];
/// Trend series, far apart in lightness (grey levels about 190, 105 and 40): light grey, blue,
/// navy; revenue dark grey in its own panel.
const LEADS_FILL: RGBColor = RGBColor(191, 191, 191);
const MQL_FILL: RGBColor = RGBColor(22, 119, 255);
const SQL_FILL: RGBColor = RGBColor(0, 44, 140);
const REVENUE_FILL: RGBColor = RGBColor(89, 89, 89);

/// One step of the funnel (线索 → MQL → SQL → 商机 → 赢单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelStage {
    pub label: String,
    pub count: i64,
    /// This step ÷ the step before, as shown ("20.0%"); None for the first step or after a zero.
    pub from_previous: Option<String>,
}

/// A channel's or an event's realized return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoiItem {
    pub label: String,
    pub spend: Money,
    /// Attributed won revenue.
    pub revenue: Money,
    /// (revenue − spend) ÷ spend; None when nothing was spent (drawn as "—", no bar).
    pub roi: Option<Rate>,
    pub color: String,
}

/// A channel's cost per SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostItem {
    pub label: String,
    pub spend: Money,
    pub sql: i64,
    /// spend ÷ SQL; None without SQL.
    pub cost_per_sql: Option<Money>,
    pub color: String,
}

/// One month of the trend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendMonth {
    /// "2026-11".
    pub month: String,
    pub leads: i64,
    pub mql: i64,
    pub sql: i64,
    /// Won revenue closed in the month.
    pub revenue: Money,
}

fn no_data(lang: Lang) -> &'static str {
    lang.pick("本期没有数据", "No data for this period")
}

/// A rate with one decimal, half away from zero: "-100.0%", "12.5%".
fn percent(r: Rate) -> String {
    let sign = if r.0 < 0 { "-" } else { "" };
    let tenths = (r.0.unsigned_abs() + 5) / 10;
    format!("{sign}{}.{}%", tenths / 10, tenths % 10)
}

/// What a chart without data shows instead of empty axes: "本期没有数据" and why, in a frame of
/// the same width as the other charts.
pub fn empty_chart_svg(reason: &str, lang: Lang) -> Result<String> {
    let width = MIN_WIDTH.max(chart_text::width(reason) + 48);
    let height = 104;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        root.draw(&Rectangle::new(
            [(4, 4), (width - 4, height - 4)],
            FRAME.stroke_width(1),
        ))
        .map_err(chart_err)?;
        root.draw(&Text::new(
            no_data(lang).to_string(),
            (width / 2, 38),
            chart_text::style(HPos::Center, &chart_text::INK),
        ))
        .map_err(chart_err)?;
        if !reason.is_empty() {
            root.draw(&Text::new(
                reason.to_string(),
                (width / 2, 68),
                chart_text::style(HPos::Center, &MUTED),
            ))
            .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// The funnel as centred bars, one per step, each with its count and the share of the step
/// before written beside it.
pub fn funnel_chart_svg(stages: &[FunnelStage], lang: Lang) -> Result<String> {
    if stages.iter().all(|s| s.count <= 0) {
        return empty_chart_svg(
            lang.pick(
                "本期没有新线索，也没有线索进入后续阶段。",
                "No new leads, and no lead moved on, in this period.",
            ),
            lang,
        );
    }
    let texts: Vec<String> = stages
        .iter()
        .map(|s| match &s.from_previous {
            Some(rate) => match lang {
                Lang::ZhCn => format!("{} · 较上一步 {rate}", s.count),
                Lang::En => format!("{} · {rate} of the step before", s.count),
            },
            None => s.count.to_string(),
        })
        .collect();
    let label_w = chart_text::widest(stages.iter().map(|s| s.label.as_str())).max(80) + 20;
    let text_x = label_w + SPAN + 12;
    let width = (text_x + chart_text::widest(texts.iter().map(String::as_str)) + 16).max(MIN_WIDTH);
    let height = ROW * stages.len() as i32 + 12;
    let max = stages.iter().map(|s| s.count).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let centre = label_w + SPAN / 2;
        for (i, (stage, text)) in stages.iter().zip(&texts).enumerate() {
            let top = 6 + i as i32 * ROW;
            let mid = top + ROW / 2;
            let len = (i128::from(stage.count.max(0)) * i128::from(SPAN) / i128::from(max)) as i32;
            let half = (len / 2).max(1);
            let fill = FUNNEL_FILLS[i.min(FUNNEL_FILLS.len() - 1)];
            root.draw(&Text::new(
                stage.label.clone(),
                (label_w - 10, mid),
                chart_text::style(HPos::Right, &chart_text::INK),
            ))
            .map_err(chart_err)?;
            root.draw(&Rectangle::new(
                [(centre - half, top + 5), (centre + half, top + ROW - 5)],
                fill.filled(),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(
                text.clone(),
                (text_x, mid),
                chart_text::style(HPos::Left, &chart_text::INK),
            ))
            .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// One row of a signed bar chart: label and colour (hex), its value in the chart's unit (None:
/// no bar) and the text beside it.
struct SignedRow<'a>(&'a str, &'a str, Option<i64>, String);

/// Why a chart of ROI or of cost per SQL has no bar at all, in Chinese and English.
const NO_SPEND: (&str, &str) = (
    "本期没有记录花费，无法计算 ROI。",
    "No spend was booked in this period, so there is no ROI.",
);
const NO_SQL: (&str, &str) = (
    "本期还没有 SQL，无法计算单个 SQL 成本。",
    "No SQL in this period yet, so there is no cost per SQL.",
);

/// Horizontal bars from a zero line: positive ones filled to the right, negative ones hatched to
/// the left, the text always right of the zero line so it never runs into the labels. Without
/// any value, the empty chart says what is `missing`.
fn signed_bars_svg<'a>(
    rows: impl Iterator<Item = SignedRow<'a>>,
    (missing_zh, missing_en): (&str, &str),
    lang: Lang,
) -> Result<String> {
    let rows: Vec<SignedRow> = rows.collect();
    if rows.iter().all(|r| r.2.is_none()) {
        return empty_chart_svg(lang.pick(missing_zh, missing_en), lang);
    }
    let label_w = chart_text::widest(rows.iter().map(|r| r.0)).max(80) + 20;
    let text_w = chart_text::widest(rows.iter().map(|r| r.3.as_str()));
    let values = || rows.iter().filter_map(|r| r.2);
    let right = i128::from(values().max().unwrap_or(0).max(0));
    let left = i128::from(values().min().unwrap_or(0).min(0)).abs();
    let scale = (right + left).max(1);
    let zero = label_w + (left * i128::from(SPAN) / scale) as i32;
    let width = (label_w + SPAN + 8 + text_w + 16).max(MIN_WIDTH);
    let height = ROW * rows.len().max(1) as i32 + 12;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        for (i, SignedRow(label, color, value, text)) in rows.iter().enumerate() {
            let top = 6 + i as i32 * ROW;
            let (y0, y1) = (top + 6, top + ROW - 6);
            let color = parse_hex(color)?;
            root.draw(&Text::new(
                label.to_string(),
                (label_w - 10, top + ROW / 2),
                chart_text::style(HPos::Right, &chart_text::INK),
            ))
            .map_err(chart_err)?;
            let len = value.map_or(0, |v| (i128::from(v) * i128::from(SPAN) / scale) as i32);
            match *value {
                Some(v) if v < 0 => hatch(&root, (zero + len.min(-1), y0), (zero, y1), color)?,
                Some(_) => {
                    root.draw(&Rectangle::new(
                        [(zero, y0), (zero + len.max(1), y1)],
                        color.filled(),
                    ))
                    .map_err(chart_err)?;
                }
                None => {}
            }
            root.draw(&Text::new(
                text.clone(),
                (zero + len.max(0) + 8, top + ROW / 2),
                chart_text::style(HPos::Left, &chart_text::INK),
            ))
            .map_err(chart_err)?;
        }
        root.draw(&PathElement::new(
            vec![(zero, 2), (zero, height - 2)],
            chart_text::INK.stroke_width(1),
        ))
        .map_err(chart_err)?;
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// An outlined box with diagonal lines every 6 px: a negative bar, light where a positive one is
/// solid, so the two differ in greyscale too.
fn hatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    color: RGBColor,
) -> Result<()> {
    root.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.stroke_width(1)))
        .map_err(chart_err)?;
    let h = y1 - y0;
    // Each stroke rises 45° from (s, y1) to (s + h, y0), cut to the box.
    let mut s = x0 - h;
    while s < x1 {
        let (a, b) = (s.max(x0), (s + h).min(x1));
        if a < b {
            root.draw(&PathElement::new(
                vec![(a, y1 - (a - s)), (b, y1 - (b - s))],
                color.stroke_width(1),
            ))
            .map_err(chart_err)?;
        }
        s += 6;
    }
    Ok(())
}

/// Realized ROI per channel or event, bars around zero; "—" where nothing was spent.
pub fn roi_bars_svg(items: &[RoiItem], lang: Lang) -> Result<String> {
    let money = |m: Money| m.format_short(lang);
    let text = |i: &RoiItem| match (i.roi, lang) {
        (Some(r), Lang::ZhCn) => format!(
            "{} · 收入 {} / 花费 {}",
            percent(r),
            money(i.revenue),
            money(i.spend)
        ),
        (Some(r), Lang::En) => format!(
            "{} · revenue {} / spend {}",
            percent(r),
            money(i.revenue),
            money(i.spend)
        ),
        (None, Lang::ZhCn) => format!("— 本期无花费 · 收入 {}", money(i.revenue)),
        (None, Lang::En) => format!("— no spend this period · revenue {}", money(i.revenue)),
    };
    let rows = items
        .iter()
        .map(|i| SignedRow(&i.label, &i.color, i.roi.map(|r| r.0), text(i)));
    signed_bars_svg(rows, NO_SPEND, lang)
}

/// Cost per SQL per channel, bars scaled to the dearest; "—" for a channel without SQL.
pub fn cost_per_sql_svg(items: &[CostItem], lang: Lang) -> Result<String> {
    let money = |m: Money| m.format_short(lang);
    let text = |i: &CostItem| match (i.cost_per_sql, lang) {
        (Some(c), Lang::ZhCn) => {
            format!("{} · SQL {} 个 · 花费 {}", money(c), i.sql, money(i.spend))
        }
        (Some(c), Lang::En) => format!("{} · {} SQL · spend {}", money(c), i.sql, money(i.spend)),
        (None, Lang::ZhCn) => format!("— 无 SQL · 花费 {}", money(i.spend)),
        (None, Lang::En) => format!("— no SQL · spend {}", money(i.spend)),
    };
    let rows = items
        .iter()
        .map(|i| SignedRow(&i.label, &i.color, i.cost_per_sql.map(Money::fen), text(i)));
    signed_bars_svg(rows, NO_SQL, lang)
}

/// "11月" / "Nov", and the year under the first month and every January.
fn month_label(month: &str, first: bool, lang: Lang) -> (String, Option<String>) {
    let (year, m) = month.split_once('-').unwrap_or((month, ""));
    let n: usize = m.parse().unwrap_or(0);
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let name = match lang {
        Lang::ZhCn => format!("{n}月"),
        Lang::En => EN
            .get(n.wrapping_sub(1))
            .map_or(m.to_string(), |s| s.to_string()),
    };
    let year = (first || n == 1).then(|| match lang {
        Lang::ZhCn => format!("{year}年"),
        Lang::En => year.to_string(),
    });
    (name, year)
}

/// Month by month: leads, MQL and SQL as grouped columns, won revenue as columns below, and
/// every figure written in a row under its month (the columns give the shape, the rows the
/// numbers, so nothing depends on telling the series apart by colour).
pub fn trend_chart_svg(months: &[TrendMonth], lang: Lang) -> Result<String> {
    let empty = months
        .iter()
        .all(|m| m.leads <= 0 && m.mql <= 0 && m.sql <= 0 && m.revenue.fen() <= 0);
    if empty {
        return empty_chart_svg(
            lang.pick(
                "这几个月没有新线索、阶段变化或赢单。",
                "No new leads, stage changes or won deals in these months.",
            ),
            lang,
        );
    }
    let series: [(&str, RGBColor); 4] = [
        (lang.pick("线索", "Leads"), LEADS_FILL),
        ("MQL", MQL_FILL),
        ("SQL", SQL_FILL),
        (
            lang.pick("赢单收入（万元）", "Won revenue (¥10k)"),
            REVENUE_FILL,
        ),
    ];
    let cells: Vec<[String; 4]> = months
        .iter()
        .map(|m| {
            let revenue = match lang {
                Lang::ZhCn => m.revenue.format_wan().trim_end_matches('万').to_string(),
                Lang::En => m.revenue.format_short(lang),
            };
            [
                m.leads.to_string(),
                m.mql.to_string(),
                m.sql.to_string(),
                revenue,
            ]
        })
        .collect();
    // The row names (after a swatch) on the left, one column per month.
    let label_w = 22 + chart_text::widest(series.iter().map(|s| s.0)).max(90) + 12;
    let slot = cells
        .iter()
        .flatten()
        .map(|t| chart_text::width(t))
        .max()
        .unwrap_or(0)
        .max(chart_text::width("12月"))
        .max(36)
        + 12;
    let n = months.len().max(1) as i32;
    let width = (label_w + n * slot + 16).max(MIN_WIDTH);
    // Spread the months over the width the chart has.
    let slot = (width - 16 - label_w) / n;
    let (counts_top, counts_bottom) = (12, 172);
    let (revenue_top, revenue_bottom) = (counts_bottom + 44, counts_bottom + 44 + 70);
    let rows_top = revenue_bottom + 16;
    let height = rows_top + 4 * 24 + 8;
    let max_count = months
        .iter()
        .flat_map(|m| [m.leads, m.mql, m.sql])
        .max()
        .unwrap_or(0)
        .max(1);
    let max_revenue = months
        .iter()
        .map(|m| m.revenue.fen())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let centred = chart_text::style(HPos::Center, &chart_text::INK);
        let bar_w = ((slot - 12) / 3).clamp(4, 28);
        let column = |value: i64, max: i64, bottom: i32, span: i32| {
            let h = (i128::from(value.max(0)) * i128::from(span) / i128::from(max)) as i32;
            (bottom - h.max(1), bottom)
        };
        for (i, (m, texts)) in months.iter().zip(&cells).enumerate() {
            let x_mid = label_w + i as i32 * slot + slot / 2;
            let left = x_mid - bar_w * 3 / 2;
            for (j, value) in [m.leads, m.mql, m.sql].into_iter().enumerate() {
                let (y0, y1) = column(value, max_count, counts_bottom, counts_bottom - counts_top);
                let x = left + j as i32 * bar_w;
                root.draw(&Rectangle::new(
                    [(x, y0), (x + bar_w - 1, y1)],
                    series[j].1.filled(),
                ))
                .map_err(chart_err)?;
            }
            let (y0, y1) = column(
                m.revenue.fen(),
                max_revenue,
                revenue_bottom,
                revenue_bottom - revenue_top,
            );
            root.draw(&Rectangle::new(
                [(x_mid - bar_w, y0), (x_mid + bar_w, y1)],
                REVENUE_FILL.filled(),
            ))
            .map_err(chart_err)?;
            let (name, year) = month_label(&m.month, i == 0, lang);
            root.draw(&Text::new(
                name,
                (x_mid, counts_bottom + 12),
                centred.clone(),
            ))
            .map_err(chart_err)?;
            if let Some(year) = year {
                root.draw(&Text::new(
                    year,
                    (x_mid, counts_bottom + 30),
                    centred.clone(),
                ))
                .map_err(chart_err)?;
            }
            for (j, text) in texts.iter().enumerate() {
                root.draw(&Text::new(
                    text.clone(),
                    (x_mid, rows_top + 12 + j as i32 * 24),
                    centred.clone(),
                ))
                .map_err(chart_err)?;
            }
        }
        for (bottom, top) in [(counts_bottom, counts_top), (revenue_bottom, revenue_top)] {
            root.draw(&PathElement::new(
                vec![(label_w, bottom), (width - 16, bottom)],
                chart_text::INK.stroke_width(1),
            ))
            .map_err(chart_err)?;
            // What the columns of the panel are, beside it, each with its swatch.
            let names: Vec<(&str, RGBColor)> = if bottom == counts_bottom {
                series[..3].to_vec()
            } else {
                vec![(lang.pick("赢单收入", "Won revenue"), REVENUE_FILL)]
            };
            for (k, (name, fill)) in names.iter().enumerate() {
                let y = top + 10 + k as i32 * 22;
                root.draw(&Rectangle::new(
                    [(label_w - 24, y - 6), (label_w - 12, y + 6)],
                    fill.filled(),
                ))
                .map_err(chart_err)?;
                root.draw(&Text::new(
                    name.to_string(),
                    (label_w - 30, y),
                    chart_text::style(HPos::Right, &chart_text::INK),
                ))
                .map_err(chart_err)?;
            }
        }
        for (j, (name, fill)) in series.iter().enumerate() {
            let y = rows_top + 12 + j as i32 * 24;
            root.draw(&Rectangle::new([(4, y - 6), (16, y + 6)], fill.filled()))
                .map_err(chart_err)?;
            root.draw(&Text::new(
                name.to_string(),
                (22, y),
                chart_text::style(HPos::Left, &chart_text::INK),
            ))
            .map_err(chart_err)?;
            if j > 0 {
                root.draw(&PathElement::new(
                    vec![(4, y - 12), (width - 16, y - 12)],
                    FRAME.stroke_width(1),
                ))
                .map_err(chart_err)?;
            }
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(label: &str, count: i64, rate: Option<&str>) -> FunnelStage {
        FunnelStage {
            label: label.into(),
            count,
            from_previous: rate.map(Into::into),
        }
    }

    fn roi(label: &str, spend: i64, revenue: i64, bp: Option<i64>) -> RoiItem {
        RoiItem {
            label: label.into(),
            spend: Money::from_yuan(spend),
            revenue: Money::from_yuan(revenue),
            roi: bp.map(Rate),
            color: "#1677ff".into(),
        }
    }

    /// x and width of every `<rect>` after the background, in drawing order.
    fn rects(svg: &str) -> Vec<(i32, i32)> {
        let attr = |tag: &str, name: &str| -> Option<i32> {
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            tag[at..].split('"').next()?.parse().ok()
        };
        svg.split("<rect")
            .skip(2)
            .filter_map(|t| Some((attr(t, "x")?, attr(t, "width")?)))
            .collect()
    }

    #[test]
    fn a_period_without_leads_draws_a_chart_that_says_so() {
        let stages: Vec<FunnelStage> = ["线索", "MQL", "SQL", "商机", "赢单"]
            .iter()
            .map(|l| stage(l, 0, None))
            .collect();
        let svg = funnel_chart_svg(&stages, Lang::ZhCn).expect("svg");
        assert!(svg.starts_with("<svg"), "still an SVG document");
        assert!(svg.contains("本期没有数据"), "the empty state is named");
        assert!(!svg.contains("较上一步"), "no rates of nothing");
        let en = funnel_chart_svg(&[], Lang::En).expect("svg");
        assert!(en.contains("No data for this period"), "{en}");
        for svg in [
            roi_bars_svg(&[], Lang::ZhCn).expect("roi"),
            cost_per_sql_svg(&[], Lang::ZhCn).expect("cost"),
            trend_chart_svg(&[], Lang::ZhCn).expect("trend"),
        ] {
            assert!(
                svg.contains("本期没有数据"),
                "every chart has the empty state"
            );
        }
    }

    #[test]
    fn funnel_steps_carry_count_and_rate_and_narrow_step_by_step() {
        let svg = funnel_chart_svg(
            &[
                stage("线索", 320, None),
                stage("MQL", 40, Some("12.5%")),
                stage("SQL", 8, Some("20.0%")),
                stage("商机", 0, Some("0.0%")),
                stage("赢单", 0, None),
            ],
            Lang::ZhCn,
        )
        .expect("svg");
        for text in ["320", "40 · 较上一步 12.5%", "8 · 较上一步 20.0%", "赢单"] {
            assert!(svg.contains(text), "{text}");
        }
        let widths: Vec<i32> = rects(&svg).iter().map(|r| r.1).collect();
        assert_eq!(widths.len(), 5, "one bar per step: {widths:?}");
        assert!(
            widths[0] > widths[1] && widths[1] > widths[2],
            "the funnel narrows: {widths:?}"
        );
        assert!(widths[3] <= 2, "zero is a hairline, not a bar: {widths:?}");
    }

    #[test]
    fn negative_roi_is_hatched_left_of_zero_and_no_spend_reads_dash() {
        let svg = roi_bars_svg(
            &[
                roi("线下活动", 800_000, 0, Some(-10_000)),
                roi("线上推广", 50_000, 150_000, Some(20_000)),
                roi("社群", 0, 0, None),
            ],
            Lang::ZhCn,
        )
        .expect("svg");
        assert!(
            svg.contains("-100.0% · 收入 0.00万 / 花费 80.00万"),
            "the negative figure is written out"
        );
        assert!(svg.contains("200.0% · 收入 15.00万 / 花费 5.00万"));
        assert!(svg.contains("— 本期无花费"), "no spend: a dash, not 0%");
        let bars = rects(&svg);
        assert_eq!(bars.len(), 2, "no bar without spend: {bars:?}");
        let (neg, pos) = (bars[0], bars[1]);
        assert_eq!(
            neg.0 + neg.1,
            pos.0,
            "the negative bar ends where the positive one starts: the zero line"
        );
        assert!(
            (pos.1 - 2 * neg.1).abs() <= 2,
            "200% twice as long as -100%: {bars:?}"
        );
        assert!(
            svg.matches("<polyline").count() > 3,
            "the negative bar is hatched, not filled"
        );
        let en = roi_bars_svg(
            &[roi("Offline events", 800_000, 0, Some(-10_000))],
            Lang::En,
        )
        .expect("svg");
        assert!(
            en.contains("-100.0% · revenue ¥0.0k / spend ¥800.0k") && !en.contains('万'),
            "{en}"
        );
    }

    #[test]
    fn only_negative_roi_still_has_its_bars_from_the_zero_line() {
        let svg = roi_bars_svg(
            &[
                roi("线下活动", 800_000, 0, Some(-10_000)),
                roi("线上推广", 75_000, 0, Some(-10_000)),
            ],
            Lang::ZhCn,
        )
        .expect("svg");
        let bars = rects(&svg);
        assert_eq!(bars.len(), 2);
        assert!(bars.iter().all(|b| b.1 > 300), "full length: {bars:?}");
    }

    #[test]
    fn cost_per_sql_without_sql_is_a_dash_and_all_without_is_empty() {
        let item = |label: &str, sql: i64, cost: Option<i64>| CostItem {
            label: label.into(),
            spend: Money::from_yuan(100_000),
            sql,
            cost_per_sql: cost.map(Money::from_yuan),
            color: "#13c2c2".into(),
        };
        let svg = cost_per_sql_svg(
            &[item("线上推广", 4, Some(25_000)), item("社群", 0, None)],
            Lang::ZhCn,
        )
        .expect("svg");
        assert!(svg.contains("2.50万 · SQL 4 个 · 花费 10.00万"), "{svg}");
        assert!(svg.contains("— 无 SQL · 花费 10.00万"));
        let none = cost_per_sql_svg(&[item("社群", 0, None)], Lang::ZhCn).expect("svg");
        assert!(none.contains("本期没有数据") && none.contains("还没有 SQL"));
    }

    #[test]
    fn the_trend_writes_every_figure_under_its_month() {
        let month = |m: &str, leads: i64, revenue: i64| TrendMonth {
            month: m.into(),
            leads,
            mql: leads / 4,
            sql: leads / 20,
            revenue: Money::from_yuan(revenue),
        };
        let svg = trend_chart_svg(
            &[
                month("2025-12", 40, 0),
                month("2026-01", 120, 200_000),
                month("2026-02", 80, 0),
            ],
            Lang::ZhCn,
        )
        .expect("svg");
        for text in [
            "12月",
            "2025年",
            "1月",
            "2026年",
            "120",
            "30",
            "20.00",
            "赢单收入（万元）",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        let zeros = trend_chart_svg(&[month("2026-11", 0, 0)], Lang::En).expect("svg");
        assert!(zeros.contains("No data for this period"));
        let sizes: std::collections::HashSet<&str> = svg
            .match_indices("font-size=\"")
            .filter_map(|(i, _)| svg[i + 11..].split('"').next())
            .collect();
        assert_eq!(sizes.len(), 1, "one text size: {sizes:?}");
    }
}
