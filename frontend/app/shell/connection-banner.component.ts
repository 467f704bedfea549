import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { CortexClient } from '../core/cortex-client';

/** Tells the user when the link to the backend is down (reconnecting) or cannot be made. */
@Component({
  selector: 'cx-connection-banner',
  imports: [MatIconModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (client.connectionState()) {
      @case ('reconnecting') {
        <div class="banner warn" role="status" data-testid="banner-reconnecting">
          <mat-spinner diameter="18" />
          <span><b>Reconnecting…</b> The connection to Phantom Cortex was lost. Your sessions keep running; consoles come back when it returns.</span>
        </div>
      }
      @case ('failed') {
        <div class="banner error" role="alert" data-testid="banner-no-token">
          <mat-icon>link_off</mat-icon>
          <span><b>Not connected.</b> Open the address printed by <code>npm run serve</code>: it carries the access token.</span>
        </div>
      }
    }
  `,
  styles: `
    .banner { display: flex; align-items: center; gap: 12px; padding: 8px 16px; font: var(--mat-sys-body-medium); }
    .warn { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .error { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    code { font-family: 'JetBrains Mono', monospace; }
  `,
})
export class ConnectionBannerComponent {
  protected readonly client = inject(CortexClient);
}
