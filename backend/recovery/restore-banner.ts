/** The sequence the serialize addon writes when the alternate screen was active. */
const ALT_SCREEN_ON = '\x1b[?1049h';

/**
 * VT text written into a restored session's terminal between its saved screen and the
 * relaunched process: leaves the alternate screen when the saved state was on it (the
 * full-screen program is gone; `?1049l` is sent only then, because it also restores a saved
 * cursor position), resets attributes and input modes the old program had set (mouse
 * tracking, bracketed paste, application cursor keys, hidden cursor), then prints a dim,
 * visible mark.
 * @param saved the serialized snapshot the banner follows ('' when there is none)
 * @param savedAt when it was saved (ms epoch)
 */
export function restoreBanner(saved: string, savedAt: number, note = ''): string {
  const time = new Date(savedAt).toLocaleString();
  const leaveAlt = saved.includes(ALT_SCREEN_ON) ? '\x1b[?1049l' : '';
  const reset = `${leaveAlt}\x1b[0m\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1l`;
  return `${reset}\r\n\x1b[2m── ${RESTORED_MARK} ${time}${note ? ` · ${note}` : ''} ──\x1b[0m\r\n`;
}

/** A dim one-line note in a session's terminal (restart, resume fallback). */
export function consoleNote(text: string): string {
  return `\r\n\x1b[0m\x1b[2m── ${text} ──\x1b[0m\r\n`;
}

/** The words of the restore mark, for tests and the UI. */
export const RESTORED_MARK = 'restored from';
