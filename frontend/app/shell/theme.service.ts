import { DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';

/** `system` follows `prefers-color-scheme`. */
export type ThemeMode = 'system' | 'light' | 'dark';
const THEME_STORAGE_KEY = 'cortex.theme';
const MODES: readonly ThemeMode[] = ['system', 'light', 'dark'];

/**
 * Light / dark theme. The Material 3 theme is built with `light-dark()` colours, so the
 * mode is applied by setting `color-scheme` on the root element; `isDark` tells
 * components that paint themselves (the terminals) which palette to use.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly modeSignal = signal<ThemeMode>(readStoredMode());
  private readonly systemDark = signal(false);
  readonly mode = this.modeSignal.asReadonly();
  readonly isDark = computed(() => (this.modeSignal() === 'system' ? this.systemDark() : this.modeSignal() === 'dark'));

  constructor() {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    this.systemDark.set(query.matches);
    const onChange = (e: MediaQueryListEvent) => this.systemDark.set(e.matches);
    query.addEventListener('change', onChange);
    inject(DestroyRef).onDestroy(() => query.removeEventListener('change', onChange));
    effect(() => {
      const mode = this.modeSignal();
      document.documentElement.style.colorScheme = mode === 'system' ? 'light dark' : mode;
      document.documentElement.dataset['theme'] = this.isDark() ? 'dark' : 'light';
    });
  }

  /** Switches to the opposite of what is shown now (an explicit light or dark choice). */
  toggle(): void {
    this.setMode(this.isDark() ? 'light' : 'dark');
  }

  setMode(mode: ThemeMode): void {
    this.modeSignal.set(mode);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, mode);
    } catch {
      // Not remembered; still applied.
    }
  }
}

function readStoredMode(): ThemeMode {
  try {
    const v = localStorage.getItem(THEME_STORAGE_KEY);
    return MODES.includes(v as ThemeMode) ? (v as ThemeMode) : 'system';
  } catch {
    return 'system';
  }
}
