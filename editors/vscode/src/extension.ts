/**
 * The VS Code side of Andon: a thin client of `andon lsp`.
 *
 * It finds the server (discovery.ts), starts it over stdio for TOML
 * documents, forwards the `andon` settings section on change, shows the
 * `andon/status` totals as a status light (status.ts), and offers three
 * commands. Everything a rule decides — levels, paths, fixes — comes from
 * the server and `andon.toml`; nothing here judges a document, so the CLI,
 * CI and every editor agree.
 *
 * Invariant: at most one client runs at a time. Every start and stop goes
 * through `restartLock`, so a settings change racing the restart command
 * cannot leave two servers behind.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

import { discoverServer, SERVER_PATH_SETTING } from './discovery';
import { formatStarting, formatStatus, formatStopped, parseStatus, type StatusView } from './status';

const CLIENT_ID = 'andon';
const CLIENT_NAME = 'Andon';
const FIX_ALL_KIND = 'source.fixAll.andon';

let client: LanguageClient | undefined;
let outputChannel: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let restartLock: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  statusItem = vscode.window.createStatusBarItem('andon.status', vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'Andon status light';
  context.subscriptions.push(outputChannel, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('andon.restartServer', () => restart(context)),
    vscode.commands.registerCommand('andon.showOutput', () => outputChannel.show(true)),
    vscode.commands.registerCommand('andon.fixAllInFile', fixAllInFile),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The rest of the `andon` section reaches the running server through
      // `workspace/didChangeConfiguration`; these two decide which process
      // runs, so they need a new one.
      if (
        event.affectsConfiguration('andon.server.path') ||
        event.affectsConfiguration('andon.server.extraArgs')
      ) {
        void restart(context);
      }
    }),
  );

  await restart(context);
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await stopClient(running);
}

function restart(context: vscode.ExtensionContext): Promise<void> {
  // Detach the running client at once, before any await: its own listeners
  // (status, configuration forwarding) check `client === started` and go
  // quiet while it stops.
  const previous = client;
  client = undefined;
  restartLock = restartLock.then(async () => {
    // `client` may hold one started by a restart queued before this one.
    const running = [previous, client];
    client = undefined;
    for (const stale of new Set(running)) {
      await stopClient(stale);
    }
    await startClient(context);
  });
  return restartLock;
}

async function stopClient(stale: LanguageClient | undefined): Promise<void> {
  if (!stale) {
    return;
  }
  try {
    await stale.stop(2000);
  } catch (error) {
    logError(`Stopping the server failed: ${String(error)}`);
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('andon');
  const discovery = discoverServer({
    settingPath: configuration.get<string>('server.path'),
    env: process.env,
    extensionPath: context.extensionPath,
    platform: process.platform,
    homeDir: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutableFile,
  });

  if (discovery.kind !== 'found') {
    if (discovery.kind === 'not-found') {
      logError(`Server not found. Searched: ${discovery.searched.join('; ')}.`);
    }
    logError(discovery.message);
    showStatus(formatStopped(discovery.message), 'andon.showOutput');
    void vscode.window
      .showErrorMessage(discovery.message, 'Open Setting')
      .then((choice) => {
        if (choice === 'Open Setting') {
          void openServerPathSetting();
        }
      });
    return;
  }

  const extraArgs = configuration.get<string[]>('server.extraArgs') ?? [];
  log(`Starting ${discovery.path} (from ${discovery.source}) with arguments: ${['lsp', ...extraArgs, '--stdio'].join(' ')}`);

  // TransportKind.stdio appends `--stdio`, which `andon lsp` accepts.
  const serverOptions: ServerOptions = {
    command: discovery.path,
    args: ['lsp', ...extraArgs],
    transport: TransportKind.stdio,
    options: { env: process.env },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'toml', scheme: 'file' },
      { language: 'toml', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'andon' },
    middleware: {
      workspace: {
        // A change to `andon.server.*` replaces this client (see activate);
        // forwarding the change to the one being stopped would fail with an
        // error toast. The next client sends the whole section as it starts.
        didChangeConfiguration: async (sections, next) => {
          if (client === started && started.isRunning()) {
            await next(sections);
            log('Sent the andon settings to the server (workspace/didChangeConfiguration).');
          }
        },
      },
    },
    outputChannel,
    traceOutputChannel: outputChannel,
  };

  const started = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = started;
  showStatus(formatStarting(), 'workbench.actions.view.problems');

  started.onDidChangeState((event) => {
    if (event.newState === State.Stopped && client === started) {
      showStatus(formatStopped('It stopped; see the output.'), 'andon.showOutput');
    }
  });
  let statusReceived = false;
  started.onNotification('andon/status', (params: unknown) => {
    statusReceived = true;
    const status = parseStatus(params);
    if (status === undefined) {
      logError(`Ignoring a malformed andon/status: ${JSON.stringify(params)}`);
      return;
    }
    if (client === started) {
      showStatus(formatStatus(status), 'workbench.actions.view.problems');
    }
  });

  try {
    await started.start();
    // The server sends `andon/status` only when its totals change, so with
    // no TOML file open nothing arrives: show the empty board. With files
    // open, keep "starting" until the real totals come, rather than flash
    // a green light before anything was checked.
    const tomlOpen = vscode.workspace.textDocuments.some((document) => document.languageId === 'toml');
    if (!statusReceived && !tomlOpen && client === started) {
      showStatus(formatStatus({ red: 0, yellow: 0, green: 0, files: 0 }), 'workbench.actions.view.problems');
    }
  } catch (error) {
    const message = `The Andon language server (${discovery.path}) failed to start: ${String(error)}`;
    logError(message);
    if (client === started) {
      client = undefined;
      showStatus(formatStopped(message), 'andon.showOutput');
    }
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') {
        outputChannel.show(true);
      }
    });
  }
}

async function fixAllInFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'toml') {
    void vscode.window.showInformationMessage('Andon: open a TOML file to fix.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.sourceAction', {
    kind: FIX_ALL_KIND,
    apply: 'first',
  });
}

/**
 * Opens the settings editor at `andon.server.path`. The setting names a file
 * on the machine that runs the extension (scope machine-overridable), so in
 * a remote window (code-server, SSH, containers) it lives in the remote
 * settings, and the user settings tab would show nothing.
 */
async function openServerPathSetting(): Promise<void> {
  const command = vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
  await vscode.commands.executeCommand(command, { query: SERVER_PATH_SETTING });
}

function showStatus(view: StatusView, command: string): void {
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
  statusItem.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
  statusItem.command = command;
  statusItem.show();
}

function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(candidate, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function log(message: string): void {
  outputChannel.info(message);
}

function logError(message: string): void {
  outputChannel.error(message);
}
