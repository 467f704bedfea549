import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killProcessesWithHome, tempDir } from '../../test/support/temp.js';
import { answerTerminalQueries, builtin, pause, watch, type Watched } from '../../test/support/status-harness.js';
import type { AgentState } from './status-types.js';

// The real agent CLIs from the npm registry (test/agents/package.json, exact versions),
// installed into .cache/agents, run offline on their first start: a fresh HOME, no API keys.
// Each test asserts the state a person would need to read: the first screen, the screen
// after the keys a person would press, the exit code. With STATUS_RECORD=1 the screens are
// written as fixtures under test/fixtures/status/<cli>@<version>/ (never over an existing one).

const ROOT = join(import.meta.dirname, '..', '..');
const MODULES = join(ROOT, '.cache', 'agents', 'node_modules');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'status');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'test', 'agents', 'package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string> };
const DEBOUNCE_MS = 800;

let installError: string | null = null;
const open: Watched[] = [];
const temp: ReturnType<typeof tempDir>[] = [];

/** The built-in profile each CLI runs under, and its binary in .cache/agents/node_modules. */
const CLIS = {
  gemini: { pkg: '@google/gemini-cli', bin: '.bin/gemini' },
  codex: { pkg: '@openai/codex', bin: '.bin/codex' },
  claude: { pkg: '@anthropic-ai/claude-code', bin: '.bin/claude' },
  copilot: { pkg: '@github/copilot', bin: '.bin/copilot' },
  // The platform package alone (an optional dependency of the manifest: linux x64): opencode-ai's
  // wrapper lists a binary package per platform, which a registry mirror may not all hold.
  opencode: { pkg: 'opencode-linux-x64', bin: 'opencode-linux-x64/bin/opencode' },
} as const;
type CliId = keyof typeof CLIS;

beforeAll(() => {
  // Idempotent: returns at once when the pinned versions are installed.
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'install-test-agents.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  const err = join(ROOT, '.cache', 'agents', 'install-error.txt');
  if (r.status !== 0) installError = `install script failed: ${r.stderr || r.error?.message}`;
  else if (existsSync(err)) installError = readFileSync(err, 'utf8');
}, 900_000);

afterAll(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
  // What the CLIs left running (daemons that detach from the session's process group) would
  // outlive the run and hold a deleted HOME.
  killProcessesWithHome(temp.map((t) => t.dir));
  for (const t of temp) t.cleanup();
});

/** The environment of a new user at a terminal: this one's, minus every API key and CI marker, with an empty HOME. */
function freshEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home };
  for (const k of Object.keys(env)) if (/API_KEY|_TOKEN$|^GOOGLE_|^GEMINI_|^OPENAI_|^ANTHROPIC_|^CODEX_|^CLAUDE_|^COPILOT_|^GH_|^GITHUB_|^OPENCODE_/.test(k)) delete env[k];
  // A person's terminal is no CI job: with CI set (as CI runs the tests), Gemini CLI skips its
  // dialogs and exits asking for an auth method.
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS', 'BUILD_NUMBER', 'RUN_ID']) delete env[k];
  return env;
}

function binary(id: CliId): string | null {
  const p = join(MODULES, CLIS[id].bin);
  return existsSync(p) ? p : null;
}

/** Skips the test, saying why, when the CLI `id` is not installed. */
function need(id: CliId, ctx: { skip: (note: string) => void }): void {
  if (installError || !binary(id)) ctx.skip(`${CLIS[id].pkg} is not installed: ${installError ?? 'no binary in .cache/agents'}`);
}

/** A person's reading of one screen: what the program is doing and, when it asks something, the line that asks. */
interface Label {
  state: AgentState;
  ask?: string;
  note: string;
}

/**
 * Writes the current screen as a fixture with a person's label, unless that fixture exists
 * (`<name>.json`, or `<name>-<cols>x<rows>.json` at a size other than 100×30).
 */
async function record(w: Watched, id: CliId, name: string, label: Label): Promise<void> {
  if (process.env['STATUS_RECORD'] !== '1') return;
  const cli = CLIS[id].pkg;
  const version = MANIFEST.dependencies[cli] ?? MANIFEST.optionalDependencies?.[cli];
  if (!version) throw new Error(`${cli} is not in test/agents/package.json`);
  const dir = join(FIXTURES, `${cli.replace(/^@/, '').replace('/', '__')}@${version}`);
  const [cols, rows] = SIZES.get(w) ?? [100, 30];
  const file = join(dir, `${name}${cols === 100 && rows === 30 ? '' : `-${cols}x${rows}`}.json`);
  if (existsSync(file)) return;
  mkdirSync(dir, { recursive: true });
  const serialized = await w.pty.mirror.snapshot(0);
  const screen = w.pty.mirror.screenSource().read();
  writeFileSync(file, JSON.stringify({ cli, version, profile: id, label, screen, serialized: serialized.data }, null, 1) + '\n');
}

const SIZES = new WeakMap<Watched, [number, number]>();

function start(id: CliId, size: [number, number] = [100, 30]): Watched {
  const home = tempDir('cortex-agent-home-');
  const proj = tempDir('cortex-agent-proj-');
  temp.push(home, proj);
  const w = watch([join(MODULES, CLIS[id].bin)], builtin(id), { baseEnv: freshEnv(home.dir), cwd: proj.dir, idleDebounceMs: DEBOUNCE_MS, cols: size[0], rows: size[1] });
  SIZES.set(w, size);
  answerTerminalQueries(w.pty);
  open.push(w);
  return w;
}

/** The visible screen as text. */
function text(w: Watched): string {
  return w.pty.mirror.screenSource().read().lines.join('\n');
}

/**
 * Waits until the screen shows `shows` (≤ `timeoutMs`), then lets it stand still for the
 * debounce (twice over) as a person would look at it, and checks it still shows it.
 * @throws Error with the screen and the events when it does not appear
 */
async function screen(w: Watched, shows: RegExp, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!shows.test(text(w))) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`no screen showing ${shows} in ${timeoutMs} ms: ${JSON.stringify(w.events.map((e) => [e.state, e.reason, e.ask]))}\n${text(w)}`);
    await pause(200);
  }
  await pause(DEBOUNCE_MS * 2.5);
  expect(text(w)).toMatch(shows);
}

/**
 * One screen of a walk: waits for it, checks the live state a person would need (their label's;
 * on an animated screen, where a spinner turns while the program waits for the person, at
 * least not idle) and records it.
 */
async function step(w: Watched, id: CliId, name: string, shows: RegExp, label: Label, opts: { animated?: boolean; timeoutMs?: number } = {}): Promise<void> {
  await screen(w, shows, opts.timeoutMs);
  const now = w.detector.status;
  if (label.state !== 'idle') expect(now.state, JSON.stringify(now)).not.toBe('idle');
  if (!opts.animated) expect(now.state, JSON.stringify(now)).toBe(label.state);
  await record(w, id, name, label);
}

/** Types `keys` one at a time, as a person presses them, 300 ms apart. */
async function press(w: Watched, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    w.type(k);
    await pause(300);
  }
}

const DOWN = '\x1b[B';
const UP = '\x1b[A';
const ESC = '\x1b';

describe('real agent CLIs, offline first run', () => {
  it('Gemini CLI: the folder-trust dialog, then the auth-method menu and its API-key dialog are waiting; Ctrl+C exits', async (ctx) => {
    need('gemini', ctx);
    const w = start('gemini');
    // Its first start on a fresh machine can take a minute (it loads and compiles a large bundle).
    const trust = await waitForEvent(w, 0, (e) => e.state === 'waiting' && /trust the files in this folder/i.test(e.ask ?? ''), 120_000);
    expect(trust.source).toBe('screen');
    await pause(DEBOUNCE_MS * 2);
    // Once drawn whole: the three options, the question as what is asked.
    expect(w.detector.status).toMatchObject({ state: 'waiting', ask: 'Do you trust the files in this folder?', reason: expect.stringMatching(/choice menu, 3 options/) });
    await record(w, 'gemini', 'trust-dialog', { state: 'waiting', ask: 'Do you trust the files in this folder?', note: 'first run: folder trust menu, option 1 highlighted by ●' });
    // A person trusts the folder (Enter on the highlighted option); Gemini restarts and asks how to sign in.
    const from = w.events.length;
    w.type('\r');
    // It may first show "Waiting for authentication..." for a moment, then the auth-method menu.
    await waitForEvent(w, from, (e) => e.state === 'waiting' && /How would you like to authenticate/i.test(e.ask ?? ''), 90_000);
    await step(w, 'gemini', 'auth-menu', /How would you like to authenticate[\s\S]*Sign in with Google/, { state: 'waiting', ask: 'How would you like to authenticate for this project?', note: 'after trusting the folder: auth-method menu, "● 1. Sign in with Google" highlighted' });
    // "Use Gemini API Key": a dialog with an empty key field.
    await press(w, DOWN, '\r');
    await step(w, 'gemini', 'api-key-dialog', /Paste your API key here/, { state: 'waiting', ask: 'Enter Gemini API Key', note: 'auth menu → "Use Gemini API Key": a boxed dialog titled "Enter Gemini API Key" with an empty key field and "(Press Enter to submit, Esc to cancel …)"' });
    // Esc goes back to the menu, now with option 2 highlighted.
    await press(w, ESC);
    await step(w, 'gemini', 'auth-menu-option-2', /●\s+2\. Use Gemini API Key/, { state: 'waiting', ask: 'How would you like to authenticate for this project?', note: 'Esc from the API-key dialog: back to the auth menu, "● 2. Use Gemini API Key" highlighted' });
    const exited = await quitWithCtrlC(w);
    expect(exited.exitCode).toEqual(expect.any(Number));
  }, 360_000);

  it('Codex CLI: the sign-in menu and every screen behind it are waiting; Ctrl+C exits', async (ctx) => {
    need('codex', ctx);
    const w = start('codex');
    await pause(8000);
    if (text(w).trim() === '') {
      // Codex 0.171 offline keeps a blank alternate screen until it reads a key: nothing shown is still starting.
      expect(w.detector.status.state).toBe('starting');
      w.type('\r');
    }
    const menu = await waitForEvent(w, 0, (e) => e.state === 'waiting' && /Choose how you want to use Codex/.test(e.ask ?? ''), 60_000);
    expect(menu.reason).toMatch(/choice menu, 3 options|press Enter/);
    await pause(DEBOUNCE_MS * 2);
    expect(w.detector.status.state).toBe('waiting');
    await record(w, 'codex', 'sign-in-menu', { state: 'waiting', ask: 'Choose how you want to use Codex.', note: 'first run: sign-in menu, "> 1. Sign in with ChatGPT" highlighted' });
    // "Sign in with ChatGPT": a browser sign-in link (offline nothing answers it); Esc goes back.
    await press(w, '\r');
    await step(w, 'codex', 'browser-sign-in', /Finish signing in via your browser/, { state: 'waiting', ask: 'Finish signing in via your browser', note: 'sign-in menu → "Sign in with ChatGPT": the sign-in URL, "Press esc to cancel"' });
    // A page with no question and no box: its sign-in heading is what is asked, not the hint below.
    expect(w.detector.status.ask).toBe('Finish signing in via your browser');
    await press(w, ESC);
    // "Sign in with Device Code": offline the code request fails; the error shows under the menu.
    await press(w, DOWN, '\r');
    await step(w, 'codex', 'device-code-error', /failed to request device code/, { state: 'waiting', ask: 'Choose how you want to use Codex.', note: 'sign-in menu → "Sign in with Device Code" offline: the menu again, with the red request error below it' }, { timeoutMs: 90_000 });
    // "Sign in another way" (Down, Enter).
    await press(w, DOWN, '\r');
    await screen(w, /Use an OpenAI API key/);
    expect(w.detector.status.state).toBe('waiting');
    await record(w, 'codex', 'sign-in-other', { state: 'waiting', ask: 'Sign in another way', note: 'after choosing "Sign in another way"' });
    // "Use an OpenAI API key": an empty key field.
    await press(w, '\r');
    await step(w, 'codex', 'api-key-field', /Paste or type your API key/, { state: 'waiting', ask: 'Paste or type your API key below.', note: 'sign in another way → "Use an OpenAI API key": an empty "API key" field, "Press enter to save", "Press esc to go back"' });
    // The label above the empty key field is what is asked, not "Press enter to save".
    expect(w.detector.status.ask).toBe('Paste or type your API key below.');
    // Esc, then "Use Amazon Bedrock": with no AWS credentials, a menu of ways to give them.
    await press(w, ESC);
    await screen(w, /Use Amazon Bedrock/);
    await press(w, DOWN, '\r');
    await step(w, 'codex', 'bedrock-menu', /Choose how you authenticate with AWS/, { state: 'waiting', ask: 'Choose how you authenticate with AWS.', note: 'sign in another way → "Use Amazon Bedrock": no AWS credentials found, a 4-option menu, "> 1. AWS profile" highlighted' });
    const exited = await quitWithCtrlC(w);
    expect(exited.exitCode).toEqual(expect.any(Number));
  }, 360_000);

  it('Claude Code: offline it shows why it cannot start (waiting for a person to read it) and exits with code 1', async (ctx) => {
    need('claude', ctx);
    for (const size of [[100, 30], [80, 24], [160, 40]] as [number, number][]) {
      const w = start('claude', size);
      const exited = await w.until('exited', 60_000);
      expect(text(w)).toMatch(/Unable to connect to Anthropic services/);
      expect(exited.exitCode).toBe(1);
      await record(w, 'claude', 'offline-error', { state: 'waiting', note: 'offline first run: "Unable to connect to Anthropic services"; the program then exits 1' });
    }
  }, 240_000);

  it('Copilot CLI: the folder-trust dialog, the sign-in prompt and the /login menus are waiting; Ctrl+C exits', async (ctx) => {
    need('copilot', ctx);
    const w = start('copilot');
    // First start unpacks the CLI (~15 s here), then an animated banner, then the dialog.
    await step(w, 'copilot', 'trust-dialog', /Do you trust the files in this folder\?[\s\S]*❯ 1\. Yes/, { state: 'waiting', ask: 'Do you trust the files in this folder?', note: 'first run: "Confirm folder trust" dialog, "❯ 1. Yes" highlighted, key hints "↑/↓ to navigate · enter to select · esc to cancel"' }, { timeoutMs: 180_000 });
    await press(w, DOWN);
    await step(w, 'copilot', 'trust-dialog-option-2', /❯ 2\. Yes, and remember/, { state: 'waiting', ask: 'Do you trust the files in this folder?', note: 'the trust dialog with option 2 highlighted (its "esc to cancel" hint is no busy marker)' });
    await press(w, UP, '\r');
    await step(w, 'copilot', 'sign-in-prompt', /Please use \/login to sign in/, { state: 'waiting', ask: 'Please use /login to sign in to use Copilot', note: 'after trusting: the input box with "Please use /login to sign in to use Copilot" above it; nothing works until the person signs in' });
    await press(w, ...'/login'.split(''), '\r');
    await step(w, 'copilot', 'account-menu', /What account do you want to log into\?/, { state: 'waiting', ask: 'What account do you want to log into?', note: '/login: "❯ 1. GitHub.com" or "2. GitHub Enterprise Cloud"' });
    await press(w, '\r');
    await step(w, 'copilot', 'sign-in-method-menu', /How do you want to sign in\?/, { state: 'waiting', ask: 'How do you want to sign in?', note: 'GitHub.com: "❯ 1. Sign in with your browser (recommended)" or "2. Sign in with a device code"' });
    await press(w, '\r');
    await step(w, 'copilot', 'browser-sign-in', /Waiting for authorization in your browser/, { state: 'waiting', ask: 'Opening your browser to sign in. If it does not open automatically, visit:', note: 'browser sign-in: "visit:" the authorize URL, and a turning "◎ Waiting for authorization in your browser..." (the person has to act)' }, { animated: true });
    // Esc cancels back to the prompt; the device-code way fails offline with a key hint.
    await press(w, ESC);
    await screen(w, /Please use \/login to sign in/);
    await press(w, ...'/login'.split(''), '\r');
    await screen(w, /What account do you want to log into\?/);
    await press(w, '\r');
    await screen(w, /How do you want to sign in\?/);
    await press(w, DOWN, '\r');
    await step(w, 'copilot', 'device-code-error', /Error during sign-in[\s\S]*Press any key to retry/, { state: 'waiting', ask: 'Error during sign-in: Error: request failed: error sending request for url (https://github.com/', note: 'device-code sign-in offline: the red request error and "Press any key to retry"' }, { timeoutMs: 90_000 });
    const exited = await quitWithCtrlC(w);
    expect(exited.exitCode).toEqual(expect.any(Number));
  }, 420_000);

  it('OpenCode: offline its first start is the editor ready for a prompt (idle); Ctrl+C exits', async (ctx) => {
    need('opencode', ctx);
    const w = start('opencode');
    await step(w, 'opencode', 'editor', /Ask anything/, { state: 'idle', note: 'first run: the logo, the editor "Ask anything…" with its free default model, a tip to /connect a provider; ready for a prompt' }, { timeoutMs: 120_000 });
    const exited = await quitWithCtrlC(w);
    expect(exited.exitCode).toEqual(expect.any(Number));
  }, 240_000);

  // A person's terminal is rarely 100×30: the first screen of each CLI at a small and a large size.
  it.for([
    ['gemini', /Do you trust the files in this folder\?/, { state: 'waiting', ask: 'Do you trust the files in this folder?', note: 'first run: folder trust menu, option 1 highlighted by ●' }],
    ['codex', /Choose how you want to use Codex/, { state: 'waiting', ask: 'Choose how you want to use Codex.', note: 'first run: sign-in menu, "> 1. Sign in with ChatGPT" highlighted' }],
    ['copilot', /Do you trust the files in this folder\?[\s\S]*❯ 1\. Yes/, { state: 'waiting', ask: 'Do you trust the files in this folder?', note: 'first run: "Confirm folder trust" dialog, "❯ 1. Yes" highlighted' }],
    ['opencode', /Ask anything/, { state: 'idle', note: 'first run: the editor "Ask anything…", ready for a prompt' }],
  ] as [CliId, RegExp, Label][])('%s: the first screen at 80×24 and 160×40 reads the same', { timeout: 480_000 }, async ([id, shows, label], ctx) => {
    need(id, ctx);
    for (const size of [[80, 24], [160, 40]] as [number, number][]) {
      const w = start(id, size);
      const t0 = Date.now();
      // Codex 0.171 offline draws nothing until it reads a key.
      while (id === 'codex' && text(w).trim() === '' && Date.now() - t0 < 8_000) await pause(500);
      if (id === 'codex' && text(w).trim() === '') w.type('\r');
      await step(w, id, 'first-screen', shows, label, { timeoutMs: 180_000 });
      await w.close();
    }
  });
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
