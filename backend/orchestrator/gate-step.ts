import { join } from 'node:path';
import type { QualityGate } from '../contract/index.js';
import { pickAgent } from './agent-matcher.js';
import type { AgentTurns } from './agent-turn.js';
import { feedbackChannel, feedbackPrompt, FEEDBACK_FILE, switchContext, writeFeedbackFile } from './feedback.js';
import { GATES_DIR } from './gate-consoles.js';
import { describeGate, gateQuality, runQualityGate } from './quality-gate.js';
import type { TaskRunState } from './run-state.js';
import type { TaskEnding } from './task-end.js';
import { decideAfterGate } from './task-run.js';
import { budgetBlock, heldForBudget } from './budget-guard.js';
import type { TaskStarter } from './task-start.js';
import { keepAttempt } from './worktrees.js';

export { GATES_DIR } from './gate-consoles.js';

/**
 * The gate step of a task's run: the project's checks in a visible session, then where
 * {@link decideAfterGate} says: commit (`completed` or `unverified`), retry with the
 * feedback through the agent's prompt channel, switch to the next-ranked agent (the attempt
 * kept on a branch of its own), or fail.
 */
export class GateStep {
  constructor(
    private readonly s: TaskRunState,
    private readonly turns: AgentTurns,
    private readonly starter: TaskStarter,
    private readonly ending: TaskEnding,
  ) {}

  /**
   * Runs the gate, entering it on `event` (`turnOver` after the agent's turn, `regate` after a
   * restart), then acts on the decision. @throws what the gate's session or git throw (the
   * caller fails the task with it); IllegalTransitionError
   */
  async run(id: string, event: 'turnOver' | 'regate'): Promise<void> {
    const startedAt = Date.now();
    let t = this.s.step(id, event);
    const project = this.s.d.projects.get(t.projectId);
    const iteration = t.iterations + 1;
    const live = this.s.live.get(id);
    const plan = await this.s.d.quality.plan(project.id, t.worktree!);
    const g = await runQualityGate(this.s.d.sessions, {
      project,
      cwd: t.worktree!,
      plan: { checks: plan.checks, quality: plan.settings },
      startedAt,
      iteration,
      agent: t.agent,
      workDir: join(this.s.d.dataDir, GATES_DIR),
      prepared: this.s.gateConsoles.take(id),
      taskId: id,
      onSession: (sid) => this.s.save({ ...this.s.require(id), gateSessionId: sid }),
      onVerdict: (gate) => this.prepareFeedback(id, gate, live?.timedOut ? live.turnLimitSec : null),
    });
    // The console printed its verdict and ends on its own: ending the task's sessions waits for that.
    const gateId = g.sessionId;
    if (gateId) this.s.endingGates.set(gateId, this.s.d.sessions.whenExited(gateId).catch(() => null).finally(() => this.s.endingGates.delete(gateId)));
    if (this.s.live.get(id)?.cancelled) return;
    t = this.s.d.repo.transaction(() => {
      this.s.d.repo.addGate(id, g, gateQuality(g));
      return this.s.save({ ...this.s.require(id), iterations: iteration, gate: g });
    });
    const settings = this.s.projectSettings(t.projectId);
    // A retry by the user starts the limits again: only runs and switches since then count.
    const since = t.retriedAt ?? 0;
    const runsWithAgent = this.s.d.repo.gates(id).filter((x) => x.agent === t.agent && x.iteration > this.s.lastSwitchIteration(id) && x.at >= since).length;
    const switchesUsed = this.s.d.repo.switches(id).filter((x) => x.at >= since).length;
    const next = g.snapshot?.verdict === 'failed' && runsWithAgent >= settings.maxIterations && switchesUsed < settings.maxSwitches
      ? pickAgent(this.s.advisor.rank(t.projectId, t.parse, await this.s.context(project.path)), t.agentsTried)
      : null;
    const d = decideAfterGate({ verdict: g.snapshot?.verdict ?? (g.passed ? 'passed' : 'failed'), agent: t.agent, runsWithAgent, maxIterations: settings.maxIterations, switchesUsed, maxSwitches: settings.maxSwitches, nextAgent: next?.agent ?? null, budgetReached: blockReason(this.s.d.budgets, t), turnStoppedAtSec: live?.timedOut ? live.turnLimitSec : null });
    switch (d.kind) {
      case 'complete':
        return this.ending.commit(id, 'completed');
      case 'unverified':
        return this.ending.commit(id, 'unverified', `${d.reason} (${describeGate(g)})`);
      case 'retry':
        return this.sendFeedback(id, g);
      case 'hold':
        return this.ending.hold(id, d.reason, null, `Budget reached: ${d.reason}. The agent's turn ended and no new turn starts.`, this.s.live.get(id)?.feedback ?? feedbackPrompt(g));
      case 'fail':
        return this.ending.failNow(t, `${d.reason} (last: ${describeGate(g)})`);
      case 'switch':
        return this.switchAgent(id, d.to, `${d.reason} (score ${next!.score}; last: ${describeGate(g)})`);
    }
  }

  /**
   * Before the gate console shows a failed verdict: the retry prompt is built and, when it
   * will go by file ({@link feedbackChannel}), written to the task's folder now, so the console
   * can say where. @returns lines for the console
   */
  private async prepareFeedback(id: string, g: QualityGate, timedOutAfterSec: number | null): Promise<string[]> {
    const t = this.s.require(id);
    const live = this.s.live.get(id);
    if (!live || g.snapshot?.verdict !== 'failed') return [];
    live.feedback = feedbackPrompt(g, timedOutAfterSec);
    const profile = this.s.d.agents.require(t.agent).profile;
    const session = t.sessionId ? this.s.d.sessions.get(t.sessionId) : null;
    const running = session !== null && session.state !== 'exited';
    const pasteOk = running ? await this.s.d.sessions.acceptsBracketedPaste(session.id) : false;
    live.channel = feedbackChannel({ id: profile.id, promptMode: profile.promptMode, capabilities: profile.capabilities ?? [] }, running, pasteOk);
    if (live.channel !== 'file') return [`Feedback goes to ${t.agent} as its next prompt (${live.channel === 'paste' ? 'pasted' : 'in its arguments'}).`];
    const file = await writeFeedbackFile(t.worktree!, live.feedback, this.s.d.env);
    return [`Feedback for ${t.agent} is in ${file} (${t.agent} takes no typed prompt, so nothing was typed into it).`];
  }

  /** Hands the feedback of a failed gate to the agent through its prompt channel ({@link prepareFeedback}). */
  private async sendFeedback(id: string, g: QualityGate): Promise<void> {
    const t = this.s.require(id);
    const live = this.s.live.get(id)!;
    const prompt = live.feedback ?? feedbackPrompt(g, live.timedOut ? live.turnLimitSec : null);
    const channel = live.channel ?? 'relaunch';
    live.feedback = null;
    live.channel = null;
    live.timedOut = false;
    const session = t.sessionId ? this.s.d.sessions.get(t.sessionId) : null;
    const running = session !== null && session.state !== 'exited';
    if (channel === 'paste' && running) {
      live.armed = false;
      live.busy = false;
      this.s.step(id, 'retry');
      await this.s.d.sessions.typeText(session.id, prompt);
      this.turns.armTimer(id, live);
      this.s.prepareGate(id);
      return;
    }
    if (channel === 'file') {
      const profile = this.s.d.agents.require(t.agent).profile;
      if (running) {
        // Nothing is typed: the agent's next turn (its next working → idle) runs the gate again.
        live.armed = false;
        live.busy = false;
        this.s.step(id, 'retry');
        this.turns.armTimer(id, live);
        this.s.prepareGate(id);
        return;
      }
      if (profile.id === 'shell' || (profile.capabilities ?? []).length === 0) {
        return this.ending.failNow(t, `quality gate failed (${describeGate(g)}); the feedback is in ${FEEDBACK_FILE}, and ${t.agent} ended, so nothing can act on it`);
      }
      // A typed-prompt agent that ended: started again with a one-line prompt pointing at the file.
      return this.starter.startAgent(id, t.agent, `The quality gate failed. Read ${FEEDBACK_FILE} in this folder for what to fix, then fix it.`, 'retry');
    }
    if (running) await this.s.endSessions(t, true);
    await this.starter.startAgent(id, t.agent, prompt, 'retry');
  }

  /**
   * The agent used its runs: its attempt is committed on a branch of its own (kept for
   * comparison), the task branch goes back to the base commit, and the next agent starts with
   * the task and a summary of what was tried (diff stat, the gate's failures, the last feedback).
   */
  private async switchAgent(id: string, to: string, reason: string): Promise<void> {
    const t = this.s.step(id, 'switch');
    const feedback = this.s.live.get(id)?.feedback ?? feedbackPrompt(t.gate!);
    await this.s.endSessions(t);
    this.s.dropGuidelines(this.s.require(id));
    let kept: string | null = null;
    let diffStat = '';
    if (!t.inPlace) {
      const attempt = this.s.d.repo.switches(id).length + 1;
      ({ kept, diffStat } = await keepAttempt(this.s.require(id), `${t.branch}-attempt-${attempt}-${t.agent}`, this.s.d.env));
    }
    this.ending.recordOutcome(t, false, true);
    this.s.d.repo.addSwitch(id, t.agent, to, kept ? `${reason}; the attempt is kept on ${kept}` : reason);
    this.s.notify(t, 'switched', `${t.agent} did not pass the quality gate; ${to} takes over.`);
    const live = this.s.live.get(id);
    if (live) {
      live.feedback = null;
      live.channel = null;
    }
    await this.starter.startAgent(id, to, switchContext({ taskText: t.text, from: t.agent, keptBranch: kept, diffStat, gate: t.gate!, feedback }), 'nextAgent');
  }
}

/** The held-task sentence of the budget that blocks a task's next turn, or null. */
function blockReason(src: Parameters<typeof budgetBlock>[0], t: { id: string; projectId: string }): string | null {
  const b = budgetBlock(src, t);
  return b ? heldForBudget(b) : null;
}
