import type { Session } from '../../../backend/contract/model.js';

/** How a session state looks: a Material Symbols icon and a label (never colour alone). */
export interface StateLook {
  icon: string;
  label: string;
  /** CSS modifier: starting | running | quiet | exited-ok | exited-fail */
  tone: string;
}

/**
 * The look of a session's state. `exited` carries its exit code (`exited (0)`), or the
 * signal that ended it (`exited (signal 9)`).
 */
export function stateLook(s: Pick<Session, 'state' | 'exitCode' | 'signal'>): StateLook {
  switch (s.state) {
    case 'starting':
      return { icon: 'hourglass_top', label: 'starting', tone: 'starting' };
    case 'running':
      return { icon: 'bolt', label: 'running', tone: 'running' };
    case 'quiet':
      return { icon: 'pause_circle', label: 'quiet', tone: 'quiet' };
    case 'exited': {
      const ok = s.exitCode === 0;
      const detail = s.exitCode !== null ? `${s.exitCode}` : s.signal !== null && s.signal !== 0 ? `signal ${s.signal}` : '?';
      return { icon: ok ? 'check_circle' : 'cancel', label: `exited (${detail})`, tone: ok ? 'exited-ok' : 'exited-fail' };
    }
  }
}
