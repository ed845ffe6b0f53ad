//! The `marketdesk` binary as a script would use it.

use std::path::Path;
use std::process::{Command, Output};

fn marketdesk(args: &[&str], lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marketdesk"))
        .args(args)
        .env("LANG", lang)
        .output()
        .expect("marketdesk runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn init_info_and_plan_show_agree_on_the_demo_workspace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("demo.marketdesk");
    let init = marketdesk(&["workspace", "init", path(&ws), "--demo"], "zh_CN.UTF-8");
    assert!(init.status.success(), "init: {}", stderr(&init));
    assert!(
        stdout(&init).contains("已创建工作区"),
        "Chinese confirmation: {}",
        stdout(&init)
    );

    let info = marketdesk(&["workspace", "info", path(&ws), "--json"], "C");
    assert!(info.status.success(), "info: {}", stderr(&info));
    let json: serde_json::Value = serde_json::from_slice(&info.stdout).expect("JSON output");
    assert_eq!(json["counts"]["leads"], 320, "demo leads counted");
    assert_eq!(json["is_demo"], true);

    let plan = marketdesk(&["plan", "show", path(&ws)], "zh_CN.UTF-8");
    let text = stdout(&plan);
    assert!(text.contains("总预算 ¥2,000,000.00"), "total: {text}");
    assert!(
        text.contains("线下活动") && text.contains("¥1,400,000.00"),
        "events channel at 70%: {text}"
    );
}

#[test]
fn bad_input_gets_a_sentence_in_the_users_language_and_a_failing_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("w.marketdesk");
    assert!(marketdesk(&["workspace", "init", path(&ws), "--demo"], "C")
        .status
        .success());

    let zh = marketdesk(&["plan", "set-total", path(&ws), "abc"], "zh_CN.UTF-8");
    assert_eq!(zh.status.code(), Some(1), "refused");
    assert_eq!(
        stderr(&zh).trim(),
        "“abc”不是有效的金额，请输入数字，例如 200000 或 20万。"
    );

    let en = marketdesk(
        &["plan", "set-total", path(&ws), "-5", "--lang", "en"],
        "zh_CN.UTF-8",
    );
    assert!(
        stderr(&en).contains("is not an amount of money"),
        "--lang wins: {}",
        stderr(&en)
    );

    let again = marketdesk(&["workspace", "init", path(&ws)], "en_US.UTF-8");
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "never overwrites: {}",
        stderr(&again)
    );

    let missing = marketdesk(
        &[
            "workspace",
            "info",
            path(&dir.path().join("nope.marketdesk")),
        ],
        "zh_CN.UTF-8",
    );
    assert!(
        stderr(&missing).contains("找不到工作区文件"),
        "{}",
        stderr(&missing)
    );
    assert!(
        !dir.path().join("nope.marketdesk").exists(),
        "info never creates a file"
    );

    let ok = marketdesk(&["plan", "set-total", path(&ws), "180万", "--json"], "C");
    let json: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("JSON");
    assert_eq!(
        json["plan"]["total"]["yuan"], "¥1,800,000.00",
        "valid totals are saved"
    );
}

#[test]
fn inspect_tells_files_apart_by_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("报名表.xlsx");
    std::fs::write(
        &fake,
        b"\xd0\xd5\xc3\xfb,\xca\xd6\xbb\xfa\r\n\xd5\xc5\xc8\xfd,13800000000\r\n",
    )
    .expect("write");
    let out = marketdesk(&["inspect", path(&fake), "--json"], "C");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        json[0]["kind"]["type"], "csv",
        "a GBK CSV named .xlsx is a CSV"
    );
    assert_eq!(json[0]["kind"]["encoding"], "legacy8_bit");
    assert_eq!(json[0]["extension_mismatch"], true);
}

/// A fresh demo workspace (its plan is this year's, ¥2,000,000 on the seed template).
fn demo_workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("demo.marketdesk");
    let init = marketdesk(&["workspace", "init", path(&ws), "--demo"], "C");
    assert!(init.status.success(), "init: {}", stderr(&init));
    (dir, ws)
}

/// Runs a command that must succeed and parses its `--json` output.
fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = marketdesk(&all, "C");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// Runs a command that must succeed in Chinese and returns what it printed.
fn zh(args: &[&str]) -> String {
    let out = marketdesk(args, "zh_CN.UTF-8");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn fiscal_year(ws: &Path) -> i64 {
    json(&["plan", "show", path(ws)])["plan"]["fiscal_year"]
        .as_i64()
        .expect("fiscal year")
}

fn tactic_named(ws: &Path, name: &str) -> serde_json::Value {
    let list = json(&["tactics", "list", path(ws)]);
    list.as_array()
        .expect("tactics array")
        .iter()
        .find(|t| t["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("tactic {name} listed: {list}"))
}

fn fen(v: &serde_json::Value) -> i64 {
    v["fen"]
        .as_str()
        .and_then(|f| f.parse().ok())
        .unwrap_or_else(|| panic!("money view: {v}"))
}

#[test]
fn tactics_are_added_listed_edited_and_deleted() {
    let (_dir, ws) = demo_workspace();
    let ws = path(&ws);
    let count = |ws: &str| {
        json(&["tactics", "list", ws])
            .as_array()
            .expect("array")
            .len()
    };
    let demo_tactics = count(ws);

    let added = zh(&[
        "tactics",
        "add",
        ws,
        "--channel",
        "线下活动",
        "--name",
        "金融客户闭门会",
        "--planned",
        "30万",
        "--owner",
        "王磊",
        "--region",
        "华东",
        "--quarters",
        "Q2,Q3",
        "--leads",
        "120",
        "--mql",
        "40",
        "--sql",
        "12",
        "--problem",
        "大客户续约",
        "--result",
        "签回 3 家",
        "--kpi",
        "续约金额",
        "--people",
        "2 名销售",
    ]);
    assert!(
        added.contains("已添加预算项") && added.contains("金融客户闭门会"),
        "confirmation names the tactic: {added}"
    );
    assert_eq!(count(ws), demo_tactics + 1, "one tactic more");

    let list = zh(&["tactics", "list", ws]);
    let line = list
        .lines()
        .find(|l| l.contains("金融客户闭门会"))
        .unwrap_or_else(|| panic!("listed: {list}"));
    for part in [
        "线下活动",
        "王磊",
        "华东",
        "Q2–Q3",
        "¥300,000.00",
        "120",
        "✓",
    ] {
        assert!(line.contains(part), "row shows {part}: {line}");
    }
    assert!(list.starts_with("ID"), "header first: {list}");
    assert!(
        list.contains("全年"),
        "all-year demo tactics say so: {list}"
    );

    let t = tactic_named(Path::new(ws), "金融客户闭门会");
    assert_eq!(t["planned"]["yuan"], "¥300,000.00", "amount as typed in 万");
    assert_eq!(t["quarters"], 0b0110, "Q2,Q3 as a bit mask");
    assert_eq!(t["region"], "华东", "region saved");
    assert_eq!(t["expected"]["sql"], 12, "expected SQL saved");
    assert_eq!(t["brief"]["kpi"], "续约金额", "brief saved");
    assert_eq!(t["brief_complete"], true, "all four brief texts given");
    let id = t["id"].as_i64().expect("id").to_string();

    // Only the amount changes; everything else stays as it was.
    let edited = zh(&["tactics", "edit", ws, &id, "--planned", "350,000"]);
    assert!(edited.contains("¥350,000.00"), "edited row shown: {edited}");
    let after = tactic_named(Path::new(ws), "金融客户闭门会");
    assert_eq!(after["planned"]["yuan"], "¥350,000.00", "new amount");
    for key in [
        "region",
        "owner",
        "brief",
        "quarters",
        "expected",
        "channel_id",
    ] {
        if key == "expected" {
            assert_eq!(after[key]["leads"], t[key]["leads"], "expected leads kept");
            assert_eq!(after[key]["sql"], t[key]["sql"], "expected SQL kept");
        } else {
            assert_eq!(after[key], t[key], "{key} kept by an amount-only edit");
        }
    }

    // A date moves it into that quarter; a brief text changes alone.
    let year = fiscal_year(Path::new(ws));
    let date = format!("{year}-11-20");
    zh(&[
        "tactics",
        "edit",
        ws,
        &id,
        "--date",
        &date,
        "--kpi",
        "续约 500 万",
    ]);
    let dated = tactic_named(Path::new(ws), "金融客户闭门会");
    assert_eq!(dated["quarters"], 0b1000, "November is Q4");
    assert_eq!(dated["starts_on"], date.as_str(), "date kept");
    assert_eq!(
        dated["brief"]["kpi"], "续约 500 万",
        "the one brief text changed"
    );
    assert_eq!(
        dated["brief"]["problem"], "大客户续约",
        "the other brief texts kept"
    );

    let by_code = zh(&[
        "tactics",
        "add",
        ws,
        "--channel",
        "online_promotion",
        "--name",
        "搜索广告",
        "--planned",
        "5000",
    ]);
    assert!(
        by_code.contains("全年"),
        "no quarters means all year: {by_code}"
    );
    let en = marketdesk(&["tactics", "list", ws, "--lang", "en"], "zh_CN.UTF-8");
    assert!(
        stdout(&en).contains("All year") && stdout(&en).contains("Planned"),
        "--lang en: {}",
        stdout(&en)
    );

    let deleted = zh(&["tactics", "delete", ws, &id]);
    assert!(deleted.contains("已删除预算项"), "confirmation: {deleted}");
    assert_eq!(
        count(ws),
        demo_tactics + 1,
        "the deleted one is gone, 搜索广告 stays"
    );
    let again = marketdesk(&["tactics", "delete", ws, &id], "zh_CN.UTF-8");
    assert_eq!(again.status.code(), Some(1), "deleting twice fails");
    assert!(
        stderr(&again).contains(&format!("没有编号为 {id} 的预算项")),
        "says which id: {}",
        stderr(&again)
    );
}

#[test]
fn refused_tactic_input_says_why_in_chinese_and_changes_nothing() {
    let (_dir, ws) = demo_workspace();
    let ws = path(&ws);
    let before = json(&["tactics", "list", ws]);
    let first = before[0]["id"].as_i64().expect("id").to_string();

    let bad = marketdesk(
        &["tactics", "edit", ws, &first, "--planned", "abc"],
        "zh_CN.UTF-8",
    );
    assert_eq!(bad.status.code(), Some(1), "bad amount refused");
    assert_eq!(
        stderr(&bad).trim(),
        "“abc”不是有效的金额，请输入数字，例如 200000 或 20万。",
        "the API's sentence on stderr"
    );
    assert!(stdout(&bad).is_empty(), "nothing printed as if it worked");

    for (args, says) in [
        (
            vec![
                "tactics",
                "add",
                ws,
                "--channel",
                "线下活动",
                "--name",
                "x",
                "--planned",
                "-5",
            ],
            "",
        ),
        (
            vec![
                "tactics",
                "add",
                ws,
                "--channel",
                "电视广告",
                "--name",
                "x",
                "--planned",
                "1",
            ],
            "没有“电视广告”这个渠道",
        ),
        (
            vec!["tactics", "edit", ws, &first, "--quarters", "Q5"],
            "不是有效的季度",
        ),
        (
            vec!["tactics", "edit", ws, &first, "--leads", "很多"],
            "不是有效的数量",
        ),
        (
            vec!["tactics", "edit", ws, "999999", "--planned", "1"],
            "没有编号为 999999 的预算项",
        ),
    ] {
        let out = marketdesk(&args, "zh_CN.UTF-8");
        assert_eq!(out.status.code(), Some(1), "{args:?} refused");
        let err = stderr(&out);
        assert!(
            err.contains(says) && err.trim().ends_with('。'),
            "{args:?}: a Chinese sentence: {err}"
        );
    }
    assert_eq!(
        json(&["tactics", "list", ws]),
        before,
        "refusals changed no tactic"
    );
}

#[test]
fn spend_is_booked_tracked_and_deleted() {
    let (_dir, ws) = demo_workspace();
    let ws = path(&ws);
    let year = fiscal_year(Path::new(ws));
    let salon = tactic_named(Path::new(ws), "区域沙龙（6 场）");
    let channel = salon["channel_name"]
        .as_str()
        .expect("channel name")
        .to_string();
    let tracked = |ws: &str| -> serde_json::Value {
        json(&["spend", "list", ws, "--by", "channel"])
            .as_array()
            .expect("tracking rows")
            .iter()
            .find(|r| r["name"] == channel.as_str())
            .cloned()
            .expect("channel tracked")
    };
    let before = tracked(ws);
    let entries = json(&["spend", "list", ws])
        .as_array()
        .expect("spend")
        .len();

    let date = format!("{year}-03-15");
    let added = zh(&[
        "spend",
        "add",
        ws,
        "--tactic",
        "区域沙龙（6 场）",
        "--date",
        &date,
        "--amount",
        "1.2万",
        "--vendor",
        "酒店",
        "--note",
        "苏州场",
    ]);
    assert!(
        added.contains("已记录支出") && added.contains("¥12,000.00") && added.contains("已支付"),
        "booked as paid by default: {added}"
    );

    let list = zh(&["spend", "list", ws]);
    let line = list
        .lines()
        .find(|l| l.contains("苏州场"))
        .unwrap_or_else(|| panic!("listed: {list}"));
    for part in [
        date.as_str(),
        "区域沙龙（6 场）",
        "已支付",
        "¥12,000.00",
        "酒店",
    ] {
        assert!(line.contains(part), "row shows {part}: {line}");
    }
    let after = tracked(ws);
    assert_eq!(
        fen(&after["actual"]) - fen(&before["actual"]),
        1_200_000,
        "paid grows by ¥12,000 in the tactic's channel"
    );
    let by_channel = zh(&["spend", "list", ws, "--by", "channel"]);
    let row = by_channel
        .lines()
        .find(|l| l.starts_with(channel.as_str()))
        .unwrap_or_else(|| panic!("channel row: {by_channel}"));
    assert!(
        row.contains(after["actual"]["yuan"].as_str().expect("yuan")),
        "the table shows the new paid total: {row}"
    );

    let id = salon["id"].as_i64().expect("id").to_string();
    let huge = zh(&[
        "spend",
        "add",
        ws,
        "--tactic",
        &id,
        "--date",
        &date,
        "--amount",
        "500万",
        "--committed",
    ]);
    assert!(
        huge.contains("已承诺"),
        "--committed books a commitment: {huge}"
    );
    let by_channel = zh(&["spend", "list", ws, "--by", "channel"]);
    assert!(
        by_channel
            .lines()
            .any(|l| l.starts_with(channel.as_str()) && l.contains("! ¥") && l.contains("项）")),
        "overspent channel marked with its overspend: {by_channel}"
    );
    assert!(
        zh(&["spend", "list", ws, "--by", "region"]).contains("华东"),
        "per region"
    );

    let next_year = format!("{}-03-15", year + 1);
    let refused = marketdesk(
        &[
            "spend", "add", ws, "--tactic", &id, "--date", &next_year, "--amount", "1",
        ],
        "zh_CN.UTF-8",
    );
    assert_eq!(refused.status.code(), Some(1), "outside the plan's year");
    assert!(
        stderr(&refused).contains(&format!("不在 {year} 财年内")),
        "{}",
        stderr(&refused)
    );
    let unknown = marketdesk(
        &[
            "spend",
            "add",
            ws,
            "--tactic",
            "不存在",
            "--date",
            &date,
            "--amount",
            "1",
        ],
        "zh_CN.UTF-8",
    );
    assert!(
        stderr(&unknown).contains("没有编号或名称为“不存在”的预算项"),
        "{}",
        stderr(&unknown)
    );

    let spend = json(&["spend", "list", ws]);
    assert_eq!(
        spend.as_array().expect("spend").len(),
        entries + 2,
        "two booked, refusals none"
    );
    let suzhou = spend
        .as_array()
        .expect("spend")
        .iter()
        .find(|s| s["note"] == "苏州场")
        .expect("booked entry");
    let spend_id = suzhou["id"].as_i64().expect("id").to_string();
    assert!(
        zh(&["spend", "delete", ws, &spend_id]).contains("已删除支出"),
        "deleted"
    );
    assert_eq!(
        json(&["spend", "list", ws])
            .as_array()
            .expect("spend")
            .len(),
        entries + 1,
        "one entry fewer"
    );
    let again = marketdesk(&["spend", "delete", ws, &spend_id], "zh_CN.UTF-8");
    assert_eq!(again.status.code(), Some(1), "deleting twice fails");
}

#[test]
fn a_scenario_cut_by_20_percent_becomes_the_plan_when_adopted() {
    let (_dir, ws) = demo_workspace();
    let ws = path(&ws);
    let plan = json(&["plan", "show", ws]);
    let total = fen(&plan["plan"]["total"]);
    assert!(
        zh(&["scenario", "list", ws]).contains("还没有方案"),
        "an empty list says so"
    );

    let created = zh(&[
        "scenario",
        "create",
        ws,
        "--name",
        "压缩 20%",
        "--scale",
        "-20",
    ]);
    assert!(
        created.contains("已创建方案") && created.contains("¥1,600,000.00"),
        "new total: {created}"
    );
    assert!(
        created.contains("-¥400,000.00"),
        "difference signed: {created}"
    );
    let moved = zh(&[
        "scenario",
        "create",
        ws,
        "--name",
        "偏线上",
        "--move",
        "线下活动",
        "online_promotion",
        "10",
    ]);
    assert!(moved.contains("偏线上"), "second scenario: {moved}");

    let bad = marketdesk(&["scenario", "create", ws, "--scale", "abc"], "zh_CN.UTF-8");
    assert_eq!(bad.status.code(), Some(1), "bad percent refused");
    let list = json(&["scenario", "list", ws]);
    let list = list.as_array().expect("scenarios");
    assert_eq!(list.len(), 2, "the refused one was not created");
    assert_eq!(list[0]["total"]["yuan"], "¥1,600,000.00");

    let detail = zh(&["scenario", "list", ws, "--detail"]);
    assert!(
        detail.contains("线下活动") && detail.contains("¥1,120,000.00"),
        "channel rows with --detail: {detail}"
    );
    assert!(
        !zh(&["scenario", "list", ws]).contains("¥1,120,000.00"),
        "no channel rows without it"
    );

    let cut = list[0]["id"].as_i64().expect("id").to_string();
    let asked = marketdesk(&["scenario", "adopt", ws, &cut], "zh_CN.UTF-8");
    assert_eq!(asked.status.code(), Some(1), "adopting asks first");
    assert!(
        stdout(&asked).contains("采纳将改变")
            && stdout(&asked).contains("总预算 ¥2,000,000.00 → ¥1,600,000.00"),
        "it names what changes: {}",
        stdout(&asked)
    );
    assert_eq!(
        json(&["plan", "show", ws])["plan"]["version"],
        1,
        "and changes nothing until told"
    );
    let adopted = zh(&["scenario", "adopt", ws, &cut, "--yes"]);
    assert!(
        adopted.contains("已采纳方案") && adopted.contains("plan restore"),
        "confirmation with the way back: {adopted}"
    );
    let after = json(&["plan", "show", ws]);
    assert_eq!(
        fen(&after["plan"]["total"]),
        total * 8 / 10,
        "the plan's total is 80% of what it was"
    );
    assert_eq!(after["plan"]["version"], 2, "a new version of the plan");

    let other = list[1]["id"].as_i64().expect("id").to_string();
    let stale = marketdesk(&["scenario", "adopt", ws, &other, "--yes"], "zh_CN.UTF-8");
    assert_eq!(stale.status.code(), Some(1), "built from version 1");
    assert!(
        stderr(&stale).contains("第 1 版") && stderr(&stale).contains("总预算"),
        "refused, naming the later edits it would undo: {}",
        stderr(&stale)
    );
    let versions = zh(&["plan", "versions", ws]);
    assert!(versions.contains("采纳方案“压缩 20%”"), "{versions}");
    zh(&["plan", "restore", ws, "1"]);
    let restored = json(&["plan", "show", ws]);
    assert_eq!(fen(&restored["plan"]["total"]), total, "version 1 is back");
    assert_eq!(restored["plan"]["version"], 3, "as version 3");
    let deleted = zh(&["scenario", "delete", ws, &other]);
    assert!(deleted.contains("已删除方案"), "confirmation: {deleted}");
    assert_eq!(
        json(&["scenario", "list", ws])
            .as_array()
            .expect("scenarios")
            .len(),
        1,
        "one left"
    );
    let again = marketdesk(&["scenario", "delete", ws, &other], "zh_CN.UTF-8");
    assert_eq!(again.status.code(), Some(1), "deleting twice fails");
    assert!(
        stderr(&again).contains("找不到这条记录"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn roi_and_regions_are_read_from_the_plan() {
    let (_dir, ws) = demo_workspace();
    let ws = path(&ws);
    let channels = json(&["plan", "show", ws])["channels"]
        .as_array()
        .expect("channels")
        .len();
    let roi = json(&["plan", "roi", ws]);
    assert_eq!(
        roi.as_array().expect("rows").len(),
        channels,
        "a row per channel"
    );
    let text = zh(&["plan", "roi", ws]);
    assert!(
        text.contains("单条线索成本") && text.contains("线下活动"),
        "Chinese table: {text}"
    );

    let regions = json(&["plan", "regions", ws]);
    assert_eq!(regions["rows"][0]["region"], "华东", "demo regions");
    let text = zh(&["plan", "regions", ws]);
    let totals = text
        .lines()
        .find(|l| l.starts_with("合计"))
        .unwrap_or_else(|| panic!("totals line: {text}"));
    assert!(
        totals.contains(regions["commitments"]["yuan"].as_str().expect("yuan")),
        "totals carry the commitments: {totals}"
    );
}

/// Everything the window does to a plan, from an empty workspace: create from each template,
/// shares, channels, regions and their blend, quarters, guardrails, spend imported with a
/// preview first.
#[test]
fn a_plan_is_built_from_nothing_as_the_window_would() {
    for template in ["seed_default", "three_blocks", "four_teams", "empty"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let ws = dir.path().join("new.marketdesk");
        let ws = path(&ws);
        zh(&["workspace", "init", ws]);
        let created = json(&[
            "plan",
            "create",
            ws,
            "--template",
            template,
            "--total",
            "300万",
            "--stage",
            "mature",
            "--emphasis",
            "brand",
        ]);
        assert_eq!(fen(&created["plan"]["total"]), 300_000_000, "{template}");
        let channels = created["channels"].as_array().expect("channels").len();
        assert_eq!(
            channels == 0,
            template == "empty",
            "{template}: {channels} channels"
        );
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("new.marketdesk");
    let ws = path(&ws);
    zh(&["workspace", "init", ws]);
    zh(&[
        "plan",
        "create",
        ws,
        "--template",
        "empty",
        "--total",
        "100万",
    ]);
    zh(&["plan", "channel-add", ws, "线下活动", "--share", "60"]);
    zh(&["plan", "channel-add", ws, "线上", "--share", "30"]);
    zh(&["plan", "channel-rename", ws, "线上", "线上推广"]);
    let o = json(&["plan", "share", ws, "线上推广", "35"]);
    assert_eq!(o["channels"][1]["share"], "35.0%");
    let over = marketdesk(&["plan", "share", ws, "线下活动", "70"], "zh_CN.UTF-8");
    assert_eq!(over.status.code(), Some(1), "105% is refused");
    assert!(stderr(&over).contains("105.00%"), "{}", stderr(&over));
    zh(&[
        "plan",
        "region",
        ws,
        "华东",
        "--last-year",
        "60万",
        "--commitment",
        "50万",
    ]);
    zh(&[
        "plan",
        "region",
        ws,
        "华北",
        "--last-year",
        "40万",
        "--commitment",
        "60万",
    ]);
    let regions = zh(&["plan", "region", ws, "华东", "--commitment", "55万"]);
    assert!(
        regions.contains("¥550,000.00") && regions.contains("¥600,000.00"),
        "the last year kept: {regions}"
    );
    let blend = zh(&["plan", "blend", ws, "100"]);
    assert!(
        blend.contains("¥600,000.00"),
        "all top-down: 华东 60% of 100万: {blend}"
    );
    let quarters = zh(&["plan", "quarters", ws, "1,1,1,1"]);
    assert!(quarters.contains("¥150,000.00"), "60万 in four: {quarters}");
    let rules = zh(&[
        "plan",
        "rule-add",
        ws,
        "线上推广",
        "at_most",
        "30",
        "--message",
        "数字渠道封顶",
    ]);
    assert!(
        rules.contains("不超过 30.0%") && rules.contains('!'),
        "broken at once: {rules}"
    );
    let id = json(&["plan", "rules", ws])
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["channel_name"] == "线上推广")
        .and_then(|r| r["id"].as_i64())
        .expect("rule id");
    zh(&["plan", "rule-delete", ws, &id.to_string()]);
    zh(&["plan", "region-delete", ws, "华北"]);
    zh(&["plan", "channel-delete", ws, "线上推广"]);
    let versions = zh(&["plan", "versions", ws]);
    assert!(
        versions.lines().count() > 10,
        "every change is a version: {versions}"
    );

    // Spend from a sheet: previewed, then booked, then undone.
    zh(&[
        "tactics",
        "add",
        ws,
        "--channel",
        "线下活动",
        "--name",
        "秋季沙龙",
        "--planned",
        "8万",
        "--quarters",
        "Q3",
    ]);
    let year = fiscal_year(Path::new(ws));
    let sheet = dir.path().join("付款.csv");
    std::fs::write(
        &sheet,
        format!("日期,预算项,类型,金额\n{year}-08-01,秋季沙龙,已支付,30000\n{year}-08-02,不存在,已支付,1\n"),
    )
    .expect("sheet");
    let preview = zh(&["spend", "import", ws, path(&sheet), "--dry-run"]);
    assert!(
        preview.contains("1 笔可登记") && preview.contains("1 行有问题"),
        "{preview}"
    );
    assert_eq!(
        json(&["spend", "list", ws]).as_array().map(Vec::len),
        Some(0),
        "a preview books nothing"
    );
    let booked = zh(&["spend", "import", ws, path(&sheet)]);
    assert!(booked.contains("已登记 1 笔"), "{booked}");
    let batch = booked.split_whitespace().last().expect("batch").to_string();
    zh(&["spend", "undo-import", ws, &batch]);
    assert_eq!(
        json(&["spend", "list", ws]).as_array().map(Vec::len),
        Some(0),
        "undone"
    );
}

/// `marketdesk … | head` closes the pipe after one line: no command panics.
#[test]
fn no_command_panics_on_a_closed_pipe() {
    use std::io::Read;
    let (_dir, ws) = demo_workspace();
    let ws = path(&ws);
    for args in [
        vec!["plan", "show", ws],
        vec!["plan", "versions", ws],
        vec!["plan", "roi", ws],
        vec!["plan", "regions", ws],
        vec!["plan", "rules", ws],
        vec!["tactics", "list", ws],
        vec!["spend", "list", ws],
        vec!["spend", "list", ws, "--by", "quarter"],
        vec!["scenario", "list", ws],
        vec!["events", "list", ws],
        vec!["leads", "list", ws],
        vec!["leads", "imports", ws],
        vec!["report", ws],
        vec!["plan", "show", ws, "--json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marketdesk"))
            .args(&args)
            .env("LANG", "zh_CN.UTF-8")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // Close the reading end before the command writes its first line: every print meets
        // a closed pipe, as the lines after `head`'s first do.
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err)
            .expect("stderr");
        let status = child.wait().expect("wait");
        assert!(
            !err.contains("panicked") && status.code() != Some(101),
            "{args:?}: {status:?} {err}"
        );
    }
}
