import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ErrorTextComponent } from '../shared/error-text.component';
import { LazyDialogService } from '../shared/lazy-dialog.service';

/**
 * Says that a dialog the user asked for did not open because its code could not be loaded
 * ({@link LazyDialogService.failure}), with what to do and a Dismiss button. Hidden otherwise;
 * the next dialog that opens hides it too.
 */
@Component({
  selector: 'cx-load-failure-banner',
  imports: [MatButtonModule, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (dialogs.failure(); as e) {
      <div class="banner" data-testid="load-failure">
        <cx-error-text class="text" [error]="e" />
        <button mat-button data-testid="load-failure-dismiss" (click)="dialogs.dismissFailure()">Dismiss</button>
      </div>
    }
  `,
  styles: `
    .banner { display: flex; align-items: center; gap: 8px; padding: 4px 16px; }
    .text { flex: 1; min-width: 0; }
  `,
})
export class LoadFailureBannerComponent {
  protected readonly dialogs = inject(LazyDialogService);
}
