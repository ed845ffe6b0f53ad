use marketdesk_core::Money;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::color::parse_hex;
use crate::{ReportError, Result};

/// One labelled bar: label on the left, value and note printed beside the bar so the chart reads
/// without colour (greyscale print).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: Money,
    /// Printed after the amount, e.g. the share "70.0%".
    pub note: String,
    pub color: String,
}

const WIDTH: u32 = 720;
const ROW: u32 = 36;
const LABEL_W: i32 = 190;
const VALUE_W: i32 = 170;
const FONT: &str = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Horizontal bars scaled to the largest value, amounts in 万元.
pub fn bar_chart_svg(bars: &[Bar]) -> Result<String> {
    let height = ROW * bars.len().max(1) as u32 + 12;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let max = bars.iter().map(|b| b.value.fen()).max().unwrap_or(0).max(1);
        let span = (WIDTH as i32 - LABEL_W - VALUE_W - 16) as i64;
        // plotters writes `font-size` as the given size / 1.24: 18.5 renders as ~15 px.
        let label_style = TextStyle::from((FONT, 18.5).into_font())
            .color(&RGBColor(38, 38, 38))
            .pos(Pos::new(HPos::Right, VPos::Center));
        let value_style = TextStyle::from((FONT, 17.5).into_font())
            .color(&RGBColor(89, 89, 89))
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (i, bar) in bars.iter().enumerate() {
            let top = 6 + (i as u32 * ROW) as i32;
            let mid = top + ROW as i32 / 2;
            let len = (bar.value.fen().max(0) as i128 * span as i128 / max as i128) as i32;
            let color = parse_hex(&bar.color)?;
            root.draw(&Text::new(
                bar.label.clone(),
                (LABEL_W - 10, mid),
                label_style.clone(),
            ))
            .map_err(chart_err)?;
            root.draw(&Rectangle::new(
                [
                    (LABEL_W, top + 6),
                    (LABEL_W + len.max(1), top + ROW as i32 - 6),
                ],
                color.filled(),
            ))
            .map_err(chart_err)?;
            let text = format!("{} · {}", bar.value.format_wan(), bar.note);
            root.draw(&Text::new(
                text,
                (LABEL_W + len + 8, mid),
                value_style.clone(),
            ))
            .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

fn chart_err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Chart(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, yuan: i64) -> Bar {
        Bar {
            label: label.into(),
            value: Money::from_yuan(yuan),
            note: "50.0%".into(),
            color: "#1677ff".into(),
        }
    }

    #[test]
    fn labels_and_amounts_are_svg_text() {
        let svg = bar_chart_svg(&[bar("线下活动", 1_400_000), bar("社群", 40_000)]).expect("svg");
        assert!(svg.starts_with("<svg"), "an SVG document");
        let label_at = svg.find("线下活动").expect("label present");
        assert!(
            svg[..label_at].rfind("<text").is_some(),
            "Chinese label as SVG text, not paths"
        );
        assert!(
            svg.contains("140.00万 · 50.0%"),
            "amount printed beside the bar"
        );
        assert!(svg.contains("fill=\"#1677FF\""), "channel colour used");
    }

    #[test]
    fn empty_and_zero_data_still_draw() {
        assert!(bar_chart_svg(&[]).expect("empty").starts_with("<svg"));
        assert!(bar_chart_svg(&[bar("空", 0)])
            .expect("zero")
            .contains("0.00万"));
    }

    #[test]
    fn a_bad_colour_is_an_error_not_a_panic() {
        let mut b = bar("x", 1);
        b.color = "blue".into();
        assert!(matches!(bar_chart_svg(&[b]), Err(ReportError::Color(_))));
    }
}
