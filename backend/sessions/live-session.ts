import type { EventName, EventPayload, Session } from '../contract/index.js';
import type { AgentRegistry, ResolvedProfile } from '../agents/agent-registry.js';
import { planLaunch, type LaunchPlan } from '../agents/launch.js';
import { checkProjectFolder } from '../projects/folder-check.js';
import type { PtyExit, PtyProcess } from '../pty/pty-process.js';
import type { PtySession } from '../pty/pty-session.js';
import { consoleNote } from '../recovery/restore-banner.js';
import { planResume, type ResumePlan } from '../recovery/resume.js';
import type { SnapshotScheduler } from '../recovery/snapshot-scheduler.js';
import type { HookServer } from '../status/hook-server.js';
import { shellIntegration } from '../status/shell-integration.js';
import { DEFAULT_INTERRUPT_KEYS, type AgentProfile } from '../agents/profile-schema.js';
import type { CommandExit } from '../status/status-detector.js';
import type { HookEvent, StatusEvent } from '../status/status-types.js';
import { bestEffortWrite } from '../store/best-effort.js';
import type { SessionEventKind, SessionRepository } from '../store/session-repository.js';
import { registerSessionHook, type SessionHook } from './hook-launch.js';
import { notificationFor } from './notification.js';
import type { RunFacts, SupervisedSession } from './restart-supervisor.js';
import { SessionStatus } from './session-status.js';
import { SessionTypist } from './session-typist.js';
import { SessionQuotaWatch } from './quota-watch.js';
import { quotaReason, type QuotaHit } from '../recovery/quota-policy.js';

/** Title changes are sent at most this often per session (ms): spinners in titles repaint fast. */
export const TITLE_EVENT_INTERVAL_MS = 250;

/** What every live session shares: the store, the profiles, the channels and the manager's callbacks. */
export interface LiveSessionContext {
  repo: SessionRepository;
  agents: AgentRegistry;
  snapshots: SnapshotScheduler;
  /** Id of this run of the backend (rows of live sessions carry it). */
  runId: string;
  /** Environment every process inherits (before its profile's env). */
  env: NodeJS.ProcessEnv;
  /** The hook channel; null disables hooks. */
  hooks: HookServer | null;
  /** The data dir (per-launch hook settings and shell integration files go below it). */
  dataDir: string;
  /** Every accepted hook call, after status has seen it. */
  onHookEvent?: (sessionId: string, e: HookEvent) => void;
  /** Secret environment of a profile's launch (provider API keys from the OS keychain); never stored or logged. */
  secretEnv?: (profile: AgentProfile) => Record<string, string>;
  /** Telemetry environment of one launch of a session (an OTLP endpoint and a per-launch token); never the user's settings. */
  telemetryEnv?: (sessionId: string, profile: AgentProfile) => Record<string, string>;
  /** The agent printed a quota or rate-limit message (once per message); `reason` is what the session shows. */
  quotaReached?: (session: Session, hit: QuotaHit, reason: string) => void;
  /** Publishes an event for every client. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The session's state changed (after it was saved and published). */
  stateChanged(session: Session): void;
  /** Whether the user is looking at the session now. */
  isFocused(sessionId: string): boolean;
  /** The session's process ended (its status is detached; the restart decision is the caller's). */
  exited(live: LiveSession, e: PtyExit): void;
}

/** A log row written in the same transaction as a change of the record (a launch, a state change, an exit). */
type LogRow = { kind: SessionEventKind; detail: Record<string, unknown> };

/**
 * One session while the backend holds it: its record, its PTY pipeline (process, mirror,
 * batches), the status detector of the current process, its hook registration, and its
 * timers (title throttle, first prompt, restart). Every change of the record is saved with
 * a log row in one transaction and published as `session.updated`; a state change also
 * raises the `session.notify` of {@link notificationFor}. The constructor does nothing;
 * {@link start} wires the pipeline, {@link launch} spawns a process, {@link dispose} releases all.
 */
export class LiveSession implements SupervisedSession {
  private current: Session;
  private readonly status = new SessionStatus({
    // While a quota message holds the screen, or a stopped turn waits for a person, the session reads waiting with its reason.
    status: (ev) => {
      const held = this.quota.active?.reason ?? this.stoppedFor;
      this.onStatus(held ? this.heldStatus(ev.since, held) : ev);
    },
    agentSessionId: (agentSessionId) => {
      if (agentSessionId !== this.current.agentSessionId) this.update({ agentSessionId });
    },
    // Each command a shell ran, with its exit code, in the event log.
    commandExit: (c: CommandExit) =>
      bestEffortWrite(`logging a command of session ${this.current.id}`, () => this.ctx.repo.logEvent(this.current.id, 'command', { exitCode: c.exitCode }, c.at)),
  });
  private hook: SessionHook | null = null;
  private readonly quota = new SessionQuotaWatch({
    screen: () => this.pty.mirror.screen(),
    patterns: () => {
      try {
        return this.ctx.agents.require(this.current.agent).profile.quota?.patterns ?? null;
      } catch {
        return null;
      }
    },
    onHit: (hit, reason) => {
      this.onStatus(this.heldStatus(Date.now(), reason));
      this.ctx.quotaReached?.(this.current, hit, reason);
    },
  });
  /** Why the agent's turn was stopped on the cockpit's behalf (a budget reached), until someone types; null when not. */
  private stoppedFor: string | null = null;
  private titleTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private facts: RunFacts = { launchedAt: 0, resumeKind: 'fresh', killRequested: false };
  private readonly typist: SessionTypist;

  /** @param pty the session's pipeline; the session owns it from now on (disposes it) */
  constructor(
    private readonly ctx: LiveSessionContext,
    record: Session,
    readonly pty: PtySession,
  ) {
    this.current = record;
    this.typist = new SessionTypist(pty, (data) => this.write(data));
  }

  get record(): Session {
    return this.current;
  }

  get run(): RunFacts {
    return this.facts;
  }

  get running(): boolean {
    return this.pty.running;
  }

  /** Wires the pipeline: snapshots, title changes, the process's exit. */
  start(): this {
    const id = this.current.id;
    this.pty.onBatch(() => {
      this.ctx.snapshots.changed(id);
      this.typist.onOutput();
      this.quota.output();
    });
    this.pty.mirror.onTitleChange((title) => this.onTitle(title));
    this.pty.onExit((e) => this.onExit(e));
    this.ctx.snapshots.track(id, this.pty.mirror, () => ({ cols: this.current.cols, rows: this.current.rows }));
    return this;
  }

  /**
   * Launch plan for a profile in this session: hook settings, then extra args, then the
   * prompt; an interactive shell gets OSC 133 shell integration.
   * @throws Error when the hook settings file cannot be written
   */
  plan(profile: ResolvedProfile & { executable: string }, prompt?: string, extraArgs: string[] = []): LaunchPlan {
    if (!this.hook && this.ctx.hooks && profile.profile.hooks) {
      const id = this.current.id;
      this.hook = registerSessionHook(this.ctx.hooks, profile.profile, { sessionId: id, dataDir: this.ctx.dataDir }, (e) => {
        this.status.onHook(e);
        this.ctx.onHookEvent?.(id, e);
      });
    }
    const add = this.hook?.additions;
    const plan = planLaunch(profile, prompt, [...(add?.args ?? []), ...extraArgs]);
    const shell = shellIntegration(plan.argv, this.ctx.dataDir, { ...this.ctx.env, ...plan.env });
    return { ...plan, argv: shell?.argv ?? plan.argv, env: { ...plan.env, ...(add?.env ?? {}), ...shell?.env, ...(this.ctx.telemetryEnv?.(this.current.id, profile.profile) ?? {}), ...(this.ctx.secretEnv?.(profile.profile) ?? {}) } };
  }

  /**
   * Spawns the plan's process in this session's pipeline (or adopts `adopted`, a process of
   * the plan's argv started ahead, still running), attaches status and records the launch; a
   * typed first prompt goes to the {@link SessionTypist}.
   * @throws CortexError `FOLDER_MISSING` and the like (folder check), `SPAWN_FAILED`
   */
  launch(plan: LaunchPlan, resumeKind: ResumePlan['kind'], extra: Partial<Session> = {}, adopted: PtyProcess | null = null): void {
    const proc = adopted ? this.pty.adopt(adopted) : this.pty.spawn({ argv: plan.argv, cwd: checkProjectFolder(this.current.cwd), env: plan.env, baseEnv: this.ctx.env });
    this.status.attach(this.pty, this.ctx.agents.require(this.current.agent).profile);
    this.quota.reset();
    const now = Date.now();
    this.facts = { launchedAt: now, resumeKind, killRequested: false };
    const kind = this.current.pid === null ? 'started' : 'restarted';
    this.update({
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
    }, { kind, detail: { argv: plan.argv, pid: proc.pid, resume: resumeKind } });
    if (plan.typedPrompt !== null) this.typist.firstPrompt(plan.typedPrompt, plan.typeDelayMs);
  }

  /** Starts the profile's command again, fresh (no prompt). @throws the errors of {@link launch} */
  launchFresh(extra: Partial<Session>): void {
    this.launch(this.plan(this.ctx.agents.require(this.current.agent)), 'fresh', extra);
  }

  /**
   * Starts the profile's command again with its resume arguments (none when `fresh` or when
   * no agent session id is known); a note in the terminal says how.
   * @throws CortexError `AGENT_UNKNOWN`, `AGENT_NOT_INSTALLED` and the errors of {@link launch}
   */
  relaunch(fresh: boolean): void {
    this.cancelRestart();
    const profile = this.ctx.agents.require(this.current.agent);
    const resume = planResume(profile.profile.resume, this.current.agentSessionId, fresh);
    this.note(resume.kind === 'fresh' ? 'relaunched' : `relaunched with ${resume.args.join(' ')}`);
    this.launch(this.plan(profile, undefined, resume.args), resume.kind, { restarts: 0 });
  }

  /**
   * The agent reported a usage or rate limit in a structured event (an OpenTelemetry API error
   * event): while its process runs the session reads `waiting` with the reason until someone
   * types; either way the agent is held until the reset (no restart, no new task).
   */
  reportQuota(hit: QuotaHit): void {
    if (this.pty.running) this.quota.report(hit);
    else this.ctx.quotaReached?.(this.current, hit, quotaReason(hit));
  }

  /** Input for the running process (keystrokes or a paste); status hears of it. */
  write(data: string): void {
    this.stoppedFor = null;
    this.pty.write(data);
    this.quota.input();
    this.status.onInput(data);
  }

  /**
   * Stops the agent's current turn with its profile's interrupt keys (Esc for Claude Code,
   * Codex and Gemini, else Ctrl-C) and keeps the session open, reading `waiting` with `reason`
   * until someone types into it. The process is not killed: its work so far stays.
   */
  interruptTurn(reason: string): void {
    let keys = DEFAULT_INTERRUPT_KEYS;
    try {
      keys = this.ctx.agents.require(this.current.agent).profile.interruptKeys ?? DEFAULT_INTERRUPT_KEYS;
    } catch {
      /* a profile removed meanwhile: the terminal's interrupt */
    }
    this.pty.write(keys);
    this.stoppedFor = reason;
    this.onStatus(this.heldStatus(Date.now(), reason));
  }

  /** Types `text` and Enter by the typing rule. @returns false when nothing was typed ({@link SessionTypist.typeText}) */
  typeText(text: string): Promise<boolean> {
    return this.typist.typeText(text);
  }

  /** Whether the running program has bracketed paste on (DECSET 2004), as of its output so far. */
  acceptsBracketedPaste(): Promise<boolean> {
    return this.typist.acceptsBracketedPaste();
  }

  /** Resizes the PTY and the mirror (columns, rows); no change when the size is the same. */
  resize(cols: number, rows: number): void {
    if (this.current.cols === cols && this.current.rows === rows) return;
    this.status.onResize();
    this.pty.resize(cols, rows);
    this.ctx.snapshots.resized(this.current.id);
    this.update({ cols, rows });
  }

  /** Ends the process tree (a pending restart is cancelled); its exit is no failure. Resolves once it exited. */
  async kill(): Promise<void> {
    this.cancelRestart();
    if (!this.pty.running) return;
    this.facts = { ...this.facts, killRequested: true };
    this.log('killed', {});
    await this.pty.kill();
  }

  /** The user looked at the session. */
  markSeen(): void {
    if (!this.status.markSeen() && !this.current.seen) this.update({ seen: true });
  }

  /** Writes a note line into the terminal (it is part of the screen and the snapshot). */
  note(text: string): void {
    this.pty.inject(consoleNote(text));
  }

  /** Adds a row to the event log; a failing write (a full disk) is reported, never thrown. */
  log(kind: SessionEventKind, detail: Record<string, unknown>): void {
    bestEffortWrite(`logging ${kind} of session ${this.current.id}`, () => this.ctx.repo.logEvent(this.current.id, kind, detail));
  }

  /** Records the end of the process; `restartAt` (ms epoch) when an automatic restart is scheduled. */
  markEnded(e: PtyExit, note: string, restartAt: number | null = null): void {
    const now = Date.now();
    const reason = e.signal !== null ? `signal ${e.signal}` : `exit code ${e.exitCode}`;
    const before = this.current.state;
    const seen = this.ctx.isFocused(this.current.id);
    this.update(
      { state: 'exited', stateSince: now, stateSource: 'process', stateReason: reason, seen, endedAt: now, exitCode: e.exitCode, signal: e.signal, note, restartAt },
      { kind: 'exited', detail: { ...e, note } },
    );
    this.notify(before, null, seen);
  }

  scheduleRestart(delayMs: number, fn: () => void): void {
    this.cancelRestart();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      fn();
    }, delayMs);
  }

  /** Cancels a pending automatic restart (and clears its time from the record). */
  cancelRestart(): void {
    if (!this.restartTimer) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.current.restartAt !== null) this.update({ restartAt: null });
  }

  /** Applies a change to the record, saves it (and a log row) in one transaction, publishes it. */
  update(patch: Partial<Session>, log?: LogRow): Session {
    const before = this.current.state;
    this.current = { ...this.current, ...patch };
    const record = this.current;
    const runId = record.state === 'exited' ? null : this.ctx.runId;
    bestEffortWrite(`saving session ${record.id}`, () =>
      this.ctx.repo.transaction(() => {
        this.ctx.repo.save(record, runId);
        if (log) this.ctx.repo.logEvent(record.id, log.kind, log.detail);
      }),
    );
    this.ctx.emit('session.updated', record);
    if (record.state !== before) this.ctx.stateChanged(record);
    return record;
  }

  /** Stops status, timers and the hook registration, and releases the pipeline. */
  dispose(): void {
    this.typist.dispose();
    this.quota.dispose();
    this.status.stop();
    this.cancelRestart();
    this.hook?.dispose();
    this.hook = null;
    if (this.titleTimer) clearTimeout(this.titleTimer);
    this.titleTimer = null;
    this.ctx.snapshots.untrack(this.current.id);
    this.pty.dispose();
  }

  private onExit(e: PtyExit): void {
    this.status.stop();
    this.typist.cancelPrompt();
    // An agent that printed its quota message and quit is held before the restart decision.
    const last = this.quota.flush();
    if (last) void last.finally(() => this.ctx.exited(this, e));
    else this.ctx.exited(this, e);
  }

  /** The status of a session held for a person: its agent reported its quota (with when it resets), or its turn was stopped. */
  private heldStatus(since: number, reason: string): StatusEvent {
    return { state: 'waiting', since, source: 'screen', reason, confidence: 'high', ask: reason, seen: false, exitCode: null, signal: null };
  }

  private onStatus(ev: StatusEvent): void {
    const before = this.current.state;
    const seen = ev.seen || this.ctx.isFocused(this.current.id);
    this.update(
      { state: ev.state, stateSince: ev.since, stateSource: ev.source, stateReason: ev.reason, seen },
      before !== ev.state ? { kind: 'state', detail: { state: ev.state, source: ev.source, reason: ev.reason, confidence: ev.confidence, ask: ev.ask } } : undefined,
    );
    this.notify(before, ev.ask, seen);
  }

  /** Raises the `session.notify` (if any) of the change from `before` to the current state. */
  private notify(before: Session['state'], ask: string | null, seen: boolean): void {
    const r = this.current;
    const n = notificationFor(
      { sessionId: r.id, before, after: r.state, reason: r.stateReason, ask, cwd: r.cwd, seen, killRequested: this.facts.killRequested },
      this.ctx.agents.list().find((a) => a.id === r.agent)?.name ?? r.agent,
      Date.now(),
    );
    if (n) this.ctx.emit('session.notify', n);
  }

  private onTitle(title: string): void {
    this.current = { ...this.current, title };
    this.titleTimer ??= setTimeout(() => {
      this.titleTimer = null;
      this.ctx.emit('session.updated', this.current);
    }, TITLE_EVENT_INTERVAL_MS);
  }
}
