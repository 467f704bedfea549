import type { ScreenRegion, StatusPattern, StatusProfile } from './status-profile-schema.js';
import { compileBox, type BoxLocator } from './screen-regions.js';

/** A pattern ready to match: the regex (flags + `m`), the region it reads, a label for reasons. */
export interface CompiledPattern {
  re: RegExp;
  where: ScreenRegion;
  label: string;
}

/** A profile's status block with every regex compiled once (see {@link compileStatus}). */
export interface CompiledStatus {
  idleDebounceMs: number;
  tailLines: number;
  busyLookbackLines: number;
  box: BoxLocator | null;
  waiting: CompiledPattern[];
  busy: CompiledPattern[];
  error: CompiledPattern[];
  idle: CompiledPattern[];
  title: { working: CompiledPattern[]; waiting: CompiledPattern[]; idle: CompiledPattern[] };
}

const cache = new WeakMap<StatusProfile, CompiledStatus>();

/**
 * Compiles a status block (cached per block object, so every session of a profile shares one
 * set of RegExps). Default regions: waiting and error → `tail`; busy → `aboveBox` (never inside
 * the input box); idle → `box` when the profile locates an input box, else `cursorLine`.
 */
export function compileStatus(s: StatusProfile): CompiledStatus {
  let c = cache.get(s);
  if (c) return c;
  const box = compileBox(s.inputBox);
  const list = (ps: StatusPattern[], where: ScreenRegion) => ps.map((p) => compilePattern(p, where));
  c = {
    idleDebounceMs: s.idleDebounceMs,
    tailLines: s.tailLines,
    busyLookbackLines: s.busyLookbackLines,
    box,
    waiting: list(s.waiting, 'tail'),
    busy: list(s.busy, 'aboveBox'),
    error: list(s.error, 'tail'),
    idle: list(s.idle, box ? 'box' : 'cursorLine'),
    title: { working: list(s.title.working, 'screen'), waiting: list(s.title.waiting, 'screen'), idle: list(s.title.idle, 'screen') },
  };
  cache.set(s, c);
  return c;
}

function compilePattern(p: StatusPattern, defaultWhere: ScreenRegion): CompiledPattern {
  const flags = [...new Set((p.flags + 'm').split(''))].join('');
  return { re: new RegExp(p.re, flags), where: p.where ?? defaultWhere, label: p.label ?? p.re };
}
