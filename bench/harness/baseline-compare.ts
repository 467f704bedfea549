import { median } from './stats.js';

/**
 * How far the before rounds' spread is widened before an after value counts as outside it,
 * as a fraction of the spread's ends (0.25: the band is [min × 0.75, max × 1.25]).
 * Chosen from this machine's noise: on a shared 2-core host at load 5–20, two before rounds
 * of the same code differed by up to a third in echo p95 and by ~15 % in (b)/(a), and
 * node-pty alone moved between 11.8 and 22 MB/s within one run; a narrower band would
 * call the machine's noise a regression. `BENCH_BASELINE_MARGIN` overrides it.
 */
export const DEFAULT_NOISE_MARGIN = 0.25;

/** Which way is better for a figure: a throughput ratio goes up, a latency goes down. */
export type Better = 'higher' | 'lower';

/** The verdict on one figure: after against before. */
export type Verdict = 'within noise' | 'regression' | 'better' | 'not measured';

/** One figure measured in several rounds on each tree (null: that round did not measure it). */
export interface FigureRounds {
  before: readonly (number | null)[];
  after: readonly (number | null)[];
  better: Better;
}

/** What {@link compareRounds} concludes for one figure. */
export interface Comparison {
  verdict: Verdict;
  /** median(after) ÷ median(before); null when either side has no value. */
  ratio: number | null;
  /** The before rounds' spread widened by the margin, in the figure's unit: [low, high]. */
  band: [number, number] | null;
  /** After values below `band[0]` and above `band[1]`. */
  below: number;
  above: number;
  /** Why, in words (printed next to the verdict). */
  reason: string;
}

/**
 * Compares the after rounds of one figure with its before rounds (pure; no clock, no I/O).
 *
 * The band is [min(before) × (1 − margin), max(before) × (1 + margin)]. A direction is
 * claimed only from the median of the after rounds: below the band on the worse side
 * (below for `better: 'higher'`, above for `'lower'`) it is "regression", on the better side
 * "better", inside it "within noise" even when single after rounds leave the band (on a
 * shared machine one round in a few does, for the same code: the reason then counts them).
 * Null values (a round that failed to measure) are left out; with no value on either side
 * the verdict is "not measured".
 * @param margin fraction ≥ 0 ({@link DEFAULT_NOISE_MARGIN})
 * @throws RangeError when `margin` is negative or not finite
 */
export function compareRounds(figure: FigureRounds, margin = DEFAULT_NOISE_MARGIN): Comparison {
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new RangeError(`noise margin must be a finite number ≥ 0, not ${margin}`);
  const before = figure.before.filter((v): v is number => v !== null && Number.isFinite(v));
  const after = figure.after.filter((v): v is number => v !== null && Number.isFinite(v));
  if (before.length === 0 || after.length === 0) {
    const missing = before.length === 0 && after.length === 0 ? 'either tree' : before.length === 0 ? 'the before tree' : 'the after tree';
    return { verdict: 'not measured', ratio: null, band: null, below: 0, above: 0, reason: `no value from ${missing}` };
  }
  const band: [number, number] = [Math.min(...before) * (1 - margin), Math.max(...before) * (1 + margin)];
  const below = after.filter((v) => v < band[0]).length;
  const above = after.filter((v) => v > band[1]).length;
  const mb = median(before);
  const ratio = mb === 0 ? null : median(after) / mb;
  const worse = figure.better === 'higher' ? below : above;
  const improved = figure.better === 'higher' ? above : below;
  const ma = median(after);
  const medianSide = ma < band[0] ? 'below' : ma > band[1] ? 'above' : 'inside';
  const worseSide = figure.better === 'higher' ? 'below' : 'above';
  const pct = `${Math.round(margin * 100)} %`;
  const outside = worse + improved === 0 ? `all ${after.length} after values inside` : `${worse + improved} of ${after.length} after values outside`;
  let verdict: Verdict;
  let reason: string;
  if (medianSide === 'inside') {
    verdict = 'within noise';
    reason = `after median inside the before spread ± ${pct} (${outside})`;
  } else if (medianSide === worseSide) {
    verdict = 'regression';
    reason = `after median ${medianSide} the before spread ± ${pct} (${outside})`;
  } else {
    verdict = 'better';
    reason = `after median ${medianSide} the before spread ± ${pct} (${outside})`;
  }
  return { verdict, ratio, band, below, above, reason };
}

/**
 * The order of the runs: `rounds` rounds, each the after tree then the before tree
 * (after, before, after, before, …), so that a drift of the machine over the run falls on
 * both trees alike.
 * @throws RangeError when `rounds` is not a positive integer
 */
export function alternatingRuns(rounds: number): ('after' | 'before')[] {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, not ${rounds}`);
  return Array.from({ length: rounds }, () => ['after', 'before'] as const).flat();
}
