import type { QuotaHit } from '../recovery/quota-policy.js';
import type { Project, RestartPolicy, Session, TaskSessionRole } from '../contract/index.js';
import type { ScreenText } from '../pty/session-mirror.js';

/** What starting a session needs. Sizes are in columns and rows. */
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
  /** Variables added to the environment of `argv` (e.g. ELECTRON_RUN_AS_NODE for the gate runner). */
  env?: Record<string, string>;
  /** The orchestrator task the session is started for and what it is there; stored on the session record for good. */
  task?: { id: string; role: TaskSessionRole };
  /**
   * A process started ahead of this session ({@link SessionApi.prepare}): when it still runs,
   * the session shows it instead of spawning `argv` (the session's pid is then its pid); when
   * it ended, `argv` is spawned as usual.
   */
  prepared?: PreparedPty;
}

/** What starting a process ahead of its session needs: the argv (never a shell string), its folder, its extra environment and its terminal's size (columns, rows). */
export interface PrepareRequest {
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
  cols: number;
  rows: number;
}

/**
 * A process on a PTY of its own, started ahead of the session that will show it (the quality
 * gate's console, spawned while the agent works so the gate does not wait for a spawn). It has
 * no session record and no client sees it until {@link StartRequest.prepared} hands it to a
 * session; whoever prepared it discards it when no session will take it.
 */
export interface PreparedPty {
  readonly argv: readonly string[];
  readonly pid: number;
  /** True while its process runs and no session took it. */
  readonly usable: boolean;
  /** Writes to its terminal's input (e.g. the line a prepared runner waits for); ignored once it ended. */
  write(data: string): void;
  /** Ends its process tree unless a session took it; resolves once it exited. Idempotent. */
  discard(): Promise<void>;
}

/**
 * The internal session API for the rest of the backend that drives sessions on a person's
 * behalf (the orchestrator and its quality gate): start, watch, type, read the screen, end.
 * It never hands out a session's pipeline or mirror, and state comes from
 * {@link onStateChange}, not from the clients' broadcast stream. `SessionManager`
 * implements it.
 */
export interface SessionApi {
  /** @throws CortexError `AGENT_UNKNOWN`, `AGENT_NOT_INSTALLED`, `FOLDER_MISSING`, `AGENT_UNAVAILABLE`, `SPAWN_FAILED` … */
  start(req: StartRequest): Session;
  /**
   * Spawns `argv` on a PTY now, for a session to show later ({@link PreparedPty}); nothing is
   * recorded or published. The backend's shutdown ends every prepared process no session took.
   * @throws CortexError `FOLDER_MISSING` and the like (folder check), `SPAWN_FAILED`
   */
  prepare(req: PrepareRequest): PreparedPty;
  /** @throws CortexError `NOT_FOUND` */
  get(id: string): Session;
  /** All sessions, live and past, oldest first; optionally of one project. */
  list(projectId?: string): Session[];
  /** Ends the session's process tree; resolves once it exited. @throws CortexError `NOT_FOUND` */
  kill(id: string): Promise<void>;
  /**
   * Types `text` and Enter into the running session by the one typing rule (bracketed paste
   * when the program asked for it, else line by line; see `typing.ts`), once everything it
   * printed so far is parsed.
   * @throws CortexError `NOT_FOUND`, `SESSION_EXITED` (also when it ended, or was removed, before the text went in)
   */
  typeText(id: string, text: string): Promise<void>;
  /**
   * Stops the agent's current turn with its profile's interrupt keys (`interruptKeys`, else
   * Ctrl-C); the process stays, and the session reads `waiting` with `reason` until someone
   * types into it.
   * @throws CortexError `NOT_FOUND`, `SESSION_EXITED`
   */
  interruptTurn(id: string, reason: string): void;
  /** Whether the running program has bracketed paste on (DECSET 2004); false when not running. */
  acceptsBracketedPaste(id: string): Promise<boolean>;
  /** The visible screen as plain text (empty for a session with nothing saved). @throws CortexError `NOT_FOUND` */
  screen(id: string): Promise<ScreenText>;
  /**
   * Resolves with the session's record once its process has ended (at once when it already
   * has), or when the backend shuts down (which ends every process).
   * @throws CortexError `NOT_FOUND`
   */
  whenExited(id: string): Promise<Session>;
  /**
   * Calls `listener` with the record each time a session's state changes (`starting`,
   * `working`, `waiting`, `idle`, `exited`, `error`), after it was saved and published.
   * @returns a function that stops the calls
   */
  onStateChange(listener: (session: Session) => void): () => void;

  /**
   * Calls `listener` each time a session's agent printed a quota or rate-limit message (its
   * profile's quota patterns; once per message), after the agent was held until its reset and
   * the session set to `waiting` with `reason`. @returns a function that stops the calls
   */
  onQuota(listener: (r: QuotaReport) => void): () => void;
}

/** A session whose agent reported its usage or rate limit. */
export interface QuotaReport {
  session: Session;
  hit: QuotaHit;
  /** e.g. "quota reached (usage limit), resets at 2026-12-07 15:00 UTC". */
  reason: string;
}
