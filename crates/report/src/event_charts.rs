//! The 活动 section's two charts: candidates' score against their cost, and an event's forecast
//! against what its lists showed.

use marketdesk_core::{Lang, Money};
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::chart_text;
use crate::error::chart_err;
use crate::Result;

/// One candidate on the score-against-cost chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorePoint {
    pub label: String,
    pub cost: Money,
    /// 0–100.
    pub score: f64,
    /// Advised for (大力/积极赞助): drawn filled; the rest hollow, so it reads in greyscale.
    pub advised: bool,
}

const BLUE: RGBColor = RGBColor(22, 119, 255);
const BAND: RGBColor = RGBColor(240, 240, 240);
const GRID: RGBColor = RGBColor(217, 217, 217);

/// Score (0–100, up) against cost (万元, right), each candidate labelled beside its dot. The
/// spreadsheet rubric's tiers (≥ 70 go, 40–69 maybe) are light bands behind.
pub fn score_cost_chart_svg(points: &[ScorePoint], lang: Lang) -> Result<String> {
    let label_w = chart_text::widest(points.iter().map(|p| p.label.as_str())).min(220);
    let width = 760u32.max(560 + label_w as u32);
    let height = 420u32;
    let max_cost = points
        .iter()
        .map(|p| p.cost.fen())
        .max()
        .unwrap_or(0)
        // At least ¥100k wide, so a few cheap candidates do not fill the axis.
        .max(Money::from_yuan(100_000).fen()) as f64
        / 1_000_000.0;
    let x_max = (max_cost * 1.1).ceil();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let font = (chart_text::FONT, chart_text::TEXT_SIZE).into_font();
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .margin_right(16 + label_w as u32)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d(0f64..x_max, 0f64..100f64)
            .map_err(chart_err)?;
        chart
            .draw_series([
                Rectangle::new([(0.0, 70.0), (x_max, 100.0)], BAND.mix(0.9).filled()),
                Rectangle::new([(0.0, 40.0), (x_max, 70.0)], BAND.mix(0.45).filled()),
            ])
            .map_err(chart_err)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .bold_line_style(GRID)
            .x_desc(lang.pick("费用（万元）", "Cost (¥10k)"))
            .y_desc(lang.pick("评分", "Score"))
            .label_style(font.clone().color(&chart_text::INK))
            .axis_desc_style(font.clone().color(&chart_text::INK))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(chart_err)?;
        // Every label is placed clear of the dots, the tier names and the labels placed before
        // it: right of its dot if free, else above or below, else left.
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        let at_of = |p: &ScorePoint| (p.cost.fen() as f64 / 1_000_000.0, p.score.clamp(0.0, 100.0));
        for p in points {
            let (x, y) = chart.backend_coord(&at_of(p));
            placed.push((x - 7, y - 7, x + 7, y + 7));
        }
        let tier = chart_text::style(HPos::Right, &chart_text::INK);
        for (y, text) in [
            (96.0, lang.pick("≥70 值得参加", "≥70 go")),
            (66.0, lang.pick("40–69 可考虑", "40–69 maybe")),
        ] {
            let (right, mid) = chart.backend_coord(&(x_max * 0.99, y));
            placed.push((right - chart_text::width(text), mid - 9, right, mid + 9));
            chart
                .draw_series([Text::new(text.to_string(), (x_max * 0.99, y), tier.clone())])
                .map_err(chart_err)?;
        }
        let mut order: Vec<&ScorePoint> = points.iter().collect();
        // Highest score first: its label keeps its place, later ones move out of its way.
        order.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let label = chart_text::style(HPos::Left, &chart_text::INK);
        for p in order {
            let at = at_of(p);
            let dot = if p.advised {
                Circle::new(at, 6, BLUE.filled())
            } else {
                Circle::new(at, 6, BLUE.stroke_width(2))
            };
            chart.draw_series([dot]).map_err(chart_err)?;
            let drawn = chart.backend_coord(&at);
            let short: String = p.label.chars().take(14).collect();
            let w = chart_text::width(&short);
            let free = |r: (i32, i32, i32, i32)| {
                !placed
                    .iter()
                    .any(|q| r.0 < q.2 && q.0 < r.2 && r.1 < q.3 && q.1 < r.3)
            };
            let right = drawn.0 + 10;
            let left = drawn.0 - 10 - w;
            let spot = [
                (right, 0),
                (right, -18),
                (right, 18),
                (left, 0),
                (right, -36),
                (right, 36),
                (left, -18),
                (left, 18),
            ]
            .into_iter()
            .map(|(x, dy)| (x, drawn.1 + dy))
            .find(|&(x, y)| x >= 0 && free((x, y - 9, x + w, y + 9)))
            .unwrap_or((right, drawn.1));
            placed.push((spot.0, spot.1 - 9, spot.0 + w, spot.1 + 9));
            if spot.1 != drawn.1 {
                // A moved label keeps a thin line to its dot.
                let end = if spot.0 < drawn.0 {
                    spot.0 + w
                } else {
                    spot.0 - 2
                };
                root.draw(&PathElement::new(
                    vec![(drawn.0, drawn.1), (end, spot.1)],
                    GRID.stroke_width(1),
                ))
                .map_err(chart_err)?;
            }
            root.draw(&Text::new(short, spot, label.clone()))
                .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// One measure of an event, forecast against actual.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastActualRow {
    pub label: String,
    pub forecast: f64,
    pub actual: f64,
}

const ROW: i32 = 52;
const SPAN: i32 = 360;
const FORECAST: RGBColor = RGBColor(191, 191, 191);
const ACTUAL: RGBColor = RGBColor(0, 80, 179);

/// Per measure two bars on the measure's own scale (people and shares do not share one): the
/// forecast light grey above, the actual dark blue below, each with its number written out.
pub fn forecast_actual_chart_svg(rows: &[ForecastActualRow], lang: Lang) -> Result<String> {
    let label_w = chart_text::widest(rows.iter().map(|r| r.label.as_str())).max(80) + 20;
    let width = (label_w + SPAN + 140).max(640) as u32;
    let height = (34 + ROW * rows.len().max(1) as i32) as u32;
    let words = [
        (lang.pick("预测", "Forecast"), FORECAST),
        (lang.pick("实际", "Actual"), ACTUAL),
    ];
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let left = chart_text::style(HPos::Left, &chart_text::INK);
        let right = chart_text::style(HPos::Right, &chart_text::INK);
        let mut x = label_w;
        for (word, color) in words {
            root.draw(&Rectangle::new([(x, 9), (x + 22, 21)], color.filled()))
                .map_err(chart_err)?;
            root.draw(&Text::new(word.to_string(), (x + 28, 15), left.clone()))
                .map_err(chart_err)?;
            x += 28 + chart_text::width(word) + 24;
        }
        for (i, row) in rows.iter().enumerate() {
            let top = 34 + i as i32 * ROW;
            let max = row.forecast.max(row.actual).max(f64::MIN_POSITIVE);
            root.draw(&Text::new(
                row.label.clone(),
                (label_w - 10, top + 22),
                right.clone(),
            ))
            .map_err(chart_err)?;
            for (j, (value, color, word)) in [
                (row.forecast, FORECAST, words[0].0),
                (row.actual, ACTUAL, words[1].0),
            ]
            .into_iter()
            .enumerate()
            {
                let y = top + 6 + j as i32 * 20;
                let len = ((value / max) * f64::from(SPAN)).round() as i32;
                if len > 0 {
                    root.draw(&Rectangle::new(
                        [(label_w, y), (label_w + len, y + 14)],
                        color.filled(),
                    ))
                    .map_err(chart_err)?;
                }
                let number = if value.fract() == 0.0 {
                    format!("{value:.0}")
                } else {
                    format!("{value:.1}")
                };
                root.draw(&Text::new(
                    format!("{word} {number}"),
                    (label_w + len.max(0) + 8, y + 7),
                    left.clone(),
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

    #[test]
    fn candidates_are_named_beside_their_dots() {
        let svg = score_cost_chart_svg(
            &[
                ScorePoint {
                    label: "城商行科技负责人沙龙".into(),
                    cost: Money::from_yuan(30_000),
                    score: 85.2,
                    advised: true,
                },
                ScorePoint {
                    label: "数字金融博览会".into(),
                    cost: Money::from_yuan(150_000),
                    score: 42.8,
                    advised: false,
                },
            ],
            Lang::ZhCn,
        )
        .expect("svg");
        for text in [
            "城商行科技负责人沙龙",
            "数字金融博览会",
            "费用（万元）",
            "≥70 值得参加",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        assert!(
            score_cost_chart_svg(&[], Lang::En).is_ok(),
            "no candidates draws an empty chart"
        );
    }

    #[test]
    fn forecast_and_actual_are_written_out() {
        let svg = forecast_actual_chart_svg(
            &[
                ForecastActualRow {
                    label: "合格联系人".into(),
                    forecast: 27.2,
                    actual: 18.0,
                },
                ForecastActualRow {
                    label: "到场人数".into(),
                    forecast: 150.0,
                    actual: 0.0,
                },
            ],
            Lang::ZhCn,
        )
        .expect("svg");
        for text in ["预测 27.2", "实际 18", "预测 150", "实际 0", "合格联系人"] {
            assert!(svg.contains(text), "{text}");
        }
    }
}
