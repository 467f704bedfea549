import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import { afterEach, describe, expect, it } from 'vitest';
import { countLineFeeds, isPlainText } from './plain-text.js';
import { TerminalMirror } from './terminal-mirror.js';
import { joinScrollback } from './cold-scrollback.js';

const COLS = 80;
const ROWS = 24;
const SCROLLBACK = 500;

/** What a full parse gives: a plain headless terminal fed every byte through its own write(). */
async function reference(batches: string[]): Promise<string> {
  const t = new headless.Terminal({ cols: COLS, rows: ROWS, scrollback: SCROLLBACK, allowProposedApi: true, logLevel: 'off' });
  const s = new serialize.SerializeAddon();
  t.loadAddon(s);
  for (const b of batches) await new Promise<void>((r) => t.write(b, r));
  const out = s.serialize();
  t.dispose();
  return out;
}

/** `n` numbered lines, each `width` chars plus the PTY's CRLF, cut into batches of ~`batch` chars. */
function lines(from: number, n: number, width = COLS - 2, batch = 16_384): string[] {
  let text = '';
  for (let i = from; i < from + n; i++) text += `line ${i} `.padEnd(width, String.fromCharCode(97 + (i % 26))) + '\r\n';
  const out: string[] = [];
  for (let i = 0; i < text.length; i += batch) out.push(text.slice(i, i + batch));
  return out;
}

const mirrors: TerminalMirror[] = [];
function mirror(): TerminalMirror {
  const m = new TerminalMirror(COLS, ROWS, SCROLLBACK);
  mirrors.push(m);
  return m;
}
afterEach(() => {
  for (const m of mirrors.splice(0)) m.dispose();
});

async function feed(m: TerminalMirror, batches: string[]): Promise<string> {
  batches.forEach((b, i) => m.write(b, i + 1));
  return (await m.snapshot()).data;
}

describe('plain text', () => {
  it('is text with CR, LF, tabs, BEL and BS only', () => {
    expect(isPlainText('hello\tworld\r\n\x07\x08 ünïcödé 漢字 🙂')).toBe(true);
    for (const c of ['\x1b[31m', '\x0e', '\x0f', '\x9b31m', '\x9d0;t\x07', '\x00', '\x7f', '\x18']) expect(isPlainText(`a${c}b`)).toBe(false);
  });
  it('counts line feeds', () => {
    expect(countLineFeeds('a\r\nb\nc')).toBe(2);
    expect(countLineFeeds('')).toBe(0);
    expect(countLineFeeds('a\nb\r\nc\n', 2)).toBe(2);
    expect(countLineFeeds('a\nb\r\nc\n', 0, 4)).toBe(1);
  });
});

describe('TerminalMirror fast-forward', () => {
  it('a plain flood ends in the same screen, scrollback, cursor and attributes as a full parse, without parsing most of it', async () => {
    // Colour, a title and bold set before the flood must survive it; lines long enough to wrap too.
    const batches = ['\x1b]0;my title\x07\x1b[1;31mred bold\r\n', ...lines(0, 5_000), ...lines(5_000, 300, 130), 'tail\x1b[0m done'];
    const m = mirror();
    const got = await feed(m, batches);
    expect(got).toBe(await reference(batches));
    expect(m.title).toBe('my title');
    const total = batches.reduce((n, b) => n + b.length, 0);
    expect(m.fastForwardedChars).toBeGreaterThan(total / 2);
  });

  it("takes the writer's plain-text answer instead of testing each batch again", async () => {
    const batches = lines(0, 3_000);
    const told = mirror();
    batches.forEach((b, i) => told.write(b, i + 1, true));
    expect((await told.snapshot()).data).toBe(await reference(batches));
    expect(told.fastForwardedChars).toBeGreaterThan(0);
    // Told "not plain", the same flood is parsed in full: the answer given is the one used.
    const notPlain = mirror();
    batches.forEach((b, i) => notPlain.write(b, i + 1, false));
    expect((await notPlain.snapshot()).data).toBe(await reference(batches));
    expect(notPlain.fastForwardedChars).toBe(0);
  });

  it('keeps every line that stays in the buffer (the last scrollback + rows lines are all there)', async () => {
    const m = mirror();
    await feed(m, lines(0, 3_000));
    const buf = m.terminal.buffer.normal;
    expect(buf.length).toBe(SCROLLBACK + ROWS);
    expect(buf.getLine(0)!.translateToString(true)).toMatch(/^line 2477 /);
    expect(buf.getLine(buf.length - 2)!.translateToString(true)).toMatch(/^line 2999 /);
  });

  it('never skips a batch with escape sequences, and output between them stays exact', async () => {
    const batches: string[] = [];
    for (let k = 0; k < 6; k++) batches.push(...lines(k * 800, 800), `\x1b[3${k}m colour ${k}\r\n`);
    const m = mirror();
    expect(await feed(m, batches)).toBe(await reference(batches));
    expect(m.fastForwardedChars).toBeGreaterThan(0);
  });

  it('does not skip inside a scroll region (rows outside it would keep old text)', async () => {
    const batches = ['\x1b[5;20r\x1b[10;1H', ...lines(0, 2_000), '\x1b[r'];
    const m = mirror();
    expect(await feed(m, batches)).toBe(await reference(batches));
    expect(m.fastForwardedChars).toBe(0);
  });

  it('matches a full parse on the alternate screen and after leaving it', async () => {
    const batches = ['before\r\n', '\x1b[?1049h\x1b[H', ...lines(0, 2_000), '\x1b[?1049l', 'after\r\n'];
    const m = mirror();
    expect(await feed(m, batches)).toBe(await reference(batches));
  });

  it('matches a full parse when lines end in a bare LF (the cursor column carries over)', async () => {
    const text = Array.from({ length: 3_000 }, (_, i) => `${i}`.padEnd(10 + (i % 50), '.') + '\n').join('');
    const batches = text.match(/[\s\S]{1,8192}/g)!;
    const m = mirror();
    expect(await feed(m, batches)).toBe(await reference(batches));
    expect(m.fastForwardedChars).toBe(0); // no CR ever resets the column: nothing may be skipped
    const more = [...batches, 'back to column 0\r', ...lines(0, 1_500, 5)];
    const m2 = mirror();
    expect(await feed(m2, more)).toBe(await reference(more));
    expect(m2.fastForwardedChars).toBeGreaterThan(0);
  });

  it('matches a full parse when short lines follow long ones from the middle of the screen', async () => {
    const batches = ['\x1b[2J\x1b[8;30H', ...lines(0, 8_000), ...lines(0, 1_000, 3, 2_048)];
    const m = mirror();
    expect(await feed(m, batches)).toBe(await reference(batches));
    expect(m.fastForwardedChars).toBeGreaterThan(0);
  });

  it('a snapshot taken mid-flood holds every line written before it', async () => {
    const m = mirror();
    lines(0, 2_000).forEach((b, i) => m.write(b, i + 1));
    const first = m.snapshot();
    lines(2_000, 2_000).forEach((b, i) => m.write(b, 1_000 + i));
    const snap = await first;
    expect(snap.data).toContain('line 1999 ');
    expect(snap.data).not.toContain('line 2000 ');
    expect((await m.snapshot()).data).toContain('line 3999 ');
  });

  it('parses small output at once and a large plain burst on its own, nobody asking', async () => {
    const m = mirror();
    m.write('prompt$ ', 1);
    await new Promise((r) => setImmediate(r));
    expect(m.terminal.buffer.active.getLine(0)!.translateToString(true)).toBe('prompt$ ');
    const burst = lines(0, 1_000, 70, 8_192); // fewer lines than a skip needs
    burst.forEach((b, i) => m.write(b, 2 + i));
    await new Promise<void>((resolve) => {
      const stop = m.onParsed(() => {
        if (m.pendingChars === 0) {
          stop();
          resolve();
        }
      });
    });
    const buf = m.terminal.buffer.active;
    expect(buf.getLine(buf.baseY + buf.cursorY - 1)!.translateToString(true)).toMatch(/^line 999 /);
  });
});

describe('TerminalMirror cold scrollback', () => {
  const LIMIT = 2_000;
  const HOT = 100;

  function coldMirror(cols = COLS): TerminalMirror {
    const m = new TerminalMirror(cols, ROWS, LIMIT, () => {}, { hotScrollback: HOT });
    mirrors.push(m);
    return m;
  }

  /**
   * What a client shows after writing `data` into a fresh terminal (a reattach, a restore):
   * its screen, modes and last {@link LIMIT} rows of scrollback. The client's scrollback is
   * larger than that so that no row is trimmed: xterm.js fills a row scrolled into a full
   * buffer with the background set at that moment, and one scrolled into a buffer still
   * growing not, so where the same rows start would change their trailing background.
   */
  async function replay(data: string, cols = COLS): Promise<string> {
    const t = new headless.Terminal({ cols, rows: ROWS, scrollback: LIMIT * 2, allowProposedApi: true, logLevel: 'off' });
    const s = new serialize.SerializeAddon();
    t.loadAddon(s);
    await new Promise<void>((r) => t.write(data, r));
    const out = s.serialize({ scrollback: LIMIT });
    t.dispose();
    return out;
  }

  /** What a reattach showed of a mirror keeping its whole scrollback as cells. */
  async function referenceOf(batches: string[]): Promise<string> {
    const m = new TerminalMirror(COLS, ROWS, LIMIT, () => {}, { hotScrollback: LIMIT });
    mirrors.push(m);
    return replay(await feed(m, batches));
  }

  /** Lines in colour, some wrapped across rows, some with wide chars, cut into batches. */
  function styled(from: number, n: number): string[] {
    let text = '';
    for (let i = from; i < from + n; i++) {
      const colour = `\x1b[${31 + (i % 7)}${i % 5 === 0 ? ';1' : ''}m`;
      const body = i % 9 === 0 ? `wrapped ${i} `.padEnd(150, 'w') : i % 11 === 0 ? `wide ${i} 日本語 é` : `line ${i} `.padEnd(40 + (i % 30), 'x');
      // The background is reset before the line break: the serialize addon writes a row's
      // break with its last background set, and a replaying terminal fills a row scrolled in
      // with it, but not a row it moves down into; which rows scroll differs with where the
      // replay starts (the cold part holds up to a chunk's rows more).
      text += `${colour}${body}\x1b[0m${i % 13 === 0 ? '\x1b[44m bg\x1b[0m' : ''}\r\n`;
    }
    return text.match(/[\s\S]{1,4096}/g)!;
  }

  it('a reattach shows the same scrollback, screen and styles as a mirror keeping every row as cells', async () => {
    const batches = ['\x1b]0;t\x07', ...styled(0, 4_000), '\x1b[1;32mprompt$ '];
    const m = coldMirror();
    const snap = await feed(m, batches);
    expect(await replay(snap)).toBe(await referenceOf(batches));
    // Only the hot rows are cells.
    expect(m.terminal.buffer.normal.length).toBeLessThanOrEqual(HOT + ROWS);
    expect(snap).toContain('line 2186 '); // long cold by then
  });

  it('a snapshot of fewer scrollback rows holds at least those rows', async () => {
    const batches = styled(0, 3_000);
    const m = coldMirror();
    batches.forEach((b, i) => m.write(b, i + 1));
    const hot = new TerminalMirror(COLS, ROWS, LIMIT, () => {}, { hotScrollback: LIMIT });
    mirrors.push(hot);
    batches.forEach((b, i) => hot.write(b, i + 1));
    const shown = async (data: string) => {
      const t = new headless.Terminal({ cols: COLS, rows: ROWS, scrollback: 500, allowProposedApi: true, logLevel: 'off' });
      const s = new serialize.SerializeAddon();
      t.loadAddon(s);
      await new Promise<void>((r) => t.write(data, r));
      const out = s.serialize();
      t.dispose();
      return out;
    };
    expect(await shown((await m.snapshot(500)).data)).toBe(await shown((await hot.snapshot(500)).data));
  });

  it('erasing the scrollback (ED 3) or a reset (RIS) erases the cold rows too', async () => {
    const erased = [...styled(0, 3_000), '\x1b[3J', 'after erase\r\n'];
    const m = coldMirror();
    const snap = await feed(m, erased);
    expect(snap).not.toContain('line 1 ');
    expect(await replay(snap)).toBe(await referenceOf(erased));
    const reset = [...styled(0, 3_000), '\x1bc', 'after reset\r\n', ...styled(5_000, 300)];
    const m2 = coldMirror();
    const snap2 = await feed(m2, reset);
    expect(snap2).not.toContain('line 2999 ');
    expect(await replay(snap2)).toBe(await referenceOf(reset));
  });

  it('the alternate screen neither loses nor repeats cold rows', async () => {
    const batches = [...styled(0, 2_500), '\x1b[?1049h\x1b[H', ...lines(0, 300), '\x1b[?1049l', ...styled(3_000, 400)];
    const m = coldMirror();
    expect(await replay(await feed(m, batches))).toBe(await referenceOf(batches));
  });

  it('after narrowing, every line of the scrollback is still there, rewrapped, and only once', async () => {
    const batches = styled(0, 2_200);
    const m = coldMirror();
    const hot = new TerminalMirror(COLS, ROWS, LIMIT, () => {}, { hotScrollback: LIMIT });
    mirrors.push(hot);
    await feed(m, batches);
    await feed(hot, batches);
    m.resize(50, ROWS);
    hot.resize(50, ROWS);
    /** The lines (wrapped rows joined) a client of that size shows. */
    const linesOf = async (data: string, cols: number, rows = ROWS) => {
      const t = new headless.Terminal({ cols, rows, scrollback: LIMIT * 4, allowProposedApi: true, logLevel: 'off' });
      await new Promise<void>((r) => t.write(data, r));
      const out: string[] = [];
      for (let y = 0; y < t.buffer.normal.length; y++) {
        const line = t.buffer.normal.getLine(y)!;
        if (line.isWrapped && out.length) out[out.length - 1] += line.translateToString(true);
        else out.push(line.translateToString(true));
      }
      t.dispose();
      return out.filter((l) => l !== '');
    };
    const got = await linesOf((await m.snapshot()).data, 50);
    const want = await linesOf((await hot.snapshot()).data, 50);
    expect(want.length).toBeGreaterThan(1_000);
    expect(got.slice(-want.length)).toEqual(want);
    expect(new Set(got).size).toBe(got.length);
    // Wider again, taller, and more output: still every line once.
    m.resize(100, ROWS + 6);
    hot.resize(100, ROWS + 6);
    const more = styled(2_200, 700);
    await feed(m, more);
    await feed(hot, more);
    const got2 = await linesOf((await m.snapshot()).data, 100, ROWS + 6);
    const want2 = await linesOf((await hot.snapshot()).data, 100, ROWS + 6);
    expect(got2.slice(-want2.length)).toEqual(want2);
    expect(new Set(got2).size).toBe(got2.length);
  });

  it('incremental captures joined as the snapshot store joins them show what a reattach shows', async () => {
    const m = coldMirror();
    const chunks: string[] = [];
    let marker = null;
    let screen = '';
    let seq = 0;
    const all: string[] = [];
    for (const part of [styled(0, 1_500), styled(1_500, 60), styled(1_560, 400), styled(1_960, 30)]) {
      for (const b of part) m.write(b, ++seq);
      all.push(...part);
      const cap = await m.captureIncremental(marker, LIMIT);
      if (cap.rebase) chunks.length = 0;
      if (cap.chunk) chunks.push(cap.chunk.data);
      marker = cap.marker;
      screen = cap.screen;
    }
    const restored = chunks.length ? joinScrollback(chunks.join('\r\n'), screen, ROWS) : screen;
    expect(await replay(restored)).toBe(await referenceOf(all));
  });
});
