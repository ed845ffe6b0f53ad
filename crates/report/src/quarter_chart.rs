use marketdesk_core::Money;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::color::parse_hex;
use crate::error::chart_err;
use crate::Result;

/// One channel's money per quarter, with its name and colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterSeries {
    pub label: String,
    pub color: String,
    pub quarters: [Money; 4],
}

const WIDTH: u32 = 760;
const HEIGHT: u32 = 300;
const FONT: &str = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Four stacked columns (Q1–Q4), one segment per channel, the quarter's total in 万 on top and a
/// legend naming every colour, so the chart reads in greyscale print too.
pub fn quarter_chart_svg(series: &[QuarterSeries]) -> Result<String> {
    let totals: Vec<i64> = (0..4)
        .map(|q| series.iter().map(|s| s.quarters[q].fen().max(0)).sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let (top, bottom, left, col_w, gap) = (28i32, HEIGHT as i32 - 30, 20i32, 90i32, 40i32);
        let span = (bottom - top) as i128;
        // plotters writes `font-size` as the given size / 1.24.
        let small = TextStyle::from((FONT, 16.0).into_font()).color(&RGBColor(89, 89, 89));
        let centred = small.clone().pos(Pos::new(HPos::Center, VPos::Center));
        for (q, &quarter_total) in totals.iter().enumerate() {
            let x = left + q as i32 * (col_w + gap);
            let mut y = bottom;
            for s in series {
                let h = (s.quarters[q].fen().max(0) as i128 * span / max as i128) as i32;
                if h > 0 {
                    root.draw(&Rectangle::new(
                        [(x, y - h), (x + col_w, y)],
                        parse_hex(&s.color)?.filled(),
                    ))
                    .map_err(chart_err)?;
                    y -= h;
                }
            }
            let total = Money::from_fen(quarter_total);
            root.draw(&Text::new(
                total.format_wan(),
                (x + col_w / 2, y - 12),
                centred.clone(),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(
                format!("Q{}", q + 1),
                (x + col_w / 2, bottom + 14),
                centred.clone(),
            ))
            .map_err(chart_err)?;
        }
        let legend_x = left + 4 * (col_w + gap);
        for (i, s) in series.iter().enumerate() {
            let y = top + i as i32 * 24;
            root.draw(&Rectangle::new(
                [(legend_x, y), (legend_x + 12, y + 12)],
                parse_hex(&s.color)?.filled(),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(
                s.label.clone(),
                (legend_x + 18, y + 6),
                small.clone().pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_total_per_quarter_and_a_legend_names_every_channel() {
        let series = vec![
            QuarterSeries {
                label: "线下活动".into(),
                color: "#1677ff".into(),
                quarters: [0, 300_000, 0, 100_000].map(Money::from_yuan),
            },
            QuarterSeries {
                label: "线上推广".into(),
                color: "#13c2c2".into(),
                quarters: [30_000; 4].map(Money::from_yuan),
            },
        ];
        let svg = quarter_chart_svg(&series).expect("svg");
        for text in [
            "3.00万",
            "33.00万",
            "13.00万",
            "Q1",
            "Q4",
            "线下活动",
            "线上推广",
        ] {
            assert!(svg.contains(text), "{text} in the chart");
        }
        assert!(
            quarter_chart_svg(&[]).expect("empty").starts_with("<svg"),
            "no channels still draws"
        );
    }
}
