import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { Result } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { DialogsService } from '../shared/dialogs.service';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { TaskStore, type MergeResult, type TaskDiff } from './task.store';
import { WorkspaceStore } from '../sessions/workspace.store';
import { DiffViewComponent } from './diff-view.component';
import { gateText } from './task-format';

/** Which task the review is about. */
export interface TaskReviewData {
  taskId: string;
}

/** Length of a commit id as shown. */
const SHORT_SHA = 8;

/**
 * A task's review: its gate runs and agent switches, the worktree's diff against its base
 * (files, hunks), Merge into the project's branch (a conflict is listed, nothing is forced)
 * and Discard (after a confirmation: the worktree and the branch are removed).
 */
@Component({
  selector: 'cx-task-review-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatProgressBarModule, DiffViewComponent, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'task-review-dialog' },
  template: `
    <h2 mat-dialog-title class="title"><mat-icon aria-hidden="true">difference</mat-icon><span class="t">Review: {{ task()?.text }}</span></h2>
    <mat-dialog-content class="content">
      @if (task(); as t) {
        <div class="meta">
          <span><mat-icon aria-hidden="true">smart_toy</mat-icon>{{ agentName(t.agent) }}</span>
          @if (t.branch) {
            <span><mat-icon aria-hidden="true">call_split</mat-icon><code>{{ t.branch }}</code> → <code>{{ t.baseBranch ?? 'HEAD' }}</code></span>
          }
          <span data-testid="review-iterations">{{ t.iterations }} {{ t.iterations === 1 ? 'iteration' : 'iterations' }}</span>
          @if (diff(); as d) {
            <span class="totals" data-testid="review-totals"><span class="add">+{{ d.additions }}</span>{{ " " }}<span class="del">−{{ d.deletions }}</span> in {{ d.files.length }} {{ d.files.length === 1 ? 'file' : 'files' }}</span>
          }
        </div>
        @if (details(); as x) {
          @if (x.gates.length > 0) {
            <ol class="gates" data-testid="review-gates">
              @for (g of x.gates; track g.iteration) {
                <li [class.passed]="g.passed" [class.failed]="!g.passed">
                  <mat-icon aria-hidden="true">{{ g.passed ? 'verified' : 'gpp_bad' }}</mat-icon>#{{ g.iteration }} {{ agentName(g.agent) }}: {{ gate(g) }}
                </li>
              }
            </ol>
          }
          @for (s of x.switches; track s.at) {
            <div class="switch"><mat-icon aria-hidden="true">swap_horiz</mat-icon>{{ agentName(s.from) }} → {{ agentName(s.to) }}: {{ s.reason }}</div>
          }
        }
      }
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" data-testid="review-loading" />
      }
      @if (error(); as e) {
        <cx-error-text [error]="e" data-testid="review-error" />
      }
      @if (merge(); as m) {
        @if (m.merged) {
          <div class="outcome ok" role="status" data-testid="review-merged">
            <mat-icon aria-hidden="true">check_circle</mat-icon>
            Merged into {{ m.task.baseBranch ?? 'the project branch' }} ({{ m.kind === 'fast-forward' ? 'fast-forward' : 'merge commit' }}){{ m.commit ? ' · ' + m.commit.slice(0, shortSha) : '' }}. The worktree and the branch are removed.
          </div>
        } @else {
          <div class="outcome conflict" role="alert" data-testid="review-conflict">
            <mat-icon aria-hidden="true">warning</mat-icon>
            <div>
              <div class="strong">Not merged: these files conflict with changes on {{ m.task.baseBranch ?? 'the project branch' }}.</div>
              <ul>
                @for (c of m.conflicts; track c) {
                  <li data-testid="review-conflict-file"><code>{{ c }}</code></li>
                }
              </ul>
              <div>The merge was aborted and nothing was changed. Resolve it in the project (or ask the agent again), then merge.</div>
            </div>
          </div>
        }
      }
      @if (discarded()) {
        <div class="outcome" role="status" data-testid="review-discarded"><mat-icon aria-hidden="true">delete_sweep</mat-icon>Discarded: the worktree and the branch are removed.</div>
      }
      @if (diff(); as d) {
        @if (!done()) {
          <cx-diff-view [files]="d.files" />
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @if (task()?.status === 'unverified' && canMerge()) {
        <span class="why" data-testid="review-merge-unverified">No check verified this change: Merge means you reviewed the diff above.</span>
      }
      @if (!canMerge() && !done() && task(); as t) {
        <span class="why" data-testid="review-merge-why">{{ t.status === 'completed' ? '' : 'Only a task whose quality gate passed can be merged.' }}</span>
      }
      <button mat-button mat-dialog-close data-testid="review-close">Close</button>
      <button mat-stroked-button class="discard" data-testid="review-discard" [disabled]="busy() || done()" (click)="discard()"><mat-icon>delete</mat-icon>Discard</button>
      <button mat-flat-button data-testid="review-merge" [disabled]="busy() || !canMerge()" (click)="doMerge()"><mat-icon>merge</mat-icon>Merge</button>
    </mat-dialog-actions>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; }
    .title mat-icon { color: var(--mat-sys-primary); flex: none; }
    .t { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .content { width: 1040px; max-width: 100%; max-height: 78vh; display: flex; flex-direction: column; gap: 10px; }
    .meta { display: flex; flex-wrap: wrap; align-items: center; gap: 14px; font: var(--mat-sys-body-medium); }
    .meta span { display: inline-flex; align-items: center; gap: 4px; }
    .meta mat-icon, .gates mat-icon, .switch mat-icon { font-size: 16px; width: 16px; height: 16px; }
    code { font-family: 'JetBrains Mono', monospace; font-size: 12px; }
    .totals { font-variant-numeric: tabular-nums; }
    .add { color: var(--cx-diff-add-fg); }
    .del { color: var(--cx-diff-del-fg); }
    .gates { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
    .gates li { display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px; border-radius: 8px; border: 1px solid; font: var(--mat-sys-label-medium); }
    .gates li.passed { color: var(--cx-diff-add-fg); background: var(--cx-diff-add-bg); }
    .gates li.failed { color: var(--cx-diff-del-fg); background: var(--cx-diff-del-bg); }
    .switch { display: flex; align-items: center; gap: 4px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .outcome { display: flex; gap: 8px; align-items: flex-start; padding: 10px 12px; border-radius: 10px; font: var(--mat-sys-body-medium); background: var(--mat-sys-surface-container-high); }
    .outcome.ok { background: var(--cx-diff-add-bg); color: var(--cx-diff-add-fg); }
    .outcome.conflict { background: var(--cx-waiting-container); color: var(--cx-on-waiting-container); border: 1px solid var(--cx-waiting); }
    .outcome ul { margin: 4px 0; padding-left: 18px; }
    .strong { font-weight: 600; }
    cx-diff-view { min-height: 240px; }
    .why { margin-right: auto; padding-left: 12px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .discard { --mat-button-outlined-label-text-color: var(--mat-sys-error); }
  `,
})
export class TaskReviewDialogComponent {
  private readonly data = inject<TaskReviewData>(MAT_DIALOG_DATA);
  private readonly client = inject(CortexClient);
  private readonly store = inject(TaskStore);
  private readonly workspace = inject(WorkspaceStore);
  private readonly dialogs = inject(DialogsService);

  protected readonly shortSha = SHORT_SHA;
  protected readonly task = computed(() => this.store.taskById().get(this.data.taskId) ?? this.details()?.task ?? null);
  protected readonly details = signal<Result<'tasks.get'> | null>(null);
  protected readonly diff = signal<TaskDiff | null>(null);
  protected readonly merge = signal<MergeResult | null>(null);
  protected readonly discarded = signal(false);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<UserError | null>(null);
  protected readonly done = computed(() => this.discarded() || this.merge()?.merged === true);
  protected readonly canMerge = computed(() => {
    const t = this.task();
    return !this.done() && t !== null && (t.status === 'completed' || t.status === 'unverified') && t.review === 'open' && !t.inPlace;
  });
  protected readonly agentName = (id: string): string => this.workspace.agentName(id);
  protected readonly gate = gateText;

  constructor() {
    void this.load();
  }

  protected async doMerge(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      // Merging from this dialog, with the diff in front of the person, is the review an unverified task needs.
      this.merge.set(await this.store.merge(this.data.taskId, this.task()?.status === 'unverified'));
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }

  protected async discard(): Promise<void> {
    const ok = await this.dialogs.confirm({
      title: 'Discard this task?',
      message: `Its worktree and its branch are removed, with every change the agent made there. "${this.task()?.text ?? ''}"`,
      confirmLabel: 'Discard',
      destructive: true,
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.store.discard(this.data.taskId);
      this.discarded.set(true);
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    const id = this.data.taskId;
    const [details, diff] = await Promise.allSettled([this.client.call('tasks.get', { id }), this.store.diff(id)]);
    if (details.status === 'fulfilled') this.details.set(details.value);
    if (diff.status === 'fulfilled') this.diff.set(diff.value);
    else this.error.set(toUserError(diff.reason));
    this.loading.set(false);
  }
}
