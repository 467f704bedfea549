/**
 * A source of wall-clock time in ms since the epoch. The cache reads time only through
 * this, so tests inject a manual clock to step over TTLs without waiting.
 */
export interface Clock {
  now(): number;
}

/** `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  constructor(private t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.t += ms;
  }
}
