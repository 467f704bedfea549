import { randomUUID } from 'node:crypto';
import { TERMINAL_LIMITS } from '../contract/index.js';
import {
  CLIENT_FAST_FORWARD_HELD_HIGH_CHARS,
  CLIENT_HELD_HIGH_CHARS,
  CLIENT_HELD_LOW_CHARS,
  HIGH_WATERMARK_CHARS,
  MIRROR_HIGH_WATERMARK_CHARS,
  MIRROR_LOW_WATERMARK_CHARS,
  PAUSED_EXIT_CHECK_MS,
  RAW_REPLAY_MAX_CHARS,
} from './constants.js';
import { FlowController, RegionBreaks, regionFullBefore, SendWindow } from './flow-control.js';
import { isPlainText } from './plain-text.js';
import { isAlive } from './process-group.js';
import { OutputBatcher } from './output-batcher.js';
import { PtyProcess, type PtyExit, type PtySpawnOptions } from './pty-process.js';
import { replayableAsIs } from './raw-replay.js';
import { RemoteMirror } from './remote-mirror.js';
import type { SessionMirror } from './session-mirror.js';

/** Receives output batches, in order, with their seq. */
export type OutputSink = (seq: number, data: string) => void;

/** One attached client: where its batches go (`plain`: isPlainText of the batch), and those queued until it starts. */
interface SinkEntry {
  sink: (seq: number, data: string, plain: boolean) => void;
  queue: { seq: number; data: string; plain: boolean }[] | null;
}

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
  /** Chars of output dropped unsent for this client (fast-forward; 0 without a stated scrollback). */
  readonly droppedChars: number;
  detach(): void;
}

const MIRROR_LANE = 'mirror';

/**
 * A PTY process plus its output pipeline: batching, sequence numbers, the headless
 * mirror and flow control across every attached client. Output batches are numbered
 * from 1; an attaching client gets the mirror's snapshot at some seq and then every
 * batch after it, so nothing is lost or doubled. A flow-controlled client is sent at most
 * its window ({@link HIGH_WATERMARK_CHARS} unacknowledged, {@link SendWindow}); what comes
 * beyond waits here, and the PTY pauses once {@link CLIENT_HELD_HIGH_CHARS} wait for one
 * client (or the mirror is {@link MIRROR_HIGH_WATERMARK_CHARS} behind). For a client that
 * stated its scrollback, waiting output it could never show is dropped unsent (SendWindow,
 * fast-forward), by what the mirror reports of the scroll region and the batches that are
 * not plain text and resizes recorded here ({@link RegionBreaks}). While the whole
 * output is short and the size unchanged, the snapshot is that output itself (see
 * {@link RAW_REPLAY_MAX_CHARS}).
 */
export class PtySession {
  /** The headless mirror, parsing in the mirror worker (see {@link RemoteMirror}). */
  readonly mirror: SessionMirror;
  private readonly remote: RemoteMirror;
  /** Where the scroll region may have changed (client fast-forward). */
  private readonly breaks = new RegionBreaks();
  private readonly windows = new Set<SendWindow>();
  private proc: PtyProcess | null = null;
  private cols: number;
  private rows: number;
  private readonly exitListeners: ((e: PtyExit) => void)[] = [];
  private readonly batcher: OutputBatcher;
  private readonly flow: FlowController;
  private readonly sinks = new Map<string, SinkEntry>();
  private readonly batchListeners: ((data: string, seq: number) => void)[] = [];
  private seqCounter = 0;
  private totalChars = 0;
  private disposed = false;
  private exitWatch: NodeJS.Timeout | null = null;
  /** Set once the child exited while paused: from then on read to the end, never pause. */
  private draining = false;
  /** Every batch delivered, while they add up to at most RAW_REPLAY_MAX_CHARS at the first size; then null. */
  private raw: string[] | null = [];
  private rawChars = 0;

  /**
   * Creates the pipeline and, when `opts` has an argv, spawns its first process.
   * @param opts the process to start, or just the terminal size (columns, rows) for a
   *   pipeline that shows history until {@link spawn} starts a process
   * @param scrollback lines the mirror keeps
   * @throws CortexError `SPAWN_FAILED` (see {@link PtyProcess.spawn})
   */
  constructor(opts: PtySpawnOptions | { cols: number; rows: number }, scrollback?: number) {
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.flow = new FlowController((paused) => this.setPaused(paused));
    this.flow.addLane(MIRROR_LANE, { high: MIRROR_HIGH_WATERMARK_CHARS, low: MIRROR_LOW_WATERMARK_CHARS });
    this.mirror = this.remote = new RemoteMirror(opts.cols, opts.rows, scrollback, (chars) => this.flow.processed(MIRROR_LANE, chars));
    this.batcher = new OutputBatcher((batch) => this.deliver(batch));
    if ('argv' in opts) this.spawn(opts);
  }

  /**
   * Starts a process in this pipeline (the first one, or a relaunch after the previous
   * one exited). Clients stay attached; output continues the same seq numbering.
   * @throws CortexError `SPAWN_FAILED`; Error when a process is still running
   */
  spawn(opts: Omit<PtySpawnOptions, 'cols' | 'rows'>): PtyProcess {
    if (this.proc && !this.proc.exit) throw new Error('A process is still running in this session.');
    return this.adopt(PtyProcess.spawn({ ...opts, cols: this.cols, rows: this.rows }));
  }

  /**
   * Makes `proc`, a process spawned earlier on a PTY of its own and still running, this
   * pipeline's process: from now on its output is batched, mirrored and sent like a spawned
   * one's (what it printed before is not: a process started ahead waits silently). Its PTY is
   * resized to this pipeline's size when they differ.
   * @throws Error when a process is still running in this session, or `proc` has exited
   */
  adopt(proc: PtyProcess): PtyProcess {
    if (this.proc && !this.proc.exit) throw new Error('A process is still running in this session.');
    if (proc.exit) throw new Error('The process to adopt has exited.');
    if (proc.size.cols !== this.cols || proc.size.rows !== this.rows) proc.resize(this.cols, this.rows);
    this.proc = proc;
    this.draining = false;
    proc.onData((chunk) => {
      if (this.proc === proc) this.batcher.push(chunk);
    });
    proc.onExit((e) => {
      this.batcher.flush();
      for (const l of [...this.exitListeners]) l(e);
    });
    if (this.flow.isPaused) proc.pause();
    return proc;
  }

  /** The current (or last) process. @throws Error when none was ever started */
  get process(): PtyProcess {
    if (!this.proc) throw new Error('No process was started in this session.');
    return this.proc;
  }

  /** True while a process runs. */
  get running(): boolean {
    return this.proc !== null && this.proc.exit === null;
  }

  /** Delivers `text` as output (to the mirror and every client), e.g. a restore mark. */
  inject(text: string): void {
    this.batcher.flush();
    this.deliver(text);
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

  /** Called each time a process of this session exits. @returns a function that stops listening */
  onExit(listener: (e: PtyExit) => void): () => void {
    this.exitListeners.push(listener);
    return () => {
      const i = this.exitListeners.indexOf(listener);
      if (i >= 0) this.exitListeners.splice(i, 1);
    };
  }

  /**
   * Attaches a client. The snapshot is the session's whole output when it is short, at an
   * unchanged size and holds nothing a terminal answers ({@link rawReplay}); otherwise the
   * mirror's, taken after it has parsed every earlier batch. Batches that arrive while it is
   * taken are queued and handed over by `start()`.
   * @param flowControl when true the client must `ack` what it processed: it is sent at most
   *   {@link HIGH_WATERMARK_CHARS} unacknowledged chars, the rest waits, and the PTY pauses
   * @param scrollbackLines the client terminal's scrollback (lines), for a flow-controlled
   *   client: output waiting for it that it could never show is dropped unsent (see
   *   {@link SendWindow}, fast-forward; the seqs of dropped batches never reach it), and while
   *   all that waits is plain text the PTY pauses only at
   *   {@link CLIENT_FAST_FORWARD_HELD_HIGH_CHARS} waiting. Without it nothing is dropped.
   */
  async attach(sink: OutputSink, flowControl: boolean, scrollbackLines?: number): Promise<Attachment> {
    const id = randomUUID();
    const entry: SinkEntry = { sink, queue: [] };
    this.sinks.set(id, entry);
    let window: SendWindow | null = null;
    if (flowControl) {
      const fastForward =
        scrollbackLines === undefined
          ? null
          : {
              // The most rows any client's screen may have: its size can differ from the session's for a moment.
              lineFeeds: scrollbackLines + 2 * TERMINAL_LIMITS.maxRows,
              regionFullBefore: (seq: number) => regionFullBefore(seq, this.remote.fullRegionAfter, this.breaks),
            };
      // The wider bound only while all that waits is a plain flood the rule keeps short.
      const high = () => (w.waitingAllPlain ? CLIENT_FAST_FORWARD_HELD_HIGH_CHARS : CLIENT_HELD_HIGH_CHARS);
      const w: SendWindow = new SendWindow(
        sink,
        HIGH_WATERMARK_CHARS,
        (delta) => {
          if (delta > 0) this.flow.behindBy(id, delta);
          else this.flow.processed(id, -delta);
        },
        fastForward,
      );
      this.flow.addLane(id, { high, low: CLIENT_HELD_LOW_CHARS });
      window = w;
      this.windows.add(w);
      entry.sink = (seq, data, plain) => w.offer(seq, data, plain);
    }
    const snap = this.rawReplay() ?? (await this.mirror.snapshot());
    return {
      id,
      snapshot: snap.data,
      seq: snap.seq,
      start: () => {
        const queued = entry.queue ?? [];
        entry.queue = null;
        for (const b of queued) if (b.seq > snap.seq) entry.sink(b.seq, b.data, b.plain);
      },
      ack: (chars) => {
        if (this.sinks.has(id)) window?.ack(chars);
      },
      get droppedChars() {
        return window?.droppedChars ?? 0;
      },
      detach: () => {
        this.sinks.delete(id);
        if (window) this.windows.delete(window);
        this.flow.removeLane(id);
      },
    };
  }

  /**
   * Pauses or resumes reading. While paused, watches for the child's exit so the tail of
   * its output is read before node-pty closes the PTY (see {@link PAUSED_EXIT_CHECK_MS}).
   */
  private setPaused(paused: boolean): void {
    const proc = this.proc;
    if (!proc) return;
    if (paused && !this.draining) {
      proc.pause();
      this.exitWatch ??= setInterval(() => {
        if (isAlive(proc.pid)) return;
        this.draining = true;
        this.stopExitWatch();
        proc.resume();
      }, PAUSED_EXIT_CHECK_MS);
    } else if (!paused) {
      this.stopExitWatch();
      proc.resume();
    }
  }

  private stopExitWatch(): void {
    if (this.exitWatch) clearInterval(this.exitWatch);
    this.exitWatch = null;
  }

  /** Writes input to the process. Ignored when no process runs. */
  write(data: string): void {
    if (this.running) this.proc!.write(data);
  }

  /** Resizes the process's PTY (if any) and the mirror (columns, rows). */
  resize(cols: number, rows: number): void {
    // Output written at another width reflows: only the mirror knows the screen now.
    if (cols !== this.cols || rows !== this.rows) {
      this.dropRaw();
      // Clients' fast-forward: their line-feed counts and region knowledge hold at one size.
      this.breaks.resized(this.seqCounter);
      for (const w of this.windows) w.keepWaiting();
    }
    this.cols = cols;
    this.rows = rows;
    if (this.running) this.proc!.resize(cols, rows);
    this.mirror.resize(cols, rows);
  }

  /** Ends the process tree (see {@link PtyProcess.kill}); resolves at once when none runs. */
  async kill(): Promise<PtyExit | null> {
    return this.proc ? this.proc.kill() : null;
  }

  /** Releases the mirror and timers. The process must have exited (or be killed first). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopExitWatch();
    this.batcher.dispose();
    this.sinks.clear();
    this.windows.clear();
    this.mirror.dispose();
    this.dropRaw();
  }

  /**
   * The output so far as a snapshot, when a fresh terminal of this size shows from it
   * exactly what the mirror holds and no query in it would be answered again.
   * @returns the snapshot and the seq of its last batch, or null (ask the mirror)
   */
  private rawReplay(): { data: string; seq: number } | null {
    if (!this.raw) return null;
    const data = this.raw.length === 1 ? this.raw[0]! : this.raw.join('');
    this.raw = data === '' ? [] : [data];
    return replayableAsIs(data) ? { data, seq: this.seqCounter } : null;
  }

  private dropRaw(): void {
    this.raw = null;
    this.rawChars = 0;
  }

  private deliver(batch: string): void {
    if (this.disposed) return;
    const seq = ++this.seqCounter;
    this.totalChars += batch.length;
    // One scan per batch: the mirror and the send windows are handed its answer.
    const plain = isPlainText(batch);
    if (!plain) this.breaks.notPlain(seq);
    if (this.raw) {
      this.rawChars += batch.length;
      if (this.rawChars > RAW_REPLAY_MAX_CHARS) this.dropRaw();
      else this.raw.push(batch);
    }
    this.mirror.write(batch, seq, plain);
    this.flow.behindBy(MIRROR_LANE, batch.length);
    for (const entry of this.sinks.values()) {
      if (entry.queue) entry.queue.push({ seq, data: batch, plain });
      else entry.sink(seq, batch, plain);
    }
    for (const l of this.batchListeners) l(batch, seq);
  }
}
