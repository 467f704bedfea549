import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { answerTerminalQueries, builtin, pause, watch, type Watched } from '../../test/support/status-harness.js';
import type { AgentState } from './status-types.js';

// The real agent CLIs from the npm registry (test/agents/package.json, exact versions),
// installed into .cache/agents, run offline on their first start: a fresh HOME, no API keys.
// Each test asserts the state a person would need to read: the first screen, the screen
// after the keys a person would press, the exit code. With STATUS_RECORD=1 the screens are
// written as fixtures under test/fixtures/status/<cli>@<version>/ (never over an existing one).

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, '.cache', 'agents', 'node_modules', '.bin');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'status');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'test', 'agents', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const DEBOUNCE_MS = 800;

let installError: string | null = null;
const open: Watched[] = [];
const temp = [tempDir('cortex-agent-home-'), tempDir('cortex-agent-home-'), tempDir('cortex-agent-home-'), tempDir('cortex-agent-proj-'), tempDir('cortex-agent-proj-'), tempDir('cortex-agent-proj-')];

beforeAll(() => {
  // Idempotent: returns at once when the pinned versions are installed.
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'install-test-agents.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  const err = join(ROOT, '.cache', 'agents', 'install-error.txt');
  if (r.status !== 0) installError = `install script failed: ${r.stderr || r.error?.message}`;
  else if (existsSync(err)) installError = readFileSync(err, 'utf8');
}, 900_000);

afterAll(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
  for (const t of temp) t.cleanup();
});

/** The environment of a new user at a terminal: this one's, minus every API key and CI marker, with an empty HOME. */
function freshEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home };
  for (const k of Object.keys(env)) if (/API_KEY|_TOKEN$|^GOOGLE_|^GEMINI_|^OPENAI_|^ANTHROPIC_|^CODEX_|^CLAUDE_/.test(k)) delete env[k];
  // A person's terminal is no CI job: with CI set (as CI runs the tests), Gemini CLI skips its
  // dialogs and exits asking for an auth method.
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS', 'BUILD_NUMBER', 'RUN_ID']) delete env[k];
  return env;
}

function binary(name: string): string | null {
  const p = join(BIN, name);
  return existsSync(p) ? p : null;
}

/** Writes the current screen as a fixture with a person's label, unless that fixture exists. */
async function record(w: Watched, cli: string, name: string, label: { state: AgentState; ask?: string; note: string }): Promise<void> {
  if (process.env['STATUS_RECORD'] !== '1') return;
  const version = MANIFEST.dependencies[cli]!;
  const dir = join(FIXTURES, `${cli.replace(/^@/, '').replace('/', '__')}@${version}`);
  const file = join(dir, `${name}.json`);
  if (existsSync(file)) return;
  mkdirSync(dir, { recursive: true });
  const serialized = await w.pty.mirror.snapshot(0);
  const screen = w.pty.mirror.screenSource().read();
  writeFileSync(file, JSON.stringify({ cli, version, profile: cli.includes('gemini') ? 'gemini' : cli.includes('codex') ? 'codex' : 'claude', label, screen, serialized: serialized.data }, null, 1) + '\n');
}

function start(id: 'gemini' | 'codex' | 'claude', home: string, cwd: string): Watched {
  const w = watch([join(BIN, id)], builtin(id), { baseEnv: freshEnv(home), cwd, idleDebounceMs: DEBOUNCE_MS, cols: 100, rows: 30 });
  answerTerminalQueries(w.pty);
  open.push(w);
  return w;
}

describe('real agent CLIs, offline first run', () => {
  it('Gemini CLI: the folder-trust dialog is waiting; trusting it leads to waiting for authentication; Ctrl+C exits', async (ctx) => {
    if (installError || !binary('gemini')) ctx.skip(`@google/gemini-cli is not installed: ${installError ?? 'no binary in .cache/agents'}`);
    const w = start('gemini', temp[0]!.dir, temp[3]!.dir);
    // Its first start on a fresh machine can take a minute (it loads and compiles a large bundle).
    const trust = await waitForEvent(w, 0, (e) => e.state === 'waiting' && /trust the files in this folder/i.test(e.ask ?? ''), 120_000);
    expect(trust.source).toBe('screen');
    await pause(DEBOUNCE_MS * 2);
    // Once drawn whole: the three options, the question as what is asked.
    expect(w.detector.status).toMatchObject({ state: 'waiting', ask: 'Do you trust the files in this folder?', reason: expect.stringMatching(/choice menu, 3 options/) });
    await record(w, '@google/gemini-cli', 'trust-dialog', { state: 'waiting', ask: 'Do you trust the files in this folder?', note: 'first run: folder trust menu, option 1 highlighted by ●' });
    // A person trusts the folder (Enter on the highlighted option); Gemini restarts and waits for a sign-in.
    const from = w.events.length;
    w.type('\r');
    const auth = await waitForEvent(w, from, (e) => e.state === 'waiting' && /authenticat|sign in|log in/i.test(e.ask ?? ''), 90_000);
    expect(auth.ask).toMatch(/How would you like to authenticate/i);
    const exited = await quitWithCtrlC(w);
    expect(exited.exitCode).toEqual(expect.any(Number));
  }, 300_000);

  it('Codex CLI: blank until the first key, then the sign-in menu is waiting; Ctrl+C exits', async (ctx) => {
    if (installError || !binary('codex')) ctx.skip(`@openai/codex is not installed: ${installError ?? 'no binary in .cache/agents'}`);
    const w = start('codex', temp[1]!.dir, temp[4]!.dir);
    await pause(8000);
    const first = w.pty.mirror.screenSource().read();
    if (first.lines.every((l) => l.trim() === '')) {
      // Codex 0.171 offline keeps a blank alternate screen until it reads a key: nothing shown is still starting.
      expect(w.detector.status.state).toBe('starting');
      w.type('\r');
    }
    const menu = await waitForEvent(w, 0, (e) => e.state === 'waiting' && /Choose how you want to use Codex/.test(e.ask ?? ''), 60_000);
    expect(menu.reason).toMatch(/choice menu, 3 options|press Enter/);
    await pause(DEBOUNCE_MS * 2);
    expect(w.detector.status.state).toBe('waiting');
    await record(w, '@openai/codex', 'sign-in-menu', { state: 'waiting', ask: 'Choose how you want to use Codex.', note: 'first run: sign-in menu, "> 1. Sign in with ChatGPT" highlighted' });
    // A person picks "Sign in another way" (Down, Down, Enter).
    const from = w.events.length;
    w.type('\x1b[B');
    await pause(300);
    w.type('\x1b[B');
    await pause(300);
    w.type('\r');
    await pause(DEBOUNCE_MS * 3);
    const after = w.detector.status;
    expect(after.state, JSON.stringify(w.events.slice(from))).toBe('waiting');
    await record(w, '@openai/codex', 'sign-in-other', { state: 'waiting', ask: after.ask ?? undefined, note: 'after choosing "Sign in another way"' });
    const exited = await quitWithCtrlC(w);
    expect(exited.exitCode).toEqual(expect.any(Number));
  }, 300_000);

  it('Claude Code: offline it shows why it cannot start (waiting for a person to read it) and exits with code 1', async (ctx) => {
    if (installError || !binary('claude')) ctx.skip(`@anthropic-ai/claude-code is not installed: ${installError ?? 'no binary in .cache/agents'}`);
    const w = start('claude', temp[2]!.dir, temp[5]!.dir);
    const exited = await w.until('exited', 60_000);
    const text = w.pty.mirror.screenSource().read().lines.join('\n');
    expect(text).toMatch(/Unable to connect to Anthropic services/);
    expect(exited.exitCode).toBe(1);
    await record(w, '@anthropic-ai/claude-code', 'offline-error', { state: 'waiting', note: 'offline first run: "Unable to connect to Anthropic services"; the program then exits 1' });
  }, 120_000);
});

/**
 * Presses Ctrl+C as a person quitting would. These CLIs want a second Ctrl+C within a moment,
 * and a busy machine can let that moment pass, so it is pressed every second until the
 * program has gone (60 s at most). @returns the `exited` event
 */
async function quitWithCtrlC(w: Watched): Promise<Watched['events'][number]> {
  const again = setInterval(() => {
    if (!w.pty.process.exit) w.type('\x03');
  }, 1_000);
  w.type('\x03');
  try {
    return await w.until('exited', 60_000);
  } finally {
    clearInterval(again);
  }
}

function waitForEvent(w: Watched, from: number, pred: (e: Watched['events'][number]) => boolean, timeoutMs: number): Promise<Watched['events'][number]> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const hit = w.events.slice(from).find(pred);
      if (hit) return resolve(hit);
      if (Date.now() - t0 > timeoutMs) {
        return reject(new Error(`no matching event in ${timeoutMs} ms: ${JSON.stringify(w.events.map((e) => [e.state, e.reason, e.ask]))}\n${w.pty.mirror.screenSource().read().lines.join('\n')}`));
      }
      setTimeout(tick, 100);
    };
    tick();
  });
}
