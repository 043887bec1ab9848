#!/usr/bin/env bash
# CI for the VS Code extension: unit tests, the universal .vsix and the
# platform .vsix with the server inside, and the end-to-end test: the
# platform package installed in a real VS Code (code-server + headless
# Chromium) with no setting, no ANDON_SERVER_PATH and no `andon` on PATH.
#
# Usage: editors/vscode/scripts/ci.sh [ANDON_BIN]
#   The server that goes into the platform package comes from the argument,
#   else $ANDON_BIN, else it is built from this checkout with
#   `cargo build --release --locked` (what users get).
#
# Offline-safe: apt packages come from Debian, npm packages from the npm
# registry, code-server is installed by hand into a cache
# ($HOME/.cache/andon-ci, reused by later runs; the first run takes a few
# minutes). Artifacts: test-results/ (screenshots, logs) and both .vsix.
set -euo pipefail

andon_bin="${1:-${ANDON_BIN:-}}"
if [ -n "$andon_bin" ]; then
  # Resolved before anything changes directory; a path that names nothing
  # is reported as given, not as a mangled "/andon".
  [ -f "$andon_bin" ] && [ -x "$andon_bin" ] || { echo "not an executable file: $andon_bin" >&2; exit 1; }
  andon_bin="$(realpath "$andon_bin")"
fi

extension_dir="$(cd "$(dirname "$0")/.." && pwd)"
repo_dir="$(cd "$extension_dir/../.." && pwd)"
editor=vscode
# shellcheck source=../../test-support.sh
. "$repo_dir/editors/test-support.sh"
cd "$extension_dir"

step() { printf '\n== vscode: %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
started=$(date +%s)

step "system packages"
# chromium drives the workbench; the rest builds code-server's native
# modules (see ../shared/clients.md); the emoji font lets screenshots show
# the status light's 🔴🟡🟢.
apt_packages=(chromium fonts-noto-color-emoji build-essential pkg-config python3
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep)
install_missing_packages "${apt_packages[@]}"

step "npm ci"
# No dependency needs its install script here (esbuild's binary comes as an
# optional package, keytar is optional for vsce), so none runs: the result
# is the same under npm 10 and npm 11.
npm ci --ignore-scripts --no-audit --no-fund

step "unit tests"
npm test

step "package: universal (no server inside)"
rm -f andon-toml-*.vsix
npm run package
version=$(node -p "require('./package.json').version")
universal="andon-toml-$version.vsix"

step "package: this platform, with the server inside"
if [ -n "$andon_bin" ]; then
  node scripts/package.mjs --target host --server "$andon_bin"
else
  npm run package:platform
fi
platform="$(ls andon-toml-*-"$version".vsix)"
python3 - "$universal" "$platform" <<'EOF'
import stat, sys, zipfile
universal, platform = (zipfile.ZipFile(name) for name in sys.argv[1:3])
for name, package in zip(sys.argv[1:3], (universal, platform)):
    names = package.namelist()
    bad = [n for n in names if 'node_modules/' in n]
    if bad:
        sys.exit(f"{name} contains node_modules: {bad[:5]}")
    if 'extension/dist/extension.js' not in names:
        sys.exit(f"{name} lacks extension/dist/extension.js")
if any(n.startswith('extension/server/') for n in universal.namelist()):
    sys.exit(f"{sys.argv[1]}: the universal package carries a server")
server = platform.getinfo('extension/server/andon')
if not (server.external_attr >> 16) & stat.S_IXUSR:
    sys.exit(f"{sys.argv[2]}: extension/server/andon is not executable")
EOF
for vsix in "$universal" "$platform"; do
  echo "$vsix: $(stat -c %s "$vsix") bytes ($(du -h "$vsix" | cut -f1)), no node_modules"
done

step "code-server (cached)"
./scripts/install-code-server.sh

step "end-to-end test: the platform package with its own server"
# Without ANDON_BIN, run.mjs installs the package as a user would and
# takes the server the package carries; code-server gets no
# ANDON_SERVER_PATH and a PATH without any `andon`.
env -u ANDON_BIN -u ANDON_SERVER_PATH ANDON_VSIX="$extension_dir/$platform" node test/e2e/run.mjs

step "done in $(( $(date +%s) - started )) s"
