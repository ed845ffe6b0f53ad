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
