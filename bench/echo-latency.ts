import type { WsClient } from '../backend/client/ws-client.js';
import type { BackendProcess } from './harness/backend-process.js';
import type { Figure } from './harness/figures.js';
import { attachCounting, type CountingAttachment } from './harness/output-counter.js';
import { PROFILE } from './harness/profiles.js';
import { percentile, sleep, withTimeout } from './harness/stats.js';
import { TEXT_COLUMNS } from './harness/text-file.js';

/** Goal: keystroke → echo p95 through the WebSocket on loopback, ms. */
export const ECHO_P95_GOAL_MS = 10;
/** Keystrokes measured while two sessions flood (issue brief: e.g. 200). */
export const FLOOD_KEYSTROKES = Number(process.env['BENCH_KEYS'] ?? 200);
/** Keystrokes measured with nothing else running, for reference. */
const IDLE_KEYSTROKES = 100;
/** Keystrokes measured while the floods go to a second WebSocket connection. */
const SEPARATE_KEYSTROKES = 100;
/** Sessions flooding while the keystrokes are measured. */
const FLOOD_SESSIONS = 2;
/** Pause between keystrokes, ms: a fast typist (~60 ms between keys), jittered ±20 ms. */
const KEY_GAP_MS = 60;
const KEY_GAP_JITTER_MS = 20;
/** Clear the line (Ctrl-U) after this many keys, so the line editor never wraps. */
const KEYS_PER_LINE = 40;
/** Let the floods reach full speed before measuring, ms. */
const FLOOD_RAMP_MS = 1_500;
/** A keystroke whose echo takes longer counts as lost and breaks the bench, ms. */
const ECHO_TIMEOUT_MS = 10_000;
/** Rows of every session. */
const SESSION_ROWS = 40;
/** Typed keys: letters only (the prompt "$ " and line-editor redraws hold none). */
const KEYS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Keystroke echo latency through the WebSocket: a bash line editor (bench-bash profile)
 * gets one char at a time via `sessions.write`; latency is from just before the write is
 * sent to the `session.output` event carrying the echoed char. One WebSocket connection
 * carries all sessions, as the app's renderer does. Measured idle, then while
 * {@link FLOOD_SESSIONS} other sessions cat the bench text in a loop to attached clients
 * that ack every 5,000 chars (flow control on), first on the same connection (the goal's
 * figure), then on a second one (shows what sharing the socket costs).
 * Goal: p95 < {@link ECHO_P95_GOAL_MS} ms.
 */
export async function benchEchoLatency(backend: BackendProcess, cwd: string): Promise<Figure[]> {
  const client = await backend.connect();
  const started: string[] = [];
  const attachments: CountingAttachment[] = [];
  const extraClients: WsClient[] = [];
  try {
    const start = async (agent: string) => {
      const s = await client.call('sessions.start', { path: cwd, agent, cols: TEXT_COLUMNS, rows: SESSION_ROWS });
      started.push(s.id);
      return s.id;
    };
    const shell = await start(PROFILE.bash);
    const typing = await attachCounting(client, shell, '$ ');
    attachments.push(typing);
    await withTimeout(typing.sawMarker, ECHO_TIMEOUT_MS, 'the bash prompt');
    await sleep(200);

    const idle = await typeKeys(client, shell, typing, IDLE_KEYSTROKES);

    // Floods whose output shares the typing session's WebSocket (as the app's one renderer does).
    const floods: CountingAttachment[] = [];
    for (let i = 0; i < FLOOD_SESSIONS; i++) floods.push(await attachCounting(client, await start(PROFILE.flood), null));
    attachments.push(...floods);
    await sleep(FLOOD_RAMP_MS);
    const before = floods.reduce((n, f) => n + f.chars, 0);
    const t0 = performance.now();
    const loaded = await typeKeys(client, shell, typing, FLOOD_KEYSTROKES);
    const floodMbps = (floods.reduce((n, f) => n + f.chars, 0) - before) / 1e6 / ((performance.now() - t0) / 1000);
    for (const f of floods.splice(0)) await f.close();

    // The same floods read over a second connection: what the shared socket itself costs.
    const other = await backend.connect();
    extraClients.push(other);
    for (const id of started.slice(1)) floods.push(await attachCounting(other, id, null));
    attachments.push(...floods);
    await sleep(FLOOD_RAMP_MS);
    const apart = await typeKeys(client, shell, typing, SEPARATE_KEYSTROKES);

    const p95 = percentile(loaded, 95);
    return [
      row('echo.idle.p50', 'echo latency, idle: p50', percentile(idle, 50), `${idle.length} keys`),
      row('echo.idle.p95', 'echo latency, idle: p95', percentile(idle, 95), `max ${Math.max(...idle).toFixed(2)} ms`),
      row('echo.flood.p50', `echo latency, ${FLOOD_SESSIONS} sessions flooding: p50`, percentile(loaded, 50), `${loaded.length} keys; floods delivered ${floodMbps.toFixed(1)} MB/s meanwhile`),
      {
        ...row('echo.flood.p95', `echo latency, ${FLOOD_SESSIONS} sessions flooding: p95`, p95, `max ${Math.max(...loaded).toFixed(2)} ms`),
        goal: `< ${ECHO_P95_GOAL_MS} ms`,
        pass: p95 < ECHO_P95_GOAL_MS,
      },
      row('echo.apart.p50', `echo latency, floods on another connection: p50`, percentile(apart, 50), `${apart.length} keys`),
      row('echo.apart.p95', `echo latency, floods on another connection: p95`, percentile(apart, 95), `max ${Math.max(...apart).toFixed(2)} ms`),
    ];
  } finally {
    for (const a of attachments) await a.close();
    for (const id of started) await client.call('sessions.kill', { id }).catch(() => undefined);
    await client.close();
    for (const c of extraClients) await c.close();
  }
}

function row(id: string, name: string, value: number, note: string): Figure {
  return { id, name, value, unit: 'ms', pass: null, note };
}

/** Types `count` keys one at a time; returns each key's write → echo latency, ms. */
async function typeKeys(client: WsClient, id: string, out: CountingAttachment, count: number): Promise<number[]> {
  const latencies: number[] = [];
  let waiting: { key: string; t0: number; resolve: (ms: number) => void } | null = null;
  out.onBatch((data, at) => {
    if (waiting && data.includes(waiting.key)) {
      const w = waiting;
      waiting = null;
      w.resolve(at - w.t0);
    }
  });
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % KEYS_PER_LINE === 0) {
      await client.call('sessions.write', { id, data: '\x15' });
      await sleep(KEY_GAP_MS);
    }
    const key = KEYS[i % KEYS.length]!;
    const echoed = new Promise<number>((resolve) => {
      waiting = { key, t0: performance.now(), resolve };
    });
    void client.call('sessions.write', { id, data: key }).catch(() => undefined);
    latencies.push(await withTimeout(echoed, ECHO_TIMEOUT_MS, `the echo of keystroke ${i + 1}`));
    await sleep(KEY_GAP_MS + (Math.random() * 2 - 1) * KEY_GAP_JITTER_MS);
  }
  waiting = null;
  return latencies;
}
