import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Task } from '@contract';
import { LazyDialogService } from '../shared/lazy-dialog.service';
import { MainViewService } from '../shell/main-view.service';
import { WorkspaceStore } from '../sessions/workspace.store';
import type { TaskComposerData } from './task-composer-dialog.component';
import type { TaskRetryData } from './task-retry-dialog.component';
import type { TaskReviewData } from './task-review-dialog.component';

/** The dialogs' chunks, loaded on first use (or prefetched while the page is idle). */
const loadComposer = () => import('./task-composer-dialog.component').then((m) => m.TaskComposerDialogComponent);
const loadRetry = () => import('./task-retry-dialog.component').then((m) => m.TaskRetryDialogComponent);
const loadReview = () => import('./task-review-dialog.component').then((m) => m.TaskReviewDialogComponent);

/** Opens the orchestrator's dialogs: the task composer and a task's review. */
@Injectable({ providedIn: 'root' })
export class TaskDialogsService {
  private readonly dialog = inject(LazyDialogService);
  private readonly workspace = inject(WorkspaceStore);
  private readonly view = inject(MainViewService);

  /**
   * Opens the task composer (optionally on a project); a started task brings the board up.
   * @returns the created task, or undefined when the user cancelled
   */
  async compose(projectId?: string): Promise<Task | undefined> {
    void this.workspace.refreshAgents().catch(() => undefined);
    const ref = await this.dialog.open<unknown, TaskComposerData, Task>(loadComposer, 'New task', {
      id: 'task-composer',
      data: projectId === undefined ? {} : { projectId },
      autoFocus: 'textarea',
      maxWidth: '95vw',
    });
    const task = ref ? await firstValueFrom(ref.afterClosed()) : undefined;
    if (task) this.view.show('tasks');
    return task;
  }

  /** Opens the retry of a failed, cancelled or unverified task (agent, keep or drop the last attempt). */
  retry(task: Task): void {
    void this.workspace.refreshAgents().catch(() => undefined);
    void this.dialog.open<unknown, TaskRetryData, boolean>(loadRetry, 'Retry task', { data: { task }, autoFocus: 'dialog', maxWidth: '95vw' });
  }

  /** Opens a task's review: its diff, Merge and Discard. */
  review(taskId: string): void {
    void this.dialog.open<unknown, TaskReviewData>(loadReview, 'Task review', { data: { taskId }, autoFocus: 'dialog', maxWidth: '95vw' });
  }

  /** The chunks of these dialogs, for {@link LazyDialogService.prefetch}. */
  static readonly chunks: readonly (() => Promise<unknown>)[] = [loadComposer, loadRetry, loadReview];
}
