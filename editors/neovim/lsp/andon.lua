---@brief
---
--- Andon: a TOML language server and checker. It reports syntax errors,
--- duplicate keys and tables, file paths that point nowhere and keys a
--- known tool (Cargo, pyproject) will ignore, each with its quick fixes.
---
--- Install the server (the `andon` command) from PyPI or crates.io:
--- ```sh
--- pipx install andon-toml       # or: uv tool install andon-toml
--- cargo install --locked andon
--- ```
---
--- Rule levels live in the project's `andon.toml`, shared with `andon check`
--- and every editor; `settings.andon` overrides them for this editor, e.g.
--- `{ andon = { rules = { ['unknown-key'] = 'off' } } }`.
---@type vim.lsp.Config
return {
  cmd = { 'andon', 'lsp' },
  filetypes = { 'toml' },
  root_markers = { 'andon.toml', 'Cargo.toml', 'pyproject.toml', '.git' },
}
