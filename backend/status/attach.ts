import type { AgentProfile } from '../agents/profile-schema.js';
import type { PtySession } from '../pty/pty-session.js';
import { terminalScreen } from './screen-snapshot.js';
import { StatusDetector } from './status-detector.js';

/**
 * Creates a {@link StatusDetector} for a session of `profile` and feeds it from the session:
 * the mirror's parse completion (`mirror.onParsed`, so the screen read is the parsed
 * one), title changes (OSC 0/2) and the process exit. User input, resizes and hook calls are
 * the caller's to forward ({@link StatusDetector.onInput}, `onResize`, `onHook`).
 * Returns the detector and a `detach` that stops the feed and disposes the detector.
 * @param idleDebounceMs overrides the profile's debounce (tests, benchmarks)
 */
export function attachStatusDetector(pty: PtySession, profile: Pick<AgentProfile, 'status' | 'hooks'>, idleDebounceMs?: number): { detector: StatusDetector; detach: () => void } {
  const terminal = pty.mirror.terminal;
  const detector = new StatusDetector({ screen: terminalScreen(terminal), status: profile.status, hooks: profile.hooks, idleDebounceMs });
  const stopParsed = pty.mirror.onParsed(() => detector.onOutput());
  const title = terminal.onTitleChange((t) => detector.onTitle(t));
  const stopExit = pty.onExit((e) => {
    // Let the mirror parse the tail of the output first, so the last screen is the one judged.
    pty.mirror.whenParsed(() => detector.onExit(e.exitCode, e.signal));
  });
  return {
    detector,
    detach: () => {
      stopParsed();
      title.dispose();
      stopExit();
      detector.dispose();
    },
  };
}
