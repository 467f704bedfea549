import { LatencyHistogram, type LatencySnapshot } from './latency-histogram.js';

/** Counters of one tier, as read by `cache.stats`. */
export interface TierStatsSnapshot {
  hits: number;
  misses: number;
  /** Entries removed to make room (LRU) or because their TTL passed. */
  evictions: number;
  /** Entries dropped because they were stale (deps changed), corrupt or of an older schema. */
  invalidations: number;
  /** hits / (hits + misses); 0 before the first lookup. */
  hitRatio: number;
  /** Latency of lookups in this tier (µs), hits and misses alike. */
  latency: LatencySnapshot;
}

/** Hit/miss/eviction counters and a lookup latency histogram for one tier. */
export class TierStats {
  hits = 0;
  misses = 0;
  evictions = 0;
  invalidations = 0;
  readonly latency = new LatencyHistogram();

  snapshot(): TierStatsSnapshot {
    const lookups = this.hits + this.misses;
    return {
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      invalidations: this.invalidations,
      hitRatio: lookups ? this.hits / lookups : 0,
      latency: this.latency.snapshot(),
    };
  }

  reset(): void {
    this.hits = this.misses = this.evictions = this.invalidations = 0;
    this.latency.reset();
  }
}

/**
 * Microseconds elapsed since `startMs` (a `performance.now()` reading). `performance.now()`
 * is used rather than `process.hrtime.bigint()` because it allocates nothing: a BigInt per
 * reading costs GC pauses that show up in a sub-µs tier's p99.
 */
export function elapsedUs(startMs: number): number {
  return (performance.now() - startMs) * 1000;
}
