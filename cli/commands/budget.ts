import type { BudgetStatus } from '../../backend/contract/index.js';
import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { paint, table, type Style } from '../format.js';
import { resolveProject } from '../resolve.js';
import { resolveTask } from './task-shared.js';

const usd = (v: number | null): string => (v === null ? 'unknown' : `$${v.toFixed(2)}`);
const VERDICT_COLOUR = { ok: 'green', warn: 'yellow', stop: 'red' } as const;

function rows(list: BudgetStatus[], style: Style): string {
  return table(
    ['SCOPE', 'SPENT (EST.)', 'LIMIT', 'TOKENS', 'TOKEN LIMIT', 'VERDICT', 'WHY'],
    list.map((b) => [
      b.scope,
      usd(b.spent.usd),
      b.limit.usd === null ? 'none' : usd(b.limit.usd),
      b.spent.tokens.toLocaleString('en-US'),
      b.limit.tokens === null ? 'none' : b.limit.tokens.toLocaleString('en-US'),
      paint(style, VERDICT_COLOUR[b.verdict], b.verdict.toUpperCase()),
      `${b.reason}${b.source === 'preset' ? ' (the preset\'s default)' : ''}`,
    ]),
    style,
  );
}

/** `cortex budget show <project> [--task <id>]`: a project's budget (and a task's) with its spend and verdict. */
export const budgetShowCommand: CommandSpec = {
  name: 'budget show',
  summary: "Show a project's budget (and a task's) with what was spent and the verdict: ok, warn or stop.",
  details: 'Spend is an estimate at list price from what the agents record. At "stop" no new turn, retry or agent switch starts; the task waits until the budget is raised.',
  args: [{ name: 'project', description: 'a project (an id or a unique prefix of it)' }],
  options: { task: { type: 'string', value: '<id>', description: 'also this task (an id or a unique prefix of it)' } },
  examples: ['cortex budget show 3f2a', 'cortex budget show 3f2a --task 9c1e --json'],
  async run({ client, args, options, style }) {
    const c = await client();
    const project = await resolveProject(c, args['project']!);
    const taskGiven = options['task'] as string | undefined;
    const taskId = taskGiven === undefined ? undefined : (await resolveTask(c, taskGiven)).id;
    const r = await c.call('budgets.get', { projectId: project.id, ...(taskId ? { taskId } : {}) });
    const list = [r.project, ...(r.task ? [r.task] : [])];
    return { data: r, text: `${rows(list, style)}\nCosts are estimates at list price.` };
  },
};

function limitValue(name: string, given: string | boolean | undefined, whole: boolean): number | null | undefined {
  if (given === undefined) return undefined;
  if (given === 'none') return null;
  const n = Number(given);
  if (typeof given !== 'string' || given.trim() === '' || !Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) {
    throw usageError(`--${name} is ${whole ? 'a whole number of tokens' : 'an amount in USD'} ≥ 0, or "none", not "${String(given)}".`, usageLine(budgetSetCommand));
  }
  return n;
}

/** `cortex budget set project|task <id> [--usd N|none] [--tokens N|none] [--clear]`. */
export const budgetSetCommand: CommandSpec = {
  name: 'budget set',
  summary: "Set a project's or a task's budget in USD (list-price estimate) and/or tokens; held tasks it allows go on.",
  details: '"none" removes that limit; --clear removes your budget (a project goes back to its preset\'s default).',
  args: [
    { name: 'scope', description: 'project or task' },
    { name: 'id', description: 'the project or task (an id or a unique prefix of it)' },
  ],
  options: {
    usd: { type: 'string', value: '<amount|none>', description: 'limit in USD at list price' },
    tokens: { type: 'string', value: '<n|none>', description: 'limit in tokens (input + output + cache)' },
    clear: { type: 'boolean', description: 'remove your budget' },
  },
  examples: ['cortex budget set project 3f2a --usd 5', 'cortex budget set task 9c1e --tokens 2000000', 'cortex budget set project 3f2a --clear'],
  async run({ client, args, options, style }) {
    const scope = args['scope'];
    if (scope !== 'project' && scope !== 'task') throw usageError(`The scope is project or task, not "${scope}".`, usageLine(budgetSetCommand));
    const usdLimit = limitValue('usd', options['usd'], false);
    const tokens = limitValue('tokens', options['tokens'], true);
    if (!options['clear'] && usdLimit === undefined && tokens === undefined) throw usageError('Give --usd, --tokens or --clear.', usageLine(budgetSetCommand));
    const c = await client();
    const target = scope === 'project' ? (await resolveProject(c, args['id']!)).id : (await resolveTask(c, args['id']!)).id;
    const b = await c.call('budgets.set', { scope, target, ...(options['clear'] ? {} : { ...(usdLimit !== undefined ? { usd: usdLimit } : {}), ...(tokens !== undefined ? { tokens } : {}) }) });
    return { data: b, text: `${rows([b], style)}\nCosts are estimates at list price.` };
  },
};
