import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScreenSnapshot } from '../pty/screen-snapshot.js';
import { NOT_RECOGNISED, StatusDetector, type CommandExit } from './status-detector.js';
import { StatusProfileSchema } from './status-profile-schema.js';
import type { StatusEvent } from './status-types.js';
import { TerminalSignalScanner } from './terminal-signals.js';

// Pure decision logic with a fake clock and an injected screen: no PTY, no timing.

const DEBOUNCE = 1500;

function screen(lines: string[], cursor: [number, number] = [0, lines.length - 1], extra: Partial<ScreenSnapshot> = {}): ScreenSnapshot {
  const rows = [...lines, ...Array.from({ length: Math.max(0, 24 - lines.length) }, () => '')];
  return { lines: rows, cursorX: cursor[0], cursorY: cursor[1], alternate: false, ...extra };
}

function rig(opts: { status?: unknown; probe?: () => Promise<{ echo: boolean; canonical: boolean } | null> } = {}) {
  let snap = screen([]);
  let sync = false;
  const events: StatusEvent[] = [];
  const exits: CommandExit[] = [];
  const d = new StatusDetector({
    screen: { read: () => snap, synchronizing: () => sync },
    status: opts.status ? StatusProfileSchema.parse(opts.status) : undefined,
    idleDebounceMs: DEBOUNCE,
    now: () => Date.now(),
    probeInput: opts.probe,
  });
  d.status$.subscribe((e) => events.push(e));
  d.commandExit$.subscribe((e) => exits.push(e));
  const scanner = new TerminalSignalScanner();
  return {
    d,
    events,
    exits,
    /** The program draws `s` (a new object each time, as the mirror hands them). */
    draw(s: ScreenSnapshot) {
      snap = { ...s, lines: [...s.lines] };
      d.onOutput();
    },
    /** The program opens (true) or closes (false) a synchronized update (DEC 2026). */
    sync(open: boolean) {
      sync = open;
    },
    /** The screen changes under the detector without a parse notice yet (a redraw half parsed). */
    paint(s: ScreenSnapshot) {
      snap = { ...s, lines: [...s.lines] };
    },
    /** Raw output carrying control sequences, through the scanner into the detector. */
    emit(raw: string) {
      for (const sig of scanner.scan(raw)) d.onSignal(sig);
    },
    states: () => events.map((e) => e.state),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('idle only on positive evidence', () => {
  it('a still screen nothing recognises is waiting "not recognised" after start-up, never idle; starting until then', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200); // past the start-up grace
    r.draw(screen(['Welcome to SomeTool 3.1', '', 'Loading workspace'], [17, 2]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE - 10);
    expect(r.d.status.state).toBe('starting');
    await vi.advanceTimersByTimeAsync(20);
    expect(r.d.status).toMatchObject({ state: 'waiting', source: 'screen', confidence: 'low', ask: 'Loading workspace' });
    expect(r.d.status.reason).toContain(NOT_RECOGNISED);
    expect(r.states()).toEqual(['waiting']);
  });

  it('a blank screen stays starting (nothing shown yet)', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.draw(screen(['']));
    await vi.advanceTimersByTimeAsync(DEBOUNCE * 3);
    expect(r.d.status.state).toBe('starting');
  });

  it("a custom profile's own patterns come first; its unrecognised still screen is waiting, not idle", async () => {
    const r = rig({ status: { idle: [{ re: '^mytool>\\s*$', label: 'mytool prompt' }] } });
    vi.advanceTimersByTime(1200);
    r.draw(screen(['mytool ready', 'mytool> '], [8, 1]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status).toMatchObject({ state: 'idle', reason: expect.stringContaining('mytool prompt') });
    r.draw(screen(['mytool ready', 'mytool> sync', 'syncing 3 repositories', 'done with warnings'], [0, 4]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status.state).toBe('waiting');
    expect(r.d.status.reason).toContain(NOT_RECOGNISED);
  });

  it('identical repaints are not activity: no event, the still timer is not reset', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    const s = screen(['$ '], [2, 0]);
    r.draw(s);
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(100);
      r.draw(s);
    }
    await vi.advanceTimersByTimeAsync(DEBOUNCE);
    expect(r.states()).toEqual(['idle']);
    // Reached one debounce after the first draw, not after the last repaint.
    expect(r.events[0]!.since - 1_001_200).toBeLessThan(DEBOUNCE + 100);
  });

  it('hysteresis: leaving working waits for a still screen; a prompt flashed mid-output is not idle', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.draw(screen(['* Building (esc to interrupt)', ''], [0, 1]));
    expect(r.d.status.state).toBe('working');
    await vi.advanceTimersByTimeAsync(100);
    r.draw(screen(['build finished', '$ '], [2, 1])); // a prompt at the cursor: idle by its look
    await vi.advanceTimersByTimeAsync(DEBOUNCE - 100);
    expect(r.d.status.state).toBe('working');
    await vi.advanceTimersByTimeAsync(200);
    expect(r.states()).toEqual(['working', 'idle']);
  });

  it('a spinner turning in place reads working at once; it stays working while it turns', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    const frames = ['⠋', '⠙', '⠹', '⠸'];
    for (let i = 0; i < 12; i++) {
      r.draw(screen([`${frames[i % 4]} Indexing files (${i}s)`], [0, 1]));
      await vi.advanceTimersByTimeAsync(600); // slower than the flow window: only the spinner says working
    }
    expect(r.d.status).toMatchObject({ state: 'working', reason: 'screen: spinner turning in place' });
    expect(new Set(r.states())).toEqual(new Set(['working']));
  });
});

describe('structured signals', () => {
  it('termios echo off in canonical mode (a key prompt) is waiting with high confidence', async () => {
    const r = rig({ probe: async () => ({ echo: false, canonical: true }) });
    vi.advanceTimersByTime(1200);
    r.draw(screen(['Enter the deploy key > '], [23, 0]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status).toMatchObject({ state: 'waiting', confidence: 'high', ask: 'Enter the deploy key >' });
    expect(r.d.status.reason).toMatch(/hidden input \(terminal echo off\)/);
  });

  it('raw mode (echo and canonical off, a TUI or readline) is no hidden-input prompt', async () => {
    const r = rig({ probe: async () => ({ echo: false, canonical: false }) });
    vi.advanceTimersByTime(1200);
    r.draw(screen(['$ '], [2, 0]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status.state).toBe('idle');
  });

  it('the termios probe starts before the debounce ends: a still screen is judged at the debounce, not a probe later', async () => {
    const calls: number[] = [];
    // A probe that takes 80 ms (a short process start on a loaded machine).
    const probe = () => {
      calls.push(Date.now());
      return new Promise<{ echo: boolean; canonical: boolean }>((resolve) => setTimeout(() => resolve({ echo: false, canonical: true }), 80));
    };
    const r = rig({ probe });
    vi.advanceTimersByTime(1200);
    const drawnAt = Date.now();
    r.draw(screen(['Enter the deploy key > '], [23, 0]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 1);
    expect(calls).toHaveLength(1);
    expect(calls[0]! - drawnAt).toBeLessThan(DEBOUNCE - 80);
    expect(r.d.status).toMatchObject({ state: 'waiting', confidence: 'high' });
    expect(r.events[0]!.since - drawnAt).toBe(DEBOUNCE);
  });

  it('a probe begun before the last screen change is not used for the new screen', async () => {
    let mode = { echo: false, canonical: true };
    const calls: number[] = [];
    const probe = () => {
      calls.push(Date.now());
      const answer = mode;
      return new Promise<{ echo: boolean; canonical: boolean }>((resolve) => setTimeout(() => resolve(answer), 30));
    };
    const r = rig({ probe });
    vi.advanceTimersByTime(1200);
    r.draw(screen(['Enter the deploy key > '], [23, 0]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE - 20); // the early probe ran (echo off)...
    expect(calls).toHaveLength(1);
    mode = { echo: true, canonical: false };
    r.draw(screen(['key accepted', '$ '], [2, 1])); // ...then the program moved on to a prompt
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 100);
    expect(calls).toHaveLength(2);
    expect(r.d.status.state).toBe('idle');
    expect(r.states()).toEqual(['idle']);
  });

  it('output that left the screen as it was does not hold back the next frame (the read throttle counts only changes)', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.draw(screen(['$ '], [2, 0]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status.state).toBe('idle');
    r.d.onOutput(); // a parse that changed nothing on the screen (a cursor move, an OSC)
    await vi.advanceTimersByTimeAsync(5);
    r.draw(screen(['* Working (esc to interrupt)', ''], [0, 1]));
    // Read at once: no throttle wait behind the read that found nothing new.
    expect(r.d.status.state).toBe('working');
  });

  it('OSC 133: a silent command reads working until its prompt returns; the exit code is recorded', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.emit('\x1b]133;A\x07$ \x1b]133;B\x07');
    r.draw(screen(['$ '], [2, 0]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status).toMatchObject({ state: 'idle', source: 'terminal' });
    r.d.onInput('sleep 8\r');
    r.emit('\x1b]133;C\x07');
    r.draw(screen(['$ sleep 8', ''], [0, 1]));
    await vi.advanceTimersByTimeAsync(8000);
    expect(r.d.status, JSON.stringify(r.events)).toMatchObject({ state: 'working', source: 'terminal', confidence: 'high' });
    // The still screen alone was not recognised; the reason says the shell's mark overruled it.
    expect(r.d.status.reason).toMatch(/command runs \(OSC 133\) \(overrules the screen: screen not recognised/);
    r.emit('\x1b]133;D;3\x07\x1b]133;A\x07$ \x1b]133;B\x07');
    r.draw(screen(['$ sleep 8', '$ '], [2, 1]));
    expect(r.d.status).toMatchObject({ state: 'idle', source: 'terminal', reason: expect.stringMatching(/^shell prompt: the command exited with code 3 \(OSC 133\)/) });
    expect(r.exits).toEqual([{ exitCode: 3, at: expect.any(Number) }]);
  });

  it('marks sent twice (a shell with its own OSC 133 marks besides ours) record each command once', () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.emit('\x1b]133;A;special_key=1\x07\x1b]133;A\x07');
    r.emit('\x1b]133;C\x07\x1b]133;C\x07');
    expect(r.d.status).toMatchObject({ state: 'working', source: 'terminal' });
    r.emit('\x1b]133;D;2\x07\x1b]133;D;2\x07\x1b]133;A\x07');
    expect(r.d.status).toMatchObject({ state: 'idle', source: 'terminal', reason: expect.stringContaining('exited with code 2') });
    expect(r.exits.map((e) => e.exitCode)).toEqual([2]);
    r.emit('\x1b]133;C\x07\x1b]133;D;0\x07');
    expect(r.exits.map((e) => e.exitCode)).toEqual([2, 0]);
  });

  it('a program the shell runs that sits still at its own prompt (a REPL) is idle by its screen', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.emit('\x1b]133;C\x07');
    r.draw(screen(['$ python3', 'Python 3.11.2', '>>> '], [4, 2]));
    await vi.advanceTimersByTimeAsync(100);
    expect(r.d.status.state).toBe('working');
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status).toMatchObject({ state: 'idle', source: 'screen', reason: expect.stringMatching(/^screen still: shell prompt/) });
  });

  it('a question on screen wins over a running command (read -p under OSC 133)', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.emit('\x1b]133;C\x07');
    r.draw(screen(['$ ./install.sh', 'Overwrite config? [y/N] '], [24, 1]));
    await vi.advanceTimersByTimeAsync(100);
    expect(r.d.status).toMatchObject({ state: 'waiting', source: 'screen' });
  });

  it('an answered question above the prompt does not overrule the shell that is back at its prompt', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.emit('\x1b]133;C\x07');
    r.draw(screen(['λ read -p "Continue? [y/N] " answer', 'Continue? [y/N] '], [16, 1]));
    await vi.advanceTimersByTimeAsync(100);
    expect(r.d.status.state).toBe('waiting');
    r.emit('\x1b]133;D;0\x07\x1b]133;A\x07');
    r.draw(screen(['λ read -p "Continue? [y/N] " answer', 'Continue? [y/N] y', 'λ '], [2, 2]));
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 10);
    expect(r.d.status).toMatchObject({ state: 'idle', source: 'terminal' });
  });

  it('an OSC 9 / 777 / 99 notification is waiting with its text as the question; input clears it', async () => {
    for (const seq of ['\x1b]9;Build needs approval\x07', '\x1b]777;notify;Deploy;Build needs approval\x1b\\', '\x1b]99;i=1:d=0;Build needs approval\x1b\\']) {
      const r = rig();
      vi.advanceTimersByTime(1200);
      r.emit('\x1b]133;C\x07');
      r.emit(seq);
      expect(r.d.status).toMatchObject({ state: 'waiting', source: 'terminal', ask: expect.stringContaining('Build needs approval') });
      r.d.onInput('y');
      expect(r.d.status.state).toBe('working');
    }
  });

  it('a BEL is waiting, but not right after the person typed (a completion beep)', async () => {
    const r = rig();
    vi.advanceTimersByTime(1200);
    r.emit('\x1b]133;C\x07');
    r.d.onInput('\t');
    r.emit('\x07');
    expect(r.d.status.state).toBe('working');
    await vi.advanceTimersByTimeAsync(1000);
    r.emit('\x07');
    expect(r.d.status).toMatchObject({ state: 'waiting', source: 'terminal', reason: expect.stringContaining('BEL') });
  });
});

describe('a redraw in flight is never judged as a still screen', () => {
  const prompt = screen(['mytool ready', 'mytool> '], [8, 1]);
  // Half of the next frame: the old rows cleared, the new prompt not drawn yet.
  const halfDrawn = screen(['Checking 3 repositories', ''], [0, 1]);
  const status = { idle: [{ re: '^mytool>\\s*$', label: 'mytool prompt' }] };

  it('a synchronized update (DEC 2026) open when the debounce ends: no verdict on the half-drawn screen', async () => {
    const r = rig({ status });
    vi.advanceTimersByTime(1200);
    r.draw(prompt);
    await vi.advanceTimersByTimeAsync(DEBOUNCE - 100);
    r.sync(true);
    r.draw(halfDrawn);
    await vi.advanceTimersByTimeAsync(300); // the debounce of the first frame ends mid-update
    expect(r.states()).not.toContain('waiting');
    r.sync(false);
    r.draw(prompt);
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 100);
    expect(r.states()).toEqual(['idle']);
  });

  it('output parsed but not yet read (the read is throttled) when the debounce ends: the still check waits for the read', async () => {
    const r = rig({ status });
    vi.advanceTimersByTime(1200);
    r.draw(prompt);
    await vi.advanceTimersByTimeAsync(DEBOUNCE - 20);
    r.draw(prompt); // an identical repaint: read at once, no change
    await vi.advanceTimersByTimeAsync(10);
    r.draw(halfDrawn); // within the throttle window: its read is deferred past the debounce
    await vi.advanceTimersByTimeAsync(15);
    expect(r.states()).not.toContain('waiting');
    r.draw(prompt);
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 100);
    expect(r.states()).toEqual(['idle']);
  });

  it('a screen that changed after the last read (a parse still running) is no still screen', async () => {
    const r = rig({ status });
    vi.advanceTimersByTime(1200);
    r.draw(prompt);
    await vi.advanceTimersByTimeAsync(DEBOUNCE - 50);
    r.paint(halfDrawn);
    await vi.advanceTimersByTimeAsync(60);
    expect(r.states()).not.toContain('waiting');
    r.draw(prompt);
    await vi.advanceTimersByTimeAsync(DEBOUNCE + 100);
    expect(r.states()).toEqual(['idle']);
  });
});
