import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthProblem, Session } from '../contract/index.js';
import { runCli } from '../../cli/main.js';
import { SnapshotRepository } from '../store/snapshot-repository.js';
import { startBrowserMode, type BrowserModeInstance } from '../server/browser-mode.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';
import { mountSmallDisk } from '../../test/support/small-disk.js';
import { WsClient } from '../client/ws-client.js';

/**
 * A full disk under the database: a real tmpfs of a few MiB holds the data folder, and a
 * file fills it. Needs the right to mount (root, or a container allowed to); else skipped,
 * saying so.
 */
const disk = mountSmallDisk(6, 'the full-disk test');

describe.skipIf(!disk)('a full disk under the database', () => {
  let instance: BrowserModeInstance;
  let client: WsClient;
  const dataDir = join(disk?.dir ?? '', 'data');
  const work = tempDir();

  beforeAll(async () => {
    mkdirSync(dataDir, { mode: 0o700 });
    instance = await startBrowserMode({ dataDir, env: testShellEnv() });
    client = await WsClient.connect(instance.server.wsUrl, instance.server.token);
  });
  afterAll(async () => {
    await client?.close();
    await instance?.stop();
    work.cleanup();
    disk?.unmount();
  });

  async function echo(s: Session, word: string): Promise<void> {
    await client.call('sessions.write', { id: s.id, data: `echo ${word.slice(0, 3)}""${word.slice(3)}\r` });
    await waitFor(async () => (await client.call('sessions.screen', { id: s.id })).text.includes(word), 15_000, word);
  }

  it('pauses snapshots with one clear error in the app and the CLI, keeps every session running, and resumes when space returns', async () => {
    const events: HealthProblem[][] = [];
    client.on('app.health', (e) => events.push(e.problems));
    const s = await client.call('sessions.start', { path: work.dir, agent: 'shell' });
    await echo(s, 'before-full');
    const repo = new SnapshotRepository(instance.backend.db);
    await waitFor(() => repo.get(s.id)?.data.includes('before-full'), 15_000, 'a first snapshot');

    disk!.fill();
    // Enough new scrollback that the snapshot needs pages the full disk cannot give.
    await client.call('sessions.write', { id: s.id, data: `seq -f 'line %g ${'x'.repeat(100)}' 1 3000\r` });
    const problems = await waitFor(async () => {
      const { problems } = await client.call('app.health', {});
      return problems.find((p) => p.kind === 'disk-full') ? problems : null;
    }, 30_000, 'the disk-full problem');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(`The disk holding ${join(dataDir, 'cortex.sqlite')} is full: snapshots are paused.`);
    // The session runs on while the disk is full.
    await echo(s, 'while-full');

    // The CLI says it too, on stderr, once.
    let stderr = '';
    const code = await runCli(['sessions'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      env: { ...process.env, CORTEX_DATA_DIR: dataDir },
      cwd: work.dir,
    });
    expect(code).toBe(0);
    expect(stderr.match(/is full: snapshots are paused/g)).toHaveLength(1);

    // Space returns: saving resumes on its own, and the problem goes away.
    disk!.free();
    await echo(s, 'after-space');
    await waitFor(async () => (await client.call('app.health', {})).problems.length === 0, 30_000, 'the problem to clear');
    await waitFor(() => repo.get(s.id)?.data.includes('after-space'), 30_000, 'a snapshot with the new output');
    // One event with the problem, one without: shown once, not once per failed write.
    const withProblem = events.filter((e) => e.some((p) => p.kind === 'disk-full'));
    expect(withProblem).toHaveLength(1);
    expect(events.at(-1)).toEqual([]);
    await client.call('sessions.kill', { id: s.id });
  }, 120_000);
});
