import type { CommandSpec } from '../command.js';
import { shortId, stateLabel } from '../format.js';
import { resolveSession } from '../resolve.js';

/** `cortex relaunch <session> [--fresh]`: relaunches a session that is not running (sessions.relaunch). */
export const relaunchCommand: CommandSpec = {
  name: 'relaunch',
  summary: 'Relaunch a session that is not running (exited, or kept closed after a restart), in its folder.',
  details: [
    "The agent starts again with its profile's resume arguments: the stored agent session id first",
    '(e.g. Claude Code --resume <id>), else its continue form (--continue, resume --last, ...); a shell starts fresh.',
    'If the resumed process dies within 3 s it falls back to a fresh start (the note in `cortex status` says so).',
    'The saved screen stays above a "relaunched" mark. A running session is refused (SESSION_RUNNING),',
    'and so is an agent whose circuit breaker is open (AGENT_UNAVAILABLE; see `cortex breaker reset`).',
  ].join('\n'),
  args: [{ name: 'session', description: 'session id or a unique prefix of it' }],
  options: { fresh: { type: 'boolean', description: 'start the agent fresh, without resume arguments' } },
  examples: ['cortex relaunch 3f2a', 'cortex relaunch 3f2a --fresh --json'],
  async run({ client, args, options, style }) {
    const fresh = options['fresh'] === true;
    const c = await client();
    const before = await resolveSession(c, args['session']!);
    const session = await c.call('sessions.relaunch', { id: before.id, fresh });
    const note = session.note ? ` Note: ${session.note}.` : '';
    return { data: session, text: `Relaunched session ${shortId(session.id)}${fresh ? ' fresh' : ''}: ${stateLabel(session, style)}.${note}` };
  },
};
