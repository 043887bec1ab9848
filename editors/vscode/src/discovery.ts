/**
 * Finding the `andon` binary the extension starts as its language server.
 *
 * The order is the contract, written once here and in the README:
 *
 *   1. the setting `andon.server.path`;
 *   2. the environment variable `ANDON_SERVER_PATH`;
 *   3. a binary bundled in the extension's `server/` folder;
 *   4. `andon` on `PATH`.
 *
 * An explicit choice (1 or 2) that points at nothing is an error, not a
 * reason to fall through: a user who names a binary and silently gets
 * another one would debug the wrong server. Only the implicit places (3, 4)
 * are searched.
 *
 * Invariant: this module is pure. It never imports `vscode` and never
 * touches the file system itself; the caller injects `isExecutableFile`, so
 * the unit tests run under plain `node --test` with a virtual file tree.
 */

import * as path from 'node:path';

/** Where the binary came from, for the log and for error messages. */
export type ServerSource = 'setting' | 'environment' | 'bundled' | 'path';

export interface DiscoveryInput {
  /** The value of `andon.server.path` (empty or undefined when unset). */
  readonly settingPath?: string | undefined;
  /** The extension host's environment (for `ANDON_SERVER_PATH` and `PATH`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The extension's install folder; the bundled binary is `server/andon`. */
  readonly extensionPath: string;
  /** `process.platform`; decides `andon.exe`, `;` and path syntax. */
  readonly platform: NodeJS.Platform;
  /** The user's home folder, for a leading `~` in the setting. */
  readonly homeDir?: string | undefined;
  /** The first workspace folder, to resolve a relative setting against. */
  readonly workspaceFolder?: string | undefined;
  /** True when `candidate` is a regular file the user may execute. */
  readonly isExecutableFile: (candidate: string) => boolean;
}

export type DiscoveryResult =
  | { readonly kind: 'found'; readonly path: string; readonly source: ServerSource }
  | {
      /** An explicit setting or variable names a path that is not a binary. */
      readonly kind: 'invalid';
      readonly source: 'setting' | 'environment';
      readonly path: string;
      readonly message: string;
    }
  | {
      /** Nothing explicit, nothing bundled, nothing on `PATH`. */
      readonly kind: 'not-found';
      /** Every place looked at, in order, for the error message and the log. */
      readonly searched: readonly string[];
      readonly message: string;
    };

export const SERVER_PATH_SETTING = 'andon.server.path';
/**
 * The ways to get the server, for a package without one inside: the
 * platform package carries it; the wheel and the crate install it with one
 * command (the repository README's "Install").
 */
export const INSTALL_HINT =
  'Install the Andon extension package for your platform, which carries the server, ' +
  'or install the server with `pipx install andon-toml` (or `cargo install --locked andon`).';
export const SERVER_PATH_ENV = 'ANDON_SERVER_PATH';

/** `andon`, or `andon.exe` on Windows. */
export function serverBinaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'andon.exe' : 'andon';
}

/** Resolves the server binary in the documented order. */
export function discoverServer(input: DiscoveryInput): DiscoveryResult {
  const paths = input.platform === 'win32' ? path.win32 : path.posix;
  const searched: string[] = [];

  const setting = input.settingPath?.trim();
  if (setting) {
    const resolved = resolveUserPath(setting, input, paths);
    if (input.isExecutableFile(resolved)) {
      return { kind: 'found', path: resolved, source: 'setting' };
    }
    return {
      kind: 'invalid',
      source: 'setting',
      path: resolved,
      message: `The setting ${SERVER_PATH_SETTING} is "${setting}", but ${resolved} is not an executable file.`,
    };
  }
  searched.push(`setting ${SERVER_PATH_SETTING} (unset)`);

  const fromEnv = input.env[SERVER_PATH_ENV]?.trim();
  if (fromEnv) {
    const resolved = resolveUserPath(fromEnv, input, paths);
    if (input.isExecutableFile(resolved)) {
      return { kind: 'found', path: resolved, source: 'environment' };
    }
    return {
      kind: 'invalid',
      source: 'environment',
      path: resolved,
      message: `The environment variable ${SERVER_PATH_ENV} is "${fromEnv}", but ${resolved} is not an executable file.`,
    };
  }
  searched.push(`environment variable ${SERVER_PATH_ENV} (unset)`);

  const binaryName = serverBinaryName(input.platform);
  const bundled = paths.join(input.extensionPath, 'server', binaryName);
  if (input.isExecutableFile(bundled)) {
    return { kind: 'found', path: bundled, source: 'bundled' };
  }
  searched.push(bundled);

  for (const directory of pathDirectories(input.env, input.platform)) {
    const candidate = paths.join(directory, binaryName);
    if (input.isExecutableFile(candidate)) {
      return { kind: 'found', path: candidate, source: 'path' };
    }
  }
  searched.push(`${binaryName} on PATH`);

  return {
    kind: 'not-found',
    searched,
    message:
      `The Andon language server (${binaryName}) was not found. ${INSTALL_HINT} ` +
      `Or set ${SERVER_PATH_SETTING} to the binary.`,
  };
}

/** Expands a leading `~` and makes a relative path absolute. */
function resolveUserPath(
  value: string,
  input: DiscoveryInput,
  paths: typeof path.posix,
): string {
  let expanded = value;
  if (input.homeDir && (value === '~' || value.startsWith('~/') || value.startsWith('~\\'))) {
    expanded = paths.join(input.homeDir, value.slice(1));
  }
  if (paths.isAbsolute(expanded)) {
    return paths.normalize(expanded);
  }
  if (input.workspaceFolder) {
    return paths.resolve(input.workspaceFolder, expanded);
  }
  return expanded;
}

/** The entries of `PATH` in order, without empty ones. */
function pathDirectories(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): string[] {
  // Windows spells the variable `Path` as often as `PATH`.
  const value =
    env['PATH'] ??
    Object.entries(env).find(([name]) => name.toUpperCase() === 'PATH')?.[1] ??
    '';
  const delimiter = platform === 'win32' ? ';' : ':';
  return value
    .split(delimiter)
    .map((entry) => entry.trim().replace(/^"(.*)"$/, '$1'))
    .filter((entry) => entry.length > 0);
}
