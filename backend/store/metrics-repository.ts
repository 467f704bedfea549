import { SystemMetricsSampleSchema, type SystemMetricsSample } from '../contract/index.js';
import type { Db } from './database.js';
import { quarantineOf, type Quarantine } from './quarantine.js';

/**
 * System metrics samples (`system_metrics`), one JSON row per sample keyed by its time (ms).
 * A row that no longer parses is skipped and reported once (quarantine), never fatal.
 */
export class MetricsRepository {
  private readonly stmts;
  private readonly quarantine: Quarantine;

  constructor(db: Db) {
    this.quarantine = quarantineOf(db);
    this.stmts = {
      put: db.prepare('INSERT OR REPLACE INTO system_metrics (at, sample) VALUES (?, ?)'),
      range: db.prepare<[number, number], { at: number; sample: string }>('SELECT at, sample FROM system_metrics WHERE at >= ? AND at <= ? ORDER BY at'),
      trim: db.prepare('DELETE FROM system_metrics WHERE at < ?'),
      latest: db.prepare<[], { at: number; sample: string }>('SELECT at, sample FROM system_metrics ORDER BY at DESC LIMIT 1'),
    };
  }

  /**
   * Stores a sample (a second sample of the same ms replaces the first).
   * @throws SqliteError when the write fails (a full disk: the caller decides)
   */
  add(s: SystemMetricsSample): void {
    this.stmts.put.run(s.at, JSON.stringify(s));
  }

  /** Samples with `since` ≤ at ≤ `until` (ms), oldest first. */
  range(since: number, until: number): SystemMetricsSample[] {
    return this.quarantine.readAll('system_metrics', this.stmts.range.all(since, until), (r) => r.at, read);
  }

  /** The newest sample, if any (and readable). */
  latest(): SystemMetricsSample | undefined {
    return this.quarantine.readOne('system_metrics', this.stmts.latest.get(), (r) => r.at, read);
  }

  /**
   * Removes samples older than `before` (ms). @returns how many
   * @throws SqliteError when the write fails
   */
  trim(before: number): number {
    return this.stmts.trim.run(before).changes;
  }
}

function read(r: { sample: string }): SystemMetricsSample {
  return SystemMetricsSampleSchema.parse(JSON.parse(r.sample));
}
