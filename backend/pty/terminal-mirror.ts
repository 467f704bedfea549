import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import { MIRROR_SCROLLBACK_LINES } from './constants.js';

const { Terminal } = headless;
const { SerializeAddon } = serialize;
type HeadlessTerminal = InstanceType<typeof Terminal>;

/** The visible screen of a mirror as plain text. Cursor position is 0-based (columns, rows). */
export interface ScreenText {
  text: string;
  cols: number;
  rows: number;
  cursorX: number;
  cursorY: number;
}

/**
 * A headless xterm.js terminal that parses everything a session prints, so the backend
 * always knows the exact screen: normal and alternate buffer, cursor, modes and scrollback.
 * Its serialized state (serialize addon) is what an attaching client receives first.
 * Parsing is asynchronous inside xterm.js; `pendingChars` tells how far it is behind,
 * which flow control treats like a slow client.
 */
export class TerminalMirror {
  readonly terminal: HeadlessTerminal;
  private readonly serializer = new SerializeAddon();
  private parsed = 0;
  private pending = 0;
  private titleListeners: ((title: string) => void)[] = [];
  private currentTitle = '';

  /**
   * @param cols columns, @param rows rows
   * @param scrollback lines of scrollback kept (default {@link MIRROR_SCROLLBACK_LINES})
   * @param onParsed called with the chars parsed, after each write is parsed
   */
  constructor(
    cols: number,
    rows: number,
    scrollback = MIRROR_SCROLLBACK_LINES,
    private readonly onParsed: (chars: number) => void = () => {},
  ) {
    // logLevel off: random binary floods would otherwise log every parse error to stderr.
    this.terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
    this.terminal.loadAddon(this.serializer);
    this.terminal.onTitleChange((t) => {
      this.currentTitle = t;
      for (const l of this.titleListeners) l(t);
    });
  }

  /** Seq of the last batch fully parsed. */
  get parsedSeq(): number {
    return this.parsed;
  }

  /** Chars written but not yet parsed. */
  get pendingChars(): number {
    return this.pending;
  }

  /** Last title set by OSC 0 or 2; empty when none. */
  get title(): string {
    return this.currentTitle;
  }

  onTitleChange(listener: (title: string) => void): void {
    this.titleListeners.push(listener);
  }

  /** Queues batch `seq` for parsing. */
  write(data: string, seq: number): void {
    this.pending += data.length;
    this.terminal.write(data, () => {
      this.pending -= data.length;
      this.parsed = seq;
      this.onParsed(data.length);
    });
  }

  /** Resolves once everything written so far has been parsed. */
  drain(): Promise<void> {
    return new Promise((resolve) => this.terminal.write('', resolve));
  }

  /**
   * The serialized terminal (screen, scrollback up to `scrollbackLines`, alternate buffer,
   * cursor and modes) and the seq of the last batch it holds, taken at one instant.
   */
  snapshot(scrollbackLines?: number): Promise<{ data: string; seq: number }> {
    return new Promise((resolve) =>
      this.terminal.write('', () =>
        resolve({ data: this.serializer.serialize(scrollbackLines === undefined ? {} : { scrollback: scrollbackLines }), seq: this.parsed }),
      ),
    );
  }

  /** The visible screen of the active buffer, one line per row, trailing blanks trimmed. */
  async screen(): Promise<ScreenText> {
    await this.drain();
    const buf = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.terminal.rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return { text: lines.join('\n'), cols: this.terminal.cols, rows: this.terminal.rows, cursorX: buf.cursorX, cursorY: buf.cursorY };
  }

  /** True while a full-screen program uses the alternate screen. */
  get inAlternateScreen(): boolean {
    return this.terminal.buffer.active.type === 'alternate';
  }

  resize(cols: number, rows: number): void {
    this.terminal.resize(cols, rows);
  }

  dispose(): void {
    this.titleListeners = [];
    this.terminal.dispose();
  }
}
