#!/usr/bin/env bash
# The crate as the registry would get it: `cargo package --locked` packs it
# (Cargo.toml's `exclude` decides what goes in) and builds the packed copy
# on its own; then that build must run `andon --version`, and the .crate
# must be within crates.io's 10 MB limit. Run by .ci/run.
#
#   bash scripts/crate-check.sh
#
# Uncommitted changes are packed too (--allow-dirty): what is checked is the
# working tree, as CI's clean checkout is.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[crate] %s\n' "$*"; }
die() { printf '[crate] FAIL: %s\n' "$*" >&2; exit 1; }

limit=$((10 * 1024 * 1024))
target_dir="$(scripts/target-dir.sh)"
version="$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["packages"][0]["version"])')"

# The packed copy builds in this target directory, sharing the compiled
# dependencies. Its own units would take the same places as the checkout's
# (a path package's identity is relative to its workspace root), and the
# build script's output — the version string without the commit — would
# then be reused by the next build of the checkout. A profile setting for
# `andon` alone that changes nothing in the code gives them places of
# their own.
own_units=(--config 'profile.dev.package.andon.codegen-units=255')

# Leaving tests and benchmarks out is the point of `exclude`: say so once
# instead of a warning for each of them.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
cargo package --locked --allow-dirty "${own_units[@]}" >"$log" 2>&1 || status=$?
grep -vE '^warning: ignoring (test|benchmark|example) `[^`]+` as `[^`]+` is not included in the published package$' "$log" || true
[ "$status" -eq 0 ] || die "cargo package failed (exit $status)"
left_out="$(grep -cE '^warning: ignoring (test|benchmark|example) ' "$log" || true)"
say "$left_out test and benchmark targets left out of the package (Cargo.toml exclude)"

crate="$target_dir/package/andon-$version.crate"
[ -f "$crate" ] || die "no $crate after cargo package"
size=$(stat -c %s "$crate")
say "$(basename "$crate"): $size bytes ($(tar -tzf "$crate" | wc -l) files), limit $limit"
[ "$size" -le "$limit" ] || die "the crate is $size bytes, over crates.io's limit of $limit"

# The build `cargo package` just verified, run from the packed sources. Its
# version names no commit: it is not a build of this checkout.
reported="$(cargo run --quiet --locked --offline "${own_units[@]}" \
  --target-dir "$target_dir" --manifest-path "$target_dir/package/andon-$version/Cargo.toml" \
  --bin andon -- --version)"
[ "$reported" = "andon $version" ] || die "the packaged crate's andon --version printed '$reported', expected 'andon $version'"
say "the packaged crate builds; its andon --version: $reported"
