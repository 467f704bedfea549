import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalMirror } from '../pty/terminal-mirror.js';
import { openDatabase, type Db } from '../store/database.js';
import { SnapshotRepository } from '../store/snapshot-repository.js';
import { tempDir } from '../../test/support/temp.js';
import { SnapshotScheduler } from './snapshot-scheduler.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/**
 * A session of `cols` × 10 in a real SQLite file, its mirror keeping `limit` lines, and a
 * scheduler saving at most every `intervalMs` (0: at once).
 * @param floodWaitMs the mirror's flood wait (the worker's fast-forward); 0: none
 */
function setup(limit = 500, { cols = 80, intervalMs = 0, floodWaitMs = 0 } = {}): { db: Db; repo: SnapshotRepository; sched: SnapshotScheduler; mirror: TerminalMirror } {
  const t = tempDir();
  const db = openDatabase(join(t.dir, 'c.sqlite'));
  db.prepare("INSERT INTO projects (id, name, path, created_at) VALUES ('p', 'p', '/p', 0)").run();
  db.prepare(
    `INSERT INTO sessions (id, project_id, agent, argv, cwd, state, state_since, started_at, cols, rows) VALUES ('s', 'p', 'shell', '[]', '/p', 'idle', 0, 0, ${cols}, 10)`,
  ).run();
  const repo = new SnapshotRepository(db);
  const sched = new SnapshotScheduler(repo, () => limit, intervalMs);
  const mirror = new TerminalMirror(cols, 10, limit, () => {}, { floodWaitMs });
  sched.track('s', mirror, () => ({ cols, rows: 10 }));
  cleanups.push(() => {
    sched.dispose();
    mirror.dispose();
    db.close();
    t.cleanup();
  });
  return { db, repo, sched, mirror };
}

let seq = 0;
async function print(m: TerminalMirror, from: number, to: number): Promise<void> {
  let text = '';
  for (let i = from; i <= to; i++) text += `\x1b[1mrow ${i}\x1b[0m\r\n`;
  m.write(text, ++seq);
  await m.drain();
}

async function restoredText(repo: SnapshotRepository, limit: number): Promise<{ all: string; screen: string }> {
  const snap = repo.get('s')!;
  const m = new TerminalMirror(snap.cols, snap.rows, limit);
  m.write(snap.data, 1);
  await m.drain();
  const buf = m.terminal.buffer.normal;
  const lines: string[] = [];
  for (let y = 0; y < buf.length; y++) lines.push(buf.getLine(y)!.translateToString(true));
  const screen = (await m.screen()).text;
  m.dispose();
  return { all: lines.join('\n').trimEnd(), screen };
}

async function originalText(m: TerminalMirror): Promise<string> {
  await m.drain();
  const buf = m.terminal.buffer.normal;
  const lines: string[] = [];
  for (let y = 0; y < buf.length; y++) lines.push(buf.getLine(y)!.translateToString(true));
  return lines.join('\n').trimEnd();
}

/** The normal buffer's logical lines: rows joined where the next row wraps (isWrapped). */
function logicalLines(m: TerminalMirror): string[] {
  const buf = m.terminal.buffer.normal;
  const out: string[] = [];
  for (let y = 0; y < buf.length; y++) {
    const line = buf.getLine(y)!;
    const text = line.translateToString(!buf.getLine(y + 1)?.isWrapped);
    if (line.isWrapped && out.length > 0) out[out.length - 1] += text;
    else out.push(text);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

describe('incremental snapshots', () => {
  it('never run two saves of a session at once: a flood arriving during a slow capture is saved by one more save, not one per batch', async () => {
    const { repo, sched, mirror } = setup(500);
    let inFlight = 0;
    let maxInFlight = 0;
    const capture = mirror.captureIncremental.bind(mirror);
    mirror.captureIncremental = async (from, lines) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await capture(from, lines);
      } finally {
        inFlight--;
      }
    };
    // A backlog the capture must wait for: ~3 MB, parsed in 3 ms slices.
    let text = '';
    for (let i = 0; i < 20_000; i++) text += `row ${i} ${'x'.repeat(140)}\r\n`;
    mirror.write(text, ++seq);
    sched.changed('s');
    // The flood's later batches keep arriving while that save waits for the parse.
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setImmediate(r));
      mirror.write(`more ${i}\r\n`, ++seq);
      sched.changed('s');
    }
    await mirror.drain();
    await new Promise((r) => setTimeout(r, 50));
    await sched.save('s');
    expect(maxInFlight).toBe(1);
    expect(sched.costsMs.length).toBeLessThan(10); // one per batch (40) before the fix
    const restored = await restoredText(repo, 500);
    expect(restored.screen).toBe((await mirror.screen()).text);
    expect(restored.screen).toContain('more 39');
  });

  it('append only the rows that scrolled off, and restore the same scrollback and screen as a full snapshot', async () => {
    const { repo, sched, mirror, db } = setup(500);
    await print(mirror, 1, 100);
    await sched.save('s');
    await print(mirror, 101, 130);
    await sched.save('s');
    await print(mirror, 131, 131);
    await sched.save('s');
    const chunks = db.prepare("SELECT line_count FROM session_scrollback WHERE session_id = 's' ORDER BY chunk_no").all() as { line_count: number }[];
    expect(chunks.map((c) => c.line_count)).toEqual([91, 30, 1]);
    const restored = await restoredText(repo, 500);
    expect(restored.all).toBe(await originalText(mirror));
    expect(restored.screen).toBe((await mirror.screen()).text);
  });

  it('keep a line wrapped across the scrollback/screen boundary one line after a restore', async () => {
    const { repo, sched, mirror } = setup(500);
    // 160-char lines at 80 columns: two rows each; the saves below cut lines at both boundaries.
    const long = (from: number, to: number) => {
      let text = '';
      for (let i = from; i <= to; i++) text += `L${i}-${'abcdefghij'.repeat(16)}`.slice(0, 160) + '\r\n';
      mirror.write(text, ++seq);
    };
    long(1, 7); // 14 rows + the cursor's: the screen's top row (row 5) continues L3 from the scrollback
    await mirror.drain();
    await sched.save('s');
    long(8, 12);
    mirror.write('L13-tail', ++seq);
    await mirror.drain();
    await sched.save('s');
    const saved = repo.get('s')!;
    const m = new TerminalMirror(saved.cols, saved.rows, 500);
    cleanups.push(() => m.dispose());
    m.write(saved.data, 1);
    await m.drain();
    expect(logicalLines(m)).toEqual(logicalLines(mirror));
    expect(logicalLines(m).filter((l) => l.startsWith('L'))).toHaveLength(13);
    expect((await m.screen()).text).toBe((await mirror.screen()).text);
  });

  it('keep the stored scrollback within the limit, and rewrite it after a flood past the limit', async () => {
    const { repo, sched, mirror, db } = setup(100);
    for (let k = 0; k < 10; k++) {
      await print(mirror, k * 40 + 1, k * 40 + 40);
      await sched.save('s');
    }
    const stored = db.prepare("SELECT SUM(line_count) AS n FROM session_scrollback WHERE session_id = 's'").get() as { n: number };
    expect(stored.n).toBeLessThanOrEqual(100 + 40);
    expect(stored.n).toBeGreaterThanOrEqual(100);
    // A flood of more rows than the scrollback holds trims the marker away: one full rewrite.
    await print(mirror, 1000, 1500);
    await sched.save('s');
    const restored = await restoredText(repo, 100);
    expect(restored.all).toBe(await originalText(mirror));
  });

  it('put off the rewrite while a flood the mirror fast-forwards goes on, then save it once', async () => {
    // Saves every 50 ms at most; a rewrite during a flood at most every 10 s (the default).
    // The worker's mirror: a plain backlog waits up to 100 ms, so a flood can be skipped.
    const { repo, sched, mirror } = setup(100, { cols: 120, intervalMs: 50, floodWaitMs: 100 });
    await print(mirror, 1, 5);
    await sched.save('s');
    const savesBefore = sched.costsMs.length;
    // 1 s of plain 120-column lines, 300 every 5 ms: far past the 100-row scrollback each time.
    let n = 0;
    const end = performance.now() + 1_000;
    while (performance.now() < end) {
      let text = '';
      for (let i = 0; i < 300; i++) text += `flood ${++n} ${'y'.repeat(100)}\r\n`;
      mirror.write(text, ++seq);
      sched.changed('s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const savesDuring = sched.costsMs.length - savesBefore;
    expect(mirror.fastForwardedChars).toBeGreaterThan(0);
    // Each save would make the mirror parse its backlog and rewrite the whole scrollback:
    // one every 50 ms (~20) before the scheduler knew of fast-forward.
    expect(savesDuring).toBeLessThanOrEqual(2);
    // Once the flood stops, the rewrite comes: the stored terminal is the mirror's.
    await mirror.drain();
    await new Promise((r) => setTimeout(r, 300));
    expect(sched.costsMs.length).toBeGreaterThan(savesBefore + savesDuring);
    const restored = await restoredText(repo, 100);
    expect(restored.all).toBe(await originalText(mirror));
    expect(restored.screen).toContain(`flood ${n} `);
  });

  it('survive the alternate screen and a resize', async () => {
    const { repo, sched, mirror } = setup(500);
    await print(mirror, 1, 50);
    await sched.save('s');
    mirror.write('\x1b[?1049h\x1b[Hfull-screen app\r\nsecond row', ++seq);
    await sched.save('s');
    let restored = await restoredText(repo, 500);
    expect(restored.screen).toBe('full-screen app\nsecond row');
    mirror.write('\x1b[?1049l', ++seq);
    mirror.resize(60, 10);
    sched.resized('s');
    await print(mirror, 51, 60);
    await sched.save('s');
    restored = await restoredText(repo, 500);
    expect(restored.all).toContain('row 1\n');
    expect(restored.screen).toBe((await mirror.screen()).text);
  });
});
