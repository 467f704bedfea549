import { statSync } from 'node:fs';
import type { Db } from '../store/database.js';
import type { CacheEntry } from './cache-entry.js';
import { systemClock, type Clock } from './clock.js';
import { ColdTier, type ColdTierOptions } from './cold-tier.js';
import { fileDepStillValid, type Deps } from './deps.js';
import { HotTier, type HotRecord, type HotTierOptions } from './hot-tier.js';
import { LatencyHistogram, type LatencySnapshot } from './latency-histogram.js';
import type { TierStatsSnapshot } from './tier-stats.js';
import { TreeIndex, type TreeIndexOptions } from './tree-index.js';
import { joinAbortable } from './shared-run.js';

/** Where a value came from: the hot tier, the cold tier, or computed now. */
export type CacheSource = 'hot' | 'cold' | 'fresh';

/** What a compute function gets. */
export interface ComputeContext {
  /** Aborted when every caller waiting for this value gave up. */
  signal: AbortSignal;
  /** The tree index: compute from its snapshots so the recorded tree deps are the ones watched. */
  trees: TreeIndex;
  /** The caller asked for a refresh: walk trees from scratch. */
  refresh: boolean;
}

/** A computed value and everything it was derived from. */
export interface Computed<V> {
  value: V;
  deps: Deps;
}

export interface GetOptions<V> {
  compute: (ctx: ComputeContext) => Promise<Computed<V>>;
  /** Checks a value read back from the cold tier (e.g. a zod `parse`); throwing drops the row. */
  validate?: (value: unknown) => V;
  /** Skip both tiers: compute now (from freshly walked trees) and overwrite. */
  refresh?: boolean;
  signal?: AbortSignal;
}

export interface CacheResult<V> {
  value: V;
  source: CacheSource;
  deps: Deps;
}

export interface TwoTierCacheOptions {
  hot?: HotTierOptions;
  cold?: ColdTierOptions;
  trees?: TreeIndexOptions;
  clock?: Clock;
  /** Interval of the background prune of expired entries, in ms; default 1 h; 0 = never. */
  pruneEveryMs?: number;
}

/** `cache.stats`: per tier counters and latency, plus computes. */
export interface CacheStats {
  hot: TierStatsSnapshot & { entries: number; bytes: number; maxEntries: number; maxBytes: number; ttlMs: number };
  cold: TierStatsSnapshot & { entries: number; bytes: number; ttlMs: number };
  /** Values computed because neither tier had a valid one. Latency in µs. */
  fresh: { count: number; latency: LatencySnapshot };
  /** Watched roots. */
  watched: { root: string; live: boolean; epoch: number }[];
}

/**
 * The two-tier cache. `get` reads hot → cold → compute: a cold hit is revalidated and
 * promoted to the hot tier; a computed value is written to both. Every entry records its
 * deps (files with content hashes, trees with Merkle hashes); a hot entry is trusted
 * without I/O while the watcher reports no change under its trees (its file deps are
 * stat'ed, a few µs each), and revalidated otherwise — files by stat then hash, trees by an
 * incremental re-read of the changed directories. An entry read from the cold tier (e.g.
 * after a restart) is always revalidated before first use. A stale entry is dropped from
 * both tiers and recomputed; a stale hot hit counts as a miss plus an invalidation.
 *
 * Concurrent `get`s of one key share one revalidation/compute; it is aborted only when
 * every waiting caller's signal aborted.
 */
export class TwoTierCache {
  readonly hot: HotTier;
  readonly cold: ColdTier;
  readonly trees: TreeIndex;
  private readonly clock: Clock;
  private readonly fresh = new LatencyHistogram();
  private readonly inflight = new Map<string, ReturnType<typeof joinAbortable<CacheResult<unknown>>>>();
  private readonly pruneTimer: NodeJS.Timeout | undefined;

  constructor(db: Db, opts: TwoTierCacheOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.hot = new HotTier({ ...opts.hot, clock: this.clock });
    this.cold = new ColdTier(db, { ...opts.cold, clock: this.clock });
    this.trees = new TreeIndex(opts.trees);
    const every = opts.pruneEveryMs ?? 60 * 60 * 1000;
    if (every > 0) {
      this.pruneTimer = setInterval(() => this.prune(), every);
      this.pruneTimer.unref();
    }
  }

  /**
   * The value for `key`: hot, cold (revalidated, promoted) or computed.
   * @throws the signal's reason when aborted; whatever `compute` throws
   */
  async get<V>(key: string, opts: GetOptions<V>): Promise<CacheResult<V>> {
    let recount = false;
    if (!opts.refresh) {
      const r = this.hot.get<V>(key);
      if (r && r.trust && this.trustedNow(r)) return { value: r.value, source: 'hot', deps: r.deps };
      if (r) {
        // Held but unverified: a hit only if the revalidation below keeps it.
        this.hot.stats.hits--;
        recount = true;
      }
    }
    let run = opts.refresh ? undefined : this.inflight.get(key);
    if (!run) {
      run = joinAbortable((signal) => this.slowGet(key, opts, signal) as Promise<CacheResult<unknown>>);
      if (!opts.refresh) {
        const mine = run;
        this.inflight.set(key, mine);
        const clear = () => {
          if (this.inflight.get(key) === mine) this.inflight.delete(key);
        };
        mine.promise.then(clear, clear);
      }
    }
    const result = (await run.join(opts.signal)) as CacheResult<V>;
    if (recount) {
      if (result.source === 'hot') this.hot.stats.hits++;
      else this.hot.stats.misses++;
    }
    return result;
  }

  private async slowGet<V>(key: string, opts: GetOptions<V>, signal: AbortSignal): Promise<CacheResult<V>> {
    if (!opts.refresh) {
      const r = this.hot.peek<V>(key);
      if (r && this.clock.now() < r.expiresAt) {
        const trust = await this.revalidate(r.deps, signal);
        if (trust !== false) {
          this.hot.setTrust(key, trust);
          return { value: r.value, source: 'hot', deps: r.deps };
        }
        this.hot.stats.invalidations++;
        this.hot.delete(key);
        this.cold.delete(key);
      } else {
        const c = this.cold.get<V>(key, opts.validate);
        if (c) {
          const trust = await this.revalidate(c.deps, signal);
          if (trust !== false) {
            this.hot.set(key, c, trust);
            return { value: c.value, source: 'cold', deps: c.deps };
          }
          this.cold.stats.hits--;
          this.cold.stats.misses++;
          this.cold.stats.invalidations++;
          this.cold.delete(key);
        }
      }
    }
    const t0 = performance.now();
    const computed = await opts.compute({ signal, trees: this.trees, refresh: !!opts.refresh });
    this.fresh.record((performance.now() - t0) * 1000);
    signal.throwIfAborted();
    this.set(key, computed.value, computed.deps);
    return { value: computed.value, source: 'fresh', deps: computed.deps };
  }

  /**
   * Writes `value` to both tiers with its deps. TTLs run from now.
   * @throws TypeError when `value` is not JSON-serializable
   */
  set<V>(key: string, value: V, deps: Deps): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`The value for ${key} is not JSON-serializable.`);
    const now = this.clock.now();
    const entry: CacheEntry<V> = {
      value,
      deps,
      createdAt: now,
      expiresAt: now + Math.max(this.hot.ttlMs, this.cold.ttlMs),
      bytes: Buffer.byteLength(json),
    };
    this.hot.set(key, entry, this.stampTrees(deps));
    this.cold.set(key, entry, json);
  }

  /** Forgets `key` in both tiers. */
  delete(key: string): void {
    this.hot.delete(key);
    this.cold.delete(key);
  }

  /** Removes expired entries from both tiers. @returns how many per tier */
  prune(): { hot: number; cold: number } {
    return { hot: this.hot.pruneExpired(), cold: this.cold.prune() };
  }

  stats(): CacheStats {
    const cold = this.cold.size();
    return {
      hot: {
        ...this.hot.stats.snapshot(),
        entries: this.hot.size,
        bytes: this.hot.bytes,
        maxEntries: this.hot.maxEntries,
        maxBytes: this.hot.maxBytes,
        ttlMs: this.hot.ttlMs,
      },
      cold: { ...this.cold.stats.snapshot(), entries: cold.entries, bytes: cold.bytes, ttlMs: this.cold.ttlMs },
      fresh: { count: this.fresh.snapshot().count, latency: this.fresh.snapshot() },
      watched: this.trees.watched(),
    };
  }

  /** Resets the counters and histograms of every tier (not the entries). */
  resetStats(): void {
    this.hot.stats.reset();
    this.cold.stats.reset();
    this.fresh.reset();
  }

  /** Stops the watchers and the prune timer. The database stays open (its owner closes it). */
  async close(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.trees.close();
  }

  /** The fast path: no watched change under the entry's trees, and its files stat the same. */
  private trustedNow(r: HotRecord): boolean {
    const trees = r.deps.trees;
    for (let i = 0; i < trees.length; i++) {
      if (!this.trees.isCurrent(trees[i]!.root, r.trust![i]!)) return false;
    }
    for (const f of r.deps.files) {
      try {
        const st = statSync(f.path);
        if (f.hash === null || st.size !== f.size || st.mtimeMs !== f.mtimeMs) return false;
      } catch {
        if (f.hash !== null) return false;
      }
    }
    return true;
  }

  /**
   * Checks `deps` against the disk. @returns `false` when something changed, else the trust
   * stamp to keep (`null` when the trees are not watched live: check again next time)
   */
  private async revalidate(deps: Deps, signal: AbortSignal): Promise<readonly number[] | null | false> {
    for (const t of deps.trees) {
      let snap;
      try {
        snap = await this.trees.snapshot(t.root, { signal });
      } catch (err) {
        if (signal.aborted) throw err;
        return false; // the root is gone or unreadable: recompute (which reports why)
      }
      if (snap.hash !== t.hash) return false;
    }
    for (const f of deps.files) {
      if (!(await fileDepStillValid(f))) return false;
    }
    return this.stampTrees(deps);
  }

  private stampTrees(deps: Deps): readonly number[] | null {
    const stamps: number[] = [];
    for (const t of deps.trees) {
      const s = this.trees.stamp(t.root, t.hash);
      if (s === null) return null;
      stamps.push(s);
    }
    return stamps;
  }
}
