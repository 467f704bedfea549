import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { METRICS_LIMITS, SESSION_STATES, TASK_STATUSES, type SystemMetricsSample } from '../contract/index.js';
import { runCli } from '../../cli/main.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir } from '../../test/support/temp.js';
import { openDatabase } from '../store/database.js';
import { MetricsRepository } from '../store/metrics-repository.js';
import { countStates, overallHitRatio } from './instance-reading.js';
import { METRICS_CSV_COLUMNS, metricsCsv } from './metrics-csv.js';
import { ratesBetween, thin } from './metrics-rates.js';
import { MetricsSampler, type SampleReading } from './metrics-sampler.js';
import { processTreeUsage, sumTree, treesOf } from './process-usage.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const zeroStates = <K extends string>(keys: readonly K[]) => countStates(keys, []);

/** A reading with every figure given (the sampler adds time and rates). */
function reading(over: Partial<SampleReading> = {}): SampleReading {
  return {
    app: { cpuPercent: 1.5, rssBytes: 100 << 20, processes: 1 },
    agents: [],
    sessionsByState: zeroStates(SESSION_STATES),
    tasksByState: zeroStates(TASK_STATUSES),
    queueDepth: 0,
    tokensTotal: 0,
    costTotalUSD: 0,
    cacheHitRatio: null,
    ...over,
  };
}

describe('metrics policy (pure)', () => {
  it('rates are differences of cumulative totals over the time between samples', () => {
    expect(ratesBetween(null, { at: 1000, tokensTotal: 5, costTotalUSD: 1 })).toEqual({ costPerHourUSD: null, tokensPerMinute: null });
    // 15 s apart: 300 tokens → 1200 tokens/min; $0.01 → $2.40/h.
    expect(ratesBetween({ at: 0, tokensTotal: 100, costTotalUSD: 0.5 }, { at: 15_000, tokensTotal: 400, costTotalUSD: 0.51 })).toEqual({ costPerHourUSD: 2.4, tokensPerMinute: 1200 });
    expect(ratesBetween({ at: 0, tokensTotal: 0, costTotalUSD: 0 }, { at: 15_000, tokensTotal: 0, costTotalUSD: 0 })).toEqual({ costPerHourUSD: 0, tokensPerMinute: 0 });
    // No time passed, or totals went down (rows removed): no rate rather than nonsense.
    expect(ratesBetween({ at: 5, tokensTotal: 0, costTotalUSD: 0 }, { at: 5, tokensTotal: 10, costTotalUSD: 0 }).tokensPerMinute).toBeNull();
    expect(ratesBetween({ at: 0, tokensTotal: 50, costTotalUSD: 0 }, { at: 1000, tokensTotal: 10, costTotalUSD: 0 }).tokensPerMinute).toBeNull();
  });

  it('thins evenly and always keeps the newest', () => {
    const xs = Array.from({ length: 10 }, (_, i) => i);
    expect(thin(xs, 20)).toEqual(xs);
    expect(thin(xs, 4)).toEqual([0, 3, 6, 9]);
    expect(thin(xs, 1)).toEqual([9]);
    expect(() => thin(xs, 0)).toThrow(RangeError);
  });

  it('builds process trees from one listing and sums them', () => {
    const links = [
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
      { pid: 12, ppid: 11 },
      { pid: 20, ppid: 1 },
      { pid: 21, ppid: 20 },
    ];
    const trees = treesOf([10, 20, 99], links);
    expect(trees.get(10)!.sort()).toEqual([10, 11, 12]);
    expect(trees.get(20)!.sort()).toEqual([20, 21]);
    expect(trees.get(99)).toEqual([]);
    expect(sumTree([10, 11, 12], { 10: { cpu: 1.25, memory: 1000 }, 11: { cpu: 2.5, memory: 2000 } })).toEqual({ cpuPercent: 3.8, rssBytes: 3000, processes: 2 });
  });

  it('counts every state and reads the two tiers as one hit ratio', () => {
    expect(countStates(SESSION_STATES, ['idle', 'idle', 'working', 'bogus' as never])).toMatchObject({ idle: 2, working: 1, starting: 0, exited: 0 });
    expect(overallHitRatio({ hotHits: 0, hotMisses: 0, coldHits: 0 })).toBeNull();
    // 10 lookups: 6 hot hits; of the 4 hot misses, 3 hit the cold tier.
    expect(overallHitRatio({ hotHits: 6, hotMisses: 4, coldHits: 3 })).toBe(0.9);
  });

  it('exports CSV with a header, summed agents, and empty cells (never 0) for unknown figures', () => {
    const s: SystemMetricsSample = {
      at: Date.UTC(2026, 11, 6, 20),
      ...reading({
        agents: [
          { sessionId: 'a', agent: 'claude', projectId: 'p', cpuPercent: 10.5, rssBytes: 1000, processes: 3 },
          { sessionId: 'b', agent: 'shell', projectId: 'p', cpuPercent: 0.25, rssBytes: 500, processes: 1 },
        ],
        sessionsByState: { ...zeroStates(SESSION_STATES), working: 1, idle: 1 },
        queueDepth: 2,
      }),
      costPerHourUSD: null,
      tokensPerMinute: 12.5,
    };
    const [header, row, end] = metricsCsv([s]).split('\n');
    expect(header).toBe(METRICS_CSV_COLUMNS.join(','));
    expect(end).toBe('');
    const cells = Object.fromEntries(METRICS_CSV_COLUMNS.map((c, i) => [c, row!.split(',')[i]]));
    expect(cells).toMatchObject({ time: '2026-12-06T20:00:00.000Z', agents_cpu_percent: '10.8', agents_rss_bytes: '1500', agent_processes: '4', sessions_working: '1', sessions_idle: '1', queue_depth: '2', cost_per_hour_usd: '', tokens_per_minute: '12.5', cache_hit_ratio: '' });
  });
});

describe('metrics sampler with a real SQLite file and a manual clock', () => {
  function setup(read: () => Promise<SampleReading>, intervalSec: () => number) {
    const t = tempDir('metrics-');
    const db = openDatabase(join(t.dir, 'cortex.sqlite'));
    cleanups.push(t.cleanup, () => void db.close());
    const repo = new MetricsRepository(db);
    let now = Date.UTC(2026, 11, 1);
    const timers: { fn: () => void; ms: number }[] = [];
    const sampler = new MetricsSampler({ repo, read, intervalSec, now: () => now, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => {} });
    return { repo, sampler, timers, advance: (ms: number) => (now += ms), now: () => now, db };
  }
  const settle = () => new Promise((r) => setTimeout(r, 10));

  it('samples at start and then every interval from the setting, storing each with its rates', async () => {
    let tokens = 0;
    let interval = 15;
    const s = setup(async () => reading({ tokensTotal: tokens, costTotalUSD: tokens / 1e6 }), () => interval);
    const seen: SystemMetricsSample[] = [];
    s.sampler.samples$.subscribe((x) => seen.push(x));
    expect(s.timers).toHaveLength(0); // the constructor does no work
    s.sampler.start();
    await settle();
    expect(s.timers.map((t) => t.ms)).toEqual([15_000]);
    tokens = 3000;
    s.advance(15_000);
    interval = 60; // a settings change applies to the next wait
    s.timers[0]!.fn();
    await settle();
    expect(s.timers.map((t) => t.ms)).toEqual([15_000, 60_000]);
    expect(seen.map((x) => x.tokensPerMinute)).toEqual([null, 12_000]);
    expect(seen[1]!.costPerHourUSD).toBeCloseTo(0.72, 9);
    expect(s.repo.range(0, s.now()).map((x) => x.tokensTotal)).toEqual([0, 3000]);
    await s.sampler.stop();
  });

  it('keeps 7 days: older samples are trimmed when a new one is stored', async () => {
    const s = setup(async () => reading(), () => 15);
    await s.sampler.sampleNow();
    s.advance(METRICS_LIMITS.retentionMs - 1000);
    await s.sampler.sampleNow();
    expect(s.repo.range(0, s.now())).toHaveLength(2);
    s.advance(2000);
    await s.sampler.sampleNow();
    expect(s.repo.range(0, s.now())).toHaveLength(2);
  });

  it('a failed read skips that tick and sampling goes on; a corrupt stored row is skipped, not fatal', async () => {
    let fail = true;
    const s = setup(async () => {
      if (fail) throw new Error('ps is missing');
      return reading();
    }, () => 15);
    s.sampler.start();
    await settle();
    expect(s.repo.latest()).toBeUndefined();
    fail = false;
    s.advance(15_000);
    s.timers[0]!.fn();
    await settle();
    expect(s.repo.latest()?.at).toBe(s.now());
    s.db.prepare('INSERT INTO system_metrics (at, sample) VALUES (?, ?)').run(1, '{"at": oops');
    expect(s.repo.range(0, s.now())).toHaveLength(1);
    await s.sampler.stop();
  });
});

describe('process tree usage (real processes)', () => {
  it('counts a real process and its descendants, and nothing once they exited', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore', detached: true });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    cleanups.push(killGroup);
    await new Promise((r) => setTimeout(r, 300));
    const usage = (await processTreeUsage([child.pid!], [process.pid])).get(child.pid!)!;
    expect(usage.processes).toBe(3);
    expect(usage.rssBytes).toBeGreaterThan(0);
    // The app is read alone: the test process's own children are not counted in it.
    const app = (await processTreeUsage([], [process.pid])).get(process.pid)!;
    expect(app.processes).toBe(1);
    expect(app.rssBytes).toBeGreaterThan(usage.rssBytes / 3);
    const exited = new Promise((r) => child.once('exit', r));
    killGroup();
    await exited;
    await new Promise((r) => setTimeout(r, 100));
    expect((await processTreeUsage([child.pid!])).get(child.pid!)).toEqual({ cpuPercent: 0, rssBytes: 0, processes: 0 });
    expect((await processTreeUsage([2 ** 22 + 7])).get(2 ** 22 + 7)).toEqual({ cpuPercent: 0, rssBytes: 0, processes: 0 });
  });
});

describe('metrics through the API and the CLI (real instance)', () => {
  let inst: TestInstance;
  afterEach(async () => inst?.stop());

  it('a live shell session shows in the sample, rates follow recorded usage, and the CLI prints both forms', async () => {
    inst = await startTestInstance();
    const work = tempDir('metrics-work-');
    cleanups.push(work.cleanup);
    const session = await inst.client.call('sessions.start', { path: work.dir, agent: 'shell' });
    const backend = inst.instance.backend;
    await backend.metrics.sampleNow();
    backend.costs.record({ sessionId: session.id, projectId: session.projectId, agent: 'claude', taskId: null, source: 'claude-transcript', billing: 'api', at: Date.now(), model: 'claude-sonnet-4-5', input: 1000, output: 2000, cacheWrite: 0, cacheRead: 0, reasoning: 0, costUSD: 0.5, records: 1 });
    await new Promise((r) => setTimeout(r, 20));
    await backend.metrics.sampleNow();

    const q = await inst.client.call('metrics.query', {});
    const latest = q.samples.at(-1)!;
    expect(q.intervalMs).toBe(15_000);
    expect(latest.agents).toEqual([expect.objectContaining({ sessionId: session.id, agent: 'shell', projectId: session.projectId })]);
    expect(latest.agents[0]!.processes).toBeGreaterThanOrEqual(1);
    expect(latest.agents[0]!.rssBytes).toBeGreaterThan(0);
    expect(latest.app.rssBytes).toBeGreaterThan(10 << 20);
    expect(latest.sessionsByState.exited).toBe(0);
    expect(latest.tokensTotal).toBe(3000);
    expect(latest.tokensPerMinute).toBeGreaterThan(0);
    expect(latest.costPerHourUSD).toBeGreaterThan(0);

    await inst.client.call('settings.set', { metricsIntervalSec: 30 });
    expect((await inst.client.call('metrics.query', {})).intervalMs).toBe(30_000);
    await expect(inst.client.call('settings.set', { metricsIntervalSec: 1 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });

    const cli = async (...args: string[]) => {
      let stdout = '';
      const code = await runCli(args, {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: () => {} },
        env: { ...process.env, CORTEX_DATA_DIR: inst.dataDir, NO_COLOR: '1' },
        cwd: process.cwd(),
      });
      return { code, stdout };
    };
    const text = await cli('metrics');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/tokens\s+[\d.]+ tokens\/min; total 3000/);
    expect(text.stdout).toMatch(new RegExp(`${session.id.slice(0, 8)}\\s+shell\\s+\\d+\\s+[\\d.]+ %`));
    const csv = await cli('metrics', '--csv', '--hours', '1');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(METRICS_CSV_COLUMNS.join(','));
    expect(lines.length).toBeGreaterThanOrEqual(3); // the start's sample and the two above
    expect((await cli('metrics', '--hours', 'x')).code).toBe(2);
  });
});
