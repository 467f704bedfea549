import { describe, expect, it } from 'vitest';
import { FramePacer, type AnimationFrameHost } from './frame-pacer';

/** A window whose native frames run when the test says ({@link frame}). */
class FakeWindow implements AnimationFrameHost {
  nowMs = 0;
  /** Native frames asked for and not run yet. */
  asked: FrameRequestCallback[] = [];
  readonly performance = { now: () => this.nowMs };
  requestAnimationFrame(cb: FrameRequestCallback): number {
    this.asked.push(cb);
    return this.asked.length;
  }
  cancelAnimationFrame(): void {}
  setTimeout(): number {
    return 0;
  }
  clearTimeout(): void {}
  /** Runs the native frames asked for so far. */
  frame(): void {
    const asked = this.asked;
    this.asked = [];
    for (const cb of asked) cb(this.nowMs);
  }
}

const microtasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('FramePacer.beforeNextFrame', () => {
  it('asks for no frame, and runs its work once the page asks for one, before that frame', async () => {
    const win = new FakeWindow();
    const pacer = new FramePacer(win);
    pacer.install();
    const order: string[] = [];
    pacer.beforeNextFrame(() => order.push('work'));
    await microtasks();
    expect(win.asked).toHaveLength(0);
    expect(order).toEqual([]);
    win.requestAnimationFrame(() => order.push('echo drawn'));
    await microtasks();
    win.frame();
    expect(order).toEqual(['work', 'echo drawn']);
    // Once only.
    win.requestAnimationFrame(() => order.push('next frame'));
    await microtasks();
    win.frame();
    expect(order).toEqual(['work', 'echo drawn', 'next frame']);
  });

  it('runs at once (in a microtask) when a frame is asked for already', async () => {
    const win = new FakeWindow();
    const pacer = new FramePacer(win);
    pacer.install();
    const order: string[] = [];
    win.requestAnimationFrame(() => order.push('echo drawn'));
    pacer.beforeNextFrame(() => order.push('work'));
    await microtasks();
    expect(order).toEqual(['work']);
    win.frame();
    expect(order).toEqual(['work', 'echo drawn']);
  });

  it('tells when a key was last typed into any console', () => {
    const win = new FakeWindow();
    const pacer = new FramePacer(win);
    expect(pacer.lastInputAt()).toBe(Number.NEGATIVE_INFINITY);
    win.nowMs = 1_234;
    pacer.noteInput('a');
    win.nowMs = 2_000;
    expect(pacer.lastInputAt()).toBe(1_234);
  });
});
