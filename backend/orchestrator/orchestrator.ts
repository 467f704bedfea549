import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import {
  CortexError,
  type EventPayload,
  type Params,
  type Project,
  type ProjectAnalysis,
  type QualityGate,
  type Result,
  type Session,
  type Task,
  type TaskOutcome,
  type TaskSettings,
} from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { AnalysisService } from '../analysis/analysis-service.js';
import { checkProjectFolder } from '../projects/folder-check.js';
import type { ProjectService } from '../projects/project-service.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import type { SessionManager } from '../sessions/session-manager.js';
import { pickAgent } from './agent-matcher.js';
import { Git } from './git.js';
import { guidelinesArgs, injectGuidelines, removeGuidelines } from './guidelines.js';
import { describeGate, gateQuality, runQualityGate } from './quality-gate.js';
import { feedbackChannel, type FeedbackChannel, feedbackPrompt, FEEDBACK_FILE, switchContext, writeFeedbackFile } from './feedback.js';
import { checkRetry, decideAfterGate, retryPrompt } from './task-run.js';
import type { QualityService } from '../quality/quality-service.js';
import { commitAll, type TaskDiff } from './review.js';
import { taskStats } from './task-stats.js';
import { TaskAdvisor } from './task-advisor.js';
import { parseTask, withChosenIntent } from './task-parser.js';
import type { ProjectConfigSource } from './project-config.js';
import { toTask, type TaskRecord, type TaskRepository } from './task-repository.js';
import { firstLine, TaskReview } from './task-review.js';
import { copyIgnoredEnvFiles } from './worktree-env-files.js';
import { createTaskWorktree, keepAttempt, removeTaskWorktree, resetToBase, taskBranchName, WORKTREES_DIR } from './worktrees.js';

/** Size of an agent's terminal when the orchestrator starts it (columns, rows). */
export const AGENT_TERMINAL = { cols: 120, rows: 32 } as const;
/** Folder (inside the data dir) for gate result files. */
export const GATES_DIR = 'gates';

/** The orchestrator's collaborators. */
export interface OrchestratorDeps {
  repo: TaskRepository;
  /** The project's checks and quality settings (what the gate runs and how it scores). */
  quality: QualityService;
  sessions: SessionManager;
  projects: ProjectService;
  agents: AgentRegistry;
  breakers: BreakerRegistry;
  analysis: AnalysisService;
  /** Publishes `task.updated` (and `project.updated` for a project added by path). */
  publishTask: (task: Task) => void;
  publishProject: (project: Project) => void;
  /** Publishes `task.notify` (a task ended or switched agents). */
  notifyTask: (n: EventPayload<'task.notify'>) => void;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Each project's configuration (its preset); absent: the global settings for every project. */
  config?: ProjectConfigSource;
}

/** In-memory state of a running task: which sessions it watches and whether the agent's turn may end. */
interface Live {
  /** True once the agent worked after its last prompt: its next idle (or exit) ends the turn. */
  armed: boolean;
  /** The gate (or a commit) is running: agent events are ignored until the next prompt. */
  busy: boolean;
  cancelled: boolean;
  /** Ends the agent's turn at the `turnTimeoutSec` limit; null while none runs (or it waits for the user). */
  turnTimer: ReturnType<typeof setTimeout> | null;
  /** The last turn was stopped at the limit (the next prompt says so). */
  timedOut: boolean;
  /** The retry prompt of the last failed gate and how it goes to the agent (set before its verdict shows). */
  feedback?: string | null;
  channel?: FeedbackChannel | null;
}

/**
 * The orchestrator: a task in plain words → parse and agent ranking → a git worktree
 * on a new branch → the agent's session with the task as first prompt and the guidelines
 * injected → live status → quality gate (the project's test command in a visible PTY) →
 * retry with the failure output, switch to the next-ranked agent, or done → commit on the task
 * branch → review (diff, merge, discard). Every step is a row in SQLite and a `task.updated`
 * event. Runs at most `parallelLimit` tasks at once; the rest wait as `pending`.
 */
export class Orchestrator {
  private readonly live = new Map<string, Live>();
  /** The first prompt of a retried task (the text and how the last attempt ended), until its agent starts. */
  private readonly firstPrompts = new Map<string, string>();
  /** Session id → task id, for the agent and gate sessions of running tasks. */
  private readonly bySession = new Map<string, string>();
  private readonly advisor: TaskAdvisor;
  private readonly review: TaskReview;
  private readonly sub: Subscription;
  private closed = false;

  constructor(private readonly d: OrchestratorDeps) {
    this.advisor = new TaskAdvisor(d.agents, d.breakers, d.repo, d.config && ((p) => d.config!.matchConfig(p)));
    this.review = new TaskReview({ repo: d.repo, projects: d.projects, env: d.env, cancel: (id) => this.cancel(id), save: (t) => this.save(t), require: (id) => this.require(id) });
    this.sub = d.sessions.events$.subscribe((e) => {
      if (e.event === 'session.updated') this.onSession(e.payload as Session);
    });
    // Tasks that ran when the app last stopped (a quit, a crash, kill -9) go on where they can.
    for (const t of d.repo.withStatus('in_progress')) this.resumeInterrupted(t);
    queueMicrotask(() => this.pump());
  }

  /**
   * At start, a task that was in progress when the app last stopped. Session recovery has
   * already relaunched the sessions that were live (same ids, resume arguments first). A task
   * interrupted in its quality gate or commit runs the gate again (a gate session the recovery
   * relaunched is stopped: its output would be nobody's). One interrupted while its agent
   * worked watches the relaunched agent again, its turn armed: the agent's next idle or exit
   * runs the gate, and a failure goes back to it as the next prompt. One interrupted before
   * its agent's session started (while its worktree was made) starts over from the queue
   * ({@link requeueUnstarted}). When the agent's session was not relaunched (restore mode
   * "keep closed" or "discard", or the agent is gone) the task fails, saying why.
   */
  private resumeInterrupted(t: TaskRecord): void {
    if (t.phase === 'agent' && t.sessionId === null) {
      void this.requeueUnstarted(t).catch((err) => this.fail(t.id, `interrupted before its agent started, and could not start again: ${message(err)}`));
      return;
    }
    const session = (id: string | null) => (id ? (this.d.sessions.list().find((s) => s.id === id) ?? null) : null);
    const gate = session(t.gateSessionId);
    if (gate && gate.state !== 'exited') void this.d.sessions.kill(gate.id).catch(() => undefined);
    const agent = session(t.sessionId);
    const agentLive = agent !== null && agent.state !== 'exited';
    const live: Live = { armed: true, busy: false, cancelled: false, turnTimer: null, timedOut: false };
    if (t.phase === 'gate' || t.phase === 'committing') {
      this.live.set(t.id, { ...live, busy: true });
      if (agentLive) this.bySession.set(agent.id, t.id);
      void this.gate(t.id).catch((err) => this.fail(t.id, `quality gate could not run: ${message(err)}`));
      return;
    }
    if (t.phase === 'agent' && agentLive) {
      this.live.set(t.id, live);
      this.bySession.set(agent.id, t.id);
      this.armTurnTimer(t.id, live);
      return;
    }
    const why = agent === null ? 'its agent session is gone' : 'its agent session was not relaunched (see Settings: sessions after a restart)';
    this.save({ ...t, status: 'failed', phase: 'done', endedAt: Date.now(), error: `interrupted: the app stopped while the task ran, and ${why}` });
  }

  /**
   * A task the app stopped while it made the worktree (nothing of the agent ran yet): the
   * half-made worktree and its branch, if any, are removed (`git worktree remove --force`,
   * `git branch -D`), then the task waits in the queue again and starts as a new one would.
   * It counts against the parallel limit until then. @throws GitError when git refuses
   */
  private async requeueUnstarted(t: TaskRecord): Promise<void> {
    if (!t.inPlace) {
      const project = this.d.projects.get(t.projectId);
      await removeTaskWorktree(project.path, t.worktree ?? join(this.d.dataDir, WORKTREES_DIR, t.id), t.branch ?? taskBranchName(t.id, t.text), this.d.env);
    }
    const now = this.require(t.id);
    if (now.status !== 'in_progress') return; // cancelled meanwhile
    this.save({ ...now, status: 'pending', phase: 'queued', startedAt: null, worktree: null, branch: null, baseRef: null, baseBranch: null, guidelines: null });
    this.pump();
  }

  /** The orchestrator's settings. */
  settings(): TaskSettings {
    return this.d.repo.settings();
  }

  /** A project's limits: its preset's with explicit settings over them ({@link ProjectConfigSource}), or the global settings. */
  private projectSettings(projectId: string | undefined): TaskSettings {
    return projectId !== undefined && this.d.config ? this.d.config.taskSettings(projectId) : this.settings();
  }

  /** Changes some settings; a higher parallel limit starts waiting tasks at once. */
  setSettings(patch: Partial<TaskSettings>): TaskSettings {
    const s = this.d.repo.setSettings(patch);
    this.pump();
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
    const analysis = await this.context(root);
    const ranking = this.advisor.rank(projectId, parse, analysis);
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
    const ranking = this.advisor.rank(project.id, parse, await this.context(project.path));
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
    };
    this.save(t);
    this.pump();
    return toTask(this.require(t.id));
  }

  list(projectId?: string): Task[] {
    return this.d.repo.list(projectId).map(toTask);
  }

  /** @throws CortexError NOT_FOUND */
  get(id: string): Result<'tasks.get'> {
    const t = this.require(id);
    return { task: toTask(t), gates: this.d.repo.gates(id), switches: this.d.repo.switches(id), parse: t.parse, ranking: t.ranking };
  }

  /** Stops a pending or running task; its sessions are ended, the worktree stays. @throws CortexError NOT_FOUND */
  async cancel(id: string): Promise<Task> {
    const t = this.require(id);
    if (t.status !== 'pending' && t.status !== 'in_progress') return toTask(t);
    const live = this.live.get(id);
    if (live) live.cancelled = true;
    await this.endSessions(t);
    this.dropGuidelines(t);
    this.finish(this.require(id), 'cancelled', 'cancelled by the user');
    return toTask(this.require(id));
  }

  /**
   * Runs a failed, cancelled or unverified task again ({@link TASK_RUN_METHODS}'s `tasks.retry`):
   * queued with the same or another agent; its limits count from now. With `keepPrevious` the
   * agent goes on from the worktree as the last attempt left it and is told how that ended;
   * without, the worktree goes back to its base commit first.
   * @throws CortexError NOT_FOUND, INVALID_REQUEST, AGENT_UNKNOWN / AGENT_NOT_INSTALLED / AGENT_UNAVAILABLE
   */
  async rerun(p: Params<'tasks.retry'>): Promise<Task> {
    const t = this.require(p.id);
    checkRetry(t, p.keepPrevious);
    const agent = p.agent ?? t.agent;
    this.d.agents.require(agent);
    if (!this.d.breakers.allows(agent)) throw new CortexError('AGENT_UNAVAILABLE', `The circuit breaker of ${agent} is open.`, 'Reset it with `cortex breaker reset`, or pick another agent.');
    const worktreeThere = t.worktree !== null && existsSync(t.worktree);
    if (!t.inPlace && worktreeThere && !p.keepPrevious) await resetToBase(t.worktree!, t.baseRef!, this.d.env);
    this.firstPrompts.set(t.id, retryPrompt(t, p.keepPrevious && worktreeThere));
    this.save({ ...t, status: 'pending', phase: 'queued', agent, agentChosen: p.agent !== undefined || t.agentChosen, startedAt: null, endedAt: null, error: '', commit: null, sessionId: null, gateSessionId: null, retriedAt: Date.now(), worktree: worktreeThere ? t.worktree : null, branch: worktreeThere ? t.branch : null });
    this.pump();
    return toTask(this.require(t.id));
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

  stats(projectId?: string): Result<'tasks.stats'> {
    return taskStats(this.d.repo, projectId);
  }

  /** Stops watching; running tasks' sessions are left to the session manager's shutdown. */
  close(): void {
    this.closed = true;
    for (const live of this.live.values()) this.clearTurnTimer(live);
    this.sub.unsubscribe();
  }

  // ---- the queue -------------------------------------------------------------------------

  /** Starts waiting tasks while fewer than `parallelLimit` run (in-place tasks: one per project at a time). */
  private pump(): void {
    if (this.closed) return;
    const limit = this.settings().parallelLimit;
    const running = this.d.repo.withStatus('in_progress');
    let free = limit - running.length;
    const busyInPlace = new Set(running.filter((t) => t.inPlace).map((t) => t.projectId));
    const perProject = new Map<string, number>();
    for (const t of running) perProject.set(t.projectId, (perProject.get(t.projectId) ?? 0) + 1);
    for (const t of this.d.repo.withStatus('pending')) {
      if (free <= 0) break;
      if (t.inPlace && busyInPlace.has(t.projectId)) continue;
      if ((perProject.get(t.projectId) ?? 0) >= this.projectSettings(t.projectId).parallelLimit) continue;
      perProject.set(t.projectId, (perProject.get(t.projectId) ?? 0) + 1);
      if (t.inPlace) busyInPlace.add(t.projectId);
      free--;
      this.save({ ...t, status: 'in_progress', phase: 'agent', startedAt: Date.now() });
      this.live.set(t.id, { armed: false, busy: true, cancelled: false, turnTimer: null, timedOut: false });
      void this.begin(t.id).catch((err) => this.fail(t.id, `could not start: ${message(err)}`));
    }
  }

  /** Worktree, guidelines, first agent session. */
  private async begin(id: string): Promise<void> {
    let t = this.require(id);
    const project = this.d.projects.get(t.projectId);
    if (!t.inPlace && t.worktree && t.branch && existsSync(t.worktree)) {
      // A retried task goes on in its own worktree (reset to the base first when asked: see rerun).
    } else if (!t.inPlace) {
      const wt = await createTaskWorktree(project.path, this.d.dataDir, t.id, t.text, this.d.env);
      // The project's ignored .env files, so the agent and the gate run as they do in the project.
      // A copy that fails (an unreadable file) leaves the worktree as git made it; the gate shows the rest.
      await copyIgnoredEnvFiles(project.path, wt.path, this.d.env).catch(() => []);
      t = this.save({ ...this.require(id), worktree: wt.path, branch: wt.branch, baseRef: wt.baseRef, baseBranch: wt.baseBranch });
    } else {
      t = this.save({ ...this.require(id), worktree: project.path });
    }
    if (this.live.get(id)?.cancelled) return;
    await this.startAgent(id, t.agent, this.firstPrompts.get(id) ?? t.text);
    this.firstPrompts.delete(id);
  }

  /** Starts `agent` in the task's folder with `prompt` (guidelines injected first). */
  private async startAgent(id: string, agent: string, prompt: string): Promise<void> {
    const t = this.require(id);
    const project = this.d.projects.get(t.projectId);
    const folder = t.worktree!;
    const profile = this.d.agents.require(agent).profile;
    const analysis = await this.context(project.path);
    this.dropGuidelines(t);
    const guidelines = injectGuidelines(folder, profile, { taskText: t.text, branch: t.branch, testCommand: analysis?.testCommand ?? null, analysis });
    const live = this.live.get(id)!;
    // A prompt given at launch (argument or flag) is in from the start: the first idle ends
    // the turn. A typed prompt is not in until the agent worked on it.
    live.armed = profile.promptMode.kind !== 'type';
    live.busy = false;
    live.timedOut = false;
    const session = this.d.sessions.start({
      project,
      agent,
      prompt,
      cwd: folder,
      extraArgs: guidelinesArgs(folder, profile, guidelines),
      ...AGENT_TERMINAL,
      restartPolicy: 'never',
    });
    this.bySession.set(session.id, id);
    const tried = t.agentsTried.includes(agent) ? t.agentsTried : [...t.agentsTried, agent];
    this.save({ ...this.require(id), agent, agentsTried: tried, sessionId: session.id, phase: 'agent', guidelines });
    this.armTurnTimer(id, live);
  }

  /** (Re)starts the turn limit of a task's agent ({@link TaskSettings.turnTimeoutSec}; 0: none). */
  private armTurnTimer(id: string, live: Live): void {
    this.clearTurnTimer(live);
    const limitSec = this.projectSettings(this.d.repo.get(id)?.projectId).turnTimeoutSec;
    if (limitSec <= 0) return;
    live.turnTimer = setTimeout(() => {
      live.turnTimer = null;
      void this.onTurnTimeout(id, live);
    }, limitSec * 1000);
    live.turnTimer.unref?.();
  }

  private clearTurnTimer(live: Live): void {
    if (live.turnTimer) clearTimeout(live.turnTimer);
    live.turnTimer = null;
  }

  /** The turn ran past its limit: stop the agent; its exit ends the turn and runs the gate (onSession). */
  private async onTurnTimeout(id: string, live: Live): Promise<void> {
    const t = this.d.repo.get(id);
    if (this.live.get(id) !== live || live.busy || live.cancelled || !t || t.status !== 'in_progress' || !t.sessionId) return;
    live.timedOut = true;
    live.armed = true;
    try {
      await this.d.sessions.kill(t.sessionId);
    } catch {
      /* gone meanwhile: its exit already ended the turn */
    }
  }

  /** Agent sessions: working arms the turn; idle (armed) or exited ends it and runs the gate. */
  private onSession(s: Session): void {
    const id = this.bySession.get(s.id);
    if (!id) return;
    const t = this.d.repo.get(id);
    const live = this.live.get(id);
    if (!t || !live || t.status !== 'in_progress' || t.sessionId !== s.id || live.busy || live.cancelled) return;
    if (s.state === 'working') live.armed = true;
    // Waiting for the user is not the agent's time: the limit stops, and starts again when it works.
    if (s.state === 'waiting') this.clearTurnTimer(live);
    else if (s.state === 'working' && live.turnTimer === null && !live.timedOut) this.armTurnTimer(id, live);
    const turnOver = s.state === 'exited' || (s.state === 'idle' && live.armed);
    if (!turnOver) return;
    this.clearTurnTimer(live);
    live.busy = true;
    void this.gate(id).catch((err) => this.fail(id, `quality gate could not run: ${message(err)}`));
  }

  /**
   * Runs the gate (the project's checks), then goes where {@link decideAfterGate} says:
   * complete, unverified, retry with the feedback, switch to the next agent, or fail.
   */
  private async gate(id: string): Promise<void> {
    let t = this.save({ ...this.require(id), phase: 'gate' });
    const project = this.d.projects.get(t.projectId);
    const plan = await this.d.quality.plan(project.id, t.worktree!);
    const iteration = t.iterations + 1;
    const live = this.live.get(id);
    const g = await runQualityGate(this.d.sessions, this.d.sessions.events$, {
      project,
      cwd: t.worktree!,
      checks: plan.checks,
      quality: plan.settings,
      iteration,
      agent: t.agent,
      workDir: join(this.d.dataDir, GATES_DIR),
      onSession: (sid) => this.save({ ...this.require(id), gateSessionId: sid }),
      onVerdict: (gate) => this.prepareFeedback(id, gate, live?.timedOut ? this.settings().turnTimeoutSec : null),
    });
    if (this.live.get(id)?.cancelled) return;
    this.d.repo.addGate(id, g, gateQuality(g));
    t = this.save({ ...this.require(id), iterations: iteration, gate: g });
    const settings = this.projectSettings(t.projectId);
    // A retry by the user starts the limits again: only runs and switches since then count.
    const since = t.retriedAt ?? 0;
    const runsWithAgent = this.d.repo.gates(id).filter((x) => x.agent === t.agent && x.iteration > this.lastSwitchIteration(id) && x.at >= since).length;
    const switchesUsed = this.d.repo.switches(id).filter((x) => x.at >= since).length;
    const next = g.snapshot?.verdict === 'failed' && runsWithAgent >= settings.maxIterations && switchesUsed < settings.maxSwitches
      ? pickAgent(this.advisor.rank(t.projectId, t.parse, await this.context(project.path)), t.agentsTried)
      : null;
    const d = decideAfterGate({ verdict: g.snapshot?.verdict ?? (g.passed ? 'passed' : 'failed'), agent: t.agent, runsWithAgent, maxIterations: settings.maxIterations, switchesUsed, maxSwitches: settings.maxSwitches, nextAgent: next?.agent ?? null });
    switch (d.kind) {
      case 'complete':
        return this.complete(id, 'completed');
      case 'unverified':
        return this.complete(id, 'unverified', `${d.reason} (${describeGate(g)})`);
      case 'retry':
        return this.sendFeedback(id, g);
      case 'fail':
        await this.endSessions(t);
        this.dropGuidelines(this.require(id));
        return this.finish(this.require(id), 'failed', `${d.reason} (last: ${describeGate(g)})`);
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
    const t = this.require(id);
    const live = this.live.get(id);
    if (!live || g.snapshot?.verdict !== 'failed') return [];
    live.feedback = feedbackPrompt(g, timedOutAfterSec);
    const profile = this.d.agents.require(t.agent).profile;
    const s = t.sessionId ? this.d.sessions.get(t.sessionId) : null;
    const running = s !== null && s.state !== 'exited';
    const pasteOk = running ? await this.d.sessions.acceptsBracketedPaste(s.id) : false;
    live.channel = feedbackChannel({ id: profile.id, promptMode: profile.promptMode, capabilities: profile.capabilities ?? [] }, running, pasteOk);
    if (live.channel !== 'file') return [`Feedback goes to ${t.agent} as its next prompt (${live.channel === 'paste' ? 'pasted' : 'in its arguments'}).`];
    const file = await writeFeedbackFile(t.worktree!, live.feedback, this.d.env);
    return [`Feedback for ${t.agent} is in ${file} (${t.agent} takes no typed prompt, so nothing was typed into it).`];
  }

  /** Hands the feedback of a failed gate to the agent through its prompt channel ({@link prepareFeedback}). */
  private async sendFeedback(id: string, g: QualityGate): Promise<void> {
    const t = this.require(id);
    const live = this.live.get(id)!;
    const prompt = live.feedback ?? feedbackPrompt(g, live.timedOut ? this.settings().turnTimeoutSec : null);
    const channel = live.channel ?? 'relaunch';
    live.feedback = null;
    live.channel = null;
    live.timedOut = false;
    const s = t.sessionId ? this.d.sessions.get(t.sessionId) : null;
    const running = s !== null && s.state !== 'exited';
    if (channel === 'paste' && running) {
      live.armed = false;
      live.busy = false;
      this.save({ ...t, phase: 'agent' });
      this.d.sessions.write(s.id, `\x1b[200~${prompt}\x1b[201~\r`);
      this.armTurnTimer(id, live);
      return;
    }
    if (channel === 'file') {
      const profile = this.d.agents.require(t.agent).profile;
      if (running) {
        // Nothing is typed: the agent's next turn (its next working → idle) runs the gate again.
        live.armed = false;
        live.busy = false;
        this.save({ ...t, phase: 'agent' });
        this.armTurnTimer(id, live);
        return;
      }
      if (profile.id === 'shell' || (profile.capabilities ?? []).length === 0) {
        await this.endSessions(t);
        this.dropGuidelines(this.require(id));
        return this.finish(this.require(id), 'failed', `quality gate failed (${describeGate(g)}); the feedback is in ${FEEDBACK_FILE}, and ${t.agent} ended, so nothing can act on it`);
      }
      // A typed-prompt agent that ended: started again with a one-line prompt pointing at the file.
      return this.startAgent(id, t.agent, `The quality gate failed. Read ${FEEDBACK_FILE} in this folder for what to fix, then fix it.`);
    }
    if (running) await this.endSessions(t, true);
    await this.startAgent(id, t.agent, prompt);
  }

  /**
   * The agent used its runs: its attempt is committed on a branch of its own (kept for
   * comparison), the task branch goes back to the base commit, and the next agent starts with
   * the task and a summary of what was tried (diff stat, the gate's failures, the last feedback).
   */
  private async switchAgent(id: string, to: string, reason: string): Promise<void> {
    const t = this.require(id);
    const feedback = this.live.get(id)?.feedback ?? feedbackPrompt(t.gate!);
    await this.endSessions(t);
    this.dropGuidelines(this.require(id));
    let kept: string | null = null;
    let diffStat = '';
    if (!t.inPlace) {
      const attempt = this.d.repo.switches(id).length + 1;
      ({ kept, diffStat } = await keepAttempt(this.require(id), `${t.branch}-attempt-${attempt}-${t.agent}`, this.d.env));
    }
    this.recordOutcome(t, false, true);
    this.d.repo.addSwitch(id, t.agent, to, kept ? `${reason}; the attempt is kept on ${kept}` : reason);
    this.notify(t, 'switched', `${t.agent} did not pass the quality gate; ${to} takes over.`);
    const live = this.live.get(id);
    if (live) {
      live.feedback = null;
      live.channel = null;
    }
    await this.startAgent(id, to, switchContext({ taskText: t.text, from: t.agent, keptBranch: kept, diffStat, gate: t.gate!, feedback }));
  }

  /**
   * The agent's work ends: guidelines out, commit on the task branch, then `completed` (the
   * gate passed) or `unverified` (nothing could check it: a person reviews before merging).
   */
  private async complete(id: string, status: 'completed' | 'unverified', note = ''): Promise<void> {
    let t = this.save({ ...this.require(id), phase: 'committing' });
    await this.endSessions(t, true);
    this.dropGuidelines(t);
    t = this.require(id);
    let commit: string | null = null;
    if (!t.inPlace) {
      const g = t.gate!;
      const verdict = status === 'completed' ? `quality gate passed (${describeGate(g)})` : `NOT VERIFIED: ${note}`;
      const msg = `${firstLine(t.text)}\n\nTask ${t.id} by ${t.agent}: ${verdict} after ${t.iterations} iteration(s).\n\nPhantom-Cortex-Task: ${t.id}`;
      commit = await commitAll(t.worktree!, msg, this.d.env);
    }
    this.finish({ ...this.require(id), commit }, status, note);
  }

  private fail(id: string, error: string): void {
    const t = this.d.repo.get(id);
    if (!t || (t.status !== 'in_progress' && t.status !== 'pending')) return;
    void this.endSessions(t).finally(() => {
      this.dropGuidelines(this.require(id));
      this.finish(this.require(id), 'failed', error);
    });
  }

  private finish(t: TaskRecord, status: 'completed' | 'failed' | 'cancelled' | 'unverified', error: string): void {
    // Only a gate's pass or failure teaches the matcher; an unverified or cancelled task says nothing of the agent.
    if ((status === 'completed' || status === 'failed') && t.startedAt !== null) this.recordOutcome(t, status === 'completed', false);
    this.save({ ...t, status, phase: 'done', endedAt: Date.now(), error });
    if (status !== 'cancelled') this.notify(t, status, taskOutcomeBody(t, status, error));
    const live = this.live.get(t.id);
    if (live) this.clearTurnTimer(live);
    this.live.delete(t.id);
    for (const [sid, tid] of this.bySession) if (tid === t.id) this.bySession.delete(sid);
    this.pump();
  }

  /**
   * Adds the current agent's attempt (since the task's start or its last switch) to the
   * outcome history the matcher learns from. Cost is not known to the orchestrator: null.
   */
  private recordOutcome(t: TaskRecord, passed: boolean, switched: boolean): void {
    const lastSwitch = this.d.repo.switches(t.id).at(-1);
    const since = lastSwitch?.at ?? t.startedAt ?? Date.now();
    const iterations = this.d.repo.gates(t.id).filter((g) => g.agent === t.agent && g.iteration > this.lastSwitchIteration(t.id)).length;
    this.d.repo.outcomes.record(
      { projectId: t.projectId, agent: t.agent, intent: t.intent, domain: t.domain },
      { passed, iterations, switched, durationMs: Date.now() - since, costUsd: null },
    );
  }

  /** Ends the task's agent session (and, unless `keepGate`, its gate session). */
  private async endSessions(t: TaskRecord, keepGate = false): Promise<void> {
    const ids = [t.sessionId, keepGate ? null : t.gateSessionId].filter((x): x is string => !!x);
    await Promise.all(
      ids.map(async (sid) => {
        this.bySession.delete(sid);
        try {
          await this.d.sessions.kill(sid);
        } catch {
          /* removed meanwhile */
        }
      }),
    );
  }

  private dropGuidelines(t: TaskRecord): void {
    if (!t.guidelines || !t.worktree) return;
    try {
      removeGuidelines(t.worktree, t.guidelines);
    } catch {
      /* the folder is gone */
    }
    this.save({ ...this.require(t.id), guidelines: null });
  }

  private lastSwitchIteration(id: string): number {
    const switches = this.d.repo.switches(id);
    if (!switches.length) return 0;
    const at = switches[switches.length - 1]!.at;
    const gates = this.d.repo.gates(id).filter((g) => g.at <= at);
    return gates.length ? gates[gates.length - 1]!.iteration : 0;
  }

  /** The project's cached analysis, or null when it cannot be computed. */
  private async context(root: string): Promise<ProjectAnalysis | null> {
    try {
      return (await this.d.analysis.analyze(root)).analysis;
    } catch {
      return null;
    }
  }

  private project(p: { projectId?: string | undefined; path?: string | undefined }): Project {
    if (p.projectId !== undefined) return this.d.projects.get(p.projectId);
    const { project, created } = this.d.projects.add(p.path!);
    if (created) this.d.publishProject(project);
    return project;
  }

  private require(id: string): TaskRecord {
    const t = this.d.repo.get(id);
    if (!t) throw new CortexError('NOT_FOUND', `There is no task with id ${id}.`, 'List tasks with `cortex task list`.');
    return t;
  }

  private notify(t: TaskRecord, outcome: TaskOutcome, body: string): void {
    const title = firstLine(t.text);
    this.d.notifyTask({ taskId: t.id, outcome, title: title.length > 80 ? `${title.slice(0, 79)}…` : title, body, at: Date.now() });
  }

  private save(t: TaskRecord): TaskRecord {
    this.d.repo.save(t);
    this.d.publishTask(toTask(t));
    return t;
  }
}

/** The sentence of a task's outcome notification. */
function taskOutcomeBody(t: TaskRecord, status: 'completed' | 'failed' | 'unverified', error: string): string {
  if (status === 'completed') return `Completed by ${t.agent}: the quality gate passed after ${t.iterations} iteration(s). Review it to merge.`;
  if (status === 'unverified') return `Unverified: ${error || 'no check could verify the change'}. Review it before merging.`;
  return `Failed: ${error}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
