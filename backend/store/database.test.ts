import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_FILES } from '../config/data-dir.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../../test/support/temp.js';
import { migrate, openDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function tempFile(): string {
  const t = tempDir('cortex-db-');
  cleanups.push(t.cleanup);
  return join(t.dir, 'cortex.sqlite');
}
const tables = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);

/** The store: one better-sqlite3 file, WAL, migrations counted by PRAGMA user_version. */
describe('the SQLite store', () => {
  it('a new file gets WAL and every migration; opening it again changes nothing', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(expect.arrayContaining(['projects', 'sessions', 'session_events']));
    db.prepare("INSERT INTO projects (id, name, path, created_at) VALUES ('p', 'demo', '/demo', 1)").run();
    db.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT name FROM projects').all()).toEqual([{ name: 'demo' }]);
    again.close();
  });

  it('a file from an older build is migrated, its rows kept (the skeleton\'s "running" session becomes idle)', () => {
    const file = tempFile();
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO projects (id, name, path, created_at) VALUES ('p', 'demo', '/demo', 1)").run();
    old.prepare(
      "INSERT INTO sessions (id, project_id, agent, argv, cwd, state, state_since, started_at, cols, rows) VALUES ('s', 'p', 'shell', '[\"/bin/bash\"]', '/demo', 'running', 2, 2, 80, 24)",
    ).run();
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT agent, argv, cwd, state, state_source FROM sessions WHERE id = 's'").get()).toEqual({
      agent: 'shell',
      argv: '["/bin/bash"]',
      cwd: '/demo',
      state: 'idle',
      state_source: 'process',
    });
    expect(tables(db)).toEqual(expect.arrayContaining(['tasks', 'session_snapshots', 'cache_entries']));
    db.close();
  });

  it('a file from a newer build is refused with a clear error, and left as it was', () => {
    const file = tempFile();
    const future = new Database(file);
    future.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    future.close();
    expect(() => openDatabase(file)).toThrow(
      `This database was written by a newer Phantom Cortex (schema ${MIGRATIONS.length + 1}, this build knows ${MIGRATIONS.length}). Update the app or point CORTEX_DATA_DIR elsewhere.`,
    );
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(tables(check)).toEqual([]);
    check.close();
  });

  it('a migration that fails leaves the file at the last one that ran', () => {
    const file = tempFile();
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.exec('CREATE TABLE cache_entries (x INTEGER)'); // migration 2 creates this table: it fails
    expect(() => migrate(db)).toThrow(/cache_entries already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('a real backend records a project, a session (profile, argv, cwd, started, ended, exit code, state) and its event log', async () => {
    const t: TestInstance = await startTestInstance();
    cleanups.push(() => t.stop());
    const repo = tempGitRepo({ 'README.md': '# demo\n' });
    cleanups.push(repo.cleanup);
    const project = await t.client.call('projects.add', { path: repo.dir });
    const s = await t.client.call('sessions.start', { projectId: project.id, agent: 'shell', cols: 100, rows: 30 });
    await t.client.call('sessions.write', { id: s.id, data: 'exit 3\r' });
    await waitFor(async () => (await t.client.call('sessions.get', { id: s.id })).state === 'exited', 15_000, 'the shell to exit');

    // Read the file itself, as another process would (WAL lets a reader in beside the writer).
    const db = new Database(join(t.dataDir, DATA_FILES.database), { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    expect(db.prepare('SELECT name, path FROM projects WHERE id = ?').get(project.id)).toEqual({ name: project.name, path: repo.dir });
    const row = db.prepare('SELECT project_id, agent, argv, cwd, state, started_at, ended_at, exit_code, signal FROM sessions WHERE id = ?').get(s.id) as Record<string, unknown>;
    expect(row).toMatchObject({ project_id: project.id, agent: 'shell', cwd: repo.dir, state: 'exited', exit_code: 3, signal: null });
    expect(JSON.parse(row['argv'] as string)).toEqual(s.argv);
    expect(row['ended_at']).toBeGreaterThanOrEqual(row['started_at'] as number);
    const kinds = (db.prepare('SELECT kind FROM session_events WHERE session_id = ? ORDER BY id').all(s.id) as { kind: string }[]).map((e) => e.kind);
    expect(kinds[0]).toBe('started');
    expect(kinds[kinds.length - 1]).toBe('exited');
    const exited = db.prepare("SELECT detail FROM session_events WHERE session_id = ? AND kind = 'exited'").get(s.id) as { detail: string };
    expect(JSON.parse(exited.detail)).toMatchObject({ exitCode: 3, signal: null });
  }, 30_000);
});
