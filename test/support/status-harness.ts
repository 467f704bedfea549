import { fileURLToPath } from 'node:url';
import type { AgentProfile } from '../../backend/agents/profile-schema.js';
import { BUILTIN_PROFILES } from '../../backend/agents/profile-loader.js';
import { PtySession } from '../../backend/pty/pty-session.js';
import { attachStatusDetector } from '../../backend/sessions/attach-status.js';
import type { StatusDetector } from '../../backend/status/status-detector.js';
import type { AgentState, StatusEvent } from '../../backend/status/status-types.js';

/** Absolute path of the scripted fake agent. */
export const FAKE_AGENT = fileURLToPath(new URL('../fixtures/fake-agent.mjs', import.meta.url));

/** A real PTY session with a status detector attached, and every status event it published. */
export interface Watched {
  pty: PtySession;
  detector: StatusDetector;
  events: StatusEvent[];
  /** ms epoch when the PTY was spawned. */
  startedAt: number;
  /** Writes to the PTY and tells the detector, as the session manager does. */
  type(data: string): void;
  /** Resolves with the first event (from `fromIndex` on) in `state`; rejects after `timeoutMs`. */
  until(state: AgentState, timeoutMs?: number, fromIndex?: number): Promise<StatusEvent>;
  close(): Promise<void>;
}

/** The built-in profile `id`. @throws Error when there is none */
export function builtin(id: string): AgentProfile {
  const p = BUILTIN_PROFILES.find((x) => x.id === id);
  if (!p) throw new Error(`no built-in profile ${id}`);
  return p;
}

/**
 * Spawns `argv` on a real PTY (cols × rows) and attaches a detector for `profile`.
 * @param idleDebounceMs shortens the profile's debounce to keep tests fast
 */
export function watch(
  argv: string[],
  profile: Pick<AgentProfile, 'status' | 'hooks'>,
  opts: { env?: Record<string, string>; baseEnv?: NodeJS.ProcessEnv; cwd?: string; idleDebounceMs?: number; cols?: number; rows?: number } = {},
): Watched {
  const startedAt = Date.now();
  const pty = new PtySession({ argv, cwd: opts.cwd ?? process.cwd(), env: opts.env ?? {}, baseEnv: opts.baseEnv, cols: opts.cols ?? 100, rows: opts.rows ?? 30 });
  const { detector, detach } = attachStatusDetector(pty, profile, opts.idleDebounceMs);
  const events: StatusEvent[] = [];
  const waiters: { state: AgentState; from: number; resolve: (e: StatusEvent) => void }[] = [];
  detector.status$.subscribe((e) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (e.state === w.state && events.length - 1 >= w.from) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  return {
    pty,
    detector,
    events,
    startedAt,
    type(data) {
      pty.write(data);
      detector.onInput(data);
    },
    until(state, timeoutMs = 20_000, fromIndex = 0) {
      const hit = events.slice(fromIndex).find((e) => e.state === state);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const lines = pty.mirror.screenSource().read().lines;
          reject(new Error(`no "${state}" within ${timeoutMs} ms; events: ${JSON.stringify(events.map((e) => [e.state, e.source, e.reason]))}\nscreen:\n${lines.join('\n')}`));
        }, timeoutMs);
        waiters.push({ state, from: fromIndex, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    async close() {
      if (!pty.process.exit) await pty.kill();
      detach();
      pty.dispose();
    },
  };
}

/**
 * Answers the terminal queries a real terminal (xterm.js in the app) answers: device
 * attributes (DA1), cursor position (DSR 6), the kitty keyboard flags, DECRQM for mode 1007
 * and the OSC 10/11 colour queries. Programs such as Codex CLI wait for these replies.
 */
export function answerTerminalQueries(pty: PtySession): void {
  pty.onBatch((d) => {
    if (d.includes('\x1b[?u')) pty.write('\x1b[?0u');
    if (d.includes('\x1b[?1007$p')) pty.write('\x1b[?1007;0$y');
    if (d.includes('\x1b[c')) pty.write('\x1b[?62;22c');
    if (d.includes('\x1b[6n')) pty.write('\x1b[1;1R');
    if (d.includes('\x1b]10;?')) pty.write('\x1b]10;rgb:ffff/ffff/ffff\x1b\\');
    if (d.includes('\x1b]11;?')) pty.write('\x1b]11;rgb:0000/0000/0000\x1b\\');
  });
}

/** Resolves after `ms`. */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
