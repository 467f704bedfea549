import { LRUCache } from 'lru-cache';
import type { CacheEntry } from './cache-entry.js';
import { systemClock, type Clock } from './clock.js';
import { TierStats, elapsedUs } from './tier-stats.js';

/** 4 h, the hot tier's default TTL. */
export const HOT_TTL_MS = 4 * 60 * 60 * 1000;

export interface HotTierOptions {
  /** Most entries held; default 5,000. */
  maxEntries?: number;
  /** Most bytes held, counted on each value's serialized (JSON, UTF-8) size; default 64 MiB. */
  maxBytes?: number;
  /** Time to live in ms from when an entry is written; default {@link HOT_TTL_MS}. */
  ttlMs?: number;
  clock?: Clock;
}

/**
 * What the hot tier holds per key: the entry plus a trust stamp the two-tier cache uses to
 * skip revalidation (`null` = revalidate before the next use).
 */
export interface HotRecord<V = unknown> extends CacheEntry<V> {
  trust: readonly number[] | null;
}

/** The hot tier times one get in this many (a power of two). */
export const LATENCY_SAMPLE_EVERY = 8;

/**
 * The in-memory tier: an LRU (lru-cache) bounded by entry count and by bytes, with a TTL read
 * from the injected clock (an expired entry is removed on the read that finds it, or by
 * {@link pruneExpired}). LRU evictions and TTL expiries both count as `evictions`.
 */
export class HotTier {
  private gets = 0;
  readonly stats = new TierStats();
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly lru: LRUCache<string, HotRecord>;

  constructor(opts: HotTierOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 5_000;
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    this.ttlMs = opts.ttlMs ?? HOT_TTL_MS;
    this.clock = opts.clock ?? systemClock;
    this.lru = new LRUCache<string, HotRecord>({
      max: this.maxEntries,
      maxSize: this.maxBytes,
      // +1 so an empty value still takes room (lru-cache wants a positive size).
      sizeCalculation: (r) => r.bytes + 1,
      dispose: (_v, _k, reason) => {
        if (reason === 'evict') this.stats.evictions++;
      },
    });
  }

  /**
   * The live record for `key`, counting a hit or a miss; an expired one is removed (a miss).
   * Latency is timed on one get in {@link LATENCY_SAMPLE_EVERY}: the clock reads cost as much
   * as the LRU lookup itself (~0.1 µs each), and the histogram needs a sample, not a census.
   */
  get<V>(key: string): HotRecord<V> | undefined {
    const timed = (++this.gets & (LATENCY_SAMPLE_EVERY - 1)) === 0;
    const t0 = timed ? performance.now() : 0;
    let r = this.lru.get(key);
    if (r && this.clock.now() >= r.expiresAt) {
      this.lru.delete(key);
      this.stats.evictions++;
      r = undefined;
    }
    if (r) this.stats.hits++;
    else this.stats.misses++;
    if (timed) this.stats.latency.record(elapsedUs(t0));
    return r as HotRecord<V> | undefined;
  }

  /** The record without touching LRU order or counters (tests, stats). */
  peek<V>(key: string): HotRecord<V> | undefined {
    return this.lru.peek(key) as HotRecord<V> | undefined;
  }

  /**
   * Stores `entry`; its hot expiry is the earlier of its own `expiresAt` and now + TTL.
   * An entry larger than `maxBytes` is not stored.
   */
  set<V>(key: string, entry: CacheEntry<V>, trust: readonly number[] | null): void {
    const expiresAt = Math.min(entry.expiresAt, this.clock.now() + this.ttlMs);
    // Every record is built with the same fields in the same order (not a spread of `entry`,
    // whose shape varies by caller) so the read of `expiresAt` in get() stays monomorphic:
    // with spread copies it cost ~0.25 µs of a ~0.45 µs get (bench/cache.bench.ts).
    const record: HotRecord = {
      value: entry.value,
      deps: entry.deps,
      createdAt: entry.createdAt,
      expiresAt,
      bytes: entry.bytes,
      trust,
    };
    this.lru.set(key, record);
  }

  /** Replaces the trust stamp of a held record (after a revalidation). */
  setTrust(key: string, trust: readonly number[] | null): void {
    const r = this.lru.peek(key);
    if (r) r.trust = trust;
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  /** Removes every expired record. @returns how many */
  pruneExpired(): number {
    const now = this.clock.now();
    let n = 0;
    for (const [k, r] of this.lru.entries()) {
      if (now >= r.expiresAt) {
        this.lru.delete(k);
        n++;
      }
    }
    this.stats.evictions += n;
    return n;
  }

  clear(): void {
    this.lru.clear();
  }

  /** Entries held. */
  get size(): number {
    return this.lru.size;
  }

  /** Bytes held (serialized sizes). */
  get bytes(): number {
    return (this.lru.calculatedSize ?? 0) - this.lru.size;
  }

  keys(): string[] {
    return [...this.lru.keys()];
  }
}
