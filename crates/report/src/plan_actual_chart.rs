use marketdesk_core::{Lang, Money};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::chart_text;
use crate::error::chart_err;
use crate::Result;

/// One row of plan against spend: a channel, a quarter or a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanActualRow {
    pub label: String,
    pub planned: Money,
    pub committed: Money,
    pub actual: Money,
    /// Spend beyond plan in the row, as the caller counts it (tactic by tactic, never netted).
    pub overspent: Money,
}

/// The words of the legend and of the row notes, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanActualWords {
    pub planned: String,
    pub committed: String,
    pub actual: String,
    /// Printed before the overspend amount, e.g. "超支".
    pub over: String,
}

const ROW: u32 = 44;
const LEGEND: u32 = 30;
const SPAN: i32 = 320;
const PLANNED: RGBColor = RGBColor(217, 217, 217);
const COMMITTED: RGBColor = RGBColor(140, 140, 140);
/// Paid, in every row and in the legend: the darkest of the three, so the legend matches the
/// bars and the nesting reads in greyscale.
const PAID: RGBColor = RGBColor(0, 80, 179);

/// Per row three nested bars on one scale: the plan (wide, light grey), what is committed
/// (medium, mid grey) and what is paid (narrow, dark blue). The row's label names the channel
/// (or quarter, region); spend beyond plan is named in red beside the bars.
pub fn plan_actual_chart_svg(
    rows: &[PlanActualRow],
    words: &PlanActualWords,
    lang: Lang,
) -> Result<String> {
    let texts: Vec<(String, Option<String>)> = rows
        .iter()
        .map(|row| {
            let over = (row.overspent > Money::ZERO)
                .then(|| format!("{} {}", words.over, row.overspent.format_short(lang)));
            (
                format!(
                    "{} / {}",
                    row.actual.format_short(lang),
                    row.planned.format_short(lang)
                ),
                over,
            )
        })
        .collect();
    let label_w = chart_text::widest(rows.iter().map(|r| r.label.as_str())).max(80) + 20;
    let text_w = texts
        .iter()
        .flat_map(|(a, b)| std::iter::once(a.as_str()).chain(b.as_deref()))
        .map(chart_text::width)
        .max()
        .unwrap_or(0);
    let legend_w: i32 = [&words.planned, &words.committed, &words.actual]
        .iter()
        .map(|w| 28 + chart_text::width(w) + 24)
        .sum();
    let width = (label_w + SPAN + 8 + text_w + 16)
        .max(label_w + legend_w + 16)
        .max(760) as u32;
    let height = LEGEND + ROW * rows.len().max(1) as u32 + 8;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let label_style = chart_text::style(HPos::Right, &chart_text::INK);
        let value_style = chart_text::style(HPos::Left, &chart_text::INK);
        let over_style = chart_text::style(HPos::Left, &chart_text::OVER);

        let mut x = label_w;
        for (text, color, h) in [
            (&words.planned, PLANNED, 14),
            (&words.committed, COMMITTED, 10),
            (&words.actual, PAID, 6),
        ] {
            root.draw(&Rectangle::new(
                [(x, 15 - h / 2), (x + 22, 15 + h / 2)],
                color.filled(),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(text.clone(), (x + 28, 15), value_style.clone()))
                .map_err(chart_err)?;
            x += 28 + chart_text::width(text) + 24;
        }

        let max = rows
            .iter()
            .flat_map(|r| [r.planned, r.committed, r.actual])
            .map(Money::fen)
            .max()
            .unwrap_or(0)
            .max(1);
        let scaled = |m: Money| (m.fen().max(0) as i128 * SPAN as i128 / max as i128) as i32;
        for (i, (row, (text, over))) in rows.iter().zip(texts).enumerate() {
            let top = LEGEND as i32 + (i as u32 * ROW) as i32;
            let mid = top + ROW as i32 / 2;
            root.draw(&Text::new(
                row.label.clone(),
                (label_w - 10, mid),
                label_style.clone(),
            ))
            .map_err(chart_err)?;
            let bars = [
                (row.planned, PLANNED, 13),
                (row.committed, COMMITTED, 8),
                (row.actual, PAID, 4),
            ];
            for (amount, color, half) in bars {
                let len = scaled(amount);
                if len > 0 {
                    root.draw(&Rectangle::new(
                        [(label_w, mid - half), (label_w + len, mid + half)],
                        color.filled(),
                    ))
                    .map_err(chart_err)?;
                }
            }
            let end = bars.iter().map(|b| scaled(b.0)).max().unwrap_or(0);
            root.draw(&Text::new(
                text,
                (label_w + end + 8, mid - 9),
                value_style.clone(),
            ))
            .map_err(chart_err)?;
            if let Some(over) = over {
                root.draw(&Text::new(
                    over,
                    (label_w + end + 8, mid + 10),
                    over_style.clone(),
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

    fn words() -> PlanActualWords {
        PlanActualWords {
            planned: "计划".into(),
            committed: "已承诺".into(),
            actual: "已支付".into(),
            over: "超支".into(),
        }
    }

    fn row(label: &str, planned: i64, committed: i64, actual: i64) -> PlanActualRow {
        PlanActualRow {
            label: label.into(),
            planned: Money::from_yuan(planned),
            committed: Money::from_yuan(committed),
            actual: Money::from_yuan(actual),
            overspent: Money::from_yuan((committed.max(actual) - planned).max(0)),
        }
    }

    #[test]
    fn paid_against_planned_is_printed_and_overspend_is_named() {
        let svg = plan_actual_chart_svg(
            &[
                row("线下活动", 1_230_000, 680_000, 578_000),
                row("社群", 20_000, 0, 26_000),
            ],
            &words(),
            Lang::ZhCn,
        )
        .expect("svg");
        for text in [
            "计划",
            "已承诺",
            "已支付",
            "线下活动",
            "57.80万 / 123.00万",
            "2.60万 / 2.00万",
        ] {
            assert!(svg.contains(text), "{text} in the chart");
        }
        assert_eq!(svg.matches("超支").count(), 1, "only 社群 is over");
        assert!(svg.contains("超支 0.60万"), "by how much");
        assert!(svg.contains("#CF1322"), "in red");
    }

    #[test]
    fn nothing_booked_yet_draws_plan_bars_only() {
        let svg = plan_actual_chart_svg(&[row("线上推广", 120_000, 0, 0)], &words(), Lang::ZhCn)
            .expect("svg");
        assert!(svg.contains("0.00万 / 12.00万"));
        assert!(plan_actual_chart_svg(&[], &words(), Lang::ZhCn)
            .expect("empty")
            .starts_with("<svg"));
    }

    #[test]
    fn the_legend_swatches_are_the_colours_of_the_bars() {
        let svg = plan_actual_chart_svg(
            &[row("线下活动", 100, 50, 40), row("社群", 100, 0, 30)],
            &words(),
            Lang::ZhCn,
        )
        .expect("svg");
        // Legend and both rows draw paid in the same colour.
        assert_eq!(svg.matches("fill=\"#0050B3\"").count(), 3, "{svg}");
    }
}
