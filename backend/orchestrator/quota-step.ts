import { decideOnQuota } from '../recovery/quota-policy.js';
import type { QuotaReport } from '../sessions/session-api.js';
import { pickAgent } from './agent-matcher.js';
import type { AgentTurns } from './agent-turn.js';
import type { TaskRunState } from './run-state.js';
import type { TaskEnding } from './task-end.js';
import type { TaskStarter } from './task-start.js';

/**
 * What a task does when its agent reports a usage or rate limit during its turn (the session
 * manager has already held that agent until its reset, so no ranking picks it): never the same
 * agent again before the reset ({@link decideOnQuota}). With a switch left and another eligible
 * agent, that agent takes over in the same worktree (the quota-bound session ends: it can do
 * nothing more); else the task waits as `pending` with the reason until the reset time, its
 * agent's session left open reading `waiting` with that reason, and starts again by itself then.
 */
export class QuotaStep {
  constructor(
    private readonly s: TaskRunState,
    private readonly turns: AgentTurns,
    private readonly starter: TaskStarter,
    private readonly ending: TaskEnding,
  ) {}

  /** A session reported its quota: acts when it is the running agent of a task. Never throws. */
  async onQuota(r: QuotaReport): Promise<void> {
    const id = this.s.bySession.get(r.session.id);
    if (!id) return;
    const t = this.s.d.repo.get(id);
    const live = this.s.live.get(id);
    if (!t || !live || t.status !== 'in_progress' || t.phase !== 'agent' || t.sessionId !== r.session.id || live.cancelled || live.busy) return;
    live.busy = true;
    this.turns.clearTimer(live);
    try {
      const settings = this.s.projectSettings(t.projectId);
      const since = t.retriedAt ?? 0;
      const switchesUsed = this.s.d.repo.switches(id).filter((x) => x.at >= since).length;
      const project = this.s.d.projects.get(t.projectId);
      const next = switchesUsed < settings.maxSwitches ? pickAgent(this.s.advisor.rank(t.projectId, t.parse, await this.s.context(project.path)), t.agentsTried) : null;
      const d = decideOnQuota({ resetAt: r.hit.resetAt, switchesUsed, maxSwitches: settings.maxSwitches, nextAgent: next?.agent ?? null });
      if (d.kind === 'wait') {
        await this.ending.hold(id, `${t.agent}: ${r.reason}`, d.until, `${t.agent} reached its quota (${r.reason}). The task waits and starts again then; its session stays open.`, '', true);
        return;
      }
      this.s.step(id, 'switch');
      await this.s.endSessions(t);
      this.s.dropGuidelines(this.s.require(id));
      this.s.d.repo.addSwitch(id, t.agent, d.to, `${t.agent} reported ${r.reason}; switching to the next-ranked agent ${d.to}`);
      this.s.notify(t, 'switched', `${t.agent} reached its quota (${r.reason}); ${d.to} takes over.`);
      await this.starter.startAgent(id, d.to, `${t.text}\n\nContext: ${t.agent} stopped (${r.reason}). Its changes so far are in this folder: go on from them.`, 'nextAgent');
    } catch (err) {
      this.ending.fail(id, `after ${t.agent} reported its quota: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
