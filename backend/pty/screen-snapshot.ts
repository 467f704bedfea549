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
  /**
   * Per row, the style of its first letter or digit ({@link cellStyle}; '' for a row without
   * one): how a menu's highlighted option differs from its siblings when no marker glyph does.
   * Absent when the source cannot tell (then only text is read).
   */
  styles?: string[];
  /** Style of the cell under the cursor ('' when blank or unknown): a dim placeholder in an empty field. */
  cursorStyle?: string;
  /** True while the program hid the cursor (DECTCEM off, `CSI ? 25 l`). Absent = unknown. */
  cursorHidden?: boolean;
}

/** The attributes of one cell the classifier compares (a subset of xterm's IBufferCell). */
export interface StyledCell {
  getChars(): string;
  isInverse(): number;
  isBold(): number;
  isDim(): number;
  getFgColorMode(): number;
  getFgColor(): number;
  getBgColorMode(): number;
  getBgColor(): number;
}

/**
 * A compact signature of a cell's look: `i` inverse, `b` bold, `d` dim, then the foreground
 * and background as `colour mode:colour` (mode 0 = the default colour). Two cells look
 * alike exactly when their signatures are equal.
 */
export function cellStyle(c: StyledCell): string {
  return `${c.isInverse() ? 'i' : ''}${c.isBold() ? 'b' : ''}${c.isDim() ? 'd' : ''}f${c.getFgColorMode()}:${c.getFgColor()}g${c.getBgColorMode()}:${c.getBgColor()}`;
}

/** True when a style signature marks text as set apart: inverse or a non-default background. */
export function isHighlightStyle(style: string): boolean {
  return style.startsWith('i') || !/g0:/.test(style);
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
      getLine(y: number): { translateToString(trimRight?: boolean): string; getCell?(x: number): StyledCell | undefined } | undefined;
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
      const styles: string[] = new Array(terminal.rows);
      for (let y = 0; y < terminal.rows; y++) {
        const line = buf.getLine(buf.baseY + y);
        const text = line?.translateToString(true) ?? '';
        lines[y] = text;
        styles[y] = line ? firstWordStyle(line, text) : '';
      }
      const cursorCell = buf.getLine(buf.baseY + buf.cursorY)?.getCell?.(buf.cursorX);
      const cursorStyle = cursorCell && cursorCell.getChars().trim() ? cellStyle(cursorCell) : '';
      return { lines, styles, cursorStyle, cursorHidden: cursorHidden(terminal), cursorX: buf.cursorX, cursorY: buf.cursorY, alternate: buf.type === 'alternate' };
    },
    synchronizing: () => terminal.modes.synchronizedOutputMode,
  };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Style of the first letter or digit of a row; '' when it has none or cells are not readable. */
function firstWordStyle(line: { getCell?(x: number): StyledCell | undefined }, text: string): string {
  if (!line.getCell) return '';
  // Columns equal string indices only for single-width text; wide glyphs before the word shift it by one each.
  let col = 0;
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) {
      const cell = line.getCell(col);
      return cell ? cellStyle(cell) : '';
    }
    col += ch.length > 1 || /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  }
  return '';
}

/**
 * Cursor visibility (DECTCEM). xterm's public API does not expose it; its core service does
 * (`coreService.isCursorHidden`, @xterm/headless 5.x). Undefined when that changes.
 */
function cursorHidden(terminal: ReadableTerminal): boolean | undefined {
  const core = (terminal as unknown as { _core?: { coreService?: { isCursorHidden?: boolean } } })._core;
  const v = core?.coreService?.isCursorHidden;
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * A hash of what the user sees: the visible text, each row's style (a menu's highlight moving
 * changes no text) and which buffer is active. The cursor is
 * left out on purpose, so a blinking or parked cursor, or a repaint of identical text, is not
 * activity (claude-squad reads status the same way: the pane hash changed).
 */
export function screenHash(s: ScreenSnapshot): string {
  // One update of the joined text: a native call per line cost more than the hashing itself.
  return createHash('sha1')
    .update(`${s.alternate ? 'A' : 'N'}${s.lines.join('\n')}\n${s.styles ? s.styles.join('|') : ''}`)
    .digest('base64');
}
