import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

/** What a confirm dialog asks. */
export interface ConfirmData {
  title: string;
  message: string;
  confirmLabel: string;
  /** Shows the confirm button in the error colour. */
  destructive?: boolean;
}

/** Asks the user to confirm an action. Closes with `true` when confirmed. */
@Component({
  selector: 'cx-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="message">{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close data-testid="confirm-cancel">Cancel</button>
      <button mat-flat-button [class.destructive]="data.destructive" [mat-dialog-close]="true" data-testid="confirm-ok" cdkFocusInitial>
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .message { margin: 0; max-width: 420px; overflow-wrap: anywhere; }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmData>(MAT_DIALOG_DATA);
}
