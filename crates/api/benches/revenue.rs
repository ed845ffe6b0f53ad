//! Lead → revenue speed targets (issue 15), measured in one run on a generated workspace of
//! ~1M leads:
//! (f) rescoring every lead (fit, decayed engagement, source, MQL rule) ≤ 3 s;
//! (g) the ROI report over 1M leads and 3M touches ≤ 1 s (and the whole 报表 overview: every
//!     model side by side, the funnel, follow-ups, the monthly trend);
//! (h) a lead-list page answered ≤ 100 ms while a 1M-row import runs.
//!
//! `cargo bench -p marketdesk-api --bench revenue` (release). `REVENUE_BENCH_LEADS=200000`
//! makes a smaller workspace; `REVENUE_DB=path` keeps (or reuses) the generated one (part (h)
//! adds its import's leads to it); `REVENUE_BENCH=fg` (or `h`) runs only those parts.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use marketdesk_api::{EventForm, LeadQuery, LeadSort, Session};
use marketdesk_core::{Lang, ListKind};
use marketdesk_testdata::{attendees, write_csv, CsvEncoding, Options};

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "meets"
    } else {
        "MISSES"
    }
}

fn event(s: &Session, name: &str, date: &str) -> i64 {
    s.create_event(&EventForm {
        name: name.into(),
        kind: "summit".into(),
        organiser: "金融科技协会".into(),
        city: "深圳".into(),
        date: date.into(),
        cost: "30万".into(),
        target_attendance: String::new(),
    })
    .expect("event")
}

fn import(s: &Session, event: i64, path: &Path) {
    let req = s
        .open_attendee_file(path, None, None, Some(event))
        .expect("open")
        .request(event, ListKind::Registration);
    s.import_attendees(&req, &|_| {}, &|_| {}).expect("import");
}

/// A workspace of `n` leads from one import, each given two more touches (a webinar and a
/// whitepaper, so 3 touches a lead) and a deal for one lead in 200, by SQL: building 3M
/// touches through three imports would only measure the importer again.
fn build(path: &Path, n: usize, dir: &Path) {
    let s = Session::create(path, false, Lang::ZhCn).expect("workspace");
    s.create_plan(
        marketdesk_core::Template::SeedDefault,
        "200万",
        marketdesk_core::CompanyStage::Growth,
        marketdesk_core::Emphasis::Demand,
    )
    .expect("plan");
    let summit = event(&s, "2026 金融科技峰会", "2026-06-20");
    let csv = dir.join("base.csv");
    write_csv(
        &csv,
        attendees(n, &Options::default()),
        CsvEncoding::Utf8,
        None,
    )
    .expect("csv");
    let t = Instant::now();
    import(&s, summit, &csv);
    eprintln!(
        "built: {n} rows imported (and rescored) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    drop(s);
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch(
        "BEGIN;
         INSERT INTO touch (person_id, kind, channel, source, at)
              SELECT id, 'webinar', 'online_promotion', 'bench', '2026-09-01T10:00:00+08:00' FROM person;
         INSERT INTO touch (person_id, kind, channel, source, at)
              SELECT id, 'whitepaper', 'online_promotion', 'bench', '2026-10-15T10:00:00+08:00' FROM person;
         INSERT INTO deal_batch (id, file_name, file_hash, mapping, imported_at)
              VALUES (1, 'bench.xlsx', 'bench', '[]', '2026-11-01');
         INSERT INTO deal (external_id, name, person_id, matched_by, status, amount_fen, created_on, closed_on, batch_id)
              SELECT 'B' || id, 'bench', id, 'mobile',
                     CASE id % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'won' ELSE 'lost' END,
                     (id % 50 + 1) * 1000000, '2026-10-20',
                     CASE id % 3 WHEN 0 THEN NULL ELSE '2026-11-20' END, 1
                FROM person WHERE id % 200 = 0;
         COMMIT;",
    )
    .expect("touches and deals");
}

/// `REVENUE_BENCH=fg` runs only parts (f) and (g), `h` only (h); all by default.
fn part(p: char) -> bool {
    std::env::var("REVENUE_BENCH").map_or(true, |v| v.contains(p))
}

fn main() {
    let n: usize = std::env::var("REVENUE_BENCH_LEADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("dir");
    let kept = std::env::var_os("REVENUE_DB").map(PathBuf::from);
    let path = kept
        .clone()
        .unwrap_or_else(|| dir.path().join("revenue.marketdesk"));
    if !path.exists() {
        build(&path, n, dir.path());
    }
    let s = Session::open_existing(&path, Lang::ZhCn).expect("open");
    let (leads, touches): (i64, i64) = {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.query_row(
            "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM touch)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts")
    };
    println!("workspace: {leads} leads, {touches} touches");

    if part('f') {
        // (f) Rescoring, three runs.
        let mut runs = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let r = s.rescore(&|_| {}, &|_| {}).expect("rescore");
            runs.push(t.elapsed());
            eprintln!("  rescored {} leads, {} qualify", r.leads, r.qualifying);
        }
        runs.sort();
        println!(
            "(f) rescoring {leads} leads: median {} (runs {}) — target ≤ 3 s: {}",
            ms(runs[1]),
            runs.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", "),
            verdict(runs[1] <= Duration::from_secs(3))
        );
    }

    if part('g') {
        // (g) ROI report, and the whole overview.
        let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let to = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        let mut roi = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let r = s.roi_report("linear", from, to).expect("roi");
            roi.push(t.elapsed());
            assert!(r.total.leads > 0);
        }
        roi.sort();
        let mut overview = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            s.revenue_overview("w_shaped", from, to).expect("overview");
            overview.push(t.elapsed());
        }
        overview.sort();
        println!(
        "(g) ROI report over {leads} leads / {touches} touches: median {}, worst {}; whole 报表 overview median {} — target ≤ 1 s: {}",
        ms(roi[2]),
        ms(roi[4]),
        ms(overview[1]),
        verdict(roi[4] <= Duration::from_secs(1))
    );
    }

    if !part('h') {
        return;
    }
    // (h) Lead pages while a 1M-row import runs.
    let rows = n.min(1_000_000);
    let csv = dir.path().join("second.csv");
    let options = Options {
        seed: 7,
        ..Options::default()
    };
    write_csv(&csv, attendees(rows, &options), CsvEncoding::Utf8, None).expect("csv");
    let expo = event(&s, "2026 国际金融展", "2026-11-05");
    let queries = [
        LeadQuery {
            limit: 50,
            ..LeadQuery::default()
        },
        LeadQuery {
            limit: 50,
            sort: LeadSort::Name,
            ..LeadQuery::default()
        },
        LeadQuery {
            limit: 50,
            filter: marketdesk_api::LeadFilter {
                search: "张".into(),
                ..Default::default()
            },
            ..LeadQuery::default()
        },
    ];
    // The same pages with nothing else running, for comparison.
    for (n, query) in queries.iter().enumerate() {
        let mut quiet: Vec<Duration> = (0..20)
            .map(|_| {
                let t = Instant::now();
                s.leads_page(query).expect("page");
                t.elapsed()
            })
            .collect();
        quiet.sort();
        eprintln!(
            "  page {n} with no import: median {}, worst {}",
            ms(quiet[10]),
            ms(quiet[19])
        );
    }
    let importing = AtomicBool::new(true);
    let start = Instant::now();
    // What the import said last, to tell in which of its phases a slow page fell.
    let phase = std::sync::Mutex::new(String::from("opening"));
    let phases = std::sync::Mutex::new(Vec::<(Duration, String)>::new());
    let note = |text: String| {
        let mut last = phase.lock().expect("phase");
        if *last != text {
            phases
                .lock()
                .expect("phases")
                .push((start.elapsed(), text.clone()));
            *last = text;
        }
    };
    // (start, time taken, query, matches seen, phase at the start)
    let mut pages: Vec<(Duration, Duration, usize, i64, String)> = Vec::new();
    let import_time = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let t = Instant::now();
            let req = s
                .open_attendee_file(&csv, None, None, Some(expo))
                .expect("open")
                .request(expo, ListKind::Registration);
            s.import_attendees(&req, &|_| {}, &|p| {
                note(format!("{:?} {}", p.stage, p.current));
            })
            .expect("import");
            note("done".into());
            importing.store(false, Ordering::SeqCst);
            t.elapsed()
        });
        let mut i = 0;
        while importing.load(Ordering::SeqCst) {
            let at = start.elapsed();
            let during = phase.lock().expect("phase").clone();
            let t = Instant::now();
            let page = s.leads_page(&queries[i % queries.len()]).expect("page");
            pages.push((
                at,
                t.elapsed(),
                i % queries.len(),
                page.total.unwrap_or(-1),
                during,
            ));
            i += 1;
            std::thread::sleep(Duration::from_millis(25));
        }
        worker.join().expect("import")
    });
    // Where the time went: the import's phases, and every page slower than 50 ms.
    for (at, text) in phases.lock().expect("phases").iter() {
        eprintln!("  {:>8.2} s  import: {text}", at.as_secs_f64());
    }
    for (at, took, q, total, during) in &pages {
        if *took > Duration::from_millis(50) {
            eprintln!(
                "  {:>8.2} s  page {q} took {} ({total} matches) during “{during}”",
                at.as_secs_f64(),
                ms(*took)
            );
        }
    }
    let mut times: Vec<Duration> = pages.iter().map(|p| p.1).collect();
    times.sort();
    let p = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
    println!(
        "(h) {} lead pages during a {rows}-row import ({:.1} s): median {}, p95 {}, worst {} — target ≤ 100 ms: {}",
        times.len(),
        import_time.as_secs_f64(),
        ms(p(0.5)),
        ms(p(0.95)),
        ms(p(1.0)),
        verdict(p(1.0) <= Duration::from_millis(100))
    );
    if kept.is_some() {
        eprintln!("kept {}", path.display());
    }
}
