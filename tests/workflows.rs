//! Workflows across crates, without a window.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use marketdesk_api::{ExportFormat, Session};
use marketdesk_core::{Lang, Money};
use marketdesk_store::Store;
use serde_json::Value;

/// The architecture rule: nothing under crates/ may depend on tauri, directly or not.
#[test]
fn no_domain_crate_depends_on_tauri() {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(marketdesk_tests::repo_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let deps: HashMap<&str, Vec<&str>> = meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve")
        .iter()
        .filter_map(|n| {
            let id = n["id"].as_str()?;
            // Normal and build dependencies ship with the crate; dev-dependencies do not.
            let ds = n["deps"]
                .as_array()?
                .iter()
                .filter(|d| {
                    d["dep_kinds"].as_array().is_some_and(|ks| {
                        ks.iter()
                            .any(|k| k["kind"].is_null() || k["kind"] == "build")
                    })
                })
                .filter_map(|d| d["pkg"].as_str())
                .collect();
            Some((id, ds))
        })
        .collect();
    let root = marketdesk_tests::repo_root().join("crates");
    let domain: Vec<(&str, &str)> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| {
            p["manifest_path"]
                .as_str()
                .is_some_and(|m| m.starts_with(root.to_str().unwrap_or("?")))
        })
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    assert_eq!(
        domain.len(),
        7,
        "core, store, sheets, report, api, cli, testdata: {domain:?}"
    );
    for (id, name) in domain {
        let mut seen = HashSet::new();
        let mut stack = vec![id];
        while let Some(cur) = stack.pop() {
            if !seen.insert(cur) {
                continue;
            }
            let dep_name = names.get(cur).copied().unwrap_or("");
            assert!(
                !(dep_name == "tauri"
                    || dep_name.starts_with("tauri-")
                    || dep_name == "wry"
                    || dep_name == "tao"),
                "{name} must not depend on {dep_name}"
            );
            stack.extend(deps.get(cur).into_iter().flatten().copied());
        }
    }
}

#[test]
fn a_workspace_survives_edit_save_as_and_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = dir.path().join("市场部.marketdesk");
    let session = Session::open_default(&original, None, Lang::ZhCn).expect("demo");
    let plan = session
        .budget_overview()
        .expect("overview")
        .plan
        .expect("plan");
    let edited = session
        .set_plan_total(plan.id, "¥1,234,567.89")
        .expect("edit");
    let channel_sum: i64 = edited
        .channels
        .iter()
        .map(|c| c.budget.fen.parse::<i64>().expect("fen"))
        .sum();
    assert_eq!(
        channel_sum, 123_456_789,
        "channel budgets add up to the total to the fen"
    );

    let copy = dir.path().join("副本.marketdesk");
    session.save_workspace_as(&copy).expect("save as");
    drop(session);
    for path in [&original, &copy] {
        let store = Store::open(path).expect("reopens");
        assert!(
            store.integrity_ok().expect("check"),
            "{} passes integrity_check",
            path.display()
        );
        let total = store.current_plan().expect("read").expect("plan").total;
        assert_eq!(
            total,
            Money::from_fen(123_456_789),
            "{} keeps the edit",
            path.display()
        );
    }
}

/// The plan through a scenario, its adoption, an undo and the restore of an older version, with
/// the workspace closed and reopened between steps as a user's day would.
#[test]
fn a_plan_goes_through_scenario_adopt_undo_and_an_older_version_restored() {
    use marketdesk_api::AdjustmentForm;
    use marketdesk_core::Outputs;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("计划.marketdesk");
    let reopen = || Session::open_default(&path, None, Lang::ZhCn).expect("open");
    let s = reopen();
    let plan = s.budget_overview().expect("o").plan.expect("plan");
    s.set_plan_total(plan.id, "210万").expect("v2: an edit");
    let cut = AdjustmentForm::ScaleTotal {
        percent: "-10".into(),
        outputs: Outputs::FollowMoney,
    };
    let scenario = s.create_scenario("压缩 10%", &cut).expect("scenario")[0].clone();
    assert_eq!(scenario.total.yuan, "¥1,890,000.00", "built on version 2");
    drop(s);

    let s = reopen();
    let adopted = s.adopt_scenario(scenario.id).expect("v3: adopted");
    assert_eq!((adopted.undo_version, adopted.version), (2, 3));
    drop(s);

    let s = reopen();
    let undone = s.undo_adoption(2).expect("v4: undone");
    assert_eq!(undone.plan.expect("plan").total.yuan, "¥2,100,000.00");
    let older = s.restore_plan_version(1).expect("v5: the demo's version 1");
    let plan = older.plan.expect("plan");
    assert_eq!(
        (plan.total.yuan.as_str(), plan.version),
        ("¥2,000,000.00", 5)
    );
    drop(s);

    let s = reopen();
    let causes: Vec<String> = s
        .plan_versions()
        .expect("history")
        .into_iter()
        .map(|v| format!("{} {}", v.version, v.cause))
        .collect();
    assert_eq!(
        causes,
        [
            "5 恢复到第 1 版",
            "4 恢复到第 2 版",
            "3 采纳方案“压缩 10%”",
            "2 编辑",
            "1 开始记录版本时的计划"
        ],
        "every version kept, in order, across reopening"
    );
    let store = Store::open(&path).expect("store");
    assert!(store.integrity_ok().expect("check"));
}

fn demo_session(dir: &std::path::Path) -> Session {
    Session::open_default(&dir.join("demo.marketdesk"), None, Lang::ZhCn).expect("demo")
}

#[test]
fn the_exported_pdf_has_searchable_chinese_channel_names_and_the_total() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = demo_session(dir.path());
    let pdf = dir.path().join("计划.pdf");
    s.export_plan(ExportFormat::Pdf, &pdf).expect("export");
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "线下活动",
        "线上推广",
        "榜单/报告/白皮书",
        "联盟/协会",
        "基础资料/物料",
        "¥2,000,000.00",
        "执行摘要",
        "审批",
        "KPI 目标",
        "MQL→SQL 转化率",
        "与上年对比",
        "执行情况",
        "目标与风险",
        "编制人：",
        "财务审核：",
        "批准人：",
        "每元收入",
        "ROI = (预期收入 − 投入) ÷ 投入",
    ] {
        assert!(
            text.contains(needle),
            "the PDF text must contain {needle:?}"
        );
    }
    let layout = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext -layout");
    let layout = String::from_utf8_lossy(&layout.stdout);
    let roi_total = layout
        .lines()
        .skip_while(|l| !l.contains("投入产出预测"))
        .find(|l| l.trim_start().starts_with("合计"));
    assert!(
        roi_total.is_some_and(|l| l.contains("¥1,760,000.00") && l.contains('%')),
        "the forecast has a totals row with its ROI: {roi_total:?}"
    );
    let version = s.budget_overview().expect("o").plan.expect("plan").version;
    assert!(
        text.contains(&format!("第 {version} 版")) && text.contains("第 2 页，共"),
        "pages are numbered and name the plan's version in the footer"
    );
    // Every page as a picture, in colour and in greyscale, to look at.
    let out_dir = marketdesk_tests::output_dir();
    for (suffix, extra) in [("colour", None), ("grey", Some("-gray"))] {
        let mut cmd = Command::new("pdftoppm");
        cmd.args(["-r", "60", "-png"]);
        if let Some(flag) = extra {
            cmd.arg(flag);
        }
        let status = cmd
            .arg(&pdf)
            .arg(out_dir.join(format!("plan-{suffix}")))
            .status()
            .expect("pdftoppm");
        assert!(status.success(), "pages rendered");
    }
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("595.276 x 841.89"), "A4 pages: {info}");
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        fonts.contains("CJK") && fonts.contains(" yes yes yes "),
        "CJK font embedded and subset: {fonts}"
    );
}

#[test]
fn the_exported_xlsx_reopens_with_numbers_and_formulas_a_finance_person_can_use() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = tempfile::tempdir().expect("tempdir");
    let s = demo_session(dir.path());
    let plan = s.budget_overview().expect("overview");
    let xlsx = dir.path().join("计划.xlsx");
    s.export_plan(ExportFormat::Xlsx, &xlsx).expect("export");
    let mut wb = open_workbook_auto(&xlsx).expect("calamine opens the export");
    let names = wb.sheet_names().to_vec();
    assert_eq!(
        names,
        vec![
            "概览",
            "渠道分配",
            "与上年对比",
            "执行情况",
            "KPI",
            "季度安排",
            "区域",
            "ROI",
            "单位成本",
            "预算项明细"
        ],
        "sheets"
    );
    let summary = wb.worksheet_range("概览").expect("summary");
    let value_of = |label: &str| {
        (0..summary.height() as u32)
            .find(|&r| summary.get_value((r, 0)) == Some(&Data::String(label.into())))
            .and_then(|r| summary.get_value((r, 1)).cloned())
    };
    assert_eq!(
        value_of("财年"),
        Some(Data::Float(
            plan.plan.as_ref().expect("plan").fiscal_year as f64
        )),
        "the year is a number"
    );
    assert_eq!(
        value_of("版本"),
        Some(Data::Float(1.0)),
        "the version is a number"
    );
    assert_eq!(
        value_of("总预算"),
        Some(Data::Float(2_000_000.0)),
        "the total is a number"
    );

    let channels = wb.worksheet_range("渠道分配").expect("channel sheet");
    for (i, c) in plan.channels.iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(
            channels.get_value((row, 0)),
            Some(&Data::String(c.name.clone()))
        );
        let budget_fen: i64 = c.budget.fen.parse().expect("fen");
        assert_eq!(
            channels.get_value((row, 2)),
            Some(&Data::Float(budget_fen as f64 / 100.0)),
            "{} budget as a number",
            c.name
        );
        assert_eq!(
            channels.get_value((row, 1)),
            Some(&Data::Float(c.share_bp as f64 / 10_000.0)),
            "share as a fraction with a percent format"
        );
    }
    let total_row = plan.channels.len() as u32 + 1;
    let formulas = wb.worksheet_formula("渠道分配").expect("formulas");
    let formula = |col: u32| {
        formulas
            .get_value((total_row, col))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        formula(2),
        format!("SUM(C2:C{})", total_row),
        "the total is a SUM formula"
    );
    assert_eq!(formula(3), format!("SUM(D2:D{})", total_row));
    let roi_formulas = wb.worksheet_formula("ROI").expect("roi formulas");
    let roi_total = plan.channels.len() as u32 + 1;
    assert_eq!(
        roi_formulas
            .get_value((roi_total, 5))
            .cloned()
            .unwrap_or_default(),
        format!("IF(B{r}=0,\"\",(D{r}-B{r})/B{r})", r = roi_total + 1),
        "ROI of the totals is (revenue − cost) ÷ cost of the totals"
    );
    let roi = wb.worksheet_range("ROI").expect("roi");
    assert!(
        matches!(roi.get_value((1, 4)), Some(Data::Float(_))),
        "revenue per yuan is a number, not \"4.80×\" text"
    );

    let tactics = wb.worksheet_range("预算项明细").expect("tactics sheet");
    assert_eq!(
        tactics.height(),
        plan.tactics.len() + 2,
        "header, tactics, totals"
    );
    let head: Vec<String> = (0..tactics.width() as u32)
        .map(|c| {
            tactics
                .get_value((0, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    for column in [
        "ID",
        "预期线索",
        "预期 MQL",
        "预期 SQL",
        "预期成交",
        "预期收入",
    ] {
        assert!(head.iter().any(|h| h == column), "{column} in {head:?}");
    }
    assert_eq!(
        tactics.get_value((1, 0)),
        Some(&Data::Float(plan.tactics[0].id as f64)),
        "each tactic carries its ID"
    );
    let spend = wb.worksheet_range("执行情况").expect("plan vs spend");
    assert_eq!(spend.get_value((0, 5)), Some(&Data::String("超支".into())));

    recalculated_by_libreoffice(&xlsx, dir.path(), &plan);
}

/// LibreOffice, headless, opens the export with every formula's stored result removed, so it
/// must compute them itself, and saves what it computed: the totals must be the plan's.
fn recalculated_by_libreoffice(
    xlsx: &std::path::Path,
    dir: &std::path::Path,
    plan: &marketdesk_api::BudgetOverview,
) {
    use calamine::{open_workbook_auto, Data, Reader};
    use std::io::{Read, Write};
    let stripped = dir.join("no-results.xlsx");
    {
        let mut zin = zip::ZipArchive::new(std::fs::File::open(xlsx).expect("open")).expect("zip");
        let mut zout = zip::ZipWriter::new(std::fs::File::create(&stripped).expect("create"));
        let options = zip::write::SimpleFileOptions::default();
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).expect("entry");
            let name = f.name().expect("entry name").to_string();
            let mut body = String::new();
            let mut bytes = Vec::new();
            if name.starts_with("xl/worksheets/") && f.read_to_string(&mut body).is_ok() {
                // <c …><f>SUM(C2:C7)</f><v>2000000</v></c> → no <v>: only a calculation says.
                let mut out = String::with_capacity(body.len());
                let mut rest = body.as_str();
                while let Some(at) = rest.find("</f><v>") {
                    out.push_str(&rest[..at + 4]);
                    rest = &rest[at + 4..];
                    let end = rest.find("</v>").expect("value end") + 4;
                    rest = &rest[end..];
                }
                out.push_str(rest);
                bytes = out.into_bytes();
            } else {
                f.read_to_end(&mut bytes).expect("read");
            }
            zout.start_file(name, options).expect("entry");
            zout.write_all(&bytes).expect("write");
        }
        zout.finish().expect("finish");
    }
    let out_dir = dir.join("recalculated");
    let profile = dir.join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&stripped)
        .status()
        .expect("soffice runs (scripts/deps.sh installs libreoffice-calc-nogui)");
    assert!(status.success(), "LibreOffice converted the workbook");
    let mut wb = open_workbook_auto(out_dir.join("no-results.xlsx")).expect("reopen");
    let channels = wb.worksheet_range("渠道分配").expect("channels");
    let total_row = plan.channels.len() as u32 + 1;
    let fen = |m: &marketdesk_api::MoneyView| m.fen.parse::<i64>().expect("fen") as f64 / 100.0;
    let tactics_total: f64 = plan.channels.iter().map(|c| fen(&c.tactics_total)).sum();
    assert_eq!(
        channels.get_value((total_row, 2)),
        Some(&Data::Float(2_000_000.0)),
        "SUM of the budgets"
    );
    assert_eq!(
        channels.get_value((total_row, 3)),
        Some(&Data::Float(tactics_total)),
        "SUM of the tactics"
    );
    let roi = wb.worksheet_range("ROI").expect("roi");
    let roi_total = plan.channels.len() as u32 + 1;
    let cost = match roi.get_value((roi_total, 1)) {
        Some(Data::Float(v)) => *v,
        other => panic!("cost total: {other:?}"),
    };
    let revenue = match roi.get_value((roi_total, 3)) {
        Some(Data::Float(v)) => *v,
        other => panic!("revenue total: {other:?}"),
    };
    assert_eq!(
        cost, tactics_total,
        "the cost is what the tactics add up to"
    );
    match roi.get_value((roi_total, 5)) {
        Some(Data::Float(r)) => assert!(
            (r - (revenue - cost) / cost).abs() < 1e-9,
            "ROI computed by LibreOffice: {r}"
        ),
        other => panic!("ROI total: {other:?}"),
    }
}

#[test]
fn every_export_leaves_no_partial_file_and_refuses_an_unwritable_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = demo_session(dir.path());
    for format in [ExportFormat::Pdf, ExportFormat::Xlsx, ExportFormat::Html] {
        let path = dir.path().join(format!("plan.{}", format.extension()));
        s.export_plan(format, &path).expect("export");
        assert!(
            std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 1_000,
            "{path:?} written"
        );
    }
    let leftovers = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .count();
    assert_eq!(leftovers, 0, "no partial files");
    let err = s
        .export_plan(ExportFormat::Pdf, &dir.path().join("missing/dir/plan.pdf"))
        .expect_err("no such folder");
    assert!(
        err.message.contains("无法读写文件"),
        "a sentence: {}",
        err.message
    );
}

/// The child half of the kill test: imports `MARKETDESK_KILL_IMPORT`'s file into its workspace
/// and is killed somewhere along the way. Does nothing when run as a normal test.
#[test]
fn child_import_for_the_kill_test() {
    let Some(ws) = std::env::var_os("MARKETDESK_KILL_WS") else {
        return;
    };
    let file = std::env::var_os("MARKETDESK_KILL_IMPORT").expect("file");
    let session = Session::open_existing(std::path::Path::new(&ws), Lang::ZhCn).expect("open");
    let event = session.events().expect("events").events[0].id;
    let path = std::path::PathBuf::from(file);
    let view = session
        .open_attendee_file(&path, None, None, Some(event))
        .expect("file");
    let req = view.request(event, marketdesk_core::ListKind::Registration);
    let progress = |p: marketdesk_api::ProgressUpdate| eprintln!("rows {}", p.done);
    session
        .import_attendees(&req, &|_| {}, &progress)
        .expect("import");
    eprintln!("committed");
}

/// Kills an import process (SIGKILL) while it writes, at several points up to and including
/// its commit, and checks each time that the workspace is intact and holds no trace of the
/// import: SQLite's WAL makes the one transaction all or nothing.
#[test]
fn an_import_killed_midway_leaves_the_workspace_as_it_was() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("dir");
    let ws = dir.path().join("demo.marketdesk");
    let before = {
        let s = demo_session(dir.path());
        s.leads_page(&Default::default())
            .expect("leads")
            .total
            .expect("count")
    };
    let csv = dir.path().join("报名名单.csv");
    marketdesk_testdata::write_csv(
        &csv,
        marketdesk_testdata::attendees(60_000, &marketdesk_testdata::Options::default()),
        marketdesk_testdata::CsvEncoding::Gbk,
        None,
    )
    .expect("csv");
    let me = std::env::current_exe().expect("test binary");
    // Kill once this many rows are written; the last waits for the final progress report, so
    // the kill lands in or just around the commit.
    for (i, kill_at) in [512u64, 20_000, 45_000, 59_000].into_iter().enumerate() {
        let mut child = std::process::Command::new(&me)
            .args([
                "--exact",
                "child_import_for_the_kill_test",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("MARKETDESK_KILL_WS", &ws)
            .env("MARKETDESK_KILL_IMPORT", &csv)
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("child");
        let stderr = child.stderr.take().expect("stderr");
        for line in BufReader::new(stderr).lines() {
            let line = line.expect("line");
            let done: u64 = line
                .strip_prefix("rows ")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            if done >= kill_at || line == "committed" {
                break;
            }
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait().expect("wait");
        let mut store = marketdesk_store::Store::open_existing(&ws).expect("reopen");
        assert_eq!(
            store.integrity_check().expect("check"),
            "ok",
            "run {i}: integrity_check after a kill at {kill_at} rows"
        );
        let batches = store.import_batches().expect("batches");
        let leads = store.lead_count(&Default::default()).expect("count");
        match batches.as_slice() {
            [] => assert_eq!(leads, before, "run {i}: no lead of the killed import"),
            // Killed after the commit: then all of it is there.
            [done] => {
                assert_eq!(
                    leads,
                    before + done.counts.new,
                    "run {i}: a committed import is whole"
                );
                store.undo_import(done.id).expect("undo for the next run");
            }
            more => panic!("run {i}: one import at most, found {}", more.len()),
        }
    }
}

fn event_draft(name: &str, kind: &str, organiser: &str, date: &str) -> marketdesk_api::EventDraft {
    marketdesk_api::EventDraft {
        name: name.into(),
        kind: kind.into(),
        organiser: organiser.into(),
        city: "北京".into(),
        date: date.into(),
        cost: "5万".into(),
        expected_size: "100".into(),
        industries: "银行".into(),
        departments: [
            ("technology".to_string(), "50".to_string()),
            ("business".to_string(), "20".to_string()),
        ]
        .into(),
        seniority: marketdesk_api::SeniorityDraft {
            c_level: "10".into(),
            vp_director: "30".into(),
            manager: "40".into(),
            staff: "20".into(),
        },
        talk_minutes: "30".into(),
        booth: true,
        attendee_list: true,
        competitors: "1".into(),
        organiser_resources: "4".into(),
        ..Default::default()
    }
}

fn import_list(
    s: &Session,
    dir: &std::path::Path,
    event: i64,
    file: &str,
    csv: &str,
    list: marketdesk_core::ListKind,
) {
    let path = dir.join(file);
    std::fs::write(&path, csv).expect("write list");
    let view = s
        .open_attendee_file(&path, None, None, Some(event))
        .expect("open list");
    s.import_attendees(&view.request(event, list), &|_| {}, &|_| {})
        .expect("import list");
}

/// The issue's workflow: score candidates, accept two into the plan, import a registration and a
/// check-in list for one, and see its forecast against what came, and its organiser's record
/// teach the next candidate of that organiser.
#[test]
fn candidates_are_scored_accepted_into_the_plan_and_judged_against_their_lists() {
    let dir = tempfile::tempdir().expect("dir");
    let s = demo_session(dir.path());
    let year = s
        .budget_overview()
        .expect("budget")
        .plan
        .expect("plan")
        .fiscal_year;
    let date = format!("{year}-11-20");
    let forum = s
        .save_event(
            None,
            &event_draft("测试银行科技论坛", "forum", "测试传媒", &date),
        )
        .expect("forum");
    let score = forum.score.clone().expect("scored");
    assert_eq!(forum.event.status, "candidate");
    assert_eq!(
        score.summary.recommendation, "active",
        "{:?}",
        score.reasons
    );
    assert_eq!(score.criteria.len(), 7);
    let points: f64 = score.criteria.iter().map(|c| c.points).sum();
    assert!(
        (points - score.summary.total).abs() < 0.5,
        "the criteria add up to the total"
    );
    assert!(score.reasons[0].contains("积极赞助"));
    let mut salon_draft = event_draft("测试科技沙龙", "salon", "测试俱乐部", &date);
    salon_draft.cost = "2万".into();
    salon_draft.expected_size = "40".into();
    let salon = s.save_event(None, &salon_draft).expect("salon");

    // Both into the plan: tactics in Q4 with the score's outputs; the channel sees them at once.
    let before = s.budget_overview().expect("budget");
    let events_total = |b: &marketdesk_api::BudgetOverview| -> i64 {
        b.channels
            .iter()
            .find(|c| c.code == "offline_events")
            .expect("events channel")
            .tactics_total
            .fen
            .parse()
            .expect("fen")
    };
    let accepted = s.accept_event(forum.event.id).expect("accept forum");
    assert!(
        accepted.message.contains("第 4 季度"),
        "{}",
        accepted.message
    );
    s.accept_event(salon.event.id).expect("accept salon");
    let after = s.budget_overview().expect("budget");
    assert_eq!(events_total(&after) - events_total(&before), 7_000_000);
    let tactic = after
        .tactics
        .iter()
        .find(|t| t.id == accepted.tactic_id)
        .expect("tactic");
    assert_eq!(tactic.name, "测试银行科技论坛");
    assert_eq!(tactic.quarter, "Q4");
    assert_eq!(tactic.planned.fen, "5000000");
    let forecast_q = score.summary.qualified_contacts;
    assert_eq!(tactic.expected.mql, forecast_q.round() as u64);
    assert!(s.accept_event(forum.event.id).is_err(), "accepted once");
    let page = s.event_page(forum.event.id).expect("page");
    assert_eq!(page.event.status, "planned");
    assert!(!page.can_accept);

    // The lists: six registered, four of them checked in, one walk-in.
    import_list(
        &s,
        dir.path(),
        forum.event.id,
        "测试论坛报名.csv",
        "姓名,手机,公司,部门,职务\n\
         赵一,13900000001,测试银行一,信息科技部,行长\n\
         钱二,13900000002,测试银行一,信息科技部,科技部总经理\n\
         孙三,13900000003,测试银行二,零售业务部,专员\n\
         李四,13900000004,测试银行二,人力资源部,总监\n\
         周五,13900000005,测试银行三,合规部,副行长\n\
         吴六,13900000006,测试银行三,办公室,专员\n",
        marketdesk_core::ListKind::Registration,
    );
    import_list(
        &s,
        dir.path(),
        forum.event.id,
        "测试论坛签到.csv",
        "姓名,手机,公司,部门,职务\n\
         赵一,13900000001,测试银行一,信息科技部,行长\n\
         钱二,13900000002,测试银行一,信息科技部,科技部总经理\n\
         孙三,13900000003,测试银行二,零售业务部,专员\n\
         李四,13900000004,测试银行二,人力资源部,总监\n\
         郑七,13900000007,测试银行四,信息科技部,首席信息官\n",
        marketdesk_core::ListKind::CheckIn,
    );
    s.set_event_status(forum.event.id, "done").expect("done");
    let page = s.event_page(forum.event.id).expect("page");
    let results = page.results.expect("results");
    assert_eq!(
        (results.attended, results.no_show, results.walk_in),
        (4, 2, 1)
    );
    let line = |label: &str| {
        results
            .lines
            .iter()
            .find(|l| l.label == label)
            .unwrap_or_else(|| panic!("{label}"))
            .clone()
    };
    // Present: 赵一, 钱二, 孙三, 李四, 郑七. Decision-makers: 赵一, 钱二, 李四, 郑七; of the buying
    // centre (李四 is HR): 赵一, 钱二, 郑七.
    assert_eq!(line("到场人数").actual, "5");
    assert_eq!(line("到场人数").forecast, "100");
    assert_eq!(line("合格联系人").actual, "3");
    assert_eq!(line("合格联系人").forecast, format!("{forecast_q:.1}"));
    assert_eq!(line("决策层占比").actual, "80.0%");
    assert_eq!(line("决策层占比").forecast, "40.0%");
    assert_eq!(line("每位合格联系人成本").actual, "¥16,666.67");
    assert_eq!(results.new_leads, 7, "nobody was at an earlier event");
    assert_eq!(results.new_companies, 4);

    // The organiser's record: this forum, forecast against actual.
    let record = page.organiser.expect("organiser");
    assert_eq!(record.name, "测试传媒");
    let mine = record
        .events
        .iter()
        .find(|e| e.id == forum.event.id)
        .expect("in the record");
    assert_eq!(mine.actual_qualified, Some(3));
    assert_eq!(mine.forecast_qualified, Some(forecast_q));

    // Next year's edition learns from it: (2·1 + 1·observed) ÷ 3.
    let next = s.duplicate_event(forum.event.id).expect("duplicate");
    assert_eq!(next.event.status, "candidate");
    assert_eq!(next.copied_from, Some(forum.event.id));
    assert!(next.event.date.starts_with(&(year + 1).to_string()));
    let next_score = next.score.expect("scored");
    let calibration = next_score.calibration.expect("the record is used");
    assert!(calibration.contains("过去 1 场"), "{calibration}");
    let observed = 3.0 / page.forecast.expect("forecast").qualified_contacts;
    let factor = (2.0 + observed.min(3.0)) / 3.0;
    assert!(
        (next_score.summary.qualified_contacts - forecast_q * factor).abs() < 0.11,
        "{} vs {} × {factor}",
        next_score.summary.qualified_contacts,
        forecast_q
    );
    // Candidates and declined offers are not in the year's reports.
    let reports = s.reports().expect("reports");
    assert!(!reports
        .events
        .iter()
        .any(|e| e.name == "银行数字化转型论坛（第二届）"));
}

/// An event's brief is one A4 page; asked for, the printed plan carries the year's briefs as
/// its appendix — one page per planned or done event with scoring details.
#[test]
fn event_briefs_print_alone_and_as_the_plans_appendix() {
    let dir = tempfile::tempdir().expect("dir");
    let s = demo_session(dir.path());
    let events = s.events().expect("events").events;
    let forum = events
        .iter()
        .find(|e| e.name == "银行数字化转型论坛")
        .expect("the demo forum");
    let pages = s.event_brief_pages(&[forum.id]).expect("brief");
    assert_eq!(pages.len(), 1, "one A4 page");
    assert!(pages[0].contains("<svg"), "typeset pages");
    let plain = s.plan_pages().expect("plan").len();
    assert!(!s.plan_event_briefs().expect("setting"), "off by default");
    s.set_plan_event_briefs(true).expect("on");
    let year = s
        .budget_overview()
        .expect("budget")
        .plan
        .expect("plan")
        .fiscal_year
        .to_string();
    let briefed = events
        .iter()
        .filter(|e| (e.status == "planned" || e.status == "done") && e.score.is_some())
        .filter(|e| e.date.starts_with(&year))
        .count();
    assert_eq!(briefed, 4, "the demo's four events with a read");
    assert_eq!(s.plan_pages().expect("plan").len(), plain + briefed);
    let pdf = dir.path().join("briefs.pdf");
    s.export_event_briefs(&[forum.id], &pdf).expect("pdf");
    let text = Command::new("pdftotext")
        .args([pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("银行数字化转型论坛") && text.contains("积极赞助"),
        "{text}"
    );
    let candidate = events
        .iter()
        .find(|e| e.status == "candidate")
        .expect("a candidate");
    assert!(
        s.event_brief_pages(&[candidate.id, 999_999]).is_ok(),
        "unknown ids are left out, not an error"
    );
}

fn fen(m: &marketdesk_api::MoneyView) -> i64 {
    m.fen.parse().expect("fen")
}

/// The issue's workflow for lead → revenue: two accepted events with their payments, their lists
/// imported, MQLs marked by the rule, one accepted as SQL by hand, a CRM deals file imported;
/// spend, revenue and ROI per channel and per event checked against numbers worked by hand.
#[test]
fn leads_become_revenue_and_roi_is_proven_per_channel_and_per_event() {
    use marketdesk_core::lifecycle::Stage;
    let dir = tempfile::tempdir().expect("dir");
    let s = Session::create(
        &dir.path().join("w.marketdesk"),
        false,
        marketdesk_core::Lang::ZhCn,
    )
    .expect("workspace");
    s.create_plan(
        marketdesk_core::Template::SeedDefault,
        "100万",
        marketdesk_core::CompanyStage::Growth,
        marketdesk_core::Emphasis::Demand,
    )
    .expect("plan");
    let year = s
        .budget_overview()
        .expect("budget")
        .plan
        .expect("plan")
        .fiscal_year;
    let forum = s
        .save_event(
            None,
            &event_draft(
                "春季银行科技论坛",
                "forum",
                "测试传媒",
                &format!("{year}-03-10"),
            ),
        )
        .expect("forum");
    let salon = s
        .save_event(
            None,
            &event_draft(
                "夏季科技沙龙",
                "salon",
                "测试俱乐部",
                &format!("{year}-06-10"),
            ),
        )
        .expect("salon");
    let forum_tactic = s.accept_event(forum.event.id).expect("accept").tactic_id;
    let salon_tactic = s.accept_event(salon.event.id).expect("accept").tactic_id;
    for (tactic, date, amount) in [
        (forum_tactic, format!("{year}-03-01"), "50000"),
        (salon_tactic, format!("{year}-06-01"), "20000"),
    ] {
        s.add_spend(&marketdesk_api::SpendForm {
            tactic_id: Some(tactic),
            date,
            kind: marketdesk_core::SpendKind::Actual,
            amount: amount.into(),
            vendor: String::new(),
            note: String::new(),
        })
        .expect("spend");
    }
    import_list(
        &s,
        dir.path(),
        forum.event.id,
        "论坛报名.csv",
        "姓名,手机,公司,部门,职务,签到\n\
         赵一,13900000001,测试银行一,信息科技部,行长,是\n\
         钱二,13900000002,测试银行一,信息科技部,科技部总经理,是\n\
         孙三,13900000003,测试银行二,零售业务部,专员,否\n",
        marketdesk_core::ListKind::Registration,
    );
    import_list(
        &s,
        dir.path(),
        salon.event.id,
        "沙龙报名.csv",
        "姓名,手机,公司,部门,职务\n\
         钱二,13900000002,测试银行一,信息科技部,科技部总经理\n\
         李四,13900000004,测试银行二,人力资源部,总监\n",
        marketdesk_core::ListKind::Registration,
    );

    // No decay, and an MQL at grade ≥ B with 10 points: the numbers do not depend on today.
    let mut card = s.lead_scorecard().expect("card").card;
    card.engagement.half_life_days = 0;
    card.mql.min_points_hundredths = 1_000;
    s.save_lead_scorecard(&card).expect("save card");
    let report = s.rescore(&|_| {}, &|_| {}).expect("rescore");
    assert_eq!(report.leads, 4);
    let id_of = |name: &str| -> i64 {
        s.leads_page(&marketdesk_api::LeadQuery {
            filter: marketdesk_api::LeadFilter {
                search: name.into(),
                ..Default::default()
            },
            limit: 5,
            ..Default::default()
        })
        .expect("page")
        .rows
        .first()
        .unwrap_or_else(|| panic!("{name}"))
        .id
    };
    let (zhao, qian, sun, li) = (id_of("赵一"), id_of("钱二"), id_of("孙三"), id_of("李四"));
    let journey = |id: i64| s.lead_journey(id).expect("journey");
    // 赵一: C-level 30 + technology 20 + a bank 20 = 70 (A); registered 5 + attended 15.
    let z = journey(zhao);
    let score = z.score.as_ref().expect("scored");
    assert_eq!(
        (
            score.grade.as_str(),
            score.fit_points,
            score.points.as_str()
        ),
        ("A", 70, "20")
    );
    assert_eq!(z.stage, Stage::Mql, "{}", score.summary);
    assert_eq!(z.history.len(), 1);
    // 钱二 attended the forum and registered for the salon: 20 + 5.
    assert_eq!(journey(qian).score.expect("scored").points, "25");
    assert_eq!(journey(qian).stage, Stage::Mql);
    // 孙三 did not come: 5 − 10; 李四 only registered and works in HR: neither qualifies.
    assert_eq!(journey(sun).score.expect("scored").points, "-5");
    assert_eq!((report.qualifying, report.promoted), (2, 2));
    assert_eq!(journey(li).stage, Stage::Lead);

    // Sales accept 赵一; a move the machine refuses is reported, not made.
    let moved = s
        .move_leads(Some(&[zhao]), &Default::default(), "sql", "王强", "有预算")
        .expect("sql");
    assert_eq!(moved.moved, 1);
    let refused = s
        .move_leads(Some(&[li]), &Default::default(), "won", "王强", "")
        .expect("refused");
    assert_eq!((refused.moved, refused.refused_count), (0, 1));

    // The CRM export: 赵一's deal won, 钱二's open.
    let deals = dir.path().join("商机导出.csv");
    std::fs::write(
        &deals,
        format!(
            "CRM 商机导出\n商机名称,客户名称,联系人,手机,阶段,金额,创建日期,结单日期\n\
             核心系统,测试银行一,赵一,13900000001,赢单,\"1,000,000\",{year}-04-01,{year}-05-01\n\
             数据平台,测试银行一,钱二,13900000002,方案报价,300000,{year}-04-10,\n"
        ),
    )
    .expect("deals file");
    let preview = s.preview_deal_import(&deals).expect("preview");
    assert_eq!((preview.ok, preview.matched, preview.rejected), (2, 2, 0));
    let done = s
        .import_deals(&deals, &preview.batch)
        .expect("import deals");
    assert_eq!(done.leads_moved, 2);
    assert_eq!(journey(zhao).stage, Stage::Won);
    assert_eq!(journey(qian).stage, Stage::Opportunity);

    let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("date");
    let to = chrono::NaiveDate::from_ymd_opt(year, 12, 31).expect("date");
    let r = s.roi_report("linear", from, to).expect("roi");
    let channel = r
        .channels
        .iter()
        .find(|c| c.key == "offline_events")
        .expect("events channel");
    // Spend: the two payments. Revenue: 赵一's only touch is the forum (registering and
    // checking in are one contact), so the forum earns the whole ¥1,000,000.
    assert_eq!(fen(&channel.spend), 7_000_000);
    assert_eq!(fen(&channel.revenue), 100_000_000);
    assert_eq!(fen(&channel.pipeline), 30_000_000);
    assert_eq!(
        channel.roi.as_deref(),
        Some("1328.6%"),
        "(1,000,000 − 70,000) ÷ 70,000"
    );
    assert_eq!(
        (channel.leads, channel.mql, channel.sql, channel.won),
        (4, 2, 2, 1)
    );
    assert_eq!(channel.mql_to_sql.as_deref(), Some("100.0%"));
    let event = |id: i64| {
        r.events
            .iter()
            .find(|e| e.key == id.to_string())
            .unwrap_or_else(|| panic!("event {id}"))
            .clone()
    };
    let f = event(forum.event.id);
    assert_eq!(fen(&f.spend), 5_000_000);
    assert_eq!(fen(&f.revenue), 100_000_000);
    assert_eq!(
        fen(&f.pipeline),
        15_000_000,
        "钱二's open deal: half to each event"
    );
    assert_eq!(f.roi.as_deref(), Some("1900.0%"));
    assert_eq!(f.leads, 3, "赵一, 钱二 and 孙三 first met us at the forum");
    assert_eq!(fen(f.cost_per_lead.as_ref().expect("cpl")), 1_666_667);
    assert_eq!(fen(f.cost_per_sql.as_ref().expect("cps")), 2_500_000);
    let sa = event(salon.event.id);
    assert_eq!(
        (fen(&sa.spend), fen(&sa.revenue), fen(&sa.pipeline)),
        (2_000_000, 0, 15_000_000)
    );
    assert_eq!(sa.roi.as_deref(), Some("-100.0%"));
    assert_eq!(sa.leads, 1);
    // W-shaped: 钱二's deal was created before the salon, so the forum is first, lead-creating
    // and opportunity-creating touch (90%); the salon gets the remaining 10%.
    let w = s.roi_report("w_shaped", from, to).expect("w");
    let wf = w
        .events
        .iter()
        .find(|e| e.key == forum.event.id.to_string())
        .expect("forum");
    assert_eq!(fen(&wf.pipeline), 27_000_000);
    assert_eq!(fen(&wf.revenue), 100_000_000);

    // Undo the deals: revenue gone, leads back where they were, their history kept.
    s.undo_deal_import(done.batch_id).expect("undo");
    let after = s.roi_report("linear", from, to).expect("roi");
    assert_eq!(fen(&after.total.revenue), 0);
    let z = journey(zhao);
    assert_eq!(z.stage, Stage::Sql);
    assert_eq!(
        z.history.len(),
        5,
        "MQL, SQL, opportunity, won, and the undo"
    );
}
