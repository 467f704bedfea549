import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { Task } from '@contract';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { TaskStore } from './task.store';
import { WorkspaceStore } from '../sessions/workspace.store';

/** The task the retry dialog opens on. */
export interface TaskRetryData {
  task: Task;
}

/**
 * Runs a failed, cancelled or unverified task again: with the same agent or another
 * installed one, going on from the last attempt's changes or from the base commit.
 */
@Component({
  selector: 'cx-task-retry-dialog',
  imports: [MatButtonModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatSelectModule, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'task-retry-dialog' },
  template: `
    <h2 mat-dialog-title>Run the task again</h2>
    <mat-dialog-content class="content">
      <p class="text">{{ data.task.text }}</p>
      @if (data.task.error) {
        <p class="why">Last time: {{ data.task.error }}</p>
      }
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Agent</mat-label>
        <mat-select data-testid="task-retry-agent" [value]="agent()" (valueChange)="agent.set($event)">
          @for (a of agents(); track a.id) {
            <mat-option [value]="a.id">{{ a.name }}{{ a.id === data.task.agent ? ' (last)' : '' }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-checkbox data-testid="task-retry-keep" [checked]="keep()" (change)="keep.set($event.checked)" [disabled]="data.task.inPlace">
        Go on from the last attempt's changes (off: start again from the base commit)
      </mat-checkbox>
      @if (error(); as e) {
        <cx-error-text [error]="e" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>Cancel</button>
      <button mat-flat-button data-testid="task-retry-confirm" [disabled]="busy()" (click)="retry()">Retry</button>
    </mat-dialog-actions>
  `,
  styles: `
    .content { display: flex; flex-direction: column; gap: 12px; min-width: 420px; max-width: 640px; }
    .text { font: var(--mat-sys-title-small); margin: 0; overflow-wrap: anywhere; }
    .why { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); margin: 0; overflow-wrap: anywhere; }
  `,
})
export class TaskRetryDialogComponent {
  protected readonly data = inject<TaskRetryData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<TaskRetryDialogComponent, boolean>);
  private readonly tasks = inject(TaskStore);
  private readonly workspace = inject(WorkspaceStore);

  protected readonly agents = computed(() => this.workspace.agents().filter((a) => a.installed));
  protected readonly agent = signal(this.data.task.agent);
  protected readonly keep = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<UserError | null>(null);

  protected async retry(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.tasks.retry(this.data.task.id, this.agent() === this.data.task.agent ? undefined : this.agent(), this.keep());
      this.ref.close(true);
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }
}
