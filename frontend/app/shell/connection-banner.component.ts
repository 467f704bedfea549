import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RECONNECT_JITTER, RECONNECT_MAX_MS } from '../core/backoff';
import { CortexClient } from '../core/cortex-client';

/** How often the page asks its server whether it is there while reconnecting, ms. */
export const PROBE_INTERVAL_MS = 3_000;

/**
 * The server has answered for this long while the WebSocket still fails: longer than the
 * longest reconnect delay, so it is not a restart in progress but a refused token, ms.
 */
const REFUSED_AFTER_MS = RECONNECT_MAX_MS * (1 + RECONNECT_JITTER) + PROBE_INTERVAL_MS;

/** Why the link is down, as far as the page can tell. */
type Diagnosis = 'unknown' | 'gone' | 'refused';

/**
 * Tells the user when the link to the backend is down and why: in browser mode, while
 * reconnecting, it fetches a static file of the page's own server. No answer: the
 * instance is gone (stopped or killed); it reconnects by itself when it is started again
 * on this address. An answer while the WebSocket keeps failing: the server refuses this
 * page's token (wrong, or rotated). Either way the clocks stop and typing is refused.
 */
@Component({
  selector: 'cx-connection-banner',
  imports: [MatIconModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (client.connectionState()) {
      @case ('reconnecting') {
        @switch (diagnosis()) {
          @case ('gone') {
            <div class="banner error" role="alert" data-testid="banner-gone">
              <mat-icon aria-hidden="true">cloud_off</mat-icon>
              <span
                ><b>Phantom Cortex is not running.</b> The instance at this address stopped. Start it again (<code>npm run serve</code>): this tab
                reconnects by itself and your sessions come back. Typing is paused until then.</span
              >
            </div>
          }
          @case ('refused') {
            <div class="banner error" role="alert" data-testid="banner-wrong-token">
              <mat-icon aria-hidden="true">key_off</mat-icon>
              <span
                ><b>Wrong or expired token.</b> This address's token is not accepted (it may have been rotated with <code>cortex token rotate</code>). Open
                the address printed by <code>npm run serve</code>.</span
              >
            </div>
          }
          @default {
            <div class="banner warn" role="status" data-testid="banner-reconnecting">
              <mat-spinner diameter="18" />
              <span><b>Reconnecting…</b> The connection to Phantom Cortex was lost. Consoles come back when it returns.</span>
            </div>
          }
        }
      }
      @case ('failed') {
        <div class="banner error" role="alert" data-testid="banner-no-token">
          <mat-icon aria-hidden="true">link_off</mat-icon>
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
  protected readonly diagnosis = signal<Diagnosis>('unknown');
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Since when the server has answered every probe (ms since the epoch), or null. */
  private answeringSince: number | null = null;

  constructor() {
    const http = location.protocol === 'http:' || location.protocol === 'https:';
    effect(() => {
      const down = this.client.connectionState() === 'reconnecting';
      if (down && http && this.timer === null) {
        void this.probe();
        this.timer = setInterval(() => void this.probe(), PROBE_INTERVAL_MS);
      } else if (!down && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
        this.answeringSince = null;
        this.diagnosis.set('unknown');
      }
    });
    inject(DestroyRef).onDestroy(() => {
      if (this.timer !== null) clearInterval(this.timer);
    });
  }

  private async probe(): Promise<void> {
    try {
      const res = await fetch(new URL('favicon.svg', location.href), { cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.answeringSince ??= Date.now();
      this.diagnosis.set(Date.now() - this.answeringSince >= REFUSED_AFTER_MS ? 'refused' : 'unknown');
    } catch {
      this.answeringSince = null;
      this.diagnosis.set('gone');
    }
  }
}
