import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { canSaveAll, type UnsavedEdit } from './unsaved-edits';

/** What the question is about: the fields changed and not saved. */
export interface UnsavedChangesData {
  edits: readonly UnsavedEdit[];
}

/** The user's answer; Esc and a click outside keep editing (nothing is lost). */
export type UnsavedChangesAnswer = 'keep' | 'discard' | 'save';

/** Id of the question's sentence, the dialog's accessible description. */
export const UNSAVED_CHANGES_MESSAGE_ID = 'unsaved-changes-message';

/**
 * Asks what to do with changed but unsaved settings when the Settings dialog is closed:
 * keep editing (focused first: Enter or Esc lose nothing), discard them, or save them and
 * close (offered only when every one can be saved as typed; otherwise each refused field
 * says why). Closes with an {@link UnsavedChangesAnswer}, or undefined (Esc: keep editing).
 */
@Component({
  selector: 'cx-unsaved-changes-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'unsaved-changes' },
  template: `
    <h2 mat-dialog-title>Unsaved changes</h2>
    <mat-dialog-content>
      <p class="message" [id]="messageId">
        @if (canSave) {
          {{ data.edits.length === 1 ? 'This setting was changed but not saved:' : 'These settings were changed but not saved:' }}
        } @else {
          {{ data.edits.length === 1 ? 'This setting was changed but cannot be saved as typed:' : 'These settings were changed but not all can be saved as typed:' }}
        }
      </p>
      <ul class="edits">
        @for (e of data.edits; track e.testId) {
          <li data-testid="unsaved-item" [attr.data-field]="e.testId">
            <span class="label">{{ e.label }}</span>
            @if (e.problem) {
              <span class="problem">{{ e.problem }}</span>
            }
          </li>
        }
      </ul>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="'discard'" data-testid="unsaved-discard">Discard changes</button>
      <button mat-stroked-button [mat-dialog-close]="'keep'" data-testid="unsaved-keep" cdkFocusInitial>Keep editing</button>
      @if (canSave) {
        <button mat-flat-button [mat-dialog-close]="'save'" data-testid="unsaved-save">Save and close</button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .message { margin: 0 0 8px; }
    .edits { margin: 0; padding-left: 20px; display: flex; flex-direction: column; gap: 6px; max-width: 440px; }
    .label { font-weight: 500; }
    .problem { display: block; color: var(--mat-sys-error); font: var(--mat-sys-body-small); overflow-wrap: anywhere; }
  `,
})
export class UnsavedChangesDialogComponent {
  protected readonly data = inject<UnsavedChangesData>(MAT_DIALOG_DATA);
  protected readonly canSave = canSaveAll(this.data.edits);
  protected readonly messageId = UNSAVED_CHANGES_MESSAGE_ID;
}
