/**
 * The status light: level, text, tooltip and background for the totals of
 * `andon/status`, and rejection of malformed notifications.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatStarting, formatStatus, formatStopped, parseStatus, statusLevel } from '../../src/status';

describe('parseStatus', () => {
  it('accepts the four counts', () => {
    assert.deepEqual(parseStatus({ red: 1, yellow: 2, green: 3, files: 4 }), {
      red: 1,
      yellow: 2,
      green: 3,
      files: 4,
    });
  });

  it('ignores extra fields', () => {
    assert.deepEqual(parseStatus({ red: 0, yellow: 0, green: 0, files: 1, extra: 'x' }), {
      red: 0,
      yellow: 0,
      green: 0,
      files: 1,
    });
  });

  it('rejects anything else', () => {
    for (const bad of [
      undefined,
      null,
      3,
      'red',
      [],
      { red: 1, yellow: 2, green: 3 },
      { red: -1, yellow: 0, green: 0, files: 1 },
      { red: 1.5, yellow: 0, green: 0, files: 1 },
      { red: '1', yellow: 0, green: 0, files: 1 },
    ]) {
      assert.equal(parseStatus(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('formatStatus', () => {
  it('shows red with every non-zero count and the error background', () => {
    const view = formatStatus({ red: 2, yellow: 1, green: 0, files: 3 });
    assert.equal(view.text, '🔴 2 🟡 1');
    assert.equal(view.background, 'statusBarItem.errorBackground');
    assert.equal(
      view.tooltip,
      'Andon: 2 red (errors), 1 yellow (warnings), 0 green (information) in 3 open TOML files. ' +
        'Click to open the Problems view.',
    );
  });

  it('shows yellow with the warning background', () => {
    const view = formatStatus({ red: 0, yellow: 4, green: 1, files: 1 });
    assert.equal(view.text, '🟡 4 🟢 1');
    assert.equal(view.background, 'statusBarItem.warningBackground');
    assert.match(view.tooltip, /in 1 open TOML file\./);
  });

  it('shows green findings without a background', () => {
    const view = formatStatus({ red: 0, yellow: 0, green: 5, files: 2 });
    assert.equal(view.text, '🟢 5');
    assert.equal(view.background, undefined);
  });

  it('shows an all-clear light when there is nothing', () => {
    const view = formatStatus({ red: 0, yellow: 0, green: 0, files: 2 });
    assert.equal(view.text, '🟢 Andon');
    assert.equal(view.background, undefined);
    assert.equal(view.tooltip, 'Andon: no findings in 2 open TOML files. Click to open the Problems view.');
  });

  it('shows red when only red is present', () => {
    assert.equal(formatStatus({ red: 1, yellow: 0, green: 0, files: 1 }).text, '🔴 1');
  });
});

describe('statusLevel', () => {
  it('is the highest level present', () => {
    assert.equal(statusLevel({ red: 1, yellow: 1, green: 1, files: 1 }), 'red');
    assert.equal(statusLevel({ red: 0, yellow: 1, green: 1, files: 1 }), 'yellow');
    assert.equal(statusLevel({ red: 0, yellow: 0, green: 1, files: 1 }), 'green');
    assert.equal(statusLevel({ red: 0, yellow: 0, green: 0, files: 0 }), 'green');
  });
});

describe('server states', () => {
  it('starting has no background', () => {
    assert.equal(formatStarting().background, undefined);
    assert.match(formatStarting().text, /Andon/);
  });

  it('stopped carries the reason and the error background', () => {
    const view = formatStopped('Not found.');
    assert.equal(view.background, 'statusBarItem.errorBackground');
    assert.match(view.tooltip, /Not found\./);
  });
});
