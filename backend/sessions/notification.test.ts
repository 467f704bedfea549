import { describe, expect, it } from 'vitest';
import { SESSION_STATES, type SessionState } from '../contract/index.js';
import { notificationFor, type StateChange } from './notification.js';

const AT = 1_700_000_000_000;

function change(before: SessionState, after: SessionState, over: Partial<StateChange> = {}): StateChange {
  return { sessionId: 's1', before, after, reason: 'why', ask: null, cwd: '/work/app', seen: false, killRequested: false, ...over };
}

/** The kind every (before, after) pair raises for an unseen change that nobody asked for. */
function expectedKind(before: SessionState, after: SessionState): string | null {
  if (before === after) return null;
  if (after === 'waiting') return 'waiting';
  if (after === 'idle') return before === 'working' ? 'finished' : null;
  if (after === 'exited') return 'exited';
  return null;
}

describe('notificationFor: what a state change tells the user', () => {
  for (const before of SESSION_STATES) {
    for (const after of SESSION_STATES) {
      it(`${before} -> ${after}`, () => {
        const kind = expectedKind(before, after);
        expect(notificationFor(change(before, after), 'Claude Code', AT)?.kind ?? null).toBe(kind);
        // A change the user saw never notifies.
        expect(notificationFor(change(before, after, { seen: true }), 'Claude Code', AT)).toBeNull();
        // A kill the user asked for only silences the exit.
        const killed = notificationFor(change(before, after, { killRequested: true }), 'Claude Code', AT)?.kind ?? null;
        expect(killed).toBe(kind === 'exited' ? null : kind);
      });
    }
  }

  it('words a waiting session by what it asks, else why it waits, else its folder', () => {
    expect(notificationFor(change('working', 'waiting', { ask: 'Allow edit of main.py?' }), 'Claude Code', AT)).toEqual({
      sessionId: 's1',
      kind: 'waiting',
      title: 'Claude Code needs you',
      body: 'Allow edit of main.py?',
      at: AT,
    });
    expect(notificationFor(change('working', 'waiting', { reason: 'permission prompt' }), 'Codex', AT)?.body).toBe('permission prompt');
    expect(notificationFor(change('working', 'waiting', { reason: '' }), 'Codex', AT)?.body).toBe('/work/app');
  });

  it('words a finished session and an exited one', () => {
    expect(notificationFor(change('working', 'idle', { reason: 'prompt back' }), 'Aider', AT)).toEqual({ sessionId: 's1', kind: 'finished', title: 'Aider finished', body: 'prompt back', at: AT });
    expect(notificationFor(change('idle', 'exited', { reason: 'exit code 3', ask: 'ignored' }), 'Gemini CLI', AT)).toEqual({
      sessionId: 's1',
      kind: 'exited',
      title: 'Gemini CLI exited',
      body: 'exit code 3',
      at: AT,
    });
  });
});
