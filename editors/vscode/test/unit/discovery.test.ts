/**
 * Server discovery: the documented order, explicit choices that point at
 * nothing, and platform details, over a virtual file tree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { discoverServer, type DiscoveryInput } from '../../src/discovery';

/** A discovery input over a virtual set of executable files. */
function input(executables: string[], overrides: Partial<DiscoveryInput> = {}): DiscoveryInput {
  const files = new Set(executables);
  return {
    settingPath: undefined,
    env: { PATH: '/usr/local/bin:/usr/bin' },
    extensionPath: '/ext',
    platform: 'linux',
    homeDir: '/home/user',
    workspaceFolder: '/work/project',
    isExecutableFile: (candidate) => files.has(candidate),
    ...overrides,
  };
}

const ALL = ['/opt/andon/andon', '/env/andon', '/ext/server/andon', '/usr/bin/andon'];

describe('discoverServer order', () => {
  it('prefers the setting over everything else', () => {
    const result = discoverServer(
      input(ALL, { settingPath: '/opt/andon/andon', env: { ANDON_SERVER_PATH: '/env/andon', PATH: '/usr/bin' } }),
    );
    assert.deepEqual(result, { kind: 'found', path: '/opt/andon/andon', source: 'setting' });
  });

  it('takes ANDON_SERVER_PATH when the setting is unset or blank', () => {
    for (const settingPath of [undefined, '', '   ']) {
      const result = discoverServer(
        input(ALL, { settingPath, env: { ANDON_SERVER_PATH: '/env/andon', PATH: '/usr/bin' } }),
      );
      assert.deepEqual(result, { kind: 'found', path: '/env/andon', source: 'environment' });
    }
  });

  it('takes the bundled binary before PATH', () => {
    const result = discoverServer(input(ALL, { env: { PATH: '/usr/bin' } }));
    assert.deepEqual(result, { kind: 'found', path: '/ext/server/andon', source: 'bundled' });
  });

  it('falls back to the first andon on PATH', () => {
    const result = discoverServer(
      input(['/usr/local/bin/andon', '/usr/bin/andon'], { env: { PATH: '/nope::/usr/local/bin:/usr/bin' } }),
    );
    assert.deepEqual(result, { kind: 'found', path: '/usr/local/bin/andon', source: 'path' });
  });

  it('reports every place searched when nothing is found', () => {
    const result = discoverServer(input([]));
    assert.equal(result.kind, 'not-found');
    assert.ok(result.kind === 'not-found');
    assert.deepEqual(result.searched, [
      'setting andon.server.path (unset)',
      'environment variable ANDON_SERVER_PATH (unset)',
      '/ext/server/andon',
      'andon on PATH',
    ]);
    assert.match(result.message, /andon\.server\.path/);
    // The ways to install that exist: the platform package, the wheel, the
    // crate (never a bare `cargo install andon` of whatever owns the name).
    assert.match(result.message, /extension package for your platform/);
    assert.match(result.message, /pipx install andon-toml/);
    assert.match(result.message, /cargo install --locked andon/);
  });

  it('finds nothing with no PATH at all', () => {
    assert.equal(discoverServer(input(['/usr/bin/andon'], { env: {} })).kind, 'not-found');
  });
});

describe('discoverServer explicit choices', () => {
  it('does not fall through when the setting names a missing file', () => {
    const result = discoverServer(input(ALL, { settingPath: '/missing/andon' }));
    assert.equal(result.kind, 'invalid');
    assert.ok(result.kind === 'invalid');
    assert.equal(result.source, 'setting');
    assert.equal(result.path, '/missing/andon');
    assert.match(result.message, /andon\.server\.path.*\/missing\/andon/);
  });

  it('does not fall through when ANDON_SERVER_PATH names a missing file', () => {
    const result = discoverServer(input(ALL, { env: { ANDON_SERVER_PATH: '/missing/andon', PATH: '/usr/bin' } }));
    assert.equal(result.kind, 'invalid');
    assert.ok(result.kind === 'invalid');
    assert.equal(result.source, 'environment');
    assert.match(result.message, /ANDON_SERVER_PATH/);
  });

  it('expands ~ in the setting', () => {
    const result = discoverServer(input(['/home/user/.cargo/bin/andon'], { settingPath: '~/.cargo/bin/andon' }));
    assert.deepEqual(result, { kind: 'found', path: '/home/user/.cargo/bin/andon', source: 'setting' });
  });

  it('resolves a relative setting against the workspace folder', () => {
    const result = discoverServer(
      input(['/work/project/target/release/andon'], { settingPath: './target/release/andon' }),
    );
    assert.deepEqual(result, { kind: 'found', path: '/work/project/target/release/andon', source: 'setting' });
  });

  it('normalizes an absolute setting', () => {
    const result = discoverServer(input(['/opt/andon/andon'], { settingPath: '/opt/x/../andon/andon' }));
    assert.deepEqual(result, { kind: 'found', path: '/opt/andon/andon', source: 'setting' });
  });
});

describe('discoverServer on Windows', () => {
  it('looks for andon.exe, splits PATH on ; and reads Path', () => {
    const result = discoverServer(
      input(['C:\\Tools\\andon.exe'], {
        platform: 'win32',
        extensionPath: 'C:\\ext',
        env: { Path: 'C:\\Windows;"C:\\Tools"' },
      }),
    );
    assert.deepEqual(result, { kind: 'found', path: 'C:\\Tools\\andon.exe', source: 'path' });
  });

  it('finds the bundled andon.exe', () => {
    const result = discoverServer(
      input(['C:\\ext\\server\\andon.exe'], { platform: 'win32', extensionPath: 'C:\\ext', env: {} }),
    );
    assert.deepEqual(result, { kind: 'found', path: 'C:\\ext\\server\\andon.exe', source: 'bundled' });
  });
});
