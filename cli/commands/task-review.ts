import type { CommandSpec } from '../command.js';
import { paint, shortId } from '../format.js';
import { resolveTask } from './task-shared.js';

/** Prefix of a diff line by kind: the sign is always printed, colour only adds to it. */
const SIGN = { add: '+', del: '-', context: ' ' } as const;
const COLOUR = { add: 'green', del: 'red', context: 'dim' } as const;

/** `cortex task diff <task>`: the task's changes against its base, as a unified diff. */
export const taskDiffCommand: CommandSpec = {
  name: 'task diff',
  summary: "Show a task's changes against the commit its worktree started from, file by file.",
  details: '--json prints { base, head, files: [{ path, status, additions, deletions, hunks: [{ header, lines: [{ kind, text }] }] }] }.',
  args: [{ name: 'task', description: 'task id or a unique prefix of it' }],
  options: {},
  examples: ['cortex task diff 3f2a', 'cortex task diff 3f2a --json | jq -r ".files[].path"'],
  async run({ client, args, style }) {
    const c = await client();
    const t = await resolveTask(c, args['task']!);
    const d = await c.call('tasks.diff', { id: t.id });
    if (d.files.length === 0) return { data: d, text: `Task ${shortId(t.id)} changed nothing.` };
    const out: string[] = [paint(style, 'bold', `${d.files.length} file(s), +${d.additions} -${d.deletions} against ${d.base.slice(0, 8)}`)];
    for (const f of d.files) {
      const name = f.oldPath && f.oldPath !== f.path ? `${f.oldPath} → ${f.path}` : f.path;
      out.push('', paint(style, 'bold', `${f.status} ${name} (+${f.additions} -${f.deletions})`));
      if (f.binary) out.push('  (binary)');
      for (const h of f.hunks) {
        out.push(paint(style, 'cyan', h.header));
        for (const l of h.lines) out.push(paint(style, COLOUR[l.kind], `${SIGN[l.kind]}${l.text}`));
      }
    }
    return { data: d, text: out.join('\n') };
  },
};

/** `cortex task cancel <task>`: stops a pending or running task; its worktree stays for review or discard. */
export const taskCancelCommand: CommandSpec = {
  name: 'task cancel',
  summary: 'Cancel a pending or running task (its agent session is stopped; the worktree stays until discarded).',
  args: [{ name: 'task', description: 'task id or a unique prefix of it' }],
  options: {},
  examples: ['cortex task cancel 3f2a'],
  async run({ client, args }) {
    const c = await client();
    const t = await resolveTask(c, args['task']!);
    const r = await c.call('tasks.cancel', { id: t.id });
    return { data: r, text: `Task ${shortId(r.id)} is ${r.status}.` };
  },
};

/** `cortex task retry <task>`: runs a failed, cancelled or unverified task again (tasks.retry). */
export const taskRetryCommand: CommandSpec = {
  name: 'task retry',
  summary: 'Run a failed, cancelled or unverified task again, with the same agent or another.',
  details: 'By default the agent goes on from what the last attempt left in the worktree; --fresh starts again from the base commit.',
  args: [{ name: 'task', description: 'task id or a unique prefix of it' }],
  options: {
    agent: { type: 'string', value: '<id>', description: 'run it with this agent instead of the last one' },
    fresh: { type: 'boolean', description: "drop the last attempt's changes: the worktree goes back to its base commit" },
  },
  examples: ['cortex task retry 3f2a', 'cortex task retry 3f2a --agent codex --fresh'],
  async run({ client, args, options }) {
    const c = await client();
    const t = await resolveTask(c, args['task']!);
    const agent = options['agent'] as string | undefined;
    const r = await c.call('tasks.retry', { id: t.id, keepPrevious: options['fresh'] !== true, ...(agent !== undefined ? { agent } : {}) });
    return { data: r, text: `Task ${shortId(r.id)} is ${r.status} again with ${r.agent}${options['fresh'] === true ? ', from its base commit' : ', going on from the last attempt'}.` };
  },
};
