import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startBackendProcess } from '../test-support/backend-process.js';
import { tempDir, testShellEnv } from '../test-support/temp.js';

/** How long the soak prints (ms); `CORTEX_SOAK_MS` overrides (the benchmark runs 10 minutes). */
const SOAK_MS = Number(process.env['CORTEX_SOAK_MS'] ?? 150_000);
/** Memory settles (V8 heap growth, SQLite page cache) during this first part (ms). */
const WARM_UP_MS = Math.min(45_000, SOAK_MS / 3);
const SAMPLE_EVERY_MS = 5_000;

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

describe.runIf(process.platform === 'linux')('bounded: a session printing for minutes', () => {
  it(`keeps backend RSS growth under 10 % after warm-up and open fds flat (${SOAK_MS / 1000} s)`, async () => {
    const data = tempDir('cortex-soak-');
    const b = await startBackendProcess(data.dir, testShellEnv());
    try {
      const s = await b.client.call('sessions.start', { path: data.dir, agent: 'shell', cols: 120, rows: 40 });
      // Watched by a client that acknowledges, as the UI does.
      let pending = 0;
      b.client.on('session.output', (o) => {
        pending += o.data.length;
        if (pending >= 5000) {
          void b.client.call('sessions.ack', { id: s.id, chars: pending });
          pending = 0;
        }
      });
      await b.client.call('sessions.attach', { id: s.id, flowControl: true });
      await b.client.call('sessions.write', {
        id: s.id,
        data: 'while :; do for i in $(seq 1 2000); do echo "line $i of a long soak with some text to fill the row ........"; done; done\r',
      });
      const pid = b.child.pid!;
      const samples: { at: number; rss: number; fds: number }[] = [];
      const t0 = Date.now();
      while (Date.now() - t0 < SOAK_MS) {
        await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
        samples.push({ at: Date.now() - t0, rss: rssBytes(pid), fds: openFds(pid) });
      }
      if (process.env["CORTEX_SOAK_TRACE"]) console.log(samples.map((x) => `${x.at / 1000}s ${(x.rss / 2 ** 20).toFixed(0)}MiB ${x.fds}fd`).join("\n"));
      // RSS swings with garbage collection; compare the first and last thirds after warm-up by
      // their floor (memory still held after a collection) and by their mean.
      const after = samples.filter((x) => x.at >= WARM_UP_MS);
      const third = Math.max(1, Math.floor(after.length / 3));
      const first = after.slice(0, third);
      const last = after.slice(-third);
      const floor = (xs: typeof after) => Math.min(...xs.map((x) => x.rss));
      const mean = (xs: typeof after) => xs.reduce((a, x) => a + x.rss, 0) / xs.length;
      const mib = (n: number) => (n / 2 ** 20).toFixed(1);
      console.log(
        `soak ${SOAK_MS / 1000} s: RSS floor ${mib(floor(first))} → ${mib(floor(last))} MiB, mean ${mib(mean(first))} → ${mib(mean(last))} MiB; fds ${first[0]!.fds} → ${last[last.length - 1]!.fds}`,
      );
      expect(floor(last) / floor(first)).toBeLessThan(1.1);
      expect(mean(last) / mean(first)).toBeLessThan(1.1);
      expect(Math.abs(last[last.length - 1]!.fds - first[0]!.fds)).toBeLessThanOrEqual(2);
      const screen = await b.client.call('sessions.screen', { id: s.id });
      expect(screen.text).toMatch(/line \d+ of a long soak/);
    } finally {
      await b.stop();
      data.cleanup();
    }
  }, SOAK_MS + 60_000);
});
