import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_MAX_CHARS, CLIENT_HELD_HIGH_CHARS, HIGH_WATERMARK_CHARS } from './constants.js';
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
