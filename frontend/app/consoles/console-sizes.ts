import { MIN_CONSOLE_FRACTION } from '@contract';

/**
 * Widths of the consoles side by side, as shares of the console area (fractions that sum
 * to 1, left to right), and how they change when the user drags or keys a split, or a
 * console comes or goes. Pure: no DOM, unit-tested.
 */

/** `n` equal shares. */
export function equalSizes(n: number): number[] {
  return n <= 0 ? [] : Array.from({ length: n }, () => 1 / n);
}

/**
 * `sizes` made fit for `n` consoles: equal shares when the count differs or a value is not a
 * finite positive number; else scaled to sum to 1 with each at least `min` (taken from the
 * widest).
 */
export function normalizeSizes(sizes: readonly number[], n: number, min = MIN_CONSOLE_FRACTION): number[] {
  if (sizes.length !== n || sizes.some((s) => !Number.isFinite(s) || s <= 0)) return equalSizes(n);
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = sizes.map((s) => s / total);
  const floor = Math.min(min, 1 / n);
  for (let i = 0; i < n; i++) {
    if (out[i]! >= floor) continue;
    const need = floor - out[i]!;
    out[i] = floor;
    const widest = out.indexOf(Math.max(...out));
    out[widest] = out[widest]! - need;
  }
  return out;
}

/**
 * Moves the split after console `index` by `delta` (a share of the area: positive = right),
 * so console `index` grows and console `index + 1` shrinks (or the reverse), neither below
 * `min`. The other consoles keep their shares. Out-of-range `index` returns `sizes` as is.
 */
export function moveSplit(sizes: readonly number[], index: number, delta: number, min = MIN_CONSOLE_FRACTION): number[] {
  if (index < 0 || index + 1 >= sizes.length) return [...sizes];
  const left = sizes[index]!;
  const right = sizes[index + 1]!;
  const pair = left + right;
  const floor = Math.min(min, pair / 2);
  const newLeft = Math.min(pair - floor, Math.max(floor, left + delta));
  const out = [...sizes];
  out[index] = newLeft;
  out[index + 1] = pair - newLeft;
  return out;
}

/** Shares after a console is added at the right end: it gets an equal share, the others shrink in proportion. */
export function sizesWithAdded(sizes: readonly number[]): number[] {
  const n = sizes.length + 1;
  return normalizeSizes([...sizes.map((s) => (s * (n - 1)) / n), 1 / n], n);
}

/** Shares after console `index` is removed: its share goes to the others in proportion. */
export function sizesWithRemoved(sizes: readonly number[], index: number): number[] {
  if (index < 0 || index >= sizes.length) return [...sizes];
  const rest = sizes.filter((_, i) => i !== index);
  return normalizeSizes(rest, rest.length);
}

/** A share as a whole percentage, for `aria-valuenow` of a split (0..100). */
export function sharePercent(share: number): number {
  return Math.round(share * 100);
}
