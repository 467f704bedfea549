import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { AgentInfo, ProfileProblem, Project, RestartPolicy, Session } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { LoadLog } from './load-log';
import { toUserError, type UserError } from '../shared/user-error';
import { TaskStore } from '../tasks/task.store';

/** How a task's quality gate session is named (its agent is the shell running the tests). */
const GATE_SESSION_NAME = 'Gate';

/** What `startSession` needs: an existing project, or a folder path to add. */
export interface StartSessionRequest {
  projectId?: string;
  path?: string;
  agent: string;
  prompt?: string;
}

/**
 * The renderer's picture of the backend: projects, sessions, agents and profile problems
 * as signals, kept current by the backend's events and reloaded after a reconnect.
 * Actions call the contract and throw its CortexError for the caller to show in place.
 */
@Injectable({ providedIn: 'root' })
export class WorkspaceStore {
  private readonly client = inject(CortexClient);
  private readonly tasks = inject(TaskStore);

  private readonly projectsSignal = signal<Project[]>([]);
  private readonly sessionsSignal = signal<Session[]>([]);
  private readonly agentsSignal = signal<AgentInfo[]>([]);
  private readonly problemsSignal = signal<ProfileProblem[]>([]);
  private readonly loadedSignal = signal(false);
  private readonly loadErrorSignal = signal<UserError | null>(null);
  /** The events received while a {@link load} is in flight, in order (null otherwise). */
  private loadLog: LoadLog<ListKind> | null = null;

  /** Projects, oldest first. */
  readonly projects = this.projectsSignal.asReadonly();
  /** Every session, oldest first. */
  readonly sessions = this.sessionsSignal.asReadonly();
  /** Agent profiles, installed ones first, then by name. */
  readonly agents = this.agentsSignal.asReadonly();
  /** Problems of the custom profiles file (built-ins keep working). */
  readonly problems = this.problemsSignal.asReadonly();
  /** True once the first load finished. */
  readonly loaded = this.loadedSignal.asReadonly();
  /** Why the last load failed, if it did. */
  readonly loadError = this.loadErrorSignal.asReadonly();

  readonly projectById = computed(() => new Map(this.projects().map((p) => [p.id, p])));
  readonly sessionById = computed(() => new Map(this.sessions().map((s) => [s.id, s])));
  readonly agentById = computed(() => new Map(this.agents().map((a) => [a.id, a])));
  /** Sessions grouped by project id, oldest first. */
  readonly sessionsByProject = computed(() => {
    const map = new Map<string, Session[]>();
    for (const s of this.sessions()) {
      const list = map.get(s.projectId) ?? [];
      list.push(s);
      map.set(s.projectId, list);
    }
    return map;
  });

  /** Each session's number within its project (1 = oldest), to tell "Shell #1" from "Shell #2". */
  readonly sessionOrdinal = computed(() => {
    const map = new Map<string, number>();
    for (const list of this.sessionsByProject().values()) list.forEach((s, i) => map.set(s.id, i + 1));
    return map;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    const c = this.client;
    const on = <T>(lists: ListKind[], apply: (x: T) => void) => (x: T) => {
      apply(x);
      this.loadLog?.record(lists, () => apply(x));
    };
    c.events('project.updated').pipe(takeUntilDestroyed(destroyRef)).subscribe(on(['projects'], (p) => this.upsertProject(p)));
    c.events('project.removed').pipe(takeUntilDestroyed(destroyRef)).subscribe(
      on(['projects', 'sessions'], ({ projectId }) => {
        this.projectsSignal.update((list) => list.filter((p) => p.id !== projectId));
        this.sessionsSignal.update((list) => list.filter((s) => s.projectId !== projectId));
      }),
    );
    c.events('session.updated').pipe(takeUntilDestroyed(destroyRef)).subscribe(on(['sessions'], (s) => this.upsertSession(s)));
    c.events('session.removed').pipe(takeUntilDestroyed(destroyRef)).subscribe(
      on(['sessions'], ({ sessionId }) => this.sessionsSignal.update((list) => list.filter((s) => s.id !== sessionId))),
    );
    c.events('agent.updated').pipe(takeUntilDestroyed(destroyRef)).subscribe(on(['agents'], (a) => this.upsertAgent(a)));
    c.reconnected$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => void this.load());
  }

  /**
   * Loads every list. Never throws: a failure lands in {@link loadError}. An event that
   * arrives after a list's answer is newer than that list, and is applied again over it
   * (a session started by another client while the page loads is not lost); events before
   * the answer are in the list already.
   */
  async load(): Promise<void> {
    const log = new LoadLog<ListKind>();
    this.loadLog = log;
    const answer = <T>(list: ListKind, call: Promise<T>): Promise<T> =>
      call.then((value) => {
        log.answered(list);
        return value;
      });
    try {
      const [projects, sessions, agents] = await Promise.all([
        answer('projects', this.client.call('projects.list')),
        answer('sessions', this.client.call('sessions.list', {})),
        answer('agents', this.client.call('agents.list')),
      ]);
      this.projectsSignal.set([...projects].sort(byCreatedAt));
      this.sessionsSignal.set([...sessions].sort(byStartedAt));
      this.agentsSignal.set(sortAgents(agents.agents));
      log.replay();
      this.problemsSignal.set(agents.problems);
      this.loadErrorSignal.set(null);
      this.loadedSignal.set(true);
    } catch (err) {
      this.loadErrorSignal.set(toUserError(err));
    } finally {
      if (this.loadLog === log) this.loadLog = null;
    }
  }

  /** Re-reads agent profiles (install state, custom profile problems). */
  async refreshAgents(): Promise<void> {
    const { agents, problems } = await this.client.call('agents.list');
    this.agentsSignal.set(sortAgents(agents));
    this.problemsSignal.set(problems);
  }

  /** Adds a folder as a project. @throws CortexError (FOLDER_MISSING, NOT_A_DIRECTORY, ...) */
  async addProject(path: string): Promise<Project> {
    const project = await this.client.call('projects.add', { path });
    this.upsertProject(project);
    return project;
  }

  /** Renames a project. @throws CortexError */
  async renameProject(id: string, name: string): Promise<void> {
    this.upsertProject(await this.client.call('projects.rename', { id, name }));
  }

  /** Forgets a project and its sessions (live ones are stopped); the folder is untouched. @throws CortexError */
  async removeProject(id: string): Promise<void> {
    await this.client.call('projects.remove', { id });
  }

  /** Starts a session. @returns the new session @throws CortexError */
  async startSession(req: StartSessionRequest): Promise<Session> {
    const session = await this.client.call('sessions.start', req);
    this.upsertSession(session);
    return session;
  }

  /** Stops a session's whole process group. @throws CortexError */
  async killSession(id: string): Promise<void> {
    await this.client.call('sessions.kill', { id });
  }

  /** Forgets a session (stopping it first if it runs). @throws CortexError */
  async removeSession(id: string): Promise<void> {
    await this.client.call('sessions.remove', { id });
  }

  /**
   * Relaunches a session that is not running (exited, or restored and kept closed) with its
   * agent's resume arguments, or as a fresh start. @throws CortexError (SESSION_RUNNING, AGENT_UNAVAILABLE, ...)
   */
  async restoreSession(id: string, fresh: boolean): Promise<Session> {
    const session = await this.client.call('sessions.relaunch', { id, fresh });
    this.upsertSession(session);
    return session;
  }

  /** Sets what happens when the session's process fails. @throws CortexError */
  /** Names a session ('' = the default label). @throws CortexError (INVALID_REQUEST: name taken in the project) */
  async renameSession(id: string, name: string): Promise<void> {
    this.upsertSession(await this.client.call('sessions.rename', { id, name }));
  }

  async setRestartPolicy(id: string, policy: RestartPolicy): Promise<void> {
    this.upsertSession(await this.client.call('sessions.setRestartPolicy', { id, policy }));
  }

  /** Closes an agent's open circuit breaker by hand. @throws CortexError */
  async resetBreaker(agent: string): Promise<void> {
    this.upsertAgent(await this.client.call('agents.resetBreaker', { agent }));
  }

  /** The user looked at the session ("waiting, not yet seen" becomes "seen"). Best effort. */
  markSeen(id: string): void {
    const s = this.sessionById().get(id);
    if (!s || s.seen) return;
    this.upsertSession({ ...s, seen: true });
    this.client.call('sessions.markSeen', { id }).then((fresh) => this.upsertSession(fresh), () => undefined);
  }

  /** Display name of an agent id (the id itself when the profile is gone). */
  agentName(id: string): string {
    return this.agentById().get(id)?.name ?? id;
  }

  /**
   * A session's short label: agent name and its number in the project, e.g. `Shell #2`; a
   * task's quality gate session reads `Gate #3`. A name the user gave the session wins.
   */
  sessionLabel(s: Pick<Session, 'id' | 'agent'> & { name?: string }): string {
    if (s.name) return s.name;
    const n = this.sessionOrdinal().get(s.id);
    const role = this.tasks.sessionRoles().get(s.id);
    const name = role === 'gate' ? GATE_SESSION_NAME : this.agentName(s.agent);
    return n === undefined ? name : `${name} #${n}`;
  }

  /**
   * A session's label with its project, for places that show it out of the sidebar's
   * context (dialogs, OS notifications), e.g. `Shell #2 in my-app`.
   */
  sessionTitle(s: Pick<Session, 'id' | 'agent' | 'projectId'> & { name?: string }): string {
    const project = this.projectById().get(s.projectId)?.name;
    return project ? `${this.sessionLabel(s)} in ${project}` : this.sessionLabel(s);
  }

  private upsertProject(p: Project): void {
    this.projectsSignal.update((list) => {
      const i = list.findIndex((x) => x.id === p.id);
      return i < 0 ? [...list, p].sort(byCreatedAt) : list.map((x) => (x.id === p.id ? p : x));
    });
  }

  private upsertAgent(a: AgentInfo): void {
    this.agentsSignal.update((list) => sortAgents(list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [...list, a]));
  }

  private upsertSession(s: Session): void {
    this.sessionsSignal.update((list) => {
      const i = list.findIndex((x) => x.id === s.id);
      return i < 0 ? [...list, s].sort(byStartedAt) : list.map((x) => (x.id === s.id ? s : x));
    });
  }
}

/** The lists {@link WorkspaceStore.load} reads. */
type ListKind = 'projects' | 'sessions' | 'agents';

function byCreatedAt(a: Project, b: Project): number {
  return a.createdAt - b.createdAt;
}

function byStartedAt(a: Session, b: Session): number {
  return a.startedAt - b.startedAt;
}

function sortAgents(agents: AgentInfo[]): AgentInfo[] {
  return [...agents].sort((a, b) => Number(b.installed) - Number(a.installed) || Number(a.id !== 'shell') - Number(b.id !== 'shell') || a.name.localeCompare(b.name));
}
