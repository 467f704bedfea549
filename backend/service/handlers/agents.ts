import { CortexError, type AgentInfo } from '../../contract/index.js';
import type { AgentRegistry } from '../../agents/agent-registry.js';
import type { BreakerRegistry } from '../../recovery/breaker-registry.js';
import type { HandlerDeps, NamespaceHandlers } from './types.js';

/**
 * An agent's listing with its circuit breaker.
 * @throws CortexError `AGENT_UNKNOWN` when there is no profile `id`
 */
export function agentInfo(agents: AgentRegistry, breakers: BreakerRegistry, id: string): AgentInfo {
  const a = agents.list().find((x) => x.id === id);
  if (!a) throw new CortexError('AGENT_UNKNOWN', `There is no agent profile "${id}".`);
  return { ...a, breaker: breakers.view(id) };
}

/** Handlers of the agents namespace. `agents.list` looks the commands up on PATH again. */
export function createAgentHandlers(d: Pick<HandlerDeps, 'agents' | 'breakers'>): NamespaceHandlers<'agents.'> {
  return {
    'agents.list': async () => {
      await d.agents.refreshAsync();
      const agents = d.agents.list().map((a) => ({ ...a, breaker: d.breakers.view(a.id) }));
      return { agents, problems: d.agents.problems };
    },
    'agents.resetBreaker': ({ agent }) => {
      agentInfo(d.agents, d.breakers, agent);
      d.breakers.reset(agent);
      return agentInfo(d.agents, d.breakers, agent);
    },
  };
}
