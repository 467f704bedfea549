import { Injectable, effect, inject, signal } from '@angular/core';
import { MAX_VISIBLE_CONSOLES } from '@contract';
import { WorkspaceStore } from '../sessions/workspace.store';

export { MAX_VISIBLE_CONSOLES };
/** sessionStorage key of the shown consoles, so a reload brings them back. */
const LAYOUT_STORAGE_KEY = 'cortex.layout';

interface StoredLayout {
  shown: string[];
  focused: string | null;
}

/**
 * Which sessions have a console on screen (at most {@link MAX_VISIBLE_CONSOLES}, left to
 * right), which one has focus, and which one is maximized. Showing a fourth replaces the
 * least recently focused console in place. Hiding a console never stops its session.
 */
@Injectable({ providedIn: 'root' })
export class ConsoleLayoutService {
  private readonly store = inject(WorkspaceStore);
  private readonly shownSignal = signal<string[]>([]);
  private readonly focusedSignal = signal<string | null>(null);
  private readonly maximizedSignal = signal<string | null>(null);
  /** Session ids, most recently focused first. */
  private focusHistory: string[] = [];

  /** Session ids with a console, left to right. */
  readonly shown = this.shownSignal.asReadonly();
  readonly focused = this.focusedSignal.asReadonly();
  readonly maximized = this.maximizedSignal.asReadonly();
  constructor() {
    this.restore();
    // Forget consoles whose session is gone (removed, or its project removed).
    effect(() => {
      if (!this.store.loaded()) return;
      const known = this.store.sessionById();
      for (const id of this.shownSignal()) if (!known.has(id)) this.hide(id);
    });
    effect(() => this.persist({ shown: this.shownSignal(), focused: this.focusedSignal() }));
  }

  /** Shows a session's console (replacing the least recently focused one when full) and focuses it. */
  show(id: string): void {
    const shown = this.shownSignal();
    if (!shown.includes(id)) {
      if (shown.length < MAX_VISIBLE_CONSOLES) this.shownSignal.set([...shown, id]);
      else {
        const victim = [...shown].sort((a, b) => this.recency(b) - this.recency(a))[0]!;
        this.shownSignal.set(shown.map((x) => (x === victim ? id : x)));
        this.forget(victim);
      }
    }
    if (this.maximizedSignal() !== null && this.maximizedSignal() !== id) this.maximizedSignal.set(null);
    this.focus(id);
  }

  /** Gives a shown console the focus. */
  focus(id: string): void {
    if (!this.shownSignal().includes(id)) return;
    this.focusHistory = [id, ...this.focusHistory.filter((x) => x !== id)];
    this.focusedSignal.set(id);
  }

  /** Focuses the console at `index` (0-based, left to right), if there is one. */
  focusIndex(index: number): void {
    const id = this.shownSignal()[index];
    if (id !== undefined) this.show(id);
  }

  /** Hides a console; the session keeps running. */
  hide(id: string): void {
    this.shownSignal.update((list) => list.filter((x) => x !== id));
    this.forget(id);
    if (this.focusedSignal() === id) this.focusedSignal.set(this.focusHistory[0] ?? this.shownSignal()[0] ?? null);
  }

  /** Maximizes a console, or restores the layout when it already is. */
  toggleMaximize(id: string): void {
    this.maximizedSignal.set(this.maximizedSignal() === id ? null : id);
    this.focus(id);
  }

  /** Higher = focused longer ago; never focused counts as oldest. */
  private recency(id: string): number {
    const i = this.focusHistory.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  }

  private forget(id: string): void {
    this.focusHistory = this.focusHistory.filter((x) => x !== id);
    if (this.maximizedSignal() === id) this.maximizedSignal.set(null);
  }

  private restore(): void {
    try {
      const raw = sessionStorage.getItem(LAYOUT_STORAGE_KEY);
      if (!raw) return;
      const stored = JSON.parse(raw) as StoredLayout;
      const shown = Array.isArray(stored.shown) ? stored.shown.filter((x) => typeof x === 'string').slice(0, MAX_VISIBLE_CONSOLES) : [];
      this.shownSignal.set(shown);
      if (typeof stored.focused === 'string' && shown.includes(stored.focused)) this.focus(stored.focused);
    } catch {
      // A damaged entry only loses the layout of the last visit.
    }
  }

  private persist(layout: StoredLayout): void {
    try {
      sessionStorage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout));
    } catch {
      // Storage full or disabled: the layout just won't survive a reload.
    }
  }
}
