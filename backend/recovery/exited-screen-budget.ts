import type { SnapshotRepository, StoredScreenSize } from '../store/snapshot-repository.js';

/**
 * The saved screens to drop so that those of exited sessions fit `budgetBytes`: the oldest
 * first (by when each was last saved), until the rest fit. A screen larger than the whole
 * budget is dropped too when it is the oldest left, so the total always ends within it.
 * Pure; the input order does not matter; ties go by session id so the result is stable.
 * @param screens the exited sessions' saved screens with their size (bytes) and save time (ms epoch)
 * @param budgetBytes most bytes they may hold together (≥ 0)
 * @returns the session ids whose screens to drop, oldest first
 */
export function screensOverBudget(screens: readonly StoredScreenSize[], budgetBytes: number): string[] {
  let total = screens.reduce((n, s) => n + s.bytes, 0);
  if (total <= budgetBytes) return [];
  const oldestFirst = [...screens].sort((a, b) => a.savedAt - b.savedAt || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  const drop: string[] = [];
  for (const s of oldestFirst) {
    if (total <= budgetBytes) break;
    drop.push(s.sessionId);
    total -= s.bytes;
  }
  return drop;
}

/**
 * Keeps the saved final screens and scrollback of exited sessions within a size budget
 * (each one is already bounded by the scrollback setting): {@link enforce} drops the oldest
 * screens past it and logs a `snapshot` event on each session it dropped, so its history
 * says why `cortex screen` shows nothing. Live sessions' snapshots are never counted or
 * dropped. The budget holds after each call: the final save of a session that just
 * exited can land after the call its exit made, and the next exit or start counts it.
 */
export class ExitedScreenBudget {
  /**
   * @param repo where the screens are stored
   * @param budgetBytes most bytes the exited sessions' screens may hold together
   * @param dropped told of each session whose screen was dropped, with the budget (bytes)
   */
  constructor(
    private readonly repo: SnapshotRepository,
    private readonly budgetBytes: number,
    private readonly dropped: (sessionId: string, budgetBytes: number) => void = () => undefined,
  ) {}

  /**
   * Drops the oldest exited screens past the budget.
   * @returns the ids of the sessions whose screens were dropped
   * @throws whatever SQLite throws (a locked or corrupt database); nothing is dropped then
   */
  enforce(): string[] {
    const drop = screensOverBudget(this.repo.exitedScreenSizes(), this.budgetBytes);
    for (const id of drop) {
      this.repo.drop(id);
      this.dropped(id, this.budgetBytes);
    }
    return drop;
  }
}
