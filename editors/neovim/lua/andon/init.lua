--- Neovim glue for the Andon TOML language server (`andon lsp`).
---
--- Two jobs: start and attach the client on Neovim 0.7–0.10, where there is
--- no `vim.lsp.config`/`vim.lsp.enable` (`setup`), and keep the Andon board
--- for a statusline (`status`), fed by the server's `andon/status`
--- notification. On Neovim >= 0.11 `lsp/andon.lua` is the way to start the
--- client; `plugin/andon.lua` gives that config the `andon/status` handler
--- (`M.handlers`) that lands here.
---
--- Invariant: `status()` never errors and never blocks: it is called on every
--- statusline redraw. It reads only what is already in memory.
---
--- Deliberately not here: settings of our own. Rule levels live in
--- `andon.toml`, so the CLI, CI and every editor agree; `settings` and
--- `init_options` are passed through to the server untouched.
local M = {}

--- Directories holding one of these are a workspace root; the nearest one
--- up from the file wins, as with `root_markers` on Neovim >= 0.11.
M.root_markers = { 'andon.toml', 'Cargo.toml', 'pyproject.toml', '.git' }

local default_icons = { red = '🔴', yellow = '🟡', green = '🟢' }

--- The latest `andon/status` per client id: { red, yellow, green, files }.
local boards = {}

--- What `setup` was given, with defaults filled in.
local config = nil

--- Clients started by `setup` on Neovim 0.7, by root directory (later
--- versions let `vim.lsp.start` find a client to reuse).
local clients_by_root = {}

local function get_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = 'andon' })
  end
  local found = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == 'andon' then
      table.insert(found, client)
    end
  end
  return found
end

local has_autocmd_data = vim.fn.has('nvim-0.8') == 1

local function announce(board, client_id)
  -- Deferred to the main loop: the handler returns at once, and the redraw
  -- and the listeners see the board already recorded.
  vim.schedule(function()
    pcall(vim.cmd, 'redrawstatus!')
    local opts = { pattern = 'AndonStatus', modeline = false }
    if has_autocmd_data then
      opts.data = vim.tbl_extend('force', { client_id = client_id }, board)
    end
    pcall(vim.api.nvim_exec_autocmds, 'User', opts)
  end)
end

--- Handler for the `andon/status` notification:
--- `{ red = R, yellow = Y, green = G, files = N }` over the open documents.
--- Redraws the statusline and fires `User AndonStatus` (with the totals and
--- `client_id` as `data` on Neovim >= 0.8).
function M.on_status(err, result, ctx)
  if err or type(result) ~= 'table' or not ctx or not ctx.client_id then
    return
  end
  boards[ctx.client_id] = {
    red = tonumber(result.red) or 0,
    yellow = tonumber(result.yellow) or 0,
    green = tonumber(result.green) or 0,
    files = tonumber(result.files) or 0,
  }
  announce(boards[ctx.client_id], ctx.client_id)
end

--- Handlers to give the client; `setup`'s `handlers` option wins over them.
M.handlers = {
  ['andon/status'] = function(...)
    return M.on_status(...)
  end,
}

--- Totals from the latest `andon/status` of each running client, or nil
--- when no running client has sent one.
function M.board()
  local totals, seen = { red = 0, yellow = 0, green = 0, files = 0 }, false
  for client_id, board in pairs(boards) do
    if vim.lsp.get_client_by_id(client_id) then
      seen = true
      for colour, count in pairs(board) do
        totals[colour] = totals[colour] + count
      end
    else
      boards[client_id] = nil
    end
  end
  return seen and totals or nil
end

--- Totals counted from `vim.diagnostic` (source `andon`), for when no
--- notification has arrived. `files` counts the buffers an andon client is
--- attached to. Nil when there is neither a client nor a finding.
function M.count_diagnostics()
  local totals = { red = 0, yellow = 0, green = 0, files = 0 }
  local severity = vim.diagnostic.severity
  local seen = false
  for _, diagnostic in ipairs(vim.diagnostic.get(nil)) do
    if diagnostic.source == 'andon' then
      seen = true
      if diagnostic.severity == severity.ERROR then
        totals.red = totals.red + 1
      elseif diagnostic.severity == severity.WARN then
        totals.yellow = totals.yellow + 1
      elseif diagnostic.severity == severity.INFO then
        totals.green = totals.green + 1
      end
    end
  end
  local clients = get_clients()
  if #clients > 0 then
    seen = true
    local attached = {}
    for _, client in ipairs(clients) do
      local buffers = vim.lsp.get_buffers_by_client_id(client.id) or {}
      for _, bufnr in ipairs(buffers) do
        attached[bufnr] = true
      end
    end
    totals.files = vim.tbl_count(attached)
  end
  return seen and totals or nil
end

--- Renders totals: only the colours with findings, e.g. `🔴 2 🟡 1`;
--- `🟢 0` when documents are open and nothing is found; `''` when there is
--- nothing to show. `icons` replaces the emoji, e.g. `{ red = 'E' }`.
function M.format(totals, icons)
  if not totals then
    return ''
  end
  icons = vim.tbl_extend('force', default_icons, icons or {})
  local parts = {}
  for _, colour in ipairs({ 'red', 'yellow', 'green' }) do
    local count = totals[colour] or 0
    if count > 0 then
      table.insert(parts, icons[colour] .. ' ' .. count)
    end
  end
  if #parts == 0 then
    if (totals.files or 0) == 0 then
      return ''
    end
    return icons.green .. ' 0'
  end
  return table.concat(parts, ' ')
end

--- The statusline component: the Andon board for the open TOML documents.
--- `opts.icons` overrides the emoji (see `format`).
function M.status(opts)
  local ok, text = pcall(function()
    return M.format(M.board() or M.count_diagnostics(), opts and opts.icons)
  end)
  return ok and text or ''
end

--- The nearest directory, going up from `path`, that holds one of
--- `markers`; the file's own directory when none does.
function M.find_root(path, markers)
  markers = markers or M.root_markers
  local start = vim.fn.fnamemodify(path, ':p:h')
  local directory = start
  while true do
    for _, marker in ipairs(markers) do
      if (vim.uv or vim.loop).fs_stat(directory .. '/' .. marker) then
        return directory
      end
    end
    local parent = vim.fn.fnamemodify(directory, ':h')
    if parent == directory then
      return start
    end
    directory = parent
  end
end

local warned_missing = false

--- Starts (or reuses) the client for the buffer's root and attaches it.
function M.attach(bufnr)
  if not config then
    return
  end
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or vim.bo[bufnr].buftype ~= '' then
    return
  end
  if vim.fn.executable(config.cmd[1]) == 0 then
    if not warned_missing then
      warned_missing = true
      vim.notify(
        ("andon: '%s' not found; install it with `pipx install andon-toml` or "
          .. '`cargo install --locked andon`, or pass `cmd` to require("andon").setup()'):format(config.cmd[1]),
        vim.log.levels.WARN
      )
    end
    return
  end
  local root = M.find_root(name, config.root_markers)
  local client_config = {
    name = 'andon',
    cmd = config.cmd,
    root_dir = root,
    settings = config.settings,
    init_options = config.init_options,
    capabilities = config.capabilities,
    handlers = vim.tbl_extend('force', {}, M.handlers, config.handlers or {}),
    on_attach = config.on_attach,
  }
  if vim.lsp.start then
    -- 0.8 attaches the current buffer and has no `bufnr` option; later
    -- versions take it. Making the buffer current covers both.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(client_config, { bufnr = bufnr })
    end)
    return
  end
  local client_id = clients_by_root[root]
  if not (client_id and vim.lsp.get_client_by_id(client_id)) then
    client_id = vim.lsp.start_client(client_config)
    clients_by_root[root] = client_id
  end
  if client_id then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
end

--- Starts the client on TOML buffers (Neovim 0.7–0.10; works on later
--- versions too, but there `vim.lsp.enable('andon')` is the native way).
---
--- opts (all optional):
---   cmd           command list, default `{ 'andon', 'lsp' }`
---   filetypes     default `{ 'toml' }`
---   root_markers  default `M.root_markers`
---   settings      served to `workspace/configuration`, e.g.
---                 `{ andon = { rules = { ['unknown-key'] = 'off' } } }`
---   init_options  sent as `initializationOptions`, e.g. `{ rules = { ... } }`
---   on_attach     `function(client, bufnr)`
---   capabilities  client capabilities (e.g. from nvim-cmp)
---   handlers      extra handlers, merged over ours
function M.setup(opts)
  opts = opts or {}
  config = {
    cmd = opts.cmd or { 'andon', 'lsp' },
    filetypes = opts.filetypes or { 'toml' },
    root_markers = opts.root_markers or M.root_markers,
    settings = opts.settings,
    init_options = opts.init_options,
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
    handlers = opts.handlers,
  }
  warned_missing = false
  local group = vim.api.nvim_create_augroup('andon', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = 'Start the Andon language server',
  })
  -- TOML buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr)
      and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype)
    then
      M.attach(bufnr)
    end
  end
end

return M
