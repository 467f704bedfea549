import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { CortexClient } from '../core/cortex-client';

/** How often "time in state" labels tick, ms. */
export const CLOCK_TICK_MS = 1_000;

/**
 * A `now` signal (ms since the epoch) that ticks every {@link CLOCK_TICK_MS} while the
 * backend is connected. Without the backend the states are unknown, so the times in state
 * stop instead of counting on as if nothing had changed.
 */
@Injectable({ providedIn: 'root' })
export class ClockService {
  private readonly nowSignal = signal(Date.now());
  readonly now = this.nowSignal.asReadonly();

  constructor() {
    const client = inject(CortexClient);
    const timer = setInterval(() => {
      if (client.connectionState() === 'open') this.nowSignal.set(Date.now());
    }, CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
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
