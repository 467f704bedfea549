import type { BudgetStatus, BudgetVerdict, EventPayload } from '../contract/index.js';

/**
 * Where the orchestrator reads budgets (`backend/presets/` provides it): a project's budget
 * (its own or its preset's) and a task's own, each with its spend and verdict.
 */
export interface BudgetSource {
  /** @throws CortexError NOT_FOUND for an unknown project */
  project(projectId: string): BudgetStatus;
  task(taskId: string): BudgetStatus;
}

/**
 * The budget that forbids new work on a task (a start, a retry, an agent switch): the task's
 * own when it is at its limit, else the project's; null when neither is. A project that cannot
 * be read (removed meanwhile) blocks nothing.
 */
export function budgetBlock(src: BudgetSource | undefined, t: { id: string; projectId: string }): BudgetStatus | null {
  if (!src) return null;
  const task = src.task(t.id);
  if (task.verdict === 'stop') return task;
  try {
    const project = src.project(t.projectId);
    return project.verdict === 'stop' ? project : null;
  } catch {
    return null;
  }
}

/** The sentence a held task shows: what was reached, for which budget, and how to go on. */
export function heldForBudget(b: BudgetStatus): string {
  return `${b.reason} (${b.scope} budget); raise it to go on: cortex budget set ${b.scope} ${b.target} --usd <amount>`;
}

/**
 * The alerts to raise now for a budget, each once: `warn` when the verdict is warn and no warn
 * was raised (a spend that jumps past the limit raises only the stop); `stop` when the verdict is stop and no stop was raised. A verdict back to
 * ok (the budget was raised) raises nothing; the caller forgets what was raised then.
 * @param raised levels already raised for this budget
 */
export function alertsDue(verdict: BudgetVerdict, raised: ReadonlySet<'warn' | 'stop'>): ('warn' | 'stop')[] {
  const due: ('warn' | 'stop')[] = [];
  if (verdict === 'warn' && !raised.has('warn')) due.push('warn');
  if (verdict === 'stop' && !raised.has('stop')) due.push('stop');
  return due;
}

/** Parts of a {@link BudgetWatch}. */
export interface BudgetWatchDeps {
  source: BudgetSource;
  /** The tasks running now. */
  running: () => { id: string; projectId: string }[];
  /** Raises one alert (a `budget.alert` event and a notification). */
  alert: (a: EventPayload<'budget.alert'>) => void;
  /** Poll period, ms. Default 2000 (the usage files are read every 2 s). */
  pollMs?: number;
  now?: () => number;
}

/**
 * Watches the budgets of running tasks (each task's own and its project's) and raises each
 * alert once per budget and level: `warn` past the warning share, `stop` at the limit. At a
 * stop the orchestrator interrupts the agent turns the budget covers (`BudgetStep`: the
 * sessions stay open) and starts no new turn, retry or switch (see the gate step). A budget that goes back to ok (raised by the user)
 * may alert again later. The timer starts in {@link start}.
 */
export class BudgetWatch {
  private timer: ReturnType<typeof setInterval> | null = null;
  /** `scope:target` → levels already raised. */
  private readonly raised = new Map<string, Set<'warn' | 'stop'>>();

  constructor(private readonly d: BudgetWatchDeps) {}

  /** Starts polling. Idempotent. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.d.pollMs ?? 2000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Checks every running task's budgets now; raises what is due. Never throws. */
  check(): void {
    const seen = new Set<string>();
    for (const t of this.d.running()) {
      let statuses: BudgetStatus[];
      try {
        statuses = [this.d.source.task(t.id), this.d.source.project(t.projectId)];
      } catch {
        continue;
      }
      for (const b of statuses) {
        const key = `${b.scope}:${b.target}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.observe(b, t);
      }
    }
  }

  /** Raises the alerts due for one budget status (each level once). */
  observe(b: BudgetStatus, t: { id: string; projectId: string }): void {
    const key = `${b.scope}:${b.target}`;
    let raised = this.raised.get(key);
    if (b.verdict === 'ok') {
      this.raised.delete(key);
      return;
    }
    if (!raised) this.raised.set(key, (raised = new Set()));
    for (const level of alertsDue(b.verdict, raised)) {
      raised.add(level);
      if (level === 'stop') raised.add('warn');
      this.d.alert({ scope: b.scope, target: b.target, projectId: t.projectId, taskId: b.scope === 'task' ? b.target : t.id, verdict: level, reason: b.reason, at: (this.d.now ?? Date.now)() });
    }
  }
}
