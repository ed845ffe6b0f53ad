//! Budget speed targets (issue 3), measured on a plan with 500 tactics:
//! - recompute every split and render every budget chart: ≤ 50 ms;
//! - export the printed plan as PDF: ≤ 1 s.
//!
//! `cargo bench -p marketdesk-api --bench plan` prints the median and worst of repeated runs.

use std::time::{Duration, Instant};

use marketdesk_api::{ExportFormat, Session, TacticForm};
use marketdesk_core::{
    channel_quarters, check_guardrails, default_guardrails, forecast_by_channel, split_regions,
    track, GroupBy, Lang, Money, Plan, QuarterSplit, RegionInput, Share, SpendEntry, SpendKind,
};
use marketdesk_report::{
    bar_chart_svg, plan_actual_chart_svg, quarter_chart_svg, roi_chart_svg, Bar, PlanActualRow,
    PlanActualWords, QuarterSeries, RoiBar,
};

fn stats(name: &str, target: Duration, mut runs: Vec<Duration>) {
    runs.sort();
    let median = runs[runs.len() / 2];
    let worst = runs[runs.len() - 1];
    let verdict = if median <= target { "meets" } else { "MISSES" };
    println!(
        "{name:<48} median {:>9.3} ms  worst {:>9.3} ms  ({} runs; target ≤ {} ms: {verdict})",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        runs.len(),
        target.as_millis()
    );
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = Session::open_default(&dir.path().join("bench.marketdesk"), None, Lang::ZhCn)
        .expect("demo");
    let overview = session.budget_overview().expect("overview");
    let regions = ["华东", "华北", "华南", "西南", "全国"];
    let existing = overview.tactics.len();
    for i in existing..500 {
        let channel = &overview.channels[i % overview.channels.len()];
        let form = TacticForm {
            channel_id: Some(channel.id),
            name: format!("预算项 {i}"),
            owner: "王磊".into(),
            region: regions[i % regions.len()].into(),
            quarters: Some(if i % 5 == 0 { 0b1111 } else { 1 << (i % 4) }),
            planned: format!("{}", 1_000 + (i * 37) % 9_000),
            expected_leads: Some(format!("{}", i % 40)),
            expected_sql: Some(format!("{}", i % 7)),
            expected_revenue: Some(format!("{}", (i % 7) * 20_000)),
            ..TacticForm::default()
        };
        session.save_tactic(None, &form).expect("tactic");
    }
    let tactics = session.budget_overview().expect("overview").tactics.len();
    println!("plan with {tactics} tactics");

    // The full overview path: store rows → checked plan → splits, guardrails, chart SVG.
    let mut full = Vec::new();
    for _ in 0..50 {
        let (d, o) = time(|| session.budget_overview().expect("overview"));
        assert_eq!(o.tactics.len(), tactics);
        full.push(d);
    }
    stats(
        "budget overview (store, splits, checks, 4 charts)",
        Duration::from_millis(50),
        full,
    );

    let document = session.plan_document().expect("document");
    let plan = session.domain_plan().expect("plan");
    let mut pure = Vec::new();
    for _ in 0..50 {
        let (d, _) = time(|| recompute_and_render(&plan));
        pure.push(d);
    }
    stats(
        "recompute all splits + render 4 charts (no I/O)",
        Duration::from_millis(50),
        pure,
    );

    let (cold, pdf) = time(|| marketdesk_report::plan_pdf(&document).expect("pdf"));
    println!(
        "first PDF export (loads CJK fonts): {:.3} ms, {} bytes",
        cold.as_secs_f64() * 1e3,
        pdf.len()
    );
    // Each run exports a changed plan (as after an edit): typst memoizes identical input, and an
    // unchanged document would only measure its cache.
    let plan_id = session
        .budget_overview()
        .expect("overview")
        .plan
        .expect("plan")
        .id;
    let mut exports = Vec::new();
    for i in 0..5 {
        session
            .set_plan_total(plan_id, &format!("{}", 2_000_000 + i))
            .expect("edit");
        let path = dir.path().join("plan.pdf");
        let (d, _) = time(|| {
            session
                .export_plan(ExportFormat::Pdf, &path)
                .expect("export")
        });
        exports.push(d);
    }
    stats(
        "PDF export of the plan (document + layout + write)",
        Duration::from_millis(1000),
        exports,
    );
    let mut xlsx = Vec::new();
    for _ in 0..5 {
        let path = dir.path().join("plan.xlsx");
        let (d, _) = time(|| {
            session
                .export_plan(ExportFormat::Xlsx, &path)
                .expect("export")
        });
        xlsx.push(d);
    }
    stats("xlsx export of the plan", Duration::from_millis(1000), xlsx);
}

/// Everything the budget section and the printed plan compute, on the domain model only.
fn recompute_and_render(plan: &Plan) -> usize {
    let budgets = plan.channel_budgets();
    let mut n = 0;
    for mode in [
        QuarterSplit::Even,
        QuarterSplit::ByTactics,
        QuarterSplit::Weights {
            weights: [1, 2, 2, 1],
        },
    ] {
        n += channel_quarters(plan, &mode).expect("quarters").len();
    }
    let mut regions: Vec<RegionInput> = Vec::new();
    for t in plan.tactics() {
        match regions.iter_mut().find(|r| r.region == t.region) {
            Some(r) => r.commitment = Money::from_fen(r.commitment.fen() + t.planned.fen()),
            None => regions.push(RegionInput {
                region: t.region.clone(),
                last_year: Money::from_yuan(100_000),
                commitment: t.planned,
            }),
        }
    }
    n += split_regions(
        plan.total(),
        &regions,
        Share::from_basis_points(5_000).expect("w"),
    )
    .expect("regions")
    .len();
    n += check_guardrails(
        plan,
        &default_guardrails(Share::from_basis_points(500).expect("t")),
        &[],
    )
    .len();
    n += forecast_by_channel(plan).len();
    let bars: Vec<Bar> = plan
        .channels()
        .iter()
        .zip(&budgets)
        .map(|(c, &value)| Bar {
            label: c.name.clone(),
            value,
            note: c.share.to_string(),
            color: plan.color_of(&c.code).into(),
            marker: Some(plan.tactics_total_of(&c.code)),
        })
        .collect();
    n += bar_chart_svg(&bars, Lang::ZhCn).expect("chart").len();
    let series: Vec<QuarterSeries> = plan
        .channels()
        .iter()
        .zip(channel_quarters(plan, &QuarterSplit::ByTactics).expect("quarters"))
        .map(|(c, quarters)| QuarterSeries {
            label: c.name.clone(),
            color: plan.color_of(&c.code).into(),
            quarters,
        })
        .collect();
    n += quarter_chart_svg(&series, Lang::ZhCn)
        .expect("quarter chart")
        .len();
    // Spend on every third tactic, some of it over plan.
    let entries: Vec<SpendEntry> = plan
        .tactics()
        .iter()
        .step_by(3)
        .map(|t| SpendEntry {
            tactic_id: t.id,
            quarter: 2,
            kind: SpendKind::Actual,
            amount: Money::from_fen(t.planned.fen() * 11 / 10),
        })
        .collect();
    let rows: Vec<PlanActualRow> = track(plan, &entries, GroupBy::Channel)
        .into_iter()
        .map(|(code, t)| PlanActualRow {
            label: code.clone(),
            planned: t.planned,
            committed: t.committed,
            actual: t.actual,
            overspent: t.overspent,
        })
        .collect();
    n += track(plan, &entries, GroupBy::Quarter).len()
        + track(plan, &entries, GroupBy::Region).len();
    let words = PlanActualWords {
        planned: "计划".into(),
        committed: "已承诺".into(),
        actual: "已支付".into(),
        over: "超支".into(),
    };
    n += plan_actual_chart_svg(&rows, &words, Lang::ZhCn)
        .expect("plan vs actual")
        .len();
    let roi: Vec<RoiBar> = forecast_by_channel(plan)
        .into_iter()
        .map(|(code, r)| RoiBar {
            label: code.clone(),
            multiple: r.revenue_multiple,
            note: String::new(),
            color: plan.color_of(&code).into(),
        })
        .collect();
    n + roi_chart_svg(&roi).expect("roi chart").len()
}
