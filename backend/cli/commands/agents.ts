import type { CommandSpec } from '../command.js';
import { paint, table } from '../format.js';

/** `cortex agents`: every agent profile, whether it is installed, and how to install it. */
export const agentsCommand: CommandSpec = {
  name: 'agents',
  summary: 'List the agent profiles: installed or not, and how to install them.',
  details:
    'Custom profiles come from profiles.json in the data dir; problems in that file are shown as warnings. An agent whose circuit breaker is open (it kept failing) is refused until the breaker half-opens.',
  args: [],
  options: {},
  examples: ['cortex agents', "cortex agents --json | jq -r '.agents[] | select(.installed) | .id'"],
  async run({ client, style }) {
    const c = await client();
    const result = await c.call('agents.list');
    const rows = result.agents.map((a) => [
      a.id,
      a.name,
      (a.installed ? paint(style, 'green', 'yes') : paint(style, 'dim', 'no')) +
        (a.breaker.state === 'closed' ? '' : ` ${paint(style, 'red', `(breaker ${a.breaker.state})`)}`),
      a.installed ? (a.resolvedPath ?? a.command) : `install: ${a.installHint}`,
    ]);
    return {
      data: result,
      text: table(['ID', 'NAME', 'INSTALLED', 'PATH / INSTALL'], rows, style),
      warnings: result.problems.map((p) => `${p.file}${p.field ? ` (${p.field})` : ''}: ${p.message}`),
    };
  },
};
