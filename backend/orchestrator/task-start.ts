import { existsSync } from 'node:fs';
import type { AgentTurns } from './agent-turn.js';
import { guidelinesArgs, injectGuidelines } from './guidelines.js';
import { message, newLive, type TaskRunState } from './run-state.js';
import type { TaskEnding } from './task-end.js';
import { nextPhase, type TaskRunEvent } from './task-phases.js';
import { copyIgnoredEnvFiles } from './worktree-env-files.js';
import { createTaskWorktree } from './worktrees.js';
import { budgetBlock, heldForBudget } from './budget-guard.js';
import { instanceParallelLimit } from './parallel-limit.js';
import type { TaskRecord } from './task-repository.js';

/** Size of an agent's terminal when the orchestrator starts it (columns, rows). */
export const AGENT_TERMINAL = { cols: 120, rows: 32 } as const;

/**
 * The queue and the start of a task's run: waiting tasks start while fewer than the
 * parallel limits allow run; a started task gets its git worktree (phase `worktree`), then its
 * agent's session with the task as first prompt and the guidelines injected (phase `agent`).
 */
export class TaskStarter {
  private closed = false;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeTimerAt = 0;

  constructor(
    private readonly s: TaskRunState,
    private readonly turns: AgentTurns,
    private readonly ending: TaskEnding,
  ) {}

  /** Starts no more tasks (the app quits). */
  close(): void {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /**
   * Starts waiting tasks while fewer than the parallel limits allow run: each project's own
   * (its preset's) and all projects' together ({@link instanceParallelLimit}); in-place tasks
   * one per project at a time.
   */
  pump(): void {
    if (this.closed) return;
    const running = this.s.d.repo.withStatus('in_progress');
    const pending = this.s.d.repo.withStatus('pending');
    const projects = new Set([...running, ...pending].map((t) => t.projectId));
    const limit = instanceParallelLimit(
      this.s.d.repo.explicitSettings().parallelLimit,
      [...projects].map((p) => this.s.projectSettings(p).parallelLimit),
      this.s.settings().parallelLimit,
    );
    let free = limit - running.length;
    const busyInPlace = new Set(running.filter((t) => t.inPlace).map((t) => t.projectId));
    const perProject = new Map<string, number>();
    for (const t of running) perProject.set(t.projectId, (perProject.get(t.projectId) ?? 0) + 1);
    const now = Date.now();
    for (const t of pending) {
      if (free <= 0) break;
      if (!this.mayStart(t, now)) continue;
      if (t.inPlace && busyInPlace.has(t.projectId)) continue;
      // A project's preset may allow fewer parallel tasks than the instance does.
      if ((perProject.get(t.projectId) ?? 0) >= this.s.projectSettings(t.projectId).parallelLimit) continue;
      perProject.set(t.projectId, (perProject.get(t.projectId) ?? 0) + 1);
      if (t.inPlace) busyInPlace.add(t.projectId);
      free--;
      this.s.step(t.id, 'start', { startedAt: t.held !== '' || t.heldUntil !== null ? (t.startedAt ?? Date.now()) : Date.now(), held: '', heldUntil: null });
      this.s.live.set(t.id, newLive());
      void this.begin(t.id).catch((err) => this.ending.fail(t.id, `could not start: ${message(err)}`));
    }
  }

  /**
   * Whether a pending task may start now: not while a quota hold lasts (a timer pumps the queue
   * at its end), nor while its budget or its project's is reached (it shows why, and starts when
   * the budget is raised).
   */
  private mayStart(t: TaskRecord, now: number): boolean {
    if (t.heldUntil !== null && t.heldUntil > now) {
      this.wakeAt(t.heldUntil);
      return false;
    }
    const b = budgetBlock(this.s.d.budgets, t);
    if (b) {
      const held = heldForBudget(b);
      if (t.held !== held || t.heldUntil !== null) this.s.save({ ...t, held, heldUntil: null });
      return false;
    }
    return true;
  }

  /** Pumps the queue again at `at` (ms epoch); one timer, at the earliest time asked. */
  private wakeAt(at: number): void {
    if (this.wakeTimer && this.wakeTimerAt <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimerAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.pump();
    }, Math.max(0, at - Date.now()) + 50);
    this.wakeTimer.unref?.();
  }

  /** Worktree (a retried task keeps its own), then the first agent session. */
  private async begin(id: string): Promise<void> {
    let t = this.s.require(id);
    // A task held on its agent's quota kept that session open to show why: it ends now.
    if (t.sessionId) {
      await this.s.endSessions(t, true);
      t = this.s.save({ ...this.s.require(id), sessionId: null });
    }
    const project = this.s.d.projects.get(t.projectId);
    if (!t.inPlace && t.worktree && t.branch && existsSync(t.worktree)) {
      // A retried task goes on in its own worktree (reset to the base first when asked: see rerun).
    } else if (!t.inPlace) {
      const wt = await createTaskWorktree(project.path, this.s.d.dataDir, t.id, t.text, this.s.d.env);
      // The project's ignored .env files, so the agent and the gate run as they do in the project.
      // A copy that fails (an unreadable file) leaves the worktree as git made it; the gate shows the rest.
      await copyIgnoredEnvFiles(project.path, wt.path, this.s.d.env).catch(() => []);
      t = this.s.save({ ...this.s.require(id), worktree: wt.path, branch: wt.branch, baseRef: wt.baseRef, baseBranch: wt.baseBranch });
    } else {
      t = this.s.save({ ...this.s.require(id), worktree: project.path });
    }
    if (this.s.live.get(id)?.cancelled) return;
    await this.startAgent(id, t.agent, this.s.firstPrompts.get(id) ?? t.text, 'worktreeReady');
    this.s.firstPrompts.delete(id);
  }

  /**
   * Starts `agent` in the task's folder with `prompt` (guidelines injected first), moving the
   * task to `agent` on `event` (`worktreeReady`, `retry` or `nextAgent`).
   * @throws CortexError from the session manager (SPAWN_FAILED …); IllegalTransitionError
   */
  async startAgent(id: string, agent: string, prompt: string, event: TaskRunEvent): Promise<void> {
    const t = this.s.require(id);
    const project = this.s.d.projects.get(t.projectId);
    const folder = t.worktree!;
    const profile = this.s.d.agents.require(agent).profile;
    const analysis = await this.s.context(project.path);
    this.s.dropGuidelines(t);
    const guidelines = injectGuidelines(folder, profile, { taskText: t.text, branch: t.branch, testCommand: analysis?.testCommand ?? null, analysis });
    // Checked before the session starts, so a task cancelled meanwhile leaves no agent running.
    nextPhase(this.s.require(id).phase, event);
    const live = this.s.live.get(id)!;
    // A prompt given at launch (argument or flag) is in from the start: the first idle ends
    // the turn. A typed prompt is not in until the agent worked on it.
    live.armed = profile.promptMode.kind !== 'type';
    live.busy = false;
    live.timedOut = false;
    const session = this.s.d.sessions.start({
      project,
      agent,
      prompt,
      cwd: folder,
      extraArgs: guidelinesArgs(folder, profile, guidelines),
      ...AGENT_TERMINAL,
      restartPolicy: 'never',
      task: { id, role: 'agent' },
    });
    this.s.bySession.set(session.id, id);
    this.s.d.repo.addSession(id, session.id);
    const tried = t.agentsTried.includes(agent) ? t.agentsTried : [...t.agentsTried, agent];
    this.s.step(id, event, { agent, agentsTried: tried, sessionId: session.id, guidelines });
    this.turns.armTimer(id, live);
    this.s.prepareGate(id);
  }
}
