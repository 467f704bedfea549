import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import { QuotaConfigSchema } from '../agents/quota-schema.js';
import { decideOnQuota, durationMs, parseClock, quotaReason, readQuota, resetTimeFrom, unwrapScreen } from './quota-policy.js';

const patterns = (id: string) => BUILTIN_PROFILES.find((p) => p.id === id)!.quota!.patterns;
/** 2026-12-07 10:20:30 UTC, a Monday. */
const NOW = Date.UTC(2026, 11, 7, 10, 20, 30);
const utc = (h: number, m = 0, day = 7, month = 11, year = 2026) => Date.UTC(year, month, day, h, m);

describe('readQuota on the agents’ real messages (built-in profile data)', () => {
  it.each([
    ['claude', 'Claude AI usage limit reached|1796644800', { kind: 'usage', label: 'usage limit', resetAt: 1796644800_000, stated: true }],
    ['claude', '  ⎿  Claude usage limit reached. Your limit will reset at 3pm (America/Chicago).', { kind: 'usage', resetAt: utc(21), stated: true }],
    ['claude', 'Claude usage limit reached. Your limit will reset\n     at 9am (Europe/Madrid).', { resetAt: utc(8, 0, 8), stated: true }],
    ['claude', '5-hour limit reached ∙ resets 3pm', { resetAt: utc(15), stated: true }],
    ['claude', 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your account\'s rate limit. Please try again later."}}', { kind: 'rate', resetAt: NOW + 60_000, stated: false }],
    ['codex', "■ You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/codex/settings/usage to purchase more credits or try again at Mar 10th, 2027 3:39 AM.", { resetAt: Date.UTC(2027, 2, 10, 3, 39), stated: true }],
    ['codex', "You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), or try again at 3:42 PM.", { resetAt: utc(15, 42), stated: true }],
    ['codex', "You've hit your usage limit. Upgrade to Pro or try again in 2 hours 13 minutes.", { resetAt: NOW + (2 * 60 + 13) * 60_000, stated: true }],
    ['codex', "You've hit your usage limit. Limits reset every 5h and every week.", { resetAt: NOW + 5 * 3_600_000, stated: false }],
    ['gemini', '✕ [API Error: {"error":{"message":"{\\n  \\"error\\": {\\n    \\"code\\": 429,\\n    \\"message\\": \\"You exceeded your current quota, please check your plan and billing details.', { kind: 'usage', label: 'quota exceeded', resetAt: NOW + 3_600_000, stated: false }],
    ['gemini', '"message": "Resource has been exhausted (e.g. check quota).",\n "status": "RESOURCE_EXHAUSTED"', { kind: 'rate', resetAt: NOW + 300_000 }],
    ['gemini', '"message": "Resource exhausted. Please try again later. Please refer to', { kind: 'rate', resetAt: NOW + 60_000 }],
  ] as const)('%s: %s', (agent, text, want) => {
    expect(readQuota(text, patterns(agent), NOW, 'UTC')).toMatchObject(want);
  });

  it('finds nothing in ordinary output that merely talks about limits', () => {
    for (const agent of ['claude', 'codex', 'gemini']) {
      for (const text of ['all 42 tests passed; the rate of change is fine', 'the token limit of the context window is 200k', 'Usage: claude [options]', '']) {
        expect(readQuota(text, patterns(agent), NOW, 'UTC')).toBeNull();
      }
    }
  });

  it('the profile data passes its schema, and a bad pattern is refused with a clear message', () => {
    for (const agent of ['claude', 'codex', 'gemini']) expect(QuotaConfigSchema.parse(BUILTIN_PROFILES.find((p) => p.id === agent)!.quota)).toBeTruthy();
    const bad = QuotaConfigSchema.safeParse({ patterns: [{ re: '(', kind: 'usage', label: 'x' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('is not a valid regular expression');
    expect(QuotaConfigSchema.safeParse({ patterns: [] }).success).toBe(false);
  });
});

describe('resetTimeFrom', () => {
  it('a time of day is its next occurrence: later today, or tomorrow once passed', () => {
    expect(resetTimeFrom({ clock: '3pm' }, NOW, 'UTC')).toBe(utc(15));
    expect(resetTimeFrom({ clock: '10:20 AM' }, NOW, 'UTC')).toBe(utc(10, 20, 8));
    expect(resetTimeFrom({ clock: '10:21' }, NOW, 'UTC')).toBe(utc(10, 21));
    expect(resetTimeFrom({ clock: '12am' }, NOW, 'UTC')).toBe(utc(0, 0, 8));
  });
  it('in the zone the message names, else the one given', () => {
    // 3pm in Tokyo (UTC+9) is 06:00 UTC: passed today, so tomorrow.
    expect(resetTimeFrom({ clock: '3pm', tz: 'Asia/Tokyo' }, NOW, 'UTC')).toBe(utc(6, 0, 8));
    expect(resetTimeFrom({ clock: '3pm' }, NOW, 'Asia/Tokyo')).toBe(utc(6, 0, 8));
    expect(resetTimeFrom({ clock: '3pm', tz: 'Not/AZone' }, NOW, 'UTC')).toBe(utc(15));
  });
  it('epoch seconds, a duration, and a date with a time; a past stated time counts from now', () => {
    expect(resetTimeFrom({ epoch: '1796644800' }, NOW)).toBe(1796644800_000);
    expect(resetTimeFrom({ epoch: '1700000000' }, NOW)).toBe(NOW);
    expect(resetTimeFrom({ in: '4 days 20 hours 9 minutes' }, NOW)).toBe(NOW + ((4 * 24 + 20) * 60 + 9) * 60_000);
    expect(resetTimeFrom({ date: 'Dec 8th, 2026', clock: '9:05 PM' }, NOW, 'America/New_York')).toBe(Date.UTC(2026, 11, 9, 2, 5));
    expect(resetTimeFrom({ date: 'Jan 1st, 2020', clock: '9:05 PM' }, NOW, 'UTC')).toBe(NOW);
  });
  it('null for what does not read', () => {
    expect(resetTimeFrom({}, NOW)).toBeNull();
    expect(resetTimeFrom({ clock: 'soon' }, NOW)).toBeNull();
    expect(resetTimeFrom({ in: 'a while' }, NOW)).toBeNull();
    expect(resetTimeFrom({ date: 'Smarch 3, 2026', clock: '3pm' }, NOW)).toBeNull();
  });
});

describe('parseClock and durationMs', () => {
  it('reads 12- and 24-hour times, refuses the rest', () => {
    expect(parseClock('3pm')).toEqual({ h: 15, m: 0 });
    expect(parseClock('12 PM')).toEqual({ h: 12, m: 0 });
    expect(parseClock('9:30 a.m.')).toEqual({ h: 9, m: 30 });
    expect(parseClock('23:59')).toEqual({ h: 23, m: 59 });
    for (const bad of ['13pm', '24:00', '9:60', '15', 'noon']) expect(parseClock(bad)).toBeNull();
  });
  it('sums the parts of a duration in any unit spelling', () => {
    expect(durationMs('2 hours 13 minutes')).toBe((2 * 60 + 13) * 60_000);
    expect(durationMs('1h 30m')).toBe(90 * 60_000);
    expect(durationMs('45s')).toBe(45_000);
    expect(durationMs('1 day, 2 hrs')).toBe(26 * 3_600_000);
    expect(durationMs('soon')).toBeNull();
  });
});

describe('quotaReason and decideOnQuota', () => {
  it('says what was reached and when it resets, "about" when the message gave no time', () => {
    expect(quotaReason({ label: 'usage limit', resetAt: utc(15), stated: true }, 'UTC')).toBe('quota reached (usage limit), resets at 2026-12-07 15:00 UTC');
    expect(quotaReason({ label: 'rate limit', resetAt: utc(15), stated: false }, 'UTC')).toBe('quota reached (rate limit), resets at about 2026-12-07 15:00 UTC');
  });
  it('switches while a switch and another agent are left, else waits until the reset', () => {
    const resetAt = utc(15);
    expect(decideOnQuota({ resetAt, switchesUsed: 0, maxSwitches: 2, nextAgent: 'codex' })).toEqual({ kind: 'switch', to: 'codex' });
    expect(decideOnQuota({ resetAt, switchesUsed: 2, maxSwitches: 2, nextAgent: 'codex' })).toEqual({ kind: 'wait', until: resetAt });
    expect(decideOnQuota({ resetAt, switchesUsed: 0, maxSwitches: 2, nextAgent: null })).toEqual({ kind: 'wait', until: resetAt });
    expect(decideOnQuota({ resetAt, switchesUsed: 0, maxSwitches: 0, nextAgent: 'codex' })).toEqual({ kind: 'wait', until: resetAt });
  });
});

describe('unwrapScreen', () => {
  it('joins soft-wrapped lines so a long message reads whole; real line ends stay', () => {
    const msg = "You've hit your usage limit. Upgrade to Pro or try again in 2 hours 13 minutes.";
    const wrapped = [msg.slice(0, 20), msg.slice(20, 40), msg.slice(40)].join('\n');
    expect(unwrapScreen(wrapped, 20)).toBe(msg);
    expect(readQuota(wrapped, BUILTIN_PROFILES.find((p) => p.id === 'codex')!.quota!.patterns, NOW, 'UTC')).toBeNull();
    expect(readQuota(unwrapScreen(wrapped, 20), BUILTIN_PROFILES.find((p) => p.id === 'codex')!.quota!.patterns, NOW, 'UTC')!.resetAt).toBe(NOW + (2 * 60 + 13) * 60_000);
    // A wrap on a space (the mirror trims it): the line is a column short.
    expect(unwrapScreen('try again\nin 2 hours', 10)).toBe('try again in 2 hours');
    expect(unwrapScreen('short\nlines\n', 80)).toBe('short\nlines\n');
  });
});
