import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The newest Codex rollout file for a session launched at `since` (ms) in folder `cwd`:
 * looks in `<codexHome>/sessions/YYYY/MM/DD/` for the launch's UTC and local days, keeps
 * `rollout-*.jsonl` files modified at or after `since` whose first line (`session_meta`)
 * names `cwd` (or `sessionId`, when given), and returns the most recently modified, or null.
 * Never throws: unreadable folders and files are skipped.
 */
export function findCodexRollout(codexHome: string, since: number, cwd: string, sessionId?: string): string | null {
  const days = new Set<string>();
  for (const t of [since, Date.now()]) {
    const d = new Date(t);
    days.add(join(String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())));
    days.add(join(String(d.getFullYear()), pad(d.getMonth() + 1), pad(d.getDate())));
  }
  let best: { file: string; mtime: number } | null = null;
  for (const day of days) {
    const dir = join(codexHome, 'sessions', day);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith('rollout-') || !name.endsWith('.jsonl')) continue;
      const file = join(dir, name);
      try {
        const mtime = statSync(file).mtimeMs;
        if (mtime < since || (best && mtime <= best.mtime)) continue;
        const meta = firstLine(file);
        const payload = (JSON.parse(meta) as { type?: string; payload?: { id?: string; cwd?: string } }).payload;
        if (sessionId ? payload?.id === sessionId : payload?.cwd === cwd) best = { file, mtime };
      } catch {
        /* not a rollout we can read */
      }
    }
  }
  return best?.file ?? null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The first line of a file (up to 64 KiB). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.indexOf(0x0a);
    return buf.toString('utf8', 0, nl >= 0 && nl < n ? nl : n);
  } finally {
    closeSync(fd);
  }
}
