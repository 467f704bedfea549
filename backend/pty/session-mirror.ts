import type { ScreenSource } from './screen-snapshot.js';

/** A place in a mirror's scrollback where the next incremental capture starts (opaque). */
export interface CaptureMarker {
  /** True once its row was trimmed from the scrollback, or it was disposed: the next capture rebases. */
  readonly isDisposed: boolean;
  dispose(): void;
}

/** One incremental capture: the screen, and the rows that scrolled off since the last capture. */
export interface IncrementalCapture<M extends CaptureMarker = CaptureMarker> {
  /** Serialized visible screen, modes and alternate buffer. */
  screen: string;
  /** Serialized rows that entered the scrollback since `from`, or null. No trailing line break. */
  chunk: { data: string; lines: number } | null;
  /** True when the rows since `from` could not be told (first capture, trimmed marker): the chunk holds the whole scrollback. */
  rebase: boolean;
  /** Where the next capture starts; pass it back as `from`. */
  marker: M | null;
  seq: number;
}

/** The visible screen of a mirror as plain text. Cursor position is 0-based (columns, rows). */
export interface ScreenText {
  text: string;
  cols: number;
  rows: number;
  cursorX: number;
  cursorY: number;
}

/**
 * What the rest of the backend knows of a session's headless mirror — the terminal state
 * that parses everything the session prints. Two implementations: {@link TerminalMirror}
 * (parses on the calling thread; tests and tools) and `RemoteMirror` (parses in the mirror
 * worker thread, off the thread that reads every PTY; what sessions use).
 * Everything that reads terminal state is either async (answered after every earlier write
 * is parsed) or a cached value as of the last parse the caller heard of.
 */
export interface SessionMirror {
  /** Seq of the last batch fully parsed. */
  readonly parsedSeq: number;
  /** Chars written but not yet parsed (UTF-16 code units). */
  readonly pendingChars: number;
  /**
   * Chars dropped unparsed by fast-forward (see TerminalMirror) since the mirror was made, as
   * of the last parse the caller heard of; never decreases. A drop means every row since
   * then was replaced: the next incremental capture rebases.
   */
  readonly fastForwardedChars: number;
  /** Last title set by OSC 0 or 2; empty when none. */
  readonly title: string;
  /** Size of the mirror, columns and rows. */
  readonly cols: number;
  readonly rows: number;
  /** True while a full-screen program uses the alternate screen (as of the last parse). */
  readonly inAlternateScreen: boolean;
  /** True while the program asked for bracketed paste (DEC mode 2004; as of the last parse). */
  readonly bracketedPasteMode: boolean;
  /**
   * Queues batch `seq` for parsing.
   * @param plain {@link isPlainText} of `data` when the caller has tested it already (one scan
   *   per batch), else the mirror tests it where it needs to
   */
  write(data: string, seq: number, plain?: boolean): void;
  /** Runs `fn` once everything written before this call has been parsed (in order, never synchronously). */
  whenParsed(fn: () => void): void;
  /** Resolves once everything written so far has been parsed. */
  drain(): Promise<void>;
  /** Called with each new title (OSC 0/2). @returns a function that stops it */
  onTitleChange(listener: (title: string) => void): () => void;
  /** Called after each stretch of parsing. @returns a function that stops it */
  onParsed(listener: () => void): () => void;
  /** The visible screen for the status detector, read synchronously as of the last parse. */
  screenSource(): ScreenSource;
  /**
   * The serialized terminal (screen, scrollback up to `scrollbackLines`, alternate buffer,
   * cursor and modes) and the seq of the last batch it holds, taken at one instant.
   */
  snapshot(scrollbackLines?: number): Promise<{ data: string; seq: number }>;
  /** The screen plus only the rows that scrolled into the scrollback since `from` (see TerminalMirror). */
  captureIncremental(from: CaptureMarker | null, scrollbackLines: number): Promise<IncrementalCapture>;
  /** The visible screen of the active buffer, one line per row, trailing blanks trimmed. */
  screen(): Promise<ScreenText>;
  /** Resizes the mirror (columns, rows). */
  resize(cols: number, rows: number): void;
  /** Stops parsing and releases the terminal; callbacks still queued are dropped. */
  dispose(): void;
}
