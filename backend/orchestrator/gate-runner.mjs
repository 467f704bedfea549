#!/usr/bin/env node
// The quality gate's runner, started by the orchestrator in a visible PTY session:
//
//   node gate-runner.mjs <plan.json>
//
// plan.json: { resultFile, verdictFile, checks: [{ kind, tool, argv, cwd, missing }] }.
// Runs each check's argv (never through a shell) in its folder, one after the other, showing
// its output live and keeping the last 64 KB of it; a check whose tool is missing is shown as
// skipped with the reason. Writes { checks: [{ exitCode, signal, durationMs, output, error }
// | null] } to resultFile (null: skipped), then waits for the orchestrator's verdict in
// verdictFile (it scores the checks) and prints it, so the console ends with the gate's
// verdict rather than a process's exit code. Always exits 0 itself: a failing gate never
// counts against any agent's circuit breaker.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const KEEP = 64 * 1024;
/** How long the runner waits for the verdict (ms) before it ends without one. */
const VERDICT_WAIT_MS = 30_000;
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// Inside the desktop app the runner is the app's binary run as Node (ELECTRON_RUN_AS_NODE=1):
// the checks it starts must not inherit that, or an Electron program under test runs as Node.
const { ELECTRON_RUN_AS_NODE: _runAsNode, ...checkEnv } = process.env;
const out = (s) => process.stdout.write(s.replace(/\r?\n/g, '\r\n'));

function runOne(check) {
  return new Promise((resolve) => {
    const started = Date.now();
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk.toString('utf8')).slice(-KEEP);
    };
    let settled = false;
    const done = (r) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, durationMs: Date.now() - started, output: tail });
    };
    let child;
    try {
      child = spawn(check.argv[0], check.argv.slice(1), { cwd: check.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...checkEnv, CI: process.env.CI ?? '1', FORCE_COLOR: '0' } });
    } catch (err) {
      done({ exitCode: null, signal: null, error: String(err?.message ?? err) });
      return;
    }
    const show = (c) => {
      keep(c);
      out(c.toString('utf8'));
    };
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    child.on('error', (err) => done({ exitCode: null, signal: null, error: err.message }));
    child.on('close', (code, signal) => done({ exitCode: code, signal, error: null }));
  });
}

const results = [];
for (const check of plan.checks) {
  out(`\x1b[1m── ${check.kind}: ${check.command}\x1b[0m\n`);
  if (check.missing) {
    out(`\x1b[33mskipped\x1b[0m: ${check.missing}\n\n`);
    results.push(null);
    continue;
  }
  const r = await runOne(check);
  const mark = r.error ? `\x1b[33mcould not start\x1b[0m: ${r.error}` : r.exitCode === 0 ? '\x1b[32mexit 0\x1b[0m' : `\x1b[31mexit ${r.exitCode ?? r.signal}\x1b[0m`;
  out(`${mark} in ${(r.durationMs / 1000).toFixed(1)} s\n\n`);
  results.push(r);
}
if (plan.checks.length === 0) out('No check found for this project.\n');
writeFileSync(plan.resultFile + '.tmp', JSON.stringify({ checks: results }));
renameSync(plan.resultFile + '.tmp', plan.resultFile);

const deadline = Date.now() + VERDICT_WAIT_MS;
while (!existsSync(plan.verdictFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
if (existsSync(plan.verdictFile)) out(readFileSync(plan.verdictFile, 'utf8'));
else out('[quality gate] no verdict came back (the app stopped?)\n');
process.exit(0);
