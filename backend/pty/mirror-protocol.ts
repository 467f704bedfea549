import type { ScreenSnapshot } from './screen-snapshot.js';
import type { ScreenText } from './session-mirror.js';

/**
 * Messages between the main thread's `MirrorHost` and the mirror worker
 * (`mirror-worker.ts`), over the worker's MessagePort (structured clone). Every message
 * names its mirror by `id`; the worker handles them in the order sent, so a request is
 * answered after every write sent before it is parsed.
 */
export type ToWorker =
  | { t: 'create'; id: number; cols: number; rows: number; scrollback: number }
  /** `plain`: isPlainText of `data`, tested once on the main thread. */
  | { t: 'write'; id: number; data: string; seq: number; plain: boolean }
  | { t: 'resize'; id: number; cols: number; rows: number }
  /** From now on, every `parsed` report of this mirror carries its screen (status detection). */
  | { t: 'watch'; id: number }
  | { t: 'marker-dispose'; id: number; marker: number }
  | { t: 'dispose'; id: number }
  /** Full garbage collection in the worker, when it runs with --expose-gc (benchmarks); answered by `gc-done`. */
  | { t: 'gc'; req: number }
  /** The worker isolate's heap figures (benchmarks of memory); answered by `heap-done`. */
  | { t: 'heap'; req: number }
  | ({ id: number; req: number } & MirrorRequest);

/** Requests the worker answers with a `reply` carrying the same `req`. */
export type MirrorRequest =
  | { t: 'barrier' }
  | { t: 'snapshot'; scrollback?: number }
  | { t: 'capture'; from: number | null; scrollback: number }
  | { t: 'screen' };

/** A capture as it crosses the thread boundary: the marker is a number the worker keeps. */
export interface WireCapture {
  screen: string;
  chunk: { data: string; lines: number } | null;
  rebase: boolean;
  marker: number | null;
  seq: number;
}

export type FromWorker =
  | {
      t: 'parsed';
      id: number;
      /** Chars parsed or fast-forwarded since the last report. */
      chars: number;
      /** Chars fast-forwarded (dropped unparsed) since the worker made this mirror. */
      fastForwarded: number;
      /** Seq of the last batch fully parsed. */
      seq: number;
      alternate: boolean;
      synchronizing: boolean;
      bracketedPaste: boolean;
      /** The active buffer's scroll region is the whole screen (plain output may be fast-forwarded). */
      scrollRegionFull: boolean;
      /** Resizes applied to this mirror so far (the state above is the one after the last of them). */
      resizes: number;
      /** The visible screen, for watched mirrors. */
      screen?: ScreenSnapshot;
    }
  | { t: 'title'; id: number; title: string }
  | { t: 'gc-done'; req: number; collected: boolean }
  | { t: 'heap-done'; req: number; heap: WorkerHeap }
  /** A capture marker's row was trimmed from the scrollback. */
  | { t: 'marker-gone'; id: number; marker: number }
  | { t: 'reply'; id: number; req: number; value: undefined | { data: string; seq: number } | WireCapture | ScreenText };

/** A worker isolate's heap, bytes: V8's totals and each space's committed and used size. */
export interface WorkerHeap {
  totalHeapSize: number;
  usedHeapSize: number;
  externalMemory: number;
  mallocedMemory: number;
  /** Heap releases completed after floods since the worker started (heap-release.ts). */
  releases: number;
  spaces: { name: string; size: number; used: number }[];
}
