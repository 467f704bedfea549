import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

/** One shown console the user may replace. */
export interface ReplaceChoice {
  sessionId: string;
  /** e.g. `Shell #2`. */
  label: string;
  /** The project's name. */
  project: string;
}

/** What the dialog asks: which of `shown` (left to right) gives its place to `incoming`. */
export interface ReplaceConsoleData {
  incoming: { label: string; project: string };
  shown: ReplaceChoice[];
}

/**
 * Asked when a session should get a console and all of them are taken: one button per
 * console (left to right, numbered as on screen), or Cancel. Closes with the session id
 * of the console to replace, or undefined. The replaced session keeps running.
 */
@Component({
  selector: 'cx-replace-console-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'replace-console-dialog' },
  template: `
    <h2 mat-dialog-title>Replace which console?</h2>
    <mat-dialog-content>
      <p class="message">
        All {{ data.shown.length }} consoles are in use. {{ data.incoming.label }} ({{ data.incoming.project }}) opens in place of the one you pick; the
        session there keeps running and stays in the sidebar.
      </p>
      <div class="choices" role="group" aria-label="Consoles">
        @for (c of data.shown; track c.sessionId; let i = $index) {
          <button mat-stroked-button class="choice" [mat-dialog-close]="c.sessionId" data-testid="replace-console-choice" [attr.data-session-id]="c.sessionId">
            <span class="n" aria-hidden="true">{{ i + 1 }}</span>
            <span class="what">Console {{ i + 1 }}: {{ c.label }} <span class="project">({{ c.project }})</span></span>
          </button>
        }
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close data-testid="replace-console-cancel">Cancel</button>
    </mat-dialog-actions>
  `,
  styles: `
    .message { margin: 0 0 12px; max-width: 460px; }
    .choices { display: flex; flex-direction: column; gap: 8px; }
    .choice { justify-content: flex-start; text-align: left; height: auto; min-height: 44px; }
    .n {
      display: inline-grid;
      place-items: center;
      width: 22px;
      height: 22px;
      margin-right: 10px;
      border-radius: 6px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .project { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ReplaceConsoleDialogComponent {
  protected readonly data = inject<ReplaceConsoleData>(MAT_DIALOG_DATA);
}
