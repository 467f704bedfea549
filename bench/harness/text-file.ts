import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Columns of the benchmark text: each line is this many printable chars plus "\n". */
export const TEXT_COLUMNS = 120;
/** Printable chars per line (one column is left for the cursor after the last char). */
export const LINE_CHARS = TEXT_COLUMNS - 1;
/** Bytes per line in the file: the printable chars plus "\n". */
export const LINE_BYTES = LINE_CHARS + 1;
/** Chars per line a PTY delivers: with `onlcr` (the default) "\n" becomes "\r\n". */
export const PTY_LINE_CHARS = LINE_CHARS + 2;
/** Width of the zero-padded line number at the start of each line. */
const NUMBER_WIDTH = 9;
/** Lines generated per write to disk. */
const LINES_PER_WRITE = 8192;
/** Bytes in one MB, as used in every MB/s figure of the bench (10^6, as `dd` counts). */
export const MB = 1_000_000;

/** The generated text: the plain file and the same lines with "\r\n" (what a PTY emits). */
export interface BenchText {
  dir: string;
  /** Lines ending in "\n": what the programs in the PTY cat. */
  file: string;
  /** Lines ending in "\r\n": what xterm.js receives from a PTY, for the no-backend browser run. */
  crlfFile: string;
  lines: number;
  /** Size of `file` in bytes: the figure every MB/s is computed from. */
  bytes: number;
  /** Chars a PTY delivers for `file` (each "\n" becomes "\r\n"). */
  ptyChars: number;
  cleanup(): void;
}

/**
 * Line `i` (1-based): a zero-padded number, then varied printable ASCII with spaces,
 * exactly {@link LINE_CHARS} chars. Numbers make each line unique (screen checks use them).
 */
export function benchLine(i: number): string {
  const head = String(i).padStart(NUMBER_WIDTH, '0') + ' ';
  const alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:-_=+()[]{}<>/\\|!?@#$%^&*~ ';
  const start = i % alphabet.length;
  let body = '';
  while (body.length < LINE_CHARS - head.length) body += alphabet.slice(start) + alphabet.slice(0, start);
  return head + body.slice(0, LINE_CHARS - head.length);
}

/**
 * Writes about `megabytes` MB (10^6 bytes) of 120-column text to a new temp directory,
 * in both line-ending forms. Lines are whole, so the size is rounded down to a line.
 */
export function generateBenchText(megabytes: number): BenchText {
  const dir = mkdtempSync(join(tmpdir(), 'cortex-bench-'));
  const file = join(dir, 'text-120.txt');
  const crlfFile = join(dir, 'text-120.crlf.txt');
  const lines = Math.max(1, Math.floor((megabytes * MB) / LINE_BYTES));
  const lf = openSync(file, 'w');
  const crlf = openSync(crlfFile, 'w');
  try {
    for (let first = 1; first <= lines; first += LINES_PER_WRITE) {
      const last = Math.min(lines, first + LINES_PER_WRITE - 1);
      const block: string[] = [];
      for (let i = first; i <= last; i++) block.push(benchLine(i));
      writeSync(lf, block.join('\n') + '\n');
      writeSync(crlf, block.join('\r\n') + '\r\n');
    }
    // Flush to disk now: dirty pages written back during a measurement would slow it.
    fsyncSync(lf);
    fsyncSync(crlf);
  } finally {
    closeSync(lf);
    closeSync(crlf);
  }
  return {
    dir,
    file,
    crlfFile,
    lines,
    bytes: lines * LINE_BYTES,
    ptyChars: lines * PTY_LINE_CHARS,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
