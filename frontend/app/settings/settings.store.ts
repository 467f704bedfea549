import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { Settings } from '@contract';
import { CortexClient } from '../core/cortex-client';

/**
 * The backend's user settings (restore mode, scrollback, default restart policy) as a
 * signal, kept current by `settings.updated` and reloaded after a reconnect.
 */
@Injectable({ providedIn: 'root' })
export class SettingsStore {
  private readonly client = inject(CortexClient);
  private readonly settingsSignal = signal<Settings | null>(null);
  /** Null until loaded. */
  readonly settings = this.settingsSignal.asReadonly();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.client.events('settings.updated').pipe(takeUntilDestroyed(destroyRef)).subscribe((s) => this.settingsSignal.set(s));
    this.client.reconnected$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => void this.load().catch(() => undefined));
  }

  /** Reads the settings. @throws CortexError */
  async load(): Promise<Settings> {
    const s = await this.client.call('settings.get', {});
    this.settingsSignal.set(s);
    return s;
  }

  /** Changes some settings. @throws CortexError (INVALID_REQUEST names the field) */
  async save(patch: Partial<Settings>): Promise<Settings> {
    const s = await this.client.call('settings.set', patch);
    this.settingsSignal.set(s);
    return s;
  }
}
