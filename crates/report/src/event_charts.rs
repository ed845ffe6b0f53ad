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

/// Plot area margins: axis labels left and below, room for the labels of the rightmost dots.
const LEFT: i32 = 64;
const TOP: i32 = 16;
const BOTTOM: i32 = 56;

/// A round step for about five ticks up to `max`: 1, 2 or 5 times a power of ten.
fn tick_step(max: f64) -> f64 {
    let rough = (max / 5.0).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * power)
}

/// Score (0–100, up) against cost (万元, right), each candidate labelled beside its dot. The
/// spreadsheet rubric's tiers (≥ 70 go, 40–69 maybe) are light bands behind. Drawn with
/// plotters' primitives, as the other charts are: its chart builder alone added a fifth of a
/// megabyte to the app.
pub fn score_cost_chart_svg(points: &[ScorePoint], lang: Lang) -> Result<String> {
    let label_w = chart_text::widest(points.iter().map(|p| p.label.as_str())).min(220);
    let width = 760i32.max(560 + label_w);
    let height = 420i32;
    let max_cost = points
        .iter()
        .map(|p| p.cost.fen())
        .max()
        .unwrap_or(0)
        // At least ¥100k wide, so a few cheap candidates do not fill the axis.
        .max(Money::from_yuan(100_000).fen()) as f64
        / 1_000_000.0;
    let step = tick_step(max_cost * 1.1);
    let x_max = (max_cost * 1.1 / step).ceil() * step;
    let (x0, x1) = (LEFT, width - 16 - label_w);
    let (y0, y1) = (height - BOTTOM, TOP);
    let px = |wan: f64| x0 + ((wan / x_max) * f64::from(x1 - x0)).round() as i32;
    let py = |score: f64| y0 - ((score / 100.0) * f64::from(y0 - y1)).round() as i32;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let ink = chart_text::style(HPos::Left, &chart_text::INK);
        let right = chart_text::style(HPos::Right, &chart_text::INK);
        let center = chart_text::style(HPos::Center, &chart_text::INK);
        for (from, to, shade) in [(70.0, 100.0, 0.9), (40.0, 70.0, 0.45)] {
            root.draw(&Rectangle::new(
                [(x0, py(to)), (x1, py(from))],
                BAND.mix(shade).filled(),
            ))
            .map_err(chart_err)?;
        }
        for tick in (0..=10).map(|i| f64::from(i) * 10.0) {
            let y = py(tick);
            root.draw(&PathElement::new(
                vec![(x0, y), (x1, y)],
                GRID.stroke_width(1),
            ))
            .map_err(chart_err)?;
            if tick as i32 % 20 == 0 {
                root.draw(&Text::new(format!("{tick:.0}"), (x0 - 8, y), right.clone()))
                    .map_err(chart_err)?;
            }
        }
        let mut tick = 0.0;
        while tick <= x_max + step / 2.0 {
            let x = px(tick);
            root.draw(&PathElement::new(
                vec![(x, y0), (x, y1)],
                GRID.stroke_width(1),
            ))
            .map_err(chart_err)?;
            root.draw(&Text::new(
                format!("{tick:.0}"),
                (x, y0 + 14),
                center.clone(),
            ))
            .map_err(chart_err)?;
            tick += step;
        }
        root.draw(&PathElement::new(
            vec![(x0, y1), (x0, y0), (x1, y0)],
            chart_text::INK.stroke_width(1),
        ))
        .map_err(chart_err)?;
        root.draw(&Text::new(
            lang.pick("费用（万元）", "Cost (¥10k)").to_string(),
            ((x0 + x1) / 2, y0 + 38),
            center.clone(),
        ))
        .map_err(chart_err)?;
        root.draw(&Text::new(
            lang.pick("评分", "Score").to_string(),
            (x0 - 56, (y0 + y1) / 2),
            ink.clone(),
        ))
        .map_err(chart_err)?;

        // Every label is placed clear of the dots, the tier names and the labels placed before
        // it: right of its dot if free, else above or below, else left.
        let dot_of = |p: &ScorePoint| {
            (
                px(p.cost.fen() as f64 / 1_000_000.0),
                py(p.score.clamp(0.0, 100.0)),
            )
        };
        let mut placed: Vec<(i32, i32, i32, i32)> = points
            .iter()
            .map(|p| {
                let (x, y) = dot_of(p);
                (x - 7, y - 7, x + 7, y + 7)
            })
            .collect();
        for (score, text) in [
            (96.0, lang.pick("≥70 值得参加", "≥70 go")),
            (66.0, lang.pick("40–69 可考虑", "40–69 maybe")),
        ] {
            let (x, y) = (x1 - 4, py(score));
            placed.push((x - chart_text::width(text), y - 9, x, y + 9));
            root.draw(&Text::new(text.to_string(), (x, y), right.clone()))
                .map_err(chart_err)?;
        }
        let mut order: Vec<&ScorePoint> = points.iter().collect();
        // Highest score first: its label keeps its place, later ones move out of its way.
        order.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for p in order {
            let (x, y) = dot_of(p);
            if p.advised {
                root.draw(&Circle::new((x, y), 6, BLUE.filled()))
            } else {
                root.draw(&Circle::new((x, y), 6, BLUE.stroke_width(2)))
            }
            .map_err(chart_err)?;
            let short: String = p.label.chars().take(14).collect();
            let w = chart_text::width(&short);
            let free = |r: (i32, i32, i32, i32)| {
                !placed
                    .iter()
                    .any(|q| r.0 < q.2 && q.0 < r.2 && r.1 < q.3 && q.1 < r.3)
            };
            let (right_x, left_x) = (x + 10, x - 10 - w);
            let spot = [
                (right_x, 0),
                (right_x, -18),
                (right_x, 18),
                (left_x, 0),
                (right_x, -36),
                (right_x, 36),
                (left_x, -18),
                (left_x, 18),
            ]
            .into_iter()
            .map(|(sx, dy)| (sx, y + dy))
            .find(|&(sx, sy)| sx >= 0 && free((sx, sy - 9, sx + w, sy + 9)))
            .unwrap_or((right_x, y));
            placed.push((spot.0, spot.1 - 9, spot.0 + w, spot.1 + 9));
            if spot.1 != y {
                // A moved label keeps a thin line to its dot.
                let end = if spot.0 < x { spot.0 + w } else { spot.0 - 2 };
                root.draw(&PathElement::new(
                    vec![(x, y), (end, spot.1)],
                    GRID.stroke_width(1),
                ))
                .map_err(chart_err)?;
            }
            root.draw(&Text::new(short, spot, ink.clone()))
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
