#!/usr/bin/env bash
# CI for the VS Code extension: unit tests, the .vsix, and the end-to-end
# test in a real VS Code (code-server + headless Chromium) against a real
# `andon` binary.
#
# Usage: editors/vscode/scripts/ci.sh [ANDON_BIN]
#   The server binary comes from the argument, else $ANDON_BIN, else it is
#   built from this checkout with `cargo build --locked` (debug).
#
# Offline-safe: apt packages come from Debian, npm packages from the npm
# registry, code-server is installed by hand into a cache
# ($HOME/.cache/andon-ci, reused by later runs; the first run takes a few
# minutes). Artifacts: test-results/ (screenshots, logs) and the .vsix.
set -euo pipefail

extension_dir="$(cd "$(dirname "$0")/.." && pwd)"
repo_root="$(cd "$extension_dir/../.." && pwd)"
cd "$extension_dir"

step() { printf '\n== vscode: %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
started=$(date +%s)

andon_bin="${1:-${ANDON_BIN:-}}"

step "system packages"
# chromium drives the workbench; the rest builds code-server's native
# modules (see ../shared/clients.md); the emoji font lets screenshots show
# the status light's 🔴🟡🟢.
apt_packages=(chromium fonts-noto-color-emoji build-essential pkg-config python3
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "all present"
fi

step "npm ci"
# No dependency needs its install script here (esbuild's binary comes as an
# optional package, keytar is optional for vsce), so none runs: the result
# is the same under npm 10 and npm 11.
npm ci --ignore-scripts --no-audit --no-fund

step "unit tests"
npm test

step "package"
rm -f andon-toml-*.vsix
npm run package
version=$(node -p "require('./package.json').version")
vsix="andon-toml-$version.vsix"
python3 - "$vsix" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
bad = [n for n in names if 'node_modules/' in n]
if bad:
    sys.exit(f"{sys.argv[1]} contains node_modules: {bad[:5]}")
if 'extension/dist/extension.js' not in names:
    sys.exit(f"{sys.argv[1]} lacks extension/dist/extension.js")
EOF
echo "$vsix: $(stat -c %s "$vsix") bytes ($(du -h "$vsix" | cut -f1)), no node_modules"

step "code-server (cached)"
./scripts/install-code-server.sh

step "server binary"
if [ -z "$andon_bin" ]; then
  # A debug build: `cargo test` in .ci/run has usually built it already.
  (cd "$repo_root" && cargo build --locked --quiet --bin andon)
  andon_bin="${CARGO_TARGET_DIR:-$repo_root/target}/debug/andon"
fi
andon_bin="$(cd "$(dirname "$andon_bin")" && pwd)/$(basename "$andon_bin")"
echo "ANDON_BIN=$andon_bin"

step "end-to-end test"
ANDON_BIN="$andon_bin" node test/e2e/run.mjs

step "done in $(( $(date +%s) - started )) s"
