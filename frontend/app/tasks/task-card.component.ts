import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Task } from '@contract';
import { canCancel, canRetry, canReview, gateText, heldLook, statusLook, taskTime } from './task-format';

/** What a card's buttons ask for. */
export type TaskCardAction = 'open-session' | 'open-gate' | 'cancel' | 'review' | 'retry';

/**
 * One task on the board: its text, project, agent (and the ones tried before a switch),
 * status and phase, iterations, last gate result, time, review state, and its actions
 * (open the agent's or the gate's console, cancel, review).
 */
@Component({
  selector: 'cx-task-card',
  imports: [MatButtonModule, MatIconModule, DeferredTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'task-card',
    '[attr.data-task-id]': 'task().id',
    '[attr.data-status]': 'task().status',
    '[attr.data-phase]': 'task().phase',
    role: 'article',
    '[attr.aria-label]': '"Task: " + task().text',
  },
  template: `
    <div class="text" data-testid="task-card-text">{{ task().text }}</div>
    <div class="meta">
      <span class="project"><mat-icon aria-hidden="true">folder</mat-icon>{{ projectName() }}</span>
      <span class="agent" data-testid="task-card-agent"><mat-icon aria-hidden="true">smart_toy</mat-icon>{{ agentName() }}</span>
      @if (task().agentsTried.length > 1) {
        <span class="muted" data-testid="task-card-switched">after {{ triedBefore() }}</span>
      }
    </div>
    <div class="status-line">
      <span class="status" data-testid="task-card-status" [class]="'status tone-' + look().tone">
        <mat-icon aria-hidden="true" [class.spin]="look().tone === 'working' && task().phase !== 'gate'">{{ look().icon }}</mat-icon>{{ look().label }}
      </span>
      <span class="muted" data-testid="task-card-iterations">{{ task().iterations }} {{ task().iterations === 1 ? 'iteration' : 'iterations' }}</span>
      <span class="spacer"></span>
      <span class="muted time" data-testid="task-card-time">{{ time() }}</span>
    </div>
    @if (task().gate; as g) {
      <div class="gate" data-testid="task-card-gate" [attr.data-passed]="g.passed" [attr.data-verdict]="verdict()" [class.passed]="verdict() === 'passed'" [class.failed]="verdict() === 'failed'" [class.unverified]="verdict() === 'unverified'">
        <mat-icon aria-hidden="true">{{ verdict() === 'passed' ? 'verified' : verdict() === 'unverified' ? 'gpp_maybe' : 'gpp_bad' }}</mat-icon><span>{{ gate() }}</span>
      </div>
    }
    @if (held(); as h) {
      <div class="held" data-testid="task-card-held" [attr.data-kind]="h.kind" role="status">
        <mat-icon aria-hidden="true">{{ h.icon }}</mat-icon><span><strong>{{ h.title }}: </strong>{{ h.text }}</span>
      </div>
    }
    @if (task().error) {
      <div class="error" data-testid="task-card-error" [class.warn]="task().status === 'unverified'">
        @if (task().status === 'unverified') {<strong>Needs your review before merge: </strong>}{{ task().error }}
      </div>
    }
    <div class="actions">
      @if (task().review !== 'open') {
        <span class="review-state" data-testid="task-card-review" [attr.data-review]="task().review">
          <mat-icon aria-hidden="true">{{ task().review === 'merged' ? 'merge' : 'delete_sweep' }}</mat-icon>{{ task().review }}
        </span>
      } @else if (task().inPlace) {
        <span class="review-state" matTooltip="Not a git repository: the agent changed the folder itself"><mat-icon aria-hidden="true">folder_special</mat-icon>in place</span>
      }
      <span class="spacer"></span>
      <button mat-icon-button data-testid="task-open-session" [disabled]="!hasSession()" (click)="action.emit('open-session')" matTooltip="Open the agent's console" aria-label="Open the agent's console">
        <mat-icon>terminal</mat-icon>
      </button>
      <button mat-icon-button data-testid="task-open-gate" [disabled]="!hasGateSession()" (click)="action.emit('open-gate')" matTooltip="Open the quality gate's console" aria-label="Open the quality gate's console">
        <mat-icon>science</mat-icon>
      </button>
      @if (cancellable()) {
        <button mat-icon-button data-testid="task-card-cancel" (click)="action.emit('cancel')" matTooltip="Cancel the task" aria-label="Cancel the task">
          <mat-icon>stop_circle</mat-icon>
        </button>
      }
      @if (retryable()) {
        <button mat-icon-button data-testid="task-card-retry" (click)="action.emit('retry')" matTooltip="Run the task again" aria-label="Run the task again">
          <mat-icon>replay</mat-icon>
        </button>
      }
      @if (reviewable()) {
        <button mat-stroked-button data-testid="task-review" (click)="action.emit('review')"><mat-icon>difference</mat-icon>Review</button>
      }
    </div>
  `,
  styles: `
    :host {
      display: flex; flex-direction: column; gap: 6px; padding: 10px 12px 6px; border-radius: 12px;
      background: var(--mat-sys-surface-container-low); border: 1px solid var(--mat-sys-outline-variant);
      --mat-icon-button-state-layer-size: 32px;
    }
    .text { font: var(--mat-sys-title-small); overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
    .meta, .status-line, .actions, .gate { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; font: var(--mat-sys-body-small); }
    .meta mat-icon, .gate mat-icon, .status mat-icon, .review-state mat-icon { font-size: 15px; width: 15px; height: 15px; }
    .project, .agent { display: inline-flex; align-items: center; gap: 3px; }
    .project { color: var(--mat-sys-on-surface-variant); }
    .agent { font-weight: 500; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .spacer { flex: 1; }
    .time { font-variant-numeric: tabular-nums; }
    .status { display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px 1px 6px; border-radius: 10px; font: var(--mat-sys-label-medium); }
    .tone-neutral { background: var(--mat-sys-surface-container-highest); }
    .tone-working { background: var(--cx-working-container); color: var(--cx-on-working-container); }
    .tone-ok { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .tone-fail { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .tone-warn { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .gate { display: inline-flex; flex-wrap: nowrap; align-self: flex-start; gap: 4px; padding: 1px 8px 1px 6px; border-radius: 8px; border: 1px solid; font: var(--mat-sys-label-medium); }
    .gate.passed { border-color: var(--cx-diff-add-fg); color: var(--cx-diff-add-fg); background: var(--cx-diff-add-bg); }
    .gate.failed { border-color: var(--cx-diff-del-fg); color: var(--cx-diff-del-fg); background: var(--cx-diff-del-bg); }
    .gate.unverified { border-color: var(--mat-sys-tertiary); color: var(--mat-sys-on-tertiary-container); background: var(--mat-sys-tertiary-container); }
    .gate mat-icon { flex: none; }
    .held { display: flex; gap: 4px; align-items: flex-start; font: var(--mat-sys-body-small); overflow-wrap: anywhere; padding: 2px 8px 2px 6px; border-radius: 8px; background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .held mat-icon { flex: none; font-size: 15px; width: 15px; height: 15px; }
    .error { font: var(--mat-sys-body-small); color: var(--mat-sys-error); overflow-wrap: anywhere; }
    .error.warn { color: var(--mat-sys-on-surface); }
    .review-state { display: inline-flex; align-items: center; gap: 3px; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); text-transform: capitalize; }
    .actions button[mat-icon-button] { width: 32px; height: 32px; padding: 4px; }
    .actions button[mat-icon-button] mat-icon { font-size: 20px; width: 20px; height: 20px; }
    .spin { animation: spin 1.6s linear infinite; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .spin { animation: none; } }
  `,
})
export class TaskCardComponent {
  readonly task = input.required<Task>();
  readonly projectName = input.required<string>();
  /** The display name of an agent id. */
  readonly agentNameOf = input.required<(id: string) => string>();
  readonly now = input.required<number>();
  /** The agent's session still exists (can be shown in a console). */
  readonly hasSession = input(false);
  readonly hasGateSession = input(false);
  readonly action = output<TaskCardAction>();

  protected readonly look = computed(() => statusLook(this.task()));
  protected readonly held = computed(() => heldLook(this.task()));
  protected readonly agentName = computed(() => this.agentNameOf()(this.task().agent));
  protected readonly triedBefore = computed(() => this.task().agentsTried.slice(0, -1).map((a) => this.agentNameOf()(a)).join(', '));
  protected readonly time = computed(() => taskTime(this.task(), this.now()));
  protected readonly gate = computed(() => {
    const g = this.task().gate;
    return g ? gateText(g) : '';
  });
  protected readonly verdict = computed(() => {
    const g = this.task().gate;
    return g ? (g.snapshot?.verdict ?? (g.passed ? 'passed' : 'failed')) : null;
  });
  protected readonly cancellable = computed(() => canCancel(this.task()));
  protected readonly retryable = computed(() => canRetry(this.task()));
  protected readonly reviewable = computed(() => canReview(this.task()));
}
