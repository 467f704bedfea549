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

const TEXT = 'Fix the failing test:\n  expected 42\r\n  received 41';

const data = tempDir('cortex-data-');
const work = tempDir('cortex-api-');
let backend: CortexBackend;
let sessions: SessionApi;
let project: Project;

beforeAll(async () => {
  writeFileSync(join(work.dir, 'recorder.cjs'), RECORDER);
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
});
