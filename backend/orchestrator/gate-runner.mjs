#!/usr/bin/env node
// The quality gate's runner, started by the orchestrator in a visible PTY session:
//
//   node gate-runner.mjs <result.json> <argv0> [args…]
//
// Runs the project's test command (an argv, never through a shell) in the current folder,
// shows its output live, keeps the last 64 KB of it, and writes
// { exitCode, signal, durationMs, output, error } to <result.json>. Always exits 0 itself, so
// a failing test suite never counts against any agent's circuit breaker.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [resultFile, ...argv] = process.argv.slice(2);
const KEEP = 64 * 1024;
let tail = '';
const keep = (chunk) => {
  tail = (tail + chunk.toString('utf8')).slice(-KEEP);
};
const started = Date.now();
process.stdout.write(`\x1b[1m$ ${argv.join(' ')}\x1b[0m\r\n`);

function finish(result) {
  const durationMs = Date.now() - started;
  writeFileSync(resultFile, JSON.stringify({ ...result, durationMs, output: tail }));
  const verdict = result.exitCode === 0 ? '\x1b[32mpassed\x1b[0m' : '\x1b[31mfailed\x1b[0m';
  process.stdout.write(`\r\n[quality gate] ${verdict} (exit ${result.exitCode ?? result.signal ?? '?'}) in ${(durationMs / 1000).toFixed(1)} s\r\n`);
  process.exit(0);
}

let child;
try {
  child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: process.env.CI ?? '1' } });
} catch (err) {
  tail = String(err?.message ?? err);
  finish({ exitCode: 127, signal: null, error: tail });
}
child.stdout.on('data', (c) => {
  keep(c);
  process.stdout.write(c);
});
child.stderr.on('data', (c) => {
  keep(c);
  process.stdout.write(c);
});
child.on('error', (err) => {
  keep(Buffer.from(`${err.message}\n`));
  finish({ exitCode: 127, signal: null, error: err.message });
});
child.on('close', (code, signal) => finish({ exitCode: code, signal, error: null }));
