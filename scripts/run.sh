#!/usr/bin/env bash
# Runs Marketdesk. First run creates the default workspace (with demo data) in the app data folder.
# Extra arguments go to the app, e.g. `scripts/run.sh --workspace ~/plan.marketdesk`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cargo build --release --locked -p marketdesk-app
exec ./target/release/marketdesk-app "$@"
