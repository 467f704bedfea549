import type { CompiledPattern, CompiledStatus } from './compiled-status.js';
import { ScreenRegions } from './screen-regions.js';
import type { ScreenSnapshot } from '../pty/screen-snapshot.js';
import type { VerdictState } from './status-types.js';

/** What one screen shows, or null when no pattern matched. */
export interface ScreenVerdict {
  state: VerdictState;
  /** e.g. `approval menu ("❯ 1. Yes")`. */
  reason: string;
}

/** Longest matched text quoted in a reason. */
const REASON_SNIPPET_CHARS = 40;

/**
 * Classifies one screen against a profile's patterns, in the order FIELD-NOTES asks for:
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

/** Classifies a terminal title (OSC 0/2): waiting, then working, then idle; null when nothing matched. */
export function classifyTitle(title: string, c: CompiledStatus): ScreenVerdict | null {
  for (const [state, list] of [['waiting', c.title.waiting], ['working', c.title.working], ['idle', c.title.idle]] as const) {
    for (const p of list) if (p.re.test(title)) return { state, reason: `title "${snippet(title)}" (${p.label})` };
  }
  return null;
}

function firstMatch(list: CompiledPattern[], regions: ScreenRegions, state: VerdictState): ScreenVerdict | null {
  for (const p of list) {
    const text = regions.text(p.where);
    if (!text) continue;
    const m = p.re.exec(text);
    if (m) return { state, reason: `${p.label} ("${snippet(m[0])}")` };
  }
  return null;
}

function snippet(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > REASON_SNIPPET_CHARS ? one.slice(0, REASON_SNIPPET_CHARS - 1) + '…' : one;
}
