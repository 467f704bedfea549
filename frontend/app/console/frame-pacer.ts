import { DestroyRef, Injectable, inject } from '@angular/core';

/** Output written to the consoles within this window decides whether they flood, ms. */
export const FLOOD_WINDOW_MS = 250;
/**
 * Chars written to the consoles within {@link FLOOD_WINDOW_MS} from which they count as
 * flooding: 256 K chars per 250 ms ≈ 1 M chars/s ≈ 8,700 lines/s of 120 columns, far
 * beyond what anyone reads (an agent streams a few hundred chars per second).
 */
export const FLOOD_MIN_CHARS = 256 * 1024;
/**
 * Shortest time between two drawn frames while the consoles flood, ms: 10 frames/s.
 * xterm.js has no frame-rate cap of its own (xtermjs/xterm.js#4135, "Consider capping FPS
 * when the terminal is being flooded with data", proposes about 12 FPS); with the DOM
 * renderer every frame re-lays-out every row, and during a flood that drawing took half
 * of the page's main thread (npm run bench (d), 46 frames/s at ~10 ms each).
 */
export const FLOOD_FRAME_INTERVAL_MS = 100;

/** The part of a window the pacer wraps (a real `Window` fits). */
export interface AnimationFrameHost {
  requestAnimationFrame(cb: FrameRequestCallback): number;
  cancelAnimationFrame(id: number): void;
  setTimeout(handler: () => void, ms: number): number;
  performance: { now(): number };
}

/**
 * Caps the page's frame rate while the consoles flood, so that the main thread parses
 * output instead of drawing frames nobody can read. It wraps the window's
 * `requestAnimationFrame` / `cancelAnimationFrame` (xterm.js draws its rows, the selection
 * and its scrollbar in animation-frame callbacks, and has no option for this): callbacks
 * are collected and run together in one native animation frame, as the browser would run
 * them. Normally that is the next frame; while the consoles flood (≥ {@link FLOOD_MIN_CHARS}
 * written in the last {@link FLOOD_WINDOW_MS}) the frame comes no sooner than
 * {@link FLOOD_FRAME_INTERVAL_MS} after the previous one. Nothing is dropped: every
 * callback runs, and the last screen of a flood is drawn at most one interval late.
 * Callbacks requested while a frame runs its callbacks run in the next frame (the
 * browser's rule). Install once per window; {@link uninstall} restores the originals.
 */
export class FramePacer {
  private readonly nativeRequest: (cb: FrameRequestCallback) => number;
  private readonly nativeCancel: (id: number) => void;
  private queue = new Map<number, FrameRequestCallback>();
  private nextId = 1;
  private scheduled = false;
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  /** (time ms, chars) of recent console writes, oldest first. */
  private readonly writes: { at: number; chars: number }[] = [];
  private windowChars = 0;
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

  /** Records `chars` of output written to a console now (what decides whether the consoles flood). */
  noteOutput(chars: number): void {
    const now = this.host.performance.now();
    this.writes.push({ at: now, chars });
    this.windowChars += chars;
    this.prune(now);
  }

  /** True while ≥ {@link FLOOD_MIN_CHARS} were written in the last {@link FLOOD_WINDOW_MS}. */
  private flooding(): boolean {
    this.prune(this.host.performance.now());
    return this.windowChars >= FLOOD_MIN_CHARS;
  }

  private request(cb: FrameRequestCallback): number {
    const id = this.nextId++;
    this.queue.set(id, cb);
    if (!this.scheduled) this.schedule();
    return id;
  }

  private cancel(id: number): void {
    this.queue.delete(id);
  }

  private schedule(): void {
    this.scheduled = true;
    const wait = this.flooding() ? this.lastFrameAt + FLOOD_FRAME_INTERVAL_MS - this.host.performance.now() : 0;
    if (wait > 0) this.host.setTimeout(() => this.nativeRequest((t) => this.runFrame(t)), wait);
    else this.nativeRequest((t) => this.runFrame(t));
  }

  private runFrame(time: number): void {
    this.scheduled = false;
    this.lastFrameAt = this.host.performance.now();
    const callbacks = this.queue;
    this.queue = new Map();
    for (const cb of callbacks.values()) {
      try {
        cb(time);
      } catch (err) {
        // As the browser does: one failing callback neither stops the others nor the frame.
        reportError(err);
      }
    }
    if (this.queue.size > 0 && !this.scheduled) this.schedule();
  }

  private prune(now: number): void {
    while (this.writes.length > 0 && this.writes[0]!.at < now - FLOOD_WINDOW_MS) this.windowChars -= this.writes.shift()!.chars;
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

  /** Records `chars` of output written to a console now. */
  noteOutput(chars: number): void {
    this.pacer.noteOutput(chars);
  }
}
