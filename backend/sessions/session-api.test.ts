import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project, Session } from '../contract/index.js';
import { CortexBackend } from '../service/cortex-backend.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';
import type { SessionApi } from './session-api.js';
import { typedInput } from './typing.js';

/** A program that turns bracketed paste on (argv `paste`) or not, and saves what is typed into it. */
const RECORDER = `
const fs = require('fs');
const [out, mode] = process.argv.slice(2);
process.stdin.setRawMode(true);
process.stdout.write((mode === 'paste' ? '\\x1b[?2004h' : '') + 'ready> ');
let got = '';
process.stdin.on('data', (d) => { got += d.toString('utf8'); fs.writeFileSync(out + '.tmp', got); fs.renameSync(out + '.tmp', out); });
`;

/** A program that prints nothing until a line comes, then says which, and stays. */
const WAITER = `
process.stdin.once('data', (d) => { process.stdout.write('went: ' + d.toString('utf8').trim() + '\\n'); setInterval(() => {}, 1000); });
`;

/** Whether process `pid` exists (a reaped one does not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const TEXT = 'Fix the failing test:\n  expected 42\r\n  received 41';

const data = tempDir('cortex-data-');
const work = tempDir('cortex-api-');
let backend: CortexBackend;
let sessions: SessionApi;
let project: Project;

beforeAll(async () => {
  writeFileSync(join(work.dir, 'recorder.cjs'), RECORDER);
  writeFileSync(join(work.dir, 'waiter.cjs'), WAITER);
  backend = await CortexBackend.create({ dataDir: data.dir, env: testShellEnv() });
  sessions = backend.sessions;
  project = backend.projects.add(work.dir).project;
});
afterAll(async () => {
  await backend?.close();
  data.cleanup();
  work.cleanup();
});

/** Starts the recorder in a session and waits for its prompt. */
async function recorder(name: string, mode: 'paste' | 'plain'): Promise<{ session: Session; typed: () => string }> {
  const out = join(work.dir, `${name}.typed`);
  const session = sessions.start({ project, agent: 'shell', argv: [process.execPath, join(work.dir, 'recorder.cjs'), out, mode], cols: 80, rows: 24 });
  await waitFor(async () => (await sessions.screen(session.id)).text.includes('ready>'), 15_000, 'the recorder prompt');
  return { session, typed: () => (existsSync(out) ? readFileSync(out, 'utf8') : '') };
}

describe('the session API types, watches and ends sessions for the orchestrator', () => {
  it('typeText pastes into a program that asked for bracketed paste, lines intact, then Enter', async () => {
    const r = await recorder('paste', 'paste');
    expect(await sessions.acceptsBracketedPaste(r.session.id)).toBe(true);
    await sessions.typeText(r.session.id, TEXT);
    const want = `\x1b[200~${TEXT}\x1b[201~\r`;
    await waitFor(() => r.typed() === want, 10_000, 'the paste to arrive');
    expect(typedInput(TEXT, true)).toBe(want);
  }, 30_000);

  it('typeText types line by line into a program that did not ask for bracketed paste', async () => {
    const r = await recorder('plain', 'plain');
    expect(await sessions.acceptsBracketedPaste(r.session.id)).toBe(false);
    await sessions.typeText(r.session.id, TEXT);
    const want = 'Fix the failing test:\r  expected 42\r  received 41\r';
    await waitFor(() => r.typed() === want, 10_000, 'the typed lines to arrive');
  }, 30_000);

  it('onStateChange and whenExited follow the session to its end; typing into an ended session is refused', async () => {
    const r = await recorder('ended', 'plain');
    const seen: string[] = [];
    const stop = sessions.onStateChange((s) => {
      if (s.id === r.session.id) seen.push(s.state);
    });
    const exited = sessions.whenExited(r.session.id);
    await sessions.kill(r.session.id);
    const end = await exited;
    stop();
    expect(end).toMatchObject({ id: r.session.id, state: 'exited' });
    expect(seen.at(-1)).toBe('exited');
    // Already ended: resolves at once.
    expect((await sessions.whenExited(r.session.id)).state).toBe('exited');
    await expect(sessions.typeText(r.session.id, 'too late')).rejects.toMatchObject({ code: 'SESSION_EXITED' });
    await expect(sessions.whenExited('no-such-session')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 30_000);

  it('prepare starts a process no client sees; a session started with it shows it from then on, without a spawn', async () => {
    const waiter = [process.execPath, join(work.dir, 'waiter.cjs')];
    const before = sessions.list().map((s) => s.id);
    const p = sessions.prepare({ argv: waiter, cwd: work.dir, cols: 80, rows: 24 });
    expect(p.usable).toBe(true);
    expect(alive(p.pid)).toBe(true);
    expect(sessions.list().map((s) => s.id)).toEqual(before);
    // The session's own argv is not spawned: it shows the prepared process.
    const s = sessions.start({ project, agent: 'shell', argv: [process.execPath, '-e', "console.log('spawned')"], prepared: p, cols: 80, rows: 24 });
    expect(s).toMatchObject({ pid: p.pid, argv: waiter });
    expect(p.usable).toBe(false);
    p.write('go\r');
    await waitFor(async () => (await sessions.screen(s.id)).text.includes('went: go'), 15_000, 'the prepared process to go on');
    expect((await sessions.screen(s.id)).text).not.toContain('spawned');
    // Taken once only: discarding it now leaves the session's process alone.
    await p.discard();
    expect(sessions.get(s.id).state).not.toBe('exited');
    await sessions.kill(s.id);
  }, 30_000);

  it('a prepared process that ended is not adopted (the argv is spawned); discard ends one no session took', async () => {
    const ended = sessions.prepare({ argv: [process.execPath, '-e', '0'], cwd: work.dir, cols: 80, rows: 24 });
    await waitFor(() => !ended.usable, 15_000, 'the prepared process to end');
    const s = sessions.start({ project, agent: 'shell', argv: [process.execPath, '-e', "console.log('spawned instead'); setInterval(() => {}, 1000)"], prepared: ended, cols: 80, rows: 24 });
    expect(s.pid).not.toBe(ended.pid);
    await waitFor(async () => (await sessions.screen(s.id)).text.includes('spawned instead'), 15_000, 'the spawned argv');
    await sessions.kill(s.id);
    await ended.discard();

    const p = sessions.prepare({ argv: [process.execPath, join(work.dir, 'waiter.cjs')], cwd: work.dir, cols: 80, rows: 24 });
    await p.discard();
    expect(p.usable).toBe(false);
    expect(alive(p.pid)).toBe(false);
    p.write('too late\r');
  }, 30_000);

  it('the backend\'s shutdown ends a prepared process no session took', async () => {
    const other = tempDir('cortex-data-');
    const b = await CortexBackend.create({ dataDir: other.dir, env: testShellEnv() });
    try {
      const p = b.sessions.prepare({ argv: [process.execPath, join(work.dir, 'waiter.cjs')], cwd: work.dir, cols: 80, rows: 24 });
      expect(alive(p.pid)).toBe(true);
      await b.close();
      expect(alive(p.pid)).toBe(false);
    } finally {
      other.cleanup();
    }
  }, 30_000);
});
