/**
 * Benchmarks of session recovery, run by `npm run bench` (exports `run()`) or
 * alone with `npx tsx bench/recovery.bench.ts`:
 * - restore: from backend start to three restored sessions ready, each with 5,000 lines of
 *   scrollback (goal < 1 s); "ready" = restored, snapshot parsed by the mirror, agent relaunched;
 * - snapshot cost per session with 5,000 lines × 120 columns (goal < 5 ms), measured on the
 *   mirror's serialize call, which runs from a timer, never on the output path;
 * - soak: RSS and open fds of the backend at start and end of `BENCH_SOAK_MIN` minutes
 *   (default 10) of one session printing continuously; RSS sampled right after a full
 *   collection in both of the backend's isolates (test-support/soak.ts).
 */
import { join } from 'node:path';
import { TerminalMirror } from '../backend/pty/terminal-mirror.js';
import { SnapshotScheduler } from '../backend/recovery/snapshot-scheduler.js';
import { openDatabase } from '../backend/store/database.js';
import { SnapshotRepository } from '../backend/store/snapshot-repository.js';
import { CortexBackend } from '../backend/service/cortex-backend.js';
import { runSoak } from '../test/support/soak.js';
import { tempDir, testShellEnv, waitFor } from '../test/support/temp.js';
import type { Figure } from './harness/figures.js';

const LINES = 5_000;
const COLS = 120;
const RESTORE_GOAL_MS = 1_000;
const SNAPSHOT_GOAL_MS = 5;
const SNAPSHOT_ROUNDS = 30;
/** Lines an agent prints between two saves in the snapshot benchmark (2 s of brisk output). */
const BURST_LINES = 100;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Restore of three sessions with 5,000 lines each: ms from `CortexBackend.create` to ready. */
async function benchRestore(): Promise<Figure[]> {
  const data = tempDir('cortex-bench-restore-');
  const work = tempDir('cortex-bench-work-');
  const env = testShellEnv();
  try {
    const a = await CortexBackend.create({ dataDir: data.dir, env });
    const project = a.projects.add(work.dir).project;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = a.sessions.start({ project, agent: 'shell', cols: COLS, rows: 40 });
      ids.push(s.id);
      a.sessions.write(s.id, `for i in $(seq 1 ${LINES}); do printf 'session ${i} line %05d %s\\n' $i '${'x'.repeat(80)}'; done\r`);
    }
    await waitFor(async () => {
      for (const id of ids) if (!/line 05000/.test((await a.sessions.screen(id)).text)) return false;
      return true;
    }, 60_000, 'three sessions printed');
    await a.close(); // quit: snapshots saved, processes ended, sessions kept for restore
    const t0 = performance.now();
    const b = await CortexBackend.create({ dataDir: data.dir, env });
    const restored = b.recovery.restored;
    await Promise.all(restored.map((s) => b.sessions.pipeline(s.id)!.mirror.drain()));
    const ready = performance.now() - t0;
    const scrollback = (await b.sessions.pipeline(restored[0]!.id)!.mirror.snapshot()).data.split('\n').length;
    const relaunched = restored.filter((s) => s.pid !== null && b.sessions.pipeline(s.id)?.running).length;
    await b.close();
    return [
      {
        id: 'restore.3x5000',
        name: 'backend start → 3 restored sessions ready (5,000 lines each)',
        value: Math.round(ready),
        unit: 'ms',
        goal: `< ${RESTORE_GOAL_MS} ms`,
        pass: ready < RESTORE_GOAL_MS && restored.length === 3,
        note: `${restored.length} restored, ${relaunched} relaunched, ${scrollback} lines in the first session's snapshot`,
      },
    ];
  } finally {
    data.cleanup();
    work.cleanup();
  }
}

/**
 * Snapshot cost per session with 5,000 lines of scrollback at 120 columns: the periodic,
 * incremental save (screen + the rows that scrolled off since the last save, appended in
 * SQLite) after each burst of output, and, for comparison, a full rewrite of the scrollback
 * (first save, resize, or a flood past the limit).
 */
async function benchSnapshot(): Promise<Figure[]> {
  const data = tempDir('cortex-bench-snap-');
  const db = openDatabase(join(data.dir, 'c.sqlite'));
  db.prepare("INSERT INTO projects (id, name, path, created_at) VALUES ('p', 'p', '/p', 0)").run();
  db.prepare(
    "INSERT INTO sessions (id, project_id, agent, argv, cwd, state, state_since, started_at, cols, rows) VALUES ('s', 'p', 'shell', '[]', '/p', 'idle', 0, 0, 120, 40)",
  ).run();
  const sched = new SnapshotScheduler(new SnapshotRepository(db), () => LINES, 0);
  const m = new TerminalMirror(COLS, 40, LINES);
  sched.track('s', m, () => ({ cols: COLS, rows: 40 }));
  let n = 0;
  const burst = async (lines: number) => {
    let text = '';
    for (let i = 0; i < lines; i++) text += `\x1b[32mline ${String(++n).padStart(6, '0')}\x1b[0m ${'y'.repeat(100)}\r\n`;
    m.write(text, n);
    await m.drain();
  };
  try {
    await burst(LINES + 40);
    const fullStart = performance.now();
    await sched.save('s');
    const full = performance.now() - fullStart;
    const costs: number[] = [];
    for (let i = 0; i < SNAPSHOT_ROUNDS; i++) {
      await burst(BURST_LINES);
      const t0 = performance.now();
      await sched.save('s');
      costs.push(performance.now() - t0);
    }
    const p50 = percentile(costs, 50);
    const p95 = percentile(costs, 95);
    return [
      {
        id: 'snapshot.p50',
        name: `snapshot cost per session (5,000 lines × 120 cols, +${BURST_LINES} lines since the last), p50`,
        value: Number(p50.toFixed(2)),
        unit: 'ms',
        goal: `< ${SNAPSHOT_GOAL_MS} ms`,
        pass: p50 < SNAPSHOT_GOAL_MS,
        note: `p95 ${p95.toFixed(2)} ms over ${SNAPSHOT_ROUNDS} saves (serialize + SQLite write); from a timer, never on the output path`,
      },
      {
        id: 'snapshot.full',
        name: 'full scrollback rewrite (first save, resize, flood past the limit)',
        value: Number(full.toFixed(1)),
        unit: 'ms',
        note: 'informational: at most once per 2 s per session, and only in those cases',
      },
    ];
  } finally {
    sched.dispose();
    m.dispose();
    db.close();
    data.cleanup();
  }
}

/** The soak: RSS and fds at start and end. */
async function benchSoak(): Promise<Figure[]> {
  if (process.platform !== 'linux') return [];
  const minutes = Number(process.env['BENCH_SOAK_MIN'] ?? 10);
  const r = await runSoak(minutes * 60_000);
  const mib = (n: number) => Number((n / 2 ** 20).toFixed(1));
  const first = r.samples[0]!;
  const last = r.samples[r.samples.length - 1]!;
  return [
    { id: 'soak.rss.start', name: `soak ${minutes} min: backend RSS at start`, value: mib(first.rss), unit: 'MiB' },
    { id: 'soak.rss.end', name: `soak ${minutes} min: backend RSS at end`, value: mib(last.rss), unit: 'MiB' },
    {
      id: 'soak.rss.growth',
      name: `soak ${minutes} min: RSS floor growth after warm-up`,
      value: Number(((r.floorLast / r.floorFirst - 1) * 100).toFixed(1)),
      unit: '%',
      goal: '< 10 %',
      pass: r.floorLast / r.floorFirst < 1.1,
      note: `floor ${mib(r.floorFirst)} → ${mib(r.floorLast)} MiB, mean ${mib(r.meanFirst)} → ${mib(r.meanLast)} MiB; each sample after a full GC of main and mirror worker`,
    },
    { id: 'soak.fds', name: `soak ${minutes} min: open fds start → end`, value: last.fds - first.fds, unit: 'fds', goal: 'flat', pass: Math.abs(last.fds - first.fds) <= 2, note: `${first.fds} → ${last.fds}` },
  ];
}

/** Every recovery figure. */
export async function run(): Promise<Figure[]> {
  return [...(await benchRestore()), ...(await benchSnapshot()), ...(await benchSoak())];
}

if (process.argv[1] && join(process.argv[1]) === join(new URL(import.meta.url).pathname)) {
  run().then((f) => console.log(JSON.stringify(f, null, 2)));
}
