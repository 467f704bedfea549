import type { BackendProcess } from './harness/backend-process.js';
import type { Figure } from './harness/figures.js';
import { attachCounting } from './harness/output-counter.js';
import { PROFILE } from './harness/profiles.js';
import { mbPerSecond, withTimeout } from './harness/stats.js';
import { TEXT_COLUMNS, type BenchText } from './harness/text-file.js';

/** Rows of the session's PTY and mirror. */
const SESSION_ROWS = 40;
/** Longest a run may take before the bench calls it broken, ms. */
const TIMEOUT_MS = 240_000;

/**
 * (b) The backend path without a renderer: PTY → batching → headless mirror → flow
 * control → WebSocket (binary output frames, contract/output-frame.ts) → a Node client that
 * decodes each to a string, counts chars and acks every 5,000 as they arrive. The backend runs in a child process (as in the app, apart from
 * the renderer); the session is the `gatedCat` profile, so timing starts at the Enter
 * that releases `cat` and ends when the sentinel after the file arrives.
 * MB/s are of the file's bytes (10^6 B/s).
 */
export async function benchBackendWs(backend: BackendProcess, text: BenchText, sentinel: string): Promise<{ figures: Figure[]; mbps: number; mbPerCpu: number }> {
  const client = await backend.connect();
  try {
    const session = await client.call('sessions.start', { path: text.dir, agent: PROFILE.gatedCat, cols: TEXT_COLUMNS, rows: SESSION_ROWS });
    const counter = await attachCounting(client, session.id, sentinel);
    const cpu0 = await backend.cpuMs();
    const t0 = performance.now();
    await client.call('sessions.write', { id: session.id, data: '\r' });
    const end = await withTimeout(counter.sawMarker, TIMEOUT_MS, `(b) the sentinel after ${text.bytes} bytes (got ${counter.chars} chars)`);
    const cpuMs = (await backend.cpuMs()) - cpu0;
    const mbPerCpu = text.bytes / 1e6 / (cpuMs / 1000);
    const ms = end - t0;
    const mbps = mbPerSecond(text.bytes, ms);
    await counter.close();
    await client.call('sessions.kill', { id: session.id }).catch(() => undefined);
    return {
      mbps,
      mbPerCpu,
      figures: [{
        id: 'b.ws',
        name: '(b) PTY → mirror → WebSocket → counting client (acks)',
        value: mbps,
        unit: 'MB/s',
        pass: null,
        note: `${(ms / 1000).toFixed(2)} s; ${counter.chars} chars received (file as PTY output: ${text.ptyChars})`,
      }, {
        id: 'b.cpu',
        name: '(b) MB per CPU-second of the backend process',
        value: mbPerCpu,
        unit: 'MB/cpu-s',
        pass: null,
        note: `backend used ${(cpuMs / 1000).toFixed(2)} s CPU (user+system, all threads) over ${(ms / 1000).toFixed(2)} s`,
      }],
    };
  } finally {
    await client.close();
  }
}
