//! The plan as one self-contained HTML page: the typeset pages (SVG) one after the other, each
//! printed on its own sheet. The same pages as the PDF, so a browser prints the same document.

use std::fmt::Write;

/// Escapes text for HTML element content and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4 portrait; margin: 0; }
html, body { margin: 0; background: #e5e5e5; }
.page { width: 210mm; margin: 8mm auto; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
.page svg { display: block; width: 100%; height: auto; }
@media print { html, body { background: #fff; } .page { margin: 0; box-shadow: none; break-after: page; } }
"#;

/// `pages` from [`crate::plan_pages`], as one HTML document titled `title`.
pub fn plan_html(title: &str, lang: &str, pages: &[String]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        if lang == "zh" { "zh-CN" } else { "en" },
        escape(title)
    );
    for page in pages {
        let _ = write!(out, "<div class=\"page\">{page}</div>");
    }
    out.push_str("</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_and_the_title_is_escaped() {
        let html = plan_html(
            "A & B",
            "en",
            &["<svg>1</svg>".into(), "<svg>2</svg>".into()],
        );
        assert!(html.contains("<title>A &amp; B</title>"));
        assert_eq!(html.matches("class=\"page\"").count(), 2);
        assert!(html.find("<svg>1").unwrap_or(0) < html.find("<svg>2").unwrap_or(0));
    }
}
