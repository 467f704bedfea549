import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bounds of a {@link JsonlTail}. */
export interface JsonlTailOptions {
  /** Bytes read per `read(2)` call; also the size of the one reusable buffer. Default 1 MiB. */
  chunkBytes?: number;
  /** A line longer than this (bytes) is skipped and counted in `oversizedLines`. Default 16 MiB. */
  maxLineBytes?: number;
  /**
   * When set, a complete line whose bytes do not contain this text is skipped without being
   * decoded (most transcript bytes are message content no usage reader needs).
   */
  mustContain?: string;
}

/** What one {@link JsonlTail.readNew} call consumed. */
export interface TailRead {
  /** Bytes consumed from the file in this call. */
  bytes: number;
  /** Complete lines handed to the callback in this call (empty lines excluded). */
  lines: number;
  /** True when the file shrank or was replaced below the offset, so reading restarted at 0. */
  restarted: boolean;
}

const NEWLINE = 0x0a;

/**
 * Follows a growing JSONL file from a byte offset, handing out each complete line once.
 * A last line without its newline is held (it may still be being written) and completed
 * by a later call. Memory is bounded: one chunk buffer plus at most one pending line of
 * `maxLineBytes`; a longer line is skipped whole and counted. Lines are split on bytes,
 * so a multi-byte UTF-8 character is never cut.
 * Errors: `readNew` throws the fs error when the file cannot be opened (ENOENT, EACCES).
 */
export class JsonlTail {
  /** Byte offset up to which the file has been consumed (pending bytes included). */
  offset = 0;
  /** Lines skipped for exceeding `maxLineBytes`. */
  oversizedLines = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  private readonly chunkBytes: number;
  private readonly maxLineBytes: number;
  private buffer: Buffer | null = null;
  private readonly needle: Buffer | null;

  /**
   * @param path absolute path of the JSONL file
   * @param options chunk and line bounds (bytes)
   */
  constructor(
    readonly path: string,
    options: JsonlTailOptions = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? 1024 * 1024;
    this.maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
    this.needle = options.mustContain ? Buffer.from(options.mustContain, 'utf8') : null;
  }

  /** Bytes of an incomplete last line held until its newline arrives. */
  get pendingLineBytes(): number {
    return this.pendingBytes;
  }

  /**
   * Reads what was appended since the last call and calls `onLine` for each complete,
   * non-empty line (without its newline; a trailing CR is dropped). When the file shrank
   * below the offset (replaced or truncated), `onRestart` is called before reading from 0.
   * @param until when given, reads no further than this byte offset (a line boundary)
   * @throws the fs error when the file cannot be opened or read
   */
  readNew(onLine: (line: string) => void, onRestart?: () => void, until?: number): TailRead {
    const fd = openSync(this.path, 'r');
    try {
      let restarted = false;
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        this.offset = 0;
        this.pending = [];
        this.pendingBytes = 0;
        this.skipping = false;
        restarted = true;
        onRestart?.();
      }
      this.buffer ??= Buffer.allocUnsafe(this.chunkBytes);
      const buf = this.buffer;
      let bytes = 0;
      let lines = 0;
      for (;;) {
        const want = until === undefined ? buf.length : Math.min(buf.length, until - this.offset);
        if (want <= 0) break;
        const n = readSync(fd, buf, 0, want, this.offset);
        if (n <= 0) break;
        this.offset += n;
        bytes += n;
        let start = 0;
        for (;;) {
          const nl = buf.indexOf(NEWLINE, start);
          if (nl === -1 || nl >= n) {
            this.hold(buf, start, n);
            break;
          }
          if (this.skipping) {
            this.skipping = false;
          } else if (this.pendingBytes + (nl - start) > this.maxLineBytes) {
            this.oversizedLines++;
          } else if (this.needle && this.pendingBytes === 0 && !this.has(buf, start, nl)) {
            // skipped unread: the line cannot be one the caller wants
          } else {
            const line = this.take(buf, start, nl);
            if (line.length > 0) {
              lines++;
              onLine(line);
            }
          }
          this.pending = [];
          this.pendingBytes = 0;
          start = nl + 1;
        }
        if (n < want) break;
      }
      return { bytes, lines, restarted };
    } finally {
      closeSync(fd);
    }
  }

  /** True when buf[start, end) contains the needle. */
  private has(buf: Buffer, start: number, end: number): boolean {
    const at = buf.indexOf(this.needle!, start);
    return at !== -1 && at + this.needle!.length <= end;
  }

  /** Keeps buf[start, end) as the start of an unfinished line, or skips it when too long. */
  private hold(buf: Buffer, start: number, end: number): void {
    if (start >= end || this.skipping) return;
    if (this.pendingBytes + (end - start) > this.maxLineBytes) {
      this.oversizedLines++;
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(buf.subarray(start, end)));
    this.pendingBytes += end - start;
  }

  /** The pending bytes plus buf[start, end) as a string, without a trailing CR. */
  private take(buf: Buffer, start: number, end: number): string {
    let stop = end;
    const whole = this.pending.length === 0 ? buf.subarray(start, stop) : Buffer.concat([...this.pending, buf.subarray(start, stop)]);
    stop = whole.length;
    if (stop > 0 && whole[stop - 1] === 0x0d) stop--;
    const text = whole.toString('utf8', 0, stop);
    return text.trim().length === 0 ? '' : text;
  }
}
