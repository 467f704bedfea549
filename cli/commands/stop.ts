import type { CommandSpec } from '../command.js';
import { exitLabel, shortId } from '../format.js';
import { resolveSession } from '../resolve.js';

/** `cortex stop <session>`: ends the session's process group (SIGHUP, SIGTERM, then SIGKILL). */
export const stopCommand: CommandSpec = {
  name: 'stop',
  summary: "Stop a session: end its whole process group, gently first.",
  details: 'Sends SIGHUP, then SIGTERM after 1 s, then SIGKILL 2 s later; returns once the process has exited.',
  args: [{ name: 'session', description: 'session id or a unique prefix of it' }],
  options: {},
  examples: ['cortex stop 3f2a'],
  async run({ client, args }) {
    const c = await client();
    const before = await resolveSession(c, args['session']!);
    await c.call('sessions.kill', { id: before.id });
    const after = await c.call('sessions.get', { id: before.id });
    const text =
      before.state === 'exited'
        ? `Session ${shortId(after.id)} had already ${exitLabel(after)}.`
        : `Stopped session ${shortId(after.id)}: ${exitLabel(after)}.`;
    return { data: after, text };
  },
};
