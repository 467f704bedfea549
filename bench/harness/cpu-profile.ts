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
 * and prints the functions with the most self time. Without it both calls do nothing,
 * so the measured runs carry no profiler overhead.
 */
export async function pageProfiler(page: CdpPage): Promise<{ start(): Promise<void>; stop(name: string): Promise<void> }> {
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
