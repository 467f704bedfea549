/**
 * Benchmark of the metrics room: the CPU one system metrics sample costs with 20 live
 * agent process trees, as a share of one core at the default interval (15 s).
 *
 *   npx tsx bench/metrics.bench.ts     prints the figures as JSON
 *
 * 20 process trees of 3 processes each (a shell and two children, like an agent CLI and its
 * tools) are started; then 40 samples are read back to back with the sampler's own reading
 * (`processTreeUsage`: one `ps` listing by pidtree, `/proc` reads by pidusage). CPU is read
 * from `/proc/self/stat` (user + system time of this process and of its waited-for children,
 * so the `ps` runs count), so the figure is Linux-only. The baseline, measured in the same
 * run, is spawning `ps -A -o ppid,pid` alone: the listing no sampler can avoid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { METRICS_LIMITS } from '../backend/contract/index.js';
import { processTreeUsage } from '../backend/metrics/process-usage.js';
import type { Figure } from './harness/figures.js';

const TREES = 20;
const SAMPLES = 40;
/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU time of this process and its waited-for children so far, ms. */
function cpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14–17 of proc(5) (utime, stime, cutime, cstime) are 11–14 after the name.
  return [11, 12, 13, 14].reduce((a, i) => a + Number(f[i]), 0) * (1000 / USER_HZ);
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Runs the benchmark; returns its figures (none off Linux). */
export async function run(): Promise<Figure[]> {
  if (process.platform !== 'linux') return [{ id: 'metrics.sample.cpu', name: 'CPU per metrics sample', value: null, unit: '%', note: 'Linux only (/proc)' }];
  const trees: ChildProcess[] = [];
  try {
    for (let i = 0; i < TREES; i++) trees.push(spawn('sh', ['-c', 'sleep 600 & sleep 600 & wait'], { stdio: 'ignore', detached: true }));
    await new Promise((r) => setTimeout(r, 500));
    const roots = trees.map((t) => t.pid!);

    const b0 = cpuMs();
    for (let i = 0; i < SAMPLES; i++) spawnSync('ps', ['-A', '-o', 'ppid,pid'], { stdio: 'ignore' });
    const psMs = (cpuMs() - b0) / SAMPLES;

    let processes = 0;
    const t0 = cpuMs();
    const w0 = performance.now();
    for (let i = 0; i < SAMPLES; i++) {
      const usage = await processTreeUsage(roots, [process.pid]);
      processes = [...usage.values()].reduce((a, u) => a + u.processes, 0);
    }
    const sampleMs = (cpuMs() - t0) / SAMPLES;
    const wallMs = (performance.now() - w0) / SAMPLES;
    const intervalMs = METRICS_LIMITS.intervalSec.default * 1000;
    const share = (sampleMs / intervalMs) * 100;
    return [
      { id: 'metrics.sample.cpu', name: `CPU of sampling ${TREES} agent process trees every ${intervalMs / 1000} s, as % of one core`, value: r3(share), unit: '%', goal: '< 0.5', pass: share < 0.5, note: `${r3(sampleMs)} ms CPU per sample (${processes} processes read; ${r3(wallMs)} ms wall)` },
      { id: 'metrics.sample.ratio', name: 'CPU per sample ÷ CPU of one bare `ps -A -o ppid,pid` spawn', value: r3(sampleMs / Math.max(psMs, 0.01)), unit: '×', note: `ps alone ${r3(psMs)} ms CPU` },
    ];
  } finally {
    for (const t of trees) {
      try {
        process.kill(-t.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await run(), null, 2));
