import type { Session } from '../contract/index.js';
import type { Db } from './database.js';
import { quarantineOf, type Quarantine } from './quarantine.js';

interface SessionRow {
  id: string;
  project_id: string;
  agent: string;
  argv: string;
  cwd: string;
  state: Session['state'];
  state_since: number;
  started_at: number;
  ended_at: number | null;
  exit_code: number | null;
  signal: number | null;
  pid: number | null;
  cols: number;
  rows: number;
  title: string;
  restored_at: number | null;
  restart_policy: Session['restartPolicy'];
  restarts: number;
  agent_session_id: string | null;
  run_id: string | null;
  note: string;
  state_source: Session['stateSource'];
  state_reason: string;
  seen: number;
  name: string;
  task_id: string | null;
  task_role: Session['taskRole'];
}

const toSession = (r: SessionRow): Session => ({
  id: r.id,
  projectId: r.project_id,
  agent: r.agent,
  argv: parseArgv(r.argv),
  cwd: r.cwd,
  state: r.state,
  stateSince: r.state_since,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  exitCode: r.exit_code,
  signal: r.signal,
  pid: r.pid,
  cols: r.cols,
  rows: r.rows,
  title: r.title,
  restoredAt: r.restored_at,
  restartPolicy: r.restart_policy,
  restarts: r.restarts,
  restartAt: null,
  agentSessionId: r.agent_session_id,
  note: r.note,
  stateSource: r.state_source,
  stateReason: r.state_reason,
  seen: r.seen === 1,
  name: r.name,
  taskId: r.task_id,
  taskRole: r.task_role,
});

/** The stored argv: a JSON array of strings. @throws Error when it is anything else */
function parseArgv(text: string): string[] {
  const argv = JSON.parse(text) as unknown;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error('argv is not a list of strings');
  return argv;
}

/** Kinds of rows in the session event log. */
export type SessionEventKind = 'started' | 'state' | 'exited' | 'killed' | 'resized' | 'error' | 'restored' | 'restarted' | 'snapshot' | 'command';

/** Rows of `sessions` and `session_events`. */
export class SessionRepository {
  private readonly stmts;
  private readonly quarantine: Quarantine;

  constructor(private readonly db: Db) {
    this.quarantine = quarantineOf(db);
    this.stmts = {
      all: db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY started_at'),
      byProject: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE project_id = ? ORDER BY started_at'),
      byId: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
      upsert: db.prepare(`
        INSERT INTO sessions (id, project_id, agent, argv, cwd, state, state_since, started_at, ended_at, exit_code, signal, pid, cols, rows, title,
          restored_at, restart_policy, restarts, agent_session_id, run_id, note, state_source, state_reason, seen, name, task_id, task_role)
        VALUES (@id, @projectId, @agent, @argv, @cwd, @state, @stateSince, @startedAt, @endedAt, @exitCode, @signal, @pid, @cols, @rows, @title,
          @restoredAt, @restartPolicy, @restarts, @agentSessionId, @runId, @note, @stateSource, @stateReason, @seenInt, @name, @taskId, @taskRole)
        ON CONFLICT(id) DO UPDATE SET argv = excluded.argv, state = excluded.state, state_since = excluded.state_since,
          started_at = excluded.started_at, ended_at = excluded.ended_at,
          exit_code = excluded.exit_code, signal = excluded.signal, pid = excluded.pid, cols = excluded.cols, rows = excluded.rows,
          title = excluded.title, restored_at = excluded.restored_at, restart_policy = excluded.restart_policy,
          restarts = excluded.restarts, agent_session_id = excluded.agent_session_id, run_id = excluded.run_id, note = excluded.note,
          state_source = excluded.state_source, state_reason = excluded.state_reason, seen = excluded.seen, name = excluded.name`),
      runOf: db.prepare<[string], { run_id: string | null }>('SELECT run_id FROM sessions WHERE id = ?'),
      remove: db.prepare('DELETE FROM sessions WHERE id = ?'),
      event: db.prepare('INSERT INTO session_events (session_id, at, kind, detail) VALUES (?, ?, ?, ?)'),
      events: db.prepare<[string], { at: number; kind: SessionEventKind; detail: string }>(
        'SELECT at, kind, detail FROM session_events WHERE session_id = ? ORDER BY id',
      ),
    };
  }

  /** Every session (of one project), oldest first; a row that cannot be read is skipped (see {@link Quarantine}). */
  list(projectId?: string): Session[] {
    const rows = projectId ? this.stmts.byProject.all(projectId) : this.stmts.all.all();
    return this.quarantine.readAll('sessions', rows, (r) => r.id, toSession);
  }

  /** The session, or undefined when there is none or its row cannot be read. */
  get(id: string): Session | undefined {
    return this.quarantine.readOne('sessions', this.stmts.byId.get(id), (r) => r.id, toSession);
  }

  /**
   * Inserts the session or updates its mutable columns (its project, agent, folder, task and
   * role are set once, at the insert).
   * @param runId the run (app process) that owns the live process; null once it ended
   */
  save(s: Session, runId: string | null = null): void {
    this.stmts.upsert.run({ ...s, argv: JSON.stringify(s.argv), runId, seenInt: s.seen ? 1 : 0 });
  }

  /** The run that last owned the session's process, or null. */
  runOf(id: string): string | null {
    return this.stmts.runOf.get(id)?.run_id ?? null;
  }

  remove(id: string): void {
    this.stmts.remove.run(id);
  }

  /** Appends to the session event log. `detail` is stored as JSON. */
  logEvent(sessionId: string, kind: SessionEventKind, detail: Record<string, unknown> = {}, at = Date.now()): void {
    this.stmts.event.run(sessionId, at, kind, JSON.stringify(detail));
  }

  /** The session's event log, oldest first. */
  events(sessionId: string): { at: number; kind: SessionEventKind; detail: Record<string, unknown> }[] {
    return this.quarantine.readAll('session_events', this.stmts.events.all(sessionId), (e) => `${sessionId}@${e.at}`, (e) => ({
      ...e,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
    }));
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
