/**
 * Upper bounds (inclusive, µs) of the latency buckets. Roughly ×2 apart from 0.25 µs to
 * ~4 s, so a hot get (sub-µs), a cold get (tens of µs) and a tree walk (hundreds of ms)
 * land in different buckets. The last bucket is open (+∞).
 */
export const LATENCY_BUCKETS_US: readonly number[] = [
  0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000,
  128_000, 256_000, 512_000, 1_000_000, 2_000_000, 4_000_000, Number.POSITIVE_INFINITY,
];

/** A readable snapshot of a {@link LatencyHistogram}; percentiles are bucket upper bounds in µs. */
export interface LatencySnapshot {
  count: number;
  /** Mean in µs (exact, from the running sum). */
  meanUs: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
  /** Non-empty buckets: `leUs` is the inclusive upper bound (`null` = +∞). */
  buckets: { leUs: number | null; count: number }[];
}

/**
 * A fixed-bucket latency histogram (µs). Recording is O(log buckets) and allocation-free;
 * percentiles are read as the upper bound of the bucket holding that rank, so they are
 * conservative by at most one bucket (≤ ×2).
 */
export class LatencyHistogram {
  private readonly counts = new Array<number>(LATENCY_BUCKETS_US.length).fill(0);
  private count = 0;
  private sumUs = 0;
  private maxUs = 0;

  /** Records one observation of `us` microseconds. */
  record(us: number): void {
    let lo = 0;
    let hi = LATENCY_BUCKETS_US.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (us <= LATENCY_BUCKETS_US[mid]!) hi = mid;
      else lo = mid + 1;
    }
    this.counts[lo]!++;
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** The upper bound (µs) of the bucket holding quantile `q` (0..1); 0 when empty. */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const le = LATENCY_BUCKETS_US[i]!;
        return Number.isFinite(le) ? Math.min(le, this.maxUs) : this.maxUs;
      }
    }
    return this.maxUs;
  }

  snapshot(): LatencySnapshot {
    return {
      count: this.count,
      meanUs: this.count ? this.sumUs / this.count : 0,
      p50Us: this.percentile(0.5),
      p95Us: this.percentile(0.95),
      p99Us: this.percentile(0.99),
      maxUs: this.maxUs,
      buckets: this.counts.flatMap((c, i) =>
        c ? [{ leUs: Number.isFinite(LATENCY_BUCKETS_US[i]!) ? LATENCY_BUCKETS_US[i]! : null, count: c }] : [],
      ),
    };
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }
}
