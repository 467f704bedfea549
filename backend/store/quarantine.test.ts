import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CortexBackend } from '../service/cortex-backend.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';

describe('a corrupt row is quarantined, never fatal', () => {
  it('a session row with a bad control character in its JSON: skipped with a warning naming table and id, shown once, the rest starts', async () => {
    const data = tempDir('cortex-data-');
    const work = tempDir();
    try {
      const a = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
      const { project } = a.projects.add(work.dir);
      const good = a.sessions.start({ project, agent: 'shell', cols: 80, rows: 24 });
      const bad = a.sessions.start({ project, agent: 'shell', cols: 80, rows: 24 });
      await a.close();
      const db = new Database(join(data.dir, 'cortex.sqlite'));
      db.prepare(`UPDATE sessions SET argv = '["bash' || char(1) || '"]' WHERE id = ?`).run(bad.id);
      db.close();

      const warn = vi.spyOn(console, 'warn');
      const b = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
      try {
        expect(b.sessions.list().map((s) => s.id)).toEqual([good.id]);
        b.sessions.list();
        const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('corrupt row'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`table sessions (id ${bad.id})`);
        const problems = b.health.problems();
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ kind: 'corrupt-rows' });
        expect(problems[0]!.message).toContain(bad.id);
        // The good session came back and runs.
        await waitFor(() => b.sessions.get(good.id).state !== 'exited', 10_000, 'the good session');
      } finally {
        warn.mockRestore();
        await b.close();
      }
    } finally {
      data.cleanup();
      work.cleanup();
    }
  }, 60_000);

  it('a database file that is not one: the error names the file', async () => {
    const data = tempDir('cortex-data-');
    try {
      writeFileSync(join(data.dir, 'cortex.sqlite'), 'this is not a database, just text that is long enough '.repeat(40));
      await expect(CortexBackend.create({ dataDir: data.dir, env: testShellEnv() })).rejects.toThrow(join(data.dir, 'cortex.sqlite'));
    } finally {
      data.cleanup();
    }
  });
});
