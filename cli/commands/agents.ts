import type { CommandSpec } from '../command.js';
import { breakerLabel, paint, table } from '../format.js';

/** `cortex agents`: every agent profile, whether it is installed, how to install it, and its circuit breaker. */
export const agentsCommand: CommandSpec = {
  name: 'agents',
  summary: 'List the agent profiles: installed or not, how to install them, circuit breaker state.',
  details: [
    'Custom profiles come from profiles.json in the data dir; problems in that file are shown as warnings.',
    'BREAKER: an agent that failed 5 times within 10 minutes has its breaker open: starting it is refused',
    '(AGENT_UNAVAILABLE) until it half-opens 60 s later and one trial start is allowed. `cortex breaker reset <agent>` closes it.',
  ].join('\n'),
  args: [],
  options: {},
  examples: ['cortex agents', "cortex agents --json | jq -r '.agents[] | select(.installed) | .id'"],
  async run({ client, style }) {
    const c = await client();
    const result = await c.call('agents.list');
    const rows = result.agents.map((a) => [
      a.id,
      a.name,
      a.installed ? paint(style, 'green', 'yes') : paint(style, 'dim', 'no'),
      breakerLabel(a.breaker, style),
      a.installed ? (a.resolvedPath ?? a.command) : `install: ${a.installHint}`,
    ]);
    return {
      data: result,
      text: table(['ID', 'NAME', 'INSTALLED', 'BREAKER', 'PATH / INSTALL'], rows, style),
      warnings: result.problems.map((p) => `${p.file}${p.field ? ` (${p.field})` : ''}: ${p.message}`),
    };
  },
};
