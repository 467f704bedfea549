import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { resolveSession } from '../resolve.js';

/** `cortex send <session> <text> [--enter]`: types text into a session's terminal. */
export const sendCommand: CommandSpec = {
  name: 'send',
  summary: 'Type text into a session (with --enter, press Enter after it).',
  details: 'Several words are joined with single spaces. Text starting with "-" goes after `--`. With --enter and no text, just presses Enter.',
  args: [
    { name: 'session', description: 'session id or a unique prefix of it' },
    { name: 'text', description: 'what to type', rest: true, optional: true },
  ],
  options: { enter: { type: 'boolean', description: 'press Enter after the text (appends "\\r")' } },
  examples: ['cortex send 3f2a "npm test" --enter', 'cortex send 3f2a --enter -- "-y"'],
  async run({ client, args, options }) {
    if (args['text'] === undefined && !options['enter']) throw usageError('Missing <text> for cortex send (or give --enter to press Enter).', usageLine(sendCommand));
    const c = await client();
    const session = await resolveSession(c, args['session']!);
    const data = (args['text'] ?? '') + (options['enter'] ? '\r' : '');
    await c.call('sessions.write', { id: session.id, data });
    return { data: { ok: true, sessionId: session.id, chars: data.length }, text: '' };
  },
};
