import type { Db } from '../store/database.js';
import type { CacheEntry } from './cache-entry.js';
import { systemClock, type Clock } from './clock.js';
import { DepsSchema } from './deps.js';
import { TierStats, elapsedUs } from './tier-stats.js';

/** 24 h, the cold tier's default TTL. */
export const COLD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Version of the row format this build writes to `cache_entries` (value and deps JSON).
 * Rows of another version are dropped when read. Bump when the format changes.
 */
export const CACHE_SCHEMA_VERSION = 1;

export interface ColdTierOptions {
  /** Time to live in ms from when an entry is written; default {@link COLD_TTL_MS}. */
  ttlMs?: number;
  clock?: Clock;
  /** Row format version written and accepted; default {@link CACHE_SCHEMA_VERSION}. */
  schemaVersion?: number;
}

interface Row {
  key: string;
  schema_version: number;
  value: string;
  deps: string;
  bytes: number;
  created_at: number;
  expires_at: number;
}

/**
 * The persistent tier: rows of the SQLite table `cache_entries` (see migrations), surviving
 * restarts. Expired rows are removed when read and by {@link prune}. A row that cannot be
 * read back — bad JSON, a deps shape that fails its schema, another schema version — is
 * deleted and counted as an invalidation; it never throws.
 */
export class ColdTier {
  readonly stats = new TierStats();
  readonly ttlMs: number;
  readonly schemaVersion: number;
  private readonly clock: Clock;
  private readonly stmts;

  constructor(db: Db, opts: ColdTierOptions = {}) {
    this.ttlMs = opts.ttlMs ?? COLD_TTL_MS;
    this.clock = opts.clock ?? systemClock;
    this.schemaVersion = opts.schemaVersion ?? CACHE_SCHEMA_VERSION;
    this.stmts = {
      get: db.prepare<[string], Row>('SELECT * FROM cache_entries WHERE key = ?'),
      put: db.prepare(
        `INSERT INTO cache_entries (key, schema_version, value, deps, bytes, created_at, expires_at)
         VALUES (@key, @schema_version, @value, @deps, @bytes, @created_at, @expires_at)
         ON CONFLICT(key) DO UPDATE SET schema_version = excluded.schema_version, value = excluded.value,
           deps = excluded.deps, bytes = excluded.bytes, created_at = excluded.created_at, expires_at = excluded.expires_at`,
      ),
      del: db.prepare<[string]>('DELETE FROM cache_entries WHERE key = ?'),
      prune: db.prepare<[number]>('DELETE FROM cache_entries WHERE expires_at <= ?'),
      count: db.prepare<[], { n: number; b: number | null }>('SELECT COUNT(*) AS n, SUM(bytes) AS b FROM cache_entries'),
      clear: db.prepare('DELETE FROM cache_entries'),
    };
  }

  /**
   * The live entry for `key`, counting a hit or a miss. Expired, corrupt and other-version
   * rows are deleted and read as a miss.
   * @param validate checks the parsed value's shape (e.g. a zod `parse`); throwing drops the row
   */
  get<V>(key: string, validate?: (value: unknown) => V): CacheEntry<V> | undefined {
    const t0 = performance.now();
    const entry = this.read(key, validate);
    if (entry) this.stats.hits++;
    else this.stats.misses++;
    this.stats.latency.record(elapsedUs(t0));
    return entry;
  }

  private read<V>(key: string, validate?: (value: unknown) => V): CacheEntry<V> | undefined {
    const row = this.stmts.get.get(key);
    if (!row) return undefined;
    if (this.clock.now() >= row.expires_at) {
      this.stmts.del.run(key);
      this.stats.evictions++;
      return undefined;
    }
    if (row.schema_version !== this.schemaVersion) return this.drop(key);
    try {
      const raw: unknown = JSON.parse(row.value);
      const value = validate ? validate(raw) : (raw as V);
      const deps = DepsSchema.parse(JSON.parse(row.deps));
      return { value, deps, createdAt: row.created_at, expiresAt: row.expires_at, bytes: row.bytes };
    } catch {
      return this.drop(key);
    }
  }

  private drop(key: string): undefined {
    this.stmts.del.run(key);
    this.stats.invalidations++;
    return undefined;
  }

  /**
   * Writes (or replaces) `key`; it expires at the earlier of `entry.expiresAt` and now + TTL.
   * @param serialized the value's JSON when the caller already has it
   */
  set<V>(key: string, entry: CacheEntry<V>, serialized = JSON.stringify(entry.value)): void {
    this.stmts.put.run({
      key,
      schema_version: this.schemaVersion,
      value: serialized,
      deps: JSON.stringify(entry.deps),
      bytes: entry.bytes,
      created_at: entry.createdAt,
      expires_at: Math.min(entry.expiresAt, this.clock.now() + this.ttlMs),
    });
  }

  delete(key: string): void {
    this.stmts.del.run(key);
  }

  /** Deletes every expired row. @returns how many */
  prune(): number {
    const n = this.stmts.prune.run(this.clock.now()).changes;
    this.stats.evictions += n;
    return n;
  }

  clear(): void {
    this.stmts.clear.run();
  }

  /** Rows held and their total value bytes (expired rows not yet pruned included). */
  size(): { entries: number; bytes: number } {
    const r = this.stmts.count.get()!;
    return { entries: r.n, bytes: r.b ?? 0 };
  }
}
