import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Project } from '@contract';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { WorkspaceStore } from '../sessions/workspace.store';

/**
 * Adds a project by folder path (browsers cannot pick folders, so the user types it).
 * A refused folder shows the backend's message and hint right under the field.
 */
@Component({
  selector: 'cx-add-folder',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressSpinnerModule, DeferredTooltip, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form (submit)="$event.preventDefault(); submit()">
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="field">
        <mat-label>Add a project folder</mat-label>
        <input
          matInput
          data-testid="add-folder-input"
          placeholder="/home/me/code/my-app"
          autocomplete="off"
          spellcheck="false"
          [value]="path()"
          [attr.aria-invalid]="error() !== null"
          [attr.aria-describedby]="error() ? 'add-folder-error' : 'add-folder-hint'"
          (input)="onInput($any($event.target).value)"
        />
        <button
          matIconButton
          matSuffix
          type="submit"
          class="add"
          aria-label="Add folder"
          matTooltip="Add folder"
          data-testid="add-folder-submit"
          [disabled]="busy() || !path().trim()"
        >
          @if (busy()) {
            <mat-spinner diameter="18" />
          } @else {
            <mat-icon>create_new_folder</mat-icon>
          }
        </button>
      </mat-form-field>
    </form>
    @if (error(); as e) {
      <cx-error-text class="error" id="add-folder-error" [error]="e" data-testid="add-folder-error" />
    } @else {
      <div class="hint" id="add-folder-hint">Type the full path of a local folder, then press Enter.</div>
    }
  `,
  styles: `
    :host { display: block; }
    .field { width: 100%; }
    .add { margin-right: 4px; color: var(--mat-sys-primary); }
    .add:disabled { color: var(--mat-sys-on-surface-variant); opacity: 0.6; }
    .error { margin-top: 8px; }
    .hint { margin: 6px 4px 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class AddFolderComponent {
  /** A project was added (or already existed for that folder). */
  readonly added = output<Project>();
  private readonly store = inject(WorkspaceStore);
  protected readonly path = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<UserError | null>(null);

  protected onInput(value: string): void {
    this.path.set(value);
    this.error.set(null);
  }

  protected async submit(): Promise<void> {
    const path = this.path().trim();
    if (!path || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const project = await this.store.addProject(path);
      this.path.set('');
      this.added.emit(project);
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }
}
