import type { WsClient } from '../backend/client/ws-client.js';
import { startBackendProcess, type BenchProfile } from './harness/backend-process.js';
import type { Figure } from './harness/figures.js';
import { PROFILE } from './harness/profiles.js';
import { sleep } from './harness/stats.js';
import { benchLine, TEXT_COLUMNS } from './harness/text-file.js';

/** Lines of scrollback each idle session holds. */
export const SCROLLBACK_LINES = 10_000;
/** Sessions measured together; the delta is divided by this (env BENCH_SESSIONS). */
export const MEMORY_SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 10);
/** Rows of every session. */
const SESSION_ROWS = 40;
/** Bytes per cell of an xterm.js buffer (xterm.js: a cell costs 12 bytes). */
const XTERM_CELL_BYTES = 12;
/** The estimate for 10,000 lines × 120 columns all kept as cells: ≈ 14 MB per terminal. */
const ESTIMATE_BYTES = SCROLLBACK_LINES * TEXT_COLUMNS * XTERM_CELL_BYTES;
/** Idle this long after the output before measuring, ms (batches, timers and snapshots settle). */
const IDLE_MS = 3_000;
/** Longest wait for one session's output to be on its screen, ms. */
const PRINT_TIMEOUT_MS = 60_000;
const MiB = 2 ** 20;
/** Goal: backend RSS per idle session with that scrollback, MiB. */
export const MEMORY_GOAL_MIB = 15;

/**
 * Backend memory per idle session holding {@link SCROLLBACK_LINES} lines of 120-column
 * scrollback. A fresh backend child (browser mode, mirror scrollback set to
 * {@link SCROLLBACK_LINES}; the backend's own default is MIRROR_SCROLLBACK_LINES) runs
 * one warm-up session first (so lazily loaded code and the first SQLite pages are in the
 * baseline), then {@link MEMORY_SESSIONS} sessions each print that many lines and idle
 * with no client attached. RSS, V8 heap and external (ArrayBuffer) memory are read in the
 * child after forced full GCs (`--expose-gc`; in the mirror worker too), before and after; the delta is divided by
 * the session count. The child processes (sh, head, sleep) are not counted: they are not
 * the backend's. RSS in a separate process is clean of the bench's own allocations,
 * which is why the backend is not measured in-process.
 */
export async function benchSessionMemory(cwd: string, textFile: string): Promise<Figure[]> {
  const lines: BenchProfile = {
    id: PROFILE.lines,
    name: PROFILE.lines,
    command: '/bin/sh',
    args: ['-c', 'head -n "$2" "$1"; exec sleep 86400', PROFILE.lines, textFile, String(SCROLLBACK_LINES)],
  };
  const backend = await startBackendProcess({ profiles: [lines], scrollback: SCROLLBACK_LINES });
  const client = await backend.connect();
  try {
    const warm = await startPrinted(client, cwd);
    await client.call('sessions.kill', { id: warm });
    await client.call('sessions.remove', { id: warm });
    await sleep(IDLE_MS);
    const before = await backend.memory();
    const ids: string[] = [];
    for (let i = 0; i < MEMORY_SESSIONS; i++) ids.push(await startPrinted(client, cwd));
    await sleep(IDLE_MS);
    const after = await backend.memory();
    const whole = await reattachHoldsEveryLine(client, ids);
    const per = (k: 'rss' | 'heapUsed') => (after[k] - before[k]) / MEMORY_SESSIONS / MiB;
    // `external` includes `arrayBuffers` (Node docs), so it is not added twice.
    const external = (after.external - before.external) / MEMORY_SESSIONS / MiB;
    const rss = per('rss');
    return [
      {
        id: 'mem.rss',
        name: `backend RSS per idle session, ${SCROLLBACK_LINES} lines × ${TEXT_COLUMNS} cols scrollback`,
        value: rss,
        unit: 'MiB',
        goal: `≤ ${MEMORY_GOAL_MIB} MiB`,
        pass: rss <= MEMORY_GOAL_MIB,
        note: `${MEMORY_SESSIONS} sessions; RSS ${(before.rss / MiB).toFixed(0)} → ${(after.rss / MiB).toFixed(0)} MiB; estimate ${(ESTIMATE_BYTES / MiB).toFixed(1)} MiB (12 B/cell)`,
      },
      { id: 'mem.heap', name: 'of which V8 heap per session (main thread)', value: per('heapUsed'), unit: 'MiB', pass: null, note: "heapUsed after full GC; the mirrors' heap is the mirror worker's isolate, counted in RSS" },
      { id: 'mem.external', name: 'of which external (ArrayBuffers included) per session (main thread)', value: external, unit: 'MiB', pass: null, note: "the mirrors' xterm buffers (typed arrays) are in the mirror worker, counted in RSS" },
      {
        id: 'mem.reattach',
        name: `sessions whose reattach snapshot holds lines 1 and ${SCROLLBACK_LINES}`,
        value: whole,
        unit: `of ${ids.length}`,
        pass: whole === ids.length,
        note: 'attached after the reading: the scrollback kept serialized and deflated is all there',
      },
    ];
  } finally {
    await client.close();
    await backend.stop();
  }
}

/** How many of `ids` give a reattach snapshot holding the first and the last line printed. */
async function reattachHoldsEveryLine(client: WsClient, ids: string[]): Promise<number> {
  const first = benchLine(1).slice(0, 20);
  const last = benchLine(SCROLLBACK_LINES).slice(0, 20);
  let whole = 0;
  for (const id of ids) {
    const a = await client.call('sessions.attach', { id, flowControl: false });
    await client.call('sessions.detach', { id });
    if (a.snapshot.includes(first) && a.snapshot.includes(last)) whole++;
  }
  return whole;
}

/** Starts a `lines` session and resolves with its id once its last line is on its screen. */
async function startPrinted(client: WsClient, cwd: string): Promise<string> {
  const s = await client.call('sessions.start', { path: cwd, agent: PROFILE.lines, cols: TEXT_COLUMNS, rows: SESSION_ROWS });
  const last = benchLine(SCROLLBACK_LINES).slice(0, 20);
  const until = performance.now() + PRINT_TIMEOUT_MS;
  for (;;) {
    const screen = await client.call('sessions.screen', { id: s.id });
    if (screen.text.includes(last)) return s.id;
    if (performance.now() > until) throw new Error(`memory: session ${s.id} did not print ${SCROLLBACK_LINES} lines in ${PRINT_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}
