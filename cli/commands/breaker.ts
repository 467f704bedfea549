import type { CommandSpec } from '../command.js';
import { breakerLabel } from '../format.js';

/** `cortex breaker reset <agent>`: closes an agent's circuit breaker by hand (agents.resetBreaker). */
export const breakerResetCommand: CommandSpec = {
  name: 'breaker reset',
  summary: "Close an agent's circuit breaker by hand (you fixed the agent).",
  details: 'Clears its failure count too. `cortex agents` shows every breaker. Unknown agent: AGENT_UNKNOWN (exit 1).',
  args: [{ name: 'agent', description: 'agent profile id (shell, claude, codex, ... or a custom one)' }],
  options: {},
  examples: ['cortex breaker reset claude', 'cortex breaker reset claude --json | jq .breaker'],
  async run({ client, args, style }) {
    const c = await client();
    const agent = await c.call('agents.resetBreaker', { agent: args['agent']! });
    return { data: agent, text: `Breaker of ${agent.name} (${agent.id}): ${breakerLabel(agent.breaker, style)}.` };
  },
};
