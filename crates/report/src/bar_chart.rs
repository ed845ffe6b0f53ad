use marketdesk_core::{Lang, Money, Multiple};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::chart_text;
use crate::color::parse_hex;
use crate::error::chart_err;
use crate::Result;

/// One labelled bar: label on the left, value and note printed beside the bar so the chart reads
/// without colour (greyscale print).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: Money,
    /// Printed after the amount, e.g. the share "70.0%".
    pub note: String,
    pub color: String,
    /// A second amount on the same scale, drawn as a dark line inside the row (e.g. what the
    /// channel's tactics add up to against its budget) so over- and under-use read at a glance.
    pub marker: Option<Money>,
}

/// The bars' own length at most; the chart widens for its longest label and note.
const SPAN: i32 = 300;
const ROW: u32 = 36;

/// Horizontal bars scaled to the largest value, amounts in the reader's short form (万元, or
/// ¥1.40M in English).
pub fn bar_chart_svg(bars: &[Bar], lang: Lang) -> Result<String> {
    let rows: Vec<Row> = bars
        .iter()
        .map(|b| Row {
            label: &b.label,
            value: b.value.fen(),
            marker: b.marker.map(|m| m.fen()),
            text: format!("{} · {}", b.value.format_short(lang), b.note),
            color: &b.color,
        })
        .collect();
    draw_rows(&rows)
}

/// A channel's forecast return: revenue per yuan as the bar, costs per outcome beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoiBar {
    pub label: String,
    /// Revenue per yuan spent; None when nothing is spent (no bar, the note says why).
    pub multiple: Option<Multiple>,
    /// e.g. "每条线索 ¥1,250 · 每个 SQL ¥25,000".
    pub note: String,
    pub color: String,
}

/// Horizontal bars of revenue/cost per channel, scaled to the best one.
pub fn roi_chart_svg(bars: &[RoiBar]) -> Result<String> {
    let rows: Vec<Row> = bars
        .iter()
        .map(|b| Row {
            label: &b.label,
            value: b.multiple.map_or(0, |m| m.0),
            marker: None,
            text: match b.multiple {
                Some(m) => format!("{m} · {}", b.note),
                None => b.note.clone(),
            },
            color: &b.color,
        })
        .collect();
    draw_rows(&rows)
}

/// What one row of a horizontal bar chart shows, in the chart's own units.
struct Row<'a> {
    label: &'a str,
    value: i64,
    marker: Option<i64>,
    text: String,
    color: &'a str,
}

fn draw_rows(rows: &[Row]) -> Result<String> {
    let label_w = chart_text::widest(rows.iter().map(|r| r.label)).max(80) + 20;
    let text_w = chart_text::widest(rows.iter().map(|r| r.text.as_str()));
    let width = (label_w + SPAN + 8 + text_w + 16).max(760) as u32;
    let height = ROW * rows.len().max(1) as u32 + 12;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let max = rows
            .iter()
            .flat_map(|r| [r.value, r.marker.unwrap_or(0)])
            .max()
            .unwrap_or(0)
            .max(1);
        let span = SPAN as i64;
        let label_style = chart_text::style(HPos::Right, &chart_text::INK);
        let value_style = chart_text::style(HPos::Left, &chart_text::INK);
        for (i, row) in rows.iter().enumerate() {
            let top = 6 + (i as u32 * ROW) as i32;
            let mid = top + ROW as i32 / 2;
            let scaled = |v: i64| (v.max(0) as i128 * span as i128 / max as i128) as i32;
            let len = scaled(row.value);
            let color = parse_hex(row.color)?;
            root.draw(&Text::new(
                row.label.to_string(),
                (label_w - 10, mid),
                label_style.clone(),
            ))
            .map_err(chart_err)?;
            root.draw(&Rectangle::new(
                [
                    (label_w, top + 6),
                    (label_w + len.max(1), top + ROW as i32 - 6),
                ],
                color.filled(),
            ))
            .map_err(chart_err)?;
            let mut end = len;
            if let Some(marker) = row.marker {
                let m = scaled(marker);
                root.draw(&Rectangle::new(
                    [(label_w, mid - 2), (label_w + m.max(1), mid + 2)],
                    RGBColor(38, 38, 38).filled(),
                ))
                .map_err(chart_err)?;
                end = end.max(m);
            }
            root.draw(&Text::new(
                row.text.clone(),
                (label_w + end + 8, mid),
                value_style.clone(),
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
    use crate::ReportError;

    fn bar(label: &str, yuan: i64) -> Bar {
        Bar {
            label: label.into(),
            value: Money::from_yuan(yuan),
            note: "50.0%".into(),
            color: "#1677ff".into(),
            marker: None,
        }
    }

    #[test]
    fn labels_and_amounts_are_svg_text() {
        let svg = bar_chart_svg(
            &[bar("线下活动", 1_400_000), bar("社群", 40_000)],
            Lang::ZhCn,
        )
        .expect("svg");
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
    fn a_marker_over_the_bar_widens_the_scale_and_is_drawn_dark() {
        let mut over = bar("社群", 40_000);
        over.marker = Some(Money::from_yuan(80_000));
        let svg = bar_chart_svg(&[over], Lang::ZhCn).expect("svg");
        assert!(svg.contains("fill=\"#262626\""), "the marker line is drawn");
        let widths: Vec<i64> = svg
            .match_indices("width=\"")
            .filter_map(|(i, _)| svg[i + 7..].split('"').next()?.parse().ok())
            .collect();
        // The svg element, the white background, then the bar and the marker: 80k is twice 40k.
        assert_eq!(widths.len(), 4, "{widths:?}");
        assert!(
            (widths[3] - 2 * widths[2]).abs() <= 2,
            "marker twice the bar: {widths:?}"
        );
    }

    #[test]
    fn long_labels_and_notes_widen_the_chart_instead_of_being_clipped() {
        let mut long = bar("基础资料/物料与品牌视觉升级项目组", 1_400_000);
        long.note = "70.0% · 已列 123.00万 · 含 12 个预算项与 3 个供应商合同".into();
        let svg = bar_chart_svg(&[long], Lang::ZhCn).expect("svg");
        let width: i32 = svg
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse().ok())
            .expect("width");
        let text_x: i32 = svg
            .match_indices("<text x=\"")
            .nth(1)
            .and_then(|(i, _)| svg[i + 9..].split('"').next()?.parse().ok())
            .expect("note x");
        let note = "140.00万 · 70.0% · 已列 123.00万 · 含 12 个预算项与 3 个供应商合同";
        assert!(
            text_x + chart_text::width(note) <= width,
            "the note ends inside the chart: {text_x} + {} > {width}",
            chart_text::width(note)
        );
        let sizes: std::collections::HashSet<&str> = svg
            .match_indices("font-size=\"")
            .filter_map(|(i, _)| svg[i + 11..].split('"').next())
            .collect();
        assert_eq!(sizes.len(), 1, "one text size: {sizes:?}");
    }

    #[test]
    fn english_amounts_have_no_wan() {
        let svg = bar_chart_svg(&[bar("Offline events", 1_400_000)], Lang::En).expect("svg");
        assert!(svg.contains("¥1.40M") && !svg.contains('万'), "{svg}");
    }

    #[test]
    fn empty_and_zero_data_still_draw() {
        assert!(bar_chart_svg(&[], Lang::ZhCn)
            .expect("empty")
            .starts_with("<svg"));
        assert!(bar_chart_svg(&[bar("空", 0)], Lang::ZhCn)
            .expect("zero")
            .contains("0.00万"));
    }

    #[test]
    fn roi_bars_scale_to_the_best_channel_and_a_channel_without_spend_has_no_bar() {
        let roi = |label: &str, m: Option<i64>| RoiBar {
            label: label.into(),
            multiple: m.map(Multiple),
            note: "每个 SQL ¥25,000".into(),
            color: "#1677ff".into(),
        };
        let svg = roi_chart_svg(&[
            roi("线下活动", Some(350)),
            roi("社群", Some(175)),
            roi("联盟/协会", None),
        ])
        .expect("svg");
        assert!(
            svg.contains("3.50× · 每个 SQL ¥25,000"),
            "multiple then note"
        );
        assert_eq!(svg.matches("×").count(), 2, "no multiple: only the note");
        assert_eq!(svg.matches("每个 SQL ¥25,000").count(), 3);
        let widths: Vec<i64> = svg
            .match_indices("width=\"")
            .filter_map(|(i, _)| svg[i + 7..].split('"').next()?.parse().ok())
            .collect();
        assert!(
            (widths[2] - 2 * widths[3]).abs() <= 2,
            "half the multiple, half the bar: {widths:?}"
        );
        assert_eq!(widths[4], 1, "no spend: a hairline, not a bar");
    }

    #[test]
    fn a_bad_colour_is_an_error_not_a_panic() {
        let mut b = bar("x", 1);
        b.color = "blue".into();
        assert!(matches!(
            bar_chart_svg(&[b], Lang::ZhCn),
            Err(ReportError::Color(_))
        ));
    }
}
