#!/usr/bin/env bash
# Runs Marketdesk. First run creates the default workspace (with demo data) in the app data folder.
# Extra arguments go to the app, e.g. `scripts/run.sh --workspace ~/plan.marketdesk`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cargo build --release --locked -p marketdesk-app
# PDF export runs the CLI beside the app (it carries the typesetter).
cargo build --release --locked -p marketdesk-cli
exec ./target/release/marketdesk-app "$@"
