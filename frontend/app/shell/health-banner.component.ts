import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import type { HealthProblem } from '@contract';
import { CortexClient } from '../core/cortex-client';

/**
 * The instance's problems that leave every session running (`app.health`): a full disk
 * ("the disk holding … is full: snapshots are paused"), skipped corrupt rows. One line per
 * problem, shown while it lasts (the `app.health` event carries every change); hidden when
 * there are none.
 */
@Component({
  selector: 'cx-health-banner',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (p of problems(); track p.kind) {
      <div class="banner" role="alert" data-testid="health-problem" [attr.data-kind]="p.kind">
        <mat-icon class="lead">error</mat-icon>
        <div class="body">
          <b>{{ p.message }}</b>
          @if (p.hint) {
            {{ p.hint }}
          }
        </div>
      </div>
    }
  `,
  styles: `
    .banner { display: flex; align-items: flex-start; gap: 12px; padding: 8px 16px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
    .lead { margin-top: 2px; }
    .body { flex: 1; min-width: 0; }
  `,
})
export class HealthBannerComponent {
  private readonly client = inject(CortexClient);
  protected readonly problems = signal<HealthProblem[]>([]);

  constructor() {
    const destroyRef = inject(DestroyRef);
    void this.load();
    this.client.reconnected$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => void this.load());
    this.client.events('app.health').pipe(takeUntilDestroyed(destroyRef)).subscribe((e) => this.problems.set(e.problems));
  }

  private async load(): Promise<void> {
    try {
      this.problems.set((await this.client.call('app.health', {})).problems);
    } catch {
      // An instance without the method: nothing to show.
    }
  }
}
