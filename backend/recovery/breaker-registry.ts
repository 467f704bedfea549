import { bestEffortWrite } from '../store/best-effort.js';
import type { Breaker } from '../contract/index.js';
import type { BreakerRepository } from '../store/breaker-repository.js';
import { CircuitBreaker } from './circuit-breaker.js';

/**
 * The circuit breakers of every agent profile, persisted in SQLite on each change so they
 * survive restarts. `onChange(agentId)` fires when a breaker changed state.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly repo: BreakerRepository,
    private readonly onChange: (agent: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    for (const [agent, rec] of repo.all()) this.breakers.set(agent, new CircuitBreaker(rec));
  }

  view(agent: string): Breaker {
    return this.get(agent).view(this.now());
  }

  allows(agent: string): boolean {
    return this.get(agent).allows(this.now());
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

  reset(agent: string): void {
    const b = this.get(agent);
    b.reset();
    bestEffortWrite(`saving the circuit breaker of ${agent}`, () => this.repo.put(agent, b.record));
    this.onChange(agent);
  }

  private get(agent: string): CircuitBreaker {
    let b = this.breakers.get(agent);
    if (!b) this.breakers.set(agent, (b = new CircuitBreaker()));
    return b;
  }
}
