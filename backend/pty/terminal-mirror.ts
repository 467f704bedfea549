import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import { CAPTURE_WRAP_HOLD_MAX_ROWS, MIRROR_EAGER_CHARS, MIRROR_PIECE_CHARS, MIRROR_SCROLLBACK_LINES, MIRROR_SLICE_MS } from './constants.js';
import { countLineFeeds, isPlainText } from './plain-text.js';
import type { CaptureMarker, IncrementalCapture, ScreenText, SessionMirror } from './session-mirror.js';
import { terminalScreen, type ScreenSource } from './screen-snapshot.js';

const { Terminal } = headless;
const { SerializeAddon } = serialize;
type HeadlessTerminal = InstanceType<typeof Terminal>;

/** A marker on a row of the mirror's normal buffer (moves as rows scroll; disposed when trimmed). */
export interface RowMarker extends CaptureMarker {
  readonly line: number;
  /** Called once when the marker is disposed (its row trimmed, or {@link dispose}). */
  onDispose(listener: () => void): unknown;
}

export type { IncrementalCapture, ScreenText };

/** A batch waiting to be parsed. */
interface QueuedBatch {
  data: string;
  seq: number;
  /** Chars of `data` already parsed. */
  offset: number;
  /** When it was written (performance.now(), ms). */
  at: number;
  /** What fast-forward needs to know of `data`; scanned only once a backlog could be skipped. */
  scan?: BatchScan;
}

/** One scan of a batch, for fast-forward. */
interface BatchScan {
  /** {@link isPlainText} of the batch; only plain batches are fast-forwarded. */
  plain: boolean;
  /** Line feeds in the batch (counted for plain batches only). */
  lineFeeds: number;
  /** Line feeds after the first CR in the batch; -1 when it has no CR (or is not plain). */
  lineFeedsAfterCr: number;
}

/** Scans `data` for {@link BatchScan}: one regex test and, for plain text, one pass over its LFs. */
function scanBatch(data: string): BatchScan {
  const plain = isPlainText(data);
  if (!plain) return { plain, lineFeeds: 0, lineFeedsAfterCr: -1 };
  const cr = data.indexOf('\r');
  const lineFeeds = countLineFeeds(data);
  // The part before the first CR is usually a char or two.
  return { plain, lineFeeds, lineFeedsAfterCr: cr >= 0 ? lineFeeds - countLineFeeds(data, 0, cr) : -1 };
}

/**
 * A headless xterm.js terminal that parses everything a session prints, so the backend
 * always knows the exact screen: normal and alternate buffer, cursor, modes and scrollback.
 * Its serialized state (serialize addon) is what an attaching client receives first.
 *
 * Parsing runs in slices (`sliceMs`) on the calling thread, fed {@link MIRROR_PIECE_CHARS}
 * at a time, with I/O served between slices (setImmediate). Sessions run their mirrors in
 * the mirror worker (mirror-worker.ts, through RemoteMirror), where neither parsing nor a
 * snapshot of 10,000 rows holds the thread that reads the PTYs; xterm.js's own write()
 * parses in 12 ms slices. `pendingChars` tells how far parsing is behind; flow control
 * treats it like a slow client.
 *
 * Fast-forward: output that would scroll out of the scrollback before anyone reads it need
 * not be parsed. When a batch of plain text (see {@link isPlainText}: no escape sequence,
 * no control that changes state) has plain output queued after it that holds a CR and then
 * scrollback + 2 × rows line feeds, and the scroll region is the whole screen, the batch
 * is dropped unparsed ({@link fastForward} says why those counts): every row
 * of both buffers and the scrollback will come from the later output, and plain text
 * changes no mode, attribute, charset or title, so the state is the one a full parse
 * gives. Batches are scanned for it only while the backlog holds at least that many chars.
 * To let a flood queue up that far, a mirror made with `floodWaitMs` (the worker's:
 * MIRROR_FLOOD_WAIT_MS) lets a plain backlog over {@link MIRROR_EAGER_CHARS} wait up to
 * that long before parsing it; escape sequences, small output and any pending snapshot or
 * screen read end the wait at once. A 100 MB `cat` then costs the parse of a few thousand
 * lines per wait, not of 100 MB. Waiting on the thread that reads the PTYs makes
 * floods ~1.6× faster through the backend, but the parse that follows each
 * wait holds a keystroke's echo (p95 5.7 → 30–65 ms, goal < 10 ms); in the worker it holds
 * nothing.
 */
export class TerminalMirror implements SessionMirror {
  readonly terminal: HeadlessTerminal;
  private readonly serializer = new SerializeAddon();
  private parsed = 0;
  private pending = 0;
  private titleListeners: ((title: string) => void)[] = [];
  private parsedListeners: (() => void)[] = [];
  private currentTitle = '';
  /** Batches waiting to be parsed (with how much of the first is done), and callbacks to run in order. */
  private readonly queue: (QueuedBatch | { then: () => void })[] = [];
  private skippedChars = 0;
  private scheduled = false;
  private disposed = false;
  private readonly writeSync: (data: string) => void;
  private readonly sliceMs: number;
  private readonly floodWaitMs: number;
  private floodTimer: NodeJS.Timeout | null = null;

  /**
   * @param cols columns, @param rows rows
   * @param scrollback lines of scrollback kept (default {@link MIRROR_SCROLLBACK_LINES})
   * @param onParsedChars called with the chars parsed, after each piece is parsed (flow control)
   * @param timing.sliceMs parse for at most this long (ms) before yielding to I/O (default {@link MIRROR_SLICE_MS})
   * @param timing.floodWaitMs let a plain backlog over {@link MIRROR_EAGER_CHARS} wait up to this long (ms)
   *   before parsing it, so a flood queues up far enough to be fast-forwarded (default 0: never wait)
   */
  constructor(
    cols: number,
    rows: number,
    scrollback = MIRROR_SCROLLBACK_LINES,
    private readonly onParsedChars: (chars: number) => void = () => {},
    timing: { sliceMs?: number; floodWaitMs?: number } = {},
  ) {
    this.sliceMs = timing.sliceMs ?? MIRROR_SLICE_MS;
    this.floodWaitMs = timing.floodWaitMs ?? 0;
    // logLevel off: random binary floods would otherwise log every parse error to stderr.
    this.terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
    this.terminal.loadAddon(this.serializer);
    // The core's synchronous write (no async parser hooks are registered on a mirror, which
    // is what makes it "unreliable" in general); slicing and yielding are ours.
    const core = (this.terminal as unknown as { _core: { writeSync(data: string): void } })._core;
    this.writeSync = (data) => core.writeSync(data);
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

  /** Chars dropped unparsed by fast-forward since this mirror was made. */
  get fastForwardedChars(): number {
    return this.skippedChars;
  }

  /** Last title set by OSC 0 or 2; empty when none. */
  get title(): string {
    return this.currentTitle;
  }

  onTitleChange(listener: (title: string) => void): () => void {
    this.titleListeners.push(listener);
    return () => {
      this.titleListeners = this.titleListeners.filter((l) => l !== listener);
    };
  }

  get cols(): number {
    return this.terminal.cols;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  get bracketedPasteMode(): boolean {
    return this.terminal.modes.bracketedPasteMode;
  }

  /** The visible screen, read straight from the terminal (this thread parses it). */
  screenSource(): ScreenSource {
    return terminalScreen(this.terminal);
  }

  /** Called after each slice of parsing (the status detector reads the screen then). @returns a function that stops it */
  onParsed(listener: () => void): () => void {
    this.parsedListeners.push(listener);
    return () => {
      this.parsedListeners = this.parsedListeners.filter((l) => l !== listener);
    };
  }

  /** Queues batch `seq` for parsing. */
  write(data: string, seq: number): void {
    if (this.disposed) return;
    this.pending += data.length;
    this.queue.push({ data, seq, offset: 0, at: performance.now() });
    this.schedule();
  }

  /** Runs `fn` once everything written before this call has been parsed (in order, never synchronously). */
  whenParsed(fn: () => void): void {
    this.queue.push({ then: fn });
    this.schedule();
  }

  /** Resolves once everything written so far has been parsed. */
  drain(): Promise<void> {
    return new Promise((resolve) => this.whenParsed(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  /**
   * Drops plain batches at the head of the queue that later plain output will push out of
   * both buffers (class docstring), counting them as processed. What a dropped batch leaves
   * behind is the cursor's column and row: a CR resets the column, and after it
   * scrollback + 2 × rows line feeds every row that was on the screen or in the scrollback
   * has scrolled out (rows for the cursor to reach the bottom, then scrollback + rows).
   * Only plain batches count: one with escapes may switch buffers or set a region.
   */
  private fastForward(): void {
    const buf = (this.terminal as unknown as { _core: { buffer: { scrollTop: number; scrollBottom: number } } })._core.buffer;
    if (buf.scrollTop !== 0 || buf.scrollBottom !== this.terminal.rows - 1) return;
    const needed = this.terminal.options.scrollback! + 2 * this.terminal.rows;
    // Each line feed is a char: a smaller backlog cannot hold enough of them.
    while (this.queue.length > 1 && this.pending >= needed) {
      const head = this.queue[0]!;
      if ('then' in head || !(head.scan ??= scanBatch(head.data)).plain) return;
      let after = -1; // line feeds after the first CR that follows the head; -1 until that CR
      for (let i = 1; i < this.queue.length && after < needed; i++) {
        const item = this.queue[i]!;
        if ('then' in item) break; // a snapshot waits there
        const scan = (item.scan ??= scanBatch(item.data));
        if (!scan.plain) break; // the state may change
        if (after >= 0) after += scan.lineFeeds;
        else if (scan.lineFeedsAfterCr >= 0) after = scan.lineFeedsAfterCr;
      }
      if (after < needed) return;
      const rest = head.data.length - head.offset;
      this.queue.shift();
      this.pending -= rest;
      this.skippedChars += rest;
      this.parsed = head.seq;
      this.onParsedChars(rest);
    }
  }

  /**
   * True when the backlog should wait for more (see `floodWaitMs`): it is all plain text,
   * over {@link MIRROR_EAGER_CHARS}, its oldest chars are younger than the wait, and no
   * snapshot or other callback waits on it.
   */
  private shouldWait(now: number): boolean {
    if (this.floodWaitMs <= 0 || this.pending <= MIRROR_EAGER_CHARS) return false;
    const head = this.queue[0];
    if (head === undefined || 'then' in head || now - head.at >= this.floodWaitMs) return false;
    for (const item of this.queue) if ('then' in item || !(item.scan ??= scanBatch(item.data)).plain) return false;
    return true;
  }

  /** Parses queued output for at most `sliceMs`, then yields to I/O. */
  private pump(): void {
    this.scheduled = false;
    if (this.disposed) return;
    this.fastForward();
    const start = performance.now();
    if (this.shouldWait(start)) {
      const head = this.queue[0] as QueuedBatch;
      this.floodTimer ??= setTimeout(() => {
        this.floodTimer = null;
        this.schedule();
      }, Math.max(1, this.floodWaitMs - (start - head.at)));
      return;
    }
    let parsedAny = false;
    while (this.queue.length > 0) {
      const item = this.queue[0]!;
      if ('then' in item) {
        this.queue.shift();
        item.then();
        continue;
      }
      const end = Math.min(item.data.length, item.offset + MIRROR_PIECE_CHARS);
      const piece = item.offset === 0 && end === item.data.length ? item.data : item.data.slice(item.offset, end);
      this.writeSync(piece);
      parsedAny = true;
      item.offset = end;
      this.pending -= piece.length;
      if (end === item.data.length) {
        this.queue.shift();
        this.parsed = item.seq;
      }
      this.onParsedChars(piece.length);
      if (performance.now() - start >= this.sliceMs) break;
    }
    if (parsedAny) for (const l of this.parsedListeners) l();
    if (this.queue.length > 0) this.schedule();
  }

  /**
   * The serialized terminal (screen, scrollback up to `scrollbackLines`, alternate buffer,
   * cursor and modes) and the seq of the last batch it holds, taken at one instant.
   */
  snapshot(scrollbackLines?: number): Promise<{ data: string; seq: number }> {
    return new Promise((resolve) =>
      this.whenParsed(() =>
        resolve({ data: this.serializer.serialize(scrollbackLines === undefined ? {} : { scrollback: scrollbackLines }), seq: this.parsed }),
      ),
    );
  }

  /**
   * Captures, at one instant after everything written so far is parsed, the screen (cheap:
   * one viewport) and only the rows that scrolled into the scrollback since `from` — so a
   * periodic snapshot costs what changed, not the whole scrollback (goal: < 5 ms).
   * While the alternate screen is active the normal buffer does not scroll: no chunk.
   * When the screen's top row continues a line from the scrollback (isWrapped), that line's
   * rows above the screen (at most {@link CAPTURE_WRAP_HOLD_MAX_ROWS}) stay out of the chunk
   * and go with the screen part (serialized with them as its scrollback), so the chunk ends at
   * a line break and a restore draws the line whole; the marker is left at the line's start.
   * @param from the marker returned by the previous capture, or null for a full capture
   * @param scrollbackLines scrollback kept by a full capture on the alternate screen
   */
  captureIncremental(from: RowMarker | null, scrollbackLines: number): Promise<IncrementalCapture<RowMarker>> {
    return new Promise((resolve) =>
      this.whenParsed(() => {
        const t = this.terminal;
        const buf = t.buffer.normal;
        if (t.buffer.active.type !== 'normal') {
          // Rows of the normal buffer cannot be ranged while the alternate one is active: keep the
          // marker, or, with none, save everything in the screen part once.
          const keep = from !== null && !from.isDisposed;
          const screen = this.serializer.serialize(keep ? { scrollback: 0 } : { scrollback: scrollbackLines });
          resolve({ screen, chunk: null, rebase: !keep, marker: keep ? from : null, seq: this.parsed });
          return;
        }
        const rebase = from === null || from.isDisposed;
        const start = rebase ? 0 : from!.line;
        let held = 0; // rows of the screen's top line that are in the scrollback
        while (held < CAPTURE_WRAP_HOLD_MAX_ROWS && buf.baseY - held > start && buf.getLine(buf.baseY - held)?.isWrapped) held++;
        if (held === CAPTURE_WRAP_HOLD_MAX_ROWS) held = 0;
        const screen = this.serializer.serialize({ scrollback: held });
        const end = buf.baseY - held; // rows [start, end) go into this chunk
        const chunk =
          end > start
            ? { data: this.serializer.serialize({ range: { start, end: end - 1 }, excludeModes: true, excludeAltBuffer: true }), lines: end - start }
            : null;
        const marker = (t.registerMarker(-buf.cursorY - held) as RowMarker | undefined) ?? null;
        if (from && from !== marker) from.dispose();
        resolve({ screen, chunk, rebase, marker, seq: this.parsed });
      }),
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

  /** Stops parsing and releases the terminal; callbacks still queued are dropped. */
  dispose(): void {
    this.disposed = true;
    if (this.floodTimer) clearTimeout(this.floodTimer);
    this.queue.length = 0;
    this.titleListeners = [];
    this.parsedListeners = [];
    this.terminal.dispose();
  }
}
