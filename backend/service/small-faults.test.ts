import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError } from '../contract/index.js';
import { runCli } from '../../cli/main.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';

let t: TestInstance;
const work = tempDir();
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await t?.stop();
  work.cleanup();
});

async function cli(args: string[], dataDir = t.dataDir) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...process.env, CORTEX_DATA_DIR: dataDir },
    cwd: work.dir,
  });
  return { code, stdout, stderr };
}

describe('smaller faults', () => {
  it('sessions.resize on an exited session answers SESSION_EXITED, as documented', async () => {
    const s = await t.client.call('sessions.start', { path: work.dir, agent: 'shell' });
    await t.client.call('sessions.kill', { id: s.id });
    await waitFor(async () => (await t.client.call('sessions.get', { id: s.id })).state === 'exited', 10_000, 'exited');
    const err = await t.client.call('sessions.resize', { id: s.id, cols: 90, rows: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CortexError);
    expect((err as CortexError).code).toBe('SESSION_EXITED');
  });

  it('`cortex start ""` is refused as a usage error and starts nothing', async () => {
    const before = (await t.client.call('sessions.list', {})).length;
    const r = await cli(['start', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/The folder is empty/);
    expect((await t.client.call('sessions.list', {})).length).toBe(before);
  });

  it('the CLI does not create a mistyped data folder, and names the real problem of an unreadable one', async () => {
    const typo = join(work.dir, 'Phantom Cortx');
    const r = await cli(['sessions'], typo);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${typo}: that folder does not exist`);
    expect(existsSync(typo)).toBe(false);
    if (process.getuid?.() !== 0) {
      const locked = join(work.dir, 'locked');
      mkdirSync(locked, { mode: 0o000 });
      const r2 = await cli(['sessions'], locked);
      expect(r2.stderr).toMatch(/you may not read that folder \(EACCES\)/);
      chmodSync(locked, 0o700);
    }
  });

  it('a relative profile command is resolved from the folder of profiles.json and run as that same file', async () => {
    mkdirSync(join(t.dataDir, 'bin'), { recursive: true });
    const script = join(t.dataDir, 'bin', 'my-agent');
    writeFileSync(script, '#!/bin/sh\necho "my agent ran in $(pwd)"\nsleep 30\n', { mode: 0o755 });
    writeFileSync(join(t.dataDir, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'mine', name: 'Mine', command: 'bin/my-agent' }] }));
    try {
      const { agents } = await t.client.call('agents.list', {});
      const mine = agents.find((a) => a.id === 'mine');
      expect(mine).toMatchObject({ installed: true, resolvedPath: script });
      // The session runs in another folder; the command is still the same file.
      const s = await t.client.call('sessions.start', { path: work.dir, agent: 'mine' });
      await waitFor(async () => (await t.client.call('sessions.screen', { id: s.id })).text.includes(`my agent ran in ${work.dir}`), 10_000, 'the agent output');
      await t.client.call('sessions.kill', { id: s.id });
    } finally {
      writeFileSync(join(t.dataDir, 'profiles.json'), '{"profiles": []}');
    }
  });
});
