import { Injectable, inject, signal } from '@angular/core';
import type { ComponentType } from '@angular/cdk/portal';
import { MatDialog, type MatDialogConfig, type MatDialogRef } from '@angular/material/dialog';
import { whenIdle } from './when-idle';

/** A prefetch waits at most this long for the page to be idle, ms. */
const PREFETCH_IDLE_TIMEOUT_MS = 2_000;

/** Loads a dialog component's chunk: `() => import('./x.component').then((m) => m.XComponent)`. */
export type DialogLoader<C> = () => Promise<ComponentType<C>>;

/**
 * Opens dialogs whose code is a lazy chunk, so the first screen does not fetch and evaluate
 * them. While a dialog's chunk loads it counts as opening: a second press of the same
 * dialog (same `id`) does nothing, and {@link loading} lets the keyboard shortcuts wait as
 * they do while a dialog is open. Chunks are fetched once; {@link prefetch} warms them while
 * the page is idle so a first press opens the dialog as fast as a later one.
 */
@Injectable({ providedIn: 'root' })
export class LazyDialogService {
  private readonly dialog = inject(MatDialog);
  private readonly opening = new Set<string>();
  /** Dialogs whose chunk is being fetched (count). */
  readonly loading = signal(0);

  /**
   * Opens the dialog `load` resolves to with `config`.
   * @returns the dialog's ref, or null when a dialog with the same `config.id` is open or opening
   * @throws whatever `load` throws (the chunk could not be fetched: the backend is gone)
   */
  async open<C, D = unknown, R = unknown>(load: DialogLoader<C>, config: MatDialogConfig<D> = {}): Promise<MatDialogRef<C, R> | null> {
    const id = config.id;
    if (id !== undefined && (this.dialog.getDialogById(id) || this.opening.has(id))) return null;
    if (id !== undefined) this.opening.add(id);
    this.loading.update((n) => n + 1);
    try {
      const component = await load();
      return this.dialog.open<C, D, R>(component, config);
    } finally {
      if (id !== undefined) this.opening.delete(id);
      this.loading.update((n) => n - 1);
    }
  }

  /**
   * Fetches and evaluates `loaders`' chunks one after another, each once the page is idle;
   * failures are ignored (the chunk is fetched again when the dialog opens).
   */
  prefetch(loaders: readonly (() => Promise<unknown>)[]): void {
    const next = (i: number) => {
      const load = loaders[i];
      if (!load) return;
      whenIdle(() => void load().then(() => next(i + 1), () => next(i + 1)), PREFETCH_IDLE_TIMEOUT_MS);
    };
    next(0);
  }
}
