import { BUDGET_ALERT_SHARE } from '../contract/index.js';

/** A budget for a project or a task: USD (list-price estimate) and/or tokens. Absent: no limit. */
export interface Budget {
  usd?: number;
  tokens?: number;
}

/** What has been spent against a budget: USD null when the cost is unknown (unpriced, subscription). */
export interface Spend {
  usd: number | null;
  tokens: number;
}

/** Where a spend stands against its budget. */
export type BudgetState = 'unlimited' | 'ok' | 'alert' | 'reached' | 'unknown';

/** The decision for one spend update. */
export interface BudgetDecision {
  state: BudgetState;
  /** The larger of the USD and token shares (0..), or null when nothing measurable is limited. */
  share: number | null;
  /** `alert`: raise the alert now (once); `stop`: stop the running turn gracefully; `none`. */
  action: 'none' | 'alert' | 'stop';
  /** Why, in words the UI shows. */
  reason: string;
}

/**
 * Decides what a spend means against a budget. Rules:
 * - no limit set: `unlimited`, nothing to do;
 * - the share is the larger of spent/limit over the limits that can be measured (a USD limit
 *   cannot be measured while the cost is unknown);
 * - share ≥ 1: `reached`, action `stop` (every time: stopping is idempotent for the caller);
 * - share ≥ {@link BUDGET_ALERT_SHARE} (0.8): `alert`; action `alert` only when not yet alerted;
 * - only a USD limit and an unknown cost: `unknown`, action `alert` once (the budget cannot be
 *   enforced, and saying nothing would read as "within budget").
 * @param alerted whether the alert for this budget was already raised
 * Limits ≤ 0 count as reached at once (a zero budget forbids spending).
 */
export function decideBudget(budget: Budget, spend: Spend, alerted: boolean): BudgetDecision {
  const shares: number[] = [];
  if (budget.tokens !== undefined) shares.push(budget.tokens <= 0 ? Infinity : spend.tokens / budget.tokens);
  const usdUnknown = budget.usd !== undefined && spend.usd === null;
  if (budget.usd !== undefined && spend.usd !== null) shares.push(budget.usd <= 0 ? Infinity : spend.usd / budget.usd);
  if (budget.usd === undefined && budget.tokens === undefined) return { state: 'unlimited', share: null, action: 'none', reason: 'no budget set' };
  if (shares.length === 0) {
    return { state: 'unknown', share: null, action: alerted ? 'none' : 'alert', reason: 'the cost is unknown (unpriced model or subscription), so the USD budget cannot be enforced' };
  }
  const share = Math.max(...shares);
  const pct = Number.isFinite(share) ? `${Math.round(share * 100)} %` : 'a zero budget';
  const unknownNote = usdUnknown ? '; the USD part cannot be measured' : '';
  if (share >= 1) return { state: 'reached', share, action: 'stop', reason: `budget reached (${pct})${unknownNote}` };
  if (share >= BUDGET_ALERT_SHARE) return { state: 'alert', share, action: alerted ? 'none' : 'alert', reason: `${pct} of the budget spent${unknownNote}` };
  return { state: 'ok', share, action: 'none', reason: `${pct} of the budget spent${unknownNote}` };
}

/**
 * Whether new work may start under a budget: not when it is already reached. A budget whose
 * spend is unknown does not block (it was alerted), since nothing shows it is spent.
 */
export function mayStart(budget: Budget, spend: Spend): boolean {
  return decideBudget(budget, spend, true).state !== 'reached';
}
