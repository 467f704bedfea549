import { DestroyRef, Injectable, inject } from '@angular/core';
import { FloodMeter } from './flood-meter';
import { ACTIVE_CONSOLE_MS, QUIET_OUTPUT_UNPACED_MS, frameDelay } from './frame-pacing-policy';

export { FLOOD_FRAME_INTERVAL_MS } from './frame-pacing-policy';

/** The part of a window the pacer wraps (a real `Window` fits). */
export interface AnimationFrameHost {
  requestAnimationFrame(cb: FrameRequestCallback): number;
  cancelAnimationFrame(id: number): void;
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
  performance: { now(): number };
}

/**
 * Caps the page's frame rate while a console floods, so that the main thread parses
 * output instead of drawing frames nobody can read. It wraps the window's
 * `requestAnimationFrame` / `cancelAnimationFrame` (xterm.js draws its rows, the selection
 * and its scrollbar in animation-frame callbacks, and has no option for this): callbacks
 * are collected and run together in one native animation frame, as the browser would run
 * them. Each console's output is metered on its own (a {@link FloodMeter} per console:
 * ≥ 32 K chars in the last 250 ms is a flood). The frame comes after {@link frameDelay}:
 * the next native frame normally; while a console floods, no sooner than
 * FLOOD_FRAME_INTERVAL_MS after the previous one, unless a console that is not flooding
 * has just received output (the echo of a key typed beside a flood), which brings the
 * frame forward to the next native one, or every console has parsed what it was given and
 * nothing more came for FLOOD_END_QUIET_MS (the end of a flood is drawn then). Nothing is
 * dropped: every callback runs, and the last screen of a flood is drawn at most one
 * interval late, ~25 ms after it was parsed when the consoles report parsing
 * ({@link noteParsed}). Callbacks requested while a
 * frame runs its callbacks run in the next frame (the browser's rule). Install once per
 * window; {@link uninstall} restores the originals.
 */
export class FramePacer {
  private readonly nativeRequest: (cb: FrameRequestCallback) => number;
  private readonly nativeCancel: (id: number) => void;
  /** Callbacks waiting for a frame, with the console that asked (null: asked through the window). */
  private queue = new Map<number, { cb: FrameRequestCallback; source: string | null }>();
  private nextId = 1;
  private scheduled = false;
  /** The timer of a paced frame not yet asked for, when one waits. */
  private pacedTimer: number | null = null;
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  /** When a console that was not flooding last received output. */
  private quietOutputAt = Number.NEGATIVE_INFINITY;
  /** When each console last received output beside another's flood. */
  private readonly quietOutputBy = new Map<string, number>();
  /** Each console's output, by the key it notes output under. */
  private readonly meters = new Map<string, FloodMeter>();
  /** When each console last had a key typed into it or output while it was not flooding. */
  private readonly activeAt = new Map<string, number>();
  /** When a key was last typed into any console (-Infinity before the first). */
  private inputAt = Number.NEGATIVE_INFINITY;
  /** Consoles with output handed to them and not yet parsed ({@link noteOutput}, {@link noteParsed}). */
  private readonly parsing = new Set<string>();
  /** Since when no console has had output left to parse; null while one has. */
  private parsedAllAt: number | null = Number.NEGATIVE_INFINITY;
  /** Work to run once the page asks for a frame, without asking for one ({@link beforeNextFrame}). */
  private riders: (() => void)[] = [];
  private installed = false;

  constructor(private readonly host: AnimationFrameHost) {
    this.nativeRequest = host.requestAnimationFrame.bind(host);
    this.nativeCancel = host.cancelAnimationFrame.bind(host);
  }

  /** Replaces the host's `requestAnimationFrame` / `cancelAnimationFrame` with the paced ones. */
  install(): void {
    if (this.installed) return;
    this.installed = true;
    this.host.requestAnimationFrame = (cb) => this.request(cb);
    this.host.cancelAnimationFrame = (id) => this.cancel(id);
  }

  /** Puts the native functions back; queued callbacks still run in the frame already asked for. */
  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    this.host.requestAnimationFrame = this.nativeRequest;
    this.host.cancelAnimationFrame = this.nativeCancel;
  }

  /**
   * Records `chars` of output written now to the console `source` (any stable key, e.g. its
   * session id). Output of a console that is not flooding while another one floods brings a
   * paced frame forward.
   */
  noteOutput(source: string, chars: number): void {
    this.parsing.add(source);
    this.parsedAllAt = null;
    let meter = this.meters.get(source);
    if (!meter) this.meters.set(source, (meter = new FloodMeter(this.host.performance)));
    meter.note(chars);
    if (!meter.flooding()) this.activeAt.set(source, this.host.performance.now());
    // Only output beside another console's flood is urgent: a flood whose own rate dips
    // under the threshold for a moment must not unpace its frames.
    if (meter.flooding() || !this.flooding(source)) return;
    this.quietOutputAt = this.host.performance.now();
    this.quietOutputBy.set(source, this.quietOutputAt);
    if (this.pacedTimer !== null) {
      this.host.clearTimeout(this.pacedTimer);
      this.pacedTimer = null;
      this.nativeRequest((t) => this.runFrame(t));
    }
  }

  /**
   * Records that the console `source` parsed output it was given; `idle`: it has nothing
   * left to parse (a console that drops what it holds, on a reset, reports idle too). Once
   * no console has anything left, a frame the pacing holds back comes FLOOD_END_QUIET_MS
   * later unless more output arrives first.
   */
  noteParsed(source: string, idle: boolean): void {
    if (!idle) return;
    this.parsing.delete(source);
    this.parsedAllChanged();
  }

  /** Records a key typed into the console `source` now. */
  noteInput(source: string): void {
    this.inputAt = this.host.performance.now();
    this.activeAt.set(source, this.inputAt);
  }

  /** When a key was last typed into any console (page clock, ms; -Infinity before the first). */
  lastInputAt(): number {
    return this.inputAt;
  }

  /**
   * Runs `work` once the page asks for its next frame for any other reason (or at once if
   * one is asked for already), in a microtask of the task that asked: before that frame, so
   * the DOM changes it makes are drawn in it, and it asks for no frame itself. Work that
   * must not add a frame of its own (see ClockService) rides on one the page makes anyway.
   * The caller bounds the wait: while the page draws nothing, `work` does not run.
   */
  beforeNextFrame(work: () => void): void {
    this.riders.push(work);
    if (this.scheduled) this.releaseRiders();
  }

  private releaseRiders(): void {
    if (this.riders.length === 0) return;
    const riders = this.riders;
    this.riders = [];
    queueMicrotask(() => {
      for (const work of riders) {
        try {
          work();
        } catch (err) {
          reportError(err);
        }
      }
    });
  }

  /**
   * True while the console `source` floods and another console is active (a key typed into
   * it, or output while it was not flooding, within ACTIVE_CONSOLE_MS): its parsing must
   * then leave room for the other's echo (ParseSlicer).
   */
  slicing(source: string): boolean {
    if (this.meters.get(source)?.flooding() !== true) return false;
    const now = this.host.performance.now();
    for (const [other, at] of this.activeAt) if (other !== source && now - at <= ACTIVE_CONSOLE_MS) return true;
    return false;
  }

  /** Stops metering the console `source` (it was closed). */
  forget(source: string): void {
    this.meters.delete(source);
    this.quietOutputBy.delete(source);
    this.activeAt.delete(source);
    this.parsing.delete(source);
    this.parsedAllChanged();
  }

  /** When the last console with output left to parse is done, a held frame's wait is cut short. */
  private parsedAllChanged(): void {
    if (this.parsing.size > 0 || this.parsedAllAt !== null) return;
    this.parsedAllAt = this.host.performance.now();
    if (this.pacedTimer === null) return;
    this.host.clearTimeout(this.pacedTimer);
    this.pacedTimer = null;
    this.armPaced(this.delay(false));
  }

  /** The wait before the next frame ({@link frameDelay}); `untaggedQuiet`: callbacks asked through the window wait. */
  private delay(untaggedQuiet: boolean): number {
    return frameDelay({
      now: this.host.performance.now(),
      lastFrameAt: this.lastFrameAt,
      flooding: this.flooding(),
      quietOutputAt: untaggedQuiet ? this.quietOutputAt : Number.NEGATIVE_INFINITY,
      parsedAllAt: this.parsedAllAt,
    });
  }

  /** Asks for the next native frame after `wait` ms (at once when 0). */
  private armPaced(wait: number): void {
    if (wait > 0) {
      this.pacedTimer = this.host.setTimeout(() => {
        this.pacedTimer = null;
        this.nativeRequest((t) => this.runFrame(t));
      }, wait);
    } else this.nativeRequest((t) => this.runFrame(t));
  }

  /** True while a console (other than `except`) floods. */
  private flooding(except?: string): boolean {
    for (const [source, m] of this.meters) if (source !== except && m.flooding()) return true;
    return false;
  }

  /**
   * A stand-in for the host window whose `requestAnimationFrame` / `cancelAnimationFrame`
   * note `source` (a console's key) with each callback; everything else is the window's
   * own (functions bound to it). Callbacks of a console that is not flooding run in the next
   * native frame even while another console floods, without those of the flooding one:
   * pacing slows only the flooding console. Give it to that console's terminal as its window.
   */
  windowFor<W extends object>(source: string, window: W): W {
    const request = (cb: FrameRequestCallback) => this.request(cb, source);
    const cancel = (id: number) => this.cancel(id);
    return new Proxy(window, {
      get(target, prop) {
        if (prop === 'requestAnimationFrame') return request;
        if (prop === 'cancelAnimationFrame') return cancel;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private request(cb: FrameRequestCallback, source: string | null = null): number {
    const id = this.nextId++;
    this.queue.set(id, { cb, source });
    if (!this.scheduled) this.schedule();
    else if (this.pacedTimer !== null && this.urgent(source)) {
      // A quiet console asked while a paced frame waits: its frame comes now, the flood's later.
      this.host.clearTimeout(this.pacedTimer);
      this.pacedTimer = null;
      this.nativeRequest((t) => this.runFrame(t));
    }
    return id;
  }

  /**
   * True when a callback of `source` is due in the next native frame whatever the pacing: a
   * console that is not flooding and received output beside another's flood within
   * QUIET_OUTPUT_UNPACED_MS (a flood whose own rate dips for a moment stays paced).
   */
  private urgent(source: string | null): boolean {
    if (source === null || this.meters.get(source)?.flooding() === true) return false;
    return this.host.performance.now() - (this.quietOutputBy.get(source) ?? Number.NEGATIVE_INFINITY) <= QUIET_OUTPUT_UNPACED_MS;
  }

  private cancel(id: number): void {
    this.queue.delete(id);
  }

  private schedule(): void {
    this.scheduled = true;
    this.releaseRiders();
    let urgent = false;
    let untagged = false;
    for (const q of this.queue.values()) {
      if (this.urgent(q.source)) urgent = true;
      else if (q.source === null) untagged = true;
    }
    // A quiet console's output unpaces only callbacks asked through the window: a flooding
    // console's own wait for the paced frame whatever the others do.
    this.armPaced(urgent ? 0 : this.delay(untagged));
  }

  /**
   * Runs the callbacks that are due: all of them in a frame the pacing allows (or with no
   * flood), else only those of consoles that are not flooding and those asked through the
   * window (whose pacing {@link frameDelay} decided); a flooding console's wait for theirs.
   */
  private runFrame(time: number): void {
    this.scheduled = false;
    const now = this.host.performance.now();
    const paced = this.delay(false) > 0;
    const callbacks: FrameRequestCallback[] = [];
    for (const [id, q] of this.queue) {
      if (paced && q.source !== null && !this.urgent(q.source)) continue;
      callbacks.push(q.cb);
      this.queue.delete(id);
    }
    if (!paced) this.lastFrameAt = now;
    // Callbacks asked for while these run are not in `callbacks`: they wait for the next frame (the browser's rule).
    for (const cb of callbacks) {
      try {
        cb(time);
      } catch (err) {
        // As the browser does: one failing callback neither stops the others nor the frame.
        reportError(err);
      }
    }
    if (this.queue.size > 0 && !this.scheduled) this.schedule();
  }
}

/**
 * The app's one {@link FramePacer}, installed on the page's window when first injected and
 * uninstalled with the app. Consoles report what they write with {@link noteOutput}.
 */
@Injectable({ providedIn: 'root' })
export class FramePacerService {
  private readonly pacer = new FramePacer(window);

  constructor() {
    this.pacer.install();
    inject(DestroyRef).onDestroy(() => this.pacer.uninstall());
  }

  /** Records `chars` of output written now to the console `source` (its session id). */
  noteOutput(source: string, chars: number): void {
    this.pacer.noteOutput(source, chars);
  }

  /** Records that the console `source` parsed output; `idle`: nothing left (see {@link FramePacer.noteParsed}). */
  noteParsed(source: string, idle: boolean): void {
    this.pacer.noteParsed(source, idle);
  }

  /** Records a key typed into the console `source` (its session id) now. */
  noteInput(source: string): void {
    this.pacer.noteInput(source);
  }

  /** When a key was last typed into any console (see {@link FramePacer.lastInputAt}). */
  lastInputAt(): number {
    return this.pacer.lastInputAt();
  }

  /** Runs `work` before the next frame the page asks for anyway (see {@link FramePacer.beforeNextFrame}). */
  beforeNextFrame(work: () => void): void {
    this.pacer.beforeNextFrame(work);
  }

  /** True while console `source` floods beside another active console (see {@link FramePacer.slicing}). */
  slicing(source: string): boolean {
    return this.pacer.slicing(source);
  }

  /** Stops metering the console `source` (it was closed). */
  forget(source: string): void {
    this.pacer.forget(source);
  }

  /** The window to give console `source`'s terminal (see {@link FramePacer.windowFor}). */
  windowFor<W extends object>(source: string, window: W): W {
    return this.pacer.windowFor(source, window);
  }
}
