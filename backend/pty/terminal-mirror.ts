import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import {
  CAPTURE_WRAP_HOLD_MAX_ROWS,
  MIRROR_COLD_CHUNK_ROWS,
  MIRROR_EAGER_CHARS,
  MIRROR_HOT_SCROLLBACK_LINES,
  MIRROR_PIECE_CHARS,
  MIRROR_SCROLLBACK_LINES,
  MIRROR_SLICE_MS,
} from './constants.js';
import { ColdScrollback, joinScrollback } from './cold-scrollback.js';
import { lineFeedsAfterFirstCr, scanBatch, type BatchScan } from './plain-text.js';
import type { CaptureMarker, IncrementalCapture, ScreenText, SessionMirror } from './session-mirror.js';
import { terminalScreen, type ScreenSource } from './screen-snapshot.js';

const { Terminal } = headless;
const { SerializeAddon } = serialize;
type HeadlessTerminal = InstanceType<typeof Terminal>;

/** What the mirror reads of xterm.js's normal buffer beyond the public API (xterm.js 6 internals). */
interface CoreBuffer {
  lines: { length: number; maxLength: number };
  ybase: number;
  scrollTop: number;
  scrollBottom: number;
  addMarker(y: number): RowMarker;
}

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
  /** {@link isPlainText} of `data` when the writer had it (the scan then skips that test). */
  plain?: boolean;
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
 *
 * Cold scrollback: with a scrollback over {@link MIRROR_HOT_SCROLLBACK_LINES} +
 * {@link MIRROR_COLD_CHUNK_ROWS}, the terminal keeps only {@link MIRROR_HOT_SCROLLBACK_LINES}
 * rows of scrollback as cells; before xterm.js would trim a row, the mirror serializes the
 * oldest rows, {@link MIRROR_COLD_CHUNK_ROWS} at a time and ending at a line break, into a
 * {@link ColdScrollback} (deflated), and marks where that stops (the frontier, a marker on
 * the normal buffer). Rows above the frontier are in both until xterm.js trims them. A write
 * scrolls at most one row per char (LF, VT, FF, IND, NEL, or a wrap), so each piece is cut
 * to the rows that can still be trimmed safely (frontier + free rows), covering more first
 * when that is short. Snapshots and captures put the cold rows in front of the cells'
 * (the restore join of the snapshot store). Erasing the scrollback (ED 3) or a reset (RIS)
 * clears the cold rows too. Cold rows keep the lines as written: a resize reflows them in the
 * client that draws them, not in the mirror; before narrowing, rows the reflow could trim are
 * covered first.
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
  /** Rows of scrollback shown: the cells' plus the cold ones. */
  private readonly scrollbackLimit: number;
  /** The older scrollback, or null when the cells hold it all. */
  private readonly cold: ColdScrollback | null;
  /** Rows moved to {@link cold} at a time. */
  private readonly chunkRows: number;
  /** First row of the normal buffer not in {@link cold}; null when none is (row 0). */
  private frontier: RowMarker | null = null;

  /**
   * @param cols columns, @param rows rows
   * @param scrollback lines of scrollback kept (default {@link MIRROR_SCROLLBACK_LINES})
   * @param onParsedChars called with the chars parsed, after each piece is parsed (flow control)
   * @param timing.sliceMs parse for at most this long (ms) before yielding to I/O (default {@link MIRROR_SLICE_MS})
   * @param timing.floodWaitMs let a plain backlog over {@link MIRROR_EAGER_CHARS} wait up to this long (ms)
   *   before parsing it, so a flood queues up far enough to be fast-forwarded (default 0: never wait)
   * @param timing.hotScrollback rows of scrollback kept as cells when the scrollback is larger
   *   (default {@link MIRROR_HOT_SCROLLBACK_LINES}; class docstring)
   */
  constructor(
    cols: number,
    rows: number,
    scrollback = MIRROR_SCROLLBACK_LINES,
    private readonly onParsedChars: (chars: number) => void = () => {},
    timing: { sliceMs?: number; floodWaitMs?: number; hotScrollback?: number } = {},
  ) {
    this.sliceMs = timing.sliceMs ?? MIRROR_SLICE_MS;
    this.floodWaitMs = timing.floodWaitMs ?? 0;
    this.scrollbackLimit = scrollback;
    const hot = timing.hotScrollback ?? MIRROR_HOT_SCROLLBACK_LINES;
    // A chunk is at most a quarter of the hot rows, so that most of them stay uncovered.
    this.chunkRows = Math.max(1, Math.min(MIRROR_COLD_CHUNK_ROWS, Math.floor(hot / 4)));
    this.cold = scrollback > hot + this.chunkRows ? new ColdScrollback() : null;
    // logLevel off: random binary floods would otherwise log every parse error to stderr.
    this.terminal = new Terminal({ cols, rows, scrollback: this.cold ? hot : scrollback, allowProposedApi: true, logLevel: 'off' });
    this.terminal.loadAddon(this.serializer);
    // The core's synchronous write (no async parser hooks are registered on a mirror, which
    // is what makes it "unreliable" in general); slicing and yielding are ours.
    const core = (this.terminal as unknown as { _core: { writeSync(data: string): void } })._core;
    this.writeSync = (data) => core.writeSync(data);
    if (this.cold) {
      // Synchronous hooks that return false: xterm.js's own handler runs right after.
      this.terminal.parser.registerCsiHandler({ final: 'J' }, (params) => {
        if (params[0] === 3 && this.terminal.buffer.active.type === 'normal') this.clearCold();
        return false;
      });
      this.terminal.parser.registerEscHandler({ final: 'c' }, () => {
        this.clearCold();
        return false;
      });
    }
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

  /** True when the active buffer's scroll region is the whole screen (what fast-forward needs). */
  get scrollRegionFull(): boolean {
    const buf = (this.terminal as unknown as { _core: { buffer: { scrollTop: number; scrollBottom: number } } })._core.buffer;
    return buf.scrollTop === 0 && buf.scrollBottom === this.terminal.rows - 1;
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

  /**
   * Queues batch `seq` for parsing.
   * @param plain {@link isPlainText} of `data` when the caller has it (PtySession tests each
   *   batch once; the worker gets the answer with the batch), else tested here when needed
   */
  write(data: string, seq: number, plain?: boolean): void {
    if (this.disposed) return;
    this.pending += data.length;
    this.queue.push({ data, seq, offset: 0, at: performance.now(), plain });
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
    if (!this.scrollRegionFull) return;
    const needed = this.scrollbackLimit + 2 * this.terminal.rows;
    // Each line feed is a char: a smaller backlog cannot hold enough of them.
    while (this.queue.length > 1 && this.pending >= needed) {
      const head = this.queue[0]!;
      if ('then' in head || !(head.scan ??= scanBatch(head.data, head.plain)).plain) return;
      if (lineFeedsAfterFirstCr(this.queuedScansAfterHead(), needed) < needed) return;
      const rest = head.data.length - head.offset;
      this.queue.shift();
      this.pending -= rest;
      this.skippedChars += rest;
      this.parsed = head.seq;
      this.onParsedChars(rest);
    }
  }

  /** Scans of the queued batches after the head, up to the first callback waiting in the queue (a snapshot). */
  private *queuedScansAfterHead(): Generator<BatchScan> {
    for (let i = 1; i < this.queue.length; i++) {
      const item = this.queue[i]!;
      if ('then' in item) return;
      yield (item.scan ??= scanBatch(item.data, item.plain));
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
    for (const item of this.queue) if ('then' in item || !(item.scan ??= scanBatch(item.data, item.plain)).plain) return false;
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
      const end = Math.min(item.data.length, item.offset + this.roomFor(MIRROR_PIECE_CHARS));
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

  /** xterm.js's normal buffer (looked up each time: a reset replaces it). */
  private normalBuffer(): CoreBuffer {
    return (this.terminal as unknown as { _core: { buffers: { normal: CoreBuffer } } })._core.buffers.normal;
  }

  /** Rows of the normal buffer above the frontier (already cold). Forgets a frontier whose row was trimmed. */
  private coveredRows(): number {
    if (this.frontier?.isDisposed) this.frontier = null; // rows were lost (a write scrolled more than a row a char): start again
    return this.frontier?.line ?? 0;
  }

  /**
   * How many chars (at most `chars`) can be parsed now without xterm.js trimming a row that
   * is not cold yet; moves {@link MIRROR_COLD_CHUNK_ROWS} rows to the cold scrollback first
   * when fewer than that many could be trimmed.
   */
  private roomFor(chars: number): number {
    if (!this.cold) return chars;
    const buf = this.normalBuffer();
    let room = this.coveredRows() + buf.lines.maxLength - buf.lines.length;
    // Pieces shrink to the room; a chunk moves once it is under a chunk's rows.
    if (room < Math.min(chars, this.chunkRows)) {
      this.cover(this.chunkRows);
      room = this.coveredRows() + buf.lines.maxLength - buf.lines.length;
    }
    return Math.max(1, Math.min(chars, room));
  }

  /**
   * Serializes `rows` more rows (at most up to the last row of the scrollback, ending at a
   * line break when one is in reach) into the
   * cold scrollback, moves the frontier past them and trims the cold rows to the limit.
   */
  private cover(rows: number): void {
    const buf = this.normalBuffer();
    const normal = this.terminal.buffer.normal;
    const start = this.coveredRows();
    // The frontier stays in the scrollback: rows of the screen may be deleted (CSI M, CSI S).
    const last = buf.ybase - 1;
    const want = Math.min(last, start + rows);
    let end = want;
    while (end > start && normal.getLine(end)?.isWrapped) end--;
    if (end === start) end = want; // one line longer than the reach: cut it
    if (end <= start) return;
    const text = this.serializer.serialize({ range: { start, end: end - 1 }, excludeModes: true, excludeAltBuffer: true });
    this.cold!.append(text, end - start);
    this.frontier?.dispose();
    this.frontier = buf.addMarker(end);
    this.cold!.trim(this.scrollbackLimit, buf.ybase - end);
  }

  /** The scrollback was erased or the terminal reset: the cold rows go too. */
  private clearCold(): void {
    this.cold?.clear();
    this.frontier?.dispose();
    this.frontier = null;
  }

  /**
   * Rows of the normal buffer's scrollback that are not cold, and the cold rows (text and
   * count) needed to reach `rows` rows with them (null when none are needed or held).
   */
  private scrollbackParts(rows: number): { hot: number; cold: { text: string; rows: number } | null } {
    const hot = Math.max(0, this.terminal.buffer.normal.baseY - this.coveredRows());
    if (!this.cold || rows <= hot) return { hot: Math.min(hot, rows), cold: null };
    return { hot, cold: this.cold.read(rows - hot) };
  }

  /** serialize() of the whole terminal with up to `scrollbackLines` rows of scrollback, cold rows included. */
  private serializeAll(scrollbackLines?: number): string {
    if (!this.cold) return this.serializer.serialize(scrollbackLines === undefined ? {} : { scrollback: scrollbackLines });
    const parts = this.scrollbackParts(scrollbackLines ?? Infinity);
    const screen = this.serializer.serialize({ scrollback: parts.hot });
    return parts.cold ? joinScrollback(parts.cold.text, screen, this.terminal.rows) : screen;
  }

  /**
   * The serialized terminal (screen, scrollback up to `scrollbackLines`, alternate buffer,
   * cursor and modes) and the seq of the last batch it holds, taken at one instant.
   */
  snapshot(scrollbackLines?: number): Promise<{ data: string; seq: number }> {
    return new Promise((resolve) =>
      this.whenParsed(() =>
        resolve({ data: this.serializeAll(scrollbackLines), seq: this.parsed }),
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
          const screen = keep ? this.serializer.serialize({ scrollback: 0 }) : this.serializeAll(scrollbackLines);
          resolve({ screen, chunk: null, rebase: !keep, marker: keep ? from : null, seq: this.parsed });
          return;
        }
        const rebase = from === null || from.isDisposed;
        // A rebase starts at the frontier: the cold rows above it go first in the chunk.
        const start = rebase ? this.coveredRows() : from!.line;
        const cold = rebase ? (this.cold?.read() ?? null) : null;
        let held = 0; // rows of the screen's top line that are in the scrollback
        while (held < CAPTURE_WRAP_HOLD_MAX_ROWS && buf.baseY - held > start && buf.getLine(buf.baseY - held)?.isWrapped) held++;
        if (held === CAPTURE_WRAP_HOLD_MAX_ROWS) held = 0;
        const screen = this.serializer.serialize({ scrollback: held });
        const end = buf.baseY - held; // rows [start, end) go into this chunk
        const hot =
          end > start
            ? { data: this.serializer.serialize({ range: { start, end: end - 1 }, excludeModes: true, excludeAltBuffer: true }), lines: end - start }
            : null;
        const chunk = cold && hot ? { data: `${cold.text}\r\n${hot.data}`, lines: cold.rows + hot.lines } : (hot ?? (cold ? { data: cold.text, lines: cold.rows } : null));
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

  /**
   * Resizes the mirror (columns, rows). A change of columns reflows the rows: narrowing makes
   * more of them and xterm.js trims what no longer fits, so the rows it would trim (counted
   * line by line at the new width) go to the cold scrollback first; and since reflow moves
   * markers only roughly, the frontier is found again afterwards by counting, from the
   * bottom, the non-blank lines that were below it (reflow keeps every line that it does not
   * trim, blank rows at the bottom aside).
   */
  resize(cols: number, rows: number): void {
    if (!this.cold || cols === this.terminal.cols) {
      this.terminal.resize(cols, rows);
      return;
    }
    const buf = this.normalBuffer();
    if (cols < this.terminal.cols) {
      const trimmed = this.rowsAfterReflow(cols) - (buf.lines.maxLength - this.terminal.rows + rows);
      const covered = this.coveredRows();
      // A chunk more than counted: a cover ends at a line start, at or before the row asked for.
      if (trimmed > covered) this.cover(trimmed - covered + this.chunkRows);
    }
    const below = this.coveredRows() > 0 ? this.linesBelow(this.coveredRows()) : null;
    this.terminal.resize(cols, rows);
    if (!below) return;
    this.frontier?.dispose();
    this.frontier = null;
    const at = this.rowOfLinesBelow(below);
    if (at > 0) this.frontier = this.normalBuffer().addMarker(at);
  }

  /** Rows the normal buffer would hold after reflowing to `cols` columns, trimming aside. */
  private rowsAfterReflow(cols: number): number {
    const buf = this.normalBuffer() as unknown as { lines: { length: number; get(y: number): { isWrapped: boolean; getTrimmedLength(): number } } };
    const old = this.terminal.cols;
    let total = 0;
    let cells = 0; // cells of the current line: full rows, then the last row's trimmed length
    let rowsOfLine = 0;
    for (let y = 0; y < buf.lines.length; y++) {
      const line = buf.lines.get(y);
      if (!line.isWrapped && rowsOfLine > 0) {
        total += Math.max(1, Math.ceil(cells / cols));
        rowsOfLine = 0;
      }
      cells = rowsOfLine * old + line.getTrimmedLength();
      rowsOfLine++;
    }
    return total + Math.max(1, Math.ceil(cells / cols));
  }

  /** Non-blank lines (wrapped rows joined) from row `from` to the end, and blank line starts between `from` and the first of them. */
  private linesBelow(from: number): { lines: number; blanksBefore: number } {
    const normal = this.terminal.buffer.normal;
    let lines = 0;
    let blanksBefore = 0;
    for (let y = from; y < normal.length; y++) {
      const line = normal.getLine(y)!;
      if (line.isWrapped) continue;
      if (this.lineIsBlank(y)) {
        if (lines === 0) blanksBefore++;
      } else lines++;
    }
    return { lines, blanksBefore };
  }

  /** The row where `below.lines` non-blank lines to the end start, moved up over `below.blanksBefore` blank ones; 0 when not found. */
  private rowOfLinesBelow(below: { lines: number; blanksBefore: number }): number {
    const normal = this.terminal.buffer.normal;
    let seen = 0;
    let y = normal.length - 1;
    for (; y >= 0 && seen < below.lines; y--) if (!normal.getLine(y)!.isWrapped && !this.lineIsBlank(y)) seen++;
    if (seen < below.lines) return 0;
    let at = y + 1;
    for (let k = 0; k < below.blanksBefore && at > 0 && !normal.getLine(at - 1)!.isWrapped && this.lineIsBlank(at - 1); k++) at--;
    return at;
  }

  /** True when the line starting at row `y` (with its wrapped rows) holds no text. */
  private lineIsBlank(y: number): boolean {
    const normal = this.terminal.buffer.normal;
    for (let r = y; r < normal.length && (r === y || normal.getLine(r)!.isWrapped); r++) if (normal.getLine(r)!.translateToString(true) !== '') return false;
    return true;
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
