//! End to end: the real app binary in a real WebKitGTK webview, driven through tauri-driver.
//! Run under Xvfb after `cargo build -p marketdesk-app` — `scripts/test.sh` does both.

use std::path::{Path, PathBuf};
use std::time::Duration;

use marketdesk_api::Session;
use marketdesk_core::Lang;
use marketdesk_store::Store;
use marketdesk_tests::app::{launch, RunningApp};
use marketdesk_tests::output_dir;
use marketdesk_tests::webdriver::ENTER;

/// A temporary home with a demo workspace in it, made through the same API the app uses.
fn demo_home() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("temp home");
    let ws = home.path().join("演示工作区.marketdesk");
    Session::open_default(&ws, None, Lang::ZhCn).expect("demo workspace");
    (home, ws)
}

fn start(home: &Path, ws: &Path) -> RunningApp {
    launch(home, ws).unwrap_or_else(|e| panic!("the app must start under tauri-driver: {e}"))
}

fn stored_total(ws: &Path) -> String {
    let store = Store::open(ws).expect("open workspace beside the app");
    store
        .current_plan()
        .expect("read")
        .expect("demo plan")
        .total
        .to_string()
}

#[test]
fn app_starts_on_budget_in_chinese_showing_the_stored_total() {
    let (home, ws) = demo_home();
    let app = start(home.path(), &ws);
    let wd = &app.wd;
    let nav = wd.find("#nav-budget").expect("budget nav");
    let label = wd.find("#nav-budget .nav-label").expect("label");
    assert_eq!(
        label.text().expect("text"),
        "预算",
        "first section label is Chinese"
    );
    assert!(
        nav.attribute("class")
            .expect("class")
            .unwrap_or_default()
            .contains("active"),
        "the app opens on 预算"
    );
    for (id, label) in [
        ("#nav-events .nav-label", "活动"),
        ("#nav-leads .nav-label", "线索"),
        ("#nav-reports .nav-label", "报表"),
    ] {
        assert_eq!(
            wd.find(id).and_then(|e| e.text()).expect(id),
            label,
            "{id} in Chinese"
        );
    }
    let shown = wd
        .wait_text("#plan-total", "the plan total", |t| t.starts_with('¥'))
        .expect("total");
    assert_eq!(
        shown,
        stored_total(&ws),
        "the total on screen is the total in the workspace file"
    );
    assert_eq!(shown, "¥2,000,000.00");
    let summary = wd
        .find("#budget-summary")
        .and_then(|e| e.text())
        .expect("summary");
    assert!(
        summary.contains("已分配 ¥1,760,000.00 / ¥2,000,000.00"),
        "summary line: {summary}"
    );
    let channels = wd.find_all("#channel-table tbody tr").expect("rows");
    assert_eq!(channels.len(), 6, "six seed channels listed");
    let chart_text = wd
        .find("#channel-chart")
        .and_then(|e| e.text())
        .expect("chart");
    assert!(
        chart_text.contains("线下活动"),
        "chart labels are Chinese SVG text: {chart_text}"
    );
    let shot = output_dir().join("e2e-budget-zh.png");
    wd.screenshot(&shot).expect("screenshot");
    assert!(
        std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0) > 10_000,
        "a real screenshot"
    );
}

#[test]
fn switching_to_english_relabels_the_window_and_persists() {
    let (home, ws) = demo_home();
    {
        let app = start(home.path(), &ws);
        app.wd
            .find("#lang-en")
            .and_then(|e| e.click())
            .expect("click EN");
        app.wd
            .wait_text("#nav-budget .nav-label", "English navigation", |t| {
                t == "Budget"
            })
            .expect("Budget label");
        for (id, label) in [
            ("#nav-events .nav-label", "Events"),
            ("#nav-leads .nav-label", "Leads"),
            ("#nav-reports .nav-label", "Reports"),
        ] {
            assert_eq!(app.wd.find(id).and_then(|e| e.text()).expect(id), label);
        }
        let summary = app
            .wd
            .find("#budget-summary")
            .and_then(|e| e.text())
            .expect("summary");
        assert!(
            summary.starts_with("Allocated ¥1,760,000.00 of ¥2,000,000.00"),
            "summary in English: {summary}"
        );
        app.wd
            .screenshot(&output_dir().join("e2e-budget-en.png"))
            .expect("screenshot");
    }
    let again = start(home.path(), &ws);
    let label = again
        .wd
        .find("#nav-budget .nav-label")
        .and_then(|e| e.text())
        .expect("label");
    assert_eq!(label, "Budget", "the language choice survives a restart");
}

#[test]
fn a_backend_error_is_shown_as_a_sentence_next_to_the_field() {
    let (home, ws) = demo_home();
    let app = start(home.path(), &ws);
    let wd = &app.wd;
    wd.find("#plan-total")
        .and_then(|e| e.click())
        .expect("edit total");
    let input = wd.find("#plan-total-input").expect("input");
    input.clear().expect("clear");
    input.send_keys(&format!("abc{ENTER}")).expect("type");
    let message = wd
        .wait_text("#plan-total-error", "the error sentence", |t| !t.is_empty())
        .expect("error shown");
    assert!(
        message.contains("不是有效的金额"),
        "a Chinese sentence: {message}"
    );
    assert!(message.ends_with('。'), "a whole sentence: {message}");
    for raw in ["{", "Error", "code", "invalid_amount"] {
        assert!(
            !message.contains(raw),
            "no raw error text ({raw}) in: {message}"
        );
    }
    assert_eq!(
        stored_total(&ws),
        "¥2,000,000.00",
        "nothing saved from a bad input"
    );

    // A valid amount is saved and redrawn at once.
    input.clear().expect("clear");
    input.send_keys(&format!("250万{ENTER}")).expect("type");
    let shown = wd
        .wait_text("#plan-total", "the new total", |t| t == "¥2,500,000.00")
        .expect("new total shown");
    assert_eq!(shown, stored_total(&ws), "the screen and the file agree");
}

#[test]
fn every_section_reads_the_workspace() {
    let (home, ws) = demo_home();
    let store = Store::open(&ws).expect("open");
    let events = store.list_events().expect("events").len();
    let leads = store.counts().expect("counts").leads;
    drop(store);
    let app = start(home.path(), &ws);
    let wd = &app.wd;

    wd.find("#nav-events")
        .and_then(|e| e.click())
        .expect("events");
    wd.wait_for("the event table", Duration::from_secs(10), |wd| {
        wd.find_all("#event-table tbody tr")
            .ok()
            .map(|r| r.len())
            .filter(|n| *n == events)
    })
    .expect("one row per stored event");

    wd.find("#nav-leads")
        .and_then(|e| e.click())
        .expect("leads");
    let info = wd
        .wait_text("#lead-page-info", "the page info", |t| t.contains("共"))
        .expect("page info");
    assert!(
        info.ends_with(&format!("共 {leads} 条")),
        "total leads from the store: {info}"
    );
    assert_eq!(
        wd.find_all("#lead-table tbody tr").expect("rows").len(),
        50,
        "first page of 50"
    );
    wd.find("#lead-search")
        .and_then(|e| e.send_keys("张"))
        .expect("search");
    let narrowed = wd
        .wait_text("#lead-page-info", "the filtered count", |t| {
            !t.ends_with(&format!("共 {leads} 条"))
        })
        .expect("filtered");
    let names: Vec<String> = wd
        .find_all("#lead-table tbody tr td:first-child")
        .expect("names")
        .iter()
        .filter_map(|c| c.text().ok())
        .collect();
    assert!(
        !names.is_empty() && names.iter().all(|n| n.starts_with('张')),
        "prefix search on names: {names:?} ({narrowed})"
    );
    wd.screenshot(&output_dir().join("e2e-leads.png"))
        .expect("screenshot");

    wd.find("#nav-reports")
        .and_then(|e| e.click())
        .expect("reports");
    wd.wait_for("the report tables", Duration::from_secs(10), |wd| {
        wd.find_all("#report-events tbody tr")
            .ok()
            .map(|r| r.len())
            .filter(|n| *n == events)
    })
    .expect("one report row per event");
    assert_eq!(
        wd.find_all("#report-channels tbody tr")
            .expect("channels")
            .len(),
        6
    );
}

#[test]
fn an_empty_workspace_explains_what_to_do_in_each_section() {
    let home = tempfile::tempdir().expect("home");
    let ws = home.path().join("empty.marketdesk");
    Session::create(&ws, false, Lang::ZhCn).expect("empty workspace");
    let app = start(home.path(), &ws);
    let wd = &app.wd;
    let empty = wd
        .wait_text(".empty-title", "the empty state", |t| !t.is_empty())
        .expect("empty");
    assert_eq!(empty, "还没有预算计划");
    for (nav, title) in [
        ("#nav-events", "还没有活动"),
        ("#nav-leads", "还没有线索"),
        ("#nav-reports", "还没有可以汇总的数据"),
    ] {
        wd.find(nav).and_then(|e| e.click()).expect(nav);
        wd.wait_text(".empty-title", title, |t| t == title)
            .expect(title);
    }
    // The budget empty state creates a plan from the template.
    wd.find("#nav-budget")
        .and_then(|e| e.click())
        .expect("budget");
    let input = wd.find("#new-plan-total").expect("total input");
    input.send_keys(&format!("100万{ENTER}")).expect("type");
    wd.wait_text("#plan-total", "the created plan", |t| t == "¥1,000,000.00")
        .expect("plan created");
    assert_eq!(stored_total(&ws), "¥1,000,000.00");
}
