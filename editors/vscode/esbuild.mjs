// Bundles the extension (and, with --tests, the unit tests) with esbuild.
//
// The extension is one CommonJS file, dist/extension.js, holding
// vscode-languageclient, so the .vsix ships no node_modules. `vscode` stays
// external: the editor provides it at run time. The unit tests are bundled
// the same way into out/test/, one file per test module, for `node --test`.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'info',
};

if (tests) {
  const entryPoints = readdirSync('test/unit')
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `test/unit/${name}`);
  await esbuild.build({
    ...common,
    entryPoints,
    outdir: 'out/test',
    sourcemap: 'inline',
    // The tests cover pure modules; importing `vscode` from one would fail
    // loudly here rather than pass by accident.
  });
} else {
  const options = {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    await esbuild.build(options);
  }
}
