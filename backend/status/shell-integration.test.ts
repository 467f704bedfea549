import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { shellIntegrationArgv } from './shell-integration.js';

let t: TestInstance;
const dir = tempDir();
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await t?.stop();
  dir.cleanup();
});

const get = (id: string): Promise<Session> => t.client.call('sessions.get', { id });

describe('shell integration (OSC 133) through the real session manager', () => {
  it('a silent `sleep 8` reads working until the prompt returns; the exit code is recorded', async () => {
    const s = await t.client.call('sessions.start', { path: dir.dir, agent: 'shell' });
    expect(s.argv.slice(1)).toEqual(['--rcfile', join(t.dataDir, 'shell-integration', 'bash-rc.sh'), '-i']);
    await waitFor(async () => (await get(s.id)).state === 'idle', 15_000, 'idle at the prompt');
    const notes: EventPayload<'session.notify'>[] = [];
    t.client.on('session.notify', (n) => notes.push(n));
    await t.client.call('sessions.write', { id: s.id, data: 'sleep 8; (exit 3)\r' });
    await waitFor(async () => (await get(s.id)).state === 'working', 5_000, 'working');
    // Sample the whole silent sleep: the screen is still and unrecognised, the shell's marks say a command runs.
    const seen: string[] = [];
    const until = Date.now() + 6_000;
    while (Date.now() < until) {
      const x = await get(s.id);
      seen.push(`${x.state}/${x.stateSource}`);
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(new Set(seen)).toEqual(new Set(['working/terminal']));
    const idle = await waitFor(async () => {
      const x = await get(s.id);
      return x.state === 'idle' ? x : null;
    }, 10_000, 'idle after the command');
    expect(idle).toMatchObject({ stateSource: 'terminal', stateReason: expect.stringMatching(/^shell prompt: the command exited with code 3 \(OSC 133\)/) });
    const commands = t.instance.backend.db
      .prepare("SELECT json_extract(detail, '$.exitCode') AS code FROM session_events WHERE session_id = ? AND kind = 'command' ORDER BY id")
      .all(s.id)
      .map((r) => (r as { code: number }).code);
    expect(commands).toEqual([3]);
    expect(notes.filter((n) => n.sessionId === s.id && n.kind === 'waiting')).toEqual([]);
    await t.client.call('sessions.write', { id: s.id, data: 'exit 0\r' });
    await waitFor(async () => (await get(s.id)).state === 'exited', 10_000, 'exited');
  });

  it('the rc file is private, under the data dir, and reads the user\u2019s own rc files; other argv are left alone', () => {
    const argv = shellIntegrationArgv(['/bin/bash'], t.dataDir)!;
    const file = argv[2]!;
    expect(file.startsWith(t.dataDir)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('. "$HOME/.bashrc"');
    expect(shellIntegrationArgv(['/bin/bash', '-c', 'echo hi'], t.dataDir)).toBeNull();
    expect(shellIntegrationArgv(['/bin/bash', '--login'], t.dataDir)).toBeNull();
    expect(shellIntegrationArgv(['/usr/bin/python3'], t.dataDir)).toBeNull();
  });
});
