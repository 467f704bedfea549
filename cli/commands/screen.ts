import type { CommandSpec } from '../command.js';
import { resolveSession } from '../resolve.js';

/** `cortex screen <session>`: the visible screen as plain text. */
export const screenCommand: CommandSpec = {
  name: 'screen',
  summary: "Print a session's current screen as plain text.",
  details: 'One line per terminal row, trailing spaces trimmed; blank rows at the bottom are left out (--json keeps them).',
  args: [{ name: 'session', description: 'session id or a unique prefix of it' }],
  options: {},
  examples: ['cortex screen 3f2a', 'cortex screen 3f2a --json'],
  async run({ client, args }) {
    const c = await client();
    const session = await resolveSession(c, args['session']!);
    const screen = await c.call('sessions.screen', { id: session.id });
    return { data: { sessionId: session.id, ...screen }, text: screen.text.replace(/\s+$/, '') };
  },
};
