/**
 * `npm run bench` (scripts/bench.mjs runs this under tsx): the terminal-pipeline benchmarks
 * measured in one run on the same text, plus the figures of bench/cache*.ts and
 * bench/status*.ts when present. Prints a table and writes bench-results/latest.json.
 * Exits 0 when goals fail (it is a measurement); 1 only when a benchmark itself broke.
 *
 * Environment: BENCH_MB (size of the text, MB; default {@link DEFAULT_MB}), BENCH_ONLY
 * (comma list of a,b,c,d,echo,memory,peers,extras,baseline), BENCH_KEYS (keystrokes under flood),
 * BENCH_SESSIONS (sessions in the memory benchmark), BENCH_ROUNDS (paired rounds of (c) and
 * (d), default 3: bench/harness/rounds.ts), BENCH_OUT (JSON path), BENCH_RENDERER_B (a second
 * built renderer, e.g. of the revision before a change: (d) runs with it too in every round,
 * next to (d), and (d)/(d with B) is reported as the median of the rounds' ratios),
 * BENCH_BACKEND_B (another checkout whose backend serves those (d with B) rounds: A/B of two
 * backends; with this renderer unless BENCH_RENDERER_B names one), BENCH_BURNERS (CPU
 * burners run beside the (c) and (d) rounds: the loaded figure of the (d)/(c) goal, which
 * must hold quiet and loaded; bench/harness/burners.ts).
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { benchBaseline, BASELINE_MB, BASELINE_ROUNDS } from './baseline.js';
import { benchEchoLatency, ECHO_P95_GOAL_MS, FLOOD_KEYSTROKES } from './echo-latency.js';
import { foreignBenches, runForeignBench } from './extras.js';
import { startBackendProcess, type BackendProcess } from './harness/backend-process.js';
import { burnersFromEnv, startBurners, type Burners } from './harness/burners.js';
import { chromiumAvailable, CHROMIUM_PATH } from './harness/chromium.js';
import { machineInfo, type BenchResult, type Figure } from './harness/figures.js';
import { benchProfiles, makeSentinel } from './harness/profiles.js';
import { formatReport, writeReport, type BenchReport } from './harness/report.js';
import { roundOrder, roundsFromEnv } from './harness/rounds.js';
import { median } from './harness/stats.js';
import { generateBenchText, MB, TEXT_COLUMNS } from './harness/text-file.js';
import { MEMORY_SESSIONS, SCROLLBACK_LINES, benchSessionMemory } from './session-memory.js';
import { benchWholeApp, rendererBuilt, RENDERER_DIR } from './throughput-app.js';
import { benchPeersSideBySide, PEER_KEYS, PEER_MB, PEER_ROUNDS } from './peers.js';
import { benchPtyAlone } from './throughput-pty.js';
import { benchBareXterm } from './throughput-xterm.js';
import { benchBackendWs } from './throughput-ws.js';

/**
 * Default size of the text, MB (10^6 B). A full run uses 100 MB; at ~10 MB/s
 * for xterm.js in headless Chromium (c) and (d) take ~10–30 s each here, so 100 fits the
 * ~8 minute budget with room for a loaded machine.
 */
export const DEFAULT_MB = 100;
/** Goal: (d)/(c) ≥ 1 — the whole app draws text at least as fast as xterm.js fed from memory, quiet or loaded. */
export const APP_OVER_XTERM_GOAL = 1;
/** A second built renderer to compare (d) with in the same run (a folder like dist/frontend/browser). */
const RENDERER_B = process.env['BENCH_RENDERER_B'] || null;
/** Another checkout whose backend serves the (d with B) rounds (with RENDERER_B, or this renderer). */
const BACKEND_B = process.env['BENCH_BACKEND_B'] || null;
/** Goal: (b) ≥ (c) — the backend is never the bottleneck. */
export const BACKEND_OVER_XTERM_GOAL = 1;
/** The size (c) draws when (d) did not run: the issue's 120×40. */
const DEFAULT_GRID = { cols: TEXT_COLUMNS, rows: 40 };
const ALL_STEPS = ['a', 'b', 'c', 'd', 'echo', 'memory', 'peers', 'extras', 'baseline'] as const;
type Step = (typeof ALL_STEPS)[number];

function wanted(): Set<Step> {
  const raw = process.env['BENCH_ONLY'];
  if (!raw) return new Set(ALL_STEPS);
  const steps = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = steps.filter((s) => !(ALL_STEPS as readonly string[]).includes(s));
  if (bad.length) throw new Error(`BENCH_ONLY: unknown step(s) ${bad.join(', ')}; use ${ALL_STEPS.join(',')}`);
  return new Set(steps as Step[]);
}

/** Runs one benchmark, timing it and turning a throw into a result with `error`. */
async function step(bench: string, fn: () => Promise<Figure[] | { skipped: string }>): Promise<BenchResult> {
  const t0 = performance.now();
  process.stderr.write(`bench: ${bench}…\n`);
  try {
    const r = await fn();
    const seconds = (performance.now() - t0) / 1000;
    return Array.isArray(r) ? { bench, figures: r, seconds } : { bench, figures: [], skipped: r.skipped, seconds };
  } catch (err) {
    return { bench, figures: [], error: (err as Error).stack ?? String(err), seconds: (performance.now() - t0) / 1000 };
  }
}

/** A ratio figure (×) with an optional "≥ goal"; a null value reads "not measured in this run". */
function ratioFigure(id: string, name: string, value: number | null, goal?: number, note?: string): Figure {
  return {
    id,
    name,
    value,
    unit: '×',
    goal: goal === undefined ? undefined : `≥ ${goal}`,
    pass: goal === undefined || value === null ? null : value >= goal,
    note: value === null ? 'not measured in this run' : note,
  };
}

function ratio(id: string, name: string, num: number | undefined, den: number | undefined, goal?: number): Figure {
  return ratioFigure(id, name, num !== undefined && den !== undefined && den > 0 ? num / den : null, goal);
}

/** MB/s and MB per page busy-second of (c) or (d) in one paired round. */
type RoundFigure = { mbps: number; perBusy: number };
type RoundFigures = Record<'c' | 'd' | 'dB', (RoundFigure | undefined)[]>;

/** Figure ids marked with their round (`d.app.r2`; unchanged when there is one round); the result's title names the round. */
function withRound(figures: Figure[], round: number, rounds: number): Figure[] {
  if (rounds === 1) return figures;
  return figures.map((f) => ({ ...f, id: `${f.id}.r${round}` }));
}

/**
 * (d)/(c) read as the median of each round's own ratio (two runs seconds apart, order
 * alternated: bench/harness/rounds.ts); the note lists every round's ratio.
 */
function pairedRatio(id: string, name: string, rounds: RoundFigures, key: keyof RoundFigure, goal?: number, over: 'c' | 'dB' = 'c'): Figure {
  const ratios: number[] = [];
  rounds.d.forEach((d, i) => {
    const c = rounds[over][i];
    if (d && c && c[key] > 0) ratios.push(d[key] / c[key]);
  });
  const note = ratios.length > 1 ? `median of ${ratios.length} paired rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')}` : undefined;
  return ratioFigure(id, name, ratios.length ? median(ratios) : null, goal, note);
}

async function main(): Promise<number> {
  const steps = wanted();
  const megabytes = Number(process.env['BENCH_MB'] ?? DEFAULT_MB);
  if (!(megabytes > 0)) throw new Error(`BENCH_MB must be a positive number, not "${process.env['BENCH_MB']}"`);
  const out = process.env['BENCH_OUT'] ?? join(process.cwd(), 'bench-results', 'latest.json');
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const machine = machineInfo();
  process.stderr.write(`bench: writing ${megabytes} MB of ${TEXT_COLUMNS}-column text…\n`);
  const text = generateBenchText(megabytes);
  const sentinel = makeSentinel();
  const results: BenchResult[] = [];
  const mbps: Partial<Record<'a' | 'b' | 'c' | 'd', number>> = {};
  /** MB per CPU-second of the process that bounds each path (backend for b, page main thread for c, d). */
  const perCpu: Partial<Record<'b' | 'c' | 'd', number>> = {};
  /** (c) and (d) of each paired round (index = round - 1). */
  const roundFigures: RoundFigures = { c: [], d: [], dB: [] };
  const rounds = roundsFromEnv();
  const burnerCount = burnersFromEnv();
  let burners: Burners | null = null;
  let backend: BackendProcess | null = null;
  let backendB: BackendProcess | null = null;
  try {
    if (steps.has('a')) {
      results.push(await step('(a) node-pty alone', async () => {
        const r = await benchPtyAlone(text);
        mbps.a = r.mbps;
        return [r.figure];
      }));
    }
    if (['b', 'd', 'echo'].some((s) => steps.has(s as Step))) {
      backend = await startBackendProcess({ profiles: benchProfiles(text.file, sentinel, SCROLLBACK_LINES), staticDir: rendererBuilt() ? RENDERER_DIR : undefined });
    }
    if (steps.has('b')) {
      results.push(await step('(b) backend → WebSocket', async () => {
        const r = await benchBackendWs(backend!, text, sentinel);
        mbps.b = r.mbps;
        perCpu.b = r.mbPerCpu;
        return r.figures;
      }));
    }
    let grid = DEFAULT_GRID;
    if ((RENDERER_B || BACKEND_B) && steps.has('d')) {
      backendB = await startBackendProcess({
        profiles: benchProfiles(text.file, sentinel, SCROLLBACK_LINES),
        staticDir: RENDERER_B ?? RENDERER_DIR,
        tree: BACKEND_B ?? undefined,
      });
    }
    // With a second renderer, its (d) runs between (d) and (c): d dB c, c dB d, …
    const terminalRounds = (steps.has('c') || steps.has('d') ? roundOrder(rounds, 'd' as const, 'c' as const) : []).map((o) =>
      backendB ? [o[0]!, 'dB' as const, o[1]!] : o,
    );
    if (burnerCount > 0 && terminalRounds.length > 0) {
      process.stderr.write(`bench: ${burnerCount} CPU burner(s) beside (c) and (d), load ${loadavg()[0]!.toFixed(2)}\n`);
      burners = startBurners(burnerCount);
    }
    for (const [i, order] of terminalRounds.entries()) {
      const round = i + 1;
      const suffix = rounds > 1 ? `, round ${round} of ${rounds}` : '';
      for (const which of order) {
        if (which === 'dB') {
          results.push(await step(`(d) whole app with BENCH_RENDERER_B / BENCH_BACKEND_B${suffix}`, async () => {
            try {
              const r = await benchWholeApp(backendB!, text, sentinel, 'dB');
              roundFigures.dB[i] = { mbps: r.mbps, perBusy: r.mbPerBusy };
              return withRound(r.figures, round, rounds);
            } catch (err) {
              if ((err as Error).name === 'TimeoutError') return { skipped: `UI not ready: ${(err as Error).message.split('\n')[0]}` };
              throw err;
            }
          }));
          continue;
        }
        if (!steps.has(which)) continue;
        if (which === 'd') {
          results.push(await step(`(d) whole app in Chromium${suffix}`, async () => {
            if (!chromiumAvailable()) return { skipped: `no Chromium at ${CHROMIUM_PATH}` };
            if (!rendererBuilt()) return { skipped: `renderer not built (${RENDERER_DIR}); run npm run build:frontend` };
            try {
              const r = await benchWholeApp(backend!, text, sentinel);
              roundFigures.d[i] = { mbps: r.mbps, perBusy: r.mbPerBusy };
              grid = r.size;
              return withRound(r.figures, round, rounds);
            } catch (err) {
              if ((err as Error).name === 'TimeoutError') return { skipped: `UI not ready: ${(err as Error).message.split('\n')[0]}` };
              throw err;
            }
          }));
        } else {
          results.push(await step(`(c) bare xterm.js in Chromium${suffix}`, async () => {
            if (!chromiumAvailable()) return { skipped: `no Chromium at ${CHROMIUM_PATH}` };
            const r = await benchBareXterm(text, sentinel, grid);
            roundFigures.c[i] = { mbps: r.mbps, perBusy: r.mbPerBusy };
            return withRound(r.figures, round, rounds);
          }));
        }
      }
    }
    if (burners) {
      await burners.stop();
      burners = null;
      process.stderr.write(`bench: burners stopped, load ${loadavg()[0]!.toFixed(2)}\n`);
    }
    const medianOf = (which: 'c' | 'd', key: 'mbps' | 'perBusy'): number | undefined => {
      const values = roundFigures[which].filter((r) => r !== undefined).map((r) => r[key]);
      return values.length ? median(values) : undefined;
    };
    mbps.d = medianOf('d', 'mbps');
    mbps.c = medianOf('c', 'mbps');
    perCpu.d = medianOf('d', 'perBusy');
    perCpu.c = medianOf('c', 'perBusy');
    if (steps.has('echo')) results.push(await step('keystroke echo latency', () => benchEchoLatency(backend!, text.dir)));
    if (backend) {
      await backend.stop();
      backend = null;
    }
    if (backendB) {
      await backendB.stop();
      backendB = null;
    }
    if (steps.has('memory')) results.push(await step('backend memory per idle session', () => benchSessionMemory(text.dir, text.file)));
    if (steps.has('peers')) {
      const t0Peers = performance.now();
      process.stderr.write('bench: side by side with the peers…\n');
      try {
        if (!chromiumAvailable()) results.push({ bench: 'side by side: floor, app, code-server, wetty', figures: [], skipped: `no Chromium at ${CHROMIUM_PATH}`, seconds: 0 });
        else {
          // The peers cat a text of their own size (code-server draws ~1–4 MB/s here; 100 MB would take minutes a round).
          const peerText = PEER_MB < megabytes ? generateBenchText(PEER_MB) : text;
          try {
            const r = await benchPeersSideBySide(peerText, sentinel, rendererBuilt() ? RENDERER_DIR : null);
            results.push({ bench: `side by side: floor, app, code-server, wetty (${peerText.bytes / 1e6} MB)`, figures: r.figures, table: r.table, seconds: (performance.now() - t0Peers) / 1000 });
          } finally {
            if (peerText !== text) peerText.cleanup();
          }
        }
      } catch (err) {
        results.push({ bench: 'side by side: floor, app, code-server, wetty', figures: [], error: (err as Error).stack ?? String(err), seconds: (performance.now() - t0Peers) / 1000 });
      }
    }
    if (steps.has('extras')) {
      for (const file of foreignBenches()) {
        process.stderr.write(`bench: ${file}…\n`);
        results.push(await runForeignBench(file));
      }
    }
    if (steps.has('baseline')) {
      // Last, and alone: it runs both trees' harnesses as children, which must not share the machine with a step of this run.
      const t0Baseline = performance.now();
      const bench = 'baseline: this tree (after) against the baseline revision (before), alternating rounds';
      process.stderr.write(`bench: ${bench}…\n`);
      try {
        const r = await benchBaseline();
        const seconds = (performance.now() - t0Baseline) / 1000;
        results.push('skipped' in r ? { bench, figures: [], skipped: r.skipped, seconds } : { bench, figures: r.figures, table: r.table, seconds });
      } catch (err) {
        results.push({ bench, figures: [], error: (err as Error).stack ?? String(err), seconds: (performance.now() - t0Baseline) / 1000 });
      }
    }
  } finally {
    if (burners) await burners.stop();
    if (backend) await backend.stop();
    if (backendB) await backendB.stop();
    text.cleanup();
  }

  const echoP95 = results.flatMap((r) => r.figures).find((f) => f.id === 'echo.flood.p95');
  const goals: Figure[] = [
    pairedRatio(
      'goal.d_over_c',
      burnerCount > 0 ? `(d)/(c): whole app ÷ bare xterm.js, loaded (${burnerCount} CPU burners beside)` : '(d)/(c): whole app ÷ bare xterm.js',
      roundFigures,
      'mbps',
      APP_OVER_XTERM_GOAL,
    ),
    ratio('goal.b_over_c', '(b)/(c): backend → WebSocket ÷ bare xterm.js', mbps.b, mbps.c, BACKEND_OVER_XTERM_GOAL),
    echoP95 ?? { id: 'goal.echo', name: 'echo latency p95 under flood', value: null, unit: 'ms', goal: `< ${ECHO_P95_GOAL_MS} ms`, pass: null, note: 'not measured in this run' },
    ...results.flatMap((r) => r.figures).filter((f) => f.id.startsWith('goal.page_echo.') || f.id === 'mem.rss'),
    pairedRatio('ratio.d_over_c.busy', '(d)/(c) by page main-thread busy time (load-robust)', roundFigures, 'perBusy'),
    ...(RENDERER_B || BACKEND_B
      ? [
          pairedRatio('ratio.d_over_dB', `(d)/(d with ${[RENDERER_B && `renderer ${RENDERER_B}`, BACKEND_B && `backend ${BACKEND_B}`].filter(Boolean).join(', ')}): this tree ÷ the other, same run`, roundFigures, 'mbps', undefined, 'dB'),
          pairedRatio('ratio.d_over_dB.busy', '(d)/(d with B) by page busy time', roundFigures, 'perBusy', undefined, 'dB'),
          pairedRatio('ratio.dB_over_c', '(d with B)/(c)', { ...roundFigures, d: roundFigures.dB }, 'mbps'),
        ]
      : []),
    ratio('ratio.b_over_c.cpu', '(b)/(c) by CPU time: backend MB/cpu-s ÷ page MB/busy-s', perCpu.b, perCpu.c),
    ratio('ratio.b_over_a', '(b)/(a): backend → WebSocket ÷ node-pty alone', mbps.b, mbps.a),
    ratio('ratio.c_over_a', '(c)/(a): bare xterm.js ÷ node-pty alone', mbps.c, mbps.a),
  ];
  const report: BenchReport = {
    startedAt,
    seconds: (performance.now() - t0) / 1000,
    machine,
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    settings: {
      BENCH_MB: megabytes,
      textBytes: text.bytes,
      lines: text.lines,
      columns: TEXT_COLUMNS,
      MBis: `${MB} bytes`,
      floodKeystrokes: FLOOD_KEYSTROKES,
      memorySessions: MEMORY_SESSIONS,
      scrollbackLines: SCROLLBACK_LINES,
      terminalRounds: rounds,
      BENCH_BURNERS: burnerCount,
      peerRounds: PEER_ROUNDS,
      peerKeys: PEER_KEYS,
      BENCH_PEER_MB: Math.min(PEER_MB, megabytes),
      BENCH_BASELINE_MB: BASELINE_MB,
      baselineRounds: BASELINE_ROUNDS,
    },
    goals,
    results,
  };
  console.log(formatReport(report));
  writeReport(out, report);
  console.log(`\nwritten: ${out} (${report.seconds.toFixed(0)} s)`);
  return results.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench broke: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
