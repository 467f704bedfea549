import { describe, expect, it } from 'vitest';
import { CortexBackend } from '../service/cortex-backend.js';
import { SnapshotRepository } from '../store/snapshot-repository.js';
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
});
