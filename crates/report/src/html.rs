//! The plan as one self-contained HTML page (A4 print styles inline): for `plan export --format
//! html` and for printing through the system dialog.

use std::fmt::Write;

use crate::document::{PlanDocument, Table};

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

fn table(out: &mut String, t: &Table) {
    out.push_str("<table><thead><tr>");
    for (i, h) in t.head.iter().enumerate() {
        let _ = write!(
            out,
            "<th{}>{}</th>",
            if i > 0 { " class=\"num\"" } else { "" },
            escape(h)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for row in t.rows.iter().chain(t.total.iter()) {
        let total = t.total.as_ref().is_some_and(|tot| std::ptr::eq(tot, row));
        let _ = write!(out, "<tr{}>", if total { " class=\"total\"" } else { "" });
        for (i, c) in row.iter().enumerate() {
            let _ = write!(
                out,
                "<td{}>{}</td>",
                if i > 0 { " class=\"num\"" } else { "" },
                escape(&c.text)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if !t.note.is_empty() {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(&t.note));
    }
}

const STYLE: &str = r#"
@page { size: A4 portrait; margin: 18mm; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 10.5pt; color: #111; max-width: 174mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 1.2em 0 .6em; } h2 { font-size: 12pt; margin: 1em 0 .5em; }
.cover { min-height: 230mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.cover .title { font-size: 26pt; font-weight: 700; margin: 6mm 0; } .cover dl { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 8mm; margin: 12mm auto 0; }
.cover dt { text-align: right; color: #666; } .cover dd { text-align: left; margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; } th, td { border: .4pt solid #ccc; padding: 3pt 5pt; text-align: left; }
th { background: #f0f0f0; } .num { text-align: right; font-variant-numeric: tabular-nums; } tr { break-inside: avoid; } tr.total td { font-weight: 700; }
.bar { display: grid; grid-template-columns: 32mm 1fr 40mm; gap: 3mm; align-items: center; margin: 1.5mm 0; }
.bar .track { position: relative; height: 9pt; } .bar .fill { position: absolute; height: 9pt; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.bar .marker { position: absolute; top: 3.5pt; height: 2pt; background: #282828; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.note { font-size: 8pt; color: #666; } .warning { color: #d46b08; font-weight: 700; }
.tactic { break-inside: avoid; border-bottom: .4pt solid #ddd; padding-bottom: 2mm; margin-bottom: 2mm; }
.tactic .head { display: flex; justify-content: space-between; font-weight: 700; font-size: 11pt; } .tactic .meta { color: #666; font-size: 8.5pt; }
.tactic dl { display: grid; grid-template-columns: 22mm 1fr; gap: 1mm 3mm; margin: 1mm 0; } .tactic dt { color: #666; } .tactic dd { margin: 0; }
.sign { display: grid; grid-template-columns: 1fr 1fr; gap: 14mm 12mm; margin-top: 8mm; break-inside: avoid; } .sign div { border-bottom: .4pt solid #333; padding-top: 8mm; }
"#;

pub fn plan_html(doc: &PlanDocument) -> String {
    let l = &doc.labels;
    let e = escape;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        if doc.lang == "zh" { "zh-CN" } else { "en" },
        e(&doc.title)
    );
    let _ = write!(
        out,
        "<section class=\"cover\"><div>{}</div><div class=\"title\">{}</div><div>{} {} ({})</div><dl>",
        e(&doc.company),
        e(&doc.title),
        e(l.total),
        e(&doc.total),
        e(&doc.total_wan)
    );
    for (k, v) in [
        (l.fiscal_year, doc.year.to_string()),
        (l.stage, doc.stage.clone()),
        (l.emphasis, doc.emphasis.clone()),
        (l.version, doc.version.to_string()),
        (l.date, doc.date.clone()),
    ] {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", e(k), e(&v));
    }
    out.push_str("</dl></section>");
    let _ = write!(out, "<h1>{}</h1><ul>", e(l.summary));
    for s in &doc.summary {
        let _ = write!(out, "<li>{}</li>", e(s));
    }
    let _ = write!(out, "</ul><h2>{}</h2>", e(l.channel_split));
    for c in &doc.channels {
        let _ = write!(
            out,
            "<div class=\"bar\"><span class=\"num\">{}</span><span class=\"track\"><span class=\"fill\" style=\"width:{:.1}%;background:{}\"></span><span class=\"marker\" style=\"width:{:.1}%\"></span></span><span>{} · {}</span></div>",
            e(&c.name),
            c.share_pct.max(0.3),
            e(&c.color),
            c.tactics_pct.min(100.0),
            e(&c.budget_wan),
            e(&c.share)
        );
    }
    let _ = write!(out, "<p class=\"note\">{}</p>", e(l.chart_note));
    table(&mut out, &doc.channel_table);
    if !doc.breaches.is_empty() {
        let _ = write!(out, "<h2>{}</h2><ul>", e(l.guardrails));
        for b in &doc.breaches {
            let mark = if b.warning {
                "<span class=\"warning\">!</span> "
            } else {
                ""
            };
            let _ = write!(out, "<li>{mark}{}</li>", e(&b.message));
        }
        out.push_str("</ul>");
    }
    let _ = write!(out, "<h1>{}</h1>", e(l.by_quarter));
    table(&mut out, &doc.quarters);
    if !doc.regions.rows.is_empty() {
        let _ = write!(out, "<h1>{}</h1>", e(l.by_region));
        table(&mut out, &doc.regions);
    }
    let _ = write!(out, "<h1>{}</h1>", e(l.roi));
    table(&mut out, &doc.roi);
    let _ = write!(
        out,
        "<p class=\"note\">{}</p><h1>{}</h1>",
        e(l.roi_note),
        e(l.tactics)
    );
    for t in &doc.tactics {
        let _ = write!(
            out,
            "<div class=\"tactic\"><div class=\"head\"><span>{}</span><span>{}</span></div><div class=\"meta\">{} · {} · {} · {} {} · {} {}</div><dl>",
            e(&t.name),
            e(&t.planned),
            e(&t.channel),
            e(&t.quarter),
            e(&t.region),
            e(l.owner),
            e(&t.owner),
            e(l.expected_leads),
            e(&t.leads)
        );
        for (k, v) in [
            (l.problem, &t.problem),
            (l.expected_result, &t.expected_result),
            (l.kpi, &t.kpi),
            (l.people, &t.people),
        ] {
            if !v.is_empty() {
                let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", e(k), e(v));
            }
        }
        out.push_str("</dl></div>");
    }
    let _ = write!(
        out,
        "<h2>{}</h2><div class=\"sign\"><div>{}</div><div>{}</div><div>{}</div><div>{}</div></div></body></html>",
        e(l.signoff),
        e(l.prepared_by),
        e(l.sign_date),
        e(l.approved_by),
        e(l.sign_date)
    );
    out
}
