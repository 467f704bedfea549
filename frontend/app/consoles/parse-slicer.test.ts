import { describe, expect, it } from 'vitest';
import { FLOOD_MIN_CHARS } from './flood-meter';
import { FramePacer, type AnimationFrameHost } from './frame-pacer';
import { ACTIVE_CONSOLE_MS } from './frame-pacing-policy';
import { MAX_UNPARSED_CHARS, ParseSlicer, SLICE_BUDGET_MS, SLICE_CHARS, SLICE_WINDOW_MS, type SliceHost, type SliceSink } from './parse-slicer';

/** Clock, posted tasks and timers that run when the test says. */
class FakeHost implements SliceHost {
  nowMs = 0;
  posted: (() => void)[] = [];
  timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now(): number {
    return this.nowMs;
  }
  post(fn: () => void): void {
    this.posted.push(fn);
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.nowMs + ms, fn });
    return id;
  }
  clearTimeout(id: number): void {
    this.timers.delete(id);
  }
  /** Runs the posted tasks queued now (not those they post). */
  runPosted(): number {
    const tasks = this.posted;
    this.posted = [];
    for (const t of tasks) t();
    return tasks.length;
  }
  /** Moves the clock and runs the timers due. */
  advance(ms: number): void {
    this.nowMs += ms;
    for (const [id, t] of [...this.timers]) {
      if (t.at <= this.nowMs) {
        this.timers.delete(id);
        t.fn();
      }
    }
  }
}

/** A terminal stand-in: keeps what it was handed, parses it when the test says, taking `parseMs` per write. */
class FakeTerminal implements SliceSink {
  written: (string | Uint8Array)[] = [];
  unparsed: (() => void)[] = [];
  constructor(
    private readonly host: FakeHost,
    private readonly parseMs = 1,
  ) {}
  write(data: string | Uint8Array, done?: () => void): void {
    this.written.push(data);
    this.unparsed.push(() => done?.());
  }
  /** Parses everything handed over so far, in order. */
  parse(): void {
    const todo = this.unparsed;
    this.unparsed = [];
    for (const d of todo) {
      this.host.nowMs += this.parseMs;
      d();
    }
  }
  text(): string {
    return this.written.map((d) => (typeof d === 'string' ? d : new TextDecoder().decode(d))).join('');
  }
}

/** Runs parse + posted tasks until nothing moves (timers are left to the test). */
function drain(host: FakeHost, term: FakeTerminal): void {
  for (let i = 0; i < 10_000; i++) {
    term.parse();
    if (host.runPosted() === 0 && term.unparsed.length === 0) return;
  }
  throw new Error('never drained');
}

const text = (n: number, seed = 0) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i + seed) % 26))).join('');

describe('ParseSlicer', () => {
  it('is idle only while nothing written is left to parse, in its queue or the terminal', () => {
    const host = new FakeHost();
    const term = new FakeTerminal(host);
    const slicer = new ParseSlicer(term, host, () => false);
    expect(slicer.idle).toBe(true);
    const idleAtDone: boolean[] = [];
    for (let i = 0; i < 4; i++) slicer.write(text(MAX_UNPARSED_CHARS / 2, i), () => idleAtDone.push(slicer.idle));
    expect(slicer.idle).toBe(false);
    drain(host, term);
    // Only the last write's callback sees nothing left.
    expect(idleAtDone).toEqual([false, false, false, true]);
    expect(slicer.idle).toBe(true);
    slicer.write('x');
    slicer.write(text(MAX_UNPARSED_CHARS));
    slicer.clear(); // what it held back is dropped; 'x' is still the terminal's to parse
    expect(slicer.idle).toBe(true);
  });

  it('hands output to the terminal as it comes while the console is not sliced', () => {
    const host = new FakeHost();
    const term = new FakeTerminal(host);
    const slicer = new ParseSlicer(term, host, () => false);
    const big = text(4 * SLICE_CHARS);
    let done = 0;
    slicer.write(big, () => done++);
    slicer.write('b', () => done++);
    expect(term.written).toEqual([big, 'b']);
    expect(host.posted).toHaveLength(0);
    term.parse();
    expect(done).toBe(2);
  });

  it('not sliced, keeps at most MAX_UNPARSED_CHARS ahead of the parser and hands the rest from the write callbacks, in the same task', () => {
    const host = new FakeHost();
    const term = new FakeTerminal(host, 0);
    const slicer = new ParseSlicer(term, host, () => false);
    const batch = MAX_UNPARSED_CHARS / 2;
    const done: number[] = [];
    for (let i = 0; i < 5; i++) slicer.write(text(batch, i), () => done.push(i));
    expect(term.written).toHaveLength(2);
    expect(slicer.pending).toBe(3 * batch);
    term.parse(); // the two callbacks hand over two more inside the write loop: no task posted
    expect(host.posted).toHaveLength(0);
    expect(term.written).toHaveLength(4);
    drain(host, term);
    expect(done).toEqual([0, 1, 2, 3, 4]);
    expect(term.text()).toBe([0, 1, 2, 3, 4].map((i) => text(batch, i)).join(''));
  });

  it('while sliced, hands over one piece at a time, each in a task of its own, and runs done after the last', () => {
    const host = new FakeHost();
    const term = new FakeTerminal(host, 0);
    const slicer = new ParseSlicer(term, host, () => true);
    const chunk = text(3 * SLICE_CHARS + 5);
    let done = 0;
    slicer.write(chunk, () => done++);
    expect(term.written).toEqual([chunk.slice(0, SLICE_CHARS)]);
    // Nothing more until the piece is parsed, and then only from a posted task.
    slicer.write('tail');
    expect(term.written).toHaveLength(1);
    term.parse();
    expect(term.written).toHaveLength(1);
    expect(done).toBe(0);
    host.runPosted();
    expect(term.written).toHaveLength(2);
    drain(host, term);
    expect(term.written.map((d) => d.length)).toEqual([SLICE_CHARS, SLICE_CHARS, SLICE_CHARS, 5, 4]);
    expect(term.text()).toBe(chunk + 'tail');
    expect(done).toBe(1);
    expect(slicer.pending).toBe(0);
  });

  it('cuts UTF-8 bytes into pieces without copying or losing any', () => {
    const host = new FakeHost();
    const term = new FakeTerminal(host, 0);
    const slicer = new ParseSlicer(term, host, () => true);
    const bytes = new TextEncoder().encode('é'.repeat(SLICE_CHARS)); // 2 bytes each: pieces cut sequences, the decoder joins them
    slicer.write(bytes);
    drain(host, term);
    expect(term.written.every((d) => d instanceof Uint8Array && d.buffer === bytes.buffer)).toBe(true);
    const joined = new Uint8Array(bytes.length);
    let at = 0;
    for (const d of term.written as Uint8Array[]) {
      joined.set(d, at);
      at += d.length;
    }
    expect(joined).toEqual(bytes);
  });

  it('keeps the pieces to SLICE_BUDGET_MS of parsing per SLICE_WINDOW_MS', () => {
    const host = new FakeHost();
    const parseMs = 3;
    const term = new FakeTerminal(host, parseMs);
    const slicer = new ParseSlicer(term, host, () => true);
    slicer.write(text(20 * SLICE_CHARS));
    drain(host, term);
    // 3 pieces take 9 ms ≥ 8: the fourth waits for the next window.
    const perWindow = Math.ceil(SLICE_BUDGET_MS / parseMs);
    expect(term.written).toHaveLength(perWindow);
    expect(host.timers.size).toBe(1);
    host.advance(SLICE_WINDOW_MS - perWindow * parseMs - 1);
    expect(host.posted).toHaveLength(0);
    host.advance(1);
    host.runPosted();
    expect(term.written).toHaveLength(perWindow + 1);
    let windows = 1;
    while (slicer.pending > 0 || term.unparsed.length > 0) {
      drain(host, term);
      host.advance(SLICE_WINDOW_MS);
      windows++;
    }
    expect(windows).toBeGreaterThanOrEqual(Math.ceil(20 / perWindow));
    expect(term.text()).toBe(text(20 * SLICE_CHARS));
  });

  it('hands over the rest at once, in order, when slicing stops', () => {
    const host = new FakeHost();
    const term = new FakeTerminal(host, 0);
    let sliced = true;
    const slicer = new ParseSlicer(term, host, () => sliced);
    slicer.write(text(3 * SLICE_CHARS, 1));
    slicer.write('after');
    term.parse();
    sliced = false;
    slicer.write('later'); // queued behind what is held, never ahead of it
    expect(term.written).toHaveLength(1);
    host.runPosted();
    expect(term.text()).toBe(text(3 * SLICE_CHARS, 1) + 'after' + 'later');
    expect(slicer.pending).toBe(0);
    // Nothing held any more: the next write goes straight through.
    term.parse();
    slicer.write('x');
    expect(term.written.at(-1)).toBe('x');
  });

  it('clear drops what is held; callbacks of pieces handed before do not hand more', () => {
    const host = new FakeHost();
    const term = new FakeTerminal(host, 0);
    let sliced = true;
    const slicer = new ParseSlicer(term, host, () => sliced);
    let done = 0;
    slicer.write(text(4 * SLICE_CHARS), () => done++);
    slicer.clear();
    sliced = false;
    drain(host, term);
    expect(term.written).toHaveLength(1);
    expect(done).toBe(0);
    slicer.write('fresh');
    expect(term.written.at(-1)).toBe('fresh');
  });
});

/** A window stand-in for the pacer: only its clock matters here. */
function pacerHost(clock: { now: number }): AnimationFrameHost {
  return {
    requestAnimationFrame: () => 0,
    cancelAnimationFrame: () => undefined,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    performance: { now: () => clock.now },
  };
}

describe('FramePacer.slicing', () => {
  it('slices a flooding console while another console is typed in, and stops ACTIVE_CONSOLE_MS after the last key', () => {
    const clock = { now: 1_000 };
    const pacer = new FramePacer(pacerHost(clock));
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    expect(pacer.slicing('flood')).toBe(false); // nobody else is active
    pacer.noteInput('flood'); // typing into the flooding console itself (^C) does not slice it
    expect(pacer.slicing('flood')).toBe(false);
    pacer.noteInput('typed');
    expect(pacer.slicing('flood')).toBe(true);
    expect(pacer.slicing('typed')).toBe(false); // only a flooding console is sliced
    clock.now += ACTIVE_CONSOLE_MS;
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    expect(pacer.slicing('flood')).toBe(true);
    clock.now += 1;
    expect(pacer.slicing('flood')).toBe(false);
  });

  it('slices a flooding console while another receives output it can keep up with (an agent streaming)', () => {
    const clock = { now: 1_000 };
    const pacer = new FramePacer(pacerHost(clock));
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    pacer.noteOutput('agent', 200);
    expect(pacer.slicing('flood')).toBe(true);
    pacer.forget('agent');
    expect(pacer.slicing('flood')).toBe(false);
  });
});
