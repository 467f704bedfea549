import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The browser-mode entry the build writes (`npm run build:node`). */
export const SERVE_MAIN = resolve('dist/node/backend/server/serve-main.js');
/** The built renderer the server serves (`npm run build:frontend`). */
export const RENDERER_INDEX = resolve('dist/frontend/browser/index.html');
/** Longest wait for the server to print its URL, ms. */
const START_TIMEOUT_MS = 30_000;
/** Longest wait for the server to stop after SIGTERM before SIGKILL, ms. */
const STOP_TIMEOUT_MS = 10_000;
/** A plain prompt (`folder $`) so screenshots and assertions do not depend on the machine's ~/.bashrc. */
const TEST_BASHRC = `PS1='\\[\\e[1;34m\\]\\W\\[\\e[0m\\] \\$ '\nexport HISTFILE=/dev/null\n`;

/** Options of {@link startServer}. */
export interface ServerOptions {
  /**
   * Folder holding `data/` and `home/` from an earlier {@link startServer} (its
   * {@link RunningServer.root}): start again on the same database, as after an app restart.
   */
  root?: string;
  /** Start without `--port 0`: reuse the data dir's last port, as `npm run serve` does. */
  stablePort?: boolean;
  /** Environment variables to set or replace for the server (e.g. a PATH where no coding agent is found). */
  env?: Record<string, string>;
}

/** A running browser-mode server. */
export interface RunningServer {
  /** Folder holding its data dir and temp HOME. */
  root: string;
  /** Page URL with its token: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  /** Its fresh data dir (CORTEX_DATA_DIR). */
  dataDir: string;
  /** Everything it printed, for failure reports. */
  output: () => string;
  /** SIGTERM, then SIGKILL after {@link STOP_TIMEOUT_MS}; removes the temp dirs unless `keepData`. */
  stop: (opts?: { keepData?: boolean }) => Promise<void>;
  /** `kill -9` of the server alone (its sessions' process groups are left as orphans); keeps the data. */
  kill9: () => Promise<void>;
}

/**
 * Starts `node dist/node/backend/server/serve-main.js --port 0` with a fresh temp
 * CORTEX_DATA_DIR, a temp HOME with a plain bash prompt, and SHELL=/bin/bash.
 * @throws Error when the build is missing or the server does not print its URL in time
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  for (const f of [SERVE_MAIN, RENDERER_INDEX]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'cortex-e2e-'));
  const dataDir = join(root, 'data');
  const home = join(root, 'home');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, '.bashrc'), TEST_BASHRC);
  const child = spawn(process.execPath, [SERVE_MAIN, ...(options.stablePort ? [] : ['--port', '0'])], {
    env: { ...process.env, ...options.env, CORTEX_DATA_DIR: dataDir, HOME: home, SHELL: '/bin/bash' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const url = await waitForUrl(child, () => output);
  return {
    root,
    url,
    dataDir,
    output: () => output,
    kill9: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
    stop: async (opts = {}) => {
      await stopChild(child);
      if (!opts.keepData) rmSync(root, { recursive: true, force: true });
    },
  };
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => fail(new Error(`The server did not print its URL within ${START_TIMEOUT_MS} ms.`)), START_TIMEOUT_MS);
    const onData = () => {
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output());
      if (m) {
        cleanup();
        resolveUrl(m[1]!);
      }
    };
    const onExit = (code: number | null) => fail(new Error(`The server exited (code ${code}) before printing its URL.`));
    const fail = (err: Error) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n--- server output ---\n${output()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}
