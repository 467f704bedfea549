import { spawn } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CortexBackend } from '../service/cortex-backend.js';
import { tempDir, testShellEnv } from '../../test/support/temp.js';

const SERVE_MAIN = fileURLToPath(new URL('../server/serve-main.ts', import.meta.url));

/** Starts browser mode in a child process; resolves with its output once it printed its URL or exited. */
function serve(dataDir: string): { done: Promise<{ code: number | null; out: string }>; stop(): void; up: Promise<boolean> } {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_MAIN, '--port', '0'], {
    env: { ...testShellEnv(), CORTEX_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let markUp: (v: boolean) => void = () => undefined;
  const up = new Promise<boolean>((r) => (markUp = r));
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.includes('Open: http')) markUp(true);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const done = new Promise<{ code: number | null; out: string }>((r) =>
    child.once('exit', (code) => {
      markUp(false);
      r({ code, out });
    }),
  );
  return { done, up, stop: () => child.kill('SIGTERM') };
}

describe('one instance per data folder', () => {
  it('two instances started in the same instant: exactly one runs, the other says which one holds the folder', async () => {
    const data = tempDir('cortex-data-');
    const a = serve(data.dir);
    const b = serve(data.dir);
    try {
      const ups = await Promise.all([a.up, b.up]);
      expect(ups.filter(Boolean)).toHaveLength(1);
      const loser = ups[0] ? b : a;
      const { code, out } = await loser.done;
      expect(code).toBe(1);
      expect(out).toContain(`Phantom Cortex is already running with this data folder`);
      expect(out).toContain(data.dir);
    } finally {
      a.stop();
      b.stop();
      await Promise.all([a.done, b.done]);
      data.cleanup();
    }
  }, 60_000);

  it('the lock goes with the instance: a new one starts after the first stopped', async () => {
    const data = tempDir('cortex-data-');
    try {
      const first = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
      await expect(CortexBackend.create({ dataDir: data.dir, env: testShellEnv() })).rejects.toThrow(/already running with this data folder/);
      await first.close();
      const second = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
      await second.close();
    } finally {
      data.cleanup();
    }
  });
});

describe.skipIf(process.platform === 'win32')('files private to the user', () => {
  it('fixes a 0755 data folder to 0700 and creates the database, its WAL and SHM 0600', async () => {
    const data = tempDir('cortex-data-');
    const umask = process.umask(0o022);
    try {
      chmodSync(data.dir, 0o755);
      const backend = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
      try {
        // A write makes sure the WAL exists.
        backend.settings.set({ scrollbackLines: 1234 });
        expect(statSync(data.dir).mode & 0o777).toBe(0o700);
        for (const f of ['cortex.sqlite', 'cortex.sqlite-wal', 'cortex.sqlite-shm', 'instance.lock']) {
          expect({ f, mode: (statSync(join(data.dir, f)).mode & 0o777).toString(8) }).toEqual({ f, mode: '600' });
        }
      } finally {
        await backend.close();
      }
    } finally {
      process.umask(umask);
      data.cleanup();
    }
  });
});
