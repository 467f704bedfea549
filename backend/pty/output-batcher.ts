import { BATCH_INTERVAL_MS, BATCH_MAX_CHARS } from './constants.js';

/**
 * Coalesces PTY output chunks into batches: a batch is flushed {@link BATCH_INTERVAL_MS}
 * after its first chunk, or at once when it reaches {@link BATCH_MAX_CHARS} chars.
 * The first chunk after a quiet spell (no flush in the last interval) goes out at once —
 * a keystroke's echo should not wait for a batch that will never fill (measured: the 5 ms
 * wait was half of the 10 ms echo budget). Order is kept; nothing is dropped. `flush()`
 * empties it synchronously (used at exit).
 */
export class OutputBatcher {
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = -Infinity;

  /** @param emit receives each batch, in order */
  constructor(
    private readonly emit: (batch: string) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly maxChars = BATCH_MAX_CHARS,
  ) {}

  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.parts.push(chunk);
    this.size += chunk.length;
    const quiet = this.timer === null && performance.now() - this.lastFlushAt >= this.intervalMs;
    if (quiet || this.size >= this.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.size === 0) return;
    this.lastFlushAt = performance.now();
    const batch = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.emit(batch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.parts = [];
    this.size = 0;
  }
}
