import { BehaviorSubject, type Observable } from 'rxjs';
import type { HealthProblem } from '../contract/index.js';

/**
 * The instance's current problems (a full disk, skipped corrupt rows...), one per kind, for
 * `app.health` and its event. A problem reported again keeps its first `since`, so a
 * condition that lasts is shown once, not once per failed write.
 */
export class HealthMonitor {
  private readonly current = new BehaviorSubject<HealthProblem[]>([]);

  /** Every change of the list (the whole list), starting with the current one. */
  get problems$(): Observable<HealthProblem[]> {
    return this.current.asObservable();
  }

  /** The current problems, oldest first. */
  problems(): HealthProblem[] {
    return this.current.value;
  }

  /** Reports a problem, or replaces the one of its kind when the text changed. */
  report(problem: Omit<HealthProblem, 'since'>, now = Date.now()): void {
    const list = this.current.value;
    const old = list.find((p) => p.kind === problem.kind);
    if (old && old.message === problem.message && old.hint === problem.hint) return;
    const next: HealthProblem = { ...problem, since: old?.since ?? now };
    this.current.next(old ? list.map((p) => (p === old ? next : p)) : [...list, next]);
  }

  /** The problem of `kind` is over (no-op when there is none). */
  clear(kind: HealthProblem['kind']): void {
    const list = this.current.value;
    if (list.some((p) => p.kind === kind)) this.current.next(list.filter((p) => p.kind !== kind));
  }
}
