use marketdesk_core::Money;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::color::parse_hex;
use crate::error::chart_err;
use crate::Result;

/// One row of plan against spend: a channel, a quarter or a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanActualRow {
    pub label: String,
    pub color: String,
    pub planned: Money,
    pub committed: Money,
    pub actual: Money,
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

const WIDTH: u32 = 760;
const ROW: u32 = 44;
const LEGEND: u32 = 30;
const LABEL_W: i32 = 150;
const VALUE_W: i32 = 250;
const FONT: &str = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif";
const PLANNED: RGBColor = RGBColor(217, 217, 217);
const COMMITTED: RGBColor = RGBColor(140, 140, 140);
const OVER: RGBColor = RGBColor(207, 19, 34);

/// Per row three nested bars on one scale: the plan (wide, light grey), what is committed
/// (medium, dark grey) and what is paid (narrow, the row's colour). Nesting instead of colour
/// keeps it readable in greyscale print; spend beyond plan is named in red beside the bars.
pub fn plan_actual_chart_svg(rows: &[PlanActualRow], words: &PlanActualWords) -> Result<String> {
    let height = LEGEND + ROW * rows.len().max(1) as u32 + 8;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        // plotters writes `font-size` as the given size / 1.24.
        let label_style = TextStyle::from((FONT, 18.5).into_font())
            .color(&RGBColor(38, 38, 38))
            .pos(Pos::new(HPos::Right, VPos::Center));
        let value_style = TextStyle::from((FONT, 16.5).into_font())
            .color(&RGBColor(89, 89, 89))
            .pos(Pos::new(HPos::Left, VPos::Center));
        let over_style = value_style.clone().color(&OVER);

        let mut x = LABEL_W;
        for (text, color, h) in [
            (&words.planned, PLANNED, 14),
            (&words.committed, COMMITTED, 10),
            (&words.actual, RGBColor(22, 119, 255), 6),
        ] {
            root.draw(&Rectangle::new(
                [(x, 15 - h / 2), (x + 22, 15 + h / 2)],
                color.filled(),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(text.clone(), (x + 28, 15), value_style.clone()))
                .map_err(chart_err)?;
            x += 28 + 16 * text.chars().count() as i32 + 24;
        }

        let max = rows
            .iter()
            .flat_map(|r| [r.planned, r.committed, r.actual])
            .map(Money::fen)
            .max()
            .unwrap_or(0)
            .max(1);
        let span = (WIDTH as i32 - LABEL_W - VALUE_W - 16) as i128;
        let scaled = |m: Money| (m.fen().max(0) as i128 * span / max as i128) as i32;
        for (i, row) in rows.iter().enumerate() {
            let top = LEGEND as i32 + (i as u32 * ROW) as i32;
            let mid = top + ROW as i32 / 2;
            root.draw(&Text::new(
                row.label.clone(),
                (LABEL_W - 10, mid),
                label_style.clone(),
            ))
            .map_err(chart_err)?;
            let bars = [
                (row.planned, PLANNED, 13),
                (row.committed, COMMITTED, 8),
                (row.actual, parse_hex(&row.color)?, 4),
            ];
            for (amount, color, half) in bars {
                let len = scaled(amount);
                if len > 0 {
                    root.draw(&Rectangle::new(
                        [(LABEL_W, mid - half), (LABEL_W + len, mid + half)],
                        color.filled(),
                    ))
                    .map_err(chart_err)?;
                }
            }
            let end = bars.iter().map(|b| scaled(b.0)).max().unwrap_or(0);
            let spent = row.committed.max(row.actual);
            let text = format!("{} / {}", row.actual.format_wan(), row.planned.format_wan());
            root.draw(&Text::new(
                text,
                (LABEL_W + end + 8, mid - 9),
                value_style.clone(),
            ))
            .map_err(chart_err)?;
            if spent > row.planned {
                let over = Money::from_fen(spent.fen() - row.planned.fen());
                root.draw(&Text::new(
                    format!("{} {}", words.over, over.format_wan()),
                    (LABEL_W + end + 8, mid + 10),
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
            color: "#1677ff".into(),
            planned: Money::from_yuan(planned),
            committed: Money::from_yuan(committed),
            actual: Money::from_yuan(actual),
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
        let svg = plan_actual_chart_svg(&[row("线上推广", 120_000, 0, 0)], &words()).expect("svg");
        assert!(svg.contains("0.00万 / 12.00万"));
        assert!(plan_actual_chart_svg(&[], &words())
            .expect("empty")
            .starts_with("<svg"));
    }
}
