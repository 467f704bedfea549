import type { Breaker } from '../contract/index.js';
import type { BreakerRecord } from '../store/breaker-repository.js';
import { BREAKER_FAILURE_THRESHOLD, BREAKER_HALF_OPEN_AFTER_MS, BREAKER_WINDOW_MS } from './constants.js';

export type { BreakerRecord } from '../store/breaker-repository.js';

/**
 * A circuit breaker for one agent profile: `closed` (starts allowed) → `open` after
 * {@link BREAKER_FAILURE_THRESHOLD} failures within {@link BREAKER_WINDOW_MS} (starts refused)
 * → `half-open` {@link BREAKER_HALF_OPEN_AFTER_MS} later (one trial start allowed) → `closed`
 * on a success or back to `open` on a failure. Pure: time comes in as arguments.
 */
export class CircuitBreaker {
  private rec: BreakerRecord;

  constructor(
    initial: BreakerRecord = { state: 'closed', failures: [], openedAt: null },
    private readonly threshold = BREAKER_FAILURE_THRESHOLD,
    private readonly windowMs = BREAKER_WINDOW_MS,
    private readonly halfOpenAfterMs = BREAKER_HALF_OPEN_AFTER_MS,
  ) {
    this.rec = { ...initial, failures: [...initial.failures] };
  }

  /** The state at time `now` (an open breaker past its wait reads as half-open). */
  view(now: number): Omit<Breaker, 'quotaUntil' | 'quotaReason'> {
    this.tick(now);
    const { state, openedAt } = this.rec;
    return {
      state,
      failures: this.rec.failures.length,
      openedAt,
      retryAt: state === 'open' && openedAt !== null ? openedAt + this.halfOpenAfterMs : null,
    };
  }

  /** What to persist. */
  get record(): BreakerRecord {
    return { ...this.rec, failures: [...this.rec.failures] };
  }

  /** True when a start is allowed now (closed, or half-open for its trial). */
  allows(now: number): boolean {
    this.tick(now);
    return this.rec.state !== 'open';
  }

  /** Records a failure; @returns true when the state changed */
  failure(now: number): boolean {
    this.tick(now);
    const before = this.rec.state;
    this.rec.failures = [...this.rec.failures.filter((t) => now - t < this.windowMs), now];
    if (before === 'half-open' || this.rec.failures.length >= this.threshold) {
      this.rec.state = 'open';
      this.rec.openedAt = now;
    }
    return before !== this.rec.state || before === 'half-open';
  }

  /** Records a success (healthy run); @returns true when the state changed */
  success(now: number): boolean {
    this.tick(now);
    if (this.rec.state === 'closed') return false;
    this.reset();
    return true;
  }

  /** Closes the breaker and forgets its failures. */
  reset(): void {
    this.rec = { state: 'closed', failures: [], openedAt: null };
  }

  private tick(now: number): void {
    if (this.rec.state === 'open' && this.rec.openedAt !== null && now - this.rec.openedAt >= this.halfOpenAfterMs) {
      this.rec.state = 'half-open';
    }
  }
}
