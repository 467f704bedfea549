/**
 * Entry point of the backend child process the benchmarks talk to: a real browser-mode
 * instance (backend + WebSocket server) in a process of its own, as in the app (the
 * backend never shares a thread with the renderer), so the bench's clients do not steal
 * its event loop and its RSS is its own. Started by {@link startBackendProcess} with
 * `--expose-gc`; answers `memory` requests over the IPC channel.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { MirrorHost } from '../../backend/pty/mirror-host.js';
import { startBrowserMode } from '../../backend/server/browser-mode.js';
import type { BackendChildConfig, ChildReply, ChildRequest } from './backend-protocol.js';

/** Full GCs run before a memory reading (a second pass collects what the first freed). */
const GC_PASSES = 3;
/** Pause between GC passes, ms, so finalizers and the ArrayBuffer allocator can settle. */
const GC_PAUSE_MS = 50;

function send(reply: ChildReply): void {
  process.send?.(reply);
}

/** Full GCs in this thread and in the mirror worker (its isolate is its own). */
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < GC_PASSES; i++) {
    gc?.();
    await MirrorHost.shared().collectGarbage();
    await new Promise((r) => setTimeout(r, GC_PAUSE_MS));
  }
}

/** With BENCH_MEM_TRACE=<file>, a JSON line of this process's memory is appended there this often, ms. */
const MEM_TRACE_MS = 250;
const MiB = 2 ** 20;

/** One line of the memory trace: RSS, this thread's isolate and the mirror worker's, MiB. */
async function traceMemory(file: string): Promise<void> {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  const m = process.memoryUsage();
  const r = (n: number): number => Math.round((n / MiB) * 10) / 10;
  const spaces = (list: { name: string; size: number; used: number }[]): Record<string, string> =>
    Object.fromEntries(list.filter((s) => s.size > 0).map((s) => [s.name.replace(/_space$/, ''), `${r(s.used)}/${r(s.size)}`]));
  const w = await MirrorHost.shared().heapStatistics();
  const line = {
    t: Date.now(),
    rss: kb('VmRSS'),
    anon: kb('RssAnon'),
    main: { heapTotal: r(m.heapTotal), heapUsed: r(m.heapUsed), external: r(m.external), arrayBuffers: r(m.arrayBuffers), spaces: spaces(getHeapSpaceStatistics().map((s) => ({ name: s.space_name, size: s.space_size, used: s.space_used_size }))) },
    worker: w && { heapTotal: r(w.totalHeapSize), heapUsed: r(w.usedHeapSize), external: r(w.externalMemory), malloced: r(w.mallocedMemory), spaces: spaces(w.spaces) },
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env['BENCH_BACKEND_CONFIG'] ?? '{}') as BackendChildConfig;
  const instance = await startBrowserMode({
    dataDir: config.dataDir,
    staticDir: config.staticDir,
    scrollback: config.scrollback,
    port: 0,
    env: { ...process.env, SHELL: '/bin/bash', PS1: '$ ' },
  });
  process.on('message', (msg: ChildRequest) => {
    void (async () => {
      if (msg.type === 'memory') {
        await collect();
        send({ type: 'memory', usage: process.memoryUsage(), gc: typeof (globalThis as { gc?: unknown }).gc === 'function' });
      } else if (msg.type === 'cpu') {
        send({ type: 'cpu', usage: process.cpuUsage() });
      } else if (msg.type === 'stop') {
        await instance.stop();
        send({ type: 'stopped' });
        process.exit(0);
      }
    })();
  });
  const trace = process.env['BENCH_MEM_TRACE'];
  if (trace) setInterval(() => void traceMemory(trace), MEM_TRACE_MS).unref();
  // The bench died or was interrupted: do not leave sessions running.
  process.once('disconnect', () => void instance.stop().finally(() => process.exit(0)));
  send({ type: 'ready', url: instance.server.url, wsUrl: instance.server.wsUrl, token: instance.server.token, pid: process.pid });
}

main().catch((err: Error) => {
  send({ type: 'error', message: err.stack ?? err.message });
  process.exit(1);
});
