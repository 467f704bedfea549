import { describe, expect, it } from 'vitest';
import { CortexBackend } from '../service/cortex-backend.js';
import { SnapshotRepository } from '../store/snapshot-repository.js';
import { SessionRepository } from '../store/session-repository.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';

describe('exited sessions keep their final screen and scrollback after a restart', () => {
  it('screen and attach show what the session printed before it exited; removing the session removes it', async () => {
    const data = tempDir('cortex-data-');
    const work = tempDir();
    try {
      const a = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
      const { project } = a.projects.add(work.dir);
      const s = a.sessions.start({ project, agent: 'shell', cols: 80, rows: 24 });
      a.sessions.write(s.id, 'for i in $(seq 1 60); do echo "why-it-failed-$i"; done; exit 3\r');
      await waitFor(() => a.sessions.get(s.id).state === 'exited', 15_000, 'the exit');
      await a.close();

      const b = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
      try {
        expect(b.sessions.get(s.id)).toMatchObject({ state: 'exited', exitCode: 3 });
        const screen = await b.sessions.screen(s.id);
        expect(screen.text).toContain('why-it-failed-60');
        // The scrollback too: what scrolled off the screen comes with an attach.
        const { attachment } = await b.sessions.attach(s.id, () => undefined, false);
        expect(attachment?.snapshot).toContain('why-it-failed-1\r\n');
        attachment?.detach();
        await b.sessions.remove(s.id);
        expect(new SnapshotRepository(b.db).get(s.id)).toBeUndefined();
      } finally {
        await b.close();
      }
    } finally {
      data.cleanup();
      work.cleanup();
    }
  }, 60_000);

  it('the saved screens of exited sessions stay within their size budget: the oldest is dropped, and says so', async () => {
    const data = tempDir('cortex-data-');
    const work = tempDir();
    // Each session prints ~60 KB that stays in its scrollback; the budget holds about two.
    const budget = 150_000;
    try {
      const a = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv(), exitedScreensBudgetBytes: budget });
      const { project } = a.projects.add(work.dir);
      const ids: string[] = [];
      for (const n of [1, 2, 3]) {
        const s = a.sessions.start({ project, agent: 'shell', cols: 120, rows: 24 });
        ids.push(s.id);
        a.sessions.write(s.id, `for i in $(seq 1 600); do printf 'run-${n}-line-%04d %0100d\\n' $i 0; done; exit ${n}\r`);
        await waitFor(() => a.sessions.get(s.id).state === 'exited', 30_000, `session ${n} to exit`);
        // Its final screen is saved before the next one starts, as it would be in use.
        await waitFor(() => new SnapshotRepository(a.db).get(s.id)?.data.includes(`run-${n}-line-0600`) ?? false, 15_000, `session ${n}'s final save`);
      }
      await a.close();

      // The next start counts the last exit's final save too.
      const b = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv(), exitedScreensBudgetBytes: budget });
      try {
        const repo = new SnapshotRepository(b.db);
        const sizes = repo.exitedScreenSizes();
        expect(sizes.reduce((n, x) => n + x.bytes, 0)).toBeLessThanOrEqual(budget);
        // The oldest session's screen is gone, its row and exit code stay, and its history says why.
        expect(repo.get(ids[0]!)).toBeUndefined();
        expect(b.sessions.get(ids[0]!)).toMatchObject({ state: 'exited', exitCode: 1 });
        expect((await b.sessions.screen(ids[0]!)).text.trim()).toBe('');
        const events = new SessionRepository(b.db).events(ids[0]!).map((e) => JSON.stringify(e));
        expect(events.some((e) => /snapshot/.test(e) && /oldest are dropped/.test(e))).toBe(true);
        // The newest keeps what it printed, scrollback included.
        expect((await b.sessions.screen(ids[2]!)).text).toContain('run-3-line-0600');
        expect(repo.get(ids[2]!)?.data).toContain('run-3-line-0001');
      } finally {
        await b.close();
      }
    } finally {
      data.cleanup();
      work.cleanup();
    }
  }, 120_000);
});
