import { describe, expect, it } from 'vitest';
import { alternatingRuns, compareRounds, DEFAULT_NOISE_MARGIN } from './baseline-compare.js';

describe('compareRounds', () => {
  it('widens the before spread by the margin on both ends', () => {
    const c = compareRounds({ before: [10, 20], after: [15], better: 'higher' }, 0.25);
    expect(c.band).toEqual([7.5, 25]);
  });

  it('reads after values inside the widened spread as within noise, either direction', () => {
    for (const better of ['higher', 'lower'] as const) {
      const c = compareRounds({ before: [100, 120], after: [80, 145], better }, 0.25);
      expect(c.verdict).toBe('within noise');
      expect(c.below + c.above).toBe(0);
    }
  });

  it('counts the band edges as inside', () => {
    const c = compareRounds({ before: [100, 120], after: [75, 150], better: 'higher' }, 0.25);
    expect(c.verdict).toBe('within noise');
  });

  it('calls a throughput below the band a regression and above it better', () => {
    expect(compareRounds({ before: [0.27, 0.3], after: [0.19, 0.21], better: 'higher' }, 0.25).verdict).toBe('regression');
    expect(compareRounds({ before: [0.27, 0.3], after: [0.4, 0.41], better: 'higher' }, 0.25).verdict).toBe('better');
  });

  it('calls a latency above the band a regression and below it better', () => {
    expect(compareRounds({ before: [96, 111], after: [150, 200], better: 'lower' }, 0.25).verdict).toBe('regression');
    expect(compareRounds({ before: [96, 111], after: [40, 50], better: 'lower' }, 0.25).verdict).toBe('better');
  });

  it('claims a direction from the after median only: single rounds out of the band are noise', () => {
    const one = compareRounds({ before: [100, 110], after: [105, 108, 200], better: 'lower' }, 0.25);
    expect(one.verdict).toBe('within noise');
    expect(one.above).toBe(1);
    expect(one.reason).toContain('1 of 3 after values outside');
    const most = compareRounds({ before: [100, 110], after: [105, 190, 200], better: 'lower' }, 0.25);
    expect(most.verdict).toBe('regression');
    expect(most.reason).toContain('after median above');
  });

  it('claims no direction when after values leave the band on both sides around a median inside it', () => {
    const c = compareRounds({ before: [100, 110], after: [10, 105, 500], better: 'higher' }, 0.25);
    expect(c.verdict).toBe('within noise');
    expect(c.below).toBe(1);
    expect(c.above).toBe(1);
    expect(c.reason).toContain('2 of 3 after values outside');
  });

  it('gives the ratio of the medians, after over before', () => {
    const c = compareRounds({ before: [1, 2, 3], after: [4, 6], better: 'higher' });
    expect(c.ratio).toBeCloseTo(5 / 2);
  });

  it('leaves out rounds that measured nothing', () => {
    const c = compareRounds({ before: [null, 100], after: [110, null], better: 'lower' }, 0);
    expect(c.band).toEqual([100, 100]);
    expect(c.verdict).toBe('regression');
    expect(c.ratio).toBeCloseTo(1.1);
  });

  it('says not measured, and which tree lacked the figure, when a side has no value', () => {
    expect(compareRounds({ before: [], after: [1], better: 'higher' })).toMatchObject({ verdict: 'not measured', ratio: null, band: null, reason: 'no value from the before tree' });
    expect(compareRounds({ before: [1], after: [null], better: 'higher' }).reason).toBe('no value from the after tree');
    expect(compareRounds({ before: [], after: [], better: 'lower' }).reason).toBe('no value from either tree');
  });

  it('has no ratio when the before median is zero', () => {
    const c = compareRounds({ before: [0, 0], after: [0], better: 'lower' });
    expect(c.ratio).toBeNull();
    expect(c.verdict).toBe('within noise');
  });

  it('uses the documented default margin', () => {
    const c = compareRounds({ before: [100], after: [100], better: 'higher' });
    expect(c.band).toEqual([100 * (1 - DEFAULT_NOISE_MARGIN), 100 * (1 + DEFAULT_NOISE_MARGIN)]);
  });

  it('refuses a negative or non-finite margin', () => {
    expect(() => compareRounds({ before: [1], after: [1], better: 'higher' }, -0.1)).toThrow(RangeError);
    expect(() => compareRounds({ before: [1], after: [1], better: 'higher' }, Number.NaN)).toThrow(/finite number/);
    expect(() => compareRounds({ before: [1], after: [1], better: 'higher' }, Infinity)).toThrow(RangeError);
  });
});

describe('alternatingRuns', () => {
  it('alternates after and before, after first, for each round', () => {
    expect(alternatingRuns(1)).toEqual(['after', 'before']);
    expect(alternatingRuns(2)).toEqual(['after', 'before', 'after', 'before']);
  });

  it('refuses zero, negative or fractional rounds', () => {
    expect(() => alternatingRuns(0)).toThrow(RangeError);
    expect(() => alternatingRuns(-1)).toThrow(RangeError);
    expect(() => alternatingRuns(1.5)).toThrow(/positive integer/);
  });
});
