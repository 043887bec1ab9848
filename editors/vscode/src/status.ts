/**
 * The Andon status light: what the status bar item says for the totals the
 * server sends in `andon/status` (`{ red, yellow, green, files }`, design §5).
 *
 * The light is the highest level present: 🔴 when anything is red, else 🟡
 * when anything is yellow, else 🟢. The text then lists the non-zero counts,
 * each behind its own colour, so "🔴 2 🟡 1" reads as two red and one
 * yellow finding. Red gets the theme's error background, yellow the warning
 * one, so the light is visible even in themes that mute emoji.
 *
 * Invariant: this module is pure. It never imports `vscode`; the extension
 * maps `background` to a `ThemeColor`. Unit tests run under `node --test`.
 */

export interface AndonStatus {
  readonly red: number;
  readonly yellow: number;
  readonly green: number;
  readonly files: number;
}

export type AndonLevel = 'red' | 'yellow' | 'green';

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  /** The theme colour id for the item's background, when it needs one. */
  readonly background: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground' | undefined;
}

export const LIGHTS: Readonly<Record<AndonLevel, string>> = {
  red: '🔴',
  yellow: '🟡',
  green: '🟢',
};

/**
 * Reads the notification's parameters. Returns undefined for anything that
 * is not four non-negative integers, so a server bug can't paint nonsense.
 */
export function parseStatus(params: unknown): AndonStatus | undefined {
  if (typeof params !== 'object' || params === null) {
    return undefined;
  }
  const record = params as Record<string, unknown>;
  const counts: Record<string, number> = {};
  for (const field of ['red', 'yellow', 'green', 'files']) {
    const value = record[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      return undefined;
    }
    counts[field] = value;
  }
  return { red: counts.red!, yellow: counts.yellow!, green: counts.green!, files: counts.files! };
}

/** The highest level present; green when there is nothing at all. */
export function statusLevel(status: AndonStatus): AndonLevel {
  if (status.red > 0) {
    return 'red';
  }
  if (status.yellow > 0) {
    return 'yellow';
  }
  return 'green';
}

export function formatStatus(status: AndonStatus): StatusView {
  const level = statusLevel(status);
  const parts: string[] = [];
  for (const colour of ['red', 'yellow', 'green'] as const) {
    if (status[colour] > 0) {
      parts.push(`${LIGHTS[colour]} ${status[colour]}`);
    }
  }
  const text = parts.length > 0 ? parts.join(' ') : `${LIGHTS.green} Andon`;

  const files = plural(status.files, 'open TOML file', 'open TOML files');
  const summary =
    parts.length > 0
      ? `${status.red} red (errors), ${status.yellow} yellow (warnings), ` +
        `${status.green} green (information) in ${files}`
      : `no findings in ${files}`;
  const tooltip = `Andon: ${summary}. Click to open the Problems view.`;

  const background =
    level === 'red'
      ? 'statusBarItem.errorBackground'
      : level === 'yellow'
        ? 'statusBarItem.warningBackground'
        : undefined;
  return { text, tooltip, background };
}

/** Before the first `andon/status` arrives. */
export function formatStarting(): StatusView {
  return {
    text: '$(sync~spin) Andon',
    tooltip: 'Andon: starting the language server…',
    background: undefined,
  };
}

/** The server is not running: not found, failed to start, or crashed. */
export function formatStopped(reason: string): StatusView {
  return {
    text: '$(circle-slash) Andon',
    tooltip: `Andon: the language server is not running. ${reason} Click to show the output.`,
    background: 'statusBarItem.errorBackground',
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
