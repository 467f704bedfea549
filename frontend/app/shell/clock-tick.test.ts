import { describe, expect, it } from 'vitest';
import { CLOCK_TICK_MAX_WAIT_MS, CLOCK_TYPING_WINDOW_MS, FrameAlignedTicker, planClockTick, type TickerHost } from './clock-tick';

const PERIOD_MS = 1_000;

/** The window's timers and the frame pacer on a fake clock: {@link advance} runs timers, {@link frame} runs a frame. */
class FakeHost implements TickerHost {
  t = 0;
  keyAt = Number.NEGATIVE_INFINITY;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void; every: number | null }>();
  private riders: (() => void)[] = [];
  now(): number {
    return this.t;
  }
  lastKeyAt(): number {
    return this.keyAt;
  }
  setInterval(fn: () => void, ms: number): number {
    this.timers.set(this.next, { at: this.t + ms, fn, every: ms });
    return this.next++;
  }
  clearInterval(id: number): void {
    this.timers.delete(id);
  }
  setTimeout(fn: () => void, ms: number): number {
    this.timers.set(this.next, { at: this.t + ms, fn, every: null });
    return this.next++;
  }
  clearTimeout(id: number): void {
    this.timers.delete(id);
  }
  beforeNextFrame(work: () => void): void {
    this.riders.push(work);
  }
  /** The page asks for a frame for its own reasons (a key's echo). */
  frame(): void {
    const riders = this.riders;
    this.riders = [];
    for (const r of riders) r();
  }
  /** Moves the clock on 1 ms at a time, running the timers that come due. */
  advance(ms: number): void {
    for (let i = 0; i < ms; i++) {
      this.t++;
      for (const [id, timer] of [...this.timers]) {
        if (timer.at > this.t || !this.timers.has(id)) continue;
        if (timer.every === null) this.timers.delete(id);
        else timer.at += timer.every;
        timer.fn();
      }
    }
  }
}

describe('planClockTick', () => {
  it('ticks at once when no key was typed lately, and waits for a frame while someone types', () => {
    expect(planClockTick(5_000, Number.NEGATIVE_INFINITY)).toEqual({ kind: 'now' });
    expect(planClockTick(5_000, 5_000 - CLOCK_TYPING_WINDOW_MS)).toEqual({ kind: 'now' });
    expect(planClockTick(5_000, 4_990)).toEqual({ kind: 'next-frame', waitMs: CLOCK_TICK_MAX_WAIT_MS });
  });
});

describe('FrameAlignedTicker', () => {
  it('ticks every period on its own timer while nobody types', () => {
    const host = new FakeHost();
    const ticks: number[] = [];
    new FrameAlignedTicker(host, () => ticks.push(host.t), PERIOD_MS).start();
    host.advance(3 * PERIOD_MS);
    expect(ticks).toEqual([PERIOD_MS, 2 * PERIOD_MS, 3 * PERIOD_MS]);
  });

  it('while someone types, ticks before the next frame the page asks for, once', () => {
    const host = new FakeHost();
    const ticks: number[] = [];
    new FrameAlignedTicker(host, () => ticks.push(host.t), PERIOD_MS).start();
    host.advance(PERIOD_MS - 10);
    host.keyAt = host.t;
    host.advance(10);
    expect(ticks).toEqual([]); // due, waiting for the key's echo
    host.advance(20);
    host.frame();
    host.frame();
    host.advance(CLOCK_TICK_MAX_WAIT_MS); // the fallback of a tick already run does nothing
    expect(ticks).toEqual([PERIOD_MS + 20]);
  });

  it('ticks on its own at most CLOCK_TICK_MAX_WAIT_MS late when no frame comes', () => {
    const host = new FakeHost();
    const ticks: number[] = [];
    new FrameAlignedTicker(host, () => ticks.push(host.t), PERIOD_MS).start();
    host.keyAt = 0;
    host.advance(PERIOD_MS - 1);
    host.keyAt = host.t;
    host.advance(1 + CLOCK_TICK_MAX_WAIT_MS);
    host.frame(); // too late: that tick has run
    expect(ticks).toEqual([PERIOD_MS + CLOCK_TICK_MAX_WAIT_MS]);
    // Once typing has paused, back on its own timer.
    host.advance(2 * PERIOD_MS);
    expect(ticks).toEqual([PERIOD_MS + CLOCK_TICK_MAX_WAIT_MS, 2 * PERIOD_MS, 3 * PERIOD_MS]);
  });

  it('stops on dispose, dropping a tick that waits for its frame', () => {
    const host = new FakeHost();
    const ticks: number[] = [];
    const ticker = new FrameAlignedTicker(host, () => ticks.push(host.t), PERIOD_MS);
    ticker.start();
    host.keyAt = PERIOD_MS - 5;
    host.advance(PERIOD_MS);
    ticker.dispose();
    host.frame();
    host.advance(3 * PERIOD_MS);
    expect(ticks).toEqual([]);
  });
});
