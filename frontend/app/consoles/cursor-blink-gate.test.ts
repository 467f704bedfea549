import { describe, expect, it } from 'vitest';
import { CursorBlinkGate, TYPING_SOLID_CURSOR_MS, TypingPause, type TimerHost } from './cursor-blink-gate';

/** Timers on a fake clock, run by {@link advance}. */
class FakeTimers implements TimerHost {
  now = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(id: number): void {
    this.timers.delete(id);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now) continue;
      this.timers.delete(id);
      t.fn();
    }
  }
}

function gate(wanted: boolean) {
  const applied: boolean[] = [];
  return { g: new CursorBlinkGate(wanted, (on) => applied.push(on)), applied };
}

describe('CursorBlinkGate', () => {
  it('turns the blink off while any reason holds it and back on when the last lets go', () => {
    const { g, applied } = gate(true);
    g.hold('flood');
    g.hold('typing');
    expect(g.blinking).toBe(false);
    g.release('flood');
    expect(g.blinking).toBe(false);
    g.release('typing');
    expect(g.blinking).toBe(true);
    expect(applied).toEqual([false, true]);
  });

  it('never turns on a blink the user does not want', () => {
    const { g, applied } = gate(false);
    g.hold('typing');
    g.release('typing');
    expect(g.blinking).toBe(false);
    expect(applied).toEqual([]);
  });
});

describe('TypingPause', () => {
  it('keeps the cursor solid from the first key until the pause after the last', () => {
    const timers = new FakeTimers();
    const { g } = gate(true);
    const typing = new TypingPause(g, timers);
    typing.key();
    expect(g.blinking).toBe(false);
    timers.advance(TYPING_SOLID_CURSOR_MS - 100);
    typing.key();
    timers.advance(TYPING_SOLID_CURSOR_MS - 1);
    expect(g.blinking, 'a key restarts the pause').toBe(false);
    timers.advance(1);
    expect(g.blinking).toBe(true);
  });

  it('does not bring the blink back during a flood that outlasts the typing', () => {
    const timers = new FakeTimers();
    const { g } = gate(true);
    const typing = new TypingPause(g, timers);
    g.hold('flood');
    typing.key();
    timers.advance(TYPING_SOLID_CURSOR_MS);
    expect(g.blinking).toBe(false);
    g.release('flood');
    expect(g.blinking).toBe(true);
  });

  it('releases its hold when disposed', () => {
    const timers = new FakeTimers();
    const { g } = gate(true);
    const typing = new TypingPause(g, timers);
    typing.key();
    typing.dispose();
    expect(g.blinking).toBe(true);
  });

  it('follows a change of the user\'s setting, and a hold still keeps the blink off', () => {
    const applied: boolean[] = [];
    const gate = new CursorBlinkGate(true, (on) => applied.push(on));
    gate.setWanted(false);
    expect(gate.blinking).toBe(false);
    gate.hold('flood');
    gate.setWanted(true);
    expect(gate.blinking).toBe(false);
    gate.release('flood');
    expect(gate.blinking).toBe(true);
    expect(applied).toEqual([false, true]);
  });
});
