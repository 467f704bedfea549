import type { SystemMetricsSample } from '../contract/index.js';

/** The cumulative totals a rate is computed from. */
export type RateBase = Pick<SystemMetricsSample, 'at' | 'tokensTotal' | 'costTotalUSD'>;

/**
 * Cost per hour (USD) and tokens per minute between two samples: differences of the
 * cumulative totals over the time between them. Null without a previous sample, when no time
 * passed, or when a total went down (rows were removed: a rate would be negative nonsense).
 * Pure.
 */
export function ratesBetween(prev: RateBase | null, cur: RateBase): Pick<SystemMetricsSample, 'costPerHourUSD' | 'tokensPerMinute'> {
  if (!prev) return { costPerHourUSD: null, tokensPerMinute: null };
  const dt = cur.at - prev.at;
  const dTokens = cur.tokensTotal - prev.tokensTotal;
  const dCost = cur.costTotalUSD - prev.costTotalUSD;
  if (dt <= 0 || dTokens < 0 || dCost < -1e-9) return { costPerHourUSD: null, tokensPerMinute: null };
  return {
    costPerHourUSD: round((Math.max(0, dCost) * 3_600_000) / dt, 6),
    tokensPerMinute: round((dTokens * 60_000) / dt, 2),
  };
}

/**
 * Evenly thins `items` to at most `max`, always keeping the last (the newest sample). Pure.
 * @throws RangeError when `max` < 1
 */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (max < 1) throw new RangeError(`max must be at least 1, not ${max}`);
  if (items.length <= max) return [...items];
  if (max === 1) return [items[items.length - 1]!];
  const out: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(items[Math.round(i * step)]!);
  return out;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
