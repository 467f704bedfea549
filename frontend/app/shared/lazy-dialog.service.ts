import { Injectable, inject, signal } from '@angular/core';
import type { ComponentType } from '@angular/cdk/portal';
import { MatDialog, type MatDialogConfig, type MatDialogRef } from '@angular/material/dialog';
import type { UserError } from './user-error';
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
 *
 * A chunk that cannot be fetched (the instance is gone or restarting) does not throw at the
 * caller: the dialog stays closed, {@link failure} says which dialog and what to do, and the
 * next press fetches the chunk again.
 */
@Injectable({ providedIn: 'root' })
export class LazyDialogService {
  private readonly dialog = inject(MatDialog);
  private readonly opening = new Set<string>();
  private readonly lastFailure = signal<UserError | null>(null);
  /** Dialogs whose chunk is being fetched (count). */
  readonly loading = signal(0);
  /** Why the last dialog asked for did not open (its chunk did not load), until {@link dismissFailure} or a dialog opens. */
  readonly failure = this.lastFailure.asReadonly();

  /**
   * Opens the dialog `load` resolves to with `config`.
   * @param name the dialog as the user knows it ("Settings"), for {@link failure}
   * @returns the dialog's ref, or null when a dialog with the same `config.id` is open or
   *   opening, or when its chunk could not be loaded ({@link failure} then says so)
   */
  async open<C, D = unknown, R = unknown>(load: DialogLoader<C>, name: string, config: MatDialogConfig<D> = {}): Promise<MatDialogRef<C, R> | null> {
    const id = config.id;
    if (id !== undefined && (this.dialog.getDialogById(id) || this.opening.has(id))) return null;
    if (id !== undefined) this.opening.add(id);
    this.loading.update((n) => n + 1);
    try {
      let component: ComponentType<C>;
      try {
        component = await load();
      } catch (err) {
        console.warn(`Phantom Cortex: the code of "${name}" did not load:`, err);
        this.lastFailure.set(chunkFailure(name));
        return null;
      }
      this.lastFailure.set(null);
      return this.dialog.open<C, D, R>(component, config);
    } finally {
      if (id !== undefined) this.opening.delete(id);
      this.loading.update((n) => n - 1);
    }
  }

  /** Hides {@link failure}. */
  dismissFailure(): void {
    this.lastFailure.set(null);
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

/**
 * The words for a dialog whose code did not load. A failed fetch of a chunk means the page
 * cannot reach the instance that served it: it stopped, restarted on another port, or the
 * network between them is down.
 */
export function chunkFailure(name: string): UserError {
  return {
    code: null,
    message: `${name} could not be opened: its code did not load from Phantom Cortex.`,
    hint: 'Check that Phantom Cortex is still running (the banner above says when the connection is lost), then try again; if it restarted, reload this window.',
  };
}
