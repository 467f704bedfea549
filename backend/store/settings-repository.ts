import { SettingsSchema, type Settings } from '../contract/index.js';
import type { Db } from './database.js';

/**
 * User settings, one JSON value per key in `settings`. Unknown or invalid stored values
 * fall back to their defaults (the schema decides), so an old or hand-edited row never
 * breaks the app.
 */
export class SettingsRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
      put: db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
    };
  }

  get(): Settings {
    const raw: Record<string, unknown> = {};
    for (const { key, value } of this.stmts.all.all()) {
      try {
        raw[key] = JSON.parse(value);
      } catch {
        /* a broken row: its default applies */
      }
    }
    const settings = SettingsSchema.parse({});
    for (const key of Object.keys(settings) as (keyof Settings)[]) {
      const one = SettingsSchema.shape[key].safeParse(raw[key]);
      if (one.success && raw[key] !== undefined) (settings as Record<string, unknown>)[key] = one.data;
    }
    return settings;
  }

  /** Stores the given keys; returns all settings. */
  set(patch: Partial<Settings>): Settings {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) this.stmts.put.run(k, JSON.stringify(v));
    return this.get();
  }
}
