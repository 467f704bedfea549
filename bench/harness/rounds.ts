/**
 * Paired rounds of two benchmarks that are compared as a ratio ((d) and (c)).
 * On these shared 2-core machines the speed of Chromium drifts by ±20 % within a minute, so a
 * single (d)-then-(c) pair can read 0.79 or 0.99 for the same code (five 100 MB runs in a row). Rounds alternate the order (ABBA: d c, c d, d c, …) so a drift in either
 * direction cancels, each round's ratio compares two runs seconds apart, and the goal is read
 * on the median of the rounds' ratios.
 */

/** Rounds of (c) and (d) when `BENCH_ROUNDS` is not set. */
export const DEFAULT_ROUNDS = 3;

/**
 * How many paired rounds to run, from `BENCH_ROUNDS`.
 * @throws Error when it is set to anything but a whole number from 1 to 20
 */
export function roundsFromEnv(raw: string | undefined = process.env['BENCH_ROUNDS']): number {
  if (raw === undefined || raw === '') return DEFAULT_ROUNDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error(`BENCH_ROUNDS must be a whole number from 1 to 20, not "${raw}"`);
  return n;
}

/**
 * The order of the two benchmarks in each round: `first` leads in odd rounds (1, 3, …), the
 * other in even ones. `first` must run before the other in round 1 when the other needs what
 * it measures ((c) draws the grid that (d)'s console settled on).
 */
export function roundOrder<T>(rounds: number, first: T, second: T): T[][] {
  return Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? [first, second] : [second, first]));
}
