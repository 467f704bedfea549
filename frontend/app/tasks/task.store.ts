import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, debounceTime } from 'rxjs';
import type { Result, Task, TaskIntent, TaskSettings } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { toUserError, type UserError } from '../shared/user-error';

/** The dashboard numbers (`tasks.stats`). */
export type TaskStats = Result<'tasks.stats'>;
/** What `tasks.merge` answers. */
export type MergeResult = Result<'tasks.merge'>;
/** What `tasks.diff` answers. */
export type TaskDiff = Result<'tasks.diff'>;

/** Quiet time after the last `task.updated` before the stats are re-read, ms. */
const STATS_REFRESH_DEBOUNCE_MS = 400;

/** What a session does for a task. */
export type TaskSessionRole = 'agent' | 'gate';

/** What `createTask` needs. */
export interface CreateTaskRequest {
  projectId: string;
  text: string;
  /** Overrides the ranking; omitted: the recommended agent. */
  agent?: string;
  /** The person's pick of intent over the parser's reading; omitted: the reading. */
  intent?: TaskIntent;
  confirmInPlace?: boolean;
}

/**
 * The orchestrator's tasks as signals, kept current by `task.updated` and reloaded after a
 * reconnect, plus the dashboard numbers (re-read shortly after each change). Actions call
 * the contract and throw its CortexError for the caller to show in place.
 */
@Injectable({ providedIn: 'root' })
export class TaskStore {
  private readonly client = inject(CortexClient);
  private readonly tasksSignal = signal<Task[]>([]);
  private readonly statsSignal = signal<TaskStats | null>(null);
  private readonly loadErrorSignal = signal<UserError | null>(null);
  private readonly statsWanted = new Subject<void>();

  /** Every task, newest first. */
  readonly tasks = this.tasksSignal.asReadonly();
  /** Dashboard numbers over all projects; null until first read. */
  readonly stats = this.statsSignal.asReadonly();
  /** Why the last load failed, if it did. */
  readonly loadError = this.loadErrorSignal.asReadonly();
  readonly taskById = computed(() => new Map(this.tasks().map((t) => [t.id, t])));
  /** What each task's current sessions are: the agent's, or the (last) quality gate's. */
  readonly sessionRoles = computed(() => {
    const map = new Map<string, TaskSessionRole>();
    for (const t of this.tasks()) {
      if (t.sessionId) map.set(t.sessionId, 'agent');
      if (t.gateSessionId) map.set(t.gateSessionId, 'gate');
    }
    return map;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.client.events('task.updated').pipe(takeUntilDestroyed(destroyRef)).subscribe((t) => {
      this.upsert(t);
      this.statsWanted.next();
    });
    this.statsWanted.pipe(debounceTime(STATS_REFRESH_DEBOUNCE_MS), takeUntilDestroyed(destroyRef)).subscribe(() => void this.refreshStats());
    this.client.reconnected$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => void this.load());
    void this.load();
  }

  /** Loads the tasks and the stats. Never throws: a failure lands in {@link loadError}. */
  async load(): Promise<void> {
    try {
      const [tasks, stats] = await Promise.all([this.client.call('tasks.list', {}), this.client.call('tasks.stats', {})]);
      this.tasksSignal.set([...tasks].sort(newestFirst));
      this.statsSignal.set(stats);
      this.loadErrorSignal.set(null);
    } catch (err) {
      this.loadErrorSignal.set(toUserError(err));
    }
  }

  /** Re-reads the dashboard numbers; a failure keeps the last ones. */
  async refreshStats(): Promise<void> {
    try {
      this.statsSignal.set(await this.client.call('tasks.stats', {}));
    } catch {
      // A side view: the last numbers stay until the next change.
    }
  }

  /** Reads a task text and ranks the agents for it. No side effects. @throws CortexError */
  analyze(projectId: string, text: string, intent?: TaskIntent): Promise<Result<'tasks.analyze'>> {
    return this.client.call('tasks.analyze', { projectId, text, ...(intent ? { intent } : {}) });
  }

  /** Creates (queues) a task. @returns the task @throws CortexError */
  async create(req: CreateTaskRequest): Promise<Task> {
    const task = await this.client.call('tasks.create', req);
    this.upsert(task);
    this.statsWanted.next();
    return task;
  }

  /** Stops a pending or running task. @throws CortexError */
  async cancel(id: string): Promise<void> {
    this.upsert(await this.client.call('tasks.cancel', { id }));
  }

  /**
   * Runs a failed, cancelled or unverified task again (`agent`: another one; `keepPrevious`:
   * go on from the last attempt, else from the base commit). @throws CortexError
   */
  async retry(id: string, agent: string | undefined, keepPrevious: boolean): Promise<void> {
    this.upsert(await this.client.call('tasks.retry', { id, keepPrevious, ...(agent !== undefined ? { agent } : {}) }));
    this.statsWanted.next();
  }

  /** The task's changes against its base. @throws CortexError (INVALID_REQUEST: in place, or worktree removed) */
  diff(id: string): Promise<TaskDiff> {
    return this.client.call('tasks.diff', { id });
  }

  /** Merges a completed task (an unverified one only when `reviewed`); a conflict comes back as `merged: false`, never forced. @throws CortexError */
  async merge(id: string, reviewed = false): Promise<MergeResult> {
    const res = await this.client.call('tasks.merge', { id, reviewed });
    this.upsert(res.task);
    return res;
  }

  /** Removes the task's worktree and branch (cancelling it first if it runs). @throws CortexError */
  async discard(id: string): Promise<void> {
    this.upsert(await this.client.call('tasks.discard', { id }));
  }

  /** The orchestrator settings. @throws CortexError */
  settings(): Promise<TaskSettings> {
    return this.client.call('tasks.settings', {});
  }

  /** Changes some orchestrator settings. @returns all of them @throws CortexError */
  saveSettings(patch: Partial<TaskSettings>): Promise<TaskSettings> {
    return this.client.call('tasks.setSettings', patch);
  }

  private upsert(t: Task): void {
    this.tasksSignal.update((list) => {
      const i = list.findIndex((x) => x.id === t.id);
      return i < 0 ? [t, ...list].sort(newestFirst) : list.map((x) => (x.id === t.id ? t : x));
    });
  }
}

function newestFirst(a: Task, b: Task): number {
  return b.createdAt - a.createdAt;
}
