import { Injectable, signal, type WritableSignal } from '@angular/core';

/** localStorage key of the renderer's own preferences (not the backend's settings). */
const PREFS_STORAGE_KEY = 'cortex.prefs';

/** Preferences that belong to this window, not to the backend. */
export interface LocalPrefs {
  /** Show OS notifications (the bell in the top bar). Needs the browser's permission too. */
  notifications: boolean;
  /** Play a short beep with each notification. Off by default. */
  sound: boolean;
  /** Ctrl+C copies when the terminal has a selection (and sends ^C when it has none). On by default. */
  ctrlCCopies: boolean;
  /** Selecting text in a terminal copies it at once. Off by default. */
  copyOnSelect: boolean;
}

const DEFAULT_PREFS: LocalPrefs = { notifications: false, sound: false, ctrlCCopies: true, copyOnSelect: false };

/** The renderer's preferences as signals, remembered in localStorage. */
@Injectable({ providedIn: 'root' })
export class LocalPrefsService {
  private readonly prefs: WritableSignal<LocalPrefs> = signal(readPrefs());
  /** Current preferences. */
  readonly value = this.prefs.asReadonly();

  /** Changes some preferences and remembers them. */
  set(patch: Partial<LocalPrefs>): void {
    this.prefs.update((p) => ({ ...p, ...patch }));
    try {
      localStorage.setItem(PREFS_STORAGE_KEY, JSON.stringify(this.prefs()));
    } catch {
      // Not remembered; still applied for this visit.
    }
  }
}

function readPrefs(): LocalPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFS_STORAGE_KEY) ?? '{}') as Partial<LocalPrefs>;
    return {
      notifications: typeof raw.notifications === 'boolean' ? raw.notifications : DEFAULT_PREFS.notifications,
      sound: typeof raw.sound === 'boolean' ? raw.sound : DEFAULT_PREFS.sound,
      ctrlCCopies: typeof raw.ctrlCCopies === 'boolean' ? raw.ctrlCCopies : DEFAULT_PREFS.ctrlCCopies,
      copyOnSelect: typeof raw.copyOnSelect === 'boolean' ? raw.copyOnSelect : DEFAULT_PREFS.copyOnSelect,
    };
  } catch {
    return { ...DEFAULT_PREFS };
  }
}
