import type { QuotaPattern } from '../agents/quota-schema.js';

/** A quota or rate-limit message found on an agent's screen. Times in ms since the epoch. */
export interface QuotaHit {
  kind: QuotaPattern['kind'];
  label: string;
  /** When the agent may be used again: from the message, or the pattern's `waitSec` after `now`. */
  resetAt: number;
  /** True when the message gave the reset time; false when it is the pattern's default wait. */
  stated: boolean;
  /** The matched text, at most 200 characters. */
  text: string;
}

interface Compiled {
  re: RegExp;
  p: QuotaPattern;
}

const compiledCache = new WeakMap<readonly QuotaPattern[], Compiled[]>();

function compile(patterns: readonly QuotaPattern[]): Compiled[] {
  let c = compiledCache.get(patterns);
  if (!c) compiledCache.set(patterns, (c = patterns.map((p) => ({ re: new RegExp(p.re, [...new Set((p.flags + 'm').split(''))].join('')), p }))));
  return c;
}

/**
 * The first of an agent's quota patterns (profile data, in order) found in `text` (its screen),
 * with the reset time read from the message's named groups (see `QuotaPatternSchema`). Pure.
 * @param now the clock, ms since the epoch (the message is taken as shown at `now`)
 * @param timeZone the zone a time of day without its own zone is in (the machine's; tests pass one)
 * @returns null when no pattern matches
 */
export function readQuota(text: string, patterns: readonly QuotaPattern[], now: number, timeZone?: string): QuotaHit | null {
  for (const { re, p } of compile(patterns)) {
    const m = re.exec(text);
    if (!m) continue;
    const at = resetTimeFrom(m.groups ?? {}, now, timeZone);
    return { kind: p.kind, label: p.label, resetAt: at ?? now + p.waitSec * 1000, stated: at !== null, text: m[0].replace(/\s+/g, ' ').trim().slice(0, 200) };
  }
  return null;
}

/**
 * A screen's text with its soft-wrapped lines joined, so a message longer than the terminal is
 * one line again: a line as wide as the terminal continues on the next; one a column short
 * (the wrap fell on a space the mirror trimmed) continues after a space. Pure.
 * @param cols the terminal's width in columns
 */
export function unwrapScreen(text: string, cols: number): string {
  const lines = text.split('\n');
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const width = [...line].length;
    out += line;
    if (i === lines.length - 1) break;
    out += width >= cols ? '' : width === cols - 1 ? ' ' : '\n';
  }
  return out;
}

const UNIT_MS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hr: 3_600_000, hour: 3_600_000, d: 86_400_000, day: 86_400_000, w: 604_800_000, week: 604_800_000 };
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The reset time a message's groups give, or null when they give none that can be read:
 * `epoch` (s); `in` (a duration: "2 hours 13 minutes", "45s"); `date` + `clock` ("Mar 10th,
 * 2026" + "3:39 AM") in `tz` or `timeZone`; `clock` alone: its next occurrence after `now`
 * ("3pm", "9:30 AM", "15:00"). A stated time in the past (a stale message) counts from `now`:
 * the next day for a time of day, `now` for the rest.
 */
export function resetTimeFrom(g: Record<string, string | undefined>, now: number, timeZone?: string): number | null {
  if (g['epoch'] && /^\d{9,11}$/.test(g['epoch'])) return Math.max(now, Number(g['epoch']) * 1000);
  if (g['in']) return durationMs(g['in']) === null ? null : now + durationMs(g['in'])!;
  const clock = g['clock'] ? parseClock(g['clock']) : null;
  if (!clock) return null;
  const zone = g['tz'] && validZone(g['tz']) ? g['tz'] : timeZone;
  if (g['date']) {
    const d = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(g['date'].trim());
    const month = d ? MONTHS.indexOf(d[1]!.toLowerCase()) : -1;
    if (!d || month < 0) return null;
    return Math.max(now, zonedToUtc(Number(d[3]), month, Number(d[2]), clock.h, clock.m, zone));
  }
  const wall = wallClock(now, zone);
  const nowMin = wall.h * 60 + wall.m;
  let delta = clock.h * 60 + clock.m - nowMin;
  if (delta <= 0) delta += 1440;
  return now - wall.s * 1000 - (now % 1000) + delta * 60_000;
}

/** "2 hours 13 minutes", "4 days 20 hours 9 minutes", "45s", "1h 30m" → ms; null when nothing reads. */
export function durationMs(text: string): number | null {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(/(\d+)\s*([a-z]+)/gi)) {
    const raw = m[2]!.toLowerCase();
    const unit = raw.length > 1 ? raw.replace(/s$/, '') : raw;
    const ms = UNIT_MS[unit] ?? UNIT_MS[unit.slice(0, 3)] ?? UNIT_MS[unit[0]!];
    if (ms === undefined) continue;
    total += Number(m[1]) * ms;
    found = true;
  }
  return found ? total : null;
}

/** "3pm", "9:30 AM", "15:00", "12am" → hours (0-23) and minutes; null when it is not a time. */
export function parseClock(text: string): { h: number; m: number } | null {
  const c = /^(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?m?\.?$/i.exec(text.trim());
  if (!c) return null;
  let h = Number(c[1]);
  const m = c[2] ? Number(c[2]) : 0;
  const ap = c[3]?.toLowerCase();
  if (m > 59 || (ap ? h < 1 || h > 12 : h > 23)) return null;
  if (!ap && !c[2]) return null;
  if (ap === 'p' && h !== 12) h += 12;
  if (ap === 'a' && h === 12) h = 0;
  return { h, m };
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Hours, minutes and seconds of the wall clock at `at` in `zone` (the machine's when undefined). */
function wallClock(at: number, zone: string | undefined): { h: number; m: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { h: get('hour') % 24, m: get('minute'), s: get('second') };
}

/** The epoch ms of a wall-clock time in `zone`: the UTC guess corrected by the zone's offset then. */
function zonedToUtc(year: number, month: number, day: number, h: number, m: number, zone: string | undefined): number {
  const guess = Date.UTC(year, month, day, h, m);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
  return guess - (shown - guess);
}

/**
 * The reason a session and a held task show: "quota reached (usage limit), resets at
 * 2026-12-07 15:00 UTC" — "resets at about …" when the message gave no time.
 */
export function quotaReason(hit: Pick<QuotaHit, 'label' | 'resetAt' | 'stated'>, timeZone?: string): string {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  return `quota reached (${hit.label}), resets at ${hit.stated ? '' : 'about '}${f.format(hit.resetAt)}`;
}

/** What a task does when its agent hit its quota. */
export type QuotaDecision = { kind: 'switch'; to: string } | { kind: 'wait'; until: number };

/**
 * When a task's agent reports its quota: never the same agent again before its reset; another
 * agent when the task may switch (a switch left, an eligible agent not behind a quota or a
 * breaker), else the task waits until the reset. Pure.
 */
export function decideOnQuota(i: { resetAt: number; switchesUsed: number; maxSwitches: number; nextAgent: string | null }): QuotaDecision {
  if (i.nextAgent !== null && i.switchesUsed < i.maxSwitches) return { kind: 'switch', to: i.nextAgent };
  return { kind: 'wait', until: i.resetAt };
}
