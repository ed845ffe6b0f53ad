#!/usr/bin/env bash
# Installs what building, running and testing Marketdesk needs on Debian/Ubuntu, and nothing
# twice: system packages only when one is missing, tauri-driver only when absent.
set -euo pipefail

PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  xvfb xauth xdotool imagemagick webkit2gtk-driver fonts-noto-cjk poppler-utils
  python3-gi gir1.2-gtk-3.0 xclip
  # A headless spreadsheet to recalculate the plan's xlsx export in its test.
  libreoffice-calc-nogui
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "==> installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
