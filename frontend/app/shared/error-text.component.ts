import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { UserError } from './user-error';

/** An error shown where the user acted: an icon, the message, and the hint below it. */
@Component({
  selector: 'cx-error-text',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'alert', class: 'cx-error-text' },
  template: `
    <mat-icon aria-hidden="true">error</mat-icon>
    <div class="text">
      <div class="message">{{ error().message }}</div>
      @if (error().hint) {
        <div class="hint">{{ error().hint }}</div>
      }
    </div>
  `,
  styles: `
    :host {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-body-medium);
    }
    mat-icon { flex: none; font-size: 20px; width: 20px; height: 20px; }
    .message { font-weight: 500; overflow-wrap: anywhere; }
    .hint { opacity: 0.9; overflow-wrap: anywhere; }
  `,
})
export class ErrorTextComponent {
  readonly error = input.required<UserError>();
}
