import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the bench installs its peers (gitignored), one folder per manifest of bench/peers/.
 * `BENCH_PEERS_CACHE` moves it.
 */
export const PEERS_CACHE = process.env['BENCH_PEERS_CACHE'] ?? join(process.cwd(), '.cache', 'peers');
/** The pinned manifests (package.json + package-lock.json), one folder per peer. */
const MANIFESTS = fileURLToPath(new URL('../peers', import.meta.url));
/** Longest an install may take before the peer is skipped, ms (code-server builds native modules: ~2 min on 2 cores). */
const INSTALL_TIMEOUT_MS = 20 * 60_000;
/** Name of the file that marks a finished install; it holds the lock file's SHA-256. */
const STAMP = '.installed';

/** An installed peer: its folder (node_modules inside), or why it is not there. */
export type PeerInstall = { dir: string } | { skipped: string };

/**
 * Installs the pinned manifest `bench/peers/<name>/` into `<PEERS_CACHE>/<name>/` with
 * `npm ci` (its own package.json and lock; never the app's dependencies), once: a later call
 * finds the stamp holding the lock's hash and returns at once. Never throws for a failed
 * install (an offline machine, a missing compiler): it returns `{ skipped }` with npm's last
 * lines, and the next run tries again.
 * @param name folder under bench/peers/ (e.g. "wetty")
 * @param env extra environment for npm (code-server needs Node 24 on PATH and its headers)
 */
export async function ensurePeerInstalled(name: string, env: Record<string, string> = {}): Promise<PeerInstall> {
  const from = join(MANIFESTS, name);
  const dir = join(PEERS_CACHE, name);
  const lock = readFileSync(join(from, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = join(dir, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return { dir };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  copyFileSync(join(from, 'package.json'), join(dir, 'package.json'));
  copyFileSync(join(from, 'package-lock.json'), join(dir, 'package-lock.json'));
  process.stderr.write(`bench: installing peer ${name} into ${dir} (once; later runs reuse it)…\n`);
  const { code, log } = await npmCi(dir, env, join(dir, 'install.log'));
  if (code !== 0) {
    const tail = log.trim().split('\n').slice(-3).join(' | ');
    return { skipped: `npm ci of bench/peers/${name} failed (${code}): ${tail.slice(0, 300)}; log ${join(dir, 'install.log')}` };
  }
  writeFileSync(stamp, `${hash}\n`);
  return { dir };
}

/**
 * This process's environment with `env` added, less what an outer `npm run` exported about
 * itself: npm reads `npm_config_*` variables as its own settings, so an inherited
 * `npm_config_user_agent` ("npm/… node/v20…") would make the inner npm report the outer
 * Node to install scripts (code-server's postinstall reads the Node major from it and refuses
 * anything but 24).
 */
export function npmEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const k of ['npm_config_user_agent', 'npm_node_execpath', 'npm_execpath', 'NODE']) if (!(k in env)) delete out[k];
  return out;
}

/**
 * `npm ci` in `dir` with `env` added to this process's (see {@link npmEnv}), its output's last 200 chunks kept and
 * written to `logFile`; killed after {@link INSTALL_TIMEOUT_MS}. Never throws.
 * @returns npm's exit code (0: installed), or a signal or spawn error in words; and the kept output
 */
export async function npmCi(dir: string, env: Record<string, string>, logFile: string): Promise<{ code: number | string; log: string }> {
  const log: string[] = [];
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: npmEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => {
      log.push(b.toString());
      if (log.length > 200) log.splice(0, log.length - 200);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    child.on('error', (err) => resolve(err.message));
    child.on('exit', (c, sig) => {
      clearTimeout(timer);
      resolve(c ?? `signal ${sig}`);
    });
  });
  writeFileSync(logFile, log.join(''));
  return { code, log: log.join('') };
}
