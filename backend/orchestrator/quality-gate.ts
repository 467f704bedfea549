import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { GATE_TITLE_PREFIX, type PlannedCheck, type Project, type ProjectQuality, type QualityGate, type Session } from '../contract/index.js';
import { readCheck, type RawCheckRun } from '../quality/check-output.js';
import { scoreGate } from '../quality/score.js';
import type { PreparedPty, SessionApi } from '../sessions/session-api.js';
import { parseTestOutput, stripAnsi } from './test-output.js';
import { shippedScript } from '../config/app-paths.js';
import { currentRuntime, nodeLauncher, type NodeRuntime } from '../config/node-runtime.js';

/** Lines of the gate's output kept as its tail (what a retry prompt quotes). */
export const GATE_TAIL_LINES = 40;
/** Size of the gate's terminal (columns, rows). */
export const GATE_TERMINAL = { cols: 120, rows: 32 } as const;
/** The profile that hosts gate sessions (its own command is not run: the runner's argv is). */
export const GATE_PROFILE = 'shell';

/**
 * Absolute path of gate-runner.mjs, the runner where no POSIX shell is (Windows): next to this
 * module from source (tsx, vitest); from the compiled `dist/node/backend/orchestrator/` it
 * falls back to the source file (the build must ship it there, like the status hook client).
 */
export const GATE_RUNNER_PATH = shippedScript('backend/orchestrator/gate-runner.mjs');
/** Absolute path of gate-runner.sh, the runner on POSIX systems (found like {@link GATE_RUNNER_PATH}). */
export const GATE_RUNNER_SH_PATH = shippedScript('backend/orchestrator/gate-runner.sh');
/** The POSIX shell that runs gate-runner.sh. */
const POSIX_SH = '/bin/sh';
/** Bytes of a check's output kept (what the runner keeps), from its end. */
const KEEP_OUTPUT_BYTES = 64 * 1024;

/**
 * argv and environment that start the gate runner on `plan` (a plan file's absolute path):
 * this process's executable (inside Electron with `ELECTRON_RUN_AS_NODE=1` in the session's
 * environment, never through a POSIX-only wrapper), the runner, the plan.
 */
export function gateRunnerLaunch(plan: string, runtime: NodeRuntime = currentRuntime()): { argv: string[]; env: Record<string, string> } {
  const node = nodeLauncher(runtime);
  return { argv: [...node.argv, GATE_RUNNER_PATH, plan], env: { ...node.env } };
}

/**
 * A gate console started ahead of its gate ({@link prepareGateConsole}): gate-runner.sh on a
 * PTY of its own (no session yet), waiting for its go, and its still empty folder for the
 * checks' files.
 */
export interface PreparedGateConsole {
  /** The runner's folder (absolute), where the gate writes the checks it planned. */
  dir: string;
  pty: PreparedPty;
  /** Ends the runner and removes its folder; for a console no gate took. */
  discard(): Promise<void>;
}

/** True where gate-runner.sh runs: a POSIX system with `/bin/sh`. */
function posixShell(): boolean {
  return process.platform !== 'win32' && existsSync(POSIX_SH);
}

/**
 * Starts a gate console ahead of its gate (while the agent works): gate-runner.sh with `go`,
 * in `cwd`, on a PTY of its own that no client sees ({@link SessionApi.prepare}), its folder
 * made under `workDir`. {@link runQualityGate} then writes the checks planned at gate time
 * into that folder, hands the process to the gate's session and types the go, so the gate
 * waits for no spawn. Null where gate-runner.sh does not run (no `/bin/sh`: Windows keeps
 * starting gate-runner.mjs at gate time).
 * @throws CortexError from SessionApi.prepare (FOLDER_MISSING, SPAWN_FAILED …)
 */
export function prepareGateConsole(sessions: SessionApi, cwd: string, workDir: string): PreparedGateConsole | null {
  if (!posixShell()) return null;
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  const dir = join(workDir, `gate-ahead-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.d`);
  mkdirSync(dir, { mode: 0o700 });
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  let pty: PreparedPty;
  try {
    pty = sessions.prepare({ argv: [POSIX_SH, GATE_RUNNER_SH_PATH, dir, 'go'], cwd, ...GATE_TERMINAL });
  } catch (err) {
    removeDir();
    throw err;
  }
  return { dir, pty, discard: async () => (await pty.discard(), removeDir()) };
}

/** The checks of one gate run and how they are scored. */
export interface GatePlan {
  /** The checks to run ({@link planChecks}), in order; empty: nothing to run, the gate is unverified. */
  checks: PlannedCheck[];
  /** Weights, threshold and blocking kinds of the project's settings. */
  quality: Pick<ProjectQuality, 'weights' | 'threshold' | 'blocking'>;
}

/** What one gate run needs. */
export interface GateRequest {
  project: Project;
  /** The folder to check (the task's worktree), absolute. */
  cwd: string;
  /** The checks and how they are scored (planned before the call: the gate's time counts from {@link startedAt}). */
  plan: GatePlan;
  iteration: number;
  agent: string;
  /** Where the runner writes its plan, result and verdict files. */
  workDir: string;
  /** When the gate began (ms since the epoch), when before this call: its duration counts from here. Default: now. */
  startedAt?: number;
  /**
   * A console started ahead for this gate ({@link prepareGateConsole}); the gate owns it from
   * here (uses it while its runner still waits, else discards it and starts its own).
   */
  prepared?: PreparedGateConsole | null;
  /** The task the gate checks: its session is stored as that task's gate session. */
  taskId?: string;
  /** Called with the gate's session id as soon as it started (before it ends). */
  onSession?: (sessionId: string) => void;
  /**
   * Called with the scored gate before its verdict is shown; the lines it returns are shown
   * under the verdict (e.g. where the feedback for the agent was written).
   */
  onVerdict?: (gate: QualityGate) => Promise<string[]> | string[];
}

export interface RunnerResult {
  checks: (RawCheckRun | null)[];
}

/** The last `n` non-empty lines of a text, ANSI stripped. */
export function tailLines(text: string, n = GATE_TAIL_LINES): string {
  const lines = stripAnsi(text).split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
}

/** The verdict as the gate console shows it: passed / failed with the failing checks / unverified, and the score. */
export function verdictText(g: QualityGate, notes: readonly string[] = []): string {
  const s = g.snapshot!;
  const colour = s.verdict === 'passed' ? '32' : s.verdict === 'failed' ? '31' : '33';
  const score = s.overall === null ? '' : ` — quality ${s.overall.toFixed(2)} (threshold ${s.threshold.toFixed(2)})`;
  const checks = g.checks.map((c) => `  ${c.status.padEnd(7)} ${c.kind}: ${c.tool}${c.reason ? ` — ${c.reason}` : ''} (${(c.durationMs / 1000).toFixed(1)} s)`);
  const failing = g.checks.filter((c) => c.status === 'failed').map((c) => `${c.tool} (${c.kind})`);
  // OSC 2: the session's title carries the verdict, so its console shows it (not the runner's exit code).
  const title = `\x1b]2;${GATE_TITLE_PREFIX}${s.verdict}${s.verdict === 'failed' && failing.length ? ` — ${failing.join(', ')}` : ''}\x07`;
  return [title, `\x1b[1m[quality gate] \x1b[${colour}m${s.verdict.toUpperCase()}\x1b[0m${score}`, ...checks, ...s.reasons.map((r) => `  ${r}`), ...notes, ''].join('\n');
}

/**
 * Runs the planned checks in the task's folder, one after another, in one visible PTY session
 * (the gate runner runs each argv as given: no shell splits or expands it; gate-runner.sh
 * where `/bin/sh` is, gate-runner.mjs elsewhere), reads each check's counts
 * ({@link readCheck}), scores the run ({@link scoreGate}), then hands the verdict back to the
 * console. The console is `req.prepared` when its runner still waits, else started now.
 * `passed` is true only for the verdict `passed`. Resolves once the console printed the
 * verdict (gate-runner.sh; gate-runner.mjs: once the session ended); the session ends on its own.
 * @throws CortexError from SessionApi.start (SPAWN_FAILED …)
 */
export async function runQualityGate(sessions: SessionApi, req: GateRequest): Promise<QualityGate> {
  const at = req.startedAt ?? Date.now();
  mkdirSync(req.workDir, { recursive: true, mode: 0o700 });
  const stem = join(req.workDir, `gate-${req.iteration}-${at}-${Math.random().toString(36).slice(2, 8)}`);
  // The plan comes before the console starts (or gets its go), so the runner never waits for
  // it: a console started at gate time and woken once its plan is there costs one more
  // wake-up of its shell, which on a loaded machine (10-15 runnable processes per core) took
  // longer than the plan itself (bench/orchestrator-gate.bench.ts). A console started ahead
  // pays that one wake-up instead of a spawn.
  const { checks: planned, quality } = req.plan;
  const posix = posixShell();
  // A console started ahead whose runner still waits: the checks go into its folder, it
  // becomes the gate's session, and one typed line lets it go (no process starts now).
  const ahead = posix && req.prepared?.pty.usable ? req.prepared : null;
  if (req.prepared && !ahead) void req.prepared.discard().catch(() => {});
  let runner: RunnerLaunch;
  try {
    runner = posix ? shellRunner(stem, { checks: planned, cwd: req.cwd }, ahead?.dir) : nodeRunner(stem, { checks: planned, cwd: req.cwd });
  } catch (err) {
    if (ahead) void ahead.discard().catch(() => {});
    throw err;
  }
  let session: Session;
  try {
    session = sessions.start({
      project: req.project,
      agent: GATE_PROFILE,
      cwd: req.cwd,
      argv: runner.argv,
      env: runner.env,
      ...GATE_TERMINAL,
      restartPolicy: 'never',
      ...(ahead ? { prepared: ahead.pty } : {}),
      ...(req.taskId === undefined ? {} : { task: { id: req.taskId, role: 'gate' as const } }),
    });
  } catch (err) {
    runner.cleanup();
    if (ahead) void ahead.pty.discard().catch(() => {});
    throw err;
  }
  if (ahead && session.pid === ahead.pty.pid) ahead.pty.write('\r');
  req.onSession?.(session.id);
  const done = sessions.whenExited(session.id);
  let sessionOver = session.state === 'exited';
  void done.then(() => (sessionOver = true));
  const pid = () => (sessionOver ? null : sessions.get(session.id).pid);
  // The runner writes its result, then waits for the verdict.
  if (!sessionOver) await untilFile(runner.doneFile, done);
  let result: RunnerResult;
  try {
    result = runner.result();
  } catch {
    const screen = await sessions.screen(session.id);
    result = { checks: planned.map(() => ({ exitCode: null, signal: null, durationMs: Date.now() - at, output: screen.text, error: 'the gate runner wrote no result' })) };
  }
  const checks = planned.map((c, i) => readCheck(c, result.checks[i] ?? null));
  const snapshot = scoreGate(req.iteration, checks, quality);
  const tests = checks.find((c) => c.kind === 'tests' && c.status !== 'skipped') ?? null;
  const failing = checks.find((c) => c.status === 'failed') ?? null;
  const g: QualityGate = {
    iteration: req.iteration,
    agent: req.agent,
    command: tests ? tests.command : (checks[0]?.command ?? null),
    passed: snapshot.verdict === 'passed',
    exitCode: (failing ?? tests)?.exitCode ?? null,
    tests: {
      passed: snapshot.testsPassing,
      failed: snapshot.testsFailing,
      skipped: tests?.counts.testsSkipped ?? null,
      total: snapshot.testsPassing === null && snapshot.testsFailing === null ? null : (snapshot.testsPassing ?? 0) + (snapshot.testsFailing ?? 0) + (tests?.counts.testsSkipped ?? 0),
      format: tests ? parseTestOutput(tests.outputTail).format : null,
    },
    durationMs: Date.now() - at,
    sessionId: session.id,
    outputTail: (failing ?? tests ?? checks[0])?.outputTail ?? '',
    at,
    checks,
    snapshot,
  };
  let notes: string[] = [];
  try {
    notes = (await req.onVerdict?.(g)) ?? [];
  } finally {
    if (!sessionOver) {
      writeFileSync(`${runner.verdictFile}.tmp`, verdictText(g, notes).replace(/\n/g, '\r\n'), { mode: 0o600 });
      renameSync(`${runner.verdictFile}.tmp`, runner.verdictFile);
      // Once the runner printed the verdict the gate is over; its exit (the PTY's end, the
      // session's record) follows on its own, and its folder goes then.
      const shown = runner.shownFile ? untilFile(runner.shownFile, done) : done;
      await wakeUntil(runner, pid, shown);
      void done.finally(() => runner.cleanup()).catch(() => {});
    } else {
      runner.cleanup();
    }
  }
  // The gate's whole wall time: plan, session, checks, scoring, and the verdict printed in its console.
  g.durationMs = Date.now() - at;
  return g;
}

/** How often (ms) a wait for a runner's file looks again besides the folder's change events, which a file system may not send (network mounts). */
const FILE_POLL_MS = 100;
/** How often (ms) a runner that waits for its verdict is woken again until it ended: a wake-up that came just before it began to wait is lost. */
const WAKE_AGAIN_MS = 20;

/**
 * Resolves once `file` exists or `ended` settles: woken by the folder's change events
 * (inotify, FSEvents, ReadDirectoryChangesW), looking again every {@link FILE_POLL_MS}.
 */
export async function untilFile(file: string, ended: Promise<unknown>): Promise<void> {
  if (existsSync(file)) return;
  let wake: () => void = () => {};
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(file), () => wake());
    watcher.on('error', () => {});
  } catch {
    watcher = null; // no change events here: the polling alone finds it
  }
  let over = false;
  void ended.then(() => ((over = true), wake()), () => ((over = true), wake()));
  try {
    while (!over && !existsSync(file)) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, FILE_POLL_MS);
        wake = () => (clearTimeout(t), r());
      });
    }
  } finally {
    watcher?.close();
  }
}

/**
 * Wakes a runner that waits for its verdict ({@link RunnerLaunch.wake}) until `ended`
 * settles (it printed the verdict, or it ended), again every {@link WAKE_AGAIN_MS} (a
 * wake-up that came just before it began to wait is lost).
 */
async function wakeUntil(runner: RunnerLaunch, pid: () => number | null, ended: Promise<unknown>): Promise<void> {
  const wake = () => {
    const p = pid();
    if (runner.wake && p !== null) runner.wake(p);
  };
  if (!runner.wake) return void (await ended);
  const again = setInterval(wake, WAKE_AGAIN_MS);
  wake();
  try {
    await ended;
  } finally {
    clearInterval(again);
  }
}

/** A gate runner's launch ({@link shellRunner}, {@link nodeRunner}): its argv, the files that say it finished its checks and hand it the verdict, and how to read its result. */
export interface RunnerLaunch {
  argv: string[];
  /** Variables the runner's process gets on top of the session's environment (ELECTRON_RUN_AS_NODE for the Node runner inside Electron). */
  env: Record<string, string>;
  doneFile: string;
  verdictFile: string;
  /** Written by the runner once it printed its verdict (it then ends); absent: only its end says so. */
  shownFile?: string;
  /** Tells the runner (process id `pid`) that its verdict file is there; absent for a runner that looks for the file itself. */
  wake?: (pid: number) => void;
  /** The checks' raw runs, in plan order (null: skipped). @throws when the runner left no readable result */
  result(): RunnerResult;
  cleanup(): void;
}

/**
 * `text` as one POSIX shell word that stands for exactly its bytes: inside single quotes
 * nothing is special but the single quote itself, written as `'\''`.
 */
export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * gate-runner.sh in `/bin/sh` (POSIX systems): a folder of small files per check (see the
 * script's header), each argv single-quoted word by word ({@link shQuote}) so no shell splits or
 * expands it, woken by SIGUSR1 when its verdict is written. The folder is `<stem>.d`, made
 * here, or `aheadDir`: the empty folder of a runner started ahead ({@link prepareGateConsole}).
 */
export function shellRunner(stem: string, req: { checks: readonly PlannedCheck[]; cwd: string }, aheadDir?: string): RunnerLaunch {
  const dir = aheadDir ?? `${stem}.d`;
  if (!aheadDir) mkdirSync(dir, { mode: 0o700 });
  const file = (name: string) => join(dir, name);
  const write = (name: string, text: string) => writeFileSync(file(name), text, { mode: 0o600 });
  req.checks.forEach((c, i) => {
    write(`${i}.head`, `\x1b[1m── ${c.kind}: ${c.command}\x1b[0m\n`);
    if (c.missing) return write(`${i}.skip`, c.missing);
    write(`${i}.cwd`, join(req.cwd, c.cwd));
    write(`${i}.argv`, `set --${c.argv.map((a) => ` ${shQuote(a)}`).join('')}\n`);
  });
  return {
    argv: [POSIX_SH, GATE_RUNNER_SH_PATH, dir],
    env: {},
    doneFile: file('done'),
    verdictFile: file('verdict'),
    shownFile: file('shown'),
    wake: (pid) => {
      try {
        process.kill(pid, 'SIGUSR1');
      } catch {
        // It ended meanwhile.
      }
    },
    result: () => {
      if (!existsSync(file('done'))) throw new Error('the gate runner did not finish its checks');
      return {
        checks: req.checks.map((c, i) => {
          if (c.missing) return null;
          const started = existsSync(file(`${i}.start`)) ? statSync(file(`${i}.start`)).mtimeMs : null;
          const output = existsSync(file(`${i}.out`)) ? readFileSync(file(`${i}.out`)).subarray(-KEEP_OUTPUT_BYTES).toString('utf8') : '';
          if (!existsSync(file(`${i}.code`))) return { exitCode: null, signal: null, durationMs: 0, output, error: started === null ? 'not run' : 'its folder could not be entered' };
          const exitCode = Number(readFileSync(file(`${i}.code`), 'utf8').trim());
          return { exitCode, signal: null, durationMs: Math.max(0, Math.round(statSync(file(`${i}.code`)).mtimeMs - (started ?? 0))), output, error: null };
        }),
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** gate-runner.mjs in Node (where no POSIX shell is): a plan file in, a result file out. */
function nodeRunner(stem: string, req: { checks: readonly PlannedCheck[]; cwd: string }): RunnerLaunch {
  const files = { plan: `${stem}.plan.json`, resultFile: `${stem}.result.json`, verdictFile: `${stem}.verdict.txt` };
  writeFileSync(files.plan, JSON.stringify({ resultFile: files.resultFile, verdictFile: files.verdictFile, checks: req.checks.map((c) => ({ ...c, cwd: join(req.cwd, c.cwd) })) }), { mode: 0o600 });
  return {
    ...gateRunnerLaunch(files.plan),
    doneFile: files.resultFile,
    verdictFile: files.verdictFile,
    result: () => JSON.parse(readFileSync(files.resultFile, 'utf8')) as RunnerResult,
    cleanup: () => {
      for (const f of Object.values(files)) rmSync(f, { force: true });
    },
  };
}

/**
 * Quality of a gate run in 0..1: its snapshot's overall score when it has one (0 when nothing
 * was verified), else passed / (passed + failed) when counted, else 1 (passed) or 0.
 */
export function gateQuality(g: QualityGate): number {
  if (g.snapshot) return g.snapshot.overall ?? 0;
  const p = g.tests.passed ?? 0;
  const f = g.tests.failed ?? 0;
  if (p + f > 0) return p / (p + f);
  return g.passed ? 1 : 0;
}

/** "2 failed, 5 passed (exit code 1)" / "tsc (typecheck) failed: 3 type error(s)" / why nothing was verified — a gate result in a few words. */
export function describeGate(g: QualityGate): string {
  // Unverified with no check at all: the reason says so (there is no exit code to speak of).
  if (g.snapshot?.verdict === 'unverified') return g.snapshot.reasons[0] ?? 'nothing verified';
  if (g.snapshot && g.checks.length) {
    if (g.snapshot.verdict === 'failed') return g.snapshot.reasons.join('; ');
    return `passed: ${g.checks.filter((c) => c.status === 'passed').map((c) => c.tool).join(', ')}${g.snapshot.overall !== null ? `, quality ${g.snapshot.overall.toFixed(2)}` : ''}`;
  }
  const t = g.tests;
  const counts = t.passed !== null || t.failed !== null ? `${t.failed ?? 0} failed, ${t.passed ?? 0} passed` : null;
  const exit = g.exitCode === null ? 'no exit code' : `exit code ${g.exitCode}`;
  return counts ? `${counts} (${exit})` : exit;
}
