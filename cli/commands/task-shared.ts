import type { Task } from '../../backend/contract/index.js';
import type { CortexCaller } from '../command.js';
import { CliError } from '../errors.js';
import { formatDuration, keyValues, paint, shortId, type Style } from '../format.js';

/**
 * The task whose id is `given` or starts with it (case-insensitive); an exact match wins.
 * @throws CliError `NOT_FOUND` (no match) or `AMBIGUOUS_ID` (several), both exit 1
 */
export async function resolveTask(client: CortexCaller, given: string): Promise<Task> {
  const tasks = await client.call('tasks.list', {});
  const want = given.trim().toLowerCase();
  const exact = tasks.find((t) => t.id.toLowerCase() === want);
  if (exact) return exact;
  const matches = want ? tasks.filter((t) => t.id.toLowerCase().startsWith(want)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new CliError('NOT_FOUND', `There is no task with id ${given}.`, 'List them with `cortex task list`.');
  throw new CliError('AMBIGUOUS_ID', `The id ${given} matches ${matches.length} tasks (${matches.slice(0, 5).map((m) => shortId(m.id)).join(', ')}).`, 'Give more characters of the id.');
}

const STATUS_COLOUR = { pending: 'yellow', in_progress: 'cyan', completed: 'green', failed: 'red', cancelled: 'dim', unverified: 'yellow' } as const;

/** "completed", "in_progress (gate)", "pending (held)" (a budget or a quota keeps it from starting), coloured. */
export function taskStatusLabel(t: Task, style: Style): string {
  const phase = t.status === 'in_progress' ? ` (${t.phase})` : t.status === 'pending' && t.held ? ' (held)' : '';
  return paint(style, STATUS_COLOUR[t.status], t.status + phase);
}

/** Why a held task does not start, in one line: "<id> held: <reason>[ (starts again at <ISO time>)]"; null when nothing holds it. */
export function heldLine(t: Task): string | null {
  if (t.status !== 'pending' || !t.held) return null;
  return `${shortId(t.id)} held: ${t.held}${t.heldUntil !== null ? ` (starts again at ${new Date(t.heldUntil).toISOString()})` : ''}`;
}

/**
 * Why a task's last gate verified nothing, in a few words: "no check found" (the project has
 * none) or "2 checks skipped: tsc, eslint" (their tools are missing); null when it verified.
 */
export function unverifiedShort(t: Task): string | null {
  const g = t.gate;
  if (t.status !== 'unverified' && g?.snapshot?.verdict !== 'unverified') return null;
  const skipped = (g?.checks ?? []).filter((c) => c.status === 'skipped');
  if (!skipped.length) return 'no check found';
  return `${skipped.length} check${skipped.length > 1 ? 's' : ''} skipped: ${skipped.map((c) => c.tool).join(', ')}`;
}

/** What a person does with an unverified task: read its diff, then merge it as reviewed (or name checks and retry). */
export function unverifiedNextSteps(t: Task): string {
  const id = shortId(t.id);
  return (
    `read its diff (\`cortex task diff ${id}\`), then merge it with \`cortex task merge ${id} --reviewed\`; ` +
    `or name the project's checks (\`cortex quality set ${shortId(t.projectId)} --tests "<command>"\`) and \`cortex task retry ${id}\``
  );
}

/** The gate result in a few words: "passed (1 passed, 0 failed) 1.2s", "failed (exit 1)", "unverified (no check found) 0.1s", "-". */
export function gateLabel(t: Task, style: Style): string {
  const g = t.gate;
  if (!g) return '-';
  const why = g.snapshot?.verdict === 'unverified' ? unverifiedShort(t) : null;
  if (why) return `${paint(style, 'yellow', 'unverified')} (${why}) ${formatDuration(g.durationMs)}`;
  const counts = g.tests.passed !== null || g.tests.failed !== null ? `${g.tests.passed ?? 0} passed, ${g.tests.failed ?? 0} failed` : `exit ${g.exitCode ?? '-'}`;
  const verdict = g.snapshot?.verdict ?? (g.passed ? 'passed' : 'failed');
  const colour = verdict === 'passed' ? 'green' : verdict === 'failed' ? 'red' : 'yellow';
  const score = g.snapshot?.overall != null ? `, quality ${g.snapshot.overall.toFixed(2)}` : '';
  return `${paint(style, colour, verdict)} (${counts}${score}) ${formatDuration(g.durationMs)}`;
}

/** One line per check of the last gate: "passed   tests: npm test (1.2s)", "skipped  lint: eslint — eslint is not installed…". */
export function gateChecks(t: Task): string {
  const g = t.gate;
  if (!g || !g.checks.length) return '-';
  return g.checks.map((c) => `${c.status.padEnd(7)} ${c.kind}: ${c.tool}${c.reason ? ` — ${c.reason}` : ''} (${formatDuration(c.durationMs)})`).join('\n');
}

/** The key/value block of one task. */
export function describeTask(t: Task, style: Style): string {
  const rows: [string, string][] = [
    ['id', t.id],
    ['text', t.text],
    ['status', taskStatusLabel(t, style)],
    ['reading', `${t.intent} / ${t.domain} / ${t.complexity}`],
    ['agent', `${t.agent}${t.agentChosen ? ' (chosen)' : ' (ranked first)'}${t.agentsTried.length > 1 ? `; tried ${t.agentsTried.join(' → ')}` : ''}`],
    ['iterations', String(t.iterations)],
    ['gate', gateLabel(t, style)],
    ['checks', gateChecks(t)],
    ['worktree', t.worktree ?? '-'],
    ['branch', t.inPlace ? '(in place, no branch)' : (t.branch ?? '-')],
  ];
  if (t.commit) rows.push(['commit', t.commit]);
  rows.push(['review', t.review]);
  if (t.sessionId) rows.push(['session', t.sessionId]);
  if (t.gateSessionId) rows.push(['gate session', t.gateSessionId]);
  if (t.error) rows.push([t.status === 'unverified' ? 'why unverified' : 'error', t.error]);
  if (t.held) rows.push(['held', t.heldUntil !== null ? `${t.held} (starts again at ${new Date(t.heldUntil).toISOString()})` : t.held]);
  if (t.status === 'unverified') rows.push(['review needed', `no check verified this change: ${unverifiedNextSteps(t)}`]);
  return keyValues(rows, style);
}
