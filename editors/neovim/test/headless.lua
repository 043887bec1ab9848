-- Headless end-to-end test of the Neovim integration against the real
-- `andon` server, run by test/run.sh as
--   nvim --headless -u NONE -i NONE -n -c 'luafile test/headless.lua'
-- once per Neovim version.
--
-- Environment (set by run.sh):
--   ANDON_NVIM_DIR   editors/neovim, prepended to the runtimepath
--   ANDON_TEST_FILE  a Cargo.toml with a missing dependency path and a
--                    syntax error on another line
--   ANDON_TEST_MODE  'enable' (lsp/andon.lua + vim.lsp.enable, >= 0.11) or
--                    'module' (require('andon').setup())
--
-- `andon` must be on PATH: both ways start the default `{ 'andon', 'lsp' }`.
-- Exits 0 with a one-line summary, or non-zero (cquit) with the reason.
-- Every wait has a deadline; nothing sleeps and hopes.

local WAIT_MS = tonumber(vim.env.ANDON_TEST_WAIT_MS) or 15000

local version = vim.version()
local version_text = ('%d.%d.%d'):format(version.major, version.minor, version.patch)
local mode = vim.env.ANDON_TEST_MODE or 'module'
local label = ('nvim %s (%s)'):format(version_text, mode == 'enable' and 'lsp/andon.lua + vim.lsp.enable' or "require('andon').setup")

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local Failure = {}

local function fail(message)
  error(setmetatable({ message = message }, Failure), 0)
end

local function check(condition, message)
  if not condition then
    fail(message)
  end
end

local function wait_for(what, condition)
  local ok = vim.wait(WAIT_MS, condition, 20)
  check(ok, ('timed out after %d ms waiting for %s'):format(WAIT_MS, what))
end

local severity_names = { 'ERROR', 'WARN', 'INFO', 'HINT' }

local function describe(diagnostics)
  local lines = {}
  for _, d in ipairs(diagnostics) do
    table.insert(lines, ('    line %d col %d %s [%s] %s'):format(
      d.lnum + 1, d.col + 1, severity_names[d.severity] or tostring(d.severity),
      tostring(d.code), d.message))
  end
  return #lines > 0 and table.concat(lines, '\n') or '    (none)'
end

local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'andon' })
  end
  local found = {}
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'andon' then
      table.insert(found, client)
    end
  end
  return found
end

local function find_line(bufnr, needle)
  for index, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if text:find(needle, 1, true) then
      return index - 1
    end
  end
  fail(('test file has no line containing %q'):format(needle))
end

local function find_diagnostic(bufnr, code, lnum)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'andon' and d.code == code and d.lnum == lnum then
      return d
    end
  end
end

local function run()
  local plugin_dir = assert(vim.env.ANDON_NVIM_DIR, 'ANDON_NVIM_DIR is not set')
  local file = assert(vim.env.ANDON_TEST_FILE, 'ANDON_TEST_FILE is not set')
  vim.opt.runtimepath:prepend(plugin_dir)
  check(vim.fn.executable('andon') == 1, "'andon' is not on PATH")

  local andon = require('andon')
  local notes = {}

  if mode == 'enable' then
    check(vim.lsp.enable ~= nil and vim.lsp.config ~= nil,
      'this Neovim has no vim.lsp.enable/vim.lsp.config (needs >= 0.11)')
    -- lsp/andon.lua as nvim-lspconfig would take it: the command, the
    -- file types and the root markers, no handler outside the protocol.
    local shipped = dofile(plugin_dir .. '/lsp/andon.lua')
    local keys = vim.tbl_keys(shipped)
    table.sort(keys)
    check(table.concat(keys, ',') == 'cmd,filetypes,root_markers',
      ('lsp/andon.lua sets %s, expected cmd, filetypes, root_markers only'):format(table.concat(keys, ', ')))
    -- -u NONE loads no plugins: load ours as startup would.
    vim.cmd('runtime! plugin/andon.lua')
    local resolved = vim.lsp.config['andon']
    check(resolved and resolved.cmd and resolved.cmd[1] == 'andon',
      'vim.lsp.config.andon did not come from lsp/andon.lua on the runtimepath')
    check(resolved.handlers and resolved.handlers['andon/status'],
      'plugin/andon.lua did not add the andon/status handler to the andon config')
    vim.lsp.enable('andon')
  else
    andon.setup({})
  end

  -- -u NONE leaves filetype detection off: set it as detection would.
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.cmd('setlocal filetype=toml')

  wait_for('the andon client to attach', function()
    return #clients_of(bufnr) > 0
  end)
  local client = clients_of(bufnr)[1]
  local expected_root = vim.fn.fnamemodify(file, ':p:h')
  -- The module's root detection walks up to the nearest marker.
  local nested = expected_root .. '/src/bin/config.toml'
  check(andon.find_root(nested) == expected_root,
    ('find_root(%s) is %s, expected %s'):format(nested, andon.find_root(nested), expected_root))
  check(client.config.root_dir == expected_root,
    ('root_dir is %s, expected %s'):format(tostring(client.config.root_dir), expected_root))

  -- Diagnostics: lines found from the text, so the fixture can change.
  local path_line = find_line(bufnr, '"../nope"')
  local syntax_line = find_line(bufnr, '= =')
  local ok = vim.wait(WAIT_MS, function()
    return find_diagnostic(bufnr, 'path-missing', path_line) ~= nil
      and find_diagnostic(bufnr, 'syntax', syntax_line) ~= nil
  end, 20)
  if not ok then
    local missing = {}
    if not find_diagnostic(bufnr, 'path-missing', path_line) then
      table.insert(missing, ('path-missing on line %d'):format(path_line + 1))
    end
    if not find_diagnostic(bufnr, 'syntax', syntax_line) then
      table.insert(missing, ('syntax on line %d'):format(syntax_line + 1))
    end
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(seen, ('%s line %d'):format(tostring(d.code), d.lnum + 1))
    end
    fail(('no %s after %d ms (seen: %s)\n%s'):format(
      table.concat(missing, ' and no '), WAIT_MS,
      #seen > 0 and table.concat(seen, ', ') or 'none', describe(vim.diagnostic.get(bufnr))))
  end
  local path_diagnostic = find_diagnostic(bufnr, 'path-missing', path_line)
  local syntax_diagnostic = find_diagnostic(bufnr, 'syntax', syntax_line)
  local ERROR = vim.diagnostic.severity.ERROR
  check(path_diagnostic.severity == ERROR,
    ('path-missing has severity %s, expected ERROR'):format(severity_names[path_diagnostic.severity]))
  check(syntax_diagnostic.severity == ERROR,
    ('syntax has severity %s, expected ERROR'):format(severity_names[syntax_diagnostic.severity]))

  -- Status: the andon/status notification must arrive and agree with the
  -- diagnostics; the fallback count must render the same text.
  local counted
  wait_for('an andon/status notification matching the diagnostics', function()
    counted = andon.count_diagnostics()
    local board = andon.board()
    return board ~= nil and counted ~= nil and board.red == counted.red
      and board.yellow == counted.yellow and board.green == counted.green
      and board.files == 1
  end)
  local status = andon.status()
  local expected_status = andon.format(counted)
  check(status == expected_status,
    ('status() is %q, expected %q'):format(status, expected_status))
  check(status:find('^🔴 %d') ~= nil, ('status() is %q, expected it to start with 🔴'):format(status))
  -- The statusline expression the README documents renders the same.
  vim.o.laststatus = 2
  local rendered = vim.api.nvim_eval_statusline("%{v:lua.require'andon'.status()}", {}).str
  check(rendered == status, ('the statusline renders %q, status() is %q'):format(rendered, status))
  check(andon.format({ red = 0, yellow = 0, green = 0, files = 1 }) == '🟢 0', 'all-clear is not 🟢 0')
  check(andon.format({ red = 0, yellow = 0, green = 0, files = 0 }) == '', 'no files is not empty')

  -- Code actions go through the user's path: the cursor on the finding,
  -- vim.lsp.buf.code_action(), the choice made in vim.ui.select (a
  -- preferred quickfix, else any quickfix, else the first). Returns the
  -- chosen title and how many were offered, once the edit has landed.
  local tree_root = vim.fn.fnamemodify(file, ':p:h:h')
  local function tree()
    return table.concat(vim.fn.globpath(tree_root, '**', true, true), '\n')
  end
  local function apply_code_action(diagnostic)
    vim.api.nvim_win_set_cursor(0, { diagnostic.lnum + 1, diagnostic.col })
    local offered, chosen = nil, nil
    local notices = {}
    local notify, select = vim.notify, vim.ui.select
    vim.notify = function(message, ...)
      table.insert(notices, tostring(message))
      return notify(message, ...)
    end
    vim.ui.select = function(items, _, on_choice)
      offered = {}
      local pick, rank = nil, 0
      for index, item in ipairs(items) do
        -- 0.7 passes { client_id, action }, 0.11 { action = ..., ctx = ... }.
        local action = item.action or item[2]
        table.insert(offered, action.title)
        local quickfix = type(action.kind) == 'string' and action.kind:find('^quickfix') ~= nil
        local this_rank = (quickfix and action.isPreferred) and 3 or quickfix and 2 or 1
        if this_rank > rank then
          pick, rank = { item = item, index = index, action = action }, this_rank
        end
      end
      chosen = pick and pick.action
      on_choice(pick and pick.item, pick and pick.index)
    end
    local tick = vim.api.nvim_buf_get_changedtick(bufnr)
    -- A fix may only create files (CreateFile): compare the workspace too.
    local tree_before = tree()
    vim.lsp.buf.code_action()
    local answered = vim.wait(WAIT_MS, function()
      return offered ~= nil or #notices > 0
    end, 20)
    vim.ui.select, vim.notify = select, notify
    check(answered, ('no answer to textDocument/codeAction at %s'):format(diagnostic.code))
    check(chosen ~= nil, ('the server advertises codeActionProvider but offered no code action at %s (line %d): %s')
      :format(diagnostic.code, diagnostic.lnum + 1, table.concat(notices, '; ')))
    wait_for(('the code action %q to take effect'):format(chosen.title), function()
      return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick or tree() ~= tree_before
    end)
    return chosen.title, #offered
  end

  -- The board follows every change: wait until the notification agrees
  -- with the diagnostics again, then check the rendered text.
  local function status_following(what, condition)
    wait_for(what, function()
      counted = andon.count_diagnostics()
      local board = andon.board()
      return condition() and board ~= nil and counted ~= nil and board.red == counted.red
        and board.yellow == counted.yellow and board.green == counted.green
    end)
    local text = andon.status()
    check(text == andon.format(counted),
      ('after %s status() is %q, expected %q'):format(what, text, andon.format(counted)))
    return text
  end

  -- 1. The syntax error: a code action (a real repair) when the server has
  -- them, else an edit by hand. Either way an incremental change.
  local has_code_actions = client.server_capabilities.codeActionProvider
  local red_before = counted.red
  local syntax_fix
  if has_code_actions then
    local title, offered = apply_code_action(syntax_diagnostic)
    syntax_fix = ('code action %q of %d'):format(title, offered)
  else
    out(label .. ': SKIP code actions: the server does not advertise codeActionProvider')
    vim.api.nvim_buf_set_lines(bufnr, syntax_line, syntax_line + 1, false, { 'default = []' })
    syntax_fix = 'an edit by hand'
  end
  local status_after_syntax = status_following('the syntax fix', function()
    return find_diagnostic(bufnr, 'syntax', syntax_line) == nil
      and find_diagnostic(bufnr, 'path-missing', path_line) ~= nil
      and counted ~= nil and counted.red < red_before
  end)
  local story = ('status %q, %q after fixing the syntax with %s'):format(status, status_after_syntax, syntax_fix)

  -- 2. The missing path: a code action again.
  if has_code_actions then
    local title, offered = apply_code_action(find_diagnostic(bufnr, 'path-missing', path_line))
    local fixed = vim.wait(WAIT_MS, function()
      return find_diagnostic(bufnr, 'path-missing', path_line) == nil
    end, 20)
    if fixed then
      local status_after_path = status_following('the path fix', function()
        return true
      end)
      if counted.red + counted.yellow + counted.green == 0 then
        check(status_after_path == '🟢 0', ('all clear, but status() is %q'):format(status_after_path))
      end
      story = ('%s, %q after code action %q of %d'):format(story, status_after_path, title, offered)
    else
      story = ('%s; applied code action %q of %d at path-missing'):format(story, title, offered)
      table.insert(notes, 'path-missing still reported after its code action')
    end
  else
    story = story .. '; code actions: SKIP (no codeActionProvider)'
  end

  return ('%s: OK: path-missing line %d ERROR, syntax line %d ERROR; %s%s'):format(
    label, path_line + 1, syntax_line + 1, story,
    #notes > 0 and ('; NOTE ' .. table.concat(notes, '; ')) or '')
end

local ok, result = xpcall(run, function(err)
  if getmetatable(err) == Failure then
    return err
  end
  return debug.traceback(tostring(err), 2)
end)
if ok then
  out(result)
  vim.cmd('qall!')
else
  local message = getmetatable(result) == Failure and result.message or ('error: ' .. tostring(result))
  out(label .. ': FAIL: ' .. message)
  vim.cmd('cquit 1')
end
