import { USAGE_GROUPS, type UsageGroup, type UsageRow } from '../../backend/contract/index.js';
import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { table } from '../format.js';
import { resolveProject } from '../resolve.js';

const DAY_MS = 86_400_000;

/** USD with 4 decimals, or `unknown` (never 0 for what is not known). */
function usd(v: number | null): string {
  return v === null ? 'unknown' : `$${v.toFixed(4)}`;
}

/**
 * A token count: as read when the group is complete; `unknown` when nothing of it could be
 * read; `N+` (at least N) when part of it could not be read.
 */
function count(n: number, r: UsageRow): string {
  if (r.unreadable === 0 && r.unfoundSessions === 0) return String(n);
  return r.records === 0 ? 'unknown' : `${n}+`;
}

/** What could not be read in a group, in words; `-` when everything could. */
function notRead(r: UsageRow): string {
  const parts: string[] = [];
  if (r.unreadable > 0) parts.push(`${r.unreadable} record${r.unreadable === 1 ? '' : 's'}`);
  if (r.unfoundSessions > 0) parts.push(`${r.unfoundSessions} session${r.unfoundSessions === 1 ? '' : 's'}`);
  return parts.join(', ') || '-';
}

function row(r: UsageRow, empty = '(unknown)'): string[] {
  const t = r.tokens;
  return [r.key || empty, count(t.input, r), count(t.output, r), count(t.cacheWrite, r), count(t.cacheRead, r), usd(r.costUSD), notRead(r)];
}

/** The footnote on what is unknown in the total. */
function unknownNote(total: UsageRow): string {
  const notes: string[] = [];
  if (total.unpricedModels.length) notes.push(` Unknown for: ${total.unpricedModels.join(', ')}.`);
  if (total.unreadable > 0)
    notes.push(` ${total.unreadable} usage record${total.unreadable === 1 ? '' : 's'} could not be read: ${total.unreadable === 1 ? 'its' : 'their'} tokens and cost are unknown ("N+" is at least N).`);
  if (total.unfoundSessions > 0)
    notes.push(` ${total.unfoundSessions} session${total.unfoundSessions === 1 ? '' : 's'} left no usage record the cockpit could find: ${total.unfoundSessions === 1 ? 'its' : 'their'} tokens and cost are unknown.`);
  return notes.join('');
}

/** `cortex usage`: tokens and estimated cost at list price (usage.summary). */
export const usageCommand: CommandSpec = {
  name: 'usage',
  summary: 'Tokens and estimated cost (at list price) by project, agent, model, session, task or day.',
  details:
    'Figures come from what each agent records itself (Claude Code transcripts, Codex rollout files, OpenTelemetry exports). ' +
    'Every cost is an estimate at list price; "unknown" means a model has no known price, the session is on a subscription, ' +
    'or some usage could not be read (NOT READ: records that could not be read, sessions whose usage record was never found; "N+" is at least N).',
  args: [],
  options: {
    by: { type: 'string', value: '<group>', description: `group by ${USAGE_GROUPS.join(', ')} (default project)` },
    project: { type: 'string', value: '<id>', description: 'only this project (an id or a unique prefix of it)' },
    days: { type: 'string', value: '<n>', description: 'only the last n days' },
    task: { type: 'string', value: '<id>', description: "only this task's agent sessions" },
  },
  examples: ['cortex usage', 'cortex usage --by model --days 7', 'cortex usage --by task', 'cortex usage --task 3f2a… --by model', "cortex usage --by agent --json | jq '.total.costUSD'"],
  async run({ client, options, style }) {
    const by = (options['by'] as string | undefined) ?? 'project';
    if (!(USAGE_GROUPS as readonly string[]).includes(by)) throw usageError(`--by is one of ${USAGE_GROUPS.join(', ')}, not "${by}".`, usageLine(usageCommand));
    const daysGiven = options['days'] as string | undefined;
    const days = daysGiven === undefined ? undefined : Number(daysGiven);
    if (daysGiven !== undefined && (!/^\d+$/.test(daysGiven) || !days)) throw usageError(`--days is a positive whole number, not "${daysGiven}".`, usageLine(usageCommand));
    const c = await client();
    const given = options['project'] as string | undefined;
    const projectId = given === undefined ? undefined : (await resolveProject(c, given)).id;
    const since = days === undefined ? undefined : Date.now() - days * DAY_MS;
    const taskId = options['task'] as string | undefined;
    const result = await c.call('usage.summary', { groupBy: by as UsageGroup, projectId, taskId, since });
    if (result.rows.length === 0) return { data: result, text: 'No usage recorded yet.' };
    const header = [by.toUpperCase(), 'INPUT', 'OUTPUT', 'CACHE WRITE', 'CACHE READ', 'COST (EST.)', 'NOT READ'];
    const text =
      table(header, [...result.rows.map((r) => row(r, by === 'task' ? '(no task)' : '(unknown)')), row(result.total)], style) +
      '\nCosts are estimates at list price.' +
      unknownNote(result.total);
    return { data: result, text };
  },
};
