/**
 * The `baseline` step of `npm run bench`: this tree against the baseline revision
 * (bench/baseline.json, or `BENCH_BASELINE_REV`), measured in one run. Each tree runs its
 * OWN harness as a child process — `bench/run.ts` with `BENCH_ONLY=a,b,echo` on a small text,
 * then `bench/recovery.bench.ts` for the restore figure — in alternating rounds (after,
 * before, after, before, …), and the figures are compared side by side with a verdict per
 * figure (bench/harness/baseline-compare.ts).
 *
 * Environment: BENCH_BASELINE_REV (any revision git knows), BENCH_BASELINE_MB (text, MB;
 * default {@link BASELINE_MB}), BENCH_BASELINE_ROUNDS (default {@link BASELINE_ROUNDS}),
 * BENCH_BASELINE_MARGIN (noise margin, fraction; default 0.25), BENCH_BASELINE_CACHE.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternatingRuns, compareRounds, DEFAULT_NOISE_MARGIN, type Better, type Comparison } from './harness/baseline-compare.js';
import { baselineRev, prepareBaselineTree, TREE_ROOT } from './harness/baseline-tree.js';
import { fmt, type Figure } from './harness/figures.js';

/** Size of the text each tree's harness cats, MB: small, so four runs fit ~10 minutes on a loaded 2-core host. */
export const BASELINE_MB = Number(process.env['BENCH_BASELINE_MB'] ?? 10);
/**
 * Rounds per tree (each round: after, then before). The p95 of echo under flood is the 10th
 * slowest of 200 keystrokes and one run of the same code ranges 4–16 ms on 2 quiet cores: with
 * 2 rounds a single slow run decides the median, with 5 it does not (~9 minutes quiet).
 */
export const BASELINE_ROUNDS = Number(process.env['BENCH_BASELINE_ROUNDS'] ?? 5);
/** Steps of bench/run.ts each tree runs (Chromium's (c) and (d) are left out: minutes per round and a frontend build of the baseline). */
const STEPS = 'a,b,echo';
/**
 * Minutes of the recovery bench's soak in these runs: one sample, the least it accepts
 * (its soak figures are not compared; a 10-minute soak per round would not fit).
 */
const SOAK_MIN = '0.1';
/** Longest one child may run before it is killed and its figures count as not measured, ms. */
const CHILD_TIMEOUT_MS = 6 * 60_000;
/** A SIGTERM'd child gets this long before SIGKILL, ms. */
const KILL_GRACE_MS = 5_000;

type Tree = 'after' | 'before';

/** A compared figure: where it comes from in a tree's report and which way is better. */
interface Compared {
  id: string;
  name: string;
  unit: string;
  better: Better;
  read: (figures: Map<string, number | null>) => number | null;
  /** A control figure: the same code in both trees, shown for the machine's drift, no goal. */
  control?: true;
}

const one = (id: string) => (f: Map<string, number | null>) => f.get(id) ?? null;

const COMPARED: readonly Compared[] = [
  {
    id: 'b_over_a',
    name: '(b)/(a): backend → WebSocket ÷ node-pty alone',
    unit: '×',
    better: 'higher',
    read: (f) => {
      const a = f.get('a.pty');
      const b = f.get('b.ws');
      return a && b ? b / a : null;
    },
  },
  { id: 'b.cpu', name: '(b) MB per backend CPU-second', unit: 'MB/cpu-s', better: 'higher', read: one('b.cpu') },
  { id: 'echo.idle.p50', name: 'echo latency, idle: p50', unit: 'ms', better: 'lower', read: one('echo.idle.p50') },
  { id: 'echo.idle.p95', name: 'echo latency, idle: p95', unit: 'ms', better: 'lower', read: one('echo.idle.p95') },
  { id: 'echo.flood.p95', name: 'echo latency, 2 sessions flooding: p95', unit: 'ms', better: 'lower', read: one('echo.flood.p95') },
  { id: 'restore.3x5000', name: 'restore: start → 3 sessions × 5,000 lines ready', unit: 'ms', better: 'lower', read: one('restore.3x5000') },
  // Same code on both trees: how much the machine itself moved between the rounds.
  { id: 'a.pty', name: '(a) node-pty alone (control: same code in both)', unit: 'MB/s', better: 'higher', read: one('a.pty'), control: true },
];

/** What one child printed: its exit, stdout, and the last lines of stderr. */
interface ChildRun {
  code: number | string;
  stdout: string;
  stderrTail: string;
}

/**
 * Runs `node --import tsx <script>` in `cwd` (the tree's own tsx), stderr shown with a
 * prefix, stdout kept; killed after {@link CHILD_TIMEOUT_MS}.
 */
function runChild(cwd: string, script: string, env: NodeJS.ProcessEnv, label: string): Promise<ChildRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const tail: string[] = [];
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      for (const line of b.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (line.startsWith('bench: ')) process.stderr.write(`bench:   [${label}] ${line.slice(7)}\n`);
      }
    });
    let kill: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, CHILD_TIMEOUT_MS);
    child.on('error', (err) => done({ code: err.message, stdout, stderrTail: tail.join('\n') }));
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      clearTimeout(kill);
      done({ code: code ?? `signal ${sig}`, stdout, stderrTail: tail.join('\n') });
    });
  });
}

/** A child's environment: ours without any BENCH_* setting (each tree gets only the ones below). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BENCH_')) env[k] = v;
  return { ...env, ...extra };
}

/** The figures of one tree in one round (id → value), and what went wrong, if anything. */
interface TreeRound {
  tree: Tree;
  round: number;
  load: number;
  figures: Map<string, number | null>;
  problems: string[];
}

/** One round of one tree: its bench/run.ts (a, b, echo), then its recovery bench (restore). */
async function measureTree(tree: Tree, dir: string, round: number, megabytes: number): Promise<TreeRound> {
  const label = `${tree} r${round}`;
  const load = loadavg()[0]!;
  const figures = new Map<string, number | null>();
  const problems: string[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'cortex-bench-baseline-'));
  try {
    const out = join(scratch, 'report.json');
    const run = await runChild(dir, 'bench/run.ts', childEnv({ BENCH_ONLY: STEPS, BENCH_MB: String(megabytes), BENCH_OUT: out }), label);
    try {
      const report = JSON.parse(readFileSync(out, 'utf8')) as { results: { bench: string; error?: string; figures: { id: string; value: number | null }[] }[] };
      for (const r of report.results) {
        if (r.error) problems.push(`${label} ${r.bench}: ${r.error.split('\n')[0]}`);
        for (const f of r.figures) figures.set(f.id, f.value);
      }
    } catch {
      problems.push(`${label} bench/run.ts gave no report (exit ${run.code}): ${run.stderrTail.split('\n').slice(-2).join(' | ')}`);
    }
    process.stderr.write(`bench:   [${label}] restore (bench/recovery.bench.ts)…\n`);
    const recovery = await runChild(dir, 'bench/recovery.bench.ts', childEnv({ BENCH_SOAK_MIN: SOAK_MIN }), `${label} restore`);
    const start = recovery.stdout.search(/^\[/m);
    try {
      if (start < 0) throw new Error('no JSON');
      for (const f of JSON.parse(recovery.stdout.slice(start)) as { id: string; value: number | null }[]) figures.set(f.id, f.value);
    } catch {
      problems.push(`${label} bench/recovery.bench.ts gave no figures (exit ${recovery.code}): ${recovery.stderrTail.split('\n').slice(-2).join(' | ')}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { tree, round, load, figures, problems };
}

/** A table cell: the value with the figure's precision, right-aligned. */
const cell = (v: number | null | undefined, width = 10) => fmt(v ?? null).padStart(width);

/** The side-by-side table: one row per figure, the rounds of each tree, the ratio, the band and the verdict. */
function sideBySide(runs: TreeRound[], compared: { c: Compared; cmp: Comparison; values: Record<Tree, (number | null)[]> }[]): string[] {
  const befores = runs.filter((r) => r.tree === 'before');
  const afters = runs.filter((r) => r.tree === 'after');
  const head = [...befores.map((r) => `before r${r.round}`), ...afters.map((r) => `after r${r.round}`)].map((h) => h.padStart(10)).join('');
  const out = [`  ${'figure'.padEnd(50)} ${'unit'.padEnd(9)}${head}  after/before  band (before ± margin)   verdict`];
  for (const { c, cmp, values } of compared) {
    const band = cmp.band ? `${fmt(cmp.band[0])}–${fmt(cmp.band[1])}` : '—';
    out.push(`  ${c.name.padEnd(50)} ${c.unit.padEnd(9)}${[...values.before, ...values.after].map((v) => cell(v)).join('')}  ${cell(cmp.ratio, 12)}  ${band.padEnd(22)}  ${cmp.verdict}`);
  }
  out.push(`  load average (1 min) at each run's start: ${runs.map((r) => `${r.tree} r${r.round} ${r.load.toFixed(2)}`).join(', ')}`);
  return out;
}

/**
 * The baseline step: prepares the baseline tree (bench/harness/baseline-tree.ts), runs both
 * trees' harnesses in alternating rounds, and returns one figure per compared figure — the
 * after/before ratio of the medians, goal "no regression" — plus the side-by-side table.
 * @returns `{ skipped }` when the baseline cannot be prepared (no git history, offline install)
 */
export async function benchBaseline(): Promise<{ figures: Figure[]; table: string[] } | { skipped: string }> {
  const megabytes = BASELINE_MB;
  if (!(megabytes > 0)) throw new Error(`BENCH_BASELINE_MB must be a positive number, not "${process.env['BENCH_BASELINE_MB']}"`);
  const margin = Number(process.env['BENCH_BASELINE_MARGIN'] ?? DEFAULT_NOISE_MARGIN);
  const order = alternatingRuns(BASELINE_ROUNDS);
  const { rev, reason, source } = baselineRev();
  const tree = await prepareBaselineTree(rev);
  if ('skipped' in tree) {
    process.stderr.write(`bench: baseline skipped: ${tree.skipped}\n`);
    return tree;
  }
  const runs: TreeRound[] = [];
  const seen: Record<Tree, number> = { after: 0, before: 0 };
  for (const which of order) {
    const round = ++seen[which];
    process.stderr.write(`bench: baseline round ${round}, ${which === 'after' ? 'this tree' : `the baseline ${tree.sha.slice(0, 7)}`}…\n`);
    runs.push(await measureTree(which, which === 'after' ? TREE_ROOT : tree.dir, round, megabytes));
  }
  const compared = COMPARED.map((c) => {
    const values: Record<Tree, (number | null)[]> = {
      before: runs.filter((r) => r.tree === 'before').map((r) => c.read(r.figures)),
      after: runs.filter((r) => r.tree === 'after').map((r) => c.read(r.figures)),
    };
    return { c, cmp: compareRounds({ before: values.before, after: values.after, better: c.better }, margin), values };
  });
  const table = [
    `  before = ${tree.sha.slice(0, 7)} (${source}: ${reason.split('.')[0]}); deps: ${tree.deps}`,
    `  after = this tree; each runs its own bench/run.ts --only ${STEPS} on ${megabytes} MB and bench/recovery.bench.ts; order ${order.join(', ')}; margin ${Math.round(margin * 100)} %`,
    ...sideBySide(runs, compared),
    ...runs.flatMap((r) => r.problems).map((p) => `  problem: ${p}`),
  ];
  const figures: Figure[] = compared.map(({ c, cmp, values }) => ({
    id: `baseline.${c.id}`,
    name: `after/before: ${c.name}`,
    value: cmp.ratio === null ? null : Number(cmp.ratio.toFixed(3)),
    unit: '×',
    goal: c.control ? undefined : 'no regression',
    pass: c.control || cmp.verdict === 'not measured' ? null : cmp.verdict !== 'regression',
    note: `${cmp.verdict}: ${cmp.reason}; before ${values.before.map((v) => fmt(v)).join(', ')}; after ${values.after.map((v) => fmt(v)).join(', ')} ${c.unit}`,
  }));
  return { figures, table };
}
