import { Subject, type Observable } from 'rxjs';
import { METRICS_LIMITS, type SystemMetricsSample } from '../contract/index.js';
import type { MetricsRepository } from '../store/metrics-repository.js';
import { bestEffortWrite } from '../store/best-effort.js';
import { ratesBetween } from './metrics-rates.js';

/** What one sample reads from the rest of the instance (the composition root wires it). */
export type SampleReading = Omit<SystemMetricsSample, 'at' | 'costPerHourUSD' | 'tokensPerMinute'>;

export interface MetricsSamplerDeps {
  repo: MetricsRepository;
  /** Reads the instance's figures now (process usage, states, totals). */
  read: () => Promise<SampleReading>;
  /** Seconds between samples, read before each wait so a settings change applies at once. */
  intervalSec: () => number;
  /** Clock, ms since the epoch (tests pass a manual one). */
  now?: () => number;
  /** Timer functions (tests pass fake ones). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Takes a system metrics sample every `intervalSec` (default 15 s), stores it, trims samples
 * older than `METRICS_LIMITS.retentionMs` (7 days) and emits it on {@link samples$}. Owns
 * its timer: nothing runs until {@link start}, nothing after {@link stop}. A failed store
 * write (a full disk) drops that sample and keeps sampling; a failed read skips the tick.
 */
export class MetricsSampler {
  private readonly sampleSubject = new Subject<SystemMetricsSample>();
  /** Each sample as it is taken. */
  readonly samples$: Observable<SystemMetricsSample> = this.sampleSubject.asObservable();
  private timer: unknown = null;
  private running = false;
  private inFlight: Promise<SystemMetricsSample | null> | null = null;
  private prev: SystemMetricsSample | null = null;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly d: MetricsSamplerDeps) {
    this.now = d.now ?? Date.now;
    this.setTimer = d.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = d.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  /** Milliseconds between samples now (the setting, clamped to its bounds). */
  intervalMs(): number {
    const { min, max } = METRICS_LIMITS.intervalSec;
    return Math.min(max, Math.max(min, Math.round(this.d.intervalSec()))) * 1000;
  }

  /** Starts sampling: the first sample at once, then every interval. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  /** Stops sampling and waits for a sample in flight. Idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    await this.inFlight;
    this.sampleSubject.complete();
  }

  /**
   * Takes one sample now (stored, trimmed, emitted).
   * @returns the sample, or null when the figures could not be read
   */
  sampleNow(): Promise<SystemMetricsSample | null> {
    const run = this.take();
    this.inFlight = run;
    return run;
  }

  private async tick(): Promise<void> {
    await this.sampleNow();
    if (this.running) this.timer = this.setTimer(() => void this.tick(), this.intervalMs());
  }

  private async take(): Promise<SystemMetricsSample | null> {
    let reading: SampleReading;
    try {
      reading = await this.d.read();
    } catch (err) {
      console.warn(`[cortex] a metrics sample could not be read: ${(err as Error).message}`);
      return null;
    }
    const at = this.now();
    const base = { at, tokensTotal: reading.tokensTotal, costTotalUSD: reading.costTotalUSD };
    const sample: SystemMetricsSample = { at, ...reading, ...ratesBetween(this.prev, base) };
    this.prev = sample;
    bestEffortWrite('saving a metrics sample', () => {
      this.d.repo.add(sample);
      this.d.repo.trim(at - METRICS_LIMITS.retentionMs);
    });
    this.sampleSubject.next(sample);
    return sample;
  }
}
