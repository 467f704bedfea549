import type { CommandSpec } from '../command.js';
import { formatDuration, shortId, table } from '../format.js';
import { absoluteFolder, resolveProject } from '../resolve.js';
import { describeTask, gateLabel, heldLine, resolveTask, taskStatusLabel, unverifiedNextSteps, unverifiedShort } from './task-shared.js';

/** `cortex task new <dir> <text...> [--agent <id>] [--in-place]`: creates a task (tasks.create). */
export const taskNewCommand: CommandSpec = {
  name: 'task new',
  summary: 'Give a task in plain words: the best agent works on it in its own git worktree until the tests pass.',
  details: [
    'The text is read for intent, domain and complexity, the installed agents are ranked (see `tasks.analyze`), and',
    'the task is queued; it runs when fewer than the parallel limit run. It gets a worktree on a new branch from the',
    "project's HEAD; the project's test command is the quality gate. A folder that is not a git repository needs",
    '--in-place (the agent then changes the folder itself). Prints the task id; --json prints the Task.',
  ].join('\n'),
  args: [
    { name: 'dir', description: 'the project folder (added as a project if new)' },
    { name: 'text', description: 'the task, in plain words', rest: true },
  ],
  options: {
    agent: { type: 'string', value: '<id>', description: 'use this agent instead of the ranking' },
    'in-place': { type: 'boolean', description: 'confirm running in the folder itself when it is not a git repository' },
  },
  examples: ['cortex task new . Fix null pointer in user login handler', 'cortex task new ~/src/shop "Add dark mode toggle to settings page" --agent claude --json'],
  async run({ client, args, options, cwd }) {
    const c = await client();
    const agent = options['agent'] as string | undefined;
    const task = await c.call('tasks.create', {
      path: absoluteFolder(args['dir']!, cwd),
      text: args['text']!,
      confirmInPlace: options['in-place'] === true,
      ...(agent !== undefined ? { agent } : {}),
    });
    return { data: task, text: task.id };
  },
};

/** `cortex task list [--project <id>]`: tasks, newest first. */
export const taskListCommand: CommandSpec = {
  name: 'task list',
  summary: 'List tasks, newest first: status, agent, iterations, gate result.',
  args: [],
  options: { project: { type: 'string', value: '<id>', description: 'only this project (an id or a unique prefix of it)' } },
  examples: ['cortex task list', "cortex task list --json | jq -r '.[] | select(.status == \"failed\") | .id'"],
  async run({ client, options, style }) {
    const c = await client();
    const given = options['project'] as string | undefined;
    const projectId = given === undefined ? undefined : (await resolveProject(c, given)).id;
    const tasks = await c.call('tasks.list', projectId === undefined ? {} : { projectId });
    if (tasks.length === 0) return { data: tasks, text: 'No tasks. Give one with `cortex task new <dir> <text>`.' };
    const rows = tasks.map((t) => [
      shortId(t.id),
      taskStatusLabel(t, style),
      t.agent,
      String(t.iterations),
      gateLabel(t, style),
      t.endedAt && t.startedAt ? formatDuration(t.endedAt - t.startedAt) : '-',
      t.text.length > 60 ? t.text.slice(0, 57) + '...' : t.text,
    ]);
    // An unverified task needs a person before it merges: say so under the table, with how.
    const review = tasks.filter((t) => t.status === 'unverified' && t.review === 'open').map((t) => `${shortId(t.id)} unverified (${unverifiedShort(t) ?? 'no check ran'}): ${unverifiedNextSteps(t)}.`);
    // A held task waits for a person (a budget) or a reset (a quota): say why, and how to go on.
    const held = tasks.map(heldLine).filter((l): l is string => l !== null);
    const text = table(['ID', 'STATUS', 'AGENT', 'ITER', 'GATE', 'TOOK', 'TASK'], rows, style);
    const notes = [...held, ...review];
    return { data: tasks, text: notes.length ? [text, '', ...notes].join('\n') : text };
  },
};

/** `cortex task show <task>`: one task with its gate runs and agent switches. */
export const taskShowCommand: CommandSpec = {
  name: 'task show',
  summary: 'Show a task: status, agent (and switches), iterations, gate result, worktree, branch.',
  details: '--json prints { task, gates, switches, parse, ranking } (see tasks.get in docs/API.md).',
  args: [{ name: 'task', description: 'task id or a unique prefix of it' }],
  options: {},
  examples: ['cortex task show 3f2a', 'cortex task show 3f2a --json | jq .task.gate'],
  async run({ client, args, style }) {
    const c = await client();
    const found = await resolveTask(c, args['task']!);
    const full = await c.call('tasks.get', { id: found.id });
    const extra = full.switches.map((s) => `switch  ${s.from} → ${s.to}: ${s.reason}`);
    return { data: full, text: [describeTask(full.task, style), ...extra].join('\n') };
  },
};

/** `cortex task merge <task>`: merges a completed task into the project's branch (tasks.merge). */
export const taskMergeCommand: CommandSpec = {
  name: 'task merge',
  summary: "Merge a completed task's branch into the project's branch (fast-forward, else a merge commit; conflicts are reported, never forced).",
  details: 'On a conflict nothing changes (the merge is aborted) and the conflicting files are listed; --json then has `merged: false` and `conflicts`.',
  args: [{ name: 'task', description: 'task id or a unique prefix of it' }],
  options: { reviewed: { type: 'boolean', description: 'merge an unverified task (no check verified it) whose diff you read' } },
  examples: ['cortex task merge 3f2a', 'cortex task merge 3f2a --json | jq .conflicts', 'cortex task diff 3f2a && cortex task merge 3f2a --reviewed'],
  async run({ client, args, options }) {
    const c = await client();
    const t = await resolveTask(c, args['task']!);
    const r = await c.call('tasks.merge', { id: t.id, reviewed: options['reviewed'] === true });
    if (!r.merged) {
      return { data: r, text: `Not merged: conflicts in ${r.conflicts.join(', ')}. The merge was aborted; the project's branch is unchanged.` };
    }
    return { data: r, text: `Merged (${r.kind}) into ${r.task.baseBranch ?? 'the project branch'}: ${r.commit}` };
  },
};

/** `cortex task discard <task>`: cancels a task if it runs and removes its worktree and branch (tasks.discard). */
export const taskDiscardCommand: CommandSpec = {
  name: 'task discard',
  summary: 'Discard a task: stop it if it runs, remove its worktree and its branch.',
  args: [{ name: 'task', description: 'task id or a unique prefix of it' }],
  options: {},
  examples: ['cortex task discard 3f2a'],
  async run({ client, args }) {
    const c = await client();
    const t = await resolveTask(c, args['task']!);
    const r = await c.call('tasks.discard', { id: t.id });
    return { data: r, text: `Discarded ${shortId(r.id)}${t.branch ? ` (worktree and branch ${t.branch} removed)` : ''}.` };
  },
};
