import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GC_DONE_LINE, GC_SIGNAL } from '../../backend/server/gc-on-signal.js';
import { readEndpoint, type Endpoint } from '../../backend/config/endpoint-file.js';
import { WsClient } from '../../backend/client/ws-client.js';
import { waitFor } from './temp.js';

const SERVE_MAIN = fileURLToPath(new URL('../../backend/server/serve-main.ts', import.meta.url));

/** A backend in its own process (browser mode), as a user runs it, and a client of it. */
export interface BackendProcess {
  child: ChildProcess;
  endpoint: Endpoint;
  client: WsClient;
  /** SIGTERM (a normal quit) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  crash(): Promise<void>;
  /**
   * Full garbage collection in every isolate of the backend (main and mirror worker), for
   * memory readings. Only when started with `exposeGc`.
   * @throws Error when it was not, or no answer came within 10 s
   */
  collectGarbage(): Promise<void>;
  /** Everything it printed so far (stdout and stderr, in arrival order). */
  output(): string;
}

/** Options of {@link startBackendProcess}. */
export interface BackendProcessOptions {
  /** Run with `--expose-gc`, so {@link BackendProcess.collectGarbage} works. */
  exposeGc?: boolean;
  /** Modules Node loads before the entry (`--import`, after tsx), e.g. a test's fault injector. */
  preload?: readonly string[];
  /** Arguments for serve-main after `--port 0`, e.g. `['--static', dir]`. */
  args?: readonly string[];
  /** Give the child a pipe on stdin (`child.stdin`), for a preloaded module that reads it. */
  stdin?: boolean;
}

/** Longest wait for the backend to answer a collection request, ms. */
const GC_TIMEOUT_MS = 10_000;

/**
 * Starts `serve-main.ts` through tsx in a child process with `CORTEX_DATA_DIR=dataDir`,
 * waits for its endpoint file and connects (see {@link BackendProcessOptions}).
 * @throws Error when it does not come up in 30 s
 */
export async function startBackendProcess(dataDir: string, env: NodeJS.ProcessEnv, opts: BackendProcessOptions = {}): Promise<BackendProcess> {
  const before = readEndpoint(dataDir);
  const preload = (opts.preload ?? []).flatMap((m) => ['--import', m]);
  const node = [...(opts.exposeGc ? ['--expose-gc'] : []), '--import', 'tsx', ...preload, SERVE_MAIN, '--port', '0', ...(opts.args ?? [])];
  const child = spawn(process.execPath, node, {
    env: { ...env, CORTEX_DATA_DIR: dataDir },
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let outTail = '';
  const gcWaiters: (() => void)[] = [];
  child.stdout!.on('data', (d) => {
    log += d;
    outTail += d;
    for (let i = outTail.indexOf(GC_DONE_LINE); i >= 0; i = outTail.indexOf(GC_DONE_LINE)) {
      outTail = outTail.slice(i + GC_DONE_LINE.length);
      gcWaiters.shift()?.();
    }
    outTail = outTail.slice(-GC_DONE_LINE.length); // a line split across chunks
  });
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const endpoint = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`backend exited early: ${log}`);
      const ep = readEndpoint(dataDir);
      return ep && ep.pid === child.pid && ep !== before ? ep : null;
    },
    30_000,
    'the backend endpoint file',
  );
  const client = await WsClient.connect(endpoint.wsUrl, endpoint.token);
  return {
    child,
    endpoint,
    client,
    output: () => log,
    stop: async () => {
      await client.close();
      child.kill('SIGTERM');
      await exited;
    },
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
      await client.close();
    },
    collectGarbage: () => {
      if (!opts.exposeGc) return Promise.reject(new Error('collectGarbage needs startBackendProcess(…, { exposeGc: true })'));
      return new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          gcWaiters.splice(gcWaiters.indexOf(done), 1);
          reject(new Error(`the backend did not answer ${GC_SIGNAL} within ${GC_TIMEOUT_MS} ms`));
        }, GC_TIMEOUT_MS);
        gcWaiters.push(done);
        child.kill(GC_SIGNAL);
      });
    },
  };
}
