import type { Session, SessionState } from '../backend/contract/index.js';
import type { CortexCaller } from './command.js';
import { CliError, EXIT } from './errors.js';
import { exitLabel, shortId } from './format.js';

/**
 * True when an exited session will start again by itself: the backend has scheduled an
 * automatic restart (`restartAt`). The backend may still decline when the time comes (an
 * open circuit breaker); then a wait without `--timeout` goes on.
 */
export function restartPending(s: Pick<Session, 'state' | 'restartAt'>): boolean {
  return s.state === 'exited' && s.restartAt !== null;
}

/**
 * Waits until session `id` is in state `want`, driven by `session.updated` events (no
 * polling): it listens first, then reads the current state with `sessions.get`, so a
 * transition between the two is never missed.
 * @param timeoutMs give up after this many ms; undefined waits as long as it takes
 * @returns the session as it was when it reached `want`
 * @throws CliError `TIMEOUT` (exit 4) when `timeoutMs` passes, naming the state it is in;
 *   `SESSION_EXITED` (exit 1) when it exited (and will not restart) while `want` is another
 *   state; `NOT_FOUND` (exit 1) when it is removed; `NO_INSTANCE` (exit 3) when the
 *   connection to the instance closes; and the errors of `sessions.get`
 */
export async function waitForState(c: CortexCaller, id: string, want: SessionState, timeoutMs?: number): Promise<Session> {
  let latest: Session | undefined;
  const stops: (() => void)[] = [];
  try {
    return await new Promise<Session>((resolve, reject) => {
      const consider = (s: Session) => {
        latest = s;
        if (s.state === want) resolve(s);
        else if (s.state === 'exited' && !restartPending(s)) {
          reject(new CliError('SESSION_EXITED', `Session ${shortId(id)} ${exitLabel(s)}; it will never be ${want}.`, `Relaunch it with \`cortex relaunch ${shortId(id)}\`.`));
        }
      };
      stops.push(c.on('session.updated', (s) => s.id === id && consider(s)));
      stops.push(
        c.on('session.removed', (e) => {
          if (e.sessionId === id) reject(new CliError('NOT_FOUND', `Session ${shortId(id)} was removed while waiting for ${want}.`));
        }),
      );
      if (timeoutMs !== undefined) {
        const timer = setTimeout(() => {
          const now = latest ? (latest.state === 'exited' ? exitLabel(latest) : latest.state) : 'unknown';
          reject(
            new CliError(
              'TIMEOUT',
              `Session ${shortId(id)} is ${now}, not ${want}, after ${timeoutMs / 1000} s.`,
              'Wait longer with a larger --timeout, or look at it with `cortex screen`.',
              EXIT.timeout,
            ),
          );
        }, timeoutMs);
        stops.push(() => clearTimeout(timer));
      }
      const gone = () =>
        reject(new CliError('NO_INSTANCE', `The connection to Phantom Cortex closed while waiting for session ${shortId(id)} to be ${want}.`, 'Phantom Cortex stopped or restarted: run the command again once it is up.', EXIT.noInstance));
      stops.push(c.onClose(gone));
      // Answered after any event sent before it: the state it reports is the newest.
      c.call('sessions.get', { id }).then(consider, reject);
    });
  } finally {
    for (const stop of stops) stop();
  }
}
