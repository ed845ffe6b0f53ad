#!/usr/bin/env bash
# Runs every test: unit, property, doc and workflow tests of all crates, and the end-to-end tests
# that drive the real app window (WebKitWebDriver via tauri-driver) under a virtual X display.
# Screenshots land in target/test-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# The end-to-end tests launch the app, which asks the CLI beside it for PDFs. Built one at a time
# so the app does not link the CLI's typesetter (cargo unifies features within one build).
cargo build --locked -p marketdesk-app
cargo build --locked -p marketdesk-cli
# The fuzz target lives in a workspace of its own (it needs nightly to run): checking that it
# still compiles against the readers keeps it from rotting between fuzzing sessions.
cargo check --locked --manifest-path crates/sheets/fuzz/Cargo.toml --target-dir target
export GSETTINGS_BACKEND=memory
# Always a private virtual display: the drag-and-drop test moves the pointer with xdotool.
xvfb-run -a -s "-screen 0 1920x1080x24" cargo test --workspace --locked "$@"
