#!/usr/bin/env bash
# Prints the absolute path of Cargo's target directory for this checkout:
# `target/` by default, or wherever the developer's CARGO_TARGET_DIR or
# `build.target-dir` setting points (many share one target directory across
# projects). Scripts that run a built binary ask here instead of assuming
# `target/`, so they find what `cargo build` just wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
