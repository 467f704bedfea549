import type { Billing, CostRepository, CostSource } from '../store/cost-repository.js';
import { findCodexRollout } from './codex-locate.js';
import type { PriceTable } from './prices.js';
import { UsageFileReader, type UsageFormat } from './usage-file-reader.js';
import type { UsageRecord } from './usage.js';

/** Who a followed file's usage is attributed to. */
export interface UsageOwner {
  sessionId: string;
  projectId: string;
  /** The agent profile id (claude, codex, ...). */
  agent: string;
  taskId: string | null;
  /** `subscription`: tokens are recorded, cost stays unknown (no made-up bill). */
  billing: Billing;
}

/** Parts of a {@link UsageWatcher}. */
export interface UsageWatcherDeps {
  costs: CostRepository;
  /** The price table in force (read at each record, so a changed user file applies). */
  prices: () => PriceTable;
  /** Who owns a session, or null for a session this backend does not know. */
  owner: (sessionId: string) => UsageOwner | null;
  /** Poll period, ms. Default 2000. */
  pollMs?: number;
  /** Clock, ms since the epoch (usage without a timestamp is dated now). */
  now?: () => number;
}

interface Followed {
  reader: UsageFileReader;
  owner: UsageOwner;
  /** The file could be opened at least once. */
  opened: boolean;
  /** The read offset last kept in `usage_offsets` (bytes). */
  kept: number;
  /** When the unreadable lines not yet covered by a later total were recorded (ms), or null. */
  outstandingAt: number | null;
}

/**
 * Follows each session's agent record file (Claude Code transcript, Codex rollout) and adds
 * what is appended to `cost_tracking`, priced at list price; lines that cannot be read are
 * counted there as unreadable (unknown, never 0). A session follows one file at a time: a
 * hook naming another transcript (after `/clear` or a resume) moves it there. A file that
 * does not exist yet is retried at the next poll. How far each file was read is kept
 * (`usage_offsets`), so after a restart a relaunched agent naming the same file again is read
 * on from there, not counted twice. Timers start in `start()`.
 */
export class UsageWatcher {
  private readonly followed = new Map<string, Followed>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly d: UsageWatcherDeps) {}

  /** Starts polling every `pollMs`. Idempotent. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.pollAll(), this.d.pollMs ?? 2000);
    this.timer.unref();
  }

  /** Stops polling (a last poll first) and forgets every file. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.pollAll();
    this.followed.clear();
  }

  /**
   * True when the session's record file was found: it is followed and could be opened.
   * (Usage recorded before a restart is in `cost_tracking`; see `CostRepository.hasUsage`.)
   */
  found(sessionId: string): boolean {
    return this.followed.get(sessionId)?.opened ?? false;
  }

  /** Sessions followed, with their files. */
  files(): { sessionId: string; file: string; format: UsageFormat }[] {
    return [...this.followed].map(([sessionId, f]) => ({ sessionId, file: f.reader.path, format: f.reader.format }));
  }

  /**
   * The hook seam: a Claude Code hook payload names its transcript in `transcript_path`.
   * Unknown sessions and payloads without a path are ignored.
   */
  onHook(sessionId: string, e: { event: string; payload: Record<string, unknown> }): void {
    const path = e.payload['transcript_path'];
    if (typeof path !== 'string' || path.length === 0) return;
    const owner = this.d.owner(sessionId);
    if (owner) this.follow(owner, path, 'claude-transcript');
  }

  /** Follows `file` for the owner's session (replacing a different file it followed). */
  follow(owner: UsageOwner, file: string, format: UsageFormat): void {
    const cur = this.followed.get(owner.sessionId);
    if (cur && cur.reader.path === file) {
      cur.owner = owner;
      return;
    }
    if (cur) this.pollOne(owner.sessionId, cur);
    const kept = this.d.costs.usageOffset(owner.sessionId, file) ?? 0;
    const f: Followed = { reader: new UsageFileReader(file, format, { startOffset: kept }), owner, opened: false, kept, outstandingAt: null };
    this.followed.set(owner.sessionId, f);
    this.pollOne(owner.sessionId, f);
  }

  /** Stops following a session (after a last read). */
  unfollow(sessionId: string): void {
    const f = this.followed.get(sessionId);
    if (f) this.pollOne(sessionId, f);
    this.followed.delete(sessionId);
  }

  /** Reads what every followed file gained since the last poll. Never throws. */
  pollAll(): void {
    for (const [id, f] of this.followed) this.pollOne(id, f);
  }

  private pollOne(_id: string, f: Followed): void {
    let poll;
    try {
      poll = f.reader.poll();
    } catch {
      return; // not written yet, or gone: the next poll tries again
    }
    f.opened = true;
    const source: CostSource = f.reader.format;
    const now = (this.d.now ?? Date.now)();
    try {
      const unreadable = (n: number, at: number) =>
        this.d.costs.record({ ...f.owner, model: null, source, at, input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0, costUSD: null, records: 0, unreadable: n });
      // Lines a later cumulative total covers are known again: taken back in the hour they were counted.
      if (poll.resolved > 0) unreadable(-poll.resolved, f.outstandingAt ?? now);
      if (poll.resolved > 0 || poll.restarted) f.outstandingAt = null;
      if (poll.unreadable > 0) {
        // Counted apart, never as 0 tokens: the session's figures read as unknown.
        unreadable(poll.unreadable, now);
        f.outstandingAt ??= now;
      }
      this.record(f, poll.records, source, now);
      const offset = f.reader.lineOffset;
      if (offset !== f.kept) {
        this.d.costs.saveUsageOffset(f.owner.sessionId, f.reader.path, offset, now);
        f.kept = offset;
      }
    } catch {
      // The database could not be written (a full disk): this poll's usage is lost, the instance goes on.
    }
  }

  private record(f: Followed, records: UsageRecord[], source: CostSource, now: number): void {
    if (records.length === 0) return;
    const prices = this.d.prices();
    for (const r of records) {
      const at = r.at !== null ? Date.parse(r.at) : NaN;
      const cost = f.owner.billing === 'subscription' ? null : (r.reportedCostUSD ?? prices.cost(r.model, r.tokens));
      this.d.costs.record({
        sessionId: f.owner.sessionId,
        projectId: f.owner.projectId,
        agent: f.owner.agent,
        taskId: f.owner.taskId,
        model: r.model,
        source,
        billing: f.owner.billing,
        at: Number.isFinite(at) ? at : now,
        ...r.tokens,
        costUSD: cost,
        records: 1,
      });
    }
  }
}

/** What {@link followCodexSession} needs of a session (the contract's Session has these). */
export interface CodexSessionFacts {
  id: string;
  agent: string;
  cwd: string;
  startedAt: number;
  state: string;
}

/**
 * The Codex seam: on a session update of a `codex` session that is running and not yet
 * followed, finds its rollout file (the newest under `<codexHome>/sessions` written since the
 * launch for its folder) and follows it. Returns the file followed, or null (not Codex, not
 * found yet: a later update tries again). Never throws.
 */
export function followCodexSession(watcher: UsageWatcher, s: CodexSessionFacts, owner: UsageOwner | null, codexHome: string): string | null {
  if (s.agent !== 'codex' || !owner || s.state === 'exited' || s.state === 'error') return null;
  if (watcher.files().some((f) => f.sessionId === s.id)) return null;
  const file = findCodexRollout(codexHome, s.startedAt, s.cwd);
  if (file) watcher.follow(owner, file, 'codex-rollout');
  return file;
}
