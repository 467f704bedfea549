import { createHash } from 'node:crypto';

/**
 * The visible screen of a terminal at one instant: one string per row (trailing blanks
 * trimmed), the cursor row and column (0-based, relative to the top of the screen) and
 * whether the alternate screen (full-screen TUIs) is active.
 */
export interface ScreenSnapshot {
  lines: string[];
  cursorX: number;
  cursorY: number;
  alternate: boolean;
}

/** Anything the detector can read the current screen from, synchronously. */
export interface ScreenSource {
  read(): ScreenSnapshot;
  /**
   * True while the program holds a synchronized update open (DEC private mode 2026, sent by
   * Ink-based agents such as Claude Code around each redraw): the screen is half drawn and a
   * terminal would not show it yet. Absent = never.
   */
  synchronizing?(): boolean;
}

/** The subset of an @xterm/headless Terminal the detector reads (the session's mirror). */
export interface ReadableTerminal {
  readonly rows: number;
  readonly modes: { readonly synchronizedOutputMode: boolean };
  readonly buffer: {
    readonly active: {
      readonly type: 'normal' | 'alternate';
      readonly baseY: number;
      readonly cursorX: number;
      readonly cursorY: number;
      getLine(y: number): { translateToString(trimRight?: boolean): string } | undefined;
    };
  };
}

/**
 * A {@link ScreenSource} over a headless xterm terminal: the bottom page of the active buffer
 * (rows `baseY` … `baseY + rows - 1`), i.e. what the program last drew, whatever a viewer scrolled.
 * Read only after the terminal parsed its input (the detector is fed from the mirror's `onParsed`).
 */
export function terminalScreen(terminal: ReadableTerminal): ScreenSource {
  return {
    read(): ScreenSnapshot {
      const buf = terminal.buffer.active;
      const lines: string[] = new Array(terminal.rows);
      for (let y = 0; y < terminal.rows; y++) lines[y] = buf.getLine(buf.baseY + y)?.translateToString(true) ?? '';
      return { lines, cursorX: buf.cursorX, cursorY: buf.cursorY, alternate: buf.type === 'alternate' };
    },
    synchronizing: () => terminal.modes.synchronizedOutputMode,
  };
}

/**
 * A hash of what the user sees: the visible text and which buffer is active. The cursor is
 * left out on purpose, so a blinking or parked cursor, or a repaint of identical text, is not
 * activity (FIELD-NOTES: "one repaint is not activity"; claude-squad: status = pane hash changed).
 */
export function screenHash(s: ScreenSnapshot): string {
  // One update of the joined text: a native call per line cost more than the hashing itself.
  return createHash('sha1')
    .update(`${s.alternate ? 'A' : 'N'}${s.lines.join('\n')}\n`)
    .digest('base64');
}
