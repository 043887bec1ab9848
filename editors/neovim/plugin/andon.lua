-- Neovim >= 0.11: hands the server's `andon/status` notification (the board
-- of open documents) to `require('andon')`, for its statusline component
-- and the `User AndonStatus` event. lsp/andon.lua stays what nvim-lspconfig
-- takes (no handler outside the protocol); this adds the handler to that
-- config wherever it comes from, this folder or nvim-lspconfig.
if vim.lsp.config then
  vim.lsp.config('andon', { handlers = require('andon').handlers })
end
