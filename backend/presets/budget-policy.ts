import { BUDGET_THRESHOLDS, type BudgetLimit, type BudgetThresholds, type BudgetVerdict } from '../contract/index.js';

/** What has been spent against a budget: USD (list-price estimate) null when unknown; tokens. */
export interface Spend {
  usd: number | null;
  tokens: number;
}

/** The verdict on one spend, with the share and a sentence the UI and the task show. */
export interface BudgetJudgement {
  verdict: BudgetVerdict;
  /** The larger of spent/limit over the limits that can be measured (≥ 0), or null when none can. */
  share: number | null;
  reason: string;
}

/**
 * Where a spend stands against a budget, a pure function. Rules:
 * - no limit (both null): `ok`, "no budget set";
 * - the share is the larger of spent/limit over the measurable limits; a USD limit cannot be
 *   measured while the cost is unknown (unpriced model, subscription), and the reason says so
 *   rather than reading as "within budget";
 * - share ≥ `thresholds.stop` → `stop`; ≥ `thresholds.warn` → `warn`; else `ok`;
 * - a limit of 0 is reached at once (a zero budget forbids spending).
 * The sentence names the measure that decided: "budget reached: $2.04 of $2.00 (estimate at
 * list price)", "82 % of the token budget spent: 1,640,000 of 2,000,000 tokens".
 * @param spent USD and tokens spent so far
 * @param limit USD and token limits; null = no limit of that kind
 * @param thresholds shares for warn and stop (data: {@link BUDGET_THRESHOLDS})
 */
export function budgetVerdict(spent: Spend, limit: BudgetLimit, thresholds: BudgetThresholds = BUDGET_THRESHOLDS): BudgetJudgement {
  if (limit.usd === null && limit.tokens === null) return { verdict: 'ok', share: null, reason: 'no budget set' };
  const parts: { share: number; text: string; unit: 'usd' | 'tokens' }[] = [];
  if (limit.usd !== null && spent.usd !== null) parts.push({ share: ratio(spent.usd, limit.usd), text: `${usd(spent.usd)} of ${usd(limit.usd)} (estimate at list price)`, unit: 'usd' });
  if (limit.tokens !== null) parts.push({ share: ratio(spent.tokens, limit.tokens), text: `${count(spent.tokens)} of ${count(limit.tokens)} tokens`, unit: 'tokens' });
  const unknown = limit.usd !== null && spent.usd === null ? 'the cost is unknown (unpriced model or subscription), so the USD budget cannot be checked' : '';
  if (parts.length === 0) return { verdict: 'ok', share: null, reason: unknown };
  const top = parts.reduce((a, b) => (b.share > a.share ? b : a));
  const note = unknown ? `; ${unknown}` : '';
  const what = top.unit === 'usd' ? 'budget' : 'token budget';
  if (top.share >= thresholds.stop) return { verdict: 'stop', share: top.share, reason: `${what} reached: ${top.text}${note}` };
  const pct = `${Math.floor(top.share * 100)} %`;
  if (top.share >= thresholds.warn) return { verdict: 'warn', share: top.share, reason: `${pct} of the ${what} spent: ${top.text}${note}` };
  return { verdict: 'ok', share: top.share, reason: `${pct} of the ${what} spent: ${top.text}${note}` };
}

function ratio(spent: number, limit: number): number {
  return limit <= 0 ? (spent >= 0 ? Infinity : 0) : spent / limit;
}

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
