import { Injectable, signal } from '@angular/core';

/** localStorage key of the restored sessions the user chose to keep closed. */
const KEPT_CLOSED_STORAGE_KEY = 'cortex.keptClosed';
/** Remember at most this many choices (oldest forgotten first). */
const MAX_REMEMBERED = 500;

/**
 * Restored sessions the user chose to keep closed (history only): their console stops
 * offering to relaunch them. Remembered in localStorage.
 */
@Injectable({ providedIn: 'root' })
export class KeptClosedService {
  private readonly idsSignal = signal<ReadonlySet<string>>(read());
  readonly ids = this.idsSignal.asReadonly();

  /** Keeps a restored session closed. */
  keep(id: string): void {
    const next = [...this.idsSignal(), id].slice(-MAX_REMEMBERED);
    this.idsSignal.set(new Set(next));
    try {
      localStorage.setItem(KEPT_CLOSED_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Not remembered across visits.
    }
  }
}

function read(): ReadonlySet<string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEPT_CLOSED_STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}
