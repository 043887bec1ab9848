#!/usr/bin/env bash
# The Python wheel: `andon` packaged for `pip`, `pipx` and `uvx` (the
# distribution `andon-toml`, pyproject.toml), built by maturin from PyPI.
#
#   bash scripts/wheel.sh           build the wheel for this machine into
#                                   TARGET/wheels (TARGET: Cargo's target dir)
#   bash scripts/wheel.sh --test    build it, then install it into a fresh
#                                   virtual environment and use it: --version,
#                                   `andon check` on the example workspace
#                                   (the same report as the built binary), an
#                                   LSP initialize/shutdown over stdio
#
# maturin builds with `cargo build --release --locked`, so after a release
# build of `andon` it only packs the binary (a second or two). maturin is
# pinned and installed once into a cached venv under
# ${ANDON_CI_CACHE:-~/.cache/andon-ci}.
set -euo pipefail
cd "$(dirname "$0")/.."

maturin_version=1.15.0
test_it=false
case "${1:-}" in
  "") ;;
  --test) test_it=true ;;
  *) echo "usage: scripts/wheel.sh [--test]" >&2; exit 2 ;;
esac

say() { printf '[wheel] %s\n' "$*"; }
die() { printf '[wheel] FAIL: %s\n' "$*" >&2; exit 1; }

cache_dir="${ANDON_CI_CACHE:-$HOME/.cache/andon-ci}"
tools="$cache_dir/maturin-$maturin_version"
if ! "$tools/bin/maturin" --version 2>/dev/null | grep -qx "maturin $maturin_version"; then
  say "installing maturin $maturin_version into $tools"
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check "maturin==$maturin_version"
fi

target_dir="$(scripts/target-dir.sh)"
out="$target_dir/wheels"
version="$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["packages"][0]["version"])')"
rm -f "$out"/andon_toml-"$version"-*.whl
"$tools/bin/maturin" build --release --locked --out "$out"
wheels=("$out"/andon_toml-"$version"-*.whl)
[ ${#wheels[@]} -eq 1 ] && [ -f "${wheels[0]}" ] || die "expected one wheel in $out, found: ${wheels[*]}"
wheel="${wheels[0]}"
say "built $wheel ($(du -h "$wheel" | cut -f1))"
$test_it || exit 0

work="$(mktemp -d "${TMPDIR:-/tmp}/andon-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
# Offline and alone: the wheel has no dependencies to fetch.
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index --no-deps "$wheel"
installed="$work/venv/bin/andon"
[ -x "$installed" ] || die "installing the wheel put no andon in $work/venv/bin"

reported="$("$installed" --version)"
case "$reported" in
  "andon $version"|"andon $version ("*")") say "installed: $reported" ;;
  *) die "andon --version printed '$reported', expected andon $version" ;;
esac

# The installed command reports on the example exactly what the binary it
# was packed from does (findings, summary, exit status 1 for red).
status=0
"$installed" check --format json examples/workspace >"$work/installed.json" || status=$?
[ "$status" -eq 1 ] || die "andon check examples/workspace exited $status, expected 1 (red findings)"
built_status=0
"$target_dir/release/andon" check --format json examples/workspace >"$work/built.json" || built_status=$?
[ "$built_status" -eq "$status" ] || die "the built binary exited $built_status, the installed one $status"
cmp -s "$work/installed.json" "$work/built.json" || {
  diff "$work/built.json" "$work/installed.json" | head -n 20 >&2
  die "the installed andon reports differently from $target_dir/release/andon"
}
python3 - "$work/installed.json" <<'EOF' || die "andon check examples/workspace found nothing"
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
print(f"[wheel] andon check examples/workspace: {summary['red']} red, {summary['yellow']} yellow in {summary['files']} files")
sys.exit(0 if summary["red"] > 0 else 1)
EOF

# A language server session as an editor opens one: initialize, initialized,
# shutdown, exit; the process must answer each and end with status 0.
python3 - "$installed" "$PWD/examples/workspace" <<'EOF' || die "the LSP session over stdio failed"
import json, pathlib, subprocess, sys, threading

server = subprocess.Popen([sys.argv[1], "lsp", "--stdio"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
timer = threading.Timer(30, server.kill)
timer.start()

def send(message):
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    server.stdin.flush()

def receive(request_id):
    """The response to `request_id`; notifications and requests before it are skipped."""
    while True:
        length = None
        while (line := server.stdout.readline().strip()):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        if length is None:
            sys.exit("the server closed its output before answering")
        message = json.loads(server.stdout.read(length))
        if message.get("id") == request_id and "method" not in message:
            return message

root = pathlib.Path(sys.argv[2]).as_uri()
send({"id": 1, "method": "initialize", "params": {
    "processId": None, "rootUri": root, "capabilities": {},
    "workspaceFolders": [{"uri": root, "name": "workspace"}]}})
initialized = receive(1)
info = initialized.get("result", {}).get("serverInfo", {})
capabilities = initialized.get("result", {}).get("capabilities", {})
if info.get("name") != "andon" or "textDocumentSync" not in capabilities:
    sys.exit(f"unexpected initialize result: {initialized}")
send({"method": "initialized", "params": {}})
send({"id": 2, "method": "shutdown"})
if "error" in receive(2):
    sys.exit("shutdown answered with an error")
send({"method": "exit"})
server.stdin.close()
status = server.wait()
timer.cancel()
if status != 0:
    sys.exit(f"the server exited with status {status} after exit")
print(f"[wheel] andon lsp: initialize ({info.get('name')} {info.get('version')}), shutdown, exit 0")
EOF
say "ok: the wheel installs into a fresh venv and works"
