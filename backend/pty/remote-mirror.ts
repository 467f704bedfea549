import type { ScreenSnapshot, ScreenSource } from './screen-snapshot.js';
import { MIRROR_POST_AHEAD_CHARS, MIRROR_SCROLLBACK_LINES } from './constants.js';
import { MirrorHost, type MirrorPeer } from './mirror-host.js';
import type { FromWorker, MirrorRequest, WireCapture } from './mirror-protocol.js';
import { isPlainText, lineFeedsAfterFirstCr, scanBatch, type BatchScan } from './plain-text.js';
import type { CaptureMarker, IncrementalCapture, ScreenText, SessionMirror } from './session-mirror.js';

/** A capture marker kept by the worker, named here by its number. */
class RemoteMarker implements CaptureMarker {
  private disposed = false;

  constructor(
    readonly n: number,
    private readonly release: (n: number) => void,
  ) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The worker trimmed its row. */
  gone(): void {
    this.disposed = true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.release(this.n);
  }
}

interface PendingRequest {
  msg: MirrorRequest;
  /** Worker generation it was sent to; -1 when not sent (no worker at the time). */
  gen: number;
  resolve: (value: unknown) => void;
}

/**
 * A session's headless mirror living in the mirror worker (see {@link MirrorHost}): this
 * thread — the one that reads every PTY and answers every client — only posts output to
 * it and keeps what the worker last reported (parsed seq, modes, size, title, and for
 * status detection the visible screen). Parsing a flood, serializing a snapshot of 10,000
 * rows (~0.6 s) or a capture thus never delays another session's keystroke echo; that
 * delay was the tail of echo latency under floods in `npm run bench` when mirrors parsed on
 * this thread (the mirror's parsing stays off the thread that reads the PTYs).
 * Flow control sees the worker's progress through `onParsedChars`, like a slow client.
 * If the worker dies, its unparsed output counts as parsed (the PTY is not left paused),
 * and the mirror starts again blank in the next worker; unanswered requests are resent.
 *
 * Held output: at most `postAhead` chars ({@link MIRROR_POST_AHEAD_CHARS}) are posted to
 * the worker and not yet reported parsed; later batches wait here, in order, and go as
 * reports make room. A starved worker (it runs at a low priority, and on a loaded machine
 * gets a few % of a core) would otherwise fall {@link MIRROR_HIGH_WATERMARK_CHARS} behind
 * on a plain flood and pause the PTY, though it drops most of such a flood unparsed anyway.
 * Here the same fast-forward rule as the worker's (TerminalMirror, fast-forward) drops a
 * held plain batch once the plain output held after it holds a CR and then
 * scrollback + 2 × rows line feeds — when the worker last reported a full-screen scroll
 * region for the current size, and every batch posted since that report is plain (plain
 * text cannot set a region). The chars dropped count as processed at once, so a plain
 * flood with line feeds never pauses the PTY on the mirror's account, however slow the
 * worker; output held or posted stays under about postAhead + scrollback + 2 × rows lines
 * + 2 batches (~3 M chars at 160 columns). Output that cannot be dropped (escape
 * sequences, no line feeds) is held until the mirror lane's watermark pauses the PTY, as
 * before. Every request (snapshot, capture, screen, barrier) and a resize first post all
 * that is held, so they see every batch written before them.
 */
export class RemoteMirror implements SessionMirror, MirrorPeer {
  private readonly id: number;
  /** Chars posted to the worker and not yet reported parsed. */
  private posted = 0;
  /** Batches written and not yet posted (see the class docstring), and their chars. */
  private readonly held: { data: string; seq: number; scan: BatchScan }[] = [];
  private heldChars = 0;
  /** Chars dropped here unparsed (fast-forwarded before reaching the worker). */
  private droppedHere = 0;
  /** Seq of the last batch posted that is not plain text (0: none). */
  private lastNotPlainPosted = 0;
  /** Resizes posted; the worker's last report's region is that of this size when it counted as many. */
  private resizesPosted = 0;
  /** The scroll region is the whole screen after everything posted (see {@link canDropHeld}). */
  private regionFull = true;
  private reportedResizes = 0;
  /** False once a worker died: the mirror restarted blank no longer knows the region clients have. */
  private regionKnownForClients = true;
  private parsed = 0;
  /** Chars fast-forwarded, as last reported, plus those of workers before a restart. */
  private forwarded = 0;
  private forwardedBase = 0;
  private lastWrittenSeq = 0;
  private alternate = false;
  private synchronizing = false;
  private bracketed = false;
  private size: { cols: number; rows: number };
  private currentTitle = '';
  private lastScreen: ScreenSnapshot;
  private watched = false;
  private disposed = false;
  private titleListeners: ((title: string) => void)[] = [];
  private parsedListeners: (() => void)[] = [];
  private readonly requests = new Map<number, PendingRequest>();
  private readonly markers = new Map<number, RemoteMarker>();
  private nextReq = 1;

  /**
   * @param cols columns, @param rows rows
   * @param scrollback lines of scrollback kept (default {@link MIRROR_SCROLLBACK_LINES})
   * @param onParsedChars called with the chars the worker parsed (or skipped), as it reports them (flow control)
   * @param host the worker's host (default: the process's)
   * @param postAhead most chars posted to the worker and not yet reported parsed before
   *   later output is held here (default {@link MIRROR_POST_AHEAD_CHARS})
   */
  constructor(
    cols: number,
    rows: number,
    private readonly scrollback = MIRROR_SCROLLBACK_LINES,
    private readonly onParsedChars: (chars: number) => void = () => {},
    private readonly host: MirrorHost = MirrorHost.shared(),
    private readonly postAhead = MIRROR_POST_AHEAD_CHARS,
  ) {
    this.size = { cols, rows };
    this.lastScreen = { lines: new Array<string>(rows).fill(''), cursorX: 0, cursorY: 0, alternate: false };
    this.id = host.register(this);
    host.post({ t: 'create', id: this.id, cols, rows, scrollback });
  }

  get parsedSeq(): number {
    return this.parsed;
  }

  /**
   * Seq of the batch after which the worker last reported a full-screen scroll region at the
   * current size (every resize posted reported), or null when that is not known: the region
   * was not full, a resize is not yet reported, or a worker died (the mirror in the next one
   * starts blank, so its region says nothing of a client's). For the client fast-forward of
   * PtySession (`regionFullBefore` in flow-control.ts).
   */
  get fullRegionAfter(): number | null {
    if (!this.regionKnownForClients || !this.regionFull || this.reportedResizes !== this.resizesPosted) return null;
    return this.parsed;
  }

  /** Chars written and not yet parsed or dropped: posted to the worker, or held here. */
  get pendingChars(): number {
    return this.posted + this.heldChars;
  }

  get fastForwardedChars(): number {
    return this.forwarded + this.droppedHere;
  }

  get title(): string {
    return this.currentTitle;
  }

  get cols(): number {
    return this.size.cols;
  }

  get rows(): number {
    return this.size.rows;
  }

  get inAlternateScreen(): boolean {
    return this.alternate;
  }

  get bracketedPasteMode(): boolean {
    return this.bracketed;
  }

  write(data: string, seq: number, plain?: boolean): void {
    if (this.disposed) return;
    this.lastWrittenSeq = seq;
    if (this.held.length === 0 && this.posted < this.postAhead) return this.postWrite(data, seq, plain);
    this.held.push({ data, seq, scan: scanBatch(data, plain) });
    this.heldChars += data.length;
    this.dropHeld();
    this.postHeld(this.postAhead);
  }

  /** Posts batch `seq` to the worker (`plain`: {@link isPlainText} of it when known, else tested here). */
  private postWrite(data: string, seq: number, plain: boolean | undefined): void {
    this.posted += data.length;
    const isPlain = plain ?? isPlainText(data);
    if (!isPlain) this.lastNotPlainPosted = seq;
    // The answer goes along: the worker's fast-forward would otherwise test the batch again.
    if (this.host.post({ t: 'write', id: this.id, data, seq, plain: isPlain })) return;
    // No worker until the restart: this output is lost to the mirror; never hold the PTY for it.
    queueMicrotask(() => this.release(data.length, seq));
  }

  /** Posts held batches, in order, while fewer than `limit` posted chars are unreported. */
  private postHeld(limit: number): void {
    while (this.held.length > 0 && this.posted < limit) {
      const b = this.held.shift()!;
      this.heldChars -= b.data.length;
      this.postWrite(b.data, b.seq, b.scan.plain);
    }
  }

  /**
   * True when the worker's state after everything posted has a full-screen scroll region at
   * the current size: its last report said so, after every resize posted, and nothing
   * posted since that report can have changed it (all plain).
   */
  private canDropHeld(): boolean {
    return this.regionFull && this.reportedResizes === this.resizesPosted && this.lastNotPlainPosted <= this.parsed;
  }

  /** Drops held plain batches that the held plain output after them pushes out of both buffers (class docstring). */
  private dropHeld(): void {
    const needed = this.scrollback + 2 * this.size.rows;
    // Each line feed is a char: fewer held chars cannot hold enough of them.
    while (this.held.length > 1 && this.heldChars - this.held[0]!.data.length >= needed && this.held[0]!.scan.plain && this.canDropHeld()) {
      if (lineFeedsAfterFirstCr(this.heldScansAfterHead(), needed) < needed) return;
      const b = this.held.shift()!;
      this.heldChars -= b.data.length;
      this.droppedHere += b.data.length;
      this.onParsedChars(b.data.length);
    }
  }

  private *heldScansAfterHead(): Generator<BatchScan> {
    for (let i = 1; i < this.held.length; i++) yield this.held[i]!.scan;
  }

  /** Posts everything held, whatever the worker's backlog: a request or resize that follows must see it. */
  private flushHeld(): void {
    this.postHeld(Infinity);
  }

  whenParsed(fn: () => void): void {
    void this.request({ t: 'barrier' }).then(fn);
  }

  drain(): Promise<void> {
    return this.request({ t: 'barrier' }) as Promise<void>;
  }

  onTitleChange(listener: (title: string) => void): () => void {
    this.titleListeners.push(listener);
    return () => {
      this.titleListeners = this.titleListeners.filter((l) => l !== listener);
    };
  }

  onParsed(listener: () => void): () => void {
    this.parsedListeners.push(listener);
    return () => {
      this.parsedListeners = this.parsedListeners.filter((l) => l !== listener);
    };
  }

  /** The screen as the worker last reported it; from the first call on, every report carries it. */
  screenSource(): ScreenSource {
    if (!this.watched) {
      this.watched = true;
      this.host.post({ t: 'watch', id: this.id });
    }
    return { read: () => this.lastScreen, synchronizing: () => this.synchronizing };
  }

  snapshot(scrollbackLines?: number): Promise<{ data: string; seq: number }> {
    return this.request({ t: 'snapshot', scrollback: scrollbackLines }) as Promise<{ data: string; seq: number }>;
  }

  async captureIncremental(from: CaptureMarker | null, scrollbackLines: number): Promise<IncrementalCapture> {
    const n = from instanceof RemoteMarker && !from.isDisposed ? from.n : null;
    const wire = (await this.request({ t: 'capture', from: n, scrollback: scrollbackLines })) as WireCapture;
    let marker: RemoteMarker | null = null;
    if (wire.marker !== null) {
      marker = new RemoteMarker(wire.marker, (m) => {
        this.markers.delete(m);
        this.host.post({ t: 'marker-dispose', id: this.id, marker: m });
      });
      this.markers.set(wire.marker, marker);
    }
    return { ...wire, marker };
  }

  screen(): Promise<ScreenText> {
    return this.request({ t: 'screen' }) as Promise<ScreenText>;
  }

  resize(cols: number, rows: number): void {
    this.flushHeld();
    this.size = { cols, rows };
    this.resizesPosted++;
    this.host.post({ t: 'resize', id: this.id, cols, rows });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.host.post({ t: 'dispose', id: this.id });
    this.host.unregister(this.id);
    this.titleListeners = [];
    this.parsedListeners = [];
    this.requests.clear();
    this.held.length = 0;
    this.heldChars = 0;
  }

  /** @internal a message from the worker for this mirror. */
  receive(m: FromWorker): void {
    if (this.disposed) return;
    switch (m.t) {
      case 'parsed':
        this.forwarded = this.forwardedBase + m.fastForwarded;
        this.alternate = m.alternate;
        this.synchronizing = m.synchronizing;
        this.bracketed = m.bracketedPaste;
        if (m.screen) this.lastScreen = m.screen;
        this.regionFull = m.scrollRegionFull;
        this.reportedResizes = m.resizes;
        if (m.chars > 0 || m.seq !== this.parsed) {
          this.release(m.chars, m.seq);
          for (const l of this.parsedListeners) l();
        }
        this.dropHeld();
        this.postHeld(this.postAhead);
        return;
      case 'title':
        this.currentTitle = m.title;
        for (const l of this.titleListeners) l(m.title);
        return;
      case 'marker-gone':
        this.markers.get(m.marker)?.gone();
        this.markers.delete(m.marker);
        return;
      case 'reply': {
        const r = this.requests.get(m.req);
        this.requests.delete(m.req);
        r?.resolve(m.value);
      }
    }
  }

  /** @internal the worker died: its unparsed output will never be reported. */
  lost(): void {
    this.regionKnownForClients = false;
    const lastPosted = this.held.length > 0 ? this.held[0]!.seq - 1 : this.lastWrittenSeq;
    if (this.posted > 0 || this.parsed !== lastPosted) this.release(this.posted, lastPosted);
    for (const marker of this.markers.values()) marker.gone();
    this.markers.clear();
  }

  /** @internal a new worker runs: the mirror starts again there, blank, and unanswered requests go to it. */
  restarted(): void {
    if (this.disposed) return;
    this.forwardedBase = this.forwarded; // the new worker's mirror counts from 0
    this.host.post({ t: 'create', id: this.id, ...this.size, scrollback: this.scrollback });
    // A new mirror: blank, at this size, with a full region and no resize counted yet.
    this.regionFull = true;
    this.reportedResizes = this.resizesPosted = 0;
    this.lastNotPlainPosted = 0;
    if (this.watched) this.host.post({ t: 'watch', id: this.id });
    const gen = this.host.generation;
    for (const [req, r] of this.requests) {
      if (r.gen === gen) continue;
      if (r.msg.t === 'capture') r.msg = { ...r.msg, from: null };
      r.gen = this.host.post({ ...r.msg, id: this.id, req }) ? gen : -1;
    }
    this.postHeld(this.postAhead);
  }

  private release(chars: number, seq: number): void {
    this.posted = Math.max(0, this.posted - chars);
    this.parsed = seq;
    if (chars > 0) this.onParsedChars(chars);
  }

  private request(msg: MirrorRequest): Promise<unknown> {
    this.flushHeld();
    return new Promise((resolve) => {
      const req = this.nextReq++;
      const sent = this.host.post({ ...msg, id: this.id, req });
      this.requests.set(req, { msg, gen: sent ? this.host.generation : -1, resolve });
    });
  }
}
