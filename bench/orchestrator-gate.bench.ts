/**
 * Quality gate overhead. Run: `npx tsx bench/orchestrator-gate.bench.ts` (prints JSON), or
 * import and call `run()` (`npm run bench` does).
 *
 * A real backend runs {@link TASKS} tasks on a tiny Node project whose test (`npm test` → `node
 * test.js`) fails until the scripted agent fixes it. For every gate run, overhead = the gate's
 * whole wall time from the gate step's start (the checks planned from the project's analysis
 * and settings, the runner's files written, PTY session started, the runner started, result
 * read, checks parsed and scored, verdict shown, the gate session ended) minus what its
 * checks' own processes took (from just before each check's process was started to just after
 * it ended). `BENCH_GATE_TASKS` sets the number of tasks (default 8, two gate runs each
 * but for the fixer's one). Tasks alternate in pairs between the gate console started ahead
 * (while the agent works: the default) and started when the gate runs, so both are measured
 * in the same run; the goal is the default's.
 * Goal: p95 < 200 ms per iteration. Baseline in the same run: the wall time of spawning
 * `node -e 0`, so the ratio says how the overhead compares with one Node start, whatever
 * the machine's load (the POSIX runner, gate-runner.sh, starts no Node at all).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { Session as Inspector } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { valueProjectFiles } from '../test/fixtures/orchestrator/value-project.js';
import { startTestInstance } from '../test/support/instance.js';
import { tempGitRepo, waitFor } from '../test/support/temp.js';
import { summarizeProfile } from './harness/cpu-profile.js';

const AGENT = fileURLToPath(new URL('../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));
const TASKS = Number(process.env['BENCH_GATE_TASKS'] ?? 8);
const GOAL_MS = 200;

/**
 * With BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of this process (the backend runs in it)
 * over the gate runs, written to `<dir>/orchestrator-gate.cpuprofile` (opens in Chrome
 * DevTools), and the functions with the most self time printed. Without it, nothing runs.
 */
async function cpuProfiler(): Promise<{ stop(): Promise<void> }> {
  const dir = process.env['BENCH_CPU_PROFILE'];
  if (!dir) return { stop: async () => {} };
  const s = new Inspector();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 500 });
  await s.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await s.post('Profiler.stop');
      s.disconnect();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'orchestrator-gate.cpuprofile'), JSON.stringify(profile));
      process.stderr.write(`bench: gate runs, backend CPU profile, top self time:\n${summarizeProfile(profile as Parameters<typeof summarizeProfile>[0])}\n`);
    },
  };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export async function run() {
  const inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
  const cleanups: (() => void)[] = [];
  try {
    const profile = (id: string) => ({ id, name: id, command: process.execPath, args: [AGENT, id], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'], specializations: [] });
    writeFileSync(join(inst.dataDir, 'profiles.json'), JSON.stringify({ profiles: [profile('learner'), profile('fixer')] }));
    await inst.client.call('agents.list', {});
    // Overheads with the gate console started ahead (the default) and started at gate time.
    const overheads: number[] = [];
    const atGate: number[] = [];
    const tools: number[] = [];
    const orchestrator = inst.instance.backend.orchestrator;
    const profiler = await cpuProfiler();
    for (let i = 0; i < TASKS; i++) {
      // Pairs of tasks (a learner and a fixer) alternate: ahead, at gate, ahead, …
      const ahead = Math.floor(i / 2) % 2 === 0;
      orchestrator.startGateConsolesAhead(ahead);
      const r = tempGitRepo(valueProjectFiles());
      cleanups.push(r.cleanup);
      mkdirSync(join(r.dir, 'src'));
      writeFileSync(join(r.dir, 'src', 'value.js'), 'module.exports = 41;\n');
      execFileSync('git', ['add', '-A'], { cwd: r.dir });
      execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@e', 'commit', '-q', '-m', 'v'], { cwd: r.dir });
      // learner fails once (41), then passes: two gate runs per task.
      const t = await inst.client.call('tasks.create', { path: r.dir, text: 'Make the value test pass', agent: i % 2 ? 'fixer' : 'learner' });
      await waitFor(async () => {
        const x = (await inst.client.call('tasks.get', { id: t.id })).task;
        return x.status === 'in_progress' || x.status === 'pending' ? null : x;
      }, 60_000, 'the task to end');
      for (const g of (await inst.client.call('tasks.get', { id: t.id })).gates) {
        const own = g.checks.reduce((s, c) => s + c.durationMs, 0);
        tools.push(own);
        (ahead ? overheads : atGate).push(g.durationMs - own);
      }
    }
    await profiler.stop();
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      baseline.push(performance.now() - t0);
    }
    orchestrator.startGateConsolesAhead(true);
    const p95 = quantile(overheads, 0.95);
    const nodeStart = quantile(baseline, 0.5);
    const ratio = (ms: number) => Math.round((ms / nodeStart) * 100) / 100;
    return [
      { id: 'gate.overhead.p50', name: 'gate overhead per iteration, p50', value: Math.round(quantile(overheads, 0.5)), unit: 'ms' },
      { id: 'gate.overhead.p95', name: 'gate overhead per iteration, p95', value: Math.round(p95), unit: 'ms', goal: `< ${GOAL_MS} ms`, pass: p95 < GOAL_MS },
      { id: 'gate.tools.p50', name: "the checks' own run time, p50", value: Math.round(quantile(tools, 0.5)), unit: 'ms' },
      { id: 'gate.baseline.node', name: 'baseline: node -e 0, median', value: Math.round(nodeStart), unit: 'ms' },
      { id: 'gate.overhead.over-node', name: 'gate overhead p50 / one Node start', value: ratio(quantile(overheads, 0.5)), unit: '×', note: `${overheads.length} gate runs with the console started ahead; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores` },
      { id: 'gate.overhead.p95.over-node', name: 'gate overhead p95 / one Node start', value: ratio(p95), unit: '×' },
      { id: 'gate.at-gate.p50', name: 'console started at gate time: overhead p50', value: Math.round(quantile(atGate, 0.5)), unit: 'ms', note: `${atGate.length} gate runs, interleaved with the above` },
      { id: 'gate.at-gate.p95', name: 'console started at gate time: overhead p95', value: Math.round(quantile(atGate, 0.95)), unit: 'ms' },
      { id: 'gate.at-gate.over-node', name: 'console started at gate time: p50 / p95 over one Node start', value: ratio(quantile(atGate, 0.5)), unit: '×', note: `p95 ${ratio(quantile(atGate, 0.95))}×` },
    ];
  } finally {
    await inst.stop();
    for (const c of cleanups) c();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => {
    console.error(e);
    process.exit(1);
  });
}
