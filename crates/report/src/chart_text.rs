//! What every chart shares about its text: one size, one font list, and how wide a label is,
//! so charts size themselves to their labels instead of clipping them.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Fonts with Chinese glyphs first; the viewer (webview, typst) picks the first it has.
pub(crate) const FONT: &str = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif";

/// The one text size of every chart: plotters writes `font-size` as this / 1.24, 14 px.
pub(crate) const TEXT_SIZE: f64 = 17.36;

/// Text colour: dark grey, readable on white in colour and in greyscale.
pub(crate) static INK: RGBColor = RGBColor(38, 38, 38);
/// Spend beyond plan.
pub(crate) static OVER: RGBColor = RGBColor(207, 19, 34);

/// The chart text style, anchored as given.
pub(crate) fn style(h: HPos, color: &'static RGBColor) -> TextStyle<'static> {
    TextStyle::from((FONT, TEXT_SIZE).into_font())
        .color(color)
        .pos(Pos::new(h, VPos::Center))
}

/// How wide `text` is drawn, in px, erring wide: a CJK character is a full 14 px em, anything
/// else at most 0.62 em.
pub(crate) fn width(text: &str) -> i32 {
    text.chars()
        .map(|c| if c.is_ascii() { 9 } else { 14 })
        .sum::<i32>()
}

/// The widest of `texts`.
pub(crate) fn widest<'a>(texts: impl IntoIterator<Item = &'a str>) -> i32 {
    texts.into_iter().map(width).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_wider_than_latin() {
        assert_eq!(width("线下活动"), 56);
        assert_eq!(width("¥1.40M"), 14 + 45);
        assert_eq!(widest(["a", "线下"]), 28);
    }
}
