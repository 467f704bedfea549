import type { Subscription } from 'rxjs';
import { FLOW_CONTROL, type OutputBatch } from '@contract';
import type { CortexClient } from '../core/cortex-client';
import { TERMINAL_SCROLLBACK_LINES } from './terminal-themes';

/** Chars of processed output per `sessions.ack` (the contract's flow control). */
export const ACK_SIZE_CHARS = FLOW_CONTROL.ackSizeChars;

/** The terminal a stream writes into (an xterm.js Terminal fits). */
export interface TerminalSink {
  reset(): void;
  resize(cols: number, rows: number): void;
  /** Writes data (a string, or UTF-8 bytes); `done` runs once the terminal has parsed it. */
  write(data: string | Uint8Array, done?: () => void): void;
}

/**
 * One console's attachment to a session's output, by the contract's protocol:
 * `sessions.attach` returns a snapshot at batch `seq`; `session.output` batches that
 * arrive before that answer are buffered, and every batch with `seq` ≤ the last applied
 * is dropped, so nothing is lost or doubled. Processed chars are acknowledged in steps
 * of {@link ACK_SIZE_CHARS} (flow control). The console's scrollback
 * ({@link TERMINAL_SCROLLBACK_LINES}, the contract's `CONSOLE_SCROLLBACK_LINES`) is stated, so the backend may skip
 * batches this console could never show: a `seq` may be missing, and the next one applies as
 * usual. {@link attach} again after a reconnect.
 */
export class SessionStream {
  private lastSeq = 0;
  private buffered: OutputBatch[] | null = null;
  private unacked = 0;
  private generation = 0;
  private disposed = false;
  private readonly subscription: Subscription;

  constructor(
    private readonly client: CortexClient,
    private readonly sessionId: string,
    private readonly sink: TerminalSink,
  ) {
    this.subscription = client.output$.subscribe((o) => {
      if (o.sessionId === this.sessionId) this.onOutput(o);
    });
  }

  /**
   * Attaches (or re-attaches): resets the terminal, sizes it to the session, writes the
   * snapshot, then the buffered batches.
   * @param sinkReady resolves once the sink can take writes: the request goes out at once and
   *   its answer (and the batches after it, buffered meanwhile) is applied only then, so a
   *   console can attach while its terminal is still being built
   * @returns the session's size at the snapshot, or null when superseded by a later attach
   *   or disposed first
   * @throws CortexError (e.g. `NOT_FOUND` when the session was removed)
   */
  async attach(sinkReady?: PromiseLike<unknown>): Promise<{ cols: number; rows: number } | null> {
    const generation = ++this.generation;
    this.buffered = [];
    this.unacked = 0;
    const [res] = await Promise.all([this.client.call('sessions.attach', { id: this.sessionId, flowControl: true, scrollbackLines: TERMINAL_SCROLLBACK_LINES }), sinkReady]);
    if (this.disposed || generation !== this.generation) return null;
    this.sink.reset();
    this.sink.resize(res.cols, res.rows);
    if (res.snapshot) this.sink.write(res.snapshot);
    this.lastSeq = res.seq;
    const pending = this.buffered ?? [];
    this.buffered = null;
    for (const batch of pending) this.apply(batch);
    return { cols: res.cols, rows: res.rows };
  }

  /** Stops listening and detaches from the session (best effort). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscription.unsubscribe();
    this.client.call('sessions.detach', { id: this.sessionId }).catch(() => undefined);
  }

  private onOutput(batch: OutputBatch): void {
    if (this.disposed) return;
    if (this.buffered) this.buffered.push(batch);
    else this.apply(batch);
  }

  private apply(batch: OutputBatch): void {
    if (batch.seq <= this.lastSeq) return;
    this.lastSeq = batch.seq;
    const generation = this.generation;
    const chars = batch.chars;
    this.sink.write(batch.data, () => this.processed(chars, generation));
  }

  private processed(chars: number, generation: number): void {
    if (this.disposed || generation !== this.generation) return;
    this.unacked += chars;
    if (this.unacked < ACK_SIZE_CHARS) return;
    const ack = this.unacked;
    this.unacked = 0;
    this.client.call('sessions.ack', { id: this.sessionId, chars: ack }).catch(() => undefined);
  }
}
