use marketdesk_core::{Lang, Money};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::chart_text;
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

const HEIGHT_MIN: u32 = 300;
const COL_W: i32 = 90;
const GAP: i32 = 40;
/// Below this height a segment has no room for its number (the table beside has the amount).
const NUMBERED: i32 = 16;

/// Four stacked columns (Q1–Q4), one segment per channel, the quarter's total on top. Each
/// segment tall enough carries its channel's number, and the legend lists the numbered
/// channels in the order they stack, top first, so the chart reads in greyscale print too.
pub fn quarter_chart_svg(series: &[QuarterSeries], lang: Lang) -> Result<String> {
    let totals: Vec<i64> = (0..4)
        .map(|q| series.iter().map(|s| s.quarters[q].fen().max(0)).sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let legend: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {}", i + 1, s.label))
        .collect();
    let left = 20i32;
    let legend_x = left + 4 * (COL_W + GAP);
    let width = (legend_x + 18 + chart_text::widest(legend.iter().map(String::as_str)) + 16)
        .max(760) as u32;
    let height = HEIGHT_MIN.max(28 + 24 * series.len() as u32 + 20);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let (top, bottom) = (28i32, height as i32 - 30);
        let span = (bottom - top) as i128;
        let centred = chart_text::style(HPos::Center, &chart_text::INK);
        for (q, &quarter_total) in totals.iter().enumerate() {
            let x = left + q as i32 * (COL_W + GAP);
            let mut y = bottom;
            for (i, s) in series.iter().enumerate() {
                let h = (s.quarters[q].fen().max(0) as i128 * span / max as i128) as i32;
                if h > 0 {
                    let color = parse_hex(&s.color)?;
                    root.draw(&Rectangle::new(
                        [(x, y - h), (x + COL_W, y)],
                        color.filled(),
                    ))
                    .map_err(chart_err)?;
                    if h >= NUMBERED {
                        root.draw(&Text::new(
                            (i + 1).to_string(),
                            (x + COL_W / 2, y - h / 2),
                            number_style(color),
                        ))
                        .map_err(chart_err)?;
                    }
                    y -= h;
                }
            }
            let total = Money::from_fen(quarter_total);
            root.draw(&Text::new(
                total.format_short(lang),
                (x + COL_W / 2, y - 12),
                centred.clone(),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(
                format!("Q{}", q + 1),
                (x + COL_W / 2, bottom + 14),
                centred.clone(),
            ))
            .map_err(chart_err)?;
        }
        // Top first, as the segments stack: the last channel sits on top.
        for (row, (i, s)) in series.iter().enumerate().rev().enumerate() {
            let y = top + row as i32 * 24;
            root.draw(&Rectangle::new(
                [(legend_x, y), (legend_x + 12, y + 12)],
                parse_hex(&s.color)?.filled(),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(
                legend[i].clone(),
                (legend_x + 18, y + 6),
                chart_text::style(HPos::Left, &chart_text::INK),
            ))
            .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// White numbers on dark segments, black on light ones.
fn number_style(fill: RGBColor) -> TextStyle<'static> {
    let luma = 299 * fill.0 as u32 + 587 * fill.1 as u32 + 114 * fill.2 as u32;
    let ink = if luma < 140_000 { &WHITE } else { &BLACK };
    chart_text::style(HPos::Center, ink)
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
        let svg = quarter_chart_svg(&series, Lang::ZhCn).expect("svg");
        for text in [
            "3.00万",
            "33.00万",
            "13.00万",
            "Q1",
            "Q4",
            "1 线下活动",
            "2 线上推广",
        ] {
            assert!(svg.contains(text), "{text} in the chart");
        }
        assert!(
            svg.find("2 线上推广") < svg.find("1 线下活动"),
            "the legend lists the top segment first, as the columns stack"
        );
        assert!(
            quarter_chart_svg(&[], Lang::ZhCn)
                .expect("empty")
                .starts_with("<svg"),
            "no channels still draws"
        );
        let en = quarter_chart_svg(&series, Lang::En).expect("svg");
        assert!(en.contains("¥330.0k") && !en.contains('万'));
    }
}
