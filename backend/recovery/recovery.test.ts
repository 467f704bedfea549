import Database from 'better-sqlite3';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CortexError, type Session } from '../contract/index.js';
import { isAlive } from '../pty/process-group.js';
import { TerminalMirror } from '../pty/terminal-mirror.js';
import { startBackendProcess, type BackendProcess } from '../../test/support/backend-process.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';
import type { WsClient } from '../client/ws-client.js';
import { RESTORED_MARK } from './restore-banner.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(): { dataDir: string; work: string; env: NodeJS.ProcessEnv } {
  const data = tempDir('cortex-data-');
  const work = tempDir('cortex-work-');
  cleanups.push(data.cleanup, work.cleanup);
  return { dataDir: data.dir, work: work.dir, env: testShellEnv() };
}

async function start(dataDir: string, env: NodeJS.ProcessEnv): Promise<BackendProcess> {
  const b = await startBackendProcess(dataDir, env);
  cleanups.push(() => (b.child.exitCode === null && b.child.signalCode === null ? b.stop() : undefined));
  return b;
}

/** The screen of a session's saved snapshot (read from the SQLite file), parsed by a mirror; null before any save. */
async function savedScreen(dataDir: string, id: string): Promise<{ text: string; alternate: boolean } | null> {
  const db = new Database(join(dataDir, 'cortex.sqlite'), { readonly: true });
  try {
    const snap = db.prepare('SELECT data, cols, rows FROM session_snapshots WHERE session_id = ?').get(id) as { data: string; cols: number; rows: number } | undefined;
    if (!snap) return null;
    const m = new TerminalMirror(snap.cols, snap.rows);
    m.write(snap.data, 1);
    await m.drain();
    const result = { text: (await m.screen()).text, alternate: m.inAlternateScreen };
    m.dispose();
    return result;
  } finally {
    db.close();
  }
}

async function screen(c: WsClient, id: string): Promise<string> {
  return (await c.call('sessions.screen', { id })).text;
}

async function screenHas(c: WsClient, id: string, re: RegExp, ms = 15_000): Promise<string> {
  return waitFor(async () => {
    const t = await screen(c, id);
    return re.test(t) ? t : null;
  }, ms, `${re} on screen`);
}

describe('restart after kill -9', () => {
  it('brings back three sessions (at a prompt, printing, full-screen) with their screens, marked restored and relaunched', async () => {
    const { dataDir, work, env } = setup();
    writeFileSync(join(work, 'notes.txt'), Array.from({ length: 200 }, (_, i) => `note line ${i + 1}`).join('\n'));
    const a = await start(dataDir, env);
    const c = a.client;
    const prompt = await c.call('sessions.start', { path: work, agent: 'shell' });
    const printing = await c.call('sessions.start', { path: work, agent: 'shell' });
    const fullscreen = await c.call('sessions.start', { path: work, agent: 'shell', cols: 80, rows: 20 });
    // A child that ignores SIGHUP survives the crash: an orphan to find.
    await c.call('sessions.write', { id: prompt.id, data: '(trap "" HUP; exec sleep 300) & echo marker-$((2+3))\r' });
    await c.call('sessions.write', { id: printing.id, data: 'for i in $(seq 1 100000); do echo "n=$i"; sleep 0.01; done\r' });
    await c.call('sessions.write', { id: fullscreen.id, data: 'less notes.txt\r' });
    await screenHas(c, prompt.id, /^marker-5$/m);
    await screenHas(c, printing.id, /n=\d+/);
    const lessScreen = await screenHas(c, fullscreen.id, /note line 19/);
    // Snapshots are written at most every 2 s; let one round pass with all three changed, and
    // (on a loaded machine the mirror worker may parse late) until the full-screen one is saved.
    await new Promise((r) => setTimeout(r, 3_000));
    await waitFor(async () => {
      const saved = await savedScreen(dataDir, fullscreen.id);
      return saved?.alternate && saved.text === lessScreen;
    }, 15_000, 'the snapshot of the full-screen session');
    const before = new Map((await c.call('sessions.list', {})).map((s) => [s.id, s]));

    await a.crash();
    // What the crashed run saved of the full-screen program: its alternate screen, exactly.
    const saved = await savedScreen(dataDir, fullscreen.id);
    expect(saved?.alternate).toBe(true);
    expect(saved?.text).toBe(lessScreen);

    const b = await start(dataDir, env);
    const sessions = await waitFor(async () => {
      const list = await b.client.call('sessions.list', {});
      return list.length === 3 && list.every((s) => s.restoredAt !== null && s.state !== 'starting') ? list : null;
    }, 20_000, 'three restored sessions');
    for (const s of sessions) {
      expect(s.restoredAt).not.toBeNull();
      expect(s.state).not.toBe('exited');
      expect(s.pid).not.toBe(before.get(s.id)!.pid); // relaunched: a new process
    }
    const p = await screenHas(b.client, prompt.id, new RegExp(RESTORED_MARK));
    expect(p).toMatch(/^marker-5$/m);
    const n = await screenHas(b.client, printing.id, new RegExp(RESTORED_MARK));
    expect(n).toMatch(/n=\d+/);
    await screenHas(b.client, fullscreen.id, new RegExp(RESTORED_MARK));
    const db = new Database(join(dataDir, 'cortex.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // The restored shells work.
    await b.client.call('sessions.write', { id: prompt.id, data: 'echo after-$((3+4))\r' });
    await screenHas(b.client, prompt.id, /^after-7$/m);
    // The sleep that ignored SIGHUP is listed as an orphan and can be ended.
    const orphans = await b.client.call('orphans.list', {});
    const sleeper = orphans.find((o) => o.command.includes('sleep 300'));
    expect(sleeper?.sessionId).toBe(prompt.id);
    await b.client.call('orphans.kill', { pid: sleeper!.pid });
    expect(isAlive(sleeper!.pid)).toBe(false);
    await b.stop();
  }, 120_000);

  it('a session keeps the name the user gave it across a restart; names are unique within the project', async () => {
    const { dataDir, work, env } = setup();
    const a = await start(dataDir, env);
    const one = await a.client.call('sessions.start', { path: work, agent: 'shell' });
    const two = await a.client.call('sessions.start', { path: work, agent: 'shell' });
    expect((await a.client.call('sessions.rename', { id: one.id, name: '  api server ' })).name).toBe('api server');
    await expect(a.client.call('sessions.rename', { id: two.id, name: 'API Server' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await a.stop();
    const b = await start(dataDir, env);
    expect((await b.client.call('sessions.get', { id: one.id })).name).toBe('api server');
    expect((await b.client.call('sessions.rename', { id: one.id, name: '' })).name).toBe('');
    await b.stop();
  }, 120_000);

  it('changing one setting keeps the others', async () => {
    const { dataDir, env } = setup();
    const a = await start(dataDir, env);
    await a.client.call('settings.set', { restoreMode: 'closed', defaultRestartPolicy: 'on-failure' });
    const after = await a.client.call('settings.set', { scrollbackLines: 2_000 });
    expect(after).toMatchObject({ restoreMode: 'closed', scrollbackLines: 2_000, defaultRestartPolicy: 'on-failure', terminalFontSize: 13, metricsIntervalSec: 15 });
    expect(await a.client.call('settings.get', {})).toEqual(after);
    await a.stop();
  }, 60_000);

  it('a normal quit (SIGTERM) ends every session with its whole process group, background jobs included, and removes the endpoint file', async () => {
    const { dataDir, work, env } = setup();
    const a = await start(dataDir, env);
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await a.client.call('sessions.start', { path: work, agent: 'shell' });
      await a.client.call('sessions.write', { id: s.id, data: 'sleep 300 & echo bg-$!\r' });
      const text = await screenHas(a.client, s.id, /^bg-\d+$/m);
      pids.push((await a.client.call('sessions.get', { id: s.id })).pid!, Number(/^bg-(\d+)$/m.exec(text)![1]));
    }
    expect(pids.every(isAlive)).toBe(true);
    expect(existsSync(join(dataDir, 'endpoint.json'))).toBe(true);
    await a.stop();
    await waitFor(() => pids.every((p) => !isAlive(p)), 10_000, 'every shell and background job to end');
    expect(existsSync(join(dataDir, 'endpoint.json'))).toBe(false);
  }, 60_000);

  it('a normal quit also brings sessions back, and `closed` mode restores history only', async () => {
    const { dataDir, work, env } = setup();
    const a = await start(dataDir, env);
    const s = await a.client.call('sessions.start', { path: work, agent: 'shell' });
    await a.client.call('sessions.write', { id: s.id, data: 'echo kept-$((1+1))\r' });
    await screenHas(a.client, s.id, /^kept-2$/m);
    await a.client.call('settings.set', { restoreMode: 'closed' });
    await a.stop();
    const b = await start(dataDir, env);
    const r = await b.client.call('sessions.get', { id: s.id });
    expect(r).toMatchObject({ state: 'exited' });
    expect(r.restoredAt).not.toBeNull();
    const text = await screenHas(b.client, s.id, new RegExp(RESTORED_MARK));
    expect(text).toMatch(/^kept-2$/m);
    // The user relaunches it by hand.
    const again = await b.client.call('sessions.relaunch', { id: s.id });
    expect(again.state).toBe('starting');
    await b.client.call('sessions.write', { id: s.id, data: 'echo relaunched-$((2+2))\r' });
    await screenHas(b.client, s.id, /^relaunched-4$/m);
    await b.stop();
  }, 90_000);
});

describe('resume and restarts', () => {
  function writeProfiles(dataDir: string, work: string): void {
    const flaky = join(work, 'flaky-agent.sh');
    writeFileSync(flaky, '#!/bin/bash\nif [ "$1" = "--resume-last" ]; then echo "no conversation to resume" >&2; exit 1; fi\necho "flaky agent ready"; exec bash --norc\n');
    const crasher = join(work, 'crasher.sh');
    writeFileSync(crasher, '#!/bin/bash\necho "crashing on purpose"\nexit 2\n');
    chmodSync(flaky, 0o755);
    chmodSync(crasher, 0o755);
    writeFileSync(
      join(dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          { id: 'flaky', name: 'Flaky', command: flaky, resume: { continue: ['--resume-last'] } },
          { id: 'crasher', name: 'Crasher', command: crasher },
        ],
      }),
    );
  }

  it('a profile whose resume command fails at once falls back to a fresh start with a visible note', async () => {
    const { dataDir, work, env } = setup();
    writeProfiles(dataDir, work);
    const a = await start(dataDir, env);
    const s = await a.client.call('sessions.start', { path: work, agent: 'flaky' });
    await screenHas(a.client, s.id, /flaky agent ready/);
    await a.stop();
    const b = await start(dataDir, env);
    const text = await screenHas(b.client, s.id, /resume failed.*starting fresh[\s\S]*flaky agent ready/, 20_000);
    expect(text).toContain(RESTORED_MARK);
    const r = await waitFor(async () => {
      const x = await b.client.call('sessions.get', { id: s.id });
      return x.state !== 'starting' && x.state !== 'exited' ? x : null;
    }, 10_000, 'running again');
    expect(r.note).toMatch(/resume failed; started fresh/);
    await b.stop();
  }, 90_000);

  it('restart policy backs off 1 s, 2 s, 4 s, gives up after 3 tries; the breaker opens after 5 failures and stays open across a restart', async () => {
    const { dataDir, work, env } = setup();
    writeProfiles(dataDir, work);
    const a = await start(dataDir, env);
    const updates: Session[] = [];
    a.client.on('session.updated', (u) => updates.push(u));
    const t0 = Date.now();
    const s = await a.client.call('sessions.start', { path: work, agent: 'crasher', restartPolicy: 'on-failure' });
    const done = await waitFor(async () => {
      const x = await a.client.call('sessions.get', { id: s.id });
      return x.state === 'exited' && /gave up/.test(x.note) ? x : null;
    }, 30_000, 'gave up');
    const elapsed = Date.now() - t0;
    expect(done).toMatchObject({ exitCode: 2, restarts: 3 });
    expect(elapsed).toBeGreaterThanOrEqual(1000 + 2000 + 4000);
    const starts = updates.filter((u) => u.id === s.id && u.state === 'starting').map((u) => u.restarts);
    expect(starts).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(await screen(a.client, s.id)).toMatch(/restarting in 4 s \(try 3 of 3\)/);
    // 4 failures so far; the 5th opens the breaker.
    let agents = await a.client.call('agents.list', {});
    expect(agents.agents.find((x) => x.id === 'crasher')!.breaker).toMatchObject({ state: 'closed', failures: 4 });
    const fifth = await a.client.call('sessions.start', { path: work, agent: 'crasher' });
    await waitFor(async () => (await a.client.call('sessions.get', { id: fifth.id })).state === 'exited', 10_000, 'fifth exit');
    agents = await a.client.call('agents.list', {});
    expect(agents.agents.find((x) => x.id === 'crasher')!.breaker.state).toBe('open');
    const refused = await a.client.call('sessions.start', { path: work, agent: 'crasher' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CortexError);
    expect((refused as CortexError).code).toBe('AGENT_UNAVAILABLE');
    await a.stop();
    // Kept across restarts; the user can reset it.
    const b = await start(dataDir, env);
    agents = await b.client.call('agents.list', {});
    expect(agents.agents.find((x) => x.id === 'crasher')!.breaker.state).toBe('open');
    const reset = await b.client.call('agents.resetBreaker', { agent: 'crasher' });
    expect(reset.breaker).toMatchObject({ state: 'closed', failures: 0 });
    await b.stop();
  }, 90_000);
});
