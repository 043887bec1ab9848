// Builds the extension package (.vsix).
//
//   node scripts/package.mjs
//       the universal package, without a server: the extension finds one
//       through its setting, ANDON_SERVER_PATH or PATH (src/discovery.ts).
//   node scripts/package.mjs --target TARGET [--server FILE]
//       a platform package carrying the server as server/andon (or
//       server/andon.exe): installed, it works with no setting and nothing on
//       PATH. TARGET is a VS Code platform (linux-x64, darwin-arm64, …) or
//       `host` for this machine's. Without --server, the release binary is
//       built from this checkout (`cargo build --release --locked`), which
//       only fits the host's platform; for another platform give its binary.
//
// `npm run package` and `npm run package:platform` run the two forms. The
// server binary is checked against TARGET (executable format and
// architecture) before it goes in, so a Linux binary never ships in a macOS
// package. Output: andon-toml-VERSION.vsix or andon-toml-TARGET-VERSION.vsix
// here (or --out FILE).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(extensionRoot, '../..');

/** VS Code's platform names, with the executable format and CPU each runs. */
const TARGETS = {
  'linux-x64': { format: 'elf', cpu: 'x64' },
  'linux-arm64': { format: 'elf', cpu: 'arm64' },
  'linux-armhf': { format: 'elf', cpu: 'arm' },
  'alpine-x64': { format: 'elf', cpu: 'x64' },
  'alpine-arm64': { format: 'elf', cpu: 'arm64' },
  'darwin-x64': { format: 'macho', cpu: 'x64' },
  'darwin-arm64': { format: 'macho', cpu: 'arm64' },
  'win32-x64': { format: 'pe', cpu: 'x64' },
  'win32-arm64': { format: 'pe', cpu: 'arm64' },
};

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
  return result;
}

function parseArguments(argv) {
  const options = { target: undefined, server: undefined, out: undefined };
  for (let index = 0; index < argv.length; index++) {
    const name = argv[index];
    const value = argv[index + 1];
    if (!['--target', '--server', '--out'].includes(name) || value === undefined) {
      fail(`usage: node scripts/package.mjs [--target TARGET|host [--server FILE]] [--out FILE] (got ${JSON.stringify(name)})`);
    }
    options[name.slice(2)] = value;
    index++;
  }
  if (options.server && !options.target) fail('--server needs --target: a universal package carries no server');
  return options;
}

/** This machine's VS Code platform, as the Marketplace names it. */
function hostTarget() {
  const cpu = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  const system = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  if (!cpu || !system) fail(`no VS Code platform for ${process.platform}-${process.arch}; pass --target`);
  // musl-based Linux (Alpine) has its own packages; glibc reports a version.
  const musl = system === 'linux' && !process.report?.getReport?.().header?.glibcVersionRuntime;
  return `${musl ? 'alpine' : system}-${cpu}`;
}

/** Cargo's target directory (CARGO_TARGET_DIR and build.target-dir respected). */
function cargoTargetDirectory() {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts', 'target-dir.sh')], { encoding: 'utf8' });
  if (result.status !== 0) fail(`scripts/target-dir.sh failed:\n${result.stderr}`);
  return result.stdout.trim();
}

function buildServer() {
  console.log('package: building the release server (cargo build --release --locked --bin andon)');
  run('cargo', ['build', '--release', '--locked', '--bin', 'andon'], { cwd: repoRoot });
  const name = process.platform === 'win32' ? 'andon.exe' : 'andon';
  return path.join(cargoTargetDirectory(), 'release', name);
}

/** The executable format and CPU of a binary, read from its header. */
export function binaryKind(file) {
  const header = Buffer.alloc(4096);
  const descriptor = openSync(file, 'r');
  const length = readSync(descriptor, header, 0, header.length, 0);
  closeSync(descriptor);
  const bytes = header.subarray(0, length);
  if (length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return { format: 'elf', cpu: { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm' }[machine] ?? `machine 0x${machine.toString(16)}` };
  }
  if (length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpuType = bytes.readUInt32LE(4);
    return { format: 'macho', cpu: { 0x01000007: 'x64', 0x0100000c: 'arm64' }[cpuType] ?? `cputype 0x${cpuType.toString(16)}` };
  }
  if (length >= 64 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const peOffset = bytes.readUInt32LE(0x3c);
    if (peOffset + 6 <= length && bytes.toString('latin1', peOffset, peOffset + 4) === 'PE\0\0') {
      const machine = bytes.readUInt16LE(peOffset + 4);
      return { format: 'pe', cpu: { 0x8664: 'x64', 0xaa64: 'arm64' }[machine] ?? `machine 0x${machine.toString(16)}` };
    }
  }
  return { format: 'unknown', cpu: 'unknown' };
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const packageJson = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8'));
  const target = options.target === 'host' ? hostTarget() : options.target;
  if (target !== undefined && !TARGETS[target]) {
    fail(`unknown target ${target}; one of: ${Object.keys(TARGETS).join(', ')}`);
  }

  let server;
  if (target !== undefined) {
    if (options.server) {
      server = path.resolve(options.server);
    } else if (target === hostTarget()) {
      server = buildServer();
    } else {
      fail(`--target ${target} is not this machine's platform (${hostTarget()}): give its binary with --server`);
    }
    if (!existsSync(server)) fail(`server binary ${server} does not exist`);
    const kind = binaryKind(server);
    const wanted = TARGETS[target];
    if (kind.format !== wanted.format || kind.cpu !== wanted.cpu) {
      fail(`${server} is a ${kind.format} binary for ${kind.cpu}, but ${target} needs ${wanted.format} for ${wanted.cpu}`);
    }
  }

  const bundledNames = ['andon', 'andon.exe'];
  const clearBundled = () => {
    for (const name of bundledNames) rmSync(path.join(extensionRoot, 'server', name), { force: true });
  };
  const out =
    options.out ?? path.join(extensionRoot, `${packageJson.name}-${target ? `${target}-` : ''}${packageJson.version}.vsix`);
  rmSync(out, { force: true });

  run('npm', ['run', '--silent', 'typecheck'], { cwd: extensionRoot });
  run(process.execPath, ['esbuild.mjs', '--production'], { cwd: extensionRoot });

  // .vscodeignore leaves server/ out, so no stray binary reaches the
  // universal package; a platform package lets exactly its own in.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'andon-vsix-'));
  const ignoreFile = path.join(scratch, '.vscodeignore');
  let ignore = readFileSync(path.join(extensionRoot, '.vscodeignore'), 'utf8');
  const vsceArgs = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', out];
  clearBundled();
  try {
    if (target !== undefined) {
      const bundled = TARGETS[target].format === 'pe' ? 'andon.exe' : 'andon';
      copyFileSync(server, path.join(extensionRoot, 'server', bundled));
      chmodSync(path.join(extensionRoot, 'server', bundled), 0o755);
      ignore += `\n!server/${bundled}\n`;
      vsceArgs.push('--target', target);
      console.log(`package: ${target} with the server ${server}`);
    }
    writeFileSync(ignoreFile, ignore);
    vsceArgs.push('--ignoreFile', ignoreFile);
    const vsce = path.join(extensionRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
    run(vsce, vsceArgs, { cwd: extensionRoot, shell: process.platform === 'win32' });
  } finally {
    clearBundled();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`package: wrote ${path.relative(process.cwd(), out) || out}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main();
}
