import { randomUUID } from 'node:crypto';
import { Subject, type Observable } from 'rxjs';
import { CortexError, type EventName, type EventPayload, type Project, type Session, type SessionState } from '../contract/index.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { planLaunch } from '../agents/launch.js';
import { checkProjectFolder } from '../projects/folder-check.js';
import type { PtyExit } from '../pty/pty-process.js';
import { PtySession, type Attachment, type OutputSink } from '../pty/pty-session.js';
import type { SessionRepository } from '../store/session-repository.js';
import { ActivityClock } from './activity-clock.js';

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
  clock: ActivityClock;
  titleTimer: NodeJS.Timeout | null;
  promptTimer: NodeJS.Timeout | null;
}

/** What `start` needs. Sizes are in columns and rows. */
export interface StartRequest {
  project: Project;
  agent: string;
  prompt?: string;
  cols: number;
  rows: number;
}

/**
 * Owns every live session: spawns PTYs for agent profiles, tracks their state
 * (`starting` → `running` ⇄ `quiet` → `exited`), records it in SQLite with an event log,
 * and publishes `session.updated` / `session.removed` on {@link events$}.
 */
export class SessionManager {
  private readonly live = new Map<string, LiveSession>();
  private readonly eventsSubject = new Subject<BroadcastEvent>();
  /** Every session change, for every client. */
  readonly events$: Observable<BroadcastEvent> = this.eventsSubject.asObservable();

  /**
   * @param scrollback lines each session's mirror keeps
   */
  constructor(
    private readonly repo: SessionRepository,
    private readonly agents: AgentRegistry,
    private readonly scrollback?: number,
  ) {
    this.reconcileStale();
  }

  /** All sessions, live and past, oldest first; optionally of one project. */
  list(projectId?: string): Session[] {
    return this.repo.list(projectId).map((s) => this.live.get(s.id)?.record ?? s);
  }

  /** @throws CortexError `NOT_FOUND` */
  get(id: string): Session {
    const s = this.live.get(id)?.record ?? this.repo.get(id);
    if (!s) throw notFound(id);
    return s;
  }

  /**
   * Starts the profile `agent` in the project's folder.
   * @throws CortexError `AGENT_UNKNOWN`, `AGENT_NOT_INSTALLED`, `FOLDER_MISSING`,
   *   `NOT_A_DIRECTORY`, `FOLDER_UNREADABLE` (the folder changed since it was added) or `SPAWN_FAILED`
   */
  start(req: StartRequest): Session {
    const profile = this.agents.require(req.agent);
    const cwd = checkProjectFolder(req.project.path);
    const plan = planLaunch(profile, req.prompt);
    const pty = new PtySession({ argv: plan.argv, cwd, env: plan.env, cols: req.cols, rows: req.rows }, this.scrollback);
    const now = Date.now();
    const record: Session = {
      id: randomUUID(),
      projectId: req.project.id,
      agent: profile.profile.id,
      argv: plan.argv,
      cwd,
      state: 'starting',
      stateSince: now,
      startedAt: now,
      endedAt: null,
      exitCode: null,
      signal: null,
      pid: pty.process.pid,
      cols: req.cols,
      rows: req.rows,
      title: '',
    };
    const live: LiveSession = {
      record,
      pty,
      clock: new ActivityClock(() => this.setState(live, 'quiet')),
      titleTimer: null,
      promptTimer: null,
    };
    this.live.set(record.id, live);
    this.repo.transaction(() => {
      this.repo.save(record);
      this.repo.logEvent(record.id, 'started', { argv: plan.argv, cwd, pid: record.pid });
    });
    pty.onBatch(() => {
      if (live.record.state !== 'running' && live.record.state !== 'exited') this.setState(live, 'running');
      live.clock.tick();
    });
    pty.mirror.onTitleChange((title) => this.onTitle(live, title));
    pty.onExit((e) => this.onExit(live, e));
    if (plan.typedPrompt !== null) {
      const text = plan.typedPrompt;
      live.promptTimer = setTimeout(() => {
        live.promptTimer = null;
        this.typePrompt(live, text);
      }, plan.typeDelayMs);
    }
    this.emit('session.updated', record);
    return record;
  }

  /** @throws CortexError `NOT_FOUND`, `SESSION_EXITED` */
  write(id: string, data: string): void {
    this.requireRunning(id).pty.write(data);
  }

  /** Resizes the PTY and the mirror (columns, rows). @throws CortexError `NOT_FOUND`, `SESSION_EXITED` */
  resize(id: string, cols: number, rows: number): void {
    const live = this.requireRunning(id);
    if (live.record.cols === cols && live.record.rows === rows) return;
    live.pty.resize(cols, rows);
    live.record = { ...live.record, cols, rows };
    this.repo.save(live.record);
    this.emit('session.updated', live.record);
  }

  /**
   * Ends the session's process tree, gently then forced; resolves once it exited.
   * A session that already exited is left as it is. @throws CortexError `NOT_FOUND`
   */
  async kill(id: string): Promise<void> {
    const live = this.live.get(id);
    if (!live) {
      this.get(id);
      return;
    }
    if (live.record.state === 'exited') return;
    this.repo.logEvent(id, 'killed');
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
    this.repo.remove(id);
    this.emit('session.removed', { sessionId: id });
  }

  /** Kills and forgets every session of a project (used when the project is removed). */
  async removeProjectSessions(projectId: string): Promise<void> {
    await Promise.all(this.list(projectId).map((s) => this.remove(s.id)));
  }

  /**
   * Attaches an output sink. Sessions of an earlier run have no mirror: they attach with
   * an empty snapshot and no stream. @throws CortexError `NOT_FOUND`
   */
  async attach(id: string, sink: OutputSink, flowControl: boolean): Promise<{ attachment: Attachment | null; cols: number; rows: number }> {
    const record = this.get(id);
    const live = this.live.get(id);
    if (!live) return { attachment: null, cols: record.cols, rows: record.rows };
    const attachment = await live.pty.attach(sink, flowControl);
    return { attachment, cols: live.record.cols, rows: live.record.rows };
  }

  /** The visible screen as plain text. @throws CortexError `NOT_FOUND` */
  async screen(id: string): Promise<{ text: string; cols: number; rows: number; cursorX: number; cursorY: number }> {
    const record = this.get(id);
    const live = this.live.get(id);
    if (!live) return { text: '', cols: record.cols, rows: record.rows, cursorX: 0, cursorY: 0 };
    return live.pty.mirror.screen();
  }

  /** The PTY pipeline of a live session, or undefined (benchmarks and tests look inside). */
  pipeline(id: string): PtySession | undefined {
    return this.live.get(id)?.pty;
  }

  /** Kills every live session (app quit). Resolves when all have exited. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.live.values()].filter((l) => l.record.state !== 'exited').map((l) => l.pty.kill()));
    for (const l of this.live.values()) this.disposeLive(l);
    this.live.clear();
    this.eventsSubject.complete();
  }

  private typePrompt(live: LiveSession, text: string): void {
    if (live.record.state === 'exited') return;
    const bracketed = live.pty.mirror.terminal.modes.bracketedPasteMode;
    const body = bracketed ? `\x1b[200~${text}\x1b[201~` : text.replace(/\r?\n/g, '\r');
    live.pty.write(body + '\r');
  }

  private onTitle(live: LiveSession, title: string): void {
    live.record = { ...live.record, title };
    live.titleTimer ??= setTimeout(() => {
      live.titleTimer = null;
      this.emit('session.updated', live.record);
    }, TITLE_EVENT_INTERVAL_MS);
  }

  private onExit(live: LiveSession, e: PtyExit): void {
    live.clock.stop();
    if (live.promptTimer) clearTimeout(live.promptTimer);
    const now = Date.now();
    live.record = { ...live.record, state: 'exited', stateSince: now, endedAt: now, exitCode: e.exitCode, signal: e.signal };
    this.repo.transaction(() => {
      this.repo.save(live.record);
      this.repo.logEvent(live.record.id, 'exited', { exitCode: e.exitCode, signal: e.signal });
    });
    this.emit('session.updated', live.record);
  }

  private setState(live: LiveSession, state: SessionState): void {
    if (live.record.state === state || live.record.state === 'exited') return;
    live.record = { ...live.record, state, stateSince: Date.now() };
    this.repo.transaction(() => {
      this.repo.save(live.record);
      this.repo.logEvent(live.record.id, 'state', { state });
    });
    this.emit('session.updated', live.record);
  }

  private requireRunning(id: string): LiveSession {
    const live = this.live.get(id);
    if (!live) {
      this.get(id);
      throw exitedError(id);
    }
    if (live.record.state === 'exited') throw exitedError(id);
    return live;
  }

  private disposeLive(live: LiveSession): void {
    live.clock.stop();
    if (live.titleTimer) clearTimeout(live.titleTimer);
    if (live.promptTimer) clearTimeout(live.promptTimer);
    live.pty.dispose();
  }

  /** Sessions a previous run left live (it crashed or was killed) are marked exited. */
  private reconcileStale(): void {
    const now = Date.now();
    for (const s of this.repo.list()) {
      if (s.state === 'exited') continue;
      this.repo.save({ ...s, state: 'exited', stateSince: now, endedAt: s.endedAt ?? now });
      this.repo.logEvent(s.id, 'error', { reason: 'the app stopped while this session was live' });
    }
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.eventsSubject.next({ event, payload } as BroadcastEvent);
  }
}

function notFound(id: string): CortexError {
  return new CortexError('NOT_FOUND', `There is no session with id ${id}.`, 'List sessions to see their ids.');
}

function exitedError(id: string): CortexError {
  return new CortexError('SESSION_EXITED', `Session ${id} has exited; it takes no more input.`, 'Start a new session.');
}
