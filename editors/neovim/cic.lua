-- cic lsp in Neovim (0.7 or later), with Neovim's built-in LSP client; no plugin needed.
--
-- Copy this file to ~/.config/nvim/plugin/cic.lua (or `dofile` it from your init.lua). Opening a
-- YAML file of a programme's data folder (a folder named `data`, or one holding logframe.yaml, and
-- its partners/, monitoring/ ... folders) starts `cic lsp` once per repository and attaches it.
-- Settings, before this file runs:
--   vim.g.cic_lsp_cmd = { "cic", "lsp" }   -- the command (e.g. a virtual environment's cic)
--   vim.g.cic_lang = "fr"                  -- the language of the messages: fr, nl or en
--                                          -- (default: lang in cic.toml, else $LANG, else en)
-- Then: diagnostics as you type (:lua vim.diagnostic.setqflist() lists them all), K for hover,
-- gd for the definition, gr for the references, completion with <C-x><C-o> (omnifunc), and
-- <leader>a for the code actions (a waiver for the finding under the cursor, cic fmt's layout).

local function data_folder(file)
  local folder = vim.fn.fnamemodify(file, ":p:h")
  for _ = 1, 2 do -- the file's own folder, or the one above it (data/partners/x.yaml)
    if vim.fn.fnamemodify(folder, ":t") == "data" or vim.fn.filereadable(folder .. "/logframe.yaml") == 1 then
      return folder
    end
    folder = vim.fn.fnamemodify(folder, ":h")
  end
  return nil
end

local clients = {} -- one server per repository (the folder holding the data folder)

vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  group = vim.api.nvim_create_augroup("cic_lsp", { clear = true }),
  callback = function(args)
    local data = data_folder(vim.api.nvim_buf_get_name(args.buf))
    if data == nil then
      return
    end
    local root = vim.fn.fnamemodify(data, ":h")
    if clients[root] == nil or vim.lsp.get_client_by_id(clients[root]) == nil then
      clients[root] = vim.lsp.start_client({
        name = "cic",
        cmd = vim.g.cic_lsp_cmd or { "cic", "lsp" },
        root_dir = root,
        workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
        init_options = { lang = vim.g.cic_lang },
      })
    end
    vim.lsp.buf_attach_client(args.buf, clients[root])
    vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc"
    local map = { buffer = args.buf, silent = true }
    vim.keymap.set("n", "K", vim.lsp.buf.hover, map)
    vim.keymap.set("n", "gd", vim.lsp.buf.definition, map)
    vim.keymap.set("n", "gr", vim.lsp.buf.references, map)
    vim.keymap.set("n", "<leader>a", vim.lsp.buf.code_action, map)
  end,
})
