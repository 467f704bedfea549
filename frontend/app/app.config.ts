import { type ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection, provideAppInitializer, inject } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { MAT_TOOLTIP_DEFAULT_OPTIONS, type MatTooltipDefaultOptions } from '@angular/material/tooltip';
import { provideCortexClient } from './core/provide-cortex-client';

/** Delay before tooltips show, ms (they should not flicker while the mouse passes). */
const TOOLTIP_SHOW_DELAY_MS = 400;

/** Zoneless, signal-driven app; the backend client chosen at bootstrap (IPC or WebSocket). */
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideCortexClient(),
    provideAppInitializer(() => {
      // Icons are the bundled Material Symbols font, not the classic Material Icons.
      inject(MatIconRegistry).setDefaultFontSetClass('material-symbols-outlined');
    }),
    { provide: MAT_TOOLTIP_DEFAULT_OPTIONS, useValue: { showDelay: TOOLTIP_SHOW_DELAY_MS, hideDelay: 0, touchendHideDelay: 0 } satisfies MatTooltipDefaultOptions },
  ],
};
