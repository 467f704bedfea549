import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import type { Task } from '@contract';
import { MainViewService } from '../shell/main-view.service';
import { WorkspaceStore } from '../sessions/workspace.store';
import { TaskComposerDialogComponent, type TaskComposerData } from './task-composer-dialog.component';
import { TaskRetryDialogComponent, type TaskRetryData } from './task-retry-dialog.component';
import { TaskReviewDialogComponent, type TaskReviewData } from './task-review-dialog.component';

/** Opens the orchestrator's dialogs: the task composer and a task's review. */
@Injectable({ providedIn: 'root' })
export class TaskDialogsService {
  private readonly dialog = inject(MatDialog);
  private readonly workspace = inject(WorkspaceStore);
  private readonly view = inject(MainViewService);

  /**
   * Opens the task composer (optionally on a project); a started task brings the board up.
   * @returns the created task, or undefined when the user cancelled
   */
  async compose(projectId?: string): Promise<Task | undefined> {
    void this.workspace.refreshAgents().catch(() => undefined);
    const ref = this.dialog.open<TaskComposerDialogComponent, TaskComposerData, Task>(TaskComposerDialogComponent, {
      data: projectId === undefined ? {} : { projectId },
      autoFocus: 'textarea',
      maxWidth: '95vw',
    });
    const task = await firstValueFrom(ref.afterClosed());
    if (task) this.view.show('tasks');
    return task;
  }

  /** Opens the retry of a failed, cancelled or unverified task (agent, keep or drop the last attempt). */
  retry(task: Task): void {
    void this.workspace.refreshAgents().catch(() => undefined);
    this.dialog.open<TaskRetryDialogComponent, TaskRetryData, boolean>(TaskRetryDialogComponent, { data: { task }, autoFocus: 'dialog', maxWidth: '95vw' });
  }

  /** Opens a task's review: its diff, Merge and Discard. */
  review(taskId: string): void {
    this.dialog.open<TaskReviewDialogComponent, TaskReviewData>(TaskReviewDialogComponent, { data: { taskId }, autoFocus: 'dialog', maxWidth: '95vw' });
  }
}
