// The VS Code client of `cic lsp`: it starts the server over stdio and hands it the data files.
// Everything else (diagnostics, hover, definitions, completion, code actions) is the server's.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("cic");
  const [command, ...args] = settings.get("command", ["cic", "lsp"]);
  const patterns = settings.get("files", ["**/data/*.{yaml,yml}", "**/data/*/*.{yaml,yml}"]);
  client = new LanguageClient(
    "cic",
    "cic",
    // TransportKind.stdio: the client adds --stdio, which cic lsp accepts.
    { command, args, transport: TransportKind.stdio },
    {
      // the file associations: YAML files of a data folder (saved or not yet)
      documentSelector: patterns.flatMap((pattern) => [
        { scheme: "file", language: "yaml", pattern },
        { scheme: "untitled", language: "yaml", pattern },
      ]),
      // files changed outside the editor (git checkout, cic fmt): checked again
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml,toml}") },
      initializationOptions: { lang: settings.get("lang") },
    },
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("cic.lang") && client) {
        client.sendNotification("workspace/didChangeConfiguration", {
          settings: { cic: { lang: vscode.workspace.getConfiguration("cic").get("lang") } },
        });
      }
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
