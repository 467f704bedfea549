import { describe, expect, it } from 'vitest';
import { TYPING_SOLID_CURSOR_MS, TypingPause, type TimerHost } from './cursor-blink-gate';
import { MOTION_PAUSED_CLASS, PageMotionGate } from './page-motion';

/** A root element's class list: the classes it holds now, and how many times one was toggled. */
class FakeRoot {
  readonly classes = new Set<string>();
  toggles = 0;
  readonly classList = {
    toggle: (name: string, force?: boolean): boolean => {
      this.toggles++;
      if (force ?? !this.classes.has(name)) this.classes.add(name);
      else this.classes.delete(name);
      return this.classes.has(name);
    },
  };
}

/** Timers on a fake clock, run by {@link advance}. */
class FakeTimers implements TimerHost {
  now = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): number {
    this.timers.set(this.next, { at: this.now + ms, fn });
    return this.next++;
  }
  clearTimeout(id: number): void {
    this.timers.delete(id);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers]) {
      if (t.at > this.now) continue;
      this.timers.delete(id);
      t.fn();
    }
  }
}

describe('PageMotionGate', () => {
  it('pauses the page on the first hold and runs it again when the last one ends', () => {
    const root = new FakeRoot();
    const gate = new PageMotionGate(root);
    expect(gate.paused).toBe(false);
    gate.hold('typing:a');
    gate.hold('typing:b');
    expect(root.classes.has(MOTION_PAUSED_CLASS)).toBe(true);
    gate.release('typing:a');
    expect(root.classes.has(MOTION_PAUSED_CLASS)).toBe(true);
    gate.release('typing:b');
    expect(root.classes.has(MOTION_PAUSED_CLASS)).toBe(false);
    // One class change each way: restyling the whole page once per burst of typing, not per key.
    expect(root.toggles).toBe(2);
  });

  it('ignores the release of a reason that holds nothing', () => {
    const root = new FakeRoot();
    const gate = new PageMotionGate(root);
    gate.hold('typing:a');
    gate.release('typing:b');
    expect(gate.paused).toBe(true);
    expect(root.toggles).toBe(1);
  });

  it('stays paused while any console is typed in, and runs again after the last pause', () => {
    const root = new FakeRoot();
    const gate = new PageMotionGate(root);
    const timers = new FakeTimers();
    const a = new TypingPause(gate, timers, TYPING_SOLID_CURSOR_MS, 'typing:a');
    const b = new TypingPause(gate, timers, TYPING_SOLID_CURSOR_MS, 'typing:b');
    a.key();
    timers.advance(600);
    b.key();
    timers.advance(600); // a's pause is over, b types on
    expect(gate.paused).toBe(true);
    for (let i = 0; i < 5; i++) {
      b.key();
      timers.advance(100);
    }
    expect(gate.paused).toBe(true);
    timers.advance(TYPING_SOLID_CURSOR_MS);
    expect(gate.paused).toBe(false);
    expect(root.toggles).toBe(2);
  });

  it('runs the page again when a console typed in is closed mid-burst', () => {
    const root = new FakeRoot();
    const gate = new PageMotionGate(root);
    const timers = new FakeTimers();
    const a = new TypingPause(gate, timers, TYPING_SOLID_CURSOR_MS, 'typing:a');
    a.key();
    a.dispose();
    expect(gate.paused).toBe(false);
  });
});
