import type { Db } from './database.js';

/** A row that could not be read and was skipped. */
export interface QuarantinedRow {
  table: string;
  id: string;
  /** Why it could not be read (the parse error). */
  reason: string;
}

/**
 * The rows of one database that could not be read (a corrupt JSON column, a value of the
 * wrong type): skipped, never fatal. Each is logged once with its table and id, and
 * `onSkip` (the instance's health report) hears of each new one.
 */
export class Quarantine {
  private readonly seen = new Map<string, QuarantinedRow>();
  /** Called once per new skipped row. */
  onSkip: ((row: QuarantinedRow, all: readonly QuarantinedRow[]) => void) | null = null;

  constructor(private readonly file: string) {}

  /** Every row skipped so far. */
  rows(): QuarantinedRow[] {
    return [...this.seen.values()];
  }

  /** Records a skipped row (logged once per table and id). */
  skip(table: string, id: string, err: unknown): void {
    const key = `${table}\u0000${id}`;
    if (this.seen.has(key)) return;
    const row = { table, id, reason: err instanceof Error ? err.message : String(err) };
    this.seen.set(key, row);
    console.warn(`[cortex] skipped a corrupt row of table ${table} (id ${id}) in ${this.file}: ${row.reason}`);
    this.onSkip?.(row, this.rows());
  }

  /**
   * Maps each row with `read`, skipping (and recording) the rows it throws on.
   * @param idOf the row's id, for the log
   */
  readAll<R, T>(table: string, rows: readonly R[], idOf: (r: R) => unknown, read: (r: R) => T): T[] {
    const out: T[] = [];
    for (const r of rows) {
      try {
        out.push(read(r));
      } catch (err) {
        this.skip(table, String(idOf(r)), err);
      }
    }
    return out;
  }

  /** `read(row)`, or undefined (recorded) when the row cannot be read. */
  readOne<R, T>(table: string, row: R | undefined, idOf: (r: R) => unknown, read: (r: R) => T): T | undefined {
    return row === undefined ? undefined : this.readAll(table, [row], idOf, read)[0];
  }
}

const byDb = new WeakMap<Db, Quarantine>();

/** The quarantine of `db` (one per open database, made on first use). */
export function quarantineOf(db: Db): Quarantine {
  let q = byDb.get(db);
  if (!q) byDb.set(db, (q = new Quarantine(db.name)));
  return q;
}
