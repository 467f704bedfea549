import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { builtin, watch, type Watched } from '../../test/support/status-harness.js';

// Real PTYs through the real session code: what a person sees must be what the state says.

let t: TestInstance;
const dir = tempDir();
const open: Watched[] = [];
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
  await t?.stop();
  dir.cleanup();
});

const get = (id: string): Promise<Session> => t.client.call('sessions.get', { id });

describe('live status tells the truth', () => {
  it('a program that turns echo off and asks for a key reads waiting (termios), though its prompt ends like a shell prompt', async () => {
    // getpass: ECHO off, ICANON on. "key> " ends in ">", which the generic patterns read as a shell prompt.
    const w = watch(['/usr/bin/python3', '-c', 'import getpass; getpass.getpass("deploy key> ")'], builtin('shell'), { idleDebounceMs: 500 });
    open.push(w);
    const e = await w.until('waiting', 15_000);
    expect(e).toMatchObject({ source: 'screen', confidence: 'high', ask: 'deploy key>' });
    expect(e.reason).toMatch(/hidden input \(terminal echo off\)/);
    expect(w.events.map((x) => x.state)).not.toContain('idle');
    w.type('s3cret\r');
    expect((await w.until('exited', 10_000)).exitCode).toBe(0);
  });

  it("a custom profile's unrecognised still screen reads waiting \"not recognised\" and notifies with the screen's last line", async () => {
    const script = 'import time, sys; print("Syncing mirror"); print("stage 2 of 3 complete"); sys.stdout.flush(); time.sleep(60)';
    writeFileSync(join(t.dataDir, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'mirror-sync', name: 'Mirror sync', command: '/usr/bin/python3', args: ['-c', script] }] }));
    const notes: EventPayload<'session.notify'>[] = [];
    t.client.on('session.notify', (n) => notes.push(n));
    await t.client.call('sessions.focus', { id: null });
    const s = await t.client.call('sessions.start', { path: dir.dir, agent: 'mirror-sync' });
    const w = await waitFor(async () => {
      const x = await get(s.id);
      return x.state === 'waiting' ? x : null;
    }, 15_000, 'waiting');
    expect(w).toMatchObject({ stateSource: 'screen', stateReason: expect.stringMatching(/^screen not recognised: a person should look/) });
    await waitFor(() => notes.some((n) => n.sessionId === s.id), 5_000, 'a notification');
    expect(notes.find((n) => n.sessionId === s.id)).toMatchObject({ kind: 'waiting', title: 'Mirror sync needs you', body: 'stage 2 of 3 complete' });
    const states = t.instance.backend.db
      .prepare("SELECT json_extract(detail, '$.state') AS state FROM session_events WHERE session_id = ? AND kind = 'state' ORDER BY id")
      .all(s.id)
      .map((r) => (r as { state: string }).state);
    expect(states).not.toContain('idle');
    await t.client.call('sessions.kill', { id: s.id });
  });

  it('every transition into waiting notifies an unfocused session with what is asked: a menu\u2019s title, an OSC 9 notification\u2019s text', async () => {
    const menu = [
      'import time, sys',
      'print("Which environment should I deploy to?")',
      'print("")',
      'print("  \u276f staging")',
      'print("    production")',
      'print("    local")',
      'sys.stdout.flush(); time.sleep(60)',
    ].join('\n');
    const osc = 'import time, sys; print("building"); sys.stdout.flush(); time.sleep(1.5); sys.stdout.write("\\x1b]9;Build finished: review the release notes\\x07"); sys.stdout.flush(); time.sleep(60)';
    writeFileSync(
      join(t.dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          { id: 'deployer', name: 'Deployer', command: '/usr/bin/python3', args: ['-c', menu] },
          { id: 'builder', name: 'Builder', command: '/usr/bin/python3', args: ['-c', osc] },
        ],
      }),
    );
    const notes: EventPayload<'session.notify'>[] = [];
    t.client.on('session.notify', (n) => notes.push(n));
    await t.client.call('sessions.focus', { id: null });
    const a = await t.client.call('sessions.start', { path: dir.dir, agent: 'deployer' });
    const b = await t.client.call('sessions.start', { path: dir.dir, agent: 'builder' });
    await waitFor(() => notes.some((n) => n.sessionId === a.id) && notes.some((n) => n.sessionId === b.id), 20_000, 'both notified');
    expect(notes.find((n) => n.sessionId === a.id)).toMatchObject({ kind: 'waiting', title: 'Deployer needs you', body: 'Which environment should I deploy to?' });
    expect(notes.find((n) => n.sessionId === b.id)).toMatchObject({ kind: 'waiting', title: 'Builder needs you', body: 'Build finished: review the release notes' });
    expect(await get(a.id)).toMatchObject({ state: 'waiting', stateSource: 'screen', stateReason: expect.stringMatching(/menu/) });
    expect(await get(b.id)).toMatchObject({ state: 'waiting', stateSource: 'terminal' });
    await t.client.call('sessions.kill', { id: a.id });
    await t.client.call('sessions.kill', { id: b.id });
  });
});
