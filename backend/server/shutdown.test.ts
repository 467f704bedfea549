import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../pty/process-group.js';
import { readEndpoint } from '../config/endpoint-file.js';
import { WsClient } from '../client/ws-client.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';
import { SHUTDOWN_DEADLINE_MS } from './shutdown.js';

const WRAPPER = fileURLToPath(new URL('../../scripts/backend-wrapper.mjs', import.meta.url));
const SERVE_MAIN = fileURLToPath(new URL('./serve-main.ts', import.meta.url));

/**
 * Browser mode as `npm run serve` runs it: a wrapper process (the group leader, as npm's
 * is in a terminal) and the backend as its child; one session runs a program that traps
 * SIGTERM, SIGHUP and SIGINT, as real agent CLIs do.
 */
async function startWrapped() {
  const data = tempDir('cortex-data-');
  const work = tempDir();
  const wrapper = spawn(process.execPath, [WRAPPER, '--import', 'tsx', SERVE_MAIN, '--port', '0'], {
    env: { ...testShellEnv(), CORTEX_DATA_DIR: data.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  wrapper.stdout!.on('data', (d) => (log += d));
  wrapper.stderr!.on('data', (d) => (log += d));
  const ep = await waitFor(() => readEndpoint(data.dir), 30_000, 'the endpoint file');
  const client = await WsClient.connect(ep.wsUrl, ep.token);
  const s = await client.call('sessions.start', { path: work.dir, agent: 'shell' });
  await client.call('sessions.write', { id: s.id, data: `exec bash -c 'trap "" TERM HUP INT; echo TRAPPED-$$; while :; do sleep 0.2; done'\r` });
  const text = await waitFor(async () => /TRAPPED-(\d+)/.exec((await client.call('sessions.screen', { id: s.id })).text), 15_000, 'the trapping program');
  const trapped = Number(text[1]);
  await client.close();
  return {
    wrapper,
    backendPid: ep.pid,
    trapped,
    log: () => log,
    cleanup: () => {
      for (const pid of [wrapper.pid!, ep.pid, trapped]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      data.cleanup();
      work.cleanup();
    },
  };
}

const CASES: Array<[NodeJS.Signals, 'backend' | 'wrapper' | 'group']> = [];
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) for (const target of ['backend', 'wrapper', 'group'] as const) CASES.push([sig, target]);

describe.skipIf(process.platform === 'win32')('every way the instance stops ends every session, escalating to SIGKILL', () => {
  it.each(CASES)('%s to the %s', async (sig, target) => {
    const w = await startWrapped();
    try {
      expect(isAlive(w.trapped)).toBe(true);
      const pid = target === 'backend' ? w.backendPid : target === 'wrapper' ? w.wrapper.pid! : -w.wrapper.pid!;
      process.kill(pid, sig);
      await waitFor(() => !isAlive(w.trapped), SHUTDOWN_DEADLINE_MS + 5_000, `the trapping program to end (log: ${w.log()})`);
      await waitFor(() => !isAlive(w.backendPid) && !isAlive(w.wrapper.pid!), 10_000, 'the instance to exit');
    } finally {
      w.cleanup();
    }
  }, 60_000);

  it('a crash of the wrapper (SIGKILL) ends the backend and every session', async () => {
    const w = await startWrapped();
    try {
      process.kill(w.wrapper.pid!, 'SIGKILL');
      await waitFor(() => !isAlive(w.trapped), SHUTDOWN_DEADLINE_MS + 5_000, 'the trapping program to end');
      await waitFor(() => !isAlive(w.backendPid), 10_000, 'the backend to exit');
    } finally {
      w.cleanup();
    }
  }, 60_000);
});
