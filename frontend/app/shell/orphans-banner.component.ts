import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { Orphan } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';

/**
 * Processes a crashed run left alive (`orphans.list`, looked up at start), each with its
 * pid, command and an "End process" button (`orphans.kill`). Hidden when there are none.
 */
@Component({
  selector: 'cx-orphans-banner',
  imports: [MatButtonModule, MatIconModule, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (orphans().length > 0) {
      <div class="banner" role="alert" data-testid="orphans-banner">
        <mat-icon class="lead">warning</mat-icon>
        <div class="body">
          <b>Processes left behind by a crash.</b> The last run of Phantom Cortex ended without stopping these; they still run.
          <ul>
            @for (o of orphans(); track o.pid) {
              <li data-testid="orphan" [attr.data-pid]="o.pid">
                <code class="pid">{{ o.pid }}</code>
                <code class="cmd" [title]="o.command">{{ o.command }}</code>
                <button mat-stroked-button data-testid="orphan-kill" [disabled]="busy() === o.pid" (click)="kill(o)">End process</button>
              </li>
            }
          </ul>
          @if (error(); as e) {
            <cx-error-text [error]="e" />
          }
        </div>
      </div>
    }
  `,
  styles: `
    .banner { display: flex; align-items: flex-start; gap: 12px; padding: 8px 16px; background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); font: var(--mat-sys-body-medium); }
    .lead { margin-top: 2px; }
    .body { flex: 1; min-width: 0; }
    ul { margin: 4px 0; padding: 0; list-style: none; }
    li { display: flex; align-items: center; gap: 12px; padding: 2px 0; }
    code { font-family: 'JetBrains Mono', monospace; font-size: 12px; }
    .pid { flex: none; min-width: 60px; }
    .cmd { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  `,
})
export class OrphansBannerComponent {
  private readonly client = inject(CortexClient);
  protected readonly orphans = signal<Orphan[]>([]);
  protected readonly busy = signal<number | null>(null);
  protected readonly error = signal<UserError | null>(null);

  constructor() {
    void this.load();
    this.client.reconnected$.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => void this.load());
  }

  protected async kill(o: Orphan): Promise<void> {
    this.busy.set(o.pid);
    this.error.set(null);
    try {
      await this.client.call('orphans.kill', { pid: o.pid });
      this.orphans.update((list) => list.filter((x) => x.pid !== o.pid));
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      this.orphans.set(await this.client.call('orphans.list', {}));
    } catch {
      // Not critical: the banner just stays hidden.
    }
  }
}
