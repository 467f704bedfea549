import { randomBytes } from 'node:crypto';
import type { BenchProfile } from './backend-process.js';

/** Profile ids the benchmarks start (custom profiles in the temp data dir). */
export const PROFILE = {
  /** Waits for one line of input, then cats the file, prints the sentinel and idles. */
  gatedCat: 'bench-gated-cat',
  /** Cats the file again and again, forever. */
  flood: 'bench-flood',
  /** bash without rc files, prompt "$ ": a line editor that echoes each key. */
  bash: 'bench-bash',
  /** Prints the first N lines of the file, then idles. */
  lines: 'bench-lines',
} as const;

/** Seconds an idling bench program sleeps (sessions are killed long before). */
const IDLE_SECONDS = 86_400;

/** A unique end-of-output marker (never part of the text, so seeing it means all came before). */
export function makeSentinel(): string {
  return `BENCH-END-${randomBytes(6).toString('hex')}`;
}

/**
 * The custom profiles of a bench run. Why profiles rather than the `shell` profile with a
 * typed command: the program's first byte is the file's (no prompt, no echo of a typed
 * command line to tell apart), and the argv is fixed data, as a user's custom agent is.
 * `gatedCat` waits for Enter so a client can attach before the first byte, and stays
 * alive after the file (node-pty may drop the last KB when a child exits while paused:
 * see PAUSED_EXIT_CHECK_MS in backend/pty/constants.ts).
 * @param file the bench text (lines ending "\n")
 * @param sentinel printed on a line of its own after the file
 * @param idleLines lines `lines` prints before idling
 */
export function benchProfiles(file: string, sentinel: string, idleLines: number): BenchProfile[] {
  const sh = (id: string, script: string, args: string[]): BenchProfile => ({
    id,
    name: id,
    command: '/bin/sh',
    args: ['-c', script, id, ...args],
  });
  return [
    sh(PROFILE.gatedCat, `IFS= read -r _go; cat "$1"; printf '%s\\n' "$2"; exec sleep ${IDLE_SECONDS}`, [file, sentinel]),
    sh(PROFILE.flood, 'while :; do cat "$1"; done', [file]),
    sh(PROFILE.lines, `head -n "$2" "$1"; exec sleep ${IDLE_SECONDS}`, [file, String(idleLines)]),
    { id: PROFILE.bash, name: PROFILE.bash, command: '/bin/bash', args: ['--norc', '--noprofile', '-i'], env: { PS1: '$ ' } },
  ];
}
