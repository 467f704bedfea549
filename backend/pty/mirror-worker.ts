import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './mirror-protocol.js';
import {
  MIRROR_FLOOD_WAIT_MS,
  MIRROR_HEAP_RELEASE_CHARS,
  MIRROR_HEAP_RELEASE_IDLE_MS,
  MIRROR_SCREEN_REPORT_MS,
  MIRROR_WORKER_NICE,
  MIRROR_WORKER_SLICE_MS,
} from './constants.js';
import { collectHeap, heapReleaseDecision } from './heap-release.js';
import { lowerThreadPriority } from './thread-priority.js';
import { TerminalMirror, type RowMarker } from './terminal-mirror.js';
import type { ScreenSnapshot, ScreenSource } from './screen-snapshot.js';

/**
 * The mirror worker: hosts the headless mirror of every session (one {@link TerminalMirror}
 * per id) so their parsing and serializing never hold the thread that reads the PTYs and
 * answers clients. It runs at a lower priority ({@link MIRROR_WORKER_NICE}) than that thread.
 * Driven by `MirrorHost` through {@link ToWorker} messages; reports parse
 * progress (for flow control and status), titles and replies as {@link FromWorker}.
 */
interface Hosted {
  mirror: TerminalMirror;
  /** Reads the visible screen for status detection (made once). */
  screen: ScreenSource;
  /** Chars parsed since the last `parsed` report. */
  chars: number;
  reportQueued: boolean;
  watched: boolean;
  /** When the last screen was read for a report (performance.now(), ms). */
  screenAt: number;
  /** The screen last sent, or null before the first. */
  sentScreen: ScreenSnapshot | null;
  markers: Map<number, RowMarker>;
  markerIds: WeakMap<RowMarker, number>;
  nextMarker: number;
  /** Resizes applied (reported, so that the host knows which size a report's state is for). */
  resizes: number;
}

const port = parentPort;
if (!port) throw new Error('mirror-worker.ts runs only as a worker thread (see MirrorHost).');
const hosted = new Map<number, Hosted>();
lowerThreadPriority(MIRROR_WORKER_NICE);

/** Output since the last heap release, chars; when the last came (performance.now(), ms). */
let charsSinceRelease = 0;
let lastWriteAt = 0;
let releaseTimer: NodeJS.Timeout | null = null;
let releases = 0;

/** Notes output for the heap release after a flood (heap-release.ts), arming its check. */
function noteWrite(chars: number): void {
  charsSinceRelease += chars;
  lastWriteAt = performance.now();
  if (!releaseTimer && charsSinceRelease >= MIRROR_HEAP_RELEASE_CHARS) scheduleRelease(MIRROR_HEAP_RELEASE_IDLE_MS);
}

function scheduleRelease(ms: number): void {
  releaseTimer = setTimeout(checkRelease, ms);
  releaseTimer.unref();
}

function checkRelease(): void {
  releaseTimer = null;
  let pendingChars = 0;
  for (const h of hosted.values()) pendingChars += h.mirror.pendingChars;
  const d = heapReleaseDecision(
    { charsSinceRelease, pendingChars, idleMs: performance.now() - lastWriteAt },
    { minChars: MIRROR_HEAP_RELEASE_CHARS, idleMs: MIRROR_HEAP_RELEASE_IDLE_MS },
  );
  if (d.act === 'wait') return scheduleRelease(d.ms);
  if (d.act !== 'release') return;
  charsSinceRelease = 0;
  collectHeap(() => releases++);
}

function post(m: FromWorker): void {
  port!.postMessage(m);
}

/** Reports what was parsed since the last report (before any reply, so replies see it). */
function report(id: number, h: Hosted): void {
  h.reportQueued = false;
  if (!hosted.has(id)) return;
  const t = h.mirror.terminal;
  const m: FromWorker = {
    t: 'parsed',
    id,
    chars: h.chars,
    fastForwarded: h.mirror.fastForwardedChars,
    seq: h.mirror.parsedSeq,
    alternate: t.buffer.active.type === 'alternate',
    synchronizing: t.modes.synchronizedOutputMode,
    bracketedPaste: t.modes.bracketedPasteMode,
    scrollRegionFull: h.mirror.scrollRegionFull,
    resizes: h.resizes,
  };
  // While a backlog is being worked through, a screen every MIRROR_SCREEN_REPORT_MS is
  // enough; the settled screen always goes, unless it is the one sent last (a program that
  // repaints the same screen, an agent's idle input box redrawn: nothing to copy or re-read).
  const now = performance.now();
  if (h.watched && (h.mirror.pendingChars === 0 || now - h.screenAt >= MIRROR_SCREEN_REPORT_MS)) {
    const screen = h.screen.read();
    h.screenAt = now;
    if (!h.sentScreen || !sameScreen(screen, h.sentScreen)) m.screen = h.sentScreen = screen;
  }
  h.chars = 0;
  post(m);
}

/** True when `a` and `b` show the same text, row styles, cursor (place, look, visibility) and buffer. */
function sameScreen(a: ScreenSnapshot, b: ScreenSnapshot): boolean {
  if (a.alternate !== b.alternate || a.cursorX !== b.cursorX || a.cursorY !== b.cursorY || a.lines.length !== b.lines.length) return false;
  if (a.cursorHidden !== b.cursorHidden || a.cursorStyle !== b.cursorStyle) return false;
  return a.lines.every((line, i) => line === b.lines[i] && a.styles?.[i] === b.styles?.[i]);
}

function create(id: number, cols: number, rows: number, scrollback: number): void {
  const h: Hosted = {
    mirror: undefined as unknown as TerminalMirror,
    screen: undefined as unknown as ScreenSource,
    chars: 0,
    reportQueued: false,
    watched: false,
    screenAt: 0,
    sentScreen: null,
    markers: new Map(),
    markerIds: new WeakMap(),
    nextMarker: 1,
    resizes: 0,
  };
  h.mirror = new TerminalMirror(
    cols,
    rows,
    scrollback,
    (chars) => {
      h.chars += chars;
      if (h.reportQueued) return;
      h.reportQueued = true;
      // One report per stretch of parsing: the pump runs synchronously, this after it.
      queueMicrotask(() => report(id, h));
    },
    { sliceMs: MIRROR_WORKER_SLICE_MS, floodWaitMs: MIRROR_FLOOD_WAIT_MS },
  );
  h.screen = h.mirror.screenSource();
  h.mirror.onTitleChange((title) => {
    report(id, h);
    post({ t: 'title', id, title });
  });
  hosted.set(id, h);
}

function markerId(id: number, h: Hosted, marker: RowMarker | null): number | null {
  if (!marker) return null;
  const known = h.markerIds.get(marker);
  if (known !== undefined) return known;
  const n = h.nextMarker++;
  h.markers.set(n, marker);
  h.markerIds.set(marker, n);
  marker.onDispose(() => {
    h.markers.delete(n);
    if (hosted.has(id)) post({ t: 'marker-gone', id, marker: n });
  });
  return n;
}

/** Answers request `req` of mirror `id`, after reporting what was parsed before it. */
function reply(id: number, h: Hosted, req: number, value: Extract<FromWorker, { t: 'reply' }>['value']): void {
  report(id, h);
  post({ t: 'reply', id, req, value });
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'create') return create(m.id, m.cols, m.rows, m.scrollback);
  if (m.t === 'gc') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    return post({ t: 'gc-done', req: m.req, collected: gc !== undefined });
  }
  if (m.t === 'heap') {
    const v = getHeapStatistics();
    const spaces = getHeapSpaceStatistics().map((s) => ({ name: s.space_name, size: s.space_size, used: s.space_used_size }));
    return post({ t: 'heap-done', req: m.req, heap: { totalHeapSize: v.total_heap_size, usedHeapSize: v.used_heap_size, externalMemory: v.external_memory, mallocedMemory: v.malloced_memory, releases, spaces } });
  }
  const h = hosted.get(m.id);
  if (!h) return; // disposed meanwhile
  switch (m.t) {
    case 'write':
      noteWrite(m.data.length);
      return h.mirror.write(m.data, m.seq, m.plain);
    case 'resize':
      h.mirror.resize(m.cols, m.rows);
      h.resizes++;
      return report(m.id, h);
    case 'watch':
      h.watched = true;
      return report(m.id, h);
    case 'marker-dispose':
      return h.markers.get(m.marker)?.dispose();
    case 'dispose':
      hosted.delete(m.id);
      return h.mirror.dispose();
    case 'barrier':
      return h.mirror.whenParsed(() => reply(m.id, h, m.req, undefined));
    case 'snapshot':
      return void h.mirror.snapshot(m.scrollback).then((value) => reply(m.id, h, m.req, value));
    case 'screen':
      return void h.mirror.screen().then((value) => reply(m.id, h, m.req, value));
    case 'capture': {
      const from = m.from === null ? null : (h.markers.get(m.from) ?? null);
      return void h.mirror
        .captureIncremental(from, m.scrollback)
        .then((cap) => reply(m.id, h, m.req, { ...cap, marker: markerId(m.id, h, cap.marker) }));
    }
  }
});
