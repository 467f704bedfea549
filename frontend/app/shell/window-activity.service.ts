import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/**
 * Whether the user can be looking at this window: it has the focus and is not hidden
 * (window focus/blur and `visibilitychange`).
 */
@Injectable({ providedIn: 'root' })
export class WindowActivityService {
  private readonly activeSignal = signal(isActive());
  /** True while the window is focused and visible. */
  readonly active = this.activeSignal.asReadonly();

  constructor() {
    const update = () => this.activeSignal.set(isActive());
    const events = ['focus', 'blur'] as const;
    for (const e of events) window.addEventListener(e, update);
    document.addEventListener('visibilitychange', update);
    inject(DestroyRef).onDestroy(() => {
      for (const e of events) window.removeEventListener(e, update);
      document.removeEventListener('visibilitychange', update);
    });
  }
}

function isActive(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}
