import { describe, expect, it } from 'vitest';
import { FLOOD_MIN_CHARS, FLOOD_WINDOW_MS, FloodMeter } from './flood-meter';

/** A clock the test moves by hand, ms. */
function manualClock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('FloodMeter', () => {
  it('floods only once a window holds FLOOD_MIN_CHARS', () => {
    const clock = manualClock();
    const m = new FloodMeter(clock);
    m.note(FLOOD_MIN_CHARS - 1);
    expect(m.flooding()).toBe(false);
    m.note(1);
    expect(m.flooding()).toBe(true);
  });

  it('forgets writes older than the window, so a flood ends when output slows', () => {
    const clock = manualClock();
    const m = new FloodMeter(clock);
    m.note(FLOOD_MIN_CHARS);
    clock.advance(FLOOD_WINDOW_MS);
    expect(m.flooding()).toBe(true);
    clock.advance(1);
    expect(m.flooding()).toBe(false);
  });

  it('a steady stream below the rate never floods, however long it runs', () => {
    const clock = manualClock();
    const m = new FloodMeter(clock);
    const perTick = Math.floor(FLOOD_MIN_CHARS / 10) - 1;
    for (let i = 0; i < 1_000; i++) {
      m.note(perTick);
      expect(m.flooding()).toBe(false);
      clock.advance(FLOOD_WINDOW_MS / 10 + 1);
    }
  });
});
