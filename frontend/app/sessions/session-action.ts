import type { RestartPolicy } from '@contract';

/** What the user picked in a session's row or menu. */
export type SessionAction =
  | { kind: 'open' }
  | { kind: 'stop' }
  | { kind: 'relaunch'; fresh: boolean }
  | { kind: 'keep-closed' }
  | { kind: 'discard' }
  | { kind: 'rename' }
  | { kind: 'restart-policy'; policy: RestartPolicy };
