# Shared by the headless editor tests (editors/*/test/run.sh), sourced after
# they set `editor` (the prefix of their messages) and `repo_dir`: messages,
# root for apt, the Debian packages they need, and the server under test.

say() { printf '[%s] %s\n' "$editor" "$*"; }
die() { printf '[%s] FAIL: %s\n' "$editor" "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $*"
  fi
}

# Installs those of the given Debian packages that are missing.
install_missing_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  say "installing ${missing[*]}"
  local apt_log
  apt_log="$(mktemp)"
  { as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$apt_log" 2>&1 || { cat "$apt_log" >&2; die "apt-get install ${missing[*]} failed"; }
  rm -f "$apt_log"
}

# The absolute path of the server to test: the given path, else
# $ANDON_SERVER_PATH, else a debug build of this checkout (a no-op when up
# to date, rather than trusting a stale binary).
server_under_test() {
  local server="${1:-${ANDON_SERVER_PATH:-}}"
  if [ -z "$server" ]; then
    say "building the server (cargo build --locked)" >&2
    (cd "$repo_dir" && cargo build --locked --quiet --bin andon) >&2
    server="$("$repo_dir/scripts/target-dir.sh")/debug/andon"
  fi
  [ -f "$server" ] && [ -x "$server" ] || die "server binary not found or not executable: $server"
  realpath "$server"
}
