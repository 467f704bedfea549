import { describe, expect, it } from 'vitest';
import { MIN_CONSOLE_FRACTION } from '@contract';
import { equalSizes, moveSplit, normalizeSizes, sharePercent, sizesWithAdded, sizesWithRemoved } from './console-sizes';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('console sizes', () => {
  it('splits equally', () => {
    expect(equalSizes(0)).toEqual([]);
    expect(equalSizes(3).map(sharePercent)).toEqual([33, 33, 33]);
  });

  it('normalizes stored shares: wrong count or bad values give equal shares, else scaled to 1 with a floor', () => {
    expect(normalizeSizes([0.5, 0.5], 3)).toEqual(equalSizes(3));
    expect(normalizeSizes([0.5, Number.NaN], 2)).toEqual(equalSizes(2));
    expect(normalizeSizes([2, 2], 2)).toEqual([0.5, 0.5]);
    const floored = normalizeSizes([0.95, 0.05], 2);
    expect(floored[1]).toBeCloseTo(MIN_CONSOLE_FRACTION);
    expect(sum(floored)).toBeCloseTo(1);
  });

  it('moves a split between two neighbours only, never below the floor', () => {
    const moved = moveSplit(equalSizes(3), 0, 0.1);
    expect(moved[0]).toBeCloseTo(1 / 3 + 0.1);
    expect(moved[1]).toBeCloseTo(1 / 3 - 0.1);
    expect(moved[2]).toBeCloseTo(1 / 3);
    const far = moveSplit(equalSizes(2), 0, 5);
    expect(far[1]).toBeCloseTo(MIN_CONSOLE_FRACTION);
    expect(far[0]).toBeCloseTo(1 - MIN_CONSOLE_FRACTION);
    const back = moveSplit(equalSizes(2), 0, -5);
    expect(back[0]).toBeCloseTo(MIN_CONSOLE_FRACTION);
    expect(moveSplit([0.5, 0.5], 1, 0.1)).toEqual([0.5, 0.5]);
  });

  it('gives an added console an equal share and spreads a removed one over the rest', () => {
    const added = sizesWithAdded([0.7, 0.3]);
    expect(added.map(sharePercent)).toEqual([47, 20, 33]);
    expect(sum(added)).toBeCloseTo(1);
    const removed = sizesWithRemoved([0.5, 0.3, 0.2], 0);
    expect(removed[0]).toBeCloseTo(0.6);
    expect(removed[1]).toBeCloseTo(0.4);
    expect(sizesWithRemoved([1], 0)).toEqual([]);
  });
});
