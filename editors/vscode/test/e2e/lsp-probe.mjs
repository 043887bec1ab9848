// Asks the real server, directly over stdio, what it offers today, so the
// end-to-end test can assert what VS Code must show instead of guessing.
//
// It runs `andon lsp --stdio`, sends `initialize`, opens each given
// document, collects the first `publishDiagnostics` for each, then shuts the
// server down. The result names the server's capabilities, the findings it
// reported per document and, when it offers code actions, the titles of its
// quick fixes per finding and of its fix-all action per document. This is
// not a mock: it is the same binary VS Code starts, spoken to by a small
// client.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * @param {string} binary the `andon` binary
 * @param {{ path: string, text: string }[]} documents
 * @param {number} timeoutMs deadline for the whole exchange
 */
export async function probeServer(binary, documents, timeoutMs = 15000) {
  const child = spawn(binary, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // A server that exits early makes writes fail with EPIPE; the exit itself
  // is what gets reported (see withDeadline).
  child.stdin.on('error', () => {});
  const spawnFailed = new Promise((_, reject) =>
    child.on('error', (error) => reject(new Error(`server probe: cannot run ${binary}: ${error.message}`))),
  );

  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const diagnostics = new Map();
  const waiters = [];

  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ id, method, params });
    });

  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const match = /Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'));
      if (!match) throw new Error(`bad header from server: ${buffer.subarray(0, headerEnd)}`);
      const length = Number(match[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      buffer = buffer.subarray(headerEnd + 4 + length);
      handle(message);
    }
  });

  function handle(message) {
    if (message.id !== undefined && message.method === undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(JSON.stringify(message.error)));
      else waiter?.resolve(message.result);
    } else if (message.id !== undefined) {
      // A request from the server (registerCapability, configuration, …):
      // answer it, as a real client must.
      const result = message.method === 'workspace/configuration' ? (message.params?.items ?? []).map(() => null) : null;
      send({ id: message.id, result });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      diagnostics.set(message.params.uri, message.params.diagnostics);
      for (const waiter of waiters.splice(0)) waiter();
    }
  }

  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + timeoutMs;
  const withDeadline = (promise, what) =>
    Promise.race([
      promise,
      spawnFailed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`server probe: ${what} timed out; stderr:\n${stderr}`)), Math.max(0, deadline - Date.now())),
      ),
      exited.then((code) => {
        throw new Error(`server probe: server exited (${code}) during ${what}; stderr:\n${stderr}`);
      }),
    ]);

  try {
    const initialize = await withDeadline(
      request('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {
          textDocument: {
            publishDiagnostics: { relatedInformation: true },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          },
        },
      }),
      'initialize',
    );
    send({ method: 'initialized', params: {} });
    const uris = documents.map((document) => pathToFileURL(document.path).href);
    documents.forEach((document, index) => {
      send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri: uris[index], languageId: 'toml', version: 1, text: document.text } },
      });
    });
    await withDeadline(
      (async () => {
        while (!uris.every((uri) => diagnostics.has(uri))) {
          await new Promise((resolve) => waiters.push(resolve));
        }
      })(),
      'waiting for diagnostics',
    );
    // Code actions, only when the server offers them: one quick-fix request
    // per finding (at its range) and one fix-all request per document.
    const actions = {};
    if (initialize.capabilities?.codeActionProvider) {
      for (const [index, document] of documents.entries()) {
        const uri = uris[index];
        const found = diagnostics.get(uri) ?? [];
        const quickFixes = [];
        for (const diagnostic of found) {
          const result = await withDeadline(
            request('textDocument/codeAction', {
              textDocument: { uri },
              range: diagnostic.range,
              context: { diagnostics: [diagnostic], only: ['quickfix'], triggerKind: 1 },
            }),
            'textDocument/codeAction (quickfix)',
          );
          quickFixes.push({ message: diagnostic.message, range: diagnostic.range, titles: (result ?? []).map((action) => action.title) });
        }
        const fixAll = await withDeadline(
          request('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            context: { diagnostics: found, only: ['source.fixAll.andon'], triggerKind: 1 },
          }),
          'textDocument/codeAction (source.fixAll.andon)',
        );
        actions[document.path] = { quickFixes, fixAll: (fixAll ?? []).map((action) => action.title) };
      }
    }
    await withDeadline(request('shutdown', null), 'shutdown');
    send({ method: 'exit' });
    return {
      serverInfo: initialize.serverInfo,
      capabilities: initialize.capabilities,
      codes: Object.fromEntries(
        documents.map((document, index) => [
          document.path,
          (diagnostics.get(uris[index]) ?? []).map((diagnostic) => ({
            code: diagnostic.code,
            severity: diagnostic.severity,
            message: diagnostic.message,
            range: diagnostic.range,
          })),
        ]),
      ),
      actions,
    };
  } finally {
    setTimeout(() => child.kill(), 2000).unref();
  }
}
