import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import type { Project, QualityGate, Session } from '../contract/index.js';
import type { BroadcastEvent, SessionManager } from '../sessions/session-manager.js';
import { shellWords } from './shell-words.js';
import { parseTestOutput, stripAnsi } from './test-output.js';
import { shippedScript } from '../config/app-paths.js';

/** Lines of the gate's output kept as its tail (what a retry prompt quotes). */
export const GATE_TAIL_LINES = 40;
/** Size of the gate's terminal (columns, rows). */
export const GATE_TERMINAL = { cols: 120, rows: 32 } as const;
/** The profile that hosts gate sessions (its own command is not run: the runner's argv is). */
export const GATE_PROFILE = 'shell';

/**
 * Absolute path of gate-runner.mjs: next to this module from source (tsx, vitest); from the
 * compiled `dist/node/backend/orchestrator/` it falls back to the source file (the build
 * must ship it there, like the status hook client).
 */
export const GATE_RUNNER_PATH = locateRunner();

function locateRunner(): string {
  return shippedScript('backend/orchestrator/gate-runner.mjs');
}

/** argv prefix that runs a script with Node (inside Electron: the Electron binary as Node). */
export function nodeArgv(): string[] {
  if (process.versions['electron']) return ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath];
  return [process.execPath];
}

/** What one gate run needs. */
export interface GateRequest {
  project: Project;
  /** The folder to test (the task's worktree). */
  cwd: string;
  /** The project's test command as detected (`npm test`); null: nothing to run, the gate passes. */
  command: string | null;
  iteration: number;
  agent: string;
  /** Where the runner writes its result file. */
  workDir: string;
  /** Called with the gate's session id as soon as it started (before it ends). */
  onSession?: (sessionId: string) => void;
}

interface RunnerResult {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  output: string;
  error: string | null;
}

/** The last `n` non-empty lines of a text, ANSI stripped. */
export function tailLines(text: string, n = GATE_TAIL_LINES): string {
  const lines = stripAnsi(text).split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
}

/**
 * Runs the project's test command in the task's folder as a visible PTY session (the gate
 * runner spawns the argv — split with {@link shellWords}, no shell — and records exit code,
 * duration and output), then reads test counts from the output.
 * @throws CortexError from SessionManager.start (SPAWN_FAILED …); Error for a command that
 *   cannot be split (unterminated quote)
 */
export async function runQualityGate(sessions: SessionManager, events$: Observable<BroadcastEvent>, req: GateRequest): Promise<QualityGate> {
  const at = Date.now();
  if (req.command === null) {
    return {
      iteration: req.iteration, agent: req.agent, command: null, passed: true, exitCode: null,
      tests: { passed: null, failed: null, skipped: null, total: null, format: null },
      durationMs: 0, sessionId: null, outputTail: 'no test command detected: the gate passes without running anything', at,
    };
  }
  const argv = shellWords(req.command);
  mkdirSync(req.workDir, { recursive: true });
  const resultFile = join(req.workDir, `gate-${req.iteration}-${at}.json`);
  const exited = (id: string) =>
    firstValueFrom(events$.pipe(filter((e) => e.event === 'session.updated' && (e.payload as Session).id === id && (e.payload as Session).state === 'exited')));
  const session = sessions.start({
    project: req.project,
    agent: GATE_PROFILE,
    cwd: req.cwd,
    argv: [...nodeArgv(), GATE_RUNNER_PATH, resultFile, ...argv],
    ...GATE_TERMINAL,
    restartPolicy: 'never',
  });
  req.onSession?.(session.id);
  const done = exited(session.id);
  if (sessions.get(session.id).state !== 'exited') await done;
  let result: RunnerResult;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8')) as RunnerResult;
  } catch {
    const s = sessions.get(session.id);
    const screen = await sessions.screen(session.id);
    result = { exitCode: s.exitCode ?? 1, signal: null, durationMs: Date.now() - at, output: screen.text, error: 'the gate runner wrote no result' };
  } finally {
    rmSync(resultFile, { force: true });
  }
  const tests = parseTestOutput(result.output);
  return {
    iteration: req.iteration,
    agent: req.agent,
    command: req.command,
    passed: result.exitCode === 0,
    exitCode: result.exitCode,
    tests,
    durationMs: result.durationMs,
    sessionId: session.id,
    outputTail: tailLines(result.output),
    at,
  };
}

/** Quality of a gate run in 0..1: passed / (passed + failed) when counted, else 1 (passed) or 0. */
export function gateQuality(g: QualityGate): number {
  const p = g.tests.passed ?? 0;
  const f = g.tests.failed ?? 0;
  if (p + f > 0) return p / (p + f);
  return g.passed ? 1 : 0;
}

/** "2 failed, 5 passed" / "exit code 1" — a gate result in a few words. */
export function describeGate(g: QualityGate): string {
  const t = g.tests;
  const counts = t.passed !== null || t.failed !== null ? `${t.failed ?? 0} failed, ${t.passed ?? 0} passed` : null;
  const exit = g.exitCode === null ? 'no exit code' : `exit code ${g.exitCode}`;
  return counts ? `${counts} (${exit})` : exit;
}
