import { Injectable } from '@angular/core';
import type { HoldGate } from './cursor-blink-gate';

/**
 * Class on the root element while the page's CSS animations are paused (`styles.scss` pauses
 * every animation under it).
 */
export const MOTION_PAUSED_CLASS = 'cx-motion-paused';

/**
 * The page's CSS animations (a starting console's progress bar, a waiting chip's pulse, a
 * running task's spinner): paused while any reason holds them, running otherwise. While
 * any animation runs anywhere in the page, Chromium produces a frame every vsync and the
 * frame that draws a key's echo comes one frame later: measured in `npm run bench`
 * (peers, software compositing), keydown → glyph p50 went from 25.6 ms to 7.6 ms (the bare
 * xterm.js page: 6.2 ms) with the starting bar's animation paused. Terminals type without
 * that frame: consoles hold the motion off while the user types (a {@link TypingPause} per
 * console), and it comes back once typing pauses. Nothing is hidden: a paused animation
 * keeps its element and its place.
 */
export class PageMotionGate implements HoldGate {
  private readonly holds = new Set<string>();

  /** @param root the element whose class list carries {@link MOTION_PAUSED_CLASS} (the document's root element) */
  constructor(private readonly root: { classList: Pick<DOMTokenList, 'toggle'> }) {}

  /** True while the animations are paused. */
  get paused(): boolean {
    return this.holds.size > 0;
  }

  /** Pauses the animations for `reason` until {@link release} with the same reason. */
  hold(reason: string): void {
    const was = this.paused;
    this.holds.add(reason);
    if (!was) this.root.classList.toggle(MOTION_PAUSED_CLASS, true);
  }

  /** Ends the hold of `reason`; the animations run again when no other reason holds them. */
  release(reason: string): void {
    if (!this.holds.delete(reason)) return;
    if (!this.paused) this.root.classList.toggle(MOTION_PAUSED_CLASS, false);
  }
}

/** The page's one {@link PageMotionGate}, on `document.documentElement`. */
@Injectable({ providedIn: 'root' })
export class PageMotionService {
  readonly gate = new PageMotionGate(document.documentElement);
}
