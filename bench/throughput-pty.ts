import { spawn } from 'node-pty';
import type { Figure } from './harness/figures.js';
import { mbPerSecond, withTimeout } from './harness/stats.js';
import { TEXT_COLUMNS, type BenchText } from './harness/text-file.js';

/** Rows of the PTY (irrelevant to throughput; a common terminal height). */
const PTY_ROWS = 40;
/** Longest a run may take before the bench calls it broken, ms. */
const TIMEOUT_MS = 180_000;

/**
 * (a) node-pty reading alone: `cat <file> -` on a PTY of {@link TEXT_COLUMNS} columns,
 * counting chars in the data callback until every char of the file has arrived. No
 * batching, mirror or transport: the ceiling of any path through node-pty.
 * The trailing `-` keeps cat alive reading the terminal after the file, because node-pty
 * may report an exit before the last few KB were read (seen here: ~10 KB of 100 MB lost),
 * which would make "until exit" end early and short. About 70 MB/s was measured here.
 * MB/s are of the file's bytes (10^6 B/s).
 */
export async function benchPtyAlone(text: BenchText): Promise<{ figure: Figure; mbps: number }> {
  let chars = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  const t0 = performance.now();
  const pty = spawn('cat', [text.file, '-'], { name: 'xterm-256color', cols: TEXT_COLUMNS, rows: PTY_ROWS, cwd: text.dir, env: process.env as Record<string, string> });
  pty.onData((d) => {
    chars += d.length;
    if (chars >= text.ptyChars) finish();
  });
  try {
    await withTimeout(done, TIMEOUT_MS, `(a) ${text.ptyChars} chars from cat on a PTY (got ${chars})`);
  } finally {
    pty.kill();
  }
  const ms = performance.now() - t0;
  const mbps = mbPerSecond(text.bytes, ms);
  return {
    mbps,
    figure: {
      id: 'a.pty',
      name: '(a) node-pty alone: cat → PTY → data callback',
      value: mbps,
      unit: 'MB/s',
      pass: null,
      note: `${(ms / 1000).toFixed(2)} s for ${text.ptyChars} chars`,
    },
  };
}
