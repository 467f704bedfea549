import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { CortexClient } from '../core/cortex-client';
import { FramePacerService } from '../consoles/frame-pacer';
import { FrameAlignedTicker } from './clock-tick';

/** How often "time in state" labels tick, ms. */
export const CLOCK_TICK_MS = 1_000;

/**
 * A `now` signal (ms since the epoch) that ticks every {@link CLOCK_TICK_MS} while the
 * backend is connected. Without the backend the states are unknown, so the times in state
 * stop instead of counting on as if nothing had changed. While someone types into a console
 * the tick rides on the next frame the page asks for anyway, at most CLOCK_TICK_MAX_WAIT_MS
 * late ({@link FrameAlignedTicker}): a frame of its own would delay the next key's echo.
 */
@Injectable({ providedIn: 'root' })
export class ClockService {
  private readonly nowSignal = signal(Date.now());
  readonly now = this.nowSignal.asReadonly();

  constructor() {
    const client = inject(CortexClient);
    const pacer = inject(FramePacerService);
    const ticker = new FrameAlignedTicker(
      {
        now: () => performance.now(),
        setInterval: (fn, ms) => window.setInterval(fn, ms),
        clearInterval: (id) => window.clearInterval(id),
        setTimeout: (fn, ms) => window.setTimeout(fn, ms),
        clearTimeout: (id) => window.clearTimeout(id),
        lastKeyAt: () => pacer.lastInputAt(),
        beforeNextFrame: (work) => pacer.beforeNextFrame(work),
      },
      () => {
        if (client.connectionState() === 'open') this.nowSignal.set(Date.now());
      },
      CLOCK_TICK_MS,
    );
    ticker.start();
    inject(DestroyRef).onDestroy(() => ticker.dispose());
  }
}

const SECOND_MS = 1_000;
const MINUTE_S = 60;
const HOUR_S = 3_600;
const DAY_S = 86_400;

/**
 * A short elapsed time for a chip or list: `12s`, `4m 05s`, `2h 10m`, `3d 4h`.
 * @param ms elapsed milliseconds (negative counts as 0)
 */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / SECOND_MS));
  if (s < MINUTE_S) return `${s}s`;
  if (s < HOUR_S) return `${Math.floor(s / MINUTE_S)}m ${String(s % MINUTE_S).padStart(2, '0')}s`;
  if (s < DAY_S) return `${Math.floor(s / HOUR_S)}h ${String(Math.floor((s % HOUR_S) / MINUTE_S)).padStart(2, '0')}m`;
  return `${Math.floor(s / DAY_S)}d ${Math.floor((s % DAY_S) / HOUR_S)}h`;
}
