import { randomUUID } from 'node:crypto';
import { Subject, type Observable } from 'rxjs';
import {
  CortexError,
  type EventName,
  type EventPayload,
  type Project,
  type RestartPolicy,
  type Session,
  type NotifyKind,
} from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { planLaunch, type LaunchPlan } from '../agents/launch.js';
import { checkProjectFolder } from '../projects/folder-check.js';
import type { PtyExit } from '../pty/pty-process.js';
import { PtySession, type Attachment, type OutputSink } from '../pty/pty-session.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import { RESTART_MAX_TRIES, RESUME_GRACE_MS } from '../recovery/constants.js';
import { decideExit, isFailure } from '../recovery/exit-policy.js';
import { consoleNote, restoreBanner } from '../recovery/restore-banner.js';
import { planResume, type ResumePlan } from '../recovery/resume.js';
import type { SnapshotScheduler } from '../recovery/snapshot-scheduler.js';
import type { SessionRepository } from '../store/session-repository.js';
import { validAgentSessionId } from '../agents/resume-schema.js';
import { bestEffortWrite } from '../store/best-effort.js';
import type { SessionSnapshot } from '../store/snapshot-repository.js';
import { rmSync } from 'node:fs';
import { ExitedViews } from './exited-views.js';
import type { ResolvedProfile } from '../agents/agent-registry.js';
import { attachStatusDetector } from './attach-status.js';
import { hookLaunchAdditions, type HookLaunchAdditions } from './hook-launch.js';
import type { HookServer } from '../status/hook-server.js';
import { shellIntegrationArgv } from '../status/shell-integration.js';
import type { StatusDetector } from '../status/status-detector.js';
import type { HookEvent, StatusEvent } from '../status/status-types.js';

/** An event for every client: a name of the contract and its payload. */
export interface BroadcastEvent<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}

/** Title changes are sent at most this often per session (ms): spinners in titles repaint fast. */
export const TITLE_EVENT_INTERVAL_MS = 250;

interface LiveSession {
  record: Session;
  pty: PtySession;
  /** Live status of the current process (none while no process runs). */
  detector: StatusDetector | null;
  detachStatus: (() => void) | null;
  /** The session's hook channel registration and per-launch additions (profiles with hooks). */
  hook: { unregister: () => void; additions: HookLaunchAdditions } | null;
  titleTimer: NodeJS.Timeout | null;
  promptTimer: NodeJS.Timeout | null;
  restartTimer: NodeJS.Timeout | null;
  /** When the current process was started (ms epoch). */
  launchedAt: number;
  /** How the current process was started: resumed processes that die at once fall back to fresh. */
  resumeKind: ResumePlan['kind'];
  /** The user (or quit) asked for the current process to end: its exit is no failure. */
  killRequested: boolean;
}

/** What `start` needs. Sizes are in columns and rows. */
export interface StartRequest {
  project: Project;
  agent: string;
  prompt?: string;
  cols: number;
  rows: number;
  restartPolicy?: RestartPolicy;
  /** Run in this folder instead of the project's (a task's git worktree); the session still belongs to the project. */
  cwd?: string;
  /** Extra launch args after the profile's own (e.g. aider's `--read <guidelines file>`). */
  extraArgs?: string[];
  /** Spawn this argv instead of the profile's command (the quality gate's runner); the profile still names the session. */
  argv?: string[];
}

/** Collaborators of the session manager. */
export interface SessionManagerDeps {
  repo: SessionRepository;
  agents: AgentRegistry;
  breakers: BreakerRegistry;
  snapshots: SnapshotScheduler;
  /** Id of this run of the backend (rows of live sessions carry it). */
  runId: string;
  /** Lines of scrollback per session mirror. */
  scrollback: () => number;
  /** Environment every session inherits (before its profile's env). */
  env: NodeJS.ProcessEnv;
  /** The authenticated local channel agent hooks post to; null disables hooks. */
  hooks: HookServer | null;
  /** The data dir (per-launch hook settings files go below it). */
  dataDir: string;
  /** Seam: every accepted hook call of a session, after status has seen it (accounting follows `transcript_path`). */
  onHookEvent?: (sessionId: string, e: HookEvent) => void;
}

/**
 * Owns every session: spawns PTYs for agent profiles, tracks their live state through a
 * status detector per process (`starting`, `working`, `waiting`, `idle`, `exited`, `error`;
 * hooks, titles, screen patterns, process), records every transition in SQLite with an
 * event log, raises `session.notify` for sessions the user is not looking at,
 * keeps snapshots, restarts failed agents by policy behind a circuit breaker per profile,
 * relaunches sessions restored from an earlier run, and publishes `session.updated` /
 * `session.removed` on {@link events$}.
 */
export class SessionManager {
  private readonly live = new Map<string, LiveSession>();
  private readonly eventsSubject = new Subject<BroadcastEvent>();
  private shuttingDown = false;
  /** The session the user is looking at; null when the window is not focused. */
  private focused: string | null = null;
  /** Every session change, for every client. */
  readonly events$: Observable<BroadcastEvent> = this.eventsSubject.asObservable();

  /** Final screens of sessions that exited in an earlier run, loaded from their snapshots. */
  private readonly exitedViews: ExitedViews;

  constructor(private readonly d: SessionManagerDeps) {
    this.exitedViews = new ExitedViews((id) => d.snapshots.load(id), d.scrollback);
  }

  /** All sessions, live and past, oldest first; optionally of one project. */
  list(projectId?: string): Session[] {
    return this.d.repo.list(projectId).map((s) => this.live.get(s.id)?.record ?? s);
  }

  /** @throws CortexError `NOT_FOUND` */
  get(id: string): Session {
    const s = this.live.get(id)?.record ?? this.d.repo.get(id);
    if (!s) throw notFound(id);
    return s;
  }

  /**
   * Starts the profile `agent` in the project's folder.
   * @throws CortexError `AGENT_UNKNOWN`, `AGENT_NOT_INSTALLED`, `FOLDER_MISSING`,
   *   `NOT_A_DIRECTORY`, `FOLDER_UNREADABLE` (the folder changed since it was added),
   *   `AGENT_UNAVAILABLE` (its circuit breaker is open) or `SPAWN_FAILED`
   */
  start(req: StartRequest): Session {
    const profile = this.d.agents.require(req.agent);
    this.requireBreaker(profile.profile.id);
    const cwd = checkProjectFolder(req.cwd ?? req.project.path);
    const pty = new PtySession({ cols: req.cols, rows: req.rows }, this.d.scrollback());
    const now = Date.now();
    const live = this.track(pty, {
      id: randomUUID(),
      projectId: req.project.id,
      agent: profile.profile.id,
      argv: [],
      cwd,
      state: 'starting',
      stateSince: now,
      stateSource: 'process',
      stateReason: 'launched',
      seen: true,
      startedAt: now,
      endedAt: null,
      exitCode: null,
      signal: null,
      pid: null,
      cols: req.cols,
      rows: req.rows,
      title: '',
      restoredAt: null,
      restartPolicy: req.restartPolicy ?? 'never',
      restarts: 0,
      restartAt: null,
      agentSessionId: null,
      note: '',
      name: '',
    });
    try {
      const plan = req.argv ? { argv: req.argv, env: {}, typedPrompt: null, typeDelayMs: 0 } : this.plan(live, profile, req.prompt, req.extraArgs);
      this.launch(live, plan, 'fresh');
    } catch (err) {
      this.live.delete(live.record.id);
      this.disposeLive(live);
      throw err;
    }
    return live.record;
  }

  /** @throws CortexError `NOT_FOUND`, `SESSION_EXITED` */
  write(id: string, data: string): void {
    const live = this.requireRunning(id);
    live.pty.write(data);
    live.detector?.onInput(data);
  }

  /** Resizes the PTY and the mirror (columns, rows). @throws CortexError `NOT_FOUND`, `SESSION_EXITED` */
  resize(id: string, cols: number, rows: number): void {
    const live = this.requireRunning(id);
    if (live.record.cols === cols && live.record.rows === rows) return;
    live.detector?.onResize();
    live.pty.resize(cols, rows);
    this.d.snapshots.resized(id);
    this.update(live, { cols, rows });
  }

  /**
   * Ends the session's process tree, gently then forced; resolves once it exited. A pending
   * automatic restart is cancelled. A session that is not running is left as it is.
   * @throws CortexError `NOT_FOUND`
   */
  async kill(id: string): Promise<void> {
    const live = this.live.get(id);
    if (!live) {
      this.get(id);
      return;
    }
    this.cancelRestart(live);
    if (!live.pty.running) return;
    live.killRequested = true;
    bestEffortWrite(`logging the kill of session ${id}`, () => this.d.repo.logEvent(id, 'killed'));
    await live.pty.kill();
  }

  /** Kills (if needed) and forgets a session and its history. @throws CortexError `NOT_FOUND` */
  async remove(id: string): Promise<void> {
    this.get(id);
    const live = this.live.get(id);
    if (live) {
      await this.kill(id);
      this.disposeLive(live);
      this.live.delete(id);
    }
    this.exitedViews.drop(id);
    this.d.repo.remove(id);
    this.emit('session.removed', { sessionId: id });
  }

  /** Kills and forgets every session of a project (used when the project is removed). */
  async removeProjectSessions(projectId: string): Promise<void> {
    await Promise.all(this.list(projectId).map((s) => this.remove(s.id)));
  }

  /**
   * Attaches an output sink. Sessions with nothing to show (history of an earlier run that
   * was discarded) attach with an empty snapshot and no stream. @throws CortexError `NOT_FOUND`
   */
  async attach(id: string, sink: OutputSink, flowControl: boolean): Promise<{ attachment: Attachment | null; cols: number; rows: number }> {
    const record = this.get(id);
    const live = this.live.get(id);
    if (!live) {
      // An exited session of an earlier run: its final screen and scrollback, if saved.
      const view = this.exitedViews.get(id);
      if (!view) return { attachment: null, cols: record.cols, rows: record.rows };
      return { attachment: await view.attach(sink, flowControl), cols: view.mirror.cols, rows: view.mirror.rows };
    }
    const attachment = await live.pty.attach(sink, flowControl);
    return { attachment, cols: live.record.cols, rows: live.record.rows };
  }

  /** The visible screen as plain text. @throws CortexError `NOT_FOUND` */
  async screen(id: string): Promise<{ text: string; cols: number; rows: number; cursorX: number; cursorY: number }> {
    const record = this.get(id);
    const pty = this.live.get(id)?.pty ?? this.exitedViews.get(id);
    if (!pty) return { text: '', cols: record.cols, rows: record.rows, cursorX: 0, cursorY: 0 };
    return pty.mirror.screen();
  }

  /**
   * Whether the program of live session `id` has turned bracketed paste on (DECSET 2004), as
   * of everything it has printed so far: only such a program may be handed text as a paste.
   * False for a session that is not running.
   */
  async acceptsBracketedPaste(id: string): Promise<boolean> {
    const pty = this.live.get(id)?.pty;
    if (!pty?.running) return false;
    await pty.mirror.drain();
    return pty.mirror.bracketedPasteMode;
  }

  /** The PTY pipeline of a live session, or undefined (benchmarks and tests look inside). */
  pipeline(id: string): PtySession | undefined {
    return this.live.get(id)?.pty;
  }

  /**
   * Names a session; '' gives back the default label.
   * @throws CortexError `NOT_FOUND`; `INVALID_REQUEST` when another session of the same
   *   project has that name (case-insensitively)
   */
  rename(id: string, name: string): Session {
    const current = this.get(id);
    const wanted = name.trim();
    const taken = wanted !== '' && this.list(current.projectId).some((s) => s.id !== id && s.name.toLowerCase() === wanted.toLowerCase());
    if (taken) throw new CortexError('INVALID_REQUEST', `Another session of this project is already called "${wanted}".`, 'Pick another name.');
    const live = this.live.get(id);
    if (live) return this.update(live, { name: wanted });
    const s = { ...current, name: wanted };
    this.d.repo.save(s);
    this.emit('session.updated', s);
    return s;
  }

  /** @throws CortexError `NOT_FOUND` */
  setRestartPolicy(id: string, policy: RestartPolicy): Session {
    const live = this.live.get(id);
    if (live) return this.update(live, { restartPolicy: policy });
    const s = { ...this.get(id), restartPolicy: policy };
    this.d.repo.save(s);
    this.emit('session.updated', s);
    return s;
  }

  /**
   * Relaunches a session that is not running, in its folder, with its profile's resume
   * arguments (unless `fresh`). Its screen so far stays above a mark.
   * @throws CortexError `NOT_FOUND`, `SESSION_RUNNING`, and the errors of {@link start}
   */
  relaunch(id: string, fresh = false): Session {
    const record = this.get(id);
    let live = this.live.get(id);
    if (live?.pty.running) throw new CortexError('SESSION_RUNNING', 'This session is still running.', 'Stop it first, or start a new session.');
    this.requireBreaker(record.agent);
    if (!live) live = this.track(new PtySession({ cols: record.cols, rows: record.rows }, this.d.scrollback()), record);
    this.cancelRestart(live);
    const profile = this.d.agents.require(record.agent);
    const resume = planResume(profile.profile.resume, live.record.agentSessionId, fresh);
    live.pty.inject(consoleNote(resume.kind === 'fresh' ? 'relaunched' : `relaunched with ${resume.args.join(' ')}`));
    this.launch(live, this.plan(live, profile, undefined, resume.args), resume.kind, { restarts: 0 });
    return live.record;
  }

  /**
   * Brings back a session that was live when the app last ran, from its saved snapshot:
   * `relaunch` starts its agent again with the resume arguments (falling back to a fresh
   * start when the resumed process dies within {@link RESUME_GRACE_MS}); `closed` shows the
   * history only. Never throws: a session that cannot be relaunched (agent gone, folder
   * gone, breaker open) stays closed with a note saying why.
   */
  restoreFromLastRun(record: Session, snapshot: SessionSnapshot | undefined, mode: 'relaunch' | 'closed'): Session {
    const now = Date.now();
    const pty = new PtySession({ cols: snapshot?.cols ?? record.cols, rows: snapshot?.rows ?? record.rows }, this.d.scrollback());
    const live = this.track(pty, { ...record, restoredAt: now, cols: pty.mirror.cols, rows: pty.mirror.rows });
    const savedAt = snapshot?.savedAt ?? record.stateSince;
    if (snapshot) pty.inject(snapshot.data);
    pty.inject(restoreBanner(snapshot?.data ?? '', savedAt));
    this.d.repo.logEvent(record.id, 'restored', { mode, savedAt, snapshotSeq: snapshot?.seq ?? null });
    if (mode === 'closed') {
      this.markEnded(live, { exitCode: record.exitCode ?? 0, signal: null }, 'restored from the last run; kept closed');
      return live.record;
    }
    try {
      this.relaunch(record.id);
      this.update(live, { note: `restored from ${new Date(savedAt).toLocaleTimeString()}` });
    } catch (err) {
      const why = err instanceof CortexError ? err.message : String(err);
      pty.inject(consoleNote(`could not relaunch: ${why}`));
      this.markEnded(live, { exitCode: record.exitCode ?? 0, signal: null }, `not relaunched: ${why}`);
    }
    return live.record;
  }

  /**
   * Quit: saves every snapshot, then kills every session's process tree while keeping the
   * sessions marked live, so the next start restores them. Resolves when all have exited.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const l of this.live.values()) this.cancelRestart(l);
    await this.d.snapshots.saveAll();
    await Promise.all([...this.live.values()].filter((l) => l.pty.running).map((l) => l.pty.kill()));
    for (const l of this.live.values()) this.disposeLive(l);
    this.live.clear();
    this.exitedViews.dispose();
    this.eventsSubject.complete();
  }

  private track(pty: PtySession, record: Session): LiveSession {
    const live: LiveSession = {
      record,
      pty,
      detector: null,
      detachStatus: null,
      hook: null,
      titleTimer: null,
      promptTimer: null,
      restartTimer: null,
      launchedAt: 0,
      resumeKind: 'fresh',
      killRequested: false,
    };
    this.live.set(record.id, live);
    pty.onBatch(() => this.d.snapshots.changed(live.record.id));
    pty.mirror.onTitleChange((title) => this.onTitle(live, title));
    pty.onExit((e) => this.onExit(live, e));
    this.d.snapshots.track(record.id, pty.mirror, () => ({ cols: live.record.cols, rows: live.record.rows }));
    return live;
  }

  /** Spawns the plan's process in the session's pipeline and records it. */
  private launch(live: LiveSession, plan: LaunchPlan, resumeKind: ResumePlan['kind'], extra: Partial<Session> = {}): void {
    const proc = live.pty.spawn({ argv: plan.argv, cwd: checkProjectFolder(live.record.cwd), env: plan.env, baseEnv: this.d.env });
    this.attachStatus(live);
    const now = Date.now();
    live.launchedAt = now;
    live.resumeKind = resumeKind;
    live.killRequested = false;
    const kind = live.record.pid === null ? 'started' : 'restarted';
    this.update(live, {
      argv: plan.argv,
      pid: proc.pid,
      state: 'starting',
      stateSince: now,
      stateSource: 'process',
      stateReason: resumeKind === 'fresh' ? 'launched' : `resumed (${resumeKind})`,
      seen: true,
      endedAt: null,
      exitCode: null,
      signal: null,
      restartAt: null,
      ...extra,
    });
    bestEffortWrite(`logging the launch of session ${live.record.id}`, () => this.d.repo.logEvent(live.record.id, kind, { argv: plan.argv, pid: proc.pid, resume: resumeKind }));
    if (plan.typedPrompt !== null) {
      const text = plan.typedPrompt;
      live.promptTimer = setTimeout(() => {
        live.promptTimer = null;
        this.typePrompt(live, text);
      }, plan.typeDelayMs);
    }
  }

  private onExit(live: LiveSession, e: PtyExit): void {
    this.detachStatus(live);
    if (live.promptTimer) clearTimeout(live.promptTimer);
    live.promptTimer = null;
    if (this.shuttingDown) return; // the row stays live: the next start restores it
    const agent = live.record.agent;
    const failed = isFailure({ ...e, killRequested: live.killRequested });
    if (failed) this.d.breakers.failure(agent);
    const decision = decideExit({
      ...e,
      killRequested: live.killRequested,
      ranForMs: Date.now() - live.launchedAt,
      resumeKind: live.resumeKind,
      restartPolicy: live.record.restartPolicy,
      restarts: live.record.restarts,
      breakerAllows: this.d.breakers.allows(agent),
    });
    if (decision.breaker === 'success') this.d.breakers.success(agent);

    if (decision.action === 'fresh-start') {
      live.pty.inject(consoleNote(decision.note));
      bestEffortWrite(`logging session ${live.record.id}`, () => this.d.repo.logEvent(live.record.id, 'error', { reason: 'resume failed', exitCode: e.exitCode }));
      try {
        this.launch(live, this.plan(live, this.d.agents.require(agent)), 'fresh', { note: 'resume failed; started fresh' });
        return;
      } catch (err) {
        live.pty.inject(consoleNote(`could not start: ${(err as Error).message}`));
        this.markEnded(live, e, `resume failed; could not start fresh: ${(err as Error).message}`);
        return;
      }
    }
    if (decision.action === 'restart') {
      const { tries, delayMs, note } = decision;
      live.pty.inject(consoleNote(note));
      this.markEnded(live, e, note, Date.now() + delayMs);
      live.restartTimer = setTimeout(() => {
        live.restartTimer = null;
        try {
          this.requireBreaker(agent);
          this.launch(live, this.plan(live, this.d.agents.require(agent)), 'fresh', { restarts: tries, note: `restarted (try ${tries} of ${RESTART_MAX_TRIES})` });
        } catch (err) {
          live.pty.inject(consoleNote(`restart failed: ${(err as Error).message}`));
          this.update(live, { note: `restart failed: ${(err as Error).message}`, restartAt: null });
        }
      }, delayMs);
      return;
    }
    this.markEnded(live, e, decision.note);
  }

  /** Records the end of the process; `restartAt` (ms epoch) when an automatic restart is scheduled. */
  private markEnded(live: LiveSession, e: PtyExit, note: string, restartAt: number | null = null): void {
    const now = Date.now();
    const reason = e.signal !== null ? `signal ${e.signal}` : `exit code ${e.exitCode}`;
    const wasRunning = live.record.state !== 'exited';
    this.update(
      live,
      { state: 'exited', stateSince: now, stateSource: 'process', stateReason: reason, seen: live.record.id === this.focused, endedAt: now, exitCode: e.exitCode, signal: e.signal, note, restartAt },
      { kind: 'exited', detail: { ...e, note } },
    );
    if (wasRunning && !live.killRequested) this.notify(live, 'exited');
  }

  /** The user looked at the session. @throws CortexError `NOT_FOUND` */
  markSeen(id: string): Session {
    const live = this.live.get(id);
    if (!live) return this.get(id);
    if (live.detector) live.detector.markSeen();
    else if (!live.record.seen) this.update(live, { seen: true });
    return live.record;
  }

  /** Which session the user is looking at (null: the window is not focused); marks it seen. */
  focus(id: string | null): void {
    this.focused = id;
    if (id !== null && this.live.has(id)) this.markSeen(id);
  }

  /** Launch plan for a profile in this session: hook settings, then extra args, then the prompt. */
  private plan(live: LiveSession, profile: ResolvedProfile & { executable: string }, prompt?: string, extraArgs: string[] = []): LaunchPlan {
    if (!live.hook && this.d.hooks && profile.profile.hooks) {
      const hooks = this.d.hooks;
      const reg = hooks.register(live.record.id, (e) => {
        live.detector?.onHook(e);
        this.d.onHookEvent?.(live.record.id, e);
      });
      const additions = hookLaunchAdditions(profile.profile, { hookUrl: hooks.url, token: reg.token, sessionId: live.record.id, dataDir: this.d.dataDir });
      live.hook = { unregister: reg.unregister, additions };
    }
    const add = live.hook?.additions;
    const plan = planLaunch(profile, prompt, [...(add?.args ?? []), ...extraArgs]);
    // An interactive shell gets OSC 133 shell integration (status: working until its prompt returns).
    const argv = shellIntegrationArgv(plan.argv, this.d.dataDir) ?? plan.argv;
    return { ...plan, argv, env: { ...plan.env, ...(add?.env ?? {}) } };
  }

  /** Starts live status detection for the current process: every transition saved, logged and sent. */
  private attachStatus(live: LiveSession): void {
    this.detachStatus(live);
    const profile = this.d.agents.require(live.record.agent).profile;
    const { detector, detach } = attachStatusDetector(live.pty, profile);
    live.detector = detector;
    live.detachStatus = detach;
    detector.status$.subscribe((ev) => this.onStatus(live, detector, ev));
    detector.agentSessionId$.subscribe((agentSessionId) => {
      if (agentSessionId === live.record.agentSessionId) return;
      // A hook may report anything: an id not of the agent's form is never kept (it would
      // reach the resume arguments).
      if (!validAgentSessionId(profile.resume, agentSessionId)) {
        console.warn(`[cortex] ignored an agent session id that is not of ${profile.id}'s form: ${JSON.stringify(agentSessionId.slice(0, 80))}`);
        return;
      }
      this.update(live, { agentSessionId });
    });
    // Each command a shell ran (OSC 133 shell integration), with its exit code, in the event log.
    // Like every write on the path of PTY events, it may fail (a full disk) without taking the instance down.
    detector.commandExit$.subscribe((c) =>
      bestEffortWrite(`logging a command of session ${live.record.id}`, () => this.d.repo.logEvent(live.record.id, 'command', { exitCode: c.exitCode }, c.at)),
    );
  }

  private detachStatus(live: LiveSession): void {
    live.detachStatus?.();
    live.detachStatus = null;
    live.detector = null;
  }

  private onStatus(live: LiveSession, detector: StatusDetector, ev: StatusEvent): void {
    // The process's end is the manager's to record (restart policy, resume fallback).
    if (live.detector !== detector || ev.state === 'exited') return;
    const before = live.record.state;
    const seen = ev.seen || live.record.id === this.focused;
    this.update(
      live,
      { state: ev.state, stateSince: ev.since, stateSource: ev.source, stateReason: ev.reason, seen },
      before !== ev.state ? { kind: 'state', detail: { state: ev.state, source: ev.source, reason: ev.reason, confidence: ev.confidence, ask: ev.ask } } : undefined,
    );
    if (before === ev.state || seen) return;
    if (ev.state === 'waiting') this.notify(live, 'waiting', ev.ask);
    else if (ev.state === 'idle' && before === 'working') this.notify(live, 'finished');
  }

  /** Raises `session.notify` for a session the user is not looking at. */
  private notify(live: LiveSession, kind: NotifyKind, ask: string | null = null): void {
    if (live.record.id === this.focused) return;
    const name = this.d.agents.list().find((a) => a.id === live.record.agent)?.name ?? live.record.agent;
    const title = kind === 'waiting' ? `${name} needs you` : kind === 'finished' ? `${name} finished` : `${name} exited`;
    // A waiting session says what it asks (the menu's title, the question line); else why it waits.
    const body = kind === 'exited' ? live.record.stateReason : ask || live.record.stateReason || live.record.cwd;
    this.emit('session.notify', { sessionId: live.record.id, kind, title, body, at: Date.now() });
  }

  /** Types the first prompt: as a bracketed paste when the agent's output so far turned DEC mode 2004 on. */
  private typePrompt(live: LiveSession, text: string): void {
    // The mode as of everything the agent printed so far: the mirror parses in its worker.
    live.pty.mirror.whenParsed(() => {
      if (!live.pty.running) return;
      const bracketed = live.pty.mirror.bracketedPasteMode;
      const body = bracketed ? `\x1b[200~${text}\x1b[201~` : text.replace(/\r?\n/g, '\r');
      live.pty.write(body + '\r');
      live.detector?.onInput(body + '\r');
    });
  }

  private onTitle(live: LiveSession, title: string): void {
    live.record = { ...live.record, title };
    live.titleTimer ??= setTimeout(() => {
      live.titleTimer = null;
      this.emit('session.updated', live.record);
    }, TITLE_EVENT_INTERVAL_MS);
  }

  /** Applies a change to the record, saves it (and a log row) in one transaction, emits it. */
  private update(live: LiveSession, patch: Partial<Session>, log?: { kind: 'state' | 'exited'; detail: Record<string, unknown> }): Session {
    live.record = { ...live.record, ...patch };
    const runId = live.record.state === 'exited' ? null : this.d.runId;
    bestEffortWrite(`saving session ${live.record.id}`, () =>
      this.d.repo.transaction(() => {
        this.d.repo.save(live.record, runId);
        if (log) this.d.repo.logEvent(live.record.id, log.kind, log.detail);
      }),
    );
    this.emit('session.updated', live.record);
    return live.record;
  }

  private requireBreaker(agent: string): void {
    if (this.d.breakers.allows(agent)) return;
    const b = this.d.breakers.view(agent);
    const when = b.retryAt ? ` It allows a trial start at ${new Date(b.retryAt).toLocaleTimeString()}.` : '';
    throw new CortexError(
      'AGENT_UNAVAILABLE',
      `${agent} failed ${b.failures} times in the last 10 minutes, so its circuit breaker is open.${when}`,
      'Check the agent in a shell session, then reset its breaker.',
    );
  }

  private requireRunning(id: string): LiveSession {
    const live = this.live.get(id);
    if (!live || !live.pty.running) throw exitedError(this.get(id).id);
    return live;
  }

  private cancelRestart(live: LiveSession): void {
    if (!live.restartTimer) return;
    clearTimeout(live.restartTimer);
    live.restartTimer = null;
    if (live.record.restartAt !== null) this.update(live, { restartAt: null });
  }

  private disposeLive(live: LiveSession): void {
    this.detachStatus(live);
    this.cancelRestart(live);
    if (live.hook) {
      live.hook.unregister();
      for (const f of live.hook.additions.files) rmSync(f, { force: true });
      live.hook = null;
    }
    if (live.titleTimer) clearTimeout(live.titleTimer);
    if (live.promptTimer) clearTimeout(live.promptTimer);
    this.d.snapshots.untrack(live.record.id);
    live.pty.dispose();
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.eventsSubject.next({ event, payload } as BroadcastEvent);
  }
}

function notFound(id: string): CortexError {
  return new CortexError('NOT_FOUND', `There is no session with id ${id}.`, 'List sessions to see their ids.');
}

function exitedError(id: string): CortexError {
  return new CortexError('SESSION_EXITED', `Session ${id} is not running; it takes no more input.`, 'Relaunch it, or start a new session.');
}
