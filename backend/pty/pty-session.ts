import { randomUUID } from 'node:crypto';
import { PAUSED_EXIT_CHECK_MS } from './constants.js';
import { FlowController } from './flow-control.js';
import { isAlive } from './process-group.js';
import { OutputBatcher } from './output-batcher.js';
import { PtyProcess, type PtyExit, type PtySpawnOptions } from './pty-process.js';
import { TerminalMirror } from './terminal-mirror.js';

/** Receives output batches, in order, with their seq. */
export type OutputSink = (seq: number, data: string) => void;

/** A client attached to a session's output. */
export interface Attachment {
  readonly id: string;
  /** The snapshot the client starts from, and the seq of the last batch it holds. */
  readonly snapshot: string;
  readonly seq: number;
  /** Starts delivering: the batches after `seq` that arrived meanwhile, then live output. */
  start(): void;
  /** The client processed `chars` more chars (flow-controlled attachments only). */
  ack(chars: number): void;
  detach(): void;
}

const MIRROR_LANE = 'mirror';

/**
 * A PTY process plus its output pipeline: batching, sequence numbers, the headless
 * mirror and flow control across every attached client. Output batches are numbered
 * from 1; an attaching client gets the mirror's snapshot at some seq and then every
 * batch after it, so nothing is lost or doubled.
 */
export class PtySession {
  readonly process: PtyProcess;
  readonly mirror: TerminalMirror;
  private readonly batcher: OutputBatcher;
  private readonly flow: FlowController;
  private readonly sinks = new Map<string, { sink: OutputSink; queue: { seq: number; data: string }[] | null }>();
  private readonly batchListeners: ((data: string, seq: number) => void)[] = [];
  private seqCounter = 0;
  private totalChars = 0;
  private disposed = false;
  private exitWatch: NodeJS.Timeout | null = null;
  /** Set once the child exited while paused: from then on read to the end, never pause. */
  private draining = false;

  /**
   * Spawns the process. @throws CortexError `SPAWN_FAILED` (see {@link PtyProcess.spawn}).
   * @param scrollback lines the mirror keeps
   */
  constructor(opts: PtySpawnOptions, scrollback?: number) {
    this.process = PtyProcess.spawn(opts);
    this.flow = new FlowController((paused) => this.setPaused(paused));
    this.flow.addLane(MIRROR_LANE);
    this.mirror = new TerminalMirror(opts.cols, opts.rows, scrollback, (chars) => this.flow.processed(MIRROR_LANE, chars));
    this.batcher = new OutputBatcher((batch) => this.deliver(batch));
    this.process.onData((chunk) => this.batcher.push(chunk));
    this.process.onExit(() => this.batcher.flush());
  }

  /** Seq of the last batch delivered (0 before any output). */
  get seq(): number {
    return this.seqCounter;
  }

  /** Chars of output delivered since spawn. */
  get outputChars(): number {
    return this.totalChars;
  }

  get isPaused(): boolean {
    return this.flow.isPaused;
  }

  /** Called for every batch after it went to the mirror and the clients. */
  onBatch(listener: (data: string, seq: number) => void): void {
    this.batchListeners.push(listener);
  }

  onExit(listener: (e: PtyExit) => void): void {
    this.process.onExit(listener);
  }

  /**
   * Attaches a client. The snapshot is taken after the mirror has parsed every earlier
   * batch; batches that arrive while it is taken are queued and handed over by `start()`.
   * @param flowControl when true the client must `ack` what it processed, or the PTY pauses
   */
  async attach(sink: OutputSink, flowControl: boolean): Promise<Attachment> {
    const id = randomUUID();
    const entry = { sink, queue: [] as { seq: number; data: string }[] | null };
    this.sinks.set(id, entry);
    if (flowControl) this.flow.addLane(id);
    const snap = await this.mirror.snapshot();
    return {
      id,
      snapshot: snap.data,
      seq: snap.seq,
      start: () => {
        const queued = entry.queue ?? [];
        entry.queue = null;
        for (const b of queued) if (b.seq > snap.seq) sink(b.seq, b.data);
      },
      ack: (chars) => this.flow.processed(id, chars),
      detach: () => {
        this.sinks.delete(id);
        this.flow.removeLane(id);
      },
    };
  }

  /**
   * Pauses or resumes reading. While paused, watches for the child's exit so the tail of
   * its output is read before node-pty closes the PTY (see {@link PAUSED_EXIT_CHECK_MS}).
   */
  private setPaused(paused: boolean): void {
    if (paused && !this.draining) {
      this.process.pause();
      this.exitWatch ??= setInterval(() => {
        if (isAlive(this.process.pid)) return;
        this.draining = true;
        this.stopExitWatch();
        this.process.resume();
      }, PAUSED_EXIT_CHECK_MS);
    } else if (!paused) {
      this.stopExitWatch();
      this.process.resume();
    }
  }

  private stopExitWatch(): void {
    if (this.exitWatch) clearInterval(this.exitWatch);
    this.exitWatch = null;
  }

  /** Writes input to the process. Ignored after exit. */
  write(data: string): void {
    if (!this.process.exit) this.process.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.process.exit) this.process.resize(cols, rows);
    this.mirror.resize(cols, rows);
  }

  /** Ends the process tree (see {@link PtyProcess.kill}). */
  kill(): Promise<PtyExit> {
    return this.process.kill();
  }

  /** Releases the mirror and timers. The process must have exited (or be killed first). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopExitWatch();
    this.batcher.dispose();
    this.sinks.clear();
    this.mirror.dispose();
  }

  private deliver(batch: string): void {
    if (this.disposed) return;
    const seq = ++this.seqCounter;
    this.totalChars += batch.length;
    this.mirror.write(batch, seq);
    for (const entry of this.sinks.values()) {
      if (entry.queue) entry.queue.push({ seq, data: batch });
      else entry.sink(seq, batch);
    }
    this.flow.sent(batch.length);
    for (const l of this.batchListeners) l(batch, seq);
  }
}
