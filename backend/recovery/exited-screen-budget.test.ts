import { describe, expect, it } from 'vitest';
import { screensOverBudget } from './exited-screen-budget.js';

const s = (sessionId: string, bytes: number, savedAt: number) => ({ sessionId, bytes, savedAt });

describe('screensOverBudget: which exited screens to drop', () => {
  it('drops nothing when the screens fit, exactly or with room', () => {
    expect(screensOverBudget([], 0)).toEqual([]);
    expect(screensOverBudget([s('a', 40, 1), s('b', 60, 2)], 100)).toEqual([]);
    expect(screensOverBudget([s('a', 40, 1)], 1_000)).toEqual([]);
  });

  it('drops the oldest first, only as many as needed', () => {
    expect(screensOverBudget([s('new', 50, 30), s('old', 50, 10), s('mid', 50, 20)], 100)).toEqual(['old']);
    expect(screensOverBudget([s('new', 50, 30), s('old', 50, 10), s('mid', 50, 20)], 60)).toEqual(['old', 'mid']);
  });

  it('drops an oldest screen larger than the whole budget, and keeps a newer one that fits', () => {
    expect(screensOverBudget([s('huge', 500, 1), s('small', 10, 2)], 100)).toEqual(['huge']);
  });

  it('drops a newest screen larger than the budget too (the total always ends within it)', () => {
    expect(screensOverBudget([s('small', 10, 1), s('huge', 500, 2)], 100)).toEqual(['small', 'huge']);
    expect(screensOverBudget([s('a', 10, 1)], 0)).toEqual(['a']);
  });

  it('breaks ties in save time by session id, whatever the input order', () => {
    const a = [s('b', 50, 5), s('a', 50, 5), s('c', 50, 9)];
    expect(screensOverBudget(a, 60)).toEqual(['a', 'b']);
    expect(screensOverBudget([...a].reverse(), 60)).toEqual(['a', 'b']);
  });

  it('never drops empty screens when the rest fit', () => {
    expect(screensOverBudget([s('empty', 0, 1), s('big', 100, 2)], 100)).toEqual([]);
  });
});
