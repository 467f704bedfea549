import { GATE_TITLE_PREFIX, type Session } from '@contract';

/** How a session state looks: a Material Symbols icon and a label (never colour alone). */
export interface StateLook {
  icon: string;
  label: string;
  /** CSS modifier: starting | working | waiting-new | waiting-seen | idle | exited-ok | exited-fail | error */
  tone: string;
}

/** The parts of a session its state look depends on. */
export type StateFields = Pick<Session, 'state' | 'exitCode' | 'signal' | 'seen'> & Partial<Pick<Session, 'title' | 'argv'>>;

/**
 * A quality gate session's verdict from its title (`quality gate: failed — tsc (typecheck)`), or
 * null for any other session. Its process always exits 0, so its exit code says nothing.
 */
export function gateVerdict(s: Partial<Pick<Session, 'title' | 'argv'>>): { verdict: string; detail: string } | null {
  if (!s.argv?.some((a) => /gate-runner\.(?:mjs|sh)$/.test(a)) || !s.title?.startsWith(GATE_TITLE_PREFIX)) return null;
  const [verdict = '', ...rest] = s.title.slice(GATE_TITLE_PREFIX.length).split(' — ');
  return { verdict, detail: rest.join(' — ') };
}

/**
 * The look of a session's state. Icons are still: a turning icon beside a console kept the
 * page redrawing while the terminal drew, and cost the whole-app throughput ~15 %
 * (`npm run bench` (d)/(c) 0.66–0.78 → 0.83–0.87 without it, same runs, software compositing).
 * `waiting` not yet seen by the user is told apart from
 * `waiting` seen (tone and label). `exited` carries its exit code (`exited (0)`), or the
 * signal that ended it (`exited (signal 9)`); a quality gate session shows the gate's verdict
 * instead (`gate failed: tsc (typecheck)`).
 */
export function stateLook(s: StateFields): StateLook {
  switch (s.state) {
    case 'starting':
      return { icon: 'hourglass_top', label: 'starting', tone: 'starting' };
    case 'working':
      return { icon: 'autorenew', label: 'working', tone: 'working' };
    case 'waiting':
      return s.seen
        ? { icon: 'front_hand', label: 'waiting', tone: 'waiting-seen' }
        : { icon: 'front_hand', label: 'waiting', tone: 'waiting-new' };
    case 'idle':
      return { icon: 'pause_circle', label: 'idle', tone: 'idle' };
    case 'error':
      return { icon: 'error', label: 'error', tone: 'error' };
    case 'exited': {
      const gate = gateVerdict(s);
      if (gate) {
        const passed = gate.verdict === 'passed';
        return { icon: passed ? 'verified' : gate.verdict === 'unverified' ? 'gpp_maybe' : 'gpp_bad', label: `gate ${gate.verdict}${gate.detail ? `: ${gate.detail}` : ''}`, tone: passed ? 'exited-ok' : 'exited-fail' };
      }
      const ok = s.exitCode === 0;
      const detail = s.exitCode !== null ? `${s.exitCode}` : s.signal !== null && s.signal !== 0 ? `signal ${s.signal}` : '?';
      return { icon: ok ? 'check_circle' : 'cancel', label: `exited (${detail})`, tone: ok ? 'exited-ok' : 'exited-fail' };
    }
  }
}

/** True when the session is running (not exited). */
export function isLive(s: Pick<Session, 'state'>): boolean {
  return s.state !== 'exited';
}

/** True when the session waits for the user and the user has not looked at it yet. */
export function isUnseenWaiting(s: Pick<Session, 'state' | 'seen'>): boolean {
  return s.state === 'waiting' && !s.seen;
}
