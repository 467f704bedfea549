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

/**
 * Where a {@link BudgetWatch} keeps the alerts it raised: per budget (scope and target) and
 * budget value (`limitKey`, see {@link budgetLimitKey}). `store/budget-alert-repository.ts`
 * keeps them in SQLite, so a restart raises nothing twice; {@link MemoryAlertLedger} in memory.
 */
export interface BudgetAlertLedger {
  raised(scope: string, target: string, limitKey: string): Set<'warn' | 'stop'>;
  add(scope: string, target: string, limitKey: string, level: 'warn' | 'stop', at: number): void;
  /** Forgets every alert of a budget, whatever its value. */
  forget(scope: string, target: string): void;
}

/**
 * One budget value in words, e.g. `usd=2;tokens=-` (`-`: no limit of that kind). An alert
 * belongs to one value: a raised (or lowered) budget is a new value whose alerts are due again.
 */
export function budgetLimitKey(limit: BudgetStatus['limit']): string {
  return `usd=${limit.usd ?? '-'};tokens=${limit.tokens ?? '-'}`;
}

/** A {@link BudgetAlertLedger} in memory (lost at a restart). */
export class MemoryAlertLedger implements BudgetAlertLedger {
  /** `scope:target` → `limitKey|level` raised. */
  private readonly rows = new Map<string, Set<string>>();

  raised(scope: string, target: string, limitKey: string): Set<'warn' | 'stop'> {
    const rows = this.rows.get(`${scope}:${target}`);
    return new Set((['warn', 'stop'] as const).filter((l) => rows?.has(`${limitKey}|${l}`)));
  }

  add(scope: string, target: string, limitKey: string, level: 'warn' | 'stop'): void {
    const key = `${scope}:${target}`;
    let rows = this.rows.get(key);
    if (!rows) this.rows.set(key, (rows = new Set()));
    rows.add(`${limitKey}|${level}`);
  }

  forget(scope: string, target: string): void {
    this.rows.delete(`${scope}:${target}`);
  }
}

/** Parts of a {@link BudgetWatch}. */
export interface BudgetWatchDeps {
  source: BudgetSource;
  /** The tasks running now. */
  running: () => { id: string; projectId: string }[];
  /** Raises one alert (a `budget.alert` event and a notification). */
  alert: (a: EventPayload<'budget.alert'>) => void;
  /**
   * A budget at its limit whose stop alert was raised before (by an earlier run of the app):
   * not raised again, but the running task's turn must still be stopped. Optional.
   */
  reached?: (a: EventPayload<'budget.alert'>) => void;
  /** Where raised alerts are kept; default {@link MemoryAlertLedger}. */
  ledger?: BudgetAlertLedger;
  /** Poll period, ms. Default 2000 (the usage files are read every 2 s). */
  pollMs?: number;
  now?: () => number;
}

/**
 * Watches the budgets of running tasks (each task's own and its project's) and raises each
 * alert once per budget value and level: `warn` past the warning share, `stop` at the limit.
 * What was raised is kept in the {@link BudgetAlertLedger} (SQLite in the app: once across
 * restarts too). At a stop the orchestrator interrupts the agent turns the budget covers
 * (`BudgetStep`: the sessions stay open) and starts no new turn, retry or switch (see the
 * gate step). A budget raised by the user is a new value, and a budget whose spend is back
 * within it forgets its alerts: either may alert again later. The timer starts in {@link start}.
 */
export class BudgetWatch {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly ledger: BudgetAlertLedger;

  constructor(private readonly d: BudgetWatchDeps) {
    this.ledger = d.ledger ?? new MemoryAlertLedger();
  }

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
        try {
          this.observe(b, t);
        } catch {
          // The ledger could not be written (a full disk): the next poll tries again.
        }
      }
    }
  }

  /** Raises the alerts due for one budget status (each level once per budget value). */
  observe(b: BudgetStatus, t: { id: string; projectId: string }): void {
    if (b.verdict === 'ok') {
      this.ledger.forget(b.scope, b.target);
      return;
    }
    const limitKey = budgetLimitKey(b.limit);
    const raised = this.ledger.raised(b.scope, b.target, limitKey);
    const at = (this.d.now ?? Date.now)();
    const payload = (level: 'warn' | 'stop'): EventPayload<'budget.alert'> => ({ scope: b.scope, target: b.target, projectId: t.projectId, taskId: b.scope === 'task' ? b.target : t.id, verdict: level, reason: b.reason, at });
    const due = alertsDue(b.verdict, raised);
    for (const level of due) {
      // Recorded first: an alert whose handler throws is still raised once.
      this.ledger.add(b.scope, b.target, limitKey, level, at);
      if (level === 'stop') this.ledger.add(b.scope, b.target, limitKey, 'warn', at);
      this.d.alert(payload(level));
    }
    if (b.verdict === 'stop' && due.length === 0) this.d.reached?.(payload('stop'));
  }
}
