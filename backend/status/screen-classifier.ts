import type { CompiledPattern, CompiledStatus } from './compiled-status.js';
import { ScreenRegions } from './screen-regions.js';
import type { ScreenSnapshot } from '../pty/screen-snapshot.js';
import { ASK_CHARS, readStructure, type InputMode } from './structure.js';
import type { Confidence, VerdictState } from './status-types.js';

/** What one screen shows, or null when nothing on it was recognised. */
export interface ScreenVerdict {
  state: VerdictState;
  /** e.g. `approval menu ("❯ 1. Yes")`. */
  reason: string;
  /** What the screen asks the person (a menu's title, a question line), when waiting and known; else null. */
  ask?: string | null;
  confidence?: Confidence;
}

/** What the screen is read with besides its text. */
export interface ClassifyContext {
  /** The screen has been still for the debounce: weak evidence (wording, a label at the cursor) counts. */
  still: boolean;
  /** The PTY's termios input mode, when probed. */
  input?: InputMode | null;
  /** The change is the echo of the person's typing: key hints and busy words on it are theirs (read once still). */
  echo?: boolean;
}

/** Longest matched text quoted in a reason. */
const REASON_SNIPPET_CHARS = 40;

/**
 * Classifies one screen against a profile's patterns, in this order:
 * questions, menus and approvals (`waiting`) win over busy markers; busy markers (`working`)
 * are read only where the pattern's region says — by default the lines directly above the input
 * box, never inside it; then `error`; then `idle` (the agent's prompt or input box).
 * Pure and synchronous; the still-screen debounce is the detector's job.
 */
export function classifyScreen(snap: ScreenSnapshot, c: CompiledStatus): ScreenVerdict | null {
  const regions = new ScreenRegions(snap, c.box, c.tailLines, c.busyLookbackLines);
  return (
    firstMatch(c.waiting, regions, 'waiting') ??
    firstMatch(c.busy, regions, 'working') ??
    firstMatch(c.error, regions, 'error') ??
    firstMatch(c.idle, regions, 'idle')
  );
}

/**
 * Reads one screen with the profile's patterns and, beneath them, the generic structural
 * detector (structure.ts) that every profile shares. Order: echo off in canonical mode (a
 * hidden-input prompt, from termios); the profile's `waiting` patterns; a choice menu (its key
 * hints may read like a busy marker); the profile's `busy`, `error` patterns; the profile's
 * `idle` patterns (its prompt at the cursor outranks hints left in the history above it); the
 * structure's busy markers and key hints; on a still screen, its weak evidence (an input label
 * at the cursor, a placeholder, sign-in / key / trust wording). Null = nothing recognised: the detector
 * never reads that as idle. Pure.
 */
export function classify(snap: ScreenSnapshot, c: CompiledStatus, ctx: ClassifyContext): ScreenVerdict | null {
  const regions = new ScreenRegions(snap, c.box, c.tailLines, c.busyLookbackLines);
  if (ctx.input && !ctx.input.echo && ctx.input.canonical) {
    const hidden = readStructure(snap, { still: ctx.still, input: ctx.input });
    if (hidden) return hidden;
  }
  const asks = firstMatch(c.waiting, regions, 'waiting');
  if (asks) return asks;
  // A choice menu asks even when its key hints ("esc to cancel") read like a profile's busy marker.
  const menu = readStructure(snap, { still: false, only: 'menu' });
  if (menu) return menu;
  const own = firstMatch(c.busy, regions, 'working') ?? firstMatch(c.error, regions, 'error');
  if (own) return own;
  const idle = firstMatch(c.idle, regions, 'idle');
  if (idle) return idle;
  return ctx.echo && !ctx.still ? null : readStructure(snap, { still: ctx.still });
}

/** Classifies a terminal title (OSC 0/2): waiting, then working, then idle; null when nothing matched. */
export function classifyTitle(title: string, c: CompiledStatus): ScreenVerdict | null {
  for (const [state, list] of [['waiting', c.title.waiting], ['working', c.title.working], ['idle', c.title.idle]] as const) {
    for (const p of list) if (p.re.test(title)) return { state, reason: `title "${snippet(title)}" (${p.label})`, ask: state === 'waiting' ? snippet(title, 100) : null, confidence: 'medium' };
  }
  return null;
}

function firstMatch(list: CompiledPattern[], regions: ScreenRegions, state: VerdictState): ScreenVerdict | null {
  for (const p of list) {
    const text = regions.text(p.where);
    if (!text) continue;
    const m = p.re.exec(text);
    if (m) return { state, reason: `${p.label} ("${snippet(m[0])}")`, ask: state === 'waiting' ? askNear(text, m.index) : null, confidence: 'medium' };
  }
  return null;
}

/** The question a waiting match belongs to: the last line ending in `?` up to the match's line, else the match's line. */
function askNear(text: string, at: number): string {
  const end = text.indexOf('\n', at);
  const lines = text.slice(0, end < 0 ? undefined : end).split('\n');
  // Box borders around a dialog's question are not part of it.
  const bare = lines.map((l) => l.replace(/^[\s│┃║|]+|[\s│┃║|]+$/gu, ''));
  const q = [...bare].reverse().find((l) => /\?\s*$/.test(l));
  return snippet(q ?? bare.at(-1) ?? '', 100);
}

function snippet(s: string, max = REASON_SNIPPET_CHARS): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/** The reason shown for a still screen nothing recognised: the person is asked to look. */
export const NOT_RECOGNISED = 'screen not recognised: a person should look';

/**
 * The verdict on a screen that has been still for the debounce: {@link classify} with weak
 * evidence allowed; nothing recognised → `waiting` with {@link NOT_RECOGNISED} (low
 * confidence, the last text line as what is asked), never idle; a blank screen while the
 * session is starting → null (nothing shown yet). Pure.
 */
export function classifyStill(snap: ScreenSnapshot, c: CompiledStatus, opts: { input?: InputMode | null; starting?: boolean } = {}): ScreenVerdict | null {
  const v = classify(snap, c, { still: true, input: opts.input ?? null });
  if (v) return v;
  if (opts.starting && snap.lines.every((l) => l.trim() === '')) return null;
  const last = [...snap.lines].reverse().find((l) => l.trim() !== '')?.trim() ?? '';
  const ask = last ? last.replace(/^[\s│┃║|]+|[\s│┃║|]+$/gu, '').slice(0, ASK_CHARS) : null;
  return { state: 'waiting', reason: NOT_RECOGNISED, ask, confidence: 'low' };
}
