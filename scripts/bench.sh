#!/usr/bin/env bash
# One command for the side-by-side benchmarks of docs/benchmarks.md:
# builds the release binary, generates the corpora deterministically into a
# temporary directory, installs the peers (tombi, taplo) from PyPI into a
# throwaway venv, measures everything in the same run, prints a table of
# medians and ratios, and rewrites the generated section of
# docs/benchmarks.md plus the raw results in docs/benchmarks.json.
#
# Usage: scripts/bench.sh [--quick] [--no-write]
#   --quick     few runs, for trying the script (numbers are rough)
#   --no-write  print only; leave docs/ alone
# Environment: CARGO_TARGET_DIR (default ./target); TAPLO_LSP=/path/taplo
# to also measure a taplo built with its language server
# (`cargo install taplo-cli --features lsp`; the PyPI taplo has none).
#
# Needs: cargo, python3 with venv, hyperfine and GNU time (installed with
# apt-get when missing and running as root), Linux /proc.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

TOMBI_VERSION=1.9.6
TAPLO_VERSION=0.9.3

QUICK=0
WRITE=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --no-write) WRITE=0 ;;
    *) echo "usage: scripts/bench.sh [--quick] [--no-write]" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

step "tools"
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 2
  fi
fi
hyperfine --version

step "build (release profile)"
# The binary alone, as users build it: building it together with examples
# or benches would unify the dev-dependencies' features into it.
cargo build --release --locked --bin andon
# Keep our own copy: `cargo bench` rebuilds target/release/andon with the
# bench profile (unstripped), which would change the measured size.
ANDON="$WORK/bin/andon"
mkdir -p "$WORK/bin"
cp "$CARGO_TARGET_DIR/release/andon" "$ANDON"
# The generator and the LSP driver: the bench profile (release, unstripped).
cargo build --profile bench --locked --example generate_config
cargo bench --locked --bench lsp_latency --no-run 2>&1 | tail -1
GEN="$CARGO_TARGET_DIR/release/examples/generate_config"

step "corpora"
mkdir -p "$WORK/large" "$WORK/medium" "$WORK/small"
"$GEN" 5000 >"$WORK/large/config.toml"
"$GEN" 200 >"$WORK/medium/config.toml"
"$GEN" small 0 >"$WORK/small/Cargo.toml"
"$GEN" tree "$WORK/tree" 10000
wc -c "$WORK/large/config.toml" "$WORK/medium/config.toml" "$WORK/small/Cargo.toml"
find "$WORK/tree" -name '*.toml' | wc -l

step "peers from PyPI (tombi $TOMBI_VERSION, taplo $TAPLO_VERSION)"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check \
  "tombi==$TOMBI_VERSION" "taplo==$TAPLO_VERSION"
TOMBI="$WORK/venv/bin/tombi"
TAPLO="$WORK/venv/bin/taplo"
"$TOMBI" --version
"$TAPLO" --version

# Every tool must accept the corpora: a run that fails fast would look fast.
# (tombi warns about the generated config's out-of-order tables; warnings
# do not fail it.)
"$ANDON" check "$WORK/large/config.toml" "$WORK/small/Cargo.toml" >/dev/null
(cd "$WORK/tree" && "$ANDON" check . >/dev/null)
"$TOMBI" lint --offline --quiet "$WORK/large/config.toml" "$WORK/small/Cargo.toml" >/dev/null 2>&1
(cd "$WORK/tree" && "$TOMBI" lint --offline --quiet >/dev/null 2>&1)
"$TAPLO" check "$WORK/large/config.toml" "$WORK/small/Cargo.toml" >/dev/null 2>&1
(cd "$WORK/tree" && "$TAPLO" check >/dev/null 2>&1)
echo "all three accept every corpus"

if [ "$QUICK" = 1 ]; then
  ROUNDS=1 SMALL_RUNS=20 LARGE_RUNS=3 TREE_RUNS=2 RSS_RUNS=1
else
  ROUNDS=5 SMALL_RUNS=300 LARGE_RUNS=20 TREE_RUNS=5 RSS_RUNS=3
fi

# bench NAME RUNS WARMUP DIR TARGET: the three tools on the input of NAME,
# run in DIR; hyperfine without a shell (-N) so start-up is the tool's
# alone. The runs are split into ROUNDS hyperfine calls, each timing all
# three tools in turn, so a change in the machine's load falls on every
# tool alike; the report takes the median over all rounds.
bench() {
  local name=$1 runs=$2 warmup=$3 dir=$4 target=$5 round
  step "check: $name"
  for round in $(seq "$ROUNDS"); do
    (cd "$dir" && hyperfine -N --style none --runs "$((runs / ROUNDS))" --warmup "$warmup" \
      --export-json "$WORK/check-$name-$round.json" \
      -n andon "$ANDON check $target" \
      -n taplo "$TAPLO check $target" \
      -n tombi "$TOMBI lint --offline --quiet $target")
  done
  # Peak resident memory (KiB) of each tool, median of RSS_RUNS runs.
  local tool cmd
  for tool in andon taplo tombi; do
    case $tool in
      andon) cmd=("$ANDON" check $target) ;;
      taplo) cmd=("$TAPLO" check $target) ;;
      tombi) cmd=("$TOMBI" lint --offline --quiet $target) ;;
    esac
    for _ in $(seq "$RSS_RUNS"); do
      (cd "$dir" && /usr/bin/time -f "$name $tool %M" -a -o "$WORK/rss.txt" \
        "${cmd[@]}" >/dev/null 2>&1) || true
    done
  done
}

bench small "$SMALL_RUNS" 20 "$WORK/small" Cargo.toml
bench large "$LARGE_RUNS" 2 "$WORK/large" config.toml
# No file arguments in the tree: each tool walks its working directory
# (andon: `.`, taplo: its default `**/*.toml`, tombi: the current directory).
bench tree "$TREE_RUNS" 1 "$WORK/tree" ""

step "language servers"
servers=(--server "tombi=$TOMBI,lsp,--offline")
if [ -n "${TAPLO_LSP:-}" ]; then
  servers+=(--server "taplo=$TAPLO_LSP,lsp,stdio")
fi
quick_flag=--bench
[ "$QUICK" = 1 ] && quick_flag=--quick
ANDON_BENCH_BIN="$ANDON" cargo bench --locked --bench lsp_latency -- \
  "$quick_flag" "${servers[@]}" --json "$WORK/lsp.json"

step "report"
python3 scripts/bench_report.py \
  --work "$WORK" --andon "$ANDON" --write "$WRITE" \
  --command "scripts/bench.sh${*:+ $*}" \
  --versions "tombi $TOMBI_VERSION, taplo $TAPLO_VERSION, $(hyperfine --version)"
