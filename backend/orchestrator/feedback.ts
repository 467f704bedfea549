import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Finding, GateCheck, PromptMode, QualityGate } from '../contract/index.js';
import { Git } from './git.js';

/** Characters a retry prompt may take (findings first, then the output's tail). */
export const FEEDBACK_BUDGET_CHARS = 6_000;
/** Where feedback goes for a program that takes no prompt: relative to the task's folder, excluded from git. */
export const FEEDBACK_FILE = '.cortex/feedback.md';

/**
 * How a retry prompt reaches the agent:
 * - `paste`: its session runs and the program enabled bracketed paste (it asked for pasted
 *   input): the prompt is pasted as one block and submitted;
 * - `relaunch`: the profile takes its prompt as an argument or flag: a new session starts
 *   with the prompt in its argv (a running one is ended first);
 * - `file`: the shell, a profile that is not a coding agent, or a typed-prompt program that
 *   did not enable bracketed paste — nothing is typed into it: the prompt goes into
 *   {@link FEEDBACK_FILE} in the task's folder and the gate console says where.
 */
export type FeedbackChannel = 'paste' | 'relaunch' | 'file';

/**
 * Whether a profile's program reads prose as a prompt: false for the shell and for a profile
 * with no coding capability, where typed prose would run as commands. A pure function.
 */
export function takesProse(profile: { id: string; capabilities: readonly string[] }): boolean {
  return profile.id !== 'shell' && profile.capabilities.length > 0;
}

/** The channel for a retry prompt (see {@link FeedbackChannel}); a pure function. */
export function feedbackChannel(profile: { id: string; promptMode: PromptMode; capabilities: readonly string[] }, running: boolean, bracketedPaste: boolean): FeedbackChannel {
  if (!takesProse(profile)) return 'file';
  if (running && bracketedPaste) return 'paste';
  if (profile.promptMode.kind === 'arg' || profile.promptMode.kind === 'flag') return 'relaunch';
  return 'file';
}

const place = (f: Finding) => [f.at, f.name].filter(Boolean).join(' ');

function section(title: string, findings: readonly Finding[]): string[] {
  if (!findings.length) return [];
  return [title, ...findings.map((f) => `- ${place(f)}${place(f) && f.message ? ': ' : ''}${f.message}`)];
}

/**
 * The retry prompt after a failed gate: the verdict's reasons, then the failing tests with
 * their assertion messages, type errors and lint errors with `file:line`, then the end of the
 * first failing check's output — trimmed line by line to `budget` characters (the tail is cut
 * first, then the findings from the end).
 * @param timedOutAfterSec the turn limit (s) when the last turn was stopped at it, else null
 */
export function feedbackPrompt(g: QualityGate, timedOutAfterSec: number | null = null, budget = FEEDBACK_BUDGET_CHARS): string {
  const failed = g.checks.filter((c) => c.status === 'failed');
  const of = (kind: GateCheck['kind'], sev?: Finding['severity']) => failed.filter((c) => c.kind === kind).flatMap((c) => c.findings.filter((f) => !sev || f.severity === sev));
  const reasons = g.snapshot?.reasons.length ? g.snapshot.reasons : [`\`${g.command}\` ended with exit code ${g.exitCode}`];
  const head = [
    ...(timedOutAfterSec !== null ? [`Your last turn ran past the ${timedOutAfterSec} s limit and was stopped; the gate judged what was in the folder.`] : []),
    `The quality gate failed (iteration ${g.iteration}): ${reasons.join('; ')}.`,
    'Fix the code so that every check passes.',
  ];
  const findings = [...section('Failing tests:', of('tests')), ...section('Type errors:', of('typecheck')), ...section('Lint errors:', of('lint', 'error'))];
  const first = failed[0];
  const tail = first ? ['', `The end of the output of ${first.command}:`, first.outputTail] : g.checks.length === 0 && g.outputTail ? ['', g.outputTail] : [];
  const out: string[] = [];
  let used = 0;
  const add = (line: string) => {
    if (used + line.length + 1 > budget) return false;
    out.push(line);
    used += line.length + 1;
    return true;
  };
  for (const l of head) add(l);
  if (findings.length) add('');
  let dropped = 0;
  for (const l of findings) if (!add(l)) dropped++;
  if (dropped) add(`(${dropped} more finding(s) left out)`);
  for (const l of tail.join('\n').split('\n')) if (!add(l)) break;
  return out.join('\n');
}

/**
 * Writes `text` to {@link FEEDBACK_FILE} in `folder` (0600, its folder 0700) and makes git
 * ignore that folder in the repository (`.cortex/` appended once to `info/exclude`), so the
 * feedback never enters the task's diff or commit. @returns the file's absolute path
 * @throws Error when the folder cannot be written
 */
export async function writeFeedbackFile(folder: string, text: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const file = join(folder, FEEDBACK_FILE);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text + '\n', { mode: 0o600 });
  const git = new Git(folder, env);
  if (await git.isRepo()) {
    let exclude = (await git.ok(['rev-parse', '--git-path', 'info/exclude'])).trim();
    if (!isAbsolute(exclude)) exclude = join(folder, exclude);
    let now = '';
    try {
      now = readFileSync(exclude, 'utf8');
    } catch {
      mkdirSync(dirname(exclude), { recursive: true });
    }
    if (!now.split('\n').includes('/.cortex/')) appendFileSync(exclude, `${now && !now.endsWith('\n') ? '\n' : ''}/.cortex/\n`);
  }
  return file;
}

/** What the next agent is told at a switch: what was tried, where it is kept, and what failed. */
export function switchContext(p: { taskText: string; from: string; keptBranch: string | null; diffStat: string; gate: QualityGate; feedback: string }, budget = FEEDBACK_BUDGET_CHARS): string {
  const lines = [
    p.taskText,
    '',
    `Context: ${p.from} worked on this task before you and did not pass the quality gate; you start from the original code.`,
    ...(p.keptBranch ? [`Its attempt is kept on the branch ${p.keptBranch} (compare with \`git diff HEAD ${p.keptBranch}\`).`] : []),
    ...(p.diffStat.trim() ? ['What it changed:', p.diffStat.trimEnd()] : ['It changed no file.']),
    '',
    'What the gate reported last:',
    p.feedback,
  ];
  const text = lines.join('\n');
  return text.length > budget ? text.slice(0, budget) : text;
}
