import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MIRROR_WORKER_NICE } from './constants.js';
import { MirrorHost } from './mirror-host.js';
import type { ToWorker } from './mirror-protocol.js';
import { RemoteMirror } from './remote-mirror.js';
import { TerminalMirror } from './terminal-mirror.js';
import type { SessionMirror } from './session-mirror.js';

const COLS = 80;
const ROWS = 24;
const SCROLLBACK = 300;

/** Output with colours, a title, bracketed paste, wide chars and enough lines to scroll. */
function output(): string[] {
  const out = ['\x1b]0;build: running\x07', '\x1b[?2004h'];
  for (let i = 0; i < 400; i++) out.push(`\x1b[3${i % 8}mline ${i}\x1b[0m ${'漢字'.repeat(i % 5)} ${'x'.repeat(i % 60)}\r\n`);
  out.push('\x1b[1;4mprompt$\x1b[0m ');
  return out;
}

const made: SessionMirror[] = [];
afterEach(() => {
  for (const m of made.splice(0)) m.dispose();
});

function feed(m: SessionMirror, batches: string[]): void {
  batches.forEach((b, i) => m.write(b, i + 1));
}

/** A mirror host whose worker gets nothing (as if never scheduled) until `feed()`. */
class StarvedHost extends MirrorHost {
  private queue: ToWorker[] | null = [];
  override post(m: ToWorker): boolean {
    if (!this.queue) return super.post(m);
    this.queue.push(m);
    return true;
  }
  /** Hands the worker everything posted so far; later posts go at once. */
  feed(): void {
    const q = this.queue ?? [];
    this.queue = null;
    for (const m of q) super.post(m);
  }
}

describe('RemoteMirror (the mirror in the worker thread)', () => {
  it('ends in exactly the state a mirror parsing on this thread reaches: snapshot, screen, title, modes, seq', async () => {
    const local = new TerminalMirror(COLS, ROWS, SCROLLBACK);
    const remote = new RemoteMirror(COLS, ROWS, SCROLLBACK);
    made.push(local, remote);
    const batches = output();
    feed(local, batches);
    feed(remote, batches);
    const [ls, rs] = [await local.snapshot(), await remote.snapshot()];
    expect(rs.seq).toBe(batches.length);
    expect(rs.data).toBe(ls.data);
    expect(await remote.screen()).toEqual(await local.screen());
    expect(remote.title).toBe('build: running');
    expect(remote.bracketedPasteMode).toBe(true);
    expect(remote.parsedSeq).toBe(batches.length);
    expect(remote.pendingChars).toBe(0);
    // The status detector's synchronous view, as of the last report.
    const source = remote.screenSource();
    await remote.drain();
    expect(source.read().lines.join('\n').replace(/\n+$/, '')).toBe((await local.screen()).text);
  });

  it("a repaint of the same screen is not sent again: the detector's view stays the same snapshot until the screen changes", async () => {
    const m = new RemoteMirror(COLS, ROWS, SCROLLBACK);
    made.push(m);
    const source = m.screenSource();
    const frame = (text: string) => `\x1b[H\x1b[2J${text}\r\n> `;
    m.write(frame('Ready for input'), 1);
    await m.drain();
    const first = source.read();
    expect(first.lines[0]).toBe('Ready for input');
    m.write(frame('Ready for input'), 2); // an idle input box redrawn, as agents do
    await m.drain();
    expect(m.parsedSeq).toBe(2);
    expect(source.read()).toBe(first);
    m.write(frame('Thinking…'), 3);
    await m.drain();
    expect(source.read()).not.toBe(first);
    expect(source.read().lines[0]).toBe('Thinking…');
  });

  it.runIf(process.platform === 'linux')('parses in a thread of its own, at a lower priority than the thread that reads the PTYs', async () => {
    /** Nice value of each thread of this process (field 19 of /proc/self/task/<tid>/stat). */
    const nice = (tid: string | number) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const nices = () => readdirSync('/proc/self/task').map(nice);
    const m = new RemoteMirror(COLS, ROWS, SCROLLBACK);
    made.push(m);
    m.write('hello', 1);
    await m.drain();
    expect(nices()).toContain(MIRROR_WORKER_NICE);
    expect(nice(process.pid)).toBe(0); // the main thread (its tid is the pid) keeps the default
  });

  it('reports parsed chars for flow control, and the alternate screen and a resize', async () => {
    let acked = 0;
    const m = new RemoteMirror(COLS, ROWS, SCROLLBACK, (n) => (acked += n));
    made.push(m);
    const text = 'a'.repeat(50_000);
    m.write(text, 1);
    expect(m.pendingChars).toBe(50_000);
    await m.drain();
    expect(acked).toBe(50_000);
    expect(m.pendingChars).toBe(0);
    m.write('\x1b[?1049h\x1b[Hfull-screen app', 2);
    await m.drain();
    expect(m.inAlternateScreen).toBe(true);
    m.resize(100, 30);
    expect([m.cols, m.rows]).toEqual([100, 30]);
    const screen = await m.screen();
    expect([screen.cols, screen.rows, screen.text]).toEqual([100, 30, 'full-screen app']);
  });

  it('reports the chars it fast-forwarded through a plain flood, and the screen after it is exact', async () => {
    let acked = 0;
    const m = new RemoteMirror(COLS, ROWS, SCROLLBACK, (n) => (acked += n));
    made.push(m);
    // Plain lines, many times the scrollback, written at once: the worker's mirror waits
    // (MIRROR_FLOOD_WAIT_MS) and drops what would scroll out unread.
    let seq = 0;
    let total = 0;
    for (let b = 0; b < 40; b++) {
      let text = '';
      for (let i = 0; i < 500; i++) text += `flood ${b * 500 + i}\r\n`;
      total += text.length;
      m.write(text, ++seq);
    }
    m.write('done$ ', ++seq);
    total += 'done$ '.length;
    await m.drain();
    expect(m.fastForwardedChars).toBeGreaterThan(total / 2);
    expect(acked).toBe(total); // dropped chars count as processed for flow control
    const screen = await m.screen();
    expect(screen.text.split('\n').slice(-2)).toEqual(['flood 19999', 'done$ ']);
  });

  it('a starved worker does not hold up a plain flood: held output it would skip is dropped here, and the state after it is exact', async () => {
    const host = new StarvedHost();
    let acked = 0;
    const postAhead = 20_000;
    const remote = new RemoteMirror(COLS, ROWS, SCROLLBACK, (n) => (acked += n), host, postAhead);
    const local = new TerminalMirror(COLS, ROWS, SCROLLBACK);
    made.push(local, remote);
    let seq = 0;
    let written = 0;
    let line = 0;
    const write = (text: string): void => {
      seq++;
      written += text.length;
      local.write(text, seq);
      remote.write(text, seq);
    };
    const flood = (batches: number): void => {
      for (let b = 0; b < batches; b++) {
        let text = '';
        for (let i = 0; i < 100; i++, line++) text += `flood ${line} ${'x'.repeat(line % 50)}\r\n`;
        write(text);
      }
    };
    flood(100);
    // Nothing was reported parsed, yet what the mirror is behind by stays bounded: posted
    // (postAhead + a batch) plus held (scrollback + 2 × rows lines + a batch or two).
    const longestLine = 60;
    const batch = 100 * longestLine;
    expect(written).toBeGreaterThan(300_000);
    expect(written - acked).toBeLessThan(postAhead + (SCROLLBACK + 2 * ROWS) * longestLine + 3 * batch);
    expect(remote.fastForwardedChars).toBe(acked);
    // A scroll region set by output the worker has not parsed: nothing after it is dropped here.
    write('\x1b[3;20r\x1b[20H');
    const before = acked;
    flood(20);
    expect(acked).toBe(before);
    write('\x1b[r\x1b[1;32mdone\x1b[0m$ ');
    host.feed();
    await remote.drain();
    await local.drain();
    expect(acked).toBe(written);
    const [ls, rs] = [await local.snapshot(), await remote.snapshot()];
    expect(rs.seq).toBe(seq);
    expect(rs.data).toBe(ls.data);
    expect(await remote.screen()).toEqual(await local.screen());
  });

  it('drops nothing held while output posted to the worker and not yet parsed may have set a scroll region', async () => {
    const host = new StarvedHost();
    let acked = 0;
    const remote = new RemoteMirror(COLS, ROWS, SCROLLBACK, (n) => (acked += n), host, 20_000);
    const local = new TerminalMirror(COLS, ROWS, SCROLLBACK);
    made.push(local, remote);
    const batches = ['\x1b[3;20r\x1b[20H'];
    for (let b = 0; b < 60; b++) batches.push(Array.from({ length: 100 }, (_, i) => `row ${b * 100 + i}\r\n`).join(''));
    feed(local, batches);
    feed(remote, batches);
    expect(acked).toBe(0);
    host.feed();
    await remote.drain();
    const [ls, rs] = [await local.snapshot(), await remote.snapshot()];
    expect(rs.data).toBe(ls.data);
  });

  it('incremental captures hand out markers that name rows kept in the worker; a marker whose rows were trimmed reads as disposed', async () => {
    const m = new RemoteMirror(COLS, ROWS, 50);
    made.push(m);
    m.write(Array.from({ length: 60 }, (_, i) => `row ${i}`).join('\r\n'), 1);
    const first = await m.captureIncremental(null, 50);
    expect(first.rebase).toBe(true);
    expect(first.chunk?.lines).toBe(60 - ROWS); // rows 0-35 scrolled off; 36-59 on the screen
    m.write('\r\n' + Array.from({ length: 5 }, (_, i) => `more ${i}`).join('\r\n'), 2);
    const second = await m.captureIncremental(first.marker, 50);
    expect(second.rebase).toBe(false);
    expect(second.chunk?.lines).toBe(5);
    expect(second.chunk?.data).toContain('row 40');
    expect(first.marker!.isDisposed).toBe(true); // replaced by the second
    // 200 more rows trim the second marker's row out of a 50-line scrollback.
    m.write('\r\n' + Array.from({ length: 200 }, (_, i) => `flood ${i}`).join('\r\n'), 3);
    await m.drain();
    await m.screen(); // the worker's notice that the marker went comes before this reply
    expect(second.marker!.isDisposed).toBe(true);
    const third = await m.captureIncremental(second.marker, 50);
    expect(third.rebase).toBe(true);
  });

  it('when the worker dies, the PTY is not held for its unparsed output, the mirror starts again blank and keeps working', async () => {
    const host = new MirrorHost();
    let acked = 0;
    const m = new RemoteMirror(COLS, ROWS, SCROLLBACK, (n) => (acked += n), host);
    made.push(m);
    m.write('before the crash\r\n', 1);
    await m.drain();
    m.write('x'.repeat(3_000_000), 2); // still being parsed when the worker goes
    const errors: string[] = [];
    const log = console.error;
    console.error = (msg: string) => errors.push(msg);
    try {
      await host.crashForTest();
      const pendingScreen = m.screen(); // asked before the new worker exists: answered by it
      expect(acked).toBe('before the crash\r\n'.length + 3_000_000);
      expect(m.pendingChars).toBe(0);
      expect((await pendingScreen).text).toBe('');
      m.write('after the crash', 3);
      await m.drain();
      expect((await m.screen()).text).toBe('after the crash');
      expect(m.parsedSeq).toBe(3);
    } finally {
      console.error = log;
    }
    expect(errors.join('\n')).toMatch(/mirror worker exited/);
  });
});
