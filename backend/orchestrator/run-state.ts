import { join } from 'node:path';
import { CortexError, type EventPayload, type Project, type ProjectAnalysis, type Task, type TaskOutcome, type TaskSettings } from '../contract/index.js';
import type { ProjectConfigSource } from './project-config.js';
import type { BudgetAlertLedger, BudgetSource } from './budget-guard.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { AnalysisService } from '../analysis/analysis-service.js';
import type { ProjectService } from '../projects/project-service.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import type { SessionApi } from '../sessions/session-api.js';
import type { QualityService } from '../quality/quality-service.js';
import type { FeedbackChannel } from './feedback.js';
import { GateConsoles, GATES_DIR } from './gate-consoles.js';
import { removeGuidelines } from './guidelines.js';
import { TaskAdvisor } from './task-advisor.js';
import { nextPhase, statusOfPhase, type TaskRunEvent } from './task-phases.js';
import { toTask, type TaskRecord, type TaskRepository } from './task-repository.js';
import { firstLine } from './task-review.js';

/** The orchestrator's collaborators. */
export interface OrchestratorDeps {
  repo: TaskRepository;
  /** The project's checks and quality settings (what the gate runs and how it scores). */
  quality: QualityService;
  sessions: SessionApi;
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
  /** Budgets of projects and tasks; absent: no budget is enforced. */
  budgets?: BudgetSource;
  /** Where the budget alerts raised are kept (SQLite: once across restarts); absent: in memory. */
  budgetAlerts?: BudgetAlertLedger;
  /** Publishes `budget.alert`. */
  publishBudgetAlert?: (a: EventPayload<'budget.alert'>) => void;
}

/** In-memory state of a running task: which sessions it watches and whether the agent's turn may end. */
export interface Live {
  /** True once the agent worked after its last prompt: its next idle (or exit) ends the turn. */
  armed: boolean;
  /** The gate (or a commit) is running: agent events are ignored until the next prompt. */
  busy: boolean;
  cancelled: boolean;
  /** Ends the agent's turn at the `turnTimeoutSec` limit; null while none runs (or it waits for the user). */
  turnTimer: ReturnType<typeof setTimeout> | null;
  /** The last turn was stopped at the limit (the next prompt says so). */
  timedOut: boolean;
  /** The turn limit last armed, s (the project's `turnTimeoutSec` then; 0: none): what a stopped turn ran past. */
  turnLimitSec: number;
  /** The retry prompt of the last failed gate and how it goes to the agent (set before its verdict shows). */
  feedback?: string | null;
  channel?: FeedbackChannel | null;
}

/** How long (ms) a gate console that printed its verdict may take to end on its own before ending a task's sessions kills it. */
export const GATE_END_GRACE_MS = 1_000;

/** A fresh {@link Live} for a task that starts (busy until its agent runs) or resumes. */
export function newLive(patch: Partial<Live> = {}): Live {
  return { armed: false, busy: true, cancelled: false, turnTimer: null, timedOut: false, turnLimitSec: 0, ...patch };
}

/**
 * What the steps of a task's run share: the collaborators, the in-memory state of running
 * tasks, and the one way a task's record changes phase ({@link step}, checked by the state
 * machine of `task-phases.ts`). Holds no timers of its own; `wake` is called when a task
 * ended or went back to the queue, so the queue can start the next one.
 */
export class TaskRunState {
  readonly live = new Map<string, Live>();
  /** The first prompt of a retried task (the text and how the last attempt ended), until its agent starts. */
  readonly firstPrompts = new Map<string, string>();
  /** Session id → task id, for the agent and gate sessions of running tasks. */
  readonly bySession = new Map<string, string>();
  /** Gate session id → its end, for gate consoles that printed their verdict and end on their own. */
  readonly endingGates = new Map<string, Promise<unknown>>();
  readonly advisor: TaskAdvisor;
  /** The running tasks' next gate consoles, started while their agents work. */
  readonly gateConsoles: GateConsoles;

  constructor(
    readonly d: OrchestratorDeps,
    readonly wake: () => void,
  ) {
    this.advisor = new TaskAdvisor(d.agents, d.breakers, d.repo, d.config && ((p) => d.config!.matchConfig(p)));
    this.gateConsoles = new GateConsoles(d.sessions, join(d.dataDir, GATES_DIR));
  }

  /**
   * Starts task `id`'s next gate console ahead ({@link GateConsoles.prepare}) once the current
   * event is handled (the agent's session goes out first), if the task is still in its agent
   * phase then; a task that ended or reached its gate meanwhile gets none.
   */
  prepareGate(id: string): void {
    setImmediate(() => {
      const t = this.d.repo.get(id);
      const live = this.live.get(id);
      if (!t || !live || live.cancelled || t.status !== 'in_progress' || t.phase !== 'agent' || !t.worktree) return;
      this.gateConsoles.prepare(id, t.worktree);
    });
  }

  settings(): TaskSettings {
    return this.d.repo.settings();
  }

  /** A project's limits: its preset's with explicit settings over them ({@link ProjectConfigSource}), or the global settings. */
  projectSettings(projectId: string | undefined): TaskSettings {
    return projectId !== undefined && this.d.config ? this.d.config.taskSettings(projectId) : this.settings();
  }

  /** @throws CortexError NOT_FOUND */
  require(id: string): TaskRecord {
    const t = this.d.repo.get(id);
    if (!t) throw new CortexError('NOT_FOUND', `There is no task with id ${id}.`, 'List tasks with `cortex task list`.');
    return t;
  }

  /** Stores a task's record and publishes `task.updated`. Never changes the phase on its own: see {@link step}. */
  save(t: TaskRecord): TaskRecord {
    this.d.repo.save(t);
    this.d.publishTask(toTask(t));
    return t;
  }

  /**
   * Moves the stored task `id` on `event` to the phase the state machine gives, with `patch`
   * applied; the status follows the phase (`pending` when queued, `in_progress` while it runs;
   * `done` takes the final status from the patch). @returns the saved record
   * @throws IllegalTransitionError when its phase does not allow `event`; CortexError NOT_FOUND
   */
  step(id: string, event: TaskRunEvent, patch: Partial<TaskRecord> = {}): TaskRecord {
    const t = this.require(id);
    const phase = nextPhase(t.phase, event);
    const status = phase === 'done' ? (patch.status ?? t.status) : statusOfPhase(phase);
    return this.save({ ...t, ...patch, phase, status });
  }

  /**
   * Ends the task's agent session (and, unless `keepGate`, its gate session: one that printed
   * its verdict is given {@link GATE_END_GRACE_MS} to end on its own first, so its console
   * shows the runner's own exit).
   */
  async endSessions(t: TaskRecord, keepGate = false): Promise<void> {
    const ids = [t.sessionId, keepGate ? null : t.gateSessionId].filter((x): x is string => !!x);
    await Promise.all(
      ids.map(async (sid) => {
        this.bySession.delete(sid);
        const ending = this.endingGates.get(sid);
        if (ending) await Promise.race([ending, new Promise((r) => setTimeout(r, GATE_END_GRACE_MS))]);
        try {
          await this.d.sessions.kill(sid);
        } catch {
          /* removed meanwhile */
        }
      }),
    );
  }

  /** Takes the injected guidelines out of the task's folder (a folder that is gone is fine). */
  dropGuidelines(t: TaskRecord): void {
    if (!t.guidelines || !t.worktree) return;
    try {
      removeGuidelines(t.worktree, t.guidelines);
    } catch {
      /* the folder is gone */
    }
    this.save({ ...this.require(t.id), guidelines: null });
  }

  /** The iteration of the last gate run before the task's last agent switch (0 without a switch). */
  lastSwitchIteration(id: string): number {
    const switches = this.d.repo.switches(id);
    if (!switches.length) return 0;
    const at = switches[switches.length - 1]!.at;
    const gates = this.d.repo.gates(id).filter((g) => g.at <= at);
    return gates.length ? gates[gates.length - 1]!.iteration : 0;
  }

  /** The project's cached analysis, or null when it cannot be computed. */
  async context(root: string): Promise<ProjectAnalysis | null> {
    try {
      return (await this.d.analysis.analyze(root)).analysis;
    } catch {
      return null;
    }
  }

  /** Publishes `task.notify` titled with the task's first line (at most 80 characters). */
  notify(t: TaskRecord, outcome: TaskOutcome, body: string): void {
    const title = firstLine(t.text);
    this.d.notifyTask({ taskId: t.id, outcome, title: title.length > 80 ? `${title.slice(0, 79)}…` : title, body, at: Date.now() });
  }
}

/** An error's message. */
export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
