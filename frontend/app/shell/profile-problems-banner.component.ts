import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { WorkspaceStore } from '../sessions/workspace.store';

/**
 * A dismissible warning listing the problems of the custom agent profiles file
 * (file, field, message). Comes back when the problems change.
 */
@Component({
  selector: 'cx-profile-problems-banner',
  imports: [MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (visible()) {
      <div class="banner" role="alert" data-testid="profile-problems">
        <mat-icon class="lead">warning</mat-icon>
        <div class="body">
          <b>Some custom agent profiles were not loaded.</b> The built-in agents keep working. Fix the file and start a new session to reload it.
          <ul>
            @for (p of store.problems(); track $index) {
              <li data-testid="profile-problem">
                <code>{{ p.file }}</code>@if (p.field) {, field <code>{{ p.field }}</code>}: {{ p.message }}
              </li>
            }
          </ul>
        </div>
        <button mat-icon-button aria-label="Dismiss" data-testid="profile-problems-dismiss" (click)="dismissedKey.set(key())">
          <mat-icon>close</mat-icon>
        </button>
      </div>
    }
  `,
  styles: `
    .banner { display: flex; align-items: flex-start; gap: 12px; padding: 8px 8px 8px 16px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); font: var(--mat-sys-body-medium); }
    .lead { margin-top: 2px; }
    .body { flex: 1; min-width: 0; }
    ul { margin: 4px 0 0; padding-left: 20px; }
    code { font-family: 'JetBrains Mono', monospace; font-size: 12px; overflow-wrap: anywhere; }
  `,
})
export class ProfileProblemsBannerComponent {
  protected readonly store = inject(WorkspaceStore);
  protected readonly key = computed(() => JSON.stringify(this.store.problems()));
  protected readonly dismissedKey = signal<string | null>(null);
  protected readonly visible = computed(() => this.store.problems().length > 0 && this.dismissedKey() !== this.key());
}
