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

editor=emacs
# shellcheck source=../../test-support.sh
. "$repo_dir/editors/test-support.sh"

# --- the server --------------------------------------------------------------
server="$(server_under_test "${1:-}")"

# --- Emacs and the two clients (Debian) --------------------------------------
install_missing_packages emacs-nox elpa-eglot elpa-lsp-mode
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
