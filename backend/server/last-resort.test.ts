import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Session } from '../contract/index.js';
import { WsClient } from '../client/ws-client.js';
import { startBackendProcess } from '../../test/support/backend-process.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';

/**
 * Test code loaded into the real backend with Node's `--import`: it raises, on a line on its
 * stdin, an exception from a timer callback or a rejection nothing catches. Product code is
 * run unchanged; what happens to the fault is up to serve-main's `installLastResort`.
 */
const FAULT_INJECTOR = pathToFileURL(join(import.meta.dirname, '../../test/fixtures/fault-injector.mjs')).href;
/** A marker page the instance serves over HTTP, to tell its answer from any other. */
const PAGE = '<!doctype html><title>last-resort-page</title>';

async function echo(client: WsClient, s: Session, word: string): Promise<void> {
  // Split by quotes, so the typed command does not already contain the word.
  await client.call('sessions.write', { id: s.id, data: `echo ${word.slice(0, 3)}""${word.slice(3)}\r` });
  await waitFor(async () => (await client.call('sessions.screen', { id: s.id })).text.includes(word), 15_000, word);
}

describe('the last-resort handler of browser mode (serve-main)', () => {
  it('an exception and a rejection nothing caught, outside any request: logged by name, and the instance serves on with its sessions', async () => {
    const data = tempDir('cortex-data-');
    const work = tempDir();
    const site = tempDir('cortex-static-');
    writeFileSync(join(site.dir, 'index.html'), PAGE);
    const b = await startBackendProcess(data.dir, testShellEnv(), { preload: [FAULT_INJECTOR], args: ['--static', site.dir], stdin: true });
    let second: WsClient | null = null;
    // A write to a process that died fails with EPIPE: the assertions below report that.
    b.child.stdin!.on('error', () => undefined);
    try {
      const s = await b.client.call('sessions.start', { path: work.dir, agent: 'shell' });
      await echo(b.client, s, 'before-faults');

      b.child.stdin!.write('throw uncaught-7f3a\n');
      await waitFor(() => b.output().includes('injected fault uncaught-7f3a') || b.child.exitCode !== null, 15_000, 'the thrown fault in the log');
      b.child.stdin!.write('reject rejection-9c1e\n');
      await waitFor(() => b.output().includes('injected rejection rejection-9c1e') || b.child.exitCode !== null, 15_000, 'the rejection in the log');

      // Still running, and the log says what was caught and names each error.
      expect({ exitCode: b.child.exitCode, signal: b.child.signalCode }, b.output()).toEqual({ exitCode: null, signal: null });
      expect(b.output()).toMatch(/an unexpected error was caught; the instance runs on: Error: injected fault uncaught-7f3a/);
      expect(b.output()).toMatch(/an unexpected rejection was caught; the instance runs on: Error: injected rejection rejection-9c1e/);

      // HTTP answers.
      const res = await fetch(new URL('/', b.endpoint.url));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(PAGE);

      // A new WebSocket client connects and sees the session; the live session still echoes.
      second = await WsClient.connect(b.endpoint.wsUrl, b.endpoint.token);
      expect((await second.call('sessions.list', {})).map((x) => x.id)).toContain(s.id);
      await echo(b.client, s, 'after-faults');
      await echo(second, s, 'second-client');
      expect((await b.client.call('sessions.get', { id: s.id })).state).not.toBe('exited');
    } finally {
      await second?.close();
      await b.stop();
      data.cleanup();
      work.cleanup();
      site.cleanup();
    }
  }, 90_000);
});
