import { constants } from 'node:os';
import type { Breaker, Session } from '../backend/contract/index.js';
import { stripVTControlCharacters } from 'node:util';

/**
 * How human output is drawn: with ANSI colours or not, and the clock that ages states.
 * Colours are on only when stdout is a TTY and `NO_COLOR` is unset or empty.
 */
export interface Style {
  color: boolean;
  /** "Now" in ms since the epoch, for "working 12s". */
  now: number;
}

/** The style for a stream: colour only on a TTY and without NO_COLOR (https://no-color.org). */
export function styleFor(isTTY: boolean, env: NodeJS.ProcessEnv, now = Date.now()): Style {
  return { color: isTTY && !env['NO_COLOR'], now };
}

const SGR = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36 } as const;
export type Paint = keyof typeof SGR;

/** `text` wrapped in the ANSI colour `paint` when `style.color`, else unchanged. */
export function paint(style: Style, p: Paint, text: string): string {
  return style.color ? `\x1b[${SGR[p]}m${text}\x1b[0m` : text;
}

/** The colour sequences {@link paint} writes, the only escape sequences the CLI lets through. */
const OWN_SGR = new RegExp(`^\\x1b\\[(?:0|${Object.values(SGR).join('|')})m`);

/**
 * `text` made safe to print on the user's terminal: every control character (C0 but line
 * feed and tab, DEL, C1) is shown escaped as `\xNN`, so untrusted text (a folder name, a hook
 * message, a screen) cannot set the title, write the clipboard (OSC 52) or move the cursor;
 * only the colour sequences of {@link paint} pass.
 */
export function escapeControls(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (code === 0x1b) {
      const own = OWN_SGR.exec(text.slice(i, i + 6));
      if (own) {
        out += own[0];
        i += own[0].length - 1;
        continue;
      }
    }
    const control = (code < 0x20 && ch !== '\n' && ch !== '\t') || (code >= 0x7f && code <= 0x9f);
    out += control ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

/** The short form of an id shown to humans: its first 8 characters (any unique prefix is accepted back). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A duration in ms as "0s", "12s", "3m 12s", "2h 5m" or "3d 4h". Negative counts as 0. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** A size in bytes as "512 B", "1.5 KB", "12.3 MB", "2.1 GB" (1 KB = 1024 B). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = Math.max(0, bytes);
  let u = 0;
  while (n >= 1024 && u < units.length - 1) [n, u] = [n / 1024, u + 1];
  return u === 0 ? `${Math.round(n)} B` : `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[u]}`;
}

/** A share in 0..1 as a whole percentage, "62%" ("<1%" for a small non-zero share). */
export function formatShare(share: number): string {
  return share > 0 && share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`;
}

/** A signal number as its name ("SIGHUP"), or "signal N" when the OS has no name for it. */
export function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === signal);
  return entry ? entry[0] : `signal ${signal}`;
}

/** How a session ended: "exited (0)", "exited (1)", "exited (SIGKILL)". */
export function exitLabel(s: Pick<Session, 'exitCode' | 'signal'>): string {
  if (s.signal) return `exited (${signalName(s.signal)})`;
  return s.exitCode === null ? 'exited' : `exited (${s.exitCode})`;
}

/** Colour of each live state (never the only cue: the word is always printed). */
const STATE_COLOUR = {
  starting: 'yellow',
  working: 'green',
  waiting: 'magenta',
  idle: 'cyan',
  error: 'red',
} as const;

/** A session's state and time in it, coloured: "working 12s", "waiting (unseen) 3m", "exited (0) 5s". */
export function stateLabel(s: Pick<Session, 'state' | 'stateSince' | 'exitCode' | 'signal' | 'seen'>, style: Style): string {
  const age = formatDuration(style.now - s.stateSince);
  if (s.state === 'exited') {
    const failed = (s.exitCode !== null && s.exitCode !== 0) || !!s.signal;
    return `${paint(style, failed ? 'red' : 'dim', exitLabel(s))} ${age}`;
  }
  const word = s.state === 'waiting' && !s.seen ? 'waiting (unseen)' : s.state;
  return `${paint(style, STATE_COLOUR[s.state], word)} ${age}`;
}

/**
 * An agent's circuit breaker in a few words: "closed", "closed (2 failures)",
 * "open, retry in 42s", "half-open". Open is red, half-open yellow.
 */
export function breakerLabel(b: Breaker, style: Style): string {
  if (b.state === 'open') {
    const retry = b.retryAt === null ? '' : `, retry in ${formatDuration(b.retryAt - style.now)}`;
    return paint(style, 'red', `open${retry}`);
  }
  if (b.state === 'half-open') return paint(style, 'yellow', 'half-open');
  return b.failures ? `closed (${b.failures} failure${b.failures === 1 ? '' : 's'})` : paint(style, 'dim', 'closed');
}

/** Visible width of `text`: its length without terminal control sequences (colours). */
export function visibleWidth(text: string): number {
  return stripVTControlCharacters(text).length;
}

/**
 * Rows as aligned columns separated by two spaces; `header` (drawn bold) first. The last
 * column is not padded, so long paths do not leave trailing spaces.
 * @returns the lines joined with "\n", no trailing newline
 */
export function table(header: string[], rows: string[][], style: Style): string {
  const all = [header.map((h) => paint(style, 'bold', h)), ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => visibleWidth(r[c] ?? ''))));
  return all
    .map((r) =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell + ' '.repeat(widths[c]! - visibleWidth(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "key   value" lines with the keys (drawn dim) padded to one width; no trailing newline. */
export function keyValues(rows: readonly (readonly [string, string])[], style: Style): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${paint(style, 'dim', k.padEnd(width))}  ${v}`).join('\n');
}
