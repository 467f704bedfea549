import { describe, expect, it } from 'vitest';
import { FloodMeter, FLOOD_MIN_CHARS, FLOOD_WINDOW_MS } from './flood-meter';
import { FramePacer, type AnimationFrameHost } from './frame-pacer';
import { FLOOD_END_QUIET_MS, FLOOD_FRAME_INTERVAL_MS, QUIET_OUTPUT_UNPACED_MS, frameDelay } from './frame-pacing-policy';

describe('frameDelay', () => {
  const base = { now: 1_000, lastFrameAt: 980, flooding: true, quietOutputAt: Number.NEGATIVE_INFINITY, parsedAllAt: null };

  it('asks for the next native frame when no console floods', () => {
    expect(frameDelay({ ...base, flooding: false })).toBe(0);
  });

  it('paces frames one interval apart while a console floods and no other has output', () => {
    expect(frameDelay(base)).toBe(FLOOD_FRAME_INTERVAL_MS - 20);
    expect(frameDelay({ ...base, lastFrameAt: 1_000 - FLOOD_FRAME_INTERVAL_MS })).toBe(0);
    expect(frameDelay({ ...base, lastFrameAt: Number.NEGATIVE_INFINITY })).toBe(0);
  });

  it('draws at once while a console that is not flooding has just received output', () => {
    expect(frameDelay({ ...base, quietOutputAt: 990 })).toBe(0);
    expect(frameDelay({ ...base, quietOutputAt: 1_000 - QUIET_OUTPUT_UNPACED_MS })).toBe(0);
  });

  it('paces again once that output is older than the unpaced window', () => {
    expect(frameDelay({ ...base, quietOutputAt: 1_000 - QUIET_OUTPUT_UNPACED_MS - 1 })).toBe(FLOOD_FRAME_INTERVAL_MS - 20);
  });

  it('keeps the interval while a console has output left to parse', () => {
    expect(frameDelay({ ...base, parsedAllAt: null })).toBe(FLOOD_FRAME_INTERVAL_MS - 20);
  });

  it('draws the end of a flood once everything was parsed and nothing came for the quiet time', () => {
    // Parsed just now: the frame comes after the quiet time, not the whole interval.
    expect(frameDelay({ ...base, parsedAllAt: 1_000 })).toBe(FLOOD_END_QUIET_MS);
    expect(frameDelay({ ...base, parsedAllAt: 990 })).toBe(FLOOD_END_QUIET_MS - 10);
    expect(frameDelay({ ...base, parsedAllAt: 1_000 - FLOOD_END_QUIET_MS })).toBe(0);
    expect(frameDelay({ ...base, parsedAllAt: Number.NEGATIVE_INFINITY })).toBe(0);
  });

  it('never waits longer than the interval for the quiet time', () => {
    const late = { ...base, lastFrameAt: 1_000 - FLOOD_FRAME_INTERVAL_MS + 5 };
    expect(frameDelay({ ...late, parsedAllAt: 1_000 })).toBe(Math.min(5, FLOOD_END_QUIET_MS));
  });

  it('draws at once whatever was parsed when nothing floods', () => {
    expect(frameDelay({ ...base, flooding: false, parsedAllAt: null })).toBe(0);
  });
});

describe('FloodMeter', () => {
  it('counts a flood from FLOOD_MIN_CHARS within the window and forgets it after', () => {
    let now = 0;
    const meter = new FloodMeter({ now: () => now });
    meter.note(FLOOD_MIN_CHARS - 1);
    expect(meter.flooding()).toBe(false);
    meter.note(1);
    expect(meter.flooding()).toBe(true);
    now += FLOOD_WINDOW_MS + 1;
    expect(meter.flooding()).toBe(false);
  });
});

/** A window stand-in with a fake clock: frames and timers run when the test says. */
class FakeHost implements AnimationFrameHost {
  nowMs = 0;
  frames = new Map<number, FrameRequestCallback>();
  timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  performance = { now: () => this.nowMs };
  requestAnimationFrame(cb: FrameRequestCallback): number {
    const id = this.next++;
    this.frames.set(id, cb);
    return id;
  }
  cancelAnimationFrame(id: number): void {
    this.frames.delete(id);
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.nowMs + ms, fn });
    return id;
  }
  clearTimeout(id: number): void {
    this.timers.delete(id);
  }
  /** Moves the clock, runs due timers, then runs one native frame if one was asked for. */
  advance(ms: number): void {
    this.nowMs += ms;
    for (const [id, t] of [...this.timers]) {
      if (t.at <= this.nowMs) {
        this.timers.delete(id);
        t.fn();
      }
    }
    const frames = [...this.frames.values()];
    this.frames.clear();
    for (const f of frames) f(this.nowMs);
  }
}

describe('FramePacer', () => {
  function setup() {
    const host = new FakeHost();
    const pacer = new FramePacer(host);
    pacer.install();
    return { host, pacer };
  }

  it('draws in the next frame when nothing floods', () => {
    const { host } = setup();
    let drawn = 0;
    host.requestAnimationFrame(() => drawn++);
    host.advance(16);
    expect(drawn).toBe(1);
  });

  it('paces the frames of a flood to one per interval', () => {
    const { host, pacer } = setup();
    let drawn = 0;
    const draw = () => {
      drawn++;
      host.requestAnimationFrame(draw);
    };
    host.requestAnimationFrame(draw);
    for (let t = 0; t < 1_000; t += 16) {
      pacer.noteOutput('flood', FLOOD_MIN_CHARS);
      host.advance(16);
    }
    // ~1,000 ms at one frame per FLOOD_FRAME_INTERVAL_MS, not ~62 native frames.
    expect(drawn).toBeGreaterThanOrEqual(8);
    expect(drawn).toBeLessThanOrEqual(12);
  });

  it('draws the echo of a console typed in beside a flood in the next frame', () => {
    const { host, pacer } = setup();
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    host.requestAnimationFrame(() => undefined);
    host.advance(16); // a paced frame runs now: the next one is an interval away
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    let echoDrawnAt: number | null = null;
    host.requestAnimationFrame(() => (echoDrawnAt ??= host.nowMs));
    host.advance(16);
    expect(echoDrawnAt, 'a flood alone waits for the interval').toBeNull();
    pacer.noteOutput('typed', 1); // the echo of one key arrives for another console
    host.requestAnimationFrame(() => (echoDrawnAt ??= host.nowMs));
    host.advance(16);
    expect(echoDrawnAt).toBe(48);
  });

  it('keeps pacing when the flooding console itself receives more output', () => {
    const { host, pacer } = setup();
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    host.requestAnimationFrame(() => undefined);
    host.advance(16);
    let drawnAt: number | null = null;
    pacer.noteOutput('flood', 10);
    host.requestAnimationFrame(() => (drawnAt ??= host.nowMs));
    host.advance(16);
    host.advance(16);
    expect(drawnAt).toBeNull();
    host.advance(FLOOD_FRAME_INTERVAL_MS);
    expect(drawnAt).not.toBeNull();
  });

  it('keeps pacing a lone flood whose rate dips under the threshold for a moment', () => {
    const { host, pacer } = setup();
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    host.requestAnimationFrame(() => undefined);
    host.advance(16); // a frame
    host.advance(FLOOD_WINDOW_MS); // the window empties: the flood's own meter reads quiet…
    pacer.noteOutput('flood', 10); // …for this small write
    pacer.noteOutput('flood', FLOOD_MIN_CHARS); // and it floods again
    host.requestAnimationFrame(() => undefined);
    host.advance(16); // a frame (the interval since the last one has passed)
    let drawnAt: number | null = null;
    host.requestAnimationFrame(() => (drawnAt ??= host.nowMs));
    host.advance(16);
    // Its dip left no unpaced window behind: the next frame waits for the interval.
    expect(drawnAt).toBeNull();
    host.advance(FLOOD_FRAME_INTERVAL_MS);
    expect(drawnAt).not.toBeNull();
  });

  it("a quiet console's frames come at the native rate beside a flood, without the flooding console's", () => {
    const { host, pacer } = setup();
    const floodWin = pacer.windowFor('flood', host);
    const typedWin = pacer.windowFor('typed', host);
    let floodFrames = 0;
    const drawFlood = () => {
      floodFrames++;
      floodWin.requestAnimationFrame(drawFlood);
    };
    floodWin.requestAnimationFrame(drawFlood);
    const echoDelays: number[] = [];
    for (let t = 0; t < 2_000; t += 16) {
      pacer.noteOutput('flood', FLOOD_MIN_CHARS);
      if (t % 96 === 0) {
        // A key typed every ~100 ms: its echo arrives and xterm.js asks for a frame.
        pacer.noteOutput('typed', 1);
        const askedAt = host.nowMs;
        typedWin.requestAnimationFrame(() => echoDelays.push(host.nowMs - askedAt));
      }
      host.advance(16);
    }
    // Every echo drawn in the next native frame…
    expect(echoDelays.length).toBeGreaterThan(15);
    expect(Math.max(...echoDelays)).toBe(16);
    // …while the flood still draws about one frame per interval (typing does not unpace it).
    expect(floodFrames).toBeGreaterThanOrEqual(16);
    expect(floodFrames).toBeLessThanOrEqual(22);
  });

  /**
   * Consoles `floods` flood, a frame ran at 16 (the next paced one is due at 116), and a
   * callback now waits for a frame: `drawnAt()` tells when it ran (null: not yet).
   */
  function afterPacedFrame(...floods: string[]) {
    const { host, pacer } = setup();
    for (const f of floods) pacer.noteOutput(f, FLOOD_MIN_CHARS);
    host.requestAnimationFrame(() => undefined);
    host.advance(16);
    let drawnAt: number | null = null;
    host.requestAnimationFrame(() => (drawnAt ??= host.nowMs));
    return { host, pacer, drawnAt: () => drawnAt };
  }

  it('draws the end of a flood once every console has parsed its output and nothing more came', () => {
    const { host, pacer, drawnAt } = afterPacedFrame('flood');
    pacer.noteOutput('flood', FLOOD_MIN_CHARS); // the flood's last batch…
    host.advance(4);
    pacer.noteParsed('flood', true); // …parsed at 20, and nothing after it
    host.advance(FLOOD_END_QUIET_MS - 1);
    expect(drawnAt(), 'held for the quiet time').toBeNull();
    host.advance(1);
    expect(drawnAt()).toBe(20 + FLOOD_END_QUIET_MS);
  });

  it('keeps the interval while output keeps coming', () => {
    const { host, pacer, drawnAt } = afterPacedFrame('flood');
    // A batch every 5 ms, each parsed before the next comes: never quiet for the quiet time.
    for (let t = 0; t < 95; t += 5) {
      pacer.noteOutput('flood', 4_096);
      host.advance(2);
      pacer.noteParsed('flood', true);
      host.advance(3);
    }
    expect(drawnAt(), 'a flood that keeps coming stays paced').toBeNull();
    host.advance(5);
    expect(drawnAt(), 'drawn at the interval').toBe(116);
  });

  it('holds the frame while another flooding console still has output to parse', () => {
    const { host, pacer, drawnAt } = afterPacedFrame('flood', 'other');
    pacer.noteOutput('other', 10);
    host.advance(4);
    pacer.noteParsed('flood', true);
    host.advance(FLOOD_END_QUIET_MS);
    expect(drawnAt()).toBeNull();
    pacer.noteParsed('other', true); // at 45: the quiet time runs from here
    host.advance(FLOOD_END_QUIET_MS);
    expect(drawnAt()).toBe(45 + FLOOD_END_QUIET_MS);
  });

  it('a console that parsed a part but holds more does not end the flood; closing it does', () => {
    const { host, pacer, drawnAt } = afterPacedFrame('flood');
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    pacer.noteParsed('flood', false);
    host.advance(FLOOD_END_QUIET_MS + 10);
    expect(drawnAt()).toBeNull();
    pacer.forget('flood');
    host.advance(1);
    expect(drawnAt()).not.toBeNull();
  });

  it("a window for a console keeps the window's own functions and values", () => {
    const { host, pacer } = setup();
    const win = pacer.windowFor('c', host);
    expect(win.performance).toBe(host.performance);
    let ran = false;
    win.setTimeout(() => (ran = true), 5);
    host.advance(5);
    expect(ran).toBe(true);
  });

  it('forgets a console that went away', () => {
    const { host, pacer } = setup();
    pacer.noteOutput('flood', FLOOD_MIN_CHARS);
    pacer.forget('flood');
    let drawn = 0;
    host.requestAnimationFrame(() => drawn++);
    host.advance(16);
    expect(drawn).toBe(1);
  });
});
