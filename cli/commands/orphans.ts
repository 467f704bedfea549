import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { shortId, table } from '../format.js';

/** `cortex orphans`: processes a crashed run left alive (orphans.list). */
export const orphansCommand: CommandSpec = {
  name: 'orphans',
  summary: 'List processes that a crashed run left alive (found at start, still alive now).',
  details: 'End one with `cortex orphans kill <pid>`.',
  args: [],
  options: {},
  examples: ['cortex orphans', "cortex orphans --json | jq -r '.[].pid'"],
  async run({ client, style }) {
    const c = await client();
    const orphans = await c.call('orphans.list');
    if (orphans.length === 0) return { data: orphans, text: 'No orphaned processes.' };
    const rows = orphans.map((o) => [String(o.pid), shortId(o.sessionId), o.command]);
    return { data: orphans, text: table(['PID', 'SESSION', 'COMMAND'], rows, style) };
  },
};

/** `cortex orphans kill <pid>`: ends an orphan's process tree (orphans.kill). */
export const orphansKillCommand: CommandSpec = {
  name: 'orphans kill',
  summary: "End an orphaned process's tree (only pids `cortex orphans` lists).",
  details: 'A pid that is not one of the orphans found at start is refused with NOT_FOUND (exit 1): no other process can be ended this way.',
  args: [{ name: 'pid', description: 'process id from `cortex orphans`' }],
  options: {},
  examples: ['cortex orphans kill 4242', "for p in $(cortex orphans --json | jq -r '.[].pid'); do cortex orphans kill $p; done"],
  async run({ client, args }) {
    const given = args['pid']!;
    const pid = Number(given);
    if (!/^\d+$/.test(given) || !Number.isSafeInteger(pid) || pid <= 0) {
      throw usageError(`<pid> is a positive whole number, not "${given}".`, usageLine(orphansKillCommand));
    }
    const c = await client();
    await c.call('orphans.kill', { pid });
    return { data: { ok: true, pid }, text: `Ended orphaned process ${pid} and its children.` };
  },
};
