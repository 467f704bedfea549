import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readEndpoint, type Endpoint } from '../transport/endpoint-file.js';
import { WsClient } from '../transport/ws-client.js';
import { waitFor } from './temp.js';

const SERVE_MAIN = fileURLToPath(new URL('../server/serve-main.ts', import.meta.url));

/** A backend in its own process (browser mode), as a user runs it, and a client of it. */
export interface BackendProcess {
  child: ChildProcess;
  endpoint: Endpoint;
  client: WsClient;
  /** SIGTERM (a normal quit) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  crash(): Promise<void>;
}

/**
 * Starts `serve-main.ts` through tsx in a child process with `CORTEX_DATA_DIR=dataDir`,
 * waits for its endpoint file and connects. @throws Error when it does not come up in 30 s
 */
export async function startBackendProcess(dataDir: string, env: NodeJS.ProcessEnv): Promise<BackendProcess> {
  const before = readEndpoint(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_MAIN, '--port', '0'], {
    env: { ...env, CORTEX_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
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
  };
}
