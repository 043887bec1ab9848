---@brief
---
--- Andon: a TOML language server and checker. It reports syntax errors,
--- duplicate keys, file paths that point nowhere and keys a known tool
--- (Cargo, pyproject) will ignore, each with an Andon level: red (error),
--- yellow (warning), green (information).
---
--- Install the server from a checkout of the Andon repository:
--- ```sh
--- cargo install --path .
--- ```
---
--- Rule levels live in the project's `andon.toml`, shared with `andon check`
--- and every editor. Editor-side overrides go in `settings.andon`, e.g.
--- `{ andon = { rules = { ['unknown-key'] = 'off' } } }`.
---
--- The server sends `andon/status` (`{ red, yellow, green, files }` over the
--- open documents) whenever those totals change. The handler below hands it
--- to `require('andon')` when that module is installed (it gives
--- `require('andon').status()` for a statusline); either way it fires
--- `User AndonStatus` with the totals and `client_id` as `data`.
---@type vim.lsp.Config
return {
  cmd = { 'andon', 'lsp' },
  filetypes = { 'toml' },
  root_markers = { 'andon.toml', 'Cargo.toml', 'pyproject.toml', '.git' },
  handlers = {
    ['andon/status'] = function(err, result, ctx)
      local ok, andon = pcall(require, 'andon')
      if ok and type(andon) == 'table' and andon.on_status then
        return andon.on_status(err, result, ctx)
      end
      if err or type(result) ~= 'table' then
        return
      end
      vim.schedule(function()
        vim.api.nvim_exec_autocmds('User', {
          pattern = 'AndonStatus',
          modeline = false,
          data = vim.tbl_extend('force', { client_id = ctx.client_id }, result),
        })
      end)
    end,
  },
}
