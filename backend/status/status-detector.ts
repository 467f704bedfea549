import { Subject, type Observable } from 'rxjs';
import { compileStatus, type CompiledStatus } from './compiled-status.js';
import { GENERIC_STATUS } from './generic-status.js';
import { interpretHook } from './hook-rules.js';
import { classify, classifyStill, classifyTitle, NOT_RECOGNISED, type ScreenVerdict } from './screen-classifier.js';
import { screenHash, type ScreenSnapshot, type ScreenSource } from '../pty/screen-snapshot.js';
import type { HookConfig, StatusProfile } from './status-profile-schema.js';
import type { AgentState, Confidence, HookEvent, StatusEvent, StatusSource, VerdictState } from './status-types.js';
import { ASK_CHARS, isSpinnerTick, type InputMode } from './structure.js';
import type { TerminalSignal } from './terminal-signals.js';

/** While output flows, the screen is re-read at most once per this many ms (leading and trailing edge). */
export const EVAL_THROTTLE_MS = 40;
/** Screen changes this soon after user input are its echo (typing into a prompt is not agent activity). */
export const ECHO_WINDOW_MS = 400;
/** Screen changes this soon after a resize are the reflow, not activity. */
export const RESIZE_GRACE_MS = 300;
/**
 * Output is "flowing" when the screen changed twice within this many ms. A single change
 * followed by stillness — a full-screen redraw caught half-way (cleared, then drawn), a
 * status line refreshed once — is a repaint, not activity.
 */
export const FLOW_WINDOW_MS = 500;
/**
 * A synchronized update (DEC mode 2026) held open longer than this (ms) is read anyway: the
 * program may have died mid-redraw. The same bound as xterm.js's renderer (SyncOutputHandler: 1 s).
 */
export const SYNC_UPDATE_TIMEOUT_MS = 1000;
/** A working title (spinner) counts only while titles keep changing at least this often (ms). */
export const TITLE_STALE_MS = 3000;
/**
 * The termios probe (a short `stty` process) starts this long before the still-screen debounce
 * ends, at least, so that its answer is there when the screen is judged: its start is the larger
 * part of idle's latency beyond the debounce, and on a loaded machine it takes 50–300 ms. The
 * lead follows the probes' measured duration ({@link PROBE_LEAD_PER_COST} × a moving average),
 * within [{@link PROBE_LEAD_MIN_MS}, debounce × {@link PROBE_LEAD_MAX_SHARE}]: a screen that
 * changes again within the lead wastes one probe.
 */
export const PROBE_LEAD_MIN_MS = 20;
/** The probe's lead is this many times its average duration. */
export const PROBE_LEAD_PER_COST = 1.5;
/** The probe's lead is at most this share of the debounce (so it never runs for every screen change). */
export const PROBE_LEAD_MAX_SHARE = 0.25;
/** The probe's duration assumed before one was measured (ms). */
export const PROBE_COST_INITIAL_MS = 60;

/** What the detector needs. `status` absent = the generic fallback; `hooks` absent = no hook mapping. */
export interface StatusDetectorOptions {
  screen: ScreenSource;
  status?: StatusProfile;
  hooks?: HookConfig;
  /** Overrides the profile's idle debounce (ms); tests and benchmarks shorten it. */
  idleDebounceMs?: number;
  now?: () => number;
  /**
   * Reads the PTY's termios input mode (echo, canonical) when the screen is still; null when
   * it cannot be read. Absent = never probed (echo-off prompts are then read from the screen only).
   */
  probeInput?: () => Promise<InputMode | null>;
}

/** A command a shell ran, as its OSC 133 marks reported it: exit code (null when the shell sent none), ms epoch when it ended. */
export interface CommandExit {
  exitCode: number | null;
  at: number;
}

interface Verdict {
  state: AgentState;
  source: StatusSource;
  reason: string;
  confidence: Confidence;
  ask?: string | null;
}

export { NOT_RECOGNISED };

interface HookVerdict extends Verdict {
  state: VerdictState;
  /** Set by user input (Enter) before a hook confirmed it; reverts on a still idle screen. */
  provisional: boolean;
}

/**
 * Live status of one session. Fed by the session's events — output
 * parsed by the mirror ({@link onOutput}), titles ({@link onTitle}), hook calls ({@link onHook}),
 * user input ({@link onInput}), exit ({@link onExit}) — and publishes a {@link StatusEvent} on
 * {@link status$} only when the state (or its `seen` flag) changes.
 *
 * Signals, strongest first: hooks, title (OSC 0/2), the visible screen against the profile's
 * patterns, process state. `waiting` from any signal wins (questions win over busy markers).
 * Safeguards learned from ccmanager, agent-deck and claude-squad: busy markers are only
 * read outside the input box; `idle` only after the screen has been still for the debounce
 * (ccmanager: 1.5 s); a repaint with identical visible text is not activity (hash compare).
 * Work happens only on input events and one debounce timer armed by screen changes — never a
 * periodic poll.
 */
export class StatusDetector {
  private readonly subject = new Subject<StatusEvent>();
  private readonly idSubject = new Subject<string>();
  /** Every state change (and every change of `seen`). */
  readonly status$: Observable<StatusEvent> = this.subject.asObservable();
  /** The agent's own session id each time a hook payload reports a new one (for resume). */
  readonly agentSessionId$: Observable<string> = this.idSubject.asObservable();
  private readonly commandSubject = new Subject<CommandExit>();
  /** Each command a shell finished (OSC 133 `D`), with its exit code. */
  readonly commandExit$: Observable<CommandExit> = this.commandSubject.asObservable();

  private readonly c: CompiledStatus;
  private readonly hooks: HookConfig | undefined;
  private readonly screen: ScreenSource;
  private readonly now: () => number;
  private readonly debounceMs: number;
  private readonly startedAt: number;

  private current: StatusEvent;
  private screenVerdict: Verdict;
  private titleVerdict: ScreenVerdict | null = null;
  private hookVerdict: HookVerdict | null = null;
  private hooksActive = false;
  /** The shell's OSC 133 state, once the shell sent a mark; outranks the screen. */
  private shellVerdict: Verdict | null = null;
  /** A notification (OSC 9/777/99) or BEL: the program asks for attention until input or new activity. */
  private attentionVerdict: Verdict | null = null;
  private readonly probeInput: (() => Promise<InputMode | null>) | undefined;
  /** The latest termios probe: the screen change it followed, when it started, its answer (undefined while pending). */
  private probe: { changedAt: number; startedAt: number; mode: InputMode | null | undefined } | null = null;
  /** The still screen (its last change) waiting for the pending probe's answer to be judged; null when none is. */
  private stillDueFor: number | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  /** Moving average of the probes' duration (ms). */
  private probeCostMs = PROBE_COST_INITIAL_MS;
  private agentId: string | null = null;

  private lastHash = '';
  private lastSnap: ScreenSnapshot | null = null;
  private lastChangeAt: number;
  private prevChangeAt = -Infinity;
  private lastInputAt = -Infinity;
  private lastResizeAt = -Infinity;
  private lastTitleAt = -Infinity;
  private lastEvalAt = -Infinity;
  private evalTimer: NodeJS.Timeout | null = null;
  /** When the synchronized update that deferred a read was first seen open; null when none is. */
  private syncSince: number | null = null;
  private stillTimer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(opts: StatusDetectorOptions) {
    this.c = compileStatus(opts.status ?? GENERIC_STATUS);
    this.hooks = opts.hooks;
    this.screen = opts.screen;
    this.now = opts.now ?? Date.now;
    this.probeInput = opts.probeInput;
    this.debounceMs = opts.idleDebounceMs ?? this.c.idleDebounceMs;
    this.startedAt = this.now();
    this.lastChangeAt = this.startedAt;
    this.screenVerdict = { state: 'starting', source: 'process', reason: 'process started', confidence: 'high' };
    this.current = { state: 'starting', since: this.startedAt, source: 'process', reason: 'process started', confidence: 'high', ask: null, seen: false, exitCode: null, signal: null };
  }

  /** The current state. */
  get status(): StatusEvent {
    return this.current;
  }

  /** The agent's own session id from its hooks, or null until one arrived. */
  get agentSessionId(): string | null {
    return this.agentId;
  }

  /** True once a hook call with a state arrived: hooks then outrank title and screen. */
  get hooksReporting(): boolean {
    return this.hooksActive;
  }

  /**
   * The mirror parsed more output. Cheap to call per batch: the screen is read at most every
   * {@link EVAL_THROTTLE_MS}, and not while a synchronized update (DEC 2026) is open — a
   * half-drawn redraw is not a change (up to {@link SYNC_UPDATE_TIMEOUT_MS}).
   */
  onOutput(): void {
    if (this.ended) return;
    if (this.evalTimer && this.syncSince !== null && !this.screen.synchronizing?.()) {
      // The synchronized update that deferred the read has ended: read now (throttle permitting).
      clearTimeout(this.evalTimer);
      this.evalTimer = null;
    }
    if (this.evalTimer) return;
    const wait = this.lastEvalAt + EVAL_THROTTLE_MS - this.now();
    if (wait <= 0) this.evaluate();
    else this.evalTimer = unref(setTimeout(() => this.evaluate(), wait));
  }

  /** The terminal title changed (OSC 0/2). */
  onTitle(title: string): void {
    if (this.ended) return;
    this.lastTitleAt = this.now();
    this.titleVerdict = classifyTitle(title, this.c);
    if (this.titleVerdict?.state === 'working') this.armStill();
    this.decide();
  }

  /**
   * The agent called its hook (already authenticated by the hook server). Captures the agent's
   * session id from the payload; maps the event to a state with the profile's hook rules.
   */
  onHook(e: HookEvent): void {
    if (this.hooks) {
      const m = interpretHook(e, this.hooks);
      if (m.agentSessionId && m.agentSessionId !== this.agentId) {
        this.agentId = m.agentSessionId;
        this.idSubject.next(m.agentSessionId);
      }
      if (this.ended || !m.state) return;
      this.hooksActive = true;
      this.hookVerdict = { state: m.state, source: 'hook', reason: m.reason, confidence: 'high', ask: m.state === 'waiting' ? m.reason.replace(/^hook [^:]*:?\s*/, '') || null : null, provisional: false };
    }
    this.decide();
  }

  /**
   * A terminal-level signal from the raw output (terminal-signals.ts): OSC 133 marks set the
   * shell's state (a command runs from `C` until `D` / the next prompt; `D` records the exit
   * code on {@link commandExit$}); a desktop notification (OSC 9/777/99) or a BEL asks for the
   * person's attention (`waiting`) until the next input or new activity. A BEL right after the
   * person's own keys (readline's "no completion" beep) is theirs, not a request.
   */
  onSignal(sig: TerminalSignal): void {
    if (this.ended) return;
    const now = this.now();
    switch (sig.kind) {
      case 'prompt':
        if (this.shellVerdict?.state !== 'idle' || !this.shellVerdict.reason.includes('exited')) {
          this.shellVerdict = { state: 'idle', source: 'terminal', reason: 'shell prompt (OSC 133)', confidence: 'high' };
        }
        break;
      case 'command':
        this.shellVerdict = { state: 'working', source: 'terminal', reason: 'shell: a command runs (OSC 133)', confidence: 'high' };
        this.attentionVerdict = null;
        break;
      case 'done':
        // A second `D` for the same command (a shell or prompt theme that sends its own marks
        // besides ours) is not another command.
        if (this.shellVerdict?.state === 'idle' && this.shellVerdict.reason.includes('exited')) return;
        this.shellVerdict = {
          state: 'idle',
          source: 'terminal',
          reason: `shell prompt: the command exited${sig.exitCode === null ? '' : ` with code ${sig.exitCode}`} (OSC 133)`,
          confidence: 'high',
        };
        this.commandSubject.next({ exitCode: sig.exitCode, at: now });
        break;
      case 'notify': {
        const text = sig.text.replace(/\s+/g, ' ').trim().slice(0, ASK_CHARS);
        this.attentionVerdict = { state: 'waiting', source: 'terminal', reason: `terminal notification: "${text}"`, confidence: 'medium', ask: text };
        break;
      }
      case 'bell':
        if (now - this.lastInputAt < ECHO_WINDOW_MS) return;
        this.attentionVerdict = { state: 'waiting', source: 'terminal', reason: 'bell (BEL): the program asks for attention', confidence: 'medium', ask: null };
        break;
      case 'progress':
        return;
    }
    this.decide();
  }

  /**
   * The user sent input to the session (`data` as written to the PTY). Enter while idle or
   * waiting means a prompt or an answer went in: `working` until the screen or a hook says
   * otherwise. Other keys only mark the next screen changes as echo.
   */
  onInput(data: string): void {
    if (this.ended) return;
    this.lastInputAt = this.now();
    const submit = /[\r\n]/.test(data);
    const isKeySequence = data.startsWith('\x1b');
    if (this.hookVerdict?.state === 'waiting' && (submit || !isKeySequence)) {
      this.hookVerdict = { state: 'working', source: 'input', reason: 'input: the user answered', confidence: 'medium', provisional: true };
    }
    this.attentionVerdict = null;
    const s = this.current.state;
    if (submit && (s === 'idle' || s === 'waiting')) {
      const reason = s === 'idle' ? 'input: Enter at the prompt' : 'input: Enter on a question';
      if (this.hooksActive) this.hookVerdict = { state: 'working', source: 'input', reason, confidence: 'medium', provisional: true };
      this.screenVerdict = { state: 'working', source: 'input', reason, confidence: 'low' };
      this.armStill();
    }
    this.decide();
  }

  /** The terminal was resized: the reflow that follows is not activity. */
  onResize(): void {
    this.lastResizeAt = this.now();
  }

  /** The process ended. Final: nothing changes the state afterwards. */
  onExit(exitCode: number, signal: number | null): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimers();
    const reason = signal ? `process ended by signal ${signal}` : `process exited with code ${exitCode}`;
    this.current = { state: 'exited', since: this.now(), source: 'process', reason, confidence: 'high', ask: null, seen: false, exitCode, signal };
    this.subject.next(this.current);
  }

  /** Puts the session in `error` (e.g. the resumed process died at once); output or hooks may move it on. */
  fail(reason: string): void {
    if (this.ended) return;
    this.screenVerdict = { state: 'error', source: 'process', reason, confidence: 'high' };
    this.hookVerdict = null;
    this.set(this.screenVerdict);
  }

  /** The user has seen the current state (e.g. the console got focus). Emits once when `seen` flips. */
  markSeen(): void {
    if (this.current.seen) return;
    this.current = { ...this.current, seen: true };
    this.subject.next(this.current);
  }

  /** Stops timers and completes the observables. */
  dispose(): void {
    this.ended = true;
    this.clearTimers();
    this.subject.complete();
    this.idSubject.complete();
    this.commandSubject.complete();
  }

  /** Reads the screen; on a real change (not a repaint) updates the screen verdict and re-arms the still timer. */
  private evaluate(): void {
    this.evalTimer = null;
    if (this.ended) return;
    const now = this.now();
    if (this.screen.synchronizing?.()) {
      // Half a redraw: wait for the end of the update (its parse calls onOutput), or the timeout.
      this.syncSince ??= now;
      const left = this.syncSince + SYNC_UPDATE_TIMEOUT_MS - now;
      if (left > 0) {
        this.evalTimer = unref(setTimeout(() => this.evaluate(), left));
        return;
      }
    } else this.syncSince = null;
    const snap = this.screen.read();
    // A mirror in the worker hands back the same snapshot until the screen changes: such a read
    // costs nothing and does not count for the throttle (output that carried no screen change —
    // a cursor move, an OSC — would otherwise hold back the next frame by up to the throttle).
    if (snap === this.lastSnap) return;
    this.lastEvalAt = now;
    const prevSnap = this.lastSnap;
    this.lastSnap = snap;
    const hash = screenHash(snap);
    if (hash === this.lastHash) return;
    this.lastHash = hash;
    this.prevChangeAt = this.lastChangeAt;
    this.lastChangeAt = now;
    const spinning = prevSnap !== null && now - this.lastInputAt >= ECHO_WINDOW_MS && isSpinnerTick(prevSnap, snap);
    const v: ScreenVerdict | null = spinning ? { state: 'working', reason: 'spinner turning in place', confidence: 'medium' } : classify(snap, this.c, { still: false, echo: now - this.lastInputAt < ECHO_WINDOW_MS });
    this.screenVerdict = this.onChange(v, now);
    if (this.screenVerdict.state === 'working' && this.screenVerdict.source === 'screen') this.attentionVerdict = null;
    this.stillDueFor = null;
    this.armStill();
    this.armProbe();
    this.decide();
  }

  /**
   * The screen verdict after a change: a waiting or busy pattern decides at once; otherwise
   * output flowing (a second change within {@link FLOW_WINDOW_MS}) means working, unless the
   * session is still starting, it is the echo of the user's typing, a resize reflow, or the
   * prompt is still shown while idle.
   */
  private onChange(v: ScreenVerdict | null, now: number): Verdict {
    if (v?.state === 'waiting' || v?.state === 'working') return { state: v.state, source: 'screen', reason: `screen: ${v.reason}`, confidence: v.confidence ?? 'medium', ask: v.ask ?? null };
    const prev = this.screenVerdict;
    const echo = now - this.lastInputAt < ECHO_WINDOW_MS || now - this.lastResizeAt < RESIZE_GRACE_MS;
    const flowing = now - this.prevChangeAt < FLOW_WINDOW_MS;
    // Output flowing is no positive verdict: a banner, a first draw in pieces. Starting holds
    // until a pattern, a structure or the still screen says what this is.
    if (prev.state === 'starting') return prev;
    if (prev.state === 'idle' && (v?.state === 'idle' || echo || !flowing)) return prev;
    if (prev.state === 'waiting' && (echo || !flowing)) return prev;
    if (prev.state === 'working') return prev;
    return { state: 'working', source: 'screen', reason: 'screen: output flowing', confidence: 'low' };
  }

  /**
   * The screen has been still for the debounce: read it with weak evidence allowed (and the
   * PTY's input mode when a probe is given). Recognised → its verdict; nothing recognised →
   * `waiting` with {@link NOT_RECOGNISED} (never idle), except a blank screen while starting
   * (nothing shown yet: still `starting`).
   */
  private onStill(): void {
    this.stillTimer = null;
    if (this.ended) return;
    const stillFor = this.now() - this.lastChangeAt;
    if (stillFor < this.debounceMs) return this.armStill(this.debounceMs - stillFor);
    if (this.redrawInFlight()) return this.armStill(EVAL_THROTTLE_MS);
    if (!this.probeInput) return this.judgeStill(null);
    const p = this.probe;
    // A probe begun after the screen's last change, at most a debounce ago, read the input mode
    // of this very screen: its answer is used (or awaited), not asked again.
    if (p && p.changedAt === this.lastChangeAt && this.now() - p.startedAt <= this.debounceMs) {
      if (p.mode !== undefined) return this.judgeStill(p.mode);
      this.stillDueFor = p.changedAt;
      return;
    }
    this.stillDueFor = this.lastChangeAt;
    this.startProbe();
  }

  /** Starts a termios probe for the current screen; its answer judges the still screen if one waits for it. */
  private startProbe(): void {
    if (!this.probeInput || this.ended) return;
    const changedAt = this.lastChangeAt;
    const startedAt = this.now();
    const entry: { changedAt: number; startedAt: number; mode: InputMode | null | undefined } = { changedAt, startedAt, mode: undefined };
    this.probe = entry;
    const done = (mode: InputMode | null) => {
      entry.mode = mode;
      this.probeCostMs = 0.7 * this.probeCostMs + 0.3 * Math.max(0, this.now() - startedAt);
      // The screen changed meanwhile, or a newer probe replaced this one: that one is used.
      if (this.ended || this.probe !== entry || this.stillDueFor !== changedAt || this.lastChangeAt !== changedAt) return;
      this.stillDueFor = null;
      this.judgeStill(mode);
    };
    this.probeInput().then(done, () => done(null));
  }

  /**
   * After a screen change: starts the termios probe its lead ({@link PROBE_LEAD_MIN_MS}) before
   * the debounce ends, so that the still screen is judged without waiting for it. A change
   * meanwhile re-arms it; a redraw in flight skips it (the still screen then probes itself).
   */
  private armProbe(): void {
    if (!this.probeInput) return;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    const lead = Math.min(this.debounceMs * PROBE_LEAD_MAX_SHARE, Math.max(PROBE_LEAD_MIN_MS, PROBE_LEAD_PER_COST * this.probeCostMs));
    this.probeTimer = unref(
      setTimeout(() => {
        this.probeTimer = null;
        if (!this.ended && !this.redrawInFlight()) this.startProbe();
      }, Math.max(1, this.debounceMs - lead)),
    );
  }

  private judgeStill(input: InputMode | null): void {
    if (this.redrawInFlight()) return this.armStill(EVAL_THROTTLE_MS);
    const snap = this.screen.read();
    if (snap !== this.lastSnap && screenHash(snap) !== this.lastHash) {
      // The screen moved on since the last read (a parse still running): read it as a change.
      this.onOutput();
      return this.armStill(EVAL_THROTTLE_MS);
    }
    const now = this.now();
    const stillFor = now - this.lastChangeAt;
    const v = classifyStill(snap, this.c, { input, starting: this.screenVerdict.state === 'starting' });
    if (!v) {
      this.screenVerdict = { state: 'starting', source: 'process', reason: 'nothing shown yet', confidence: 'low' };
    } else if (v.reason === NOT_RECOGNISED) {
      this.screenVerdict = { state: 'waiting', source: 'screen', reason: `${NOT_RECOGNISED} (still ${Math.round(stillFor)} ms)`, confidence: 'low', ask: v.ask ?? null };
    } else {
      this.screenVerdict = { state: v.state, source: 'screen', reason: `screen still: ${v.reason}`, confidence: v.confidence ?? 'medium', ask: v.ask ?? null };
    }
    let recheck = Infinity;
    if (this.titleVerdict?.state === 'working') {
      const left = this.lastTitleAt + TITLE_STALE_MS - now;
      if (left <= 0) this.titleVerdict = null;
      else recheck = left;
    }
    const hv = this.hookVerdict;
    if (hv?.state === 'working' && (!v || v.state === 'idle' || v.reason === NOT_RECOGNISED)) {
      const left = (hv.provisional ? this.debounceMs : (this.hooks?.staleMs ?? this.debounceMs)) - stillFor;
      if (left <= 0) this.hookVerdict = null;
      else recheck = Math.min(recheck, left);
    }
    if (recheck !== Infinity) this.armStill(recheck);
    this.decide();
  }

  /**
   * True while the screen must not be judged still: output was parsed but its read is still
   * pending (throttled, or deferred by a synchronized update), or a synchronized update (DEC
   * 2026) is open and younger than {@link SYNC_UPDATE_TIMEOUT_MS}. A half-drawn frame read as
   * a still screen would be "not recognised" and raise a false `waiting`.
   */
  private redrawInFlight(): boolean {
    if (this.evalTimer) return true;
    if (!this.screen.synchronizing?.()) return false;
    const now = this.now();
    this.syncSince ??= now;
    return now - this.syncSince < SYNC_UPDATE_TIMEOUT_MS;
  }

  /**
   * Combines the signals. A positive `waiting` (confidence medium or high: a hook, the screen, a
   * terminal notification, the title) wins over everything: the person is asked — except that
   * the screen cannot overrule a shell that reports it is at its prompt. Otherwise the
   * strongest channel that has spoken decides: hooks, then the shell's OSC 133 marks, then a
   * working title, then the screen (where a still screen nothing recognised is a low-confidence
   * `waiting`), then an idle title. When the winner overrules a screen that says otherwise,
   * the reason says so.
   */
  private decide(): void {
    if (this.ended) return;
    const hook = this.hooksActive ? this.hookVerdict : null;
    const shell = this.shellVerdict;
    const attention = this.attentionVerdict;
    const title: Verdict | null = this.titleVerdict
      ? { state: this.titleVerdict.state, source: 'title', reason: this.titleVerdict.reason, confidence: this.titleVerdict.confidence ?? 'medium', ask: this.titleVerdict.ask ?? null }
      : null;
    const screen = this.screenVerdict;
    const positiveWaiting = (v: Verdict | null) => (v?.state === 'waiting' && v.confidence !== 'low' ? v : null);
    // A program the shell runs that sits still at its own prompt (a REPL, an agent started from
    // the shell) is idle by its screen, though the shell's marks say a command runs.
    const promptInCommand = shell?.state === 'working' && screen.source === 'screen' && screen.state === 'idle' && screen.confidence !== 'low' ? screen : null;
    // A shell at its own prompt (OSC 133) runs nothing that could be asking: a question left on
    // the screen above the prompt (an answered `read -p … [y/N]`) is history, not a request.
    const screenAsks = shell?.state === 'idle' ? null : positiveWaiting(screen);
    const next =
      positiveWaiting(hook) ||
      screenAsks ||
      positiveWaiting(attention) ||
      positiveWaiting(title) ||
      hook ||
      promptInCommand ||
      shell ||
      (title?.state === 'working' && title) ||
      (screen.state !== 'starting' && screen) ||
      title ||
      screen;
    if (next !== screen && screen.state !== 'starting' && screen.state !== next.state && screen.source === 'screen') {
      this.set({ ...next, reason: `${next.reason} (overrules the screen: ${screen.reason.replace(/^screen( still)?: /, '')})` });
    } else this.set(next);
  }

  /** Publishes `v` when the state, its source, the kind of evidence or the question changed; `seen` resets only with the state. */
  private set(v: Verdict): void {
    const c = this.current;
    const ask = v.state === 'waiting' ? (v.ask ?? null) : null;
    // A reason that differs only in quoted text (a spinner frame, a counter) or in how long the screen was still is the same evidence.
    if (v.state === c.state && v.source === c.source && ask === c.ask && reasonKey(v.reason) === reasonKey(c.reason)) return;
    const changed = v.state !== c.state;
    this.current = {
      state: v.state,
      since: changed ? this.now() : c.since,
      source: v.source,
      reason: v.reason,
      confidence: v.confidence,
      ask,
      seen: changed ? false : c.seen,
      exitCode: null,
      signal: null,
    };
    this.subject.next(this.current);
  }

  private armStill(ms = this.debounceMs): void {
    if (this.stillTimer) clearTimeout(this.stillTimer);
    this.stillTimer = unref(setTimeout(() => this.onStill(), Math.max(1, ms)));
  }

  private clearTimers(): void {
    if (this.evalTimer) clearTimeout(this.evalTimer);
    if (this.stillTimer) clearTimeout(this.stillTimer);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.evalTimer = this.stillTimer = this.probeTimer = null;
  }
}

function reasonKey(reason: string): string {
  return reason
    .replace(/ \(overrules the screen: .*\)$/, ' (overrules)')
    .replace(/^screen( still)?: /, '')
    .replace(/ \(still \d+ ms\)/, '')
    .replace(/"[^"]*"/g, '""');
}

function unref(t: NodeJS.Timeout): NodeJS.Timeout {
  t.unref();
  return t;
}
