import { afterEach, describe, expect, it } from 'vitest';
import { RAW_REPLAY_MAX_CHARS } from './constants.js';
import { PtySession } from './pty-session.js';
import { replayableAsIs } from './raw-replay.js';
import { TerminalMirror } from './terminal-mirror.js';
import { tempDir, waitFor } from '../../test/support/temp.js';

describe('replayableAsIs (may a fresh terminal be given the raw output instead of a snapshot)', () => {
  it.each([
    ['plain text and line ends', 'hello\r\nworld\r\n$ '],
    ['empty output', ''],
    ['SGR colours, 256 and truecolor, with colon subparameters', '\x1b[1;31mred\x1b[0m \x1b[38;5;208mx\x1b[38:2::10:20:30my\x1b[m'],
    ['cursor moves, erases, scroll region, insert/delete', '\x1b[2J\x1b[H\x1b[3;5H\x1b[K\x1b[1J\x1b[2;20r\x1b[5@\x1b[2P\x1b[3L\x1b[M\x1b[10G\x1b[4d'],
    ['DEC private modes: bracketed paste, cursor, alternate screen, mouse', '\x1b[?2004h\x1b[?25l\x1b[?1049h\x1b[?1000;1006h\x1b[?1049l\x1b[?25h'],
    ['titles, working folder, hyperlinks and shell marks, BEL- or ST-terminated', '\x1b]0;title\x07\x1b]2;t\x1b\\\x1b]7;file://h/tmp\x07\x1b]8;;https://x.dev\x07link\x1b]8;;\x07\x1b]133;A\x07\x1b]633;P;Cwd=/x\x07'],
    ['save/restore cursor, keypad modes, index, reset, charsets', '\x1b7\x1b8\x1b=\x1b>\x1bM\x1bD\x1bE\x1b(0qqq\x1b(B\x1bc'],
    ['cursor shape, soft reset, SCOSC/SCORC, modifyOtherKeys', '\x1b[2 q\x1b[!p\x1b[s\x1b[u\x1b[>4;1m'],
    ['BEL, backspace, tab, SO/SI and DEL', 'a\x07b\x08c\td\x0e\x0fe\x7f'],
    ['wide and non-BMP text', '日本語 🙂 é'],
  ])('%s: yes', (_, text) => {
    expect(replayableAsIs(text)).toBe(true);
  });

  it.each([
    ['device attributes (DA1, DA2)', 'x\x1b[c', '\x1b[>c', '\x1b[0c'],
    ['status and cursor position reports (DSR)', '\x1b[5n', '\x1b[6n', '\x1b[?6n'],
    ['mode requests (DECRQM), window reports, terminal parameters', '\x1b[?2004$p', '\x1b[2$p', '\x1b[14t', '\x1b[x'],
    ['version and keyboard protocol queries', '\x1b[>0q', '\x1b[?u', '\x1b[>1u', '\x1b[=1u'],
    ['colour queries (OSC 4, 10, 11) and the clipboard (OSC 52)', '\x1b]11;?\x07', '\x1b]4;1;?\x1b\\', '\x1b]10;?\x07', '\x1b]52;c;?\x07'],
    ['string commands: DCS (DECRQSS, XTGETTCAP), APC, PM, SOS', '\x1bP$qm\x1b\\', '\x1bP+q544e\x1b\\', '\x1b_G;x\x1b\\', '\x1b^x\x1b\\', '\x1bXx\x1b\\'],
    ['8-bit C1 controls', '\u009b6n', '\u009d11;?\u0007'],
    ['ENQ (answerback), NUL and other C0 controls', 'a\x05', 'a\x00', '\x1a'],
    ['an unfinished sequence at the end', 'ok\x1b', 'ok\x1b[1;3', 'ok\x1b]0;tit', 'ok\x1b('],
    ['a CSI broken by a control char', '\x1b[1\n;3m'],
  ])('%s: no', (_, ...texts) => {
    for (const text of texts) expect(replayableAsIs(text), JSON.stringify(text)).toBe(false);
  });
});

const open: PtySession[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.kill().then(() => s.dispose())));
  cleanups.splice(0).forEach((c) => c());
});

/** A real PTY running `script` in bash (80×24, prompt `$ `); its output collected. */
function session(script: string): { s: PtySession; out: () => string } {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const s = new PtySession({ argv: ['/bin/bash', '--norc', '--noprofile', '-c', script], cwd: t.dir, cols: 80, rows: 24, env: {} });
  open.push(s);
  let out = '';
  s.onBatch((d) => (out += d));
  return { s, out: () => out };
}

/** What a fresh 80×24 terminal shows from `snapshot`: text and cursor. */
async function shown(snapshot: string): Promise<{ text: string; cursor: [number, number] }> {
  const m = new TerminalMirror(80, 24);
  m.write(snapshot, 1);
  const screen = await m.screen();
  m.dispose();
  return { text: screen.text, cursor: [screen.cursorX, screen.cursorY] };
}

describe('attaching a young session from its raw output (real PTY)', () => {
  it('a short output at the first size is the snapshot itself, and shows what the mirror shows', async () => {
    const { s, out } = session(`printf '\\033]0;build\\007\\033[1;32mready\\033[0m\\r\\nline two\\r\\n$ '; sleep 5`);
    await waitFor(() => out().endsWith('$ '), 10_000, 'the prompt');
    const att = await s.attach(() => undefined, false);
    expect(att.snapshot).toBe(out());
    expect(att.seq).toBe(s.seq);
    const fromMirror = (await s.mirror.snapshot()).data;
    expect(fromMirror).not.toBe(out()); // the mirror serializes: a different text for the same screen
    expect(await shown(att.snapshot)).toEqual(await shown(fromMirror));
    att.detach();
  });

  it('output holding a query is left to the mirror: the new terminal does not answer it again', async () => {
    const { s, out } = session(`printf 'before\\033[6nafter\\r\\n'; sleep 5`);
    await waitFor(() => out().includes('after'), 10_000, 'the output');
    const att = await s.attach(() => undefined, false);
    expect(att.snapshot).not.toContain('\x1b[6n');
    expect((await shown(att.snapshot)).text).toContain('beforeafter');
    att.detach();
  });

  it('after a resize the snapshot is the mirror’s (output written at the old width reflows)', async () => {
    const { s, out } = session(`printf '%s\\n' "$(printf 'x%.0s' $(seq 1 70))"; sleep 5`);
    await waitFor(() => out().includes('xxxxx\r\n'), 10_000, 'the output');
    s.resize(40, 24);
    const att = await s.attach(() => undefined, false);
    expect(att.snapshot).not.toBe(out());
    expect(att.snapshot).toBe((await s.mirror.snapshot()).data);
    att.detach();
  });

  it(`past ${RAW_REPLAY_MAX_CHARS} chars of output the snapshot is the mirror’s, even once it is quiet`, async () => {
    const { s, out } = session(`seq 1 9000; sleep 5`);
    await waitFor(() => out().includes('\r\n9000\r\n'), 10_000, 'the output');
    expect(out().length).toBeGreaterThan(RAW_REPLAY_MAX_CHARS);
    const att = await s.attach(() => undefined, false);
    expect(att.snapshot).toBe((await s.mirror.snapshot()).data);
    expect((await shown(att.snapshot)).text).toContain('9000');
    att.detach();
  });
});
