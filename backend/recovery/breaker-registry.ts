import { bestEffortWrite } from '../store/best-effort.js';
import type { Breaker } from '../contract/index.js';
import type { BreakerRepository } from '../store/breaker-repository.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { QuotaHoldRecord, QuotaRepository } from '../store/quota-repository.js';

/**
 * The circuit breakers of every agent profile, persisted in SQLite on each change so they
 * survive restarts. `onChange(agentId)` fires when a breaker changed state. Beside the crash
 * breaker, an agent that reported its usage or rate limit is held until its reset time
 * ({@link holdForQuota}): no start, restart or new task goes to it before then.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly quota = new Map<string, QuotaHoldRecord>();

  constructor(
    private readonly repo: BreakerRepository,
    private readonly onChange: (agent: string) => void = () => {},
    private readonly now: () => number = Date.now,
    private readonly quotaRepo: QuotaRepository | null = null,
  ) {
    for (const [agent, rec] of repo.all()) this.breakers.set(agent, new CircuitBreaker(rec));
    for (const [agent, h] of quotaRepo?.all() ?? []) this.quota.set(agent, h);
  }

  view(agent: string): Breaker {
    const hold = this.quotaHold(agent);
    return { ...this.get(agent).view(this.now()), quotaUntil: hold?.until ?? null, quotaReason: hold?.reason ?? '' };
  }

  /** True when a start is allowed now: the breaker allows it and no quota hold lasts. */
  allows(agent: string): boolean {
    return this.get(agent).allows(this.now()) && this.quotaHold(agent) === null;
  }

  /** The agent's quota hold while it lasts, else null (an expired one is forgotten). */
  quotaHold(agent: string): QuotaHoldRecord | null {
    const h = this.quota.get(agent);
    if (!h) return null;
    if (h.until > this.now()) return h;
    this.quota.delete(agent);
    bestEffortWrite(`clearing the quota hold of ${agent}`, () => this.quotaRepo?.drop(agent));
    return null;
  }

  /**
   * Holds an agent until `until` (ms epoch, its reset time) because it reported its quota; a
   * later reset time of a second report wins, an earlier one is ignored.
   */
  holdForQuota(agent: string, until: number, reason: string): void {
    const cur = this.quotaHold(agent);
    if (cur && cur.until >= until) return;
    const h = { until, reason, at: this.now() };
    this.quota.set(agent, h);
    bestEffortWrite(`saving the quota hold of ${agent}`, () => this.quotaRepo?.put(agent, h));
    this.onChange(agent);
  }

  failure(agent: string): void {
    const b = this.get(agent);
    const changed = b.failure(this.now());
    bestEffortWrite(`saving the circuit breaker of ${agent}`, () => this.repo.put(agent, b.record));
    if (changed) this.onChange(agent);
  }

  success(agent: string): void {
    const b = this.get(agent);
    if (b.success(this.now())) {
      bestEffortWrite(`saving the circuit breaker of ${agent}`, () => this.repo.put(agent, b.record));
      this.onChange(agent);
    }
  }

  /** Closes the breaker and lifts a quota hold (the user knows better: a new plan, a new key). */
  reset(agent: string): void {
    const b = this.get(agent);
    b.reset();
    this.quota.delete(agent);
    bestEffortWrite(`clearing the quota hold of ${agent}`, () => this.quotaRepo?.drop(agent));
    bestEffortWrite(`saving the circuit breaker of ${agent}`, () => this.repo.put(agent, b.record));
    this.onChange(agent);
  }

  private get(agent: string): CircuitBreaker {
    let b = this.breakers.get(agent);
    if (!b) this.breakers.set(agent, (b = new CircuitBreaker()));
    return b;
  }
}
