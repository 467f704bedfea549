import { CortexError, type AgentInfo, type Orphan } from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { isAlive, killProcessTree } from '../pty/process-group.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import type { SessionManager } from '../sessions/session-manager.js';
import type { SettingsRepository } from '../store/settings-repository.js';
import type { EventBus } from './event-bus.js';
import type { Handlers } from './handlers.js';

/** What the recovery handlers delegate to. `orphans` is the list found at start; it shrinks as they end. */
export interface RecoveryHandlerDeps {
  sessions: SessionManager;
  agents: AgentRegistry;
  breakers: BreakerRegistry;
  settings: SettingsRepository;
  bus: EventBus;
  orphans: Orphan[];
}

/** An agent's listing with its circuit breaker. */
export function agentInfo(agents: AgentRegistry, breakers: BreakerRegistry, id: string): AgentInfo {
  const a = agents.list().find((x) => x.id === id);
  if (!a) throw new CortexError('AGENT_UNKNOWN', `There is no agent profile "${id}".`);
  return { ...a, breaker: breakers.view(id) };
}

type RecoveryMethod =
  | 'sessions.restore'
  | 'sessions.setRestartPolicy'
  | 'agents.resetBreaker'
  | 'settings.get'
  | 'settings.set'
  | 'orphans.list'
  | 'orphans.kill';

/** Handlers of the recovery methods (issue 3). */
export function createRecoveryHandlers(d: RecoveryHandlerDeps): Pick<Handlers, RecoveryMethod> {
  return {
    'sessions.restore': ({ id, fresh }) => d.sessions.relaunch(id, fresh),
    'sessions.setRestartPolicy': ({ id, policy }) => d.sessions.setRestartPolicy(id, policy),
    'agents.resetBreaker': ({ agent }) => {
      agentInfo(d.agents, d.breakers, agent);
      d.breakers.reset(agent);
      return agentInfo(d.agents, d.breakers, agent);
    },
    'settings.get': () => d.settings.get(),
    'settings.set': (patch) => {
      const all = d.settings.set(patch);
      d.bus.publish('settings.updated', all);
      return all;
    },
    'orphans.list': () => d.orphans.filter((o) => isAlive(o.pid)),
    'orphans.kill': async ({ pid }) => {
      const i = d.orphans.findIndex((o) => o.pid === pid);
      if (i < 0) throw new CortexError('NOT_FOUND', `Process ${pid} is not one of the orphans found at start.`, 'List orphans to see their pids.');
      await killProcessTree(pid);
      d.orphans.splice(i, 1);
      return { ok: true as const };
    },
  };
}
