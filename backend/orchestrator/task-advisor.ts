import type { ProjectAnalysis, RankedAgent, TaskParse } from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import { DEFAULT_MATCH_CONFIG, rankAgents, type AgentHistory, type MatchCandidate, type MatchConfig } from './agent-matcher.js';
import type { TaskRepository } from './task-repository.js';

/**
 * The matcher's inputs from the live system: every profile with whether it is installed and
 * whether its breaker allows a start, and the outcome history of each on the task's intent and
 * domain in the project, and the project's matcher configuration (its preset's weights and
 * preferred agents; {@link DEFAULT_MATCH_CONFIG} when no resolver is given).
 */
export class TaskAdvisor {
  constructor(
    private readonly agents: AgentRegistry,
    private readonly breakers: BreakerRegistry,
    private readonly repo: TaskRepository,
    private readonly matchConfig: (projectId: string) => MatchConfig = () => DEFAULT_MATCH_CONFIG,
  ) {}

  /**
   * Every profile as a match candidate (PATH re-checked), with the capabilities and
   * specializations its profile lists whether or not it is installed: a missing agent is
   * scored as it would be once installed, so the person can see which one to install; it
   * stays excluded ("not installed") and is never picked.
   */
  candidates(): MatchCandidate[] {
    this.agents.refresh();
    const profiles = new Map(this.agents.profiles().map((p) => [p.id, p]));
    return this.agents.list().map((a) => {
      const p = profiles.get(a.id);
      return {
        profile: { id: a.id, name: a.name, capabilities: p?.capabilities ?? [], specializations: p?.specializations ?? [] },
        installed: a.installed,
        breakerAllows: this.breakers.allows(a.id),
      };
    });
  }

  /** Per agent: its outcome record on the task's intent and domain in the project (agent_outcomes). */
  history(projectId: string, parse: TaskParse): Map<string, AgentHistory> {
    return this.repo.outcomes.records(projectId, parse.intent.value, parse.domain.value);
  }

  /** The ranking for a parsed task in a project ('' for a folder not added yet: the global default's weights). */
  rank(projectId: string, parse: TaskParse, analysis: ProjectAnalysis | null): RankedAgent[] {
    return rankAgents(parse, this.candidates(), analysis, this.history(projectId, parse), this.matchConfig(projectId));
  }
}
