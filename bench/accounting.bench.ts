/**
 * Benchmark of the accounting room: following a 50 MB Claude Code transcript.
 *
 *   npx tsx bench/accounting.bench.ts     prints the figures as JSON
 *
 * A transcript of realistic lines (user prompts and tool results of 1–16 KB, assistant
 * lines carrying `usage`, each message written as two lines as Claude Code does) is written
 * in 1 MB appends; after each append the reader polls. Figures:
 * - incremental read time over the whole file, as a ratio to reading the same bytes raw
 *   (readSync in 1 MiB chunks, counting newlines) in the same run, and in ms (goal < 1000);
 * - a cold read of the whole file at once, same ratio;
 * - heap growth while following (goal: bounded, < 32 MB, whatever the file size).
 * Timings on a shared machine are noisy: the ratio is the figure to compare.
 */
import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { UsageFileReader } from '../backend/accounting/usage-file-reader.js';
import type { Figure } from './harness/figures.js';

const TARGET_BYTES = Number(process.env['BENCH_ACCOUNTING_MB'] ?? 50) * 1_000_000;
const APPEND_BYTES = 1_000_000;
const MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001'];

/** A deterministic pseudo-random generator (mulberry32), so every run writes the same file. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* transcriptLines(): Generator<string> {
  const rand = rng(42);
  const words = 'the orders table gets a price column with a default migration test passes fails const function return import export'.split(' ');
  const text = (bytes: number) => {
    let s = '';
    while (s.length < bytes) s += words[Math.floor(rand() * words.length)] + ' ';
    return s;
  };
  for (let i = 0; ; i++) {
    const at = new Date(Date.UTC(2025, 10, 18) + i * 1000).toISOString();
    yield JSON.stringify({ parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/dev/shop', sessionId: 'bench', version: '2.0.30', type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: text(1000 + Math.floor(rand() * 15000)) }] }, uuid: `u${i}`, timestamp: at });
    const usage = { input_tokens: 1 + Math.floor(rand() * 50), cache_creation_input_tokens: Math.floor(rand() * 5000), cache_read_input_tokens: Math.floor(rand() * 50000), output_tokens: Math.floor(rand() * 2000), service_tier: 'standard' };
    const message = { id: `msg_${i}`, type: 'message', role: 'assistant', model: MODELS[i % 3], usage };
    for (const content of [[{ type: 'text', text: text(200 + Math.floor(rand() * 800)) }], [{ type: 'tool_use', id: `toolu_${i + 1}`, name: 'Read', input: { file_path: '/home/dev/shop/x.ts' } }]]) {
      yield JSON.stringify({ parentUuid: `u${i}`, isSidechain: false, userType: 'external', cwd: '/home/dev/shop', sessionId: 'bench', version: '2.0.30', message: { ...message, content }, requestId: `req_${i}`, type: 'assistant', uuid: `a${i}`, timestamp: at });
    }
  }
}

/** Reads the file raw in 1 MiB chunks, counting newlines: the floor any reader pays. */
function rawRead(file: string): number {
  const buf = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(file, 'r');
  let lines = 0;
  try {
    let pos = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

const ms = (t0: number) => performance.now() - t0;
/** A full garbage collection, so heap figures count what is retained, not garbage. */
function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Runs the benchmark; returns its figures. */
export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cortex-bench-accounting-'));
  try {
    const file = join(dir, 'transcript.jsonl');
    const lines = transcriptLines();
    const reader = new UsageFileReader(file, 'claude-transcript');
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    let heapMax = heap0;
    let pollMs = 0;
    let written = 0;
    let pending = '';
    while (written < TARGET_BYTES) {
      while (pending.length < APPEND_BYTES) pending += lines.next().value + '\n';
      // Cut mid-line, as an agent's write can be: the reader must hold the tail.
      const chunk = pending.slice(0, APPEND_BYTES);
      pending = pending.slice(APPEND_BYTES);
      appendFileSync(file, chunk);
      written += Buffer.byteLength(chunk);
      const t0 = performance.now();
      reader.poll();
      pollMs += ms(t0);
      if (written % (10 * APPEND_BYTES) === 0) {
        gc();
        heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
      }
    }
    const bytes = statSync(file).size;
    const rawRuns: number[] = [];
    let rawLines = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      rawLines = rawRead(file);
      rawRuns.push(ms(t0));
    }
    const rawMs = [...rawRuns].sort((a, b) => a - b)[1]!;
    const coldRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const cold = new UsageFileReader(file, 'claude-transcript');
      const t0 = performance.now();
      cold.poll();
      coldRuns.push(ms(t0));
    }
    const coldMs = [...coldRuns].sort((a, b) => a - b)[1]!;
    const heapGrowthMB = (heapMax - heap0) / 1e6;
    const mb = bytes / 1e6;
    return [
      { id: 'accounting.incremental.ms', name: `follow a ${mb.toFixed(0)} MB transcript in 1 MB appends (sum of polls)`, value: r3(pollMs), unit: 'ms', goal: '< 1000', pass: pollMs < 1000, note: `${reader.totals.records} usage records of ${rawLines} lines` },
      { id: 'accounting.incremental.ratio', name: 'incremental read ÷ raw chunked read of the same bytes', value: r3(pollMs / rawMs), unit: '×', note: `raw ${r3(rawMs)} ms (median of 3)` },
      { id: 'accounting.cold.ratio', name: 'whole file in one poll ÷ raw chunked read', value: r3(coldMs / rawMs), unit: '×', note: `${r3(coldMs)} ms (median of 3)` },
      { id: 'accounting.heap.mb', name: 'heap retained while following (after GC; one chunk, one pending line, de-duplication keys)', value: r3(heapGrowthMB), unit: 'MB', goal: '< 32', pass: heapGrowthMB < 32 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
