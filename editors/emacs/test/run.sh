#!/usr/bin/env bash
# Headless test of the Emacs configurations against the real server:
# andon-eglot.el and andon-lsp-mode.el, each in `emacs --batch -Q` (Debian's
# emacs-nox with elpa-eglot and elpa-lsp-mode, installed when missing).
#
# Usage: editors/emacs/test/run.sh [path/to/andon]
#   Without an argument: $ANDON_SERVER_PATH, else `cargo build --locked` and
#   debug/andon in Cargo's target directory.
# Environment: ANDON_TEST_WAIT (each wait's deadline in seconds, default 20).
set -euo pipefail

test_dir="$(cd "$(dirname "$0")" && pwd)"
emacs_dir="$(dirname "$test_dir")"
repo_dir="$(cd "$emacs_dir/../.." && pwd)"

say() { printf '[emacs] %s\n' "$*"; }
die() { printf '[emacs] FAIL: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $*"
  fi
}

# --- the server --------------------------------------------------------------
server="${1:-${ANDON_SERVER_PATH:-}}"
if [ -z "$server" ]; then
  say "building the server (cargo build --locked)"
  (cd "$repo_dir" && cargo build --locked --quiet --bin andon)
  server="$("$repo_dir/scripts/target-dir.sh")/debug/andon"
fi
[ -f "$server" ] && [ -x "$server" ] || die "server binary not found or not executable: $server"
server="$(realpath "$server")"

# --- Emacs and the two clients (Debian) --------------------------------------
packages=(emacs-nox elpa-eglot elpa-lsp-mode)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt_log="$(mktemp)"
  { as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$apt_log" 2>&1 || { cat "$apt_log" >&2; die "apt-get install ${missing[*]} failed"; }
  rm -f "$apt_log"
fi
say "$(emacs --version | head -n 1)"

# --- one run per client ------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/andon-emacs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The configurations start `andon lsp`, found on PATH.
mkdir -p "$work/bin"
ln -s "$server" "$work/bin/andon"

failures=0
summaries=()
run_one() {
  local client="$1"
  local root="$work/$client"
  mkdir -p "$root/project" "$root/home"
  # "../nope" is $root/nope, which does not exist. "= =" is the syntax error.
  cat >"$root/project/Cargo.toml" <<'EOF'
[package]
name = "demo"
version = "0.1.0"
edition = "2021"

[dependencies]
util = { path = "../nope" }

[features]
default = = []
EOF
  local started status=0
  started=$(date +%s%N)
  # A home of its own: nothing of the user's, and lsp-mode's state stays here.
  env HOME="$root/home" PATH="$work/bin:$PATH" \
    ANDON_EMACS_DIR="$emacs_dir" ANDON_TEST_CLIENT="$client" \
    ANDON_TEST_FILE="$root/project/Cargo.toml" \
    timeout 120 emacs --batch -Q -l "$test_dir/headless.el" \
    >"$root/output" 2>&1 </dev/null || status=$?
  local elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  local summary
  summary="$(grep -aE ': (OK|FAIL): ' "$root/output" | tail -n 1 || true)"
  if [ "$status" -ne 0 ] || [ -z "$summary" ] || [[ "$summary" == *": FAIL: "* ]]; then
    failures=$((failures + 1))
    [ -n "$summary" ] || summary="$client: FAIL: emacs exited $status without a summary"
    [ "$status" -ne 124 ] || summary="$summary (timed out)"
    echo "--- $client: emacs output (last 60 lines)"
    tail -n 60 "$root/output" || true
  fi
  summaries+=("$summary [${elapsed} ms]")
}

run_one eglot
run_one lsp-mode

for line in "${summaries[@]}"; do say "$line"; done
[ "$failures" -eq 0 ] || die "$failures of ${#summaries[@]} Emacs runs failed"
say "all ${#summaries[@]} Emacs runs passed"
