import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorTextComponent } from './error-text.component';
import { toUserError, type UserError } from './user-error';

/** What the rename dialog edits, and how it saves. */
export interface RenameData {
  title: string;
  current: string;
  /** Saves the new name. @throws CortexError, shown inside the dialog */
  save: (name: string) => Promise<void>;
}

/** Edits a name; errors from saving stay in the dialog next to the field. */
@Component({
  selector: 'cx-rename-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <form id="rename-form" (submit)="$event.preventDefault(); submit()">
        <mat-form-field appearance="outline" class="field">
          <mat-label>Name</mat-label>
          <input matInput data-testid="rename-input" [value]="name()" (input)="name.set($any($event.target).value)" cdkFocusInitial maxlength="200" />
        </mat-form-field>
      </form>
      @if (error(); as e) {
        <cx-error-text [error]="e" data-testid="rename-error" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>Cancel</button>
      <button mat-flat-button type="submit" form="rename-form" data-testid="rename-save" [disabled]="busy() || !name().trim()">Save</button>
    </mat-dialog-actions>
  `,
  styles: `.field { width: 360px; max-width: 100%; }`,
})
export class RenameDialogComponent {
  protected readonly data = inject<RenameData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<RenameDialogComponent>);
  protected readonly name = signal(this.data.current);
  protected readonly busy = signal(false);
  protected readonly error = signal<UserError | null>(null);

  protected async submit(): Promise<void> {
    const name = this.name().trim();
    if (!name || this.busy()) return;
    this.busy.set(true);
    try {
      await this.data.save(name);
      this.ref.close(true);
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }
}
