import { describe, expect, it } from 'vitest';
import { FlowController, RegionBreaks, regionFullBefore, SendWindow, type WindowFastForward } from './flow-control.js';

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

  it('reads a lane high watermark given as a function at each change', () => {
    const calls: boolean[] = [];
    let high = 1_000;
    const f = new FlowController((p) => calls.push(p), 100, 50);
    f.addLane('client', { high: () => high, low: 50 });
    f.behindBy('client', 500);
    expect(calls).toEqual([]);
    high = 400;
    f.behindBy('client', 1);
    expect(calls).toEqual([true]);
    expect(() => f.addLane('bad', { high: () => 10, low: 50 })).toThrow(RangeError);
  });
});

describe('SendWindow fast-forward', () => {
  /** `n` lines of 8 chars, each ending in CRLF (what a PTY delivers). */
  const lines = (n: number) => 'abcdefgh\r\n'.repeat(n);

  function ffWindow(lineFeeds: number, regionFull: (seq: number) => boolean = () => true) {
    const sent: number[] = [];
    let waiting = 0;
    const ff: WindowFastForward = { lineFeeds, regionFullBefore: regionFull };
    // A window of 10 chars: the first batch goes, every later one waits until acked.
    const w = new SendWindow((seq) => sent.push(seq), 10, (delta) => (waiting += delta), ff);
    return { w, sent, waiting: () => waiting };
  }

  it('drops a waiting plain batch once a CR and enough line feeds of plain text wait after it, and sends the rest in order', () => {
    const { w, sent, waiting } = ffWindow(20);
    w.offer(1, lines(5));
    w.offer(2, lines(5)); // waits
    w.offer(3, lines(10)); // 10 line feeds after batch 2's successor's CR: not enough
    expect(w.droppedChars).toBe(0);
    w.offer(4, lines(10)); // 20 after batch 3's first CR: batch 2 goes
    expect(w.droppedChars).toBe(lines(5).length);
    expect(waiting()).toBe(lines(20).length);
    w.ack(1_000);
    w.ack(1_000);
    w.ack(1_000);
    expect(sent).toEqual([1, 3, 4]);
    expect(waiting()).toBe(0);
  });

  it('counts line feeds only after the first CR', () => {
    const { w } = ffWindow(20);
    w.offer(1, 'x'.repeat(10));
    w.offer(2, lines(5));
    w.offer(3, 'abc\n'.repeat(19) + '\r\n'); // 20 line feeds, the first CR before the last
    expect(w.droppedChars).toBe(0);
    w.offer(4, lines(19));
    expect(w.droppedChars).toBe(lines(5).length);
  });

  it('never drops across output that is not plain text, nor a head that is not plain', () => {
    const { w } = ffWindow(20);
    w.offer(1, 'x'.repeat(10));
    w.offer(2, lines(5));
    w.offer(3, lines(10));
    w.offer(4, '\x1b[31mred\x1b[0m\r\n');
    w.offer(5, lines(30));
    // Batch 2 has 10 plain line feeds after it before the escape; batch 3 (the next head) is kept with it.
    expect(w.droppedChars).toBe(0);
    const b = ffWindow(20);
    b.w.offer(1, 'x'.repeat(10));
    b.w.offer(2, '\x1b[2J' + lines(5));
    b.w.offer(3, lines(40));
    expect(b.w.droppedChars).toBe(0);
  });

  it('drops nothing while the scroll region is not known to be the whole screen', () => {
    const asked: number[] = [];
    const { w } = ffWindow(20, (seq) => {
      asked.push(seq);
      return seq !== 2;
    });
    w.offer(1, 'x'.repeat(10));
    w.offer(2, lines(5));
    w.offer(3, lines(40));
    expect(w.droppedChars).toBe(0);
    expect(asked).toContain(2);
  });

  it('keeps every batch that was waiting at a resize', () => {
    const { w, sent } = ffWindow(20);
    w.offer(1, 'x'.repeat(10));
    w.offer(2, lines(5));
    w.keepWaiting();
    w.offer(3, lines(40));
    w.offer(4, lines(40));
    expect(w.droppedChars).toBe(0); // batch 2 is kept, and nothing after it is counted past it
    w.ack(1_000); // sends 2; batch 3 came after the resize: it may go
    expect(w.droppedChars).toBe(lines(40).length);
    w.offer(5, lines(40));
    expect(w.droppedChars).toBe(2 * lines(40).length);
    w.ack(1_000);
    w.ack(1_000);
    expect(sent).toEqual([1, 2, 5]);
  });

  it('tells whether all that waits is plain text it may still drop', () => {
    const { w } = ffWindow(1_000);
    w.offer(1, 'x'.repeat(10));
    w.offer(2, lines(5));
    expect(w.waitingAllPlain).toBe(true);
    w.offer(3, '\x1b[1mbold\x1b[0m');
    expect(w.waitingAllPlain).toBe(false);
    w.ack(1_000); // sends 2
    w.ack(1_000); // sends 3
    expect(w.waitingAllPlain).toBe(true);
    w.offer(4, lines(1));
    w.keepWaiting();
    expect(w.waitingAllPlain).toBe(false);
    expect(new SendWindow(() => {}, 10).waitingAllPlain).toBe(false);
  });

  it('drops nothing without fast-forward', () => {
    const sent: number[] = [];
    const w = new SendWindow((seq) => sent.push(seq), 10);
    w.offer(1, 'x'.repeat(10));
    for (let seq = 2; seq < 10; seq++) w.offer(seq, lines(1_000));
    expect(w.droppedChars).toBe(0);
  });
});

describe('regionFullBefore', () => {
  it('is true only when no batch that is not plain and no resize lies between the report and the batch, in either order', () => {
    const b = new RegionBreaks();
    b.notPlain(10);
    b.resized(20); // marks 20 and 21
    expect(regionFullBefore(15, null, b)).toBe(false);
    // Mirror ahead of the batch.
    expect(regionFullBefore(12, 18, b)).toBe(true);
    expect(regionFullBefore(12, 25, b)).toBe(false);
    // Mirror behind the batch.
    expect(regionFullBefore(18, 12, b)).toBe(true);
    expect(regionFullBefore(30, 12, b)).toBe(false);
    expect(regionFullBefore(30, 22, b)).toBe(true);
    // A break right beside the range answers false.
    expect(regionFullBefore(12, 9, b)).toBe(false);
    expect(regionFullBefore(11, 11, b)).toBe(false);
    expect(regionFullBefore(12, 11, b)).toBe(true);
  });

  it('answers false about output before the breaks it forgot', () => {
    const b = new RegionBreaks();
    for (let seq = 1; seq <= RegionBreaks.MAX + 1; seq += 1) b.notPlain(seq * 2);
    expect(regionFullBefore(4, 3, b)).toBe(false);
    const last = (RegionBreaks.MAX + 1) * 2;
    expect(regionFullBefore(last + 3, last + 5, b)).toBe(true);
  });
});
