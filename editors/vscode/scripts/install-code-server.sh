#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench, served to a browser) into
# a cache directory, offline from the npm registry alone.
#
# code-server's own postinstall downloads from the internet and fails here,
# so it is installed with --ignore-scripts and its steps are done by hand
# (see ../shared/clients.md). A finished install leaves a stamp file; a
# second run with the stamp present does nothing, so CI pays the ~2 minutes
# once per machine.
#
# Usage: install-code-server.sh [DIR]   (default: $HOME/.cache/andon-ci/code-server-4.100.3)
set -euo pipefail

version=4.100.3
dir="${1:-${ANDON_CODE_SERVER_DIR:-$HOME/.cache/andon-ci/code-server-$version}}"
stamp="$dir/.andon-install-complete"

if [ -f "$stamp" ]; then
  echo "code-server $version already installed in $dir"
  exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

# node-gyp: use the installed Node headers instead of downloading them;
# node-pty's install runs `npx node-gyp`, which must not prompt.
export npm_config_nodedir=/usr
export npm_config_yes=true
export npm_config_fund=false
export npm_config_audit=false
export npm_config_update_notifier=false

echo '{"name":"andon-ci-code-server","private":true}' > package.json
npm install --no-save --ignore-scripts "code-server@$version"
npm rebuild argon2

vscode_dir="$dir/node_modules/code-server/lib/vscode"
cd "$vscode_dir"
npm install --omit=dev --ignore-scripts
# @vscode/ripgrep downloads its binary unless bin/ already exists.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm install --omit=dev)

# npm 11 skips dependency install scripts unless a package is named, so
# check that the native modules the server needs were really built.
for module in \
  "$dir/node_modules/argon2/lib/binding/napi-v3/argon2.node" \
  "$vscode_dir/node_modules/node-pty/build/Release/pty.node" \
  "$vscode_dir/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
  "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"; do
  if [ ! -e "$module" ]; then
    echo "code-server install incomplete: $module missing" >&2
    exit 1
  fi
done

touch "$stamp"
echo "code-server $version installed in $dir"
