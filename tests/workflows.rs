//! Workflows across crates, without a window.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use marketdesk_api::Session;
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
        6,
        "core, store, sheets, report, api, cli: {domain:?}"
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
