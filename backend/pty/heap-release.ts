import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What {@link heapReleaseDecision} reads of the mirror worker. */
export interface HeapReleaseState {
  /** Chars written to the worker's mirrors since its last release (or since it started). */
  charsSinceRelease: number;
  /** Chars written but not yet parsed, summed over every mirror. */
  pendingChars: number;
  /** Time since the last write to any mirror, ms. */
  idleMs: number;
}

/** When a release is due: thresholds (chars, ms). */
export interface HeapReleasePolicy {
  /** Output that must have gone through since the last release, chars. */
  minChars: number;
  /** Quiet time after the last write before releasing, ms. */
  idleMs: number;
}

/** `release` now; `wait` this many ms more and ask again; `none` until more output arrives. */
export type HeapReleaseDecision = { act: 'release' } | { act: 'wait'; ms: number } | { act: 'none' };

/**
 * Whether the mirror worker should collect its heap now. A flood leaves the worker's
 * isolate grown by what it queued and parsed (batches waiting in the backlog survive
 * scavenges and are promoted; the young generation grows to its maximum), and V8 keeps
 * that committed until a full GC that an idle isolate may not run for a long time. Once
 * at least `minChars` went through and every mirror has parsed its backlog and no output
 * came for `idleMs`, one full collection returns it. Small output (typing, a prompt) never
 * reaches `minChars` between two quiet spells, so it costs nothing.
 * @returns the decision; `wait.ms` is what is left of the quiet time (>= 1)
 */
export function heapReleaseDecision(s: HeapReleaseState, p: HeapReleasePolicy): HeapReleaseDecision {
  if (s.charsSinceRelease < p.minChars) return { act: 'none' };
  if (s.pendingChars > 0 || s.idleMs < p.idleMs) return { act: 'wait', ms: Math.max(1, p.idleMs - Math.max(0, s.idleMs)) };
  return { act: 'release' };
}

type GcFunction = () => void;

let collector: GcFunction | null = null;

/**
 * Full garbage collections of the calling thread's isolate, {@link HEAP_RELEASE_PASSES} of
 * them {@link HEAP_RELEASE_PASS_GAP_MS} apart: objects that native handles keep (zlib's
 * streams, Buffers) are freed by the weak callbacks of one collection and collected by the
 * next. Uses `globalThis.gc` when the process runs with `--expose-gc`, else the same
 * function taken from a new context after enabling the flag (V8 installs `gc` in contexts
 * made after `--expose-gc` is set; the `expose-gc` npm package does the same). Freed pages
 * go back to the system shortly after (V8 unmaps them on a background task).
 * `gc` is called without arguments, which is a full synchronous collection in every V8: the
 * gc extension of Node 20's V8 (11.3) reads an options object only for `type: 'minor'` and
 * `execution: 'async'`, and takes any other object (`{ type: 'major' }` included) as the
 * legacy truthy argument, which means a young-generation collection.
 * @param done called after the last pass
 */
export function collectHeap(done: () => void = () => {}): void {
  collector ??= (globalThis as { gc?: GcFunction }).gc ?? exposedGc();
  const gc = collector;
  let left = HEAP_RELEASE_PASSES;
  const pass = (): void => {
    gc();
    if (--left === 0) return done();
    setTimeout(pass, HEAP_RELEASE_PASS_GAP_MS).unref();
  };
  pass();
}

/** Collections per release (see {@link collectHeap}). */
export const HEAP_RELEASE_PASSES = 3;
/** Pause between them, ms: the weak callbacks of one run as tasks after it. */
export const HEAP_RELEASE_PASS_GAP_MS = 50;

function exposedGc(): GcFunction {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as GcFunction;
}
