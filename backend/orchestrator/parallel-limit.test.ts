import { describe, expect, it } from 'vitest';
import { instanceParallelLimit } from './parallel-limit.js';

describe('instanceParallelLimit', () => {
  it("a limit the user set app-wide caps every project's, whatever their presets allow", () => {
    expect(instanceParallelLimit(2, [6, 3], 3)).toBe(2);
    expect(instanceParallelLimit(8, [1], 3)).toBe(8);
    expect(instanceParallelLimit(1, [], 3)).toBe(1);
  });
  it('without one, a project allowing more than the default raises the total to its limit: a speed project runs 6', () => {
    expect(instanceParallelLimit(undefined, [6], 3)).toBe(6);
    expect(instanceParallelLimit(undefined, [3, 6, 1], 3)).toBe(6);
  });
  it('without one, projects allowing the default or less share the default: two balanced share 3, two one-at-a-time projects run one each', () => {
    expect(instanceParallelLimit(undefined, [3, 3], 3)).toBe(3);
    expect(instanceParallelLimit(undefined, [1, 1], 3)).toBe(3);
    expect(instanceParallelLimit(undefined, [2], 3)).toBe(3);
  });
  it('with no project waiting or running, the built-in default', () => {
    expect(instanceParallelLimit(undefined, [], 3)).toBe(3);
  });
});
