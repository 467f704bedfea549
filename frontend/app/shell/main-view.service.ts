import { Injectable, signal } from '@angular/core';

/** What the main area shows: the consoles, the task board or the usage dashboard. */
export type MainView = 'consoles' | 'tasks' | 'dashboard';

/** sessionStorage key of the chosen view, so a reload keeps it. */
const VIEW_STORAGE_KEY = 'cortex.view';

/**
 * Which view the main area shows (the top bar's "Consoles | Tasks" switch). The consoles
 * stay attached while the board shows: they are hidden, not destroyed.
 */
@Injectable({ providedIn: 'root' })
export class MainViewService {
  private readonly viewSignal = signal<MainView>(readView());
  readonly view = this.viewSignal.asReadonly();

  /** Switches the main area's view and remembers it for this tab. */
  show(view: MainView): void {
    this.viewSignal.set(view);
    try {
      sessionStorage.setItem(VIEW_STORAGE_KEY, view);
    } catch {
      // Not remembered across a reload; still switched.
    }
  }
}

function readView(): MainView {
  try {
    const v = sessionStorage.getItem(VIEW_STORAGE_KEY);
    return v === 'tasks' || v === 'dashboard' ? v : 'consoles';
  } catch {
    return 'consoles';
  }
}
