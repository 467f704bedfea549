import type { CommandSpec } from '../command.js';
import { absoluteFolder } from '../resolve.js';

/** `cortex start <dir> [--agent <id>] [--prompt <text>]`: starts a session; prints its id. */
export const startCommand: CommandSpec = {
  name: 'start',
  summary: 'Start an agent session in a folder (added as a project if new); prints the session id.',
  details: 'The agent defaults to `shell` (your login shell). `cortex agents` lists the agents and whether they are installed.',
  args: [{ name: 'dir', description: 'the project folder' }],
  options: {
    agent: { type: 'string', value: '<id>', description: 'agent profile: shell, claude, codex, gemini, aider, copilot, opencode or a custom one' },
    prompt: { type: 'string', value: '<text>', description: 'first prompt, passed the way the agent takes it' },
  },
  examples: ['cortex start .', 'id=$(cortex start ~/src/shop --agent claude --prompt "fix the failing test")'],
  async run({ client, args, options, cwd }) {
    const c = await client();
    const agent = options['agent'] as string | undefined;
    const prompt = options['prompt'] as string | undefined;
    const session = await c.call('sessions.start', {
      path: absoluteFolder(args['dir']!, cwd),
      ...(agent !== undefined ? { agent } : {}),
      ...(prompt !== undefined ? { prompt } : {}),
    });
    return { data: session, text: session.id };
  },
};
