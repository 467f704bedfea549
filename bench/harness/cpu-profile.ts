import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CdpPage } from './cdp-page.js';

/** Functions listed in a profile summary. */
const TOP_FUNCTIONS = 12;

/** A V8 CPU profile as CDP's Profiler.stop returns it. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * With BENCH_PAGE_PROFILE=<dir>, records a CPU profile of `page` (CDP Profiler on its session) between
 * `start()` and `stop(name)`, writes `<dir>/<name>.cpuprofile` (opens in Chrome DevTools)
 * and prints the functions with the most self time. With BENCH_PAGE_TRACE=<dir> (checked
 * first) it records a Chromium trace instead (pageTracer). Without either both calls do
 * nothing, so the measured runs carry no profiler overhead.
 */
export async function pageProfiler(page: CdpPage): Promise<{ start(): Promise<void>; stop(name: string): Promise<void> }> {
  const traceDir = process.env['BENCH_PAGE_TRACE'];
  if (traceDir) return pageTracer(page, traceDir);
  const dir = process.env['BENCH_PAGE_PROFILE'];
  if (!dir) return { start: async () => {}, stop: async () => {} };
  await page.send('Profiler.enable');
  return {
    start: async () => {
      await page.send('Profiler.start');
    },
    stop: async (name) => {
      const { profile } = await page.send<{ profile: CpuProfile }>('Profiler.stop');
      await page.send('Profiler.disable');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      process.stderr.write(`bench: ${name} page profile, top self time:\n${summarizeProfile(profile)}\n`);
    },
  };
}

/** The functions with the most self time in `profile`, one per line, with their share. */
export function summarizeProfile(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_FUNCTIONS)
    .map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
}

/** Trace categories of a DevTools "Performance" recording (main-thread tasks, frames, layout, paint, JS). */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'disabled-by-default-devtools.timeline.stack', 'disabled-by-default-devtools.timeline.invalidationTracking', 'blink', 'v8.execute', 'toplevel'];

/**
 * With BENCH_PAGE_TRACE=<dir>: records a Chromium trace (CDP Tracing, the categories of a
 * DevTools Performance recording) between `start()` and `stop(name)` and writes
 * `<dir>/<name>.trace.json` (opens in DevTools' Performance panel or ui.perfetto.dev).
 */
function pageTracer(page: CdpPage, dir: string): { start(): Promise<void>; stop(name: string): Promise<void> } {
  const events: unknown[] = [];
  const off = page.on('Tracing.dataCollected', (p) => events.push(...(p['value'] as unknown[])));
  return {
    start: async () => {
      await page.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES } });
    },
    stop: async (name) => {
      const done = new Promise<void>((resolve) => {
        const offDone = page.on('Tracing.tracingComplete', () => {
          offDone();
          resolve();
        });
      });
      await page.send('Tracing.end');
      await done;
      off();
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.trace.json`);
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      process.stderr.write(`bench: ${name} page trace (${events.length} events) in ${file}\n`);
    },
  };
}
