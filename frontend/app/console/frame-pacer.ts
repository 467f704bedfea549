import { DestroyRef, Injectable, inject } from '@angular/core';
import { FloodMeter } from './flood-meter';

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
 * them. Normally that is the next frame; while the consoles flood (all their output together,
 * by a {@link FloodMeter}: ≥ 256 K chars in the last 250 ms) the frame comes no sooner than
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
  /** Output of all consoles together. */
  private readonly meter: FloodMeter;
  private installed = false;

  constructor(private readonly host: AnimationFrameHost) {
    this.nativeRequest = host.requestAnimationFrame.bind(host);
    this.nativeCancel = host.cancelAnimationFrame.bind(host);
    this.meter = new FloodMeter(host.performance);
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
    this.meter.note(chars);
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
    const wait = this.meter.flooding() ? this.lastFrameAt + FLOOD_FRAME_INTERVAL_MS - this.host.performance.now() : 0;
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
