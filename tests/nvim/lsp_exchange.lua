-- The cic lsp exchange, scripted in headless Neovim with its built-in LSP client and the
-- documented configuration (editors/neovim/cic.lua). Run by tests/test_lsp_neovim.py, which reads
-- the environment below and asserts on the JSON this writes; every wait is bounded.
--   CIC_CONFIG     editors/neovim/cic.lua
--   CIC_PYTHON     the interpreter that runs `-m cicmaroc lsp`
--   CIC_WORKSPACE  a copy of a programme (its data/ folder inside)
--   CIC_COMMUNE    a commune id reported in data/monitoring/2019.yaml
--   CIC_RESULT     where the results go (JSON)

local ws = os.getenv("CIC_WORKSPACE")
local result = { steps = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv("CIC_RESULT"))
  vim.cmd("qa!")
end

local function step(name, ok)
  table.insert(result.steps, name .. (ok and "" or ": timed out"))
  if not ok then
    finish()
  end
end

local function code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function diagnostics(path, wanted)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(vim.uri_to_bufnr(vim.uri_from_fname(path)))) do
    if wanted == nil or code(d) == wanted then
      table.insert(found, { code = code(d), line = d.lnum, col = d.col, message = d.message })
    end
  end
  return found
end

local function line_of(buf, pattern)
  for i, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s, e = text:find(pattern)
    if s then
      return i - 1, s - 1, e
    end
  end
end

local function request(method, params)
  local answers = vim.lsp.buf_request_sync(0, method, params, 20000) or {}
  for _, answer in pairs(answers) do
    if answer.result then
      return answer.result
    end
  end
end

local function position(line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = line, character = character } }
end

vim.g.cic_lsp_cmd = { os.getenv("CIC_PYTHON"), "-m", "cicmaroc", "lsp" }
vim.g.cic_lang = "en"
dofile(os.getenv("CIC_CONFIG"))

local partner = ws .. "/data/partners/evere.yaml"
local budget = ws .. "/data/budget.yaml"
local monitoring = ws .. "/data/monitoring/2019.yaml"

-- 1. open a partner file: the server starts, and budget.yaml (never opened) gets its diagnostics
vim.cmd("edit " .. partner)
step("attached", vim.wait(20000, function() return #vim.lsp.buf_get_clients(0) > 0 end, 50))
step("budget diagnostics", vim.wait(30000, function() return #diagnostics(budget, "CIC201") > 0 end, 50))
result.before = diagnostics(budget, "CIC201")

-- 2. change Budget OS 1 in the buffer only (never saved): CIC201 moves on budget.yaml
local line = line_of(0, "^budget_os1: ")
vim.api.nvim_buf_set_lines(0, line, line + 1, false, { "budget_os1: 100000.00" })
step("CIC201 moved", vim.wait(30000, function()
  local now = diagnostics(budget, "CIC201")
  return #now > 0 and now[1].message ~= result.before[1].message
end, 50))
result.after = diagnostics(budget, "CIC201")
result.modified = vim.bo.modified

-- 3. hover, definition and completion on a commune id of the monitoring file
vim.cmd("edit " .. monitoring)
step("monitoring attached", vim.wait(20000, function() return #vim.lsp.buf_get_clients(0) > 0 end, 50))
local id = os.getenv("CIC_COMMUNE")
-- the key that opens its reports ("  ait-baha:" alone on its line), not its day under `received:`
local at, from = line_of(0, "^  " .. id:gsub("%-", "%%-") .. ":$")
step("monitoring checked", vim.wait(30000, function()
  return request("textDocument/hover", position(at, from + 3)) ~= nil
end, 100))
result.hover = request("textDocument/hover", position(at, from + 3)).contents.value
local definition = request("textDocument/definition", position(at, from + 3))
result.definition = definition[1] or definition
vim.api.nvim_buf_set_lines(0, at + 1, at + 1, false, { "    IOV 1: {" })
local offered = request("textDocument/completion", position(at + 1, 12)) or {}
result.completion = {}
for _, item in ipairs(offered.items or offered) do
  table.insert(result.completion, item.label)
end

-- 4. the waiver action on CIC201, applied by Neovim: CIC901 then asks for the reason
vim.cmd("edit " .. budget)
step("budget attached", vim.wait(20000, function() return #vim.lsp.buf_get_clients(0) > 0 end, 50))
step("budget published", vim.wait(30000, function() return #diagnostics(budget, "CIC201") > 0 end, 50))
local cic201 = diagnostics(budget, "CIC201")[1]
local actions = request("textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = { start = { line = cic201.line, character = 0 }, ["end"] = { line = cic201.line, character = 0 } },
  context = { diagnostics = {} },
}) or {}
result.actions = {}
for _, action in ipairs(actions) do
  table.insert(result.actions, action.title)
  if action.title:find("CIC201 with a waiver on this line", 1, true) then
    vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  end
end
result.waiver_line = vim.api.nvim_buf_get_lines(0, cic201.line, cic201.line + 1, false)[1]
step("CIC901", vim.wait(30000, function() return #diagnostics(budget, "CIC901") > 0 end, 50))
result.cic901 = diagnostics(budget, "CIC901")
result.cic201_line = cic201.line
finish()
