import type { AgentProfile } from '../agents/profile-schema.js';
import type { PtySession } from '../pty/pty-session.js';
import { StatusDetector } from '../status/status-detector.js';
import { readTermios } from '../status/termios.js';
import { TerminalSignalScanner } from '../status/terminal-signals.js';

/**
 * Creates a {@link StatusDetector} for the current process of `pty` under `profile` and feeds
 * it from the session: the mirror's parse completion (`mirror.onParsed`, so the screen read
 * is the parsed one), title changes (OSC 0/2), terminal signals in the raw output (OSC 133
 * marks, OSC 9 / 777 / 99 notifications, BEL), the PTY's termios input mode on a still
 * screen, and the process exit. User input, resizes and hook calls are the caller's to
 * forward ({@link StatusDetector.onInput}, `onResize`, `onHook`).
 * Returns the detector and a `detach` that stops the feed and disposes the detector.
 * @param idleDebounceMs overrides the profile's debounce (tests, benchmarks)
 */
export function attachStatusDetector(pty: PtySession, profile: Pick<AgentProfile, 'status' | 'hooks'>, idleDebounceMs?: number): { detector: StatusDetector; detach: () => void } {
  const tty = pty.running ? pty.process.ttyName : null;
  const detector = new StatusDetector({
    screen: pty.mirror.screenSource(),
    status: profile.status,
    hooks: profile.hooks,
    idleDebounceMs,
    probeInput: tty ? () => readTermios(tty) : undefined,
  });
  let attached = true;
  const scanner = new TerminalSignalScanner();
  pty.onBatch((data) => {
    if (!attached) return;
    for (const sig of scanner.scan(data)) detector.onSignal(sig);
  });
  const stopParsed = pty.mirror.onParsed(() => detector.onOutput());
  const stopTitle = pty.mirror.onTitleChange((t) => detector.onTitle(t));
  const stopExit = pty.onExit((e) => {
    // Let the mirror parse the tail of the output first, so the last screen is the one judged.
    pty.mirror.whenParsed(() => detector.onExit(e.exitCode, e.signal));
  });
  return {
    detector,
    detach: () => {
      attached = false;
      stopParsed();
      stopTitle();
      stopExit();
      detector.dispose();
    },
  };
}
