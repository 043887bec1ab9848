#!/usr/bin/env bash
# The performance gate: instruction counts (valgrind --tool=callgrind) of
# the fixed workloads in examples/perf_workload.rs, against the baseline in
# benches/baseline.json. Instruction counts are stable on a shared, noisy
# machine; wall-clock times are not.
#
# Fails when any count grows by more than the baseline's tolerance (10 %),
# unless the baseline file is changed by the commit under test: HEAD against
# its first parent (on CI's clean checkout, HEAD is the submitted commit),
# or uncommitted changes to it in the working tree (a developer running
# .ci/run before committing an update). Then it accepts and prints the new
# counts. ANDON_PERF_GATE_CHANGED=1 or 0 overrides that detection.
#
# Usage:
#   scripts/perf-gate.sh            build, count, compare
#   scripts/perf-gate.sh --update   build, count, write the baseline
#   scripts/perf-gate.sh --self-test
#       shows the gate fails on a deliberate slowdown
#       (ANDON_PERF_SLOWDOWN=1 makes the workload do its work twice) and
#       passes otherwise, on a scratch baseline; run by .ci/run.
# Options: --only NAME (one workload), --baseline FILE, --bin FILE (a
# prebuilt workload binary; skips the build).
set -euo pipefail
cd "$(dirname "$0")/.."

BASELINE=benches/baseline.json
MODE=check
ONLY=""
BIN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --update) MODE=update ;;
    --self-test) MODE=self-test ;;
    --only) ONLY=$2; shift ;;
    --baseline) BASELINE=$2; shift ;;
    --bin) BIN=$2; shift ;;
    *) echo "usage: scripts/perf-gate.sh [--update|--self-test] [--only NAME] [--baseline FILE] [--bin FILE]" >&2
       exit 2 ;;
  esac
  shift
done

if ! command -v valgrind >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
  else
    echo "perf-gate: valgrind is missing (apt-get install valgrind)" >&2
    exit 2
  fi
fi

if [ -z "$BIN" ]; then
  # The bench profile: the release profile (LTO, one codegen unit) without
  # `strip`, so callgrind finds the `measured` symbol. Its output directory
  # is target/release.
  cargo build --locked --profile bench --example perf_workload
  BIN="$(scripts/target-dir.sh)/release/examples/perf_workload"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/andon-perf-gate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# count NAME: instructions executed inside the workload's `measured` call.
count() {
  local out="$WORK/$1.callgrind"
  valgrind --tool=callgrind --collect-atstart=no \
    --toggle-collect='*perf_workload*measured*' \
    --callgrind-out-file="$out" "$BIN" "$1" >/dev/null 2>"$WORK/$1.log" || {
    cat "$WORK/$1.log" >&2
    echo "perf-gate: workload $1 failed" >&2
    exit 2
  }
  local total
  total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$out")
  if [ -z "$total" ] || [ "$total" = 0 ]; then
    echo "perf-gate: no instructions counted for $1 (symbol not found?)" >&2
    exit 2
  fi
  echo "$total"
}

# measure FILE: counts of every workload (or --only) as JSON lines.
measure() {
  local names
  if [ -n "$ONLY" ]; then names=$ONLY; else names=$("$BIN" --list); fi
  : >"$1"
  for name in $names; do
    local start n tenths
    start=$(date +%s%N)
    n=$(count "$name")
    tenths=$((($(date +%s%N) - start) / 100000000))
    printf '%s %s %d.%d\n' "$name" "$n" $((tenths / 10)) $((tenths % 10)) >>"$1"
    printf '  %-16s %15s instructions  (%d.%d s under callgrind)\n' \
      "$name" "$n" $((tenths / 10)) $((tenths % 10)) >&2
  done
}

# compare COUNTS BASELINE CHANGED: the verdict, in Python for the JSON.
compare() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
counts_file, baseline_file, changed = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
counts = {}
for line in open(counts_file):
    name, n, _ = line.split()
    counts[name] = int(n)
baseline = json.load(open(baseline_file))
tolerance = baseline.get("tolerance_percent", 10)
known = baseline["workloads"]
failed = []
print(f"{'workload':<16} {'baseline':>15} {'now':>15} {'change':>8}")
for name, now in counts.items():
    base = known.get(name)
    if base is None:
        print(f"{name:<16} {'(none)':>15} {now:>15,} {'new':>8}")
        failed.append(f"{name}: not in the baseline")
        continue
    change = (now - base) / base * 100
    mark = ""
    if change > tolerance:
        mark = f"  > +{tolerance}%"
        failed.append(f"{name}: {change:+.1f}% ({base:,} -> {now:,})")
    print(f"{name:<16} {base:>15,} {now:>15,} {change:>+7.1f}%{mark}")
if failed and changed:
    print(f"\nperf-gate: over the baseline, accepted because {baseline_file} changes in this commit:")
    for line in failed:
        print(f"  {line}")
    print("new counts:\n" + json.dumps(counts, indent=2))
    sys.exit(0)
if failed:
    print(f"\nperf-gate: FAILED, instruction counts grew by more than {tolerance}%:")
    for line in failed:
        print(f"  {line}")
    print(f"If this is intended, run scripts/perf-gate.sh --update and commit {baseline_file} "
          "in the same commit.")
    sys.exit(1)
print(f"\nperf-gate: ok (tolerance +{tolerance}%)")
if changed:
    print("baseline changes in this commit; counts now:\n" + json.dumps(counts, indent=2))
PY
}

# write_baseline COUNTS FILE
write_baseline() {
  python3 - "$1" "$2" <<'PY'
import json, sys
counts = {}
for line in open(sys.argv[1]):
    name, n, _ = line.split()
    counts[name] = int(n)
baseline = {
    "comment": "Instruction counts of examples/perf_workload.rs under callgrind "
               "(bench profile: release without strip); written by scripts/perf-gate.sh --update.",
    "tolerance_percent": 10,
    "workloads": counts,
}
open(sys.argv[2], "w").write(json.dumps(baseline, indent=2) + "\n")
PY
}

# Whether the commit under test (or the working tree) changes $BASELINE.
baseline_changed() {
  if [ -n "${ANDON_PERF_GATE_CHANGED:-}" ]; then
    [ "$ANDON_PERF_GATE_CHANGED" = 1 ] && echo 1 || echo 0
    return
  fi
  if ! git rev-parse --git-dir >/dev/null 2>&1; then echo 0; return; fi
  if [ -n "$(git status --porcelain -- "$BASELINE")" ]; then echo 1; return; fi
  local changed
  if git rev-parse --verify --quiet HEAD^1 >/dev/null; then
    changed=$(git diff --name-only HEAD^1 HEAD -- "$BASELINE")
  else
    # A root commit (or a shallow clone of depth 1): everything in HEAD is
    # new, the baseline included.
    changed=$(git diff-tree --root --no-commit-id --name-only -r HEAD -- "$BASELINE")
  fi
  [ -n "$changed" ] && echo 1 || echo 0
}

case "$MODE" in
  update)
    echo "perf-gate: counting (callgrind)" >&2
    measure "$WORK/counts"
    write_baseline "$WORK/counts" "$BASELINE"
    echo "perf-gate: wrote $BASELINE" >&2
    cat "$BASELINE"
    ;;
  check)
    echo "perf-gate: counting (callgrind)" >&2
    measure "$WORK/counts"
    compare "$WORK/counts" "$BASELINE" "$(baseline_changed)"
    ;;
  self-test)
    # A scratch baseline from a normal run of one cheap workload, then the
    # same workload slowed down on purpose: the gate must fail on it (and
    # accept it when the baseline is declared changed), and pass unslowed.
    name=${ONLY:-analyse-200}
    ONLY=$name
    scratch="$WORK/baseline.json"
    measure "$WORK/normal"
    write_baseline "$WORK/normal" "$scratch"
    ANDON_PERF_SLOWDOWN=1 measure "$WORK/slow"
    status=0
    compare "$WORK/slow" "$scratch" 0 >"$WORK/slow.out" || status=$?
    cat "$WORK/slow.out"
    if [ "$status" != 1 ] || ! grep -q "FAILED" "$WORK/slow.out"; then
      echo "perf-gate self-test: the gate did not fail on a deliberate slowdown" >&2
      exit 1
    fi
    compare "$WORK/slow" "$scratch" 1 >/dev/null || {
      echo "perf-gate self-test: a changed baseline was not accepted" >&2
      exit 1
    }
    measure "$WORK/again"
    compare "$WORK/again" "$scratch" 0 >/dev/null || {
      echo "perf-gate self-test: the gate failed without a slowdown" >&2
      exit 1
    }
    echo "perf-gate self-test: ok (fails on the slowdown, passes without it)"
    ;;
esac
