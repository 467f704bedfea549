import { filter, firstValueFrom, Subject, type Observable } from 'rxjs';
import { CortexError, type EventName, type EventPayload, type RestartPolicy, type Session } from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { checkProjectFolder } from '../projects/folder-check.js';
import { PtyProcess } from '../pty/pty-process.js';
import { PtySession, type Attachment, type OutputSink } from '../pty/pty-session.js';
import type { ScreenText } from '../pty/session-mirror.js';
import type { BreakerRegistry } from '../recovery/breaker-registry.js';
import { RESUME_GRACE_MS } from '../recovery/constants.js';
import type { QuotaHit } from '../recovery/quota-policy.js';
import { restoreBanner } from '../recovery/restore-banner.js';
import type { SnapshotScheduler } from '../recovery/snapshot-scheduler.js';
import type { HookServer } from '../status/hook-server.js';
import type { HookEvent } from '../status/status-types.js';
import type { SessionRepository } from '../store/session-repository.js';
import type { SessionSnapshot } from '../store/snapshot-repository.js';
import { ExitedViews } from './exited-views.js';
import { LiveSession, type LiveSessionContext } from './live-session.js';
import type { QuotaReport } from './session-api.js';
import { RestartSupervisor } from './restart-supervisor.js';
import type { PreparedPty, PrepareRequest, SessionApi, StartRequest } from './session-api.js';
import { PreparedProcess } from './prepared-pty.js';
import { exitedError, newSessionRecord, notFound } from './session-record.js';
import type { AgentProfile } from '../agents/profile-schema.js';

export { TITLE_EVENT_INTERVAL_MS } from './live-session.js';
export type { StartRequest } from './session-api.js';

/** An event for every client: a name of the contract and its payload. */
export interface BroadcastEvent<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
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
  /** Seam: secret environment variables of a profile's launch (provider API keys from the OS keychain); never stored or logged. */
  secretEnv?: (profile: AgentProfile) => Record<string, string>;
  /** Telemetry environment of one launch of a session (see LiveSessionContext). */
  telemetryEnv?: (sessionId: string, profile: AgentProfile) => Record<string, string>;
}

/**
 * The registry of sessions and the facade over them. Each session the backend holds is a
 * {@link LiveSession} (its PTY pipeline, status detector, hooks and timers); exits go to the
 * {@link RestartSupervisor} (restart policy, circuit breaker per profile); sessions of an
 * earlier run show their saved final screen ({@link ExitedViews}). Every session change is
 * published on {@link events$} (`session.updated`, `session.removed`, `session.notify`) for
 * the clients; the rest of the backend drives sessions through {@link SessionApi}.
 */
export class SessionManager implements SessionApi {
  private readonly live = new Map<string, LiveSession>();
  /** Processes started ahead of their session ({@link prepare}) that no session took yet. */
  private readonly prepared = new Set<PreparedProcess>();
  private readonly eventsSubject = new Subject<BroadcastEvent>();
  private readonly stateSubject = new Subject<Session>();
  private readonly quotaSubject = new Subject<QuotaReport>();
  private shuttingDown = false;
  /** The session the user is looking at; null when the window is not focused. */
  private focused: string | null = null;
  /** Every session change, for every client. */
  readonly events$: Observable<BroadcastEvent> = this.eventsSubject.asObservable();
  /** Final screens of sessions that exited in an earlier run, loaded from their snapshots. */
  private readonly exitedViews: ExitedViews;
  private readonly supervisor: RestartSupervisor;
  private readonly ctx: LiveSessionContext;

  constructor(private readonly d: SessionManagerDeps) {
    this.exitedViews = new ExitedViews((id) => d.snapshots.load(id), d.scrollback);
    this.supervisor = new RestartSupervisor(d.breakers);
    this.ctx = {
      ...d,
      emit: (event, payload) => this.emit(event, payload),
      stateChanged: (s) => this.stateSubject.next(s),
      // The agent is held until its reset (no restart, no new task) before anyone hears of it.
      quotaReached: (session, hit, reason) => {
        d.breakers.holdForQuota(session.agent, hit.resetAt, reason);
        this.quotaSubject.next({ session, hit, reason });
      },
      isFocused: (id) => this.focused === id,
      exited: (live, e) => {
        if (!this.shuttingDown) this.supervisor.onExit(live, e); // on quit the row stays live: the next start restores it
      },
    };
  }

  list(projectId?: string): Session[] {
    return this.d.repo.list(projectId).map((s) => this.live.get(s.id)?.record ?? s);
  }

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
    this.supervisor.requireAllows(profile.profile.id);
    const cwd = checkProjectFolder(req.cwd ?? req.project.path);
    const live = this.track(newSessionRecord(req, profile.profile.id, cwd, Date.now()));
    // A prepared process whose exit was seen (or that another session took) is not adopted: the argv is spawned.
    const prepared = req.argv && req.prepared instanceof PreparedProcess ? req.prepared : null;
    const adopted = prepared?.take() ?? null;
    try {
      const argv = adopted ? [...prepared!.argv] : req.argv;
      live.launch(argv ? { argv, env: req.env ?? {}, typedPrompt: null, typeDelayMs: 0 } : live.plan(profile, req.prompt, req.extraArgs), 'fresh', {}, adopted);
    } catch (err) {
      this.live.delete(live.record.id);
      live.dispose();
      if (adopted) void adopted.kill();
      throw err;
    }
    return live.record;
  }

  /**
   * See {@link SessionApi.prepare}: spawned as {@link start} would spawn `argv` (this
   * backend's environment, then `env`), tracked until a session takes it or it is discarded.
   * @throws CortexError `FOLDER_MISSING` and the like, `SPAWN_FAILED`
   */
  prepare(req: PrepareRequest): PreparedPty {
    const proc = PtyProcess.spawn({ argv: req.argv, cwd: checkProjectFolder(req.cwd), env: req.env ?? {}, baseEnv: this.d.env, cols: req.cols, rows: req.rows });
    const p = new PreparedProcess([...req.argv], proc, (x) => this.prepared.delete(x));
    this.prepared.add(p);
    return p;
  }

  /** Input (keystrokes or a paste) as sent, for a person's terminal. @throws CortexError `NOT_FOUND`, `SESSION_EXITED` */
  write(id: string, data: string): void {
    this.requireRunning(id).write(data);
  }

  /** See {@link SessionApi.interruptTurn}. @throws CortexError `NOT_FOUND`, `SESSION_EXITED` */
  interruptTurn(id: string, reason: string): void {
    this.requireRunning(id).interruptTurn(reason);
  }

  async typeText(id: string, text: string): Promise<void> {
    if (!(await this.requireRunning(id).typeText(text))) throw exitedError(id);
  }

  async acceptsBracketedPaste(id: string): Promise<boolean> {
    return (await this.live.get(id)?.acceptsBracketedPaste()) ?? false;
  }

  /** Resizes the PTY and the mirror (columns, rows). @throws CortexError `NOT_FOUND`, `SESSION_EXITED` */
  resize(id: string, cols: number, rows: number): void {
    this.requireRunning(id).resize(cols, rows);
  }

  /**
   * Ends the session's process tree, gently then forced; resolves once it exited. A pending
   * automatic restart is cancelled. A session that is not running is left as it is.
   * @throws CortexError `NOT_FOUND`
   */
  async kill(id: string): Promise<void> {
    const live = this.live.get(id);
    if (!live) this.get(id);
    else await live.kill();
  }

  /** Kills (if needed) and forgets a session and its history. @throws CortexError `NOT_FOUND` */
  async remove(id: string): Promise<void> {
    this.get(id);
    const live = this.live.get(id);
    if (live) {
      await live.kill();
      live.dispose();
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
   * A session's agent reported a usage or rate limit in a structured event (not on its screen):
   * the session reads `waiting` with the reason and the agent is held until the reset, as for a
   * message on the screen. Returns false for a session this backend does not run.
   */
  reportQuota(id: string, hit: QuotaHit): boolean {
    const live = this.live.get(id);
    if (!live) return false;
    live.reportQuota(hit);
    return true;
  }

  /**
   * Attaches an output sink. Sessions with nothing to show (history of an earlier run that
   * was discarded) attach with an empty snapshot and no stream. `scrollbackLines`: the client's
   * scrollback, lines (see PtySession.attach). @throws CortexError `NOT_FOUND`
   */
  async attach(
    id: string,
    sink: OutputSink,
    flowControl: boolean,
    scrollbackLines?: number,
  ): Promise<{ attachment: Attachment | null; cols: number; rows: number }> {
    const record = this.get(id);
    const live = this.live.get(id);
    if (live) return { attachment: await live.pty.attach(sink, flowControl, scrollbackLines), cols: live.record.cols, rows: live.record.rows };
    // An exited session of an earlier run: its final screen and scrollback, if saved.
    const view = this.exitedViews.get(id);
    if (!view) return { attachment: null, cols: record.cols, rows: record.rows };
    return { attachment: await view.attach(sink, flowControl, scrollbackLines), cols: view.mirror.cols, rows: view.mirror.rows };
  }

  async screen(id: string): Promise<ScreenText> {
    const record = this.get(id);
    const pty = this.live.get(id)?.pty ?? this.exitedViews.get(id);
    if (!pty) return { text: '', cols: record.cols, rows: record.rows, cursorX: 0, cursorY: 0 };
    return pty.mirror.screen();
  }

  async whenExited(id: string): Promise<Session> {
    const known = this.get(id);
    if (known.state === 'exited' || this.shuttingDown) return known;
    const ended = this.stateSubject.pipe(filter((s) => s.id === id && s.state === 'exited'));
    return (await firstValueFrom(ended, { defaultValue: null })) ?? this.live.get(id)?.record ?? known;
  }

  onStateChange(listener: (session: Session) => void): () => void {
    const sub = this.stateSubject.subscribe(listener);
    return () => sub.unsubscribe();
  }

  onQuota(listener: (r: QuotaReport) => void): () => void {
    const sub = this.quotaSubject.subscribe(listener);
    return () => sub.unsubscribe();
  }

  /**
   * The PTY pipeline of a live session, or undefined. A seam for benchmarks and tests that
   * look inside (mirror drain, snapshot); product code uses {@link SessionApi}.
   */
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
    if (live) return live.update({ name: wanted });
    const s = { ...current, name: wanted };
    this.d.repo.save(s);
    this.emit('session.updated', s);
    return s;
  }

  /** @throws CortexError `NOT_FOUND` */
  setRestartPolicy(id: string, policy: RestartPolicy): Session {
    const live = this.live.get(id);
    if (live) return live.update({ restartPolicy: policy });
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
    if (live?.running) throw new CortexError('SESSION_RUNNING', 'This session is still running.', 'Stop it first, or start a new session.');
    this.supervisor.requireAllows(record.agent);
    live ??= this.track(record);
    live.relaunch(fresh);
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
    const cols = snapshot?.cols ?? record.cols;
    const rows = snapshot?.rows ?? record.rows;
    const live = this.track({ ...record, restoredAt: Date.now(), cols, rows });
    const savedAt = snapshot?.savedAt ?? record.stateSince;
    if (snapshot) live.pty.inject(snapshot.data);
    live.pty.inject(restoreBanner(snapshot?.data ?? '', savedAt));
    this.d.repo.logEvent(record.id, 'restored', { mode, savedAt, snapshotSeq: snapshot?.seq ?? null });
    const ended = { exitCode: record.exitCode ?? 0, signal: null };
    if (mode === 'closed') {
      live.markEnded(ended, 'restored from the last run; kept closed');
      return live.record;
    }
    try {
      this.relaunch(record.id);
      live.update({ note: `restored from ${new Date(savedAt).toLocaleTimeString()}` });
    } catch (err) {
      const why = err instanceof CortexError ? err.message : String(err);
      live.note(`could not relaunch: ${why}`);
      live.markEnded(ended, `not relaunched: ${why}`);
    }
    return live.record;
  }

  /** The user looked at the session. @throws CortexError `NOT_FOUND` */
  markSeen(id: string): Session {
    const live = this.live.get(id);
    if (!live) return this.get(id);
    live.markSeen();
    return live.record;
  }

  /** Which session the user is looking at (null: the window is not focused); marks it seen. */
  focus(id: string | null): void {
    this.focused = id;
    if (id !== null && this.live.has(id)) this.markSeen(id);
  }

  /**
   * Quit: saves every snapshot, then kills every session's process tree while keeping the
   * sessions marked live, so the next start restores them. Resolves when all have exited.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const l of this.live.values()) l.cancelRestart();
    await this.d.snapshots.saveAll();
    await Promise.all([...[...this.prepared].map((p) => p.discard()), ...[...this.live.values()].filter((l) => l.running).map((l) => l.pty.kill())]);
    for (const l of this.live.values()) l.dispose();
    this.live.clear();
    this.exitedViews.dispose();
    this.stateSubject.complete();
    this.eventsSubject.complete();
  }

  /** Holds a live session for `record` with a new pipeline of the record's size. */
  private track(record: Session): LiveSession {
    const live = new LiveSession(this.ctx, record, new PtySession({ cols: record.cols, rows: record.rows }, this.d.scrollback()));
    this.live.set(record.id, live);
    return live.start();
  }

  private requireRunning(id: string): LiveSession {
    const live = this.live.get(id);
    if (!live || !live.running) throw exitedError(this.get(id).id);
    return live;
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.eventsSubject.next({ event, payload } as BroadcastEvent);
  }
}
