import { describe, expect, it } from 'vitest';
import { FlowController, SendWindow } from './flow-control.js';

describe('SendWindow', () => {
  function window(size: number): { w: SendWindow; sent: number[]; waiting: () => number } {
    const sent: number[] = [];
    let waiting = 0;
    const w = new SendWindow((seq) => sent.push(seq), size, (delta) => (waiting += delta));
    return { w, sent, waiting: () => waiting };
  }

  it('sends while under the window, then holds batches in order until acks make room', () => {
    const { w, sent, waiting } = window(100);
    w.offer(1, 'x'.repeat(60));
    w.offer(2, 'x'.repeat(60)); // starts under the window: goes whole
    w.offer(3, 'x'.repeat(30));
    w.offer(4, 'x'.repeat(30));
    expect(sent).toEqual([1, 2]);
    expect(w.unackedChars).toBe(120);
    expect(waiting()).toBe(60);
    w.ack(20); // 100 unacknowledged: still full
    expect(sent).toEqual([1, 2]);
    w.ack(1); // 99: room for one more batch
    expect(sent).toEqual([1, 2, 3]);
    expect(waiting()).toBe(30);
    w.ack(99);
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(waiting()).toBe(0);
    expect(w.waitingCharCount).toBe(0);
  });

  it('never holds a batch ahead of one that waits', () => {
    const { w, sent } = window(10);
    w.offer(1, 'x'.repeat(10));
    w.offer(2, 'x'.repeat(5));
    w.ack(10); // sends 2 (5 unacknowledged)
    w.offer(3, 'x'.repeat(20)); // under the window: goes at once
    w.offer(4, 'x');
    expect(sent).toEqual([1, 2, 3]);
    w.ack(1_000); // more than was sent: counts down to 0, never below
    expect(w.unackedChars).toBe(1);
    expect(sent).toEqual([1, 2, 3, 4]);
  });

  it('rejects a window that is not positive', () => {
    expect(() => new SendWindow(() => {}, 0)).toThrow(RangeError);
  });
});

describe('FlowController', () => {
  it('pauses when one lane is past its high watermark and resumes once every lane is under its low one', () => {
    const calls: boolean[] = [];
    const f = new FlowController((p) => calls.push(p), 100, 50);
    f.addLane('mirror', { high: 1_000, low: 500 });
    f.addLane('client');
    f.behindBy('client', 101);
    expect(calls).toEqual([true]);
    f.behindBy('mirror', 600);
    f.processed('client', 60);
    expect(calls).toEqual([true]); // the mirror is still over its low watermark
    f.processed('mirror', 101);
    expect(calls).toEqual([true, false]);
    f.behindBy('unknown', 1_000);
    expect(calls).toEqual([true, false]);
  });
});
