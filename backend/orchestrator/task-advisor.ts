import type { ProjectAnalysis, RankedAgent, TaskParse } from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import { rankAgents, type AgentHistory, type MatchCandidate } from './agent-matcher.js';
import type { TaskRepository } from './task-repository.js';

/**
 * The matcher's inputs from the live system: every profile with whether it is installed and
 * whether its breaker allows a start, and the history of each on similar tasks (same intent
 * or same domain) in the project.
 */
export class TaskAdvisor {
  constructor(
    private readonly agents: AgentRegistry,
    private readonly breakers: BreakerRegistry,
    private readonly repo: TaskRepository,
  ) {}

  /** Every profile as a match candidate (PATH re-checked). */
  candidates(): MatchCandidate[] {
    this.agents.refresh();
    return this.agents.list().map((a) => {
      let caps: MatchCandidate['profile']['capabilities'] = [];
      let specs: string[] = [];
      if (a.installed) {
        const p = this.agents.require(a.id).profile;
        caps = p.capabilities;
        specs = p.specializations;
      }
      return { profile: { id: a.id, name: a.name, capabilities: caps, specializations: specs }, installed: a.installed, breakerAllows: this.breakers.allows(a.id) };
    });
  }

  /** Per agent: finished attempts, successes and mean gate quality on tasks like this one in the project. */
  history(projectId: string, parse: TaskParse): Map<string, AgentHistory> {
    const similar = (r: { intent: string; domain: string }) => r.intent === parse.intent.value || r.domain === parse.domain.value;
    const out = new Map<string, AgentHistory>();
    for (const a of this.repo.attempts(projectId).filter(similar)) {
      const h = out.get(a.agent) ?? { attempts: 0, successes: 0, quality: null };
      h.attempts++;
      if (a.success) h.successes++;
      out.set(a.agent, h);
    }
    const quality = this.repo.meanQuality((r) => r.project_id === projectId && similar(r));
    for (const [agent, q] of quality) {
      const h = out.get(agent);
      if (h) h.quality = q;
    }
    return out;
  }

  /** The ranking for a parsed task in a project. */
  rank(projectId: string, parse: TaskParse, analysis: ProjectAnalysis | null): RankedAgent[] {
    return rankAgents(parse, this.candidates(), analysis, this.history(projectId, parse));
  }
}
