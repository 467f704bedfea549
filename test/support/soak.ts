import { readdirSync, readFileSync } from 'node:fs';
import { startBackendProcess } from './backend-process.js';
import { tempDir, testShellEnv } from './temp.js';

/** Samples of a soak: ms since start, resident set size (bytes), open descriptors. */
export interface SoakSample {
  at: number;
  rss: number;
  fds: number;
}

/** Result of {@link runSoak}: samples, and the first and last thirds after warm-up compared. */
export interface SoakResult {
  samples: SoakSample[];
  /** RSS floor (the memory still held after a collection) of the first and last thirds, bytes. */
  floorFirst: number;
  floorLast: number;
  meanFirst: number;
  meanLast: number;
  fdsFirst: number;
  fdsLast: number;
  /** The last screen of the printing session, to check it kept working. */
  screen: string;
}

const SAMPLE_EVERY_MS = 5_000;

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

/**
 * A backend in its own process with one session printing continuously for `ms`, watched
 * by a client that acknowledges (as the UI does), snapshots on. Samples RSS and open
 * descriptors of the backend every 5 s (Linux /proc), each right after a full garbage
 * collection in both of the backend's isolates (main and mirror worker; the backend runs
 * with `--expose-gc`), so a sample is memory still held, not garbage awaiting a collection.
 * The first and last thirds after `warmUpMs` are compared by floor and by mean.
 */
export async function runSoak(ms: number, warmUpMs = Math.min(45_000, ms / 3)): Promise<SoakResult> {
  const data = tempDir('cortex-soak-');
  const b = await startBackendProcess(data.dir, testShellEnv(), { exposeGc: true });
  try {
    const s = await b.client.call('sessions.start', { path: data.dir, agent: 'shell', cols: 120, rows: 40 });
    let pending = 0;
    b.client.on('session.output', (o) => {
      pending += o.data.length;
      if (pending >= 5000) {
        b.client.call('sessions.ack', { id: s.id, chars: pending }).catch(() => {}); // the backend may be stopping
        pending = 0;
      }
    });
    await b.client.call('sessions.attach', { id: s.id, flowControl: true });
    await b.client.call('sessions.write', {
      id: s.id,
      data: 'while :; do for i in $(seq 1 2000); do echo "line $i of a long soak with some text to fill the row ........"; done; done\r',
    });
    const pid = b.child.pid!;
    const samples: SoakSample[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
      await b.collectGarbage();
      samples.push({ at: Date.now() - t0, rss: rssBytes(pid), fds: readdirSync(`/proc/${pid}/fd`).length });
    }
    const after = samples.filter((x) => x.at >= warmUpMs);
    const third = Math.max(1, Math.floor(after.length / 3));
    const first = after.slice(0, third);
    const last = after.slice(-third);
    const floor = (xs: SoakSample[]) => Math.min(...xs.map((x) => x.rss));
    const mean = (xs: SoakSample[]) => xs.reduce((a, x) => a + x.rss, 0) / xs.length;
    const screen = (await b.client.call('sessions.screen', { id: s.id })).text;
    return {
      samples,
      floorFirst: floor(first),
      floorLast: floor(last),
      meanFirst: mean(first),
      meanLast: mean(last),
      fdsFirst: first[0]!.fds,
      fdsLast: last[last.length - 1]!.fds,
      screen,
    };
  } finally {
    await b.stop();
    data.cleanup();
  }
}
