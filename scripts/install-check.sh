#!/usr/bin/env bash
# Checks that Andon installs from a clean clone the way users install it:
# clones this repository's committed HEAD into a temporary directory, runs
# `cargo install --locked --path . --root <tmp>`, and runs the installed
# `andon --version`. Too slow for every CI run (a full release build), so
# run it by hand before a release:
#
#   bash scripts/install-check.sh
#
# Uses its own target directory inside the temporary clone unless
# CARGO_TARGET_DIR is set. Prints the time the install took.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

git clone --quiet "$repo" "$tmp/andon"
cd "$tmp/andon"
start=$(date +%s)
cargo install --locked --quiet --path . --root "$tmp/root"
end=$(date +%s)

version="$("$tmp/root/bin/andon" --version)"
echo "installed: $version"
commit="$(git rev-parse --short HEAD)"
case "$version" in
  "andon "*" ($commit)") ;;
  *) echo "install-check: expected the version to name commit $commit" >&2; exit 1 ;;
esac
echo "install-check: ok in $((end - start)) s"
