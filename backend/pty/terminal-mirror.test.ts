import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import { afterEach, describe, expect, it } from 'vitest';
import { countLineFeeds, isPlainText } from './plain-text.js';
import { TerminalMirror } from './terminal-mirror.js';

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
