import { createHash } from 'node:crypto';
import headless from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_MAX_CHARS, CLIENT_HELD_HIGH_CHARS, HIGH_WATERMARK_CHARS } from './constants.js';
import { isPlainText } from './plain-text.js';
import { isAlive, sessionMembers } from './process-group.js';
import { PtySession } from './pty-session.js';
import { TerminalMirror } from './terminal-mirror.js';
import { tempDir, waitFor } from '../../test/support/temp.js';

const open: PtySession[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.kill().then(() => s.dispose())));
  cleanups.splice(0).forEach((c) => c());
});

function bash(cwd: string, cols = 80, rows = 24, argv = ['/bin/bash', '--norc', '--noprofile', '-i']): PtySession {
  const s = new PtySession({ argv, cwd, cols, rows, env: { PS1: '$ ' } });
  open.push(s);
  return s;
}

function collect(s: PtySession): { text: () => string } {
  let out = '';
  s.onBatch((d) => (out += d));
  return { text: () => out };
}

describe('PtySession on a real PTY', () => {
  it('spawns a shell in the folder, runs a written command and reads its output', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = bash(t.dir);
    const out = collect(s);
    s.write('pwd; echo "sum=$((40+2))"\r');
    await waitFor(() => out.text().includes('sum=42'), 10_000, 'echo output');
    expect(out.text()).toContain(t.dir);
  });

  it('delivers a resize to the child (stty size)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = bash(t.dir, 80, 24);
    const out = collect(s);
    s.resize(133, 41);
    s.write('stty size\r');
    await waitFor(() => out.text().includes('41 133'), 10_000, 'stty size 41 133');
  });

  it('records exit code and signal', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = bash(t.dir, 80, 24, ['/bin/bash', '--norc', '-c', 'exit 7']);
    expect(await s.process.waitExit()).toEqual({ exitCode: 7, signal: null });
    const k = bash(t.dir, 80, 24, ['/bin/bash', '--norc', '-c', 'kill -TERM $$']);
    const e = await k.process.waitExit();
    expect(e.signal).toBe(15);
  });

  it('a program that prints 70 KB and exits at once shows its last line, in the output and on the screen, every time', async () => {
    // What a test runner or an agent prints last before it exits is why it exited: without
    // the terminal held open, 4 runs here lost their last 100–125 lines of 600.
    const t = tempDir();
    cleanups.push(t.cleanup);
    for (let run = 1; run <= 4; run++) {
      const s = bash(t.dir, 120, 24, ['/bin/bash', '-c', `for i in $(seq 1 600); do printf 'run-${run}-line-%04d %0100d\\n' $i 0; done; exit 7`]);
      const out = collect(s);
      const exit = await new Promise<{ exitCode: number }>((r) => s.onExit(r));
      expect(exit.exitCode).toBe(7);
      expect(out.text()).toContain(`run-${run}-line-0600 `);
      expect((await s.mirror.screen()).text).toContain(`run-${run}-line-0600 `);
    }
  });

  it('kill leaves no process of the session behind, background jobs included', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = bash(t.dir);
    const out = collect(s);
    // A background job gets a process group of its own under job control; a nohup'd one ignores SIGHUP.
    s.write('sleep 300 & nohup sleep 301 >/dev/null 2>&1 & (trap "" HUP TERM; sleep 302) & echo started\r');
    await waitFor(() => out.text().includes('started'), 10_000, 'jobs started');
    await waitFor(() => sessionMembers(s.process.pid).length >= 4, 5_000, 'four processes');
    const members = sessionMembers(s.process.pid);
    await s.kill();
    expect(members.filter(isAlive)).toEqual([]);
  });

  it('holds a flood past the client window, pauses the child past CLIENT_HELD_HIGH_CHARS and resumes after acks, no byte lost or reordered', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    // A known stream: 40000 numbered lines (~ 1.6 MB), then a marker; the program stays
    // alive after it, as a shell or an agent does after a flood.
    const s = bash(t.dir, 120, 30, ['/bin/bash', '--norc', '-c', 'stty -echo -onlcr; seq -f "line %08g abcdefghijklmnopqrstuvwxyz" 1 40000; echo END-OF-STREAM; sleep 30']);
    let received = '';
    let seqs: number[] = [];
    const att = await s.attach((seq, data) => {
      seqs.push(seq);
      received += data;
    }, true);
    att.start();
    // Do not ack: the client gets its window (HIGH_WATERMARK_CHARS), the PTY pauses once
    // CLIENT_HELD_HIGH_CHARS more wait in the backend.
    await waitFor(() => s.isPaused, 10_000, 'pause at high watermark');
    const atPause = received.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(received.length).toBe(atPause); // nothing more flows while paused
    expect(received.length).toBeGreaterThan(HIGH_WATERMARK_CHARS);
    expect(received.length).toBeLessThan(HIGH_WATERMARK_CHARS + 2 * BATCH_MAX_CHARS);
    // Beyond the client's window, output waits in the backend; acking all of it refills the
    // window at once, while the PTY stays paused.
    expect(s.outputChars - received.length).toBeGreaterThan(CLIENT_HELD_HIGH_CHARS);
    const beforeAck = received.length;
    att.ack(beforeAck);
    expect(received.length).toBeGreaterThanOrEqual(beforeAck + HIGH_WATERMARK_CHARS);
    expect(s.isPaused).toBe(true);
    // Ack in ACK_SIZE steps as a client would; the stream must finish.
    let acked = beforeAck;
    await waitFor(
      () => {
        if (received.length > acked) {
          // An ack may send held output at once: count what was received before it.
          const chars = received.length - acked;
          acked = received.length;
          att.ack(chars);
        }
        return received.includes('END-OF-STREAM');
      },
      30_000,
      'end of stream',
    );
    let expected = '';
    for (let i = 1; i <= 40000; i++) expected += `line ${String(i).padStart(8, '0')} abcdefghijklmnopqrstuvwxyz\n`;
    expected += 'END-OF-STREAM\n';
    const sha = (x: string) => createHash('sha256').update(x).digest('hex');
    expect(sha(received)).toBe(sha(expected));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('an attaching client gets the snapshot and then exactly the batches after it', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = bash(t.dir, 80, 24, ['/bin/bash', '--norc', '-c', 'for i in $(seq 1 400); do echo "n=$i"; sleep 0.002; done; sleep 1']);
    await waitFor(() => s.seq > 5, 10_000, 'some output');
    const mirror = new TerminalMirror(80, 24, 10_000);
    const att = await s.attach((seq, data) => mirror.write(data, seq), false);
    mirror.write(att.snapshot, 0);
    att.start();
    await s.process.waitExit();
    const text = await new Promise<string>((resolve) =>
      setTimeout(async () => {
        await mirror.drain();
        const buf = mirror.terminal.buffer.normal;
        const lines: string[] = [];
        for (let y = 0; y < buf.length; y++) lines.push(buf.getLine(y)!.translateToString(true));
        resolve(lines.join('\n'));
      }, 100),
    );
    const nums = [...text.matchAll(/n=(\d+)/g)].map((m) => Number(m[1]));
    expect(nums).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    mirror.dispose();
  });
});

/** A client terminal's whole state as text: every row of the normal buffer (scrollback and screen), the cursor, the active buffer. */
async function terminalText(cols: number, rows: number, scrollback: number, writes: { data: string; resizeTo?: { cols: number; rows: number } }[]): Promise<string> {
  const term = new headless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
  for (const w of writes) {
    if (w.resizeTo) term.resize(w.resizeTo.cols, w.resizeTo.rows);
    await new Promise<void>((r) => term.write(w.data, r));
  }
  const buf = term.buffer.normal;
  const lines: string[] = [];
  for (let y = 0; y < buf.length; y++) lines.push(buf.getLine(y)!.translateToString(true));
  const text = `${lines.join('\n')}\ncursor ${term.buffer.active.cursorX},${term.buffer.active.cursorY} ${term.buffer.active.type}`;
  term.dispose();
  return text;
}

describe('PtySession client fast-forward (a client that stated its scrollback)', () => {
  /** Lines of scrollback the client states: small, so that a short flood is far longer than what it shows. */
  const SCROLLBACK = 100;
  const COLS = 100;
  const ROWS = 20;
  const END = 'END-OF-STREAM';

  /**
   * Runs `script` on a real PTY with a flow-controlled client that does not ack until the
   * program printed `END` (or the PTY paused), then acks as a console does until it got
   * it. `midway`: once the output holds `after` (the program then waits for a line of
   * input), the mirror catches up, the session is resized when asked (and the mirror catches
   * up again: its report of the new size makes dropping possible again), and the program
   * is let go on.
   */
  async function flood(
    script: string,
    opts: { scrollback?: number; midway?: { after: string; resize?: { cols: number; rows: number } } } = {},
  ): Promise<{
    s: PtySession;
    dropped: number;
    /** The PTY was paused before the client acked anything (else the program printed everything). */
    paused: boolean;
    received: { seq: number; data: string }[];
    all: { seq: number; data: string }[];
    client: string;
    reference: string;
    keptAtResize: number[];
  }> {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = bash(t.dir, COLS, ROWS, ['/bin/bash', '--norc', '-c', `${script}; echo ${END}; sleep 30`]);
    const all: { seq: number; data: string }[] = [];
    s.onBatch((data, seq) => all.push({ seq, data }));
    const received: { seq: number; data: string }[] = [];
    const att = await s.attach((seq, data) => received.push({ seq, data }), true, opts.scrollback);
    att.start();
    const receivedChars = () => received.reduce((n, b) => n + b.data.length, 0);
    let resizedAfter = -1;
    let keptAtResize: number[] = [];
    if (opts.midway) {
      const { after, resize } = opts.midway;
      await waitFor(() => all.some((b) => b.data.includes(after)), 10_000, 'the first part of the flood');
      await s.mirror.drain();
      if (resize) {
        const lastSent = received[received.length - 1]!.seq;
        resizedAfter = s.seq;
        // Without acks, batches leave the wait only by being dropped, from its head: the
        // batches after the last sent, less the dropped ones at their start, are waiting.
        let dropped = att.droppedChars;
        keptAtResize = all.filter((b) => b.seq > lastSent && b.seq <= resizedAfter && (dropped -= b.data.length) < 0).map((b) => b.seq);
        s.resize(resize.cols, resize.rows);
        await s.mirror.drain();
      }
      s.write('\r');
    }
    await waitFor(() => s.isPaused || all.some((b) => b.data.includes(END)), 20_000, 'the end of the flood, or a pause');
    const paused = s.isPaused;
    let acked = 0;
    await waitFor(
      () => {
        const got = receivedChars();
        if (got > acked) {
          att.ack(got - acked);
          acked = got;
        }
        return received.some((b) => b.data.includes(END));
      },
      30_000,
      'the client got the end',
    );
    const size = opts.midway?.resize;
    const withResize = (bs: { seq: number; data: string }[]) =>
      bs.map((b) => ({ data: b.data, resizeTo: size && b.seq === resizedAfter + 1 ? size : undefined }));
    const scrollback = opts.scrollback ?? SCROLLBACK;
    const client = await terminalText(COLS, ROWS, scrollback, [{ data: att.snapshot }, ...withResize(received)]);
    const reference = await terminalText(COLS, ROWS, scrollback, withResize(all));
    return { s, dropped: att.droppedChars, paused, received, all, client, reference, keptAtResize };
  }

  /** Numbered lines of plain text (append first and last), 42 chars each with CRLF. */
  const SEQ = 'stty -echo; seq -f "line %08g abcdefghijklmnopqrstuvwxyz"';
  /** 30,000 of them, ~1.3 MB. */
  const PLAIN = `${SEQ} 1 30000`;

  it('drops plain output the client could never show, and the client ends with the same screen and scrollback', async () => {
    const r = await flood(PLAIN, { scrollback: SCROLLBACK });
    expect(r.dropped).toBeGreaterThan(0);
    expect(r.paused).toBe(false);
    expect(r.received.length).toBeLessThan(r.all.length);
    const seqs = r.received.map((b) => b.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(r.client).toBe(r.reference);
    expect(r.client).toContain('line 00030000 ');
    expect(r.client).toContain(`line ${String(30000 - SCROLLBACK).padStart(8, '0')} `);
  });

  it('drops nothing for a client that stated no scrollback', async () => {
    const r = await flood(PLAIN);
    expect(r.dropped).toBe(0);
    expect(r.received.map((b) => b.seq)).toEqual(r.all.map((b) => b.seq));
    expect(r.client).toBe(r.reference);
  });

  it('drops nothing while a scroll region is set', async () => {
    const r = await flood(`printf '\\033[1;10r'; ${PLAIN}`, { scrollback: SCROLLBACK });
    expect(r.dropped).toBe(0);
    expect(r.client).toBe(r.reference);
  });

  it('drops nothing after a scroll region is set mid-flood, before the mirror reports it', async () => {
    const r = await flood(`${SEQ} 1 15000; read x; printf '\\033[1;10r'; ${SEQ} 15001 30000`, {
      scrollback: SCROLLBACK,
      midway: { after: 'line 00015000' },
    });
    const region = r.all.find((b) => b.data.includes('\x1b[1;10r'))!.seq;
    const seqs = new Set(r.received.map((b) => b.seq));
    expect(r.all.filter((b) => b.seq >= region && !seqs.has(b.seq)).map((b) => b.seq)).toEqual([]);
    expect(r.client).toBe(r.reference);
  });

  it('drops nothing across output that is not plain text', async () => {
    // Every line coloured: no batch is plain.
    const r = await flood(`${SEQ} 1 30000 | sed 's/^/\x1b[32m/; s/$/\x1b[0m/'`, { scrollback: SCROLLBACK });
    expect(r.all.filter((b) => b.data.includes('line 000') && isPlainText(b.data))).toEqual([]);
    expect(r.dropped).toBe(0);
    // ~1.5 M chars: output that is not plain waits only up to CLIENT_HELD_HIGH_CHARS, as for any client.
    expect(r.paused).toBe(true);
    expect(r.client).toBe(r.reference);
  });

  it('keeps every batch that was waiting at a resize', async () => {
    const r = await flood(`${SEQ} 1 15000; read x; ${SEQ} 15001 30000`, {
      scrollback: SCROLLBACK,
      midway: { after: 'line 00015000', resize: { cols: 80, rows: 24 } },
    });
    const seqs = new Set(r.received.map((b) => b.seq));
    expect(r.keptAtResize.length).toBeGreaterThan(0);
    expect(r.keptAtResize.filter((seq) => !seqs.has(seq))).toEqual([]);
    expect(r.client).toBe(r.reference);
  });
});

describe('TerminalMirror', () => {
  it('serializes and restores a screen with colours and cursor', async () => {
    const a = new TerminalMirror(40, 10);
    a.write('plain \x1b[1;31mbold red\x1b[0m\r\nsecond line\x1b[3;5H', 1);
    const snap = await a.snapshot();
    expect(snap.seq).toBe(1);
    const b = new TerminalMirror(40, 10);
    b.write(snap.data, 1);
    expect((await b.screen()).text).toBe((await a.screen()).text);
    const sa = await a.screen();
    const sb = await b.screen();
    expect([sb.cursorX, sb.cursorY]).toEqual([sa.cursorX, sa.cursorY]);
    expect(b.terminal.buffer.active.getLine(0)!.getCell(6)!.isBold()).toBeTruthy();
    a.dispose();
    b.dispose();
  });

  it('restores the alternate screen of a full-screen program (less)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = new PtySession({
      argv: ['/bin/bash', '--norc', '-c', 'seq 1 500 | less'],
      cwd: t.dir,
      cols: 60,
      rows: 12,
      env: { LESS: '', LESSHISTFILE: '-' },
    });
    open.push(s);
    await waitFor(async () => s.mirror.inAlternateScreen && (await s.mirror.screen()).text.includes('11'), 10_000, 'less on the alternate screen');
    const original = await s.mirror.screen();
    const snap = await s.mirror.snapshot();
    const copy = new TerminalMirror(60, 12);
    copy.write(snap.data, 0);
    const restored = await copy.screen();
    expect(copy.inAlternateScreen).toBe(true);
    expect(restored.text).toBe(original.text);
    expect(restored.text.split('\n')[0]).toBe('1');
    copy.dispose();
  });
});
