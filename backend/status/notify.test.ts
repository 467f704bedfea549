import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';

let t: TestInstance;
const dir = tempDir();
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await t?.stop();
  dir.cleanup();
});

async function stateOf(id: string): Promise<Session> {
  return t.client.call('sessions.get', { id });
}

describe('live status on the contract', () => {
  it('a shell goes idle at its prompt, working while it prints, waiting at a question, exited with its code; every transition is stored', async () => {
    const s = await t.client.call('sessions.start', { path: dir.dir, agent: 'shell' });
    await waitFor(async () => (await stateOf(s.id)).state === 'idle', 15_000, 'idle at the prompt');
    await t.client.call('sessions.write', { id: s.id, data: 'for i in $(seq 1 40); do echo "tick $i"; sleep 0.1; done\r' });
    await waitFor(async () => (await stateOf(s.id)).state === 'working', 10_000, 'working');
    await waitFor(async () => (await stateOf(s.id)).state === 'idle', 15_000, 'idle again');
    await t.client.call('sessions.write', { id: s.id, data: 'read -p "Continue? [y/N] " answer\r' });
    const w = await waitFor(async () => {
      const x = await stateOf(s.id);
      return x.state === 'waiting' ? x : null;
    }, 10_000, 'waiting');
    expect(w.stateSource).toBe('screen');
    await t.client.call('sessions.write', { id: s.id, data: 'y\rexit 3\r' });
    const e = await waitFor(async () => {
      const x = await stateOf(s.id);
      return x.state === 'exited' ? x : null;
    }, 10_000, 'exited');
    expect(e.exitCode).toBe(3);
    const states = t.instance.backend.db
      .prepare("SELECT json_extract(detail, '$.state') AS state FROM session_events WHERE session_id = ? AND kind = 'state' ORDER BY id")
      .all(s.id)
      .map((r) => (r as { state: string }).state);
    expect(states).toEqual(expect.arrayContaining(['idle', 'working', 'waiting']));
  });

  it('raises session.notify for an unfocused waiting session and not for the focused one; seen follows focus', async () => {
    const focused = await t.client.call('sessions.start', { path: dir.dir, agent: 'shell' });
    const other = await t.client.call('sessions.start', { path: dir.dir, agent: 'shell' });
    await waitFor(async () => (await stateOf(focused.id)).state === 'idle' && (await stateOf(other.id)).state === 'idle', 15_000, 'both idle');
    const notes: EventPayload<'session.notify'>[] = [];
    t.client.on('session.notify', (n) => notes.push(n));
    await t.client.call('sessions.focus', { id: focused.id });
    for (const s of [focused, other]) await t.client.call('sessions.write', { id: s.id, data: 'read -p "Proceed? (y/n) " a\r' });
    await waitFor(async () => (await stateOf(focused.id)).state === 'waiting' && (await stateOf(other.id)).state === 'waiting', 10_000, 'both waiting');
    await waitFor(() => notes.some((n) => n.sessionId === other.id), 5_000, 'a notification for the unfocused session');
    expect(notes.find((n) => n.sessionId === other.id)).toMatchObject({ kind: 'waiting', title: 'Shell needs you' });
    expect(notes.filter((n) => n.sessionId === focused.id)).toEqual([]);
    expect((await stateOf(focused.id)).seen).toBe(true);
    expect((await stateOf(other.id)).seen).toBe(false);
    // Looking at it marks it seen.
    await t.client.call('sessions.focus', { id: other.id });
    await waitFor(async () => (await stateOf(other.id)).seen, 5_000, 'seen');
    // A blurred window notifies for every session.
    await t.client.call('sessions.focus', { id: null });
    await t.client.call('sessions.write', { id: focused.id, data: 'n\rexit 0\r' });
    await waitFor(() => notes.some((n) => n.sessionId === focused.id && n.kind === 'exited'), 10_000, 'exit notification while blurred');
  });
});
