/**
 * VT text written into a restored session's terminal between its saved screen and the
 * relaunched process: leaves the alternate screen (the saved full-screen program is gone),
 * resets attributes and input modes the old program had set (mouse tracking, bracketed
 * paste, application cursor keys, hidden cursor), then prints a dim, visible mark.
 */
export function restoreBanner(savedAt: number, note = ''): string {
  const time = new Date(savedAt).toLocaleString();
  const reset = '\x1b[?1049l\x1b[0m\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1l';
  return `${reset}\r\n\x1b[2m── restored from ${time}${note ? ` · ${note}` : ''} ──\x1b[0m\r\n`;
}

/** A dim one-line note in a session's terminal (restart, resume fallback). */
export function consoleNote(text: string): string {
  return `\r\n\x1b[0m\x1b[2m── ${text} ──\x1b[0m\r\n`;
}

/** The words of the restore mark, for tests and the UI. */
export const RESTORED_MARK = 'restored from';
