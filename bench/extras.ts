import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toFigures, type BenchResult } from './harness/figures.js';

/** The feature benchmarks: bench/cache*, status*, recovery*, orchestrator*, accounting* and metrics*.ts, each exporting `run()`. */
const FOREIGN_PATTERN = /^(cache|status|recovery|orchestrator|accounting|metrics).*\.ts$/;

/** The foreign benchmark files present now, sorted (none is fine). */
export function foreignBenches(): string[] {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  return readdirSync(dir)
    .filter((f) => FOREIGN_PATTERN.test(f) && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort();
}

/**
 * Imports `bench/<file>` and awaits its `run()`, normalizing what it returns into figures
 * (see {@link toFigures}). A file without `run()` or whose `run()` throws gives a result
 * with `error` set; it never throws.
 */
export async function runForeignBench(file: string): Promise<BenchResult> {
  const started = performance.now();
  const name = file.replace(/\.ts$/, '');
  try {
    const mod = (await import(pathToFileURL(fileURLToPath(new URL(`./${file}`, import.meta.url))).href)) as { run?: () => unknown };
    if (typeof mod.run !== 'function') return { bench: name, figures: [], error: `${file} exports no run()`, seconds: 0 };
    const raw = await mod.run();
    return { bench: name, figures: toFigures(name, raw), seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    return { bench: name, figures: [], error: (err as Error).stack ?? String(err), seconds: (performance.now() - started) / 1000 };
  }
}
