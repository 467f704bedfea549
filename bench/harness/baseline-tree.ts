import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { npmCi as runNpmCi } from './peer-install.js';

/** The repository root this bench runs from (bench/harness/ is two levels down). */
export const TREE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Where the baseline trees are prepared (gitignored), one folder per commit sha.
 * `BENCH_BASELINE_CACHE` moves it.
 */
export const BASELINE_CACHE = process.env['BENCH_BASELINE_CACHE'] ?? join(TREE_ROOT, '.cache', 'baseline');
/** The file naming the baseline revision and why it is the baseline. */
const BASELINE_FILE = fileURLToPath(new URL('../baseline.json', import.meta.url));
/** Marks an extracted tree (written last, so a half-extracted folder is never used). */
const EXTRACTED = '.baseline-extracted';
/** Marks a `node_modules` the baseline installed itself with `npm ci`. */
const INSTALLED = '.baseline-npm-ci';
/** Longest `npm ci` of the baseline may take, ms (its Angular and Electron tooling: minutes on 2 cores). */
/**
 * Packages the baseline's bench loads besides its runtime dependencies: tsx runs the harness
 * and the backend from source, so no build of the baseline is needed for its steps
 * (a, b, echo and the restore figure; the mirror worker is evaluated from source too).
 */
const BENCH_TOOLING = ['tsx'];

const baselineFile = z.object({
  rev: z.string().min(4),
  reason: z.string().min(1),
});

/** The baseline revision: from `BENCH_BASELINE_REV` when set, else bench/baseline.json. */
export interface BaselineRev {
  rev: string;
  reason: string;
  source: string;
}

/**
 * Reads bench/baseline.json ({ rev, reason }), or takes `BENCH_BASELINE_REV` (any revision
 * git understands) over it.
 * @throws Error naming the file when it is not valid JSON of that shape
 */
export function baselineRev(env: NodeJS.ProcessEnv = process.env): BaselineRev {
  const parsed = baselineFile.safeParse(JSON.parse(readFileSync(BASELINE_FILE, 'utf8')));
  if (!parsed.success) throw new Error(`${BASELINE_FILE}: expected { "rev": "<commit>", "reason": "<why>" } (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const fromEnv = env['BENCH_BASELINE_REV']?.trim();
  if (fromEnv) return { rev: fromEnv, reason: 'set by BENCH_BASELINE_REV', source: 'BENCH_BASELINE_REV' };
  return { ...parsed.data, source: 'bench/baseline.json' };
}

/**
 * Exact versions the baseline pins that this tree's `node_modules` does not have installed:
 * `{ name, wanted, installed }` (installed null when absent). Pure over its inputs.
 * @param pins name → exact version (the baseline's package.json)
 * @param installed name → version installed here, or null
 */
export function depsMismatches(pins: Record<string, string>, installed: (name: string) => string | null): { name: string; wanted: string; installed: string | null }[] {
  return Object.entries(pins)
    .map(([name, wanted]) => ({ name, wanted, installed: installed(name) }))
    .filter((d) => d.installed !== d.wanted);
}

function installedVersion(nodeModules: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** A prepared baseline tree, or why there is none. */
export type BaselineTree = { dir: string; sha: string; deps: string } | { skipped: string };

function git(args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', TREE_ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Exports `sha` with `git archive` into `<cache>/<sha>/`, once (atomic: extracted aside, then renamed). */
function extract(sha: string, dir: string): string | null {
  if (existsSync(join(dir, EXTRACTED))) return null;
  mkdirSync(BASELINE_CACHE, { recursive: true, mode: 0o700 });
  const aside = `${dir}.tmp-${process.pid}`;
  const tar = `${aside}.tar`;
  rmSync(aside, { recursive: true, force: true });
  mkdirSync(aside, { mode: 0o700 });
  try {
    process.stderr.write(`bench: exporting the baseline ${sha.slice(0, 12)} into ${dir} (once; later runs reuse it)…\n`);
    execFileSync('git', ['-C', TREE_ROOT, 'archive', '--format=tar', '-o', tar, sha], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('tar', ['-xf', tar, '-C', aside], { stdio: ['ignore', 'ignore', 'pipe'] });
    writeFileSync(join(aside, EXTRACTED), `${sha}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(aside, dir);
    return null;
  } catch (err) {
    return `git archive of ${sha.slice(0, 12)} failed: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(tar, { force: true });
    rmSync(aside, { recursive: true, force: true });
  }
}

/** `npm ci` in the baseline folder (Electron's binary and Playwright's browsers skipped: the bench needs neither). */
async function npmCi(dir: string): Promise<string | null> {
  process.stderr.write(`bench: npm ci of the baseline in ${dir} (its lock differs from this tree's; once)…\n`);
  const { code, log } = await runNpmCi(dir, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }, join(dir, 'npm-ci.log'));
  if (code !== 0) return `npm ci of the baseline failed (${code}; offline?): ${log.trim().split('\n').slice(-2).join(' | ').slice(0, 300)}; log ${join(dir, 'npm-ci.log')}`;
  writeFileSync(join(dir, 'node_modules', INSTALLED), 'npm ci\n');
  return null;
}

/**
 * Dependencies of the baseline tree: its own `node_modules` when an earlier run installed
 * one; else this tree's `node_modules`, linked, when it has every runtime dependency and
 * the bench tooling ({@link BENCH_TOOLING}) at the exact version the baseline pins (the
 * cache is shared by worktrees, so the link is pointed at the running tree each time);
 * else `npm ci` in the baseline folder.
 * @returns how the dependencies were provided, or `{ skipped }`
 */
async function provideDeps(dir: string): Promise<{ deps: string } | { skipped: string }> {
  const nodeModules = join(dir, 'node_modules');
  let link: string | null = null;
  try {
    const st = lstatSync(nodeModules);
    if (st.isSymbolicLink()) link = readlinkSync(nodeModules);
    else if (existsSync(join(nodeModules, INSTALLED))) return { deps: 'its own node_modules (npm ci, cached)' };
    else rmSync(nodeModules, { recursive: true, force: true }); // an interrupted install
  } catch {
    // no node_modules yet
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const pins: Record<string, string> = { ...manifest.dependencies };
  for (const name of BENCH_TOOLING) if (manifest.devDependencies?.[name]) pins[name] = manifest.devDependencies[name];
  const ours = join(TREE_ROOT, 'node_modules');
  const mismatches = depsMismatches(pins, (name) => installedVersion(ours, name));
  if (mismatches.length === 0) {
    if (link !== resolve(ours)) {
      if (link !== null) unlinkSync(nodeModules);
      symlinkSync(resolve(ours), nodeModules, 'dir');
    }
    return { deps: `this tree's node_modules (its ${Object.keys(pins).length} runtime and bench pins all installed here)` };
  }
  if (link !== null) unlinkSync(nodeModules);
  const failed = await npmCi(dir);
  if (failed) return { skipped: failed };
  const differ = mismatches.slice(0, 3).map((m) => `${m.name} ${m.wanted} (here ${m.installed ?? 'absent'})`).join(', ');
  return { deps: `its own node_modules (npm ci: ${differ}${mismatches.length > 3 ? ', …' : ''})` };
}

/**
 * Prepares the baseline tree once into `<BASELINE_CACHE>/<sha>/`: `git archive` of the
 * revision, then its dependencies (see {@link provideDeps}). Never throws for a missing
 * git history, an unknown revision or a failed install: it returns `{ skipped }` saying so,
 * so the bench goes on.
 */
export async function prepareBaselineTree(rev: string): Promise<BaselineTree> {
  let sha = git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (!sha) {
    // No git here (a tarball checkout) or an unknown revision: a tree prepared earlier still serves.
    if (/^[0-9a-f]{40}$/.test(rev) && existsSync(join(BASELINE_CACHE, rev, EXTRACTED))) sha = rev;
    else {
      const why = git(['rev-parse', '--git-dir']) === null ? 'this checkout has no git history (a tarball?)' : `git does not know the revision "${rev}"`;
      return { skipped: `${why}, and no baseline tree is prepared in ${BASELINE_CACHE}` };
    }
  }
  const dir = join(BASELINE_CACHE, sha);
  const failed = extract(sha, dir);
  if (failed) return { skipped: failed };
  for (const needed of ['bench/run.ts', 'bench/recovery.bench.ts', 'package.json']) {
    if (!existsSync(join(dir, needed))) return { skipped: `the baseline ${sha.slice(0, 12)} has no ${needed}: pick another BENCH_BASELINE_REV` };
  }
  const deps = await provideDeps(dir);
  if ('skipped' in deps) return deps;
  return { dir, sha, deps: deps.deps };
}
