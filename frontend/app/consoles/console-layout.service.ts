import { Injectable, effect, inject, signal, untracked } from '@angular/core';
import { MAX_VISIBLE_CONSOLES, type UiLayout } from '@contract';
import { SettingsStore } from '../settings/settings.store';
import { WorkspaceStore } from '../sessions/workspace.store';
import { moveSplit, normalizeSizes, sizesWithAdded, sizesWithRemoved } from './console-sizes';

export { MAX_VISIBLE_CONSOLES };
/** sessionStorage key of this tab's layout, so a reload brings it back at once. */
const LAYOUT_STORAGE_KEY = 'cortex.layout';
/** Wait after the last layout change before the backend stores it, ms (a drag changes it every frame). */
const SAVE_DELAY_MS = 400;
/**
 * The layout's schema, in a chunk of its own: building the settings schemas (and zod) is
 * ~70 ms of the first screen's evaluation here, and only a reload with a stored layout needs
 * it. The contract's module itself, not the '@contract' barrel, which the first screen holds.
 */
const loadLayoutSchema = () => import('../../../backend/contract/settings').then((m) => m.UiLayoutSchema);

/**
 * Asked which shown console a session should replace when all {@link MAX_VISIBLE_CONSOLES}
 * are taken. Resolves to the session id of the console to replace, or null to keep the
 * layout as it is.
 */
export type ReplaceChooser = (incoming: string, shown: readonly string[]) => Promise<string | null>;

/**
 * Which sessions have a console on screen (at most {@link MAX_VISIBLE_CONSOLES}, left to
 * right), their widths, which one has focus and which one is maximized, and whether the
 * sidebar is collapsed. Showing a session when every console is taken asks the
 * {@link ReplaceChooser} which one to replace; it never replaces one silently. Hiding a
 * console never stops its session.
 *
 * Kept in two places: this tab's sessionStorage (a reload restores the tab as it was) and
 * the backend's `uiLayout` setting (a new tab, a restart of the app, and in browser mode a
 * new port or token, whose origin has empty storage, restore the last layout).
 */
@Injectable({ providedIn: 'root' })
export class ConsoleLayoutService {
  private readonly store = inject(WorkspaceStore);
  private readonly settings = inject(SettingsStore);
  private readonly shownSignal = signal<string[]>([]);
  private readonly focusedSignal = signal<string | null>(null);
  private readonly maximizedSignal = signal<string | null>(null);
  private readonly sizesSignal = signal<number[]>([]);
  private readonly sidebarCollapsedSignal = signal(false);
  /** Session ids, most recently focused first. */
  private focusHistory: string[] = [];
  private chooser: ReplaceChooser | null = null;
  /** The backend's copy may be written once it has been read (else the default would overwrite it). */
  private backendRead = false;
  /**
   * The user changed the layout before the backend's copy arrived (e.g. opened a console from
   * the sidebar in the page's first moments): that copy then no longer applies, it would close
   * the console just opened.
   */
  private changedBeforeRead = false;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  /** Session ids with a console, left to right. */
  readonly shown = this.shownSignal.asReadonly();
  readonly focused = this.focusedSignal.asReadonly();
  readonly maximized = this.maximizedSignal.asReadonly();
  /** Each shown console's share of the console area's width, left to right (sums to 1). */
  readonly sizes = this.sizesSignal.asReadonly();
  /** The sidebar is folded to a narrow strip. */
  readonly sidebarCollapsed = this.sidebarCollapsedSignal.asReadonly();

  constructor() {
    const tabLayout = this.restoreFromTab();
    // Forget consoles whose session is gone (removed, or its project removed).
    effect(() => {
      if (!this.store.loaded()) return;
      const known = this.store.sessionById();
      for (const id of this.shownSignal()) if (!known.has(id)) this.hide(id);
    });
    effect(() => this.persist(this.snapshot()));
    const backend = this.settings.load().then(
      (s) => s.uiLayout,
      () => null,
    );
    void Promise.all([tabLayout, backend]).then(([hadTabLayout, uiLayout]) => {
      if (uiLayout && !hadTabLayout && !this.changedBeforeRead) this.apply(uiLayout);
      this.backendRead = true;
    });
  }

  /** Sets who is asked which console to replace when all are taken (the app's dialog). */
  setReplaceChooser(chooser: ReplaceChooser | null): void {
    this.chooser = chooser;
  }

  /**
   * Shows a session's console and focuses it. With every console taken, asks the
   * {@link ReplaceChooser} which to replace (no chooser, or no answer: nothing changes).
   * @returns true when the session's console is shown
   */
  async show(id: string): Promise<boolean> {
    this.noteChange();
    const shown = this.shownSignal();
    if (!shown.includes(id)) {
      if (shown.length < MAX_VISIBLE_CONSOLES) {
        this.shownSignal.set([...shown, id]);
        this.sizesSignal.set(sizesWithAdded(normalizeSizes(this.sizesSignal(), shown.length)));
      } else {
        const victim = this.chooser ? await this.chooser(id, shown) : null;
        if (victim === null || !this.shownSignal().includes(victim)) return false;
        if (this.shownSignal().includes(id)) return this.show(id);
        this.replace(victim, id);
      }
    }
    if (this.maximizedSignal() !== null && this.maximizedSignal() !== id) this.maximizedSignal.set(null);
    this.focus(id);
    return true;
  }

  /** Puts session `incoming` in the place (and width) of shown console `victim`. */
  replace(victim: string, incoming: string): void {
    this.noteChange();
    if (!this.shownSignal().includes(victim) || this.shownSignal().includes(incoming)) return;
    this.shownSignal.update((list) => list.map((x) => (x === victim ? incoming : x)));
    this.forget(victim);
    if (this.focusedSignal() === victim) this.focusedSignal.set(null);
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
    if (id !== undefined) void this.show(id);
  }

  /** Hides a console; the session keeps running. */
  hide(id: string): void {
    this.noteChange();
    const index = this.shownSignal().indexOf(id);
    if (index < 0) return;
    this.sizesSignal.set(sizesWithRemoved(normalizeSizes(this.sizesSignal(), this.shownSignal().length), index));
    this.shownSignal.update((list) => list.filter((x) => x !== id));
    this.forget(id);
    if (this.focusedSignal() === id) this.focusedSignal.set(this.focusHistory[0] ?? this.shownSignal()[0] ?? null);
  }

  /** Maximizes a console, or restores the layout when it already is. */
  toggleMaximize(id: string): void {
    this.noteChange();
    this.maximizedSignal.set(this.maximizedSignal() === id ? null : id);
    this.focus(id);
  }

  /**
   * Moves the split after console `index` by `delta`, a share of the console area's width
   * (positive = to the right); neither neighbour goes below the contract's minimum share.
   */
  resizeSplit(index: number, delta: number): void {
    this.noteChange();
    this.sizesSignal.set(moveSplit(normalizeSizes(this.sizesSignal(), this.shownSignal().length), index, delta));
  }

  /** Gives every shown console the same width. */
  resetSizes(): void {
    this.noteChange();
    this.sizesSignal.set(normalizeSizes([], this.shownSignal().length));
  }

  /** Collapses or expands the sidebar (`collapsed` omitted: toggles). */
  toggleSidebar(collapsed = !this.sidebarCollapsedSignal()): void {
    this.noteChange();
    this.sidebarCollapsedSignal.set(collapsed);
  }

  private noteChange(): void {
    if (!this.backendRead) this.changedBeforeRead = true;
  }

  private forget(id: string): void {
    this.focusHistory = this.focusHistory.filter((x) => x !== id);
    if (this.maximizedSignal() === id) this.maximizedSignal.set(null);
  }

  private snapshot(): UiLayout {
    return {
      shown: this.shownSignal(),
      focused: this.focusedSignal(),
      sizes: normalizeSizes(this.sizesSignal(), this.shownSignal().length),
      sidebarCollapsed: this.sidebarCollapsedSignal(),
    };
  }

  /** Takes a stored layout (already checked against the schema). */
  private apply(layout: UiLayout): void {
    const shown = layout.shown.slice(0, MAX_VISIBLE_CONSOLES);
    this.shownSignal.set(shown);
    this.sizesSignal.set(normalizeSizes(layout.sizes, shown.length));
    this.sidebarCollapsedSignal.set(layout.sidebarCollapsed);
    if (layout.focused !== null && shown.includes(layout.focused)) this.focus(layout.focused);
  }

  /**
   * Applies this tab's stored layout, unless the user changed the layout first. The entry is
   * read at once (the layout written meanwhile must not replace it); the schema check waits
   * for its chunk.
   * @returns true when this tab had a layout of its own
   */
  private async restoreFromTab(): Promise<boolean> {
    let raw: string | null = null;
    try {
      raw = sessionStorage.getItem(LAYOUT_STORAGE_KEY);
    } catch {
      // Storage disabled: there is no layout of this tab.
    }
    if (!raw) return false;
    try {
      const parsed = (await loadLayoutSchema()).safeParse(JSON.parse(raw));
      if (!parsed.success || this.changedBeforeRead) return false;
      this.apply(parsed.data);
      return true;
    } catch {
      // A damaged entry (or a chunk that could not load) only loses the layout of the last visit.
      return false;
    }
  }

  private persist(layout: UiLayout): void {
    try {
      sessionStorage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout));
    } catch {
      // Storage full or disabled: the backend's copy still restores it.
    }
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      if (!this.backendRead) return this.persist(untracked(() => this.snapshot()));
      this.settings.save({ uiLayout: layout }).catch(() => undefined);
    }, SAVE_DELAY_MS);
  }
}
