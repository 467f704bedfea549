import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CortexError, type Params, type Project, type Result, type Session, type Task, type TaskSettings } from '../contract/index.js';
import { checkProjectFolder } from '../projects/folder-check.js';
import { pickAgent } from './agent-matcher.js';
import { AgentTurns } from './agent-turn.js';
import { BudgetWatch } from './budget-guard.js';
import { BudgetStep } from './budget-step.js';
import { QuotaStep } from './quota-step.js';
import { takesProse, writeFeedbackFile } from './feedback.js';
import { GateStep } from './gate-step.js';
import { Git } from './git.js';
import type { TaskDiff } from './review.js';
import { message, TaskRunState, type OrchestratorDeps } from './run-state.js';
import { TaskEnding } from './task-end.js';
import { parseTask, withChosenIntent } from './task-parser.js';
import { resumeInterruptedTasks } from './task-recovery.js';
import { toTask, type TaskRecord } from './task-repository.js';
import { TaskReview } from './task-review.js';
import { checkRetry, retryPrompt } from './task-run.js';
import { TaskStarter } from './task-start.js';
import { taskStats } from './task-stats.js';
import { resetToBase } from './worktrees.js';

export type { OrchestratorDeps } from './run-state.js';
export { AGENT_TERMINAL } from './task-start.js';
export { GATES_DIR } from './gate-step.js';

/**
 * The orchestrator: a task in plain words → parse and agent ranking → a git worktree
 * on a new branch → the agent's session with the task as first prompt and the guidelines
 * injected → live status → quality gate (the project's checks in a visible PTY) → retry
 * with the feedback, switch to the next-ranked agent, or done → commit on the task branch →
 * review (diff, merge, discard). Every phase change goes through the task-run state machine
 * (`task-phases.ts`) and is a row in SQLite and a `task.updated` event. Runs at most
 * `parallelLimit` tasks at once; the rest wait as `pending`.
 *
 * The constructor only wires the parts; {@link start} watches the sessions, resumes the
 * tasks a restart interrupted and starts the queue.
 */
export class Orchestrator {
  private readonly s: TaskRunState;
  private readonly turns: AgentTurns;
  private readonly ending: TaskEnding;
  private readonly starter: TaskStarter;
  private readonly gates: GateStep;
  private readonly review: TaskReview;
  private readonly budgetWatch: BudgetWatch | null;
  private readonly quota: QuotaStep;
  private readonly budgetStop: BudgetStep;
  private stopWatching: (() => void) | null = null;
  private stopQuota: (() => void) | null = null;

  constructor(private readonly d: OrchestratorDeps) {
    this.s = new TaskRunState(d, () => this.starter.pump());
    this.turns = new AgentTurns(this.s, (id) => void this.gates.run(id, 'turnOver').catch((err) => this.ending.fail(id, `quality gate could not run: ${message(err)}`)));
    this.ending = new TaskEnding(this.s, this.turns);
    this.starter = new TaskStarter(this.s, this.turns, this.ending);
    this.gates = new GateStep(this.s, this.turns, this.starter, this.ending);
    this.quota = new QuotaStep(this.s, this.turns, this.starter, this.ending);
    this.budgetStop = new BudgetStep(this.s, this.turns, this.ending);
    this.budgetWatch = d.budgets
      ? new BudgetWatch({
          source: d.budgets,
          ledger: d.budgetAlerts,
          running: () => d.repo.withStatus('in_progress'),
          // Raised by an earlier run of the app: no second alert, but the turn still stops.
          reached: (a) => void this.budgetStop.onStop(a),
          alert: (a) => {
            d.publishBudgetAlert?.(a);
            const t = d.repo.get(a.taskId ?? '');
            if (t) this.s.notify(t, 'budget', a.verdict === 'warn' ? `Budget warning: ${a.reason}.` : `Budget reached: ${a.reason}. The agent's current turn is stopped; no new turn, retry or agent switch starts until the budget is raised.`);
            if (a.verdict === 'stop') void this.budgetStop.onStop(a);
          },
        })
      : null;
    this.review = new TaskReview({ repo: d.repo, projects: d.projects, env: d.env, cancel: (id) => this.cancel(id), save: (t) => this.s.save(t), require: (id) => this.s.require(id) });
  }

  /**
   * Starts the work: follows the agents' sessions, goes on with the tasks that ran when the
   * app last stopped (session recovery must have run first), and starts waiting tasks on the
   * next microtask. Idempotent.
   */
  start(): void {
    if (this.stopWatching) return;
    this.stopWatching = this.d.sessions.onStateChange((s) => this.turns.onSession(s));
    this.stopQuota = this.d.sessions.onQuota((r) => void this.quota.onQuota(r));
    resumeInterruptedTasks({ s: this.s, turns: this.turns, gates: this.gates, ending: this.ending });
    this.budgetWatch?.start();
    queueMicrotask(() => this.starter.pump());
  }

  /**
   * A budget or an agent's quota changed: held tasks that may go on now start (in queue order,
   * within the parallel limits), and those still held show the current reason.
   */
  resumeHeld(): void {
    this.starter.pump();
  }

  /** Checks the running tasks' budgets now and raises the alerts due (the watch does this every 2 s). */
  checkBudgets(): void {
    this.budgetWatch?.check();
  }

  /** The orchestrator's settings. */
  settings(): TaskSettings {
    return this.d.repo.settings();
  }

  /** Changes some settings; a higher parallel limit starts waiting tasks at once. */
  setSettings(patch: Partial<TaskSettings>): TaskSettings {
    const s = this.d.repo.setSettings(patch);
    this.starter.pump();
    return s;
  }

  /**
   * Parse and ranking for a task text in a project, without side effects (a folder given by
   * path is not added). @throws CortexError NOT_FOUND, FOLDER_*
   */
  async analyze(p: Params<'tasks.analyze'>): Promise<Result<'tasks.analyze'>> {
    const root = p.projectId !== undefined ? checkProjectFolder(this.d.projects.get(p.projectId).path) : checkProjectFolder(p.path!);
    const projectId = p.projectId ?? this.d.projects.list().find((x) => x.path === root)?.id ?? '';
    const parse = withChosenIntent(parseTask(p.text), p.intent);
    const analysis = await this.s.context(root);
    const ranking = this.s.advisor.rank(projectId, parse, analysis);
    return { parse, ranking, recommended: pickAgent(ranking)?.agent ?? null, testCommand: analysis?.testCommand ?? null, git: await new Git(root, this.d.env).isRepo() };
  }

  /**
   * Creates a task, queued. @throws CortexError INVALID_REQUEST (not a git repository and no
   * `confirmInPlace`; no eligible agent), AGENT_UNKNOWN / AGENT_NOT_INSTALLED /
   * AGENT_UNAVAILABLE (the chosen agent), NOT_FOUND, FOLDER_*
   */
  async create(p: Params<'tasks.create'>): Promise<Task> {
    const project = this.project(p);
    const isRepo = await new Git(project.path, this.d.env).isRepo();
    if (!isRepo && !p.confirmInPlace) {
      throw new CortexError(
        'INVALID_REQUEST',
        `${project.path} is not a git repository, so the task cannot get a worktree of its own: the agent would change the folder itself.`,
        'Confirm running in place (confirmInPlace: true, or `cortex task new --in-place`), or run `git init` and commit first.',
      );
    }
    const parse = withChosenIntent(parseTask(p.text), p.intent);
    const ranking = this.s.advisor.rank(project.id, parse, await this.s.context(project.path));
    let agent: string;
    if (p.agent !== undefined) {
      this.d.agents.require(p.agent);
      if (!this.d.breakers.allows(p.agent)) throw new CortexError('AGENT_UNAVAILABLE', `The circuit breaker of ${p.agent} is open.`, 'Reset it with `cortex breaker reset`, or pick another agent.');
      agent = p.agent;
    } else {
      const best = pickAgent(ranking);
      if (!best) {
        throw new CortexError('INVALID_REQUEST', 'No installed coding agent can take this task (all are missing, not coding agents, or behind an open circuit breaker).', 'Install an agent (`cortex agents` lists them), or reset a breaker.');
      }
      agent = best.agent;
    }
    const now = Date.now();
    const t: TaskRecord = {
      id: randomUUID(),
      projectId: project.id,
      text: p.text,
      status: 'pending',
      phase: 'queued',
      intent: parse.intent.value,
      domain: parse.domain.value,
      complexity: parse.complexity.value,
      agent,
      agentChosen: p.agent !== undefined,
      agentsTried: [],
      iterations: 0,
      worktree: null,
      branch: null,
      baseRef: null,
      baseBranch: null,
      inPlace: !isRepo,
      commit: null,
      sessionId: null,
      gateSessionId: null,
      gate: null,
      review: 'open',
      createdAt: now,
      startedAt: null,
      endedAt: null,
      error: '',
      parse,
      ranking,
      guidelines: null,
      retriedAt: null,
      held: '',
      heldUntil: null,
    };
    this.s.save(t);
    this.starter.pump();
    return toTask(this.s.require(t.id));
  }

  list(projectId?: string): Task[] {
    return this.d.repo.list(projectId).map(toTask);
  }

  /** @throws CortexError NOT_FOUND */
  get(id: string): Result<'tasks.get'> {
    const t = this.s.require(id);
    return { task: toTask(t), gates: this.d.repo.gates(id), switches: this.d.repo.switches(id), parse: t.parse, ranking: t.ranking };
  }

  /** Stops a pending or running task; its sessions are ended, the worktree stays. @throws CortexError NOT_FOUND */
  async cancel(id: string): Promise<Task> {
    const t = this.s.require(id);
    if (t.status !== 'pending' && t.status !== 'in_progress') return toTask(t);
    const live = this.s.live.get(id);
    if (live) live.cancelled = true;
    await this.s.endSessions(t);
    this.s.dropGuidelines(t);
    this.ending.finish(id, 'cancelled', 'cancelled by the user');
    return toTask(this.s.require(id));
  }

  /**
   * Runs a failed, cancelled or unverified task again ({@link TASK_RUN_METHODS}'s `tasks.retry`):
   * queued with the same or another agent; its limits count from now. With `keepPrevious` the
   * agent goes on from the worktree as the last attempt left it and is told how that ended;
   * without, the worktree goes back to its base commit first.
   * @throws CortexError NOT_FOUND, INVALID_REQUEST, AGENT_UNKNOWN / AGENT_NOT_INSTALLED / AGENT_UNAVAILABLE
   */
  async rerun(p: Params<'tasks.retry'>): Promise<Task> {
    const t = this.s.require(p.id);
    checkRetry(t, p.keepPrevious);
    const agent = p.agent ?? t.agent;
    const profile = this.d.agents.require(agent).profile;
    if (!this.d.breakers.allows(agent)) throw new CortexError('AGENT_UNAVAILABLE', `The circuit breaker of ${agent} is open.`, 'Reset it with `cortex breaker reset`, or pick another agent.');
    const worktreeThere = t.worktree !== null && existsSync(t.worktree);
    if (!t.inPlace && worktreeThere && !p.keepPrevious) await resetToBase(t.worktree!, t.baseRef!, this.d.env);
    const goingOn = p.keepPrevious && worktreeThere;
    // Prose typed into a shell runs as commands: a program that takes no prose gets the task's
    // own text, and how the last attempt ended goes into the feedback file instead.
    const prose = takesProse({ id: profile.id, capabilities: profile.capabilities ?? [] });
    if (goingOn && !prose) await writeFeedbackFile(t.worktree!, retryPrompt(t, true), this.d.env);
    this.s.firstPrompts.set(t.id, retryPrompt(t, goingOn && prose));
    this.s.step(t.id, 'rerun', { agent, agentChosen: p.agent !== undefined || t.agentChosen, startedAt: null, endedAt: null, error: '', commit: null, sessionId: null, gateSessionId: null, retriedAt: Date.now(), worktree: worktreeThere ? t.worktree : null, branch: worktreeThere ? t.branch : null });
    this.starter.pump();
    return toTask(this.s.require(t.id));
  }

  /** The task's changes against its base commit ({@link TaskReview.diff}). @throws CortexError NOT_FOUND, INVALID_REQUEST */
  diff(id: string): Promise<TaskDiff> {
    return this.review.diff(id);
  }

  /** Merges a completed task ({@link TaskReview.merge}). @throws CortexError NOT_FOUND, INVALID_REQUEST */
  merge(id: string, reviewed = false): Promise<Result<'tasks.merge'>> {
    return this.review.merge(id, reviewed);
  }

  /** Cancels the task if it runs, then removes its worktree and branch. @throws CortexError NOT_FOUND */
  discard(id: string): Promise<Task> {
    return this.review.discard(id);
  }

  /** Before a project is removed: its tasks stop and their worktrees go ({@link TaskReview.removeProjectTasks}). @returns worktrees removed */
  removeProjectTasks(projectId: string): Promise<number> {
    return this.review.removeProjectTasks(projectId);
  }

  /** The dashboard's task figures ({@link taskStats}); `since` in ms since the epoch. */
  stats(projectId?: string, since?: number): Result<'tasks.stats'> {
    return taskStats(this.d.repo, projectId, since);
  }

  /**
   * Whether the running tasks' gate consoles start while their agents work (default) or when
   * their gates run. A seam for the gate bench, which measures both in one run.
   */
  startGateConsolesAhead(on: boolean): void {
    this.s.gateConsoles.enabled = on;
    if (!on) this.s.gateConsoles.close();
  }

  /** Stops watching; running tasks' sessions are left to the session manager's shutdown, their gate consoles started ahead end. */
  close(): void {
    this.s.gateConsoles.close();
    this.starter.close();
    this.budgetWatch?.stop();
    for (const live of this.s.live.values()) this.turns.clearTimer(live);
    this.stopWatching?.();
    this.stopQuota?.();
  }

  private project(p: { projectId?: string | undefined; path?: string | undefined }): Project {
    if (p.projectId !== undefined) return this.d.projects.get(p.projectId);
    const { project, created } = this.d.projects.add(p.path!);
    if (created) this.d.publishProject(project);
    return project;
  }
}
