//! Static checks on ui/: the i18n table is complete, every key the UI uses exists, and only
//! api.js touches the Tauri global.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn ui_dir() -> PathBuf {
    marketdesk_tests::repo_root().join("ui")
}

fn files_with_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read ui dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            files_with_ext(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

/// Keys written as `'a.b': ` inside one language block of i18n.js. Found from each `': ` back
/// to its opening quote, so apostrophes inside English strings cannot confuse it.
fn keys_in(block: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (at, _) in block.match_indices("': ") {
        let before = &block[..at];
        let Some(open) = before.rfind('\'') else {
            continue;
        };
        let candidate = &before[open + 1..];
        if candidate.contains('.')
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.')
        {
            keys.insert(candidate.to_string());
        }
    }
    keys
}

/// Literal keys passed to t('…') and data-i18n="…".
fn used_keys(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (open, close) in [("t('", '\''), ("data-i18n=\"", '"')] {
        for (i, _) in text.match_indices(open) {
            // `t(` must be the function itself, not the end of `closest(` or `api.t(`.
            let prev = text[..i].chars().next_back();
            if open == "t('" && prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let after = &text[i + open.len()..];
            if let Some(end) = after.find(close) {
                keys.insert(after[..end].to_string());
            }
        }
    }
    keys
}

#[test]
fn chinese_and_english_tables_have_the_same_keys_and_cover_every_use() {
    let i18n = std::fs::read_to_string(ui_dir().join("js/i18n.js")).expect("i18n.js");
    let (zh_block, en_block) = i18n
        .split_once("\n  en: {")
        .expect("an en block after zh-CN");
    let zh = keys_in(zh_block);
    let en = keys_in(en_block);
    assert!(
        zh.len() > 50,
        "the zh-CN table was read ({} keys)",
        zh.len()
    );
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(only_zh.is_empty(), "missing English strings: {only_zh:?}");
    assert!(only_en.is_empty(), "missing Chinese strings: {only_en:?}");

    let mut sources = Vec::new();
    files_with_ext(&ui_dir(), "js", &mut sources);
    files_with_ext(&ui_dir(), "html", &mut sources);
    for file in sources {
        let text = std::fs::read_to_string(&file).expect("read");
        for key in used_keys(&text) {
            assert!(
                zh.contains(&key),
                "{} uses undefined string key {key:?}",
                file.display()
            );
        }
    }
}

#[test]
fn only_api_js_touches_the_backend_and_nothing_injects_html() {
    let mut js = Vec::new();
    files_with_ext(&ui_dir(), "js", &mut js);
    assert!(js.len() >= 8, "ui modules found: {js:?}");
    for file in js {
        let text = std::fs::read_to_string(&file).expect("read");
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name != "api.js" {
            assert!(
                !text.contains("__TAURI__"),
                "{} must go through api.js",
                file.display()
            );
        }
        for risky in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(
                !text.contains(risky),
                "{} uses {risky}: build DOM with dom.js",
                file.display()
            );
        }
    }
}
