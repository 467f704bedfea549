import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WsClient } from '../../backend/client/ws-client.js';
import type { BackendChildConfig, ChildReply, ChildRequest } from './backend-protocol.js';

/** Longest wait for the child to start its server, ms (tsx compiles the backend first). */
const START_TIMEOUT_MS = 60_000;
/** Longest wait for a memory reading or a clean stop, ms. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A custom agent profile (the data dir's profiles.json; see backend/agents/profile-schema.ts). */
export interface BenchProfile {
  id: string;
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** Options of {@link startBackendProcess}. */
export interface BackendProcessOptions {
  /** Custom profiles written to the temp data dir before the backend starts. */
  profiles?: BenchProfile[];
  staticDir?: string;
  scrollback?: number;
  /**
   * Root of another checkout whose backend the child runs (its own
   * `bench/harness/backend-child.ts` and backend sources, under its own tsx): A/B of two
   * backends in one run. Default: this tree.
   */
  tree?: string;
}

/** A backend child process running browser mode on 127.0.0.1 with a temp data dir. */
export interface BackendProcess {
  url: string;
  wsUrl: string;
  token: string;
  pid: number;
  dataDir: string;
  /** A new WebSocket client of this instance. */
  connect(): Promise<WsClient>;
  /** `process.memoryUsage()` of the child after forced full GCs (bytes). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** CPU time the child has used so far, ms (user + system; all its threads). */
  cpuMs(): Promise<number>;
  /** Stops the instance (kills every session), waits for the child to exit, removes the data dir. */
  stop(): Promise<void>;
}

/**
 * Forks bench/harness/backend-child.ts under tsx with `--expose-gc` and waits until its
 * browser-mode server listens. Custom profiles let a session run a fixed argv (e.g. `cat`
 * of the bench file) without a shell typing it, so the first byte out is the program's.
 * @throws Error when the child fails to start within {@link START_TIMEOUT_MS}
 */
export async function startBackendProcess(opts: BackendProcessOptions = {}): Promise<BackendProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cortex-bench-data-'));
  if (opts.profiles) writeFileSync(join(dataDir, 'profiles.json'), JSON.stringify({ profiles: opts.profiles }, null, 2));
  const config: BackendChildConfig = { dataDir, staticDir: opts.staticDir, scrollback: opts.scrollback };
  const entry = opts.tree ? join(opts.tree, 'bench', 'harness', 'backend-child.ts') : fileURLToPath(new URL('./backend-child.ts', import.meta.url));
  const child = fork(entry, [], {
    ...(opts.tree ? { cwd: opts.tree } : {}),
    execArgv: ['--import', 'tsx', '--expose-gc', ...profileArgs()],
    env: { ...process.env, BENCH_BACKEND_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextReply(child, 'ready', START_TIMEOUT_MS).catch((err: Error) => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  if (ready.type !== 'ready') throw new Error('unreachable');
  let stopped: Promise<void> | null = null;
  return {
    url: ready.url,
    wsUrl: ready.wsUrl,
    token: ready.token,
    pid: ready.pid,
    dataDir,
    connect: () => WsClient.connect(ready.wsUrl, ready.token),
    memory: async () => {
      request(child, { type: 'memory' });
      const r = await nextReply(child, 'memory', REQUEST_TIMEOUT_MS);
      if (r.type !== 'memory') throw new Error('unreachable');
      if (!r.gc) throw new Error('the backend child has no gc(): --expose-gc was not applied');
      return r.usage;
    },
    cpuMs: async () => {
      request(child, { type: 'cpu' });
      const r = await nextReply(child, 'cpu', REQUEST_TIMEOUT_MS);
      if (r.type !== 'cpu') throw new Error('unreachable');
      return (r.usage.user + r.usage.system) / 1000;
    },
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          request(child, { type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), REQUEST_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}

/**
 * With BENCH_CPU_PROFILE=<dir>, each backend child writes a V8 CPU profile there on exit
 * (open it in Chrome DevTools): where the backend's time goes during the benchmarks.
 */
function profileArgs(): string[] {
  const dir = process.env['BENCH_CPU_PROFILE'];
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

function request(child: ChildProcess, msg: ChildRequest): void {
  child.send(msg);
}

function nextReply(child: ChildProcess, type: ChildReply['type'], timeoutMs: number): Promise<ChildReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`backend child: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (msg: ChildReply) => {
      if (msg.type === 'error') done(new Error(`backend child failed: ${msg.message}`));
      else if (msg.type === type) done(null, msg);
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`backend child exited (code ${code}, signal ${signal}) before "${type}"`));
    function done(err: Error | null, msg?: ChildReply): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(msg!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
