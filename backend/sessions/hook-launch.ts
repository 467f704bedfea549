import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentProfile } from '../agents/profile-schema.js';
import type { HookConfig } from '../status/status-profile-schema.js';
import type { HookServer } from '../status/hook-server.js';
import type { HookEvent } from '../status/status-types.js';
import which from 'which';
import { shippedScript } from '../config/app-paths.js';
import { currentRuntime, nodeLauncher, type NodeRuntime } from '../config/node-runtime.js';

/** Environment variables the hook client reads. */
export const HOOK_ENV = { url: 'CORTEX_HOOK_URL', token: 'CORTEX_HOOK_TOKEN', sessionId: 'CORTEX_SESSION_ID' } as const;
/** Folder (inside the data dir) holding per-launch hook settings files. */
export const HOOK_SETTINGS_DIR = 'hooks';
/** Seconds Claude Code waits for one hook command (the client itself gives up after 2 s). */
const CLAUDE_HOOK_TIMEOUT_S = 5;
/** Milliseconds Gemini CLI waits for one hook command (its unit is ms; the client gives up after 2 s). */
const GEMINI_HOOK_TIMEOUT_MS = 5000;
/** Gemini CLI's variable naming its system-defaults settings file (the lowest settings layer). */
export const GEMINI_SYSTEM_DEFAULTS_ENV = 'GEMINI_CLI_SYSTEM_DEFAULTS_PATH';
/** The name our hooks carry in Gemini CLI (`/hooks panel`, `hooksConfig.disabled`). */
export const GEMINI_HOOK_NAME = 'phantom-cortex-status';

/**
 * Absolute path of hook-client.mjs. Next to this module when run from source (tsx, vitest);
 * from the compiled `dist/node/backend/status/` it falls back to the source file in
 * `backend/status/` (the build must ship it: see INTEGRATION.md).
 */
export const HOOK_CLIENT_PATH = locateClient();

function locateClient(): string {
  return shippedScript('backend/status/hook-client.mjs');
}

/** What `hookLaunchAdditions` needs for one launch. */
export interface HookLaunchOptions {
  /** The hook server's URL ({@link HookServer.url}). */
  hookUrl: string;
  /** The session's token from {@link HookServer.register}. */
  token: string;
  /** The cockpit's session id (not the agent's). */
  sessionId: string;
  /** The app data dir; per-launch settings files go to `<dataDir>/hooks/`. */
  dataDir: string;
  /**
   * How to run Node for the client, argv form. Default: from {@link runtime}: this process's
   * executable; inside Electron the app's binary with `ELECTRON_RUN_AS_NODE=1` (a prefix of
   * the Claude hook command; for Codex's `notify` argv, a `node` on PATH when there is one,
   * else the variable in the agent's environment). Never a POSIX-only wrapper.
   */
  nodeCommand?: string[];
  /** The environment the agent will get (Gemini: where its own system-defaults file is). Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** The runtime launching the client; default this process ({@link currentRuntime}). */
  runtime?: NodeRuntime;
  /** A plain `node` for Codex's notify inside Electron; default: looked up on PATH; null: none. */
  systemNode?: string | null;
}

/** What to add to one launch: argv to insert after the profile's args (before a prompt), env, files to delete later. */
export interface HookLaunchAdditions {
  args: string[];
  env: Record<string, string>;
  /** Files written for this launch; delete them when the session is removed. */
  files: string[];
}

/**
 * The per-launch hook wiring for a profile (hooks are passed per invocation and never
 * leak into the user's other terminals or global settings). Profiles without `hooks` get nothing.
 * - `claude-settings`: writes `<dataDir>/hooks/<sessionId>.claude-settings.json` (mode 0600) with one
 *   command hook per mapped event and adds `--settings <file>` (Claude Code's per-invocation
 *   settings flag; the user's ~/.claude settings are left untouched).
 * - `codex-notify`: adds `-c notify=[node, hook-client.mjs]` (Codex appends its JSON payload as
 *   the last argument; `type` names the event, e.g. `agent-turn-complete`).
 * - `gemini-settings`: writes `<dataDir>/hooks/<sessionId>.gemini-system-defaults.json` (0600):
 *   the system-defaults file Gemini CLI would read anyway (if any) with one command hook per
 *   mapped event added, and names it in `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` for this process.
 *   System defaults are Gemini's lowest settings layer and hooks of all layers are concatenated,
 *   so the user's own settings and hooks stay as they are. When the existing defaults file
 *   cannot be parsed, nothing is added (status then comes from the screen) and a warning is logged.
 * The token travels only in the environment of this agent process.
 * @throws Error when the settings file cannot be written (the message names the path)
 */
export function hookLaunchAdditions(profile: Pick<AgentProfile, 'hooks'>, opts: HookLaunchOptions): HookLaunchAdditions {
  const cfg = profile.hooks;
  if (!cfg) return { args: [], env: {}, files: [] };
  const env = { [HOOK_ENV.url]: opts.hookUrl, [HOOK_ENV.token]: opts.token, [HOOK_ENV.sessionId]: opts.sessionId };
  if (cfg.kind === 'claude-settings') {
    const file = writeClaudeSettings(cfg, nodeRunner(opts.nodeCommand, opts.runtime), opts);
    return { args: ['--settings', file], env, files: [file] };
  }
  if (cfg.kind === 'gemini-settings') {
    const file = writeGeminiDefaults(cfg, nodeRunner(opts.nodeCommand, opts.runtime), opts);
    if (!file) return { args: [], env: {}, files: [] };
    return { args: [], env: { ...env, [GEMINI_SYSTEM_DEFAULTS_ENV]: file }, files: [file] };
  }
  const node = notifyRunner(opts);
  const argv = [...node.argv, HOOK_CLIENT_PATH];
  return { args: ['-c', `notify=[${argv.map((a) => JSON.stringify(a)).join(',')}]`], env: { ...env, ...node.env }, files: [] };
}

/** The Claude Code settings object for a hook config: `{hooks: {Event: [{hooks: [{type, command, timeout}]}]}}`. */
export function claudeHookSettings(cfg: HookConfig, shellPrefix: string): { hooks: Record<string, unknown[]> } {
  const hooks: Record<string, unknown[]> = {};
  for (const event of Object.keys(cfg.events)) {
    hooks[event] = [{ hooks: [{ type: 'command', command: `${shellPrefix} ${shellQuote(HOOK_CLIENT_PATH)} ${shellQuote(event)}`, timeout: CLAUDE_HOOK_TIMEOUT_S }] }];
  }
  return { hooks };
}

function writeClaudeSettings(cfg: HookConfig, node: NodeRunner, opts: HookLaunchOptions): string {
  const dir = join(opts.dataDir, HOOK_SETTINGS_DIR);
  const file = join(dir, `${opts.sessionId.replace(/[^\w.-]/g, '_')}.claude-settings.json`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(claudeHookSettings(cfg, node.shell), null, 2), { mode: 0o600 });
  } catch (err) {
    throw new Error(`Cannot write the hook settings file ${file}: ${(err as Error).message}`);
  }
  return file;
}

/** The Gemini CLI settings fragment for a hook config: `{hooks: {Event: [{matcher, hooks: [{name, type, command, timeout}]}]}}`. */
export function geminiHookSettings(cfg: HookConfig, shellPrefix: string): { hooks: Record<string, unknown[]> } {
  const hooks: Record<string, unknown[]> = {};
  for (const event of Object.keys(cfg.events)) {
    const command = `${shellPrefix} ${shellQuote(HOOK_CLIENT_PATH)} ${shellQuote(event)}`;
    hooks[event] = [{ matcher: '*', hooks: [{ name: GEMINI_HOOK_NAME, type: 'command', command, timeout: GEMINI_HOOK_TIMEOUT_MS }] }];
  }
  return { hooks };
}

/**
 * Where Gemini CLI reads its system defaults without our variable (its Storage rules: the
 * variable, else `system-defaults.json` next to the system settings file).
 */
function geminiDefaultsPath(env: NodeJS.ProcessEnv): string {
  if (env[GEMINI_SYSTEM_DEFAULTS_ENV]) return env[GEMINI_SYSTEM_DEFAULTS_ENV]!;
  const settings =
    env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] ||
    (process.platform === 'darwin'
      ? '/Library/Application Support/GeminiCli/settings.json'
      : process.platform === 'win32'
        ? 'C:\\ProgramData\\gemini-cli\\settings.json'
        : '/etc/gemini-cli/settings.json');
  return join(dirname(settings), 'system-defaults.json');
}

function writeGeminiDefaults(cfg: HookConfig, node: NodeRunner, opts: HookLaunchOptions): string | null {
  const source = geminiDefaultsPath(opts.env ?? process.env);
  let base: Record<string, unknown> = {};
  let text: string | null = null;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    text = null; // no system defaults: ours are the only ones
  }
  if (text !== null) {
    try {
      const v: unknown = JSON.parse(text);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
      base = v as Record<string, unknown>;
    } catch (err) {
      console.warn(`[cortex] Gemini CLI hooks left out: cannot read its system defaults ${source} (${(err as Error).message}); status comes from the screen`);
      return null;
    }
  }
  const ours = geminiHookSettings(cfg, node.shell);
  const theirs = (base['hooks'] && typeof base['hooks'] === 'object' ? base['hooks'] : {}) as Record<string, unknown>;
  const hooks: Record<string, unknown> = { ...theirs };
  for (const [event, list] of Object.entries(ours.hooks)) hooks[event] = [...(Array.isArray(theirs[event]) ? (theirs[event] as unknown[]) : []), ...list];
  // Gemini may redact variables named like secrets from hook processes; the client needs these.
  const security = (base['security'] && typeof base['security'] === 'object' ? base['security'] : {}) as Record<string, unknown>;
  const redaction = (security['environmentVariableRedaction'] && typeof security['environmentVariableRedaction'] === 'object' ? security['environmentVariableRedaction'] : {}) as Record<string, unknown>;
  const allowed = [...new Set([...(Array.isArray(redaction['allowed']) ? (redaction['allowed'] as string[]) : []), ...Object.values(HOOK_ENV)])];
  const settings = { ...base, hooks, security: { ...security, environmentVariableRedaction: { ...redaction, allowed } } };
  const dir = join(opts.dataDir, HOOK_SETTINGS_DIR);
  const file = join(dir, `${opts.sessionId.replace(/[^\w.-]/g, '_')}.gemini-system-defaults.json`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(settings, null, 2), { mode: 0o600 });
  } catch (err) {
    throw new Error(`Cannot write the hook settings file ${file}: ${(err as Error).message}`);
  }
  return file;
}

interface NodeRunner {
  /** argv prefix that runs a script with Node. */
  argv: string[];
  /** Environment the argv form needs (added to the agent's, which passes it on to its hooks). */
  env: Record<string, string>;
  /** The same as a POSIX shell command prefix, environment included. */
  shell: string;
}

function nodeRunner(custom?: string[], runtime?: NodeRuntime): NodeRunner {
  if (custom?.length) return { argv: custom, env: {}, shell: custom.map(shellQuote).join(' ') };
  const node = nodeLauncher(runtime ?? currentRuntime());
  const assignments = Object.entries(node.env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
  return { argv: [...node.argv], env: { ...node.env }, shell: assignments + node.argv.map(shellQuote).join(' ') };
}

/**
 * Codex runs `notify` as an argv with the agent's own environment. Inside Electron a `node` on
 * PATH is preferred, because ELECTRON_RUN_AS_NODE in the agent's environment would reach every
 * program the agent starts (an Electron app under development would then run as plain Node).
 */
function notifyRunner(opts: HookLaunchOptions): NodeRunner {
  const runner = nodeRunner(opts.nodeCommand, opts.runtime);
  if (Object.keys(runner.env).length === 0) return runner;
  const node = opts.systemNode !== undefined ? opts.systemNode : which.sync('node', { nothrow: true });
  return node ? { argv: [node], env: {}, shell: shellQuote(node) } : runner;
}

/** POSIX single-quoting: safe for any path (Claude Code runs hook commands through a shell). */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A session's registration on the hook channel and what it adds to each launch. */
export interface SessionHook {
  additions: HookLaunchAdditions;
  /** Unregisters the session's token and deletes the files written for it. */
  dispose(): void;
}

/**
 * Registers session `sessionId` on the hook channel (calls carrying its token go to
 * `onEvent`) and writes the per-launch hook wiring of `profile` ({@link hookLaunchAdditions}).
 * @throws Error when the settings file cannot be written (the registration is undone)
 */
export function registerSessionHook(
  server: Pick<HookServer, 'url' | 'register'>,
  profile: Pick<AgentProfile, 'hooks'>,
  opts: { sessionId: string; dataDir: string },
  onEvent: (e: HookEvent) => void,
): SessionHook {
  const reg = server.register(opts.sessionId, onEvent);
  let additions: HookLaunchAdditions;
  try {
    additions = hookLaunchAdditions(profile, { hookUrl: server.url, token: reg.token, sessionId: opts.sessionId, dataDir: opts.dataDir });
  } catch (err) {
    reg.unregister();
    throw err;
  }
  return {
    additions,
    dispose: () => {
      reg.unregister();
      for (const f of additions.files) rmSync(f, { force: true });
    },
  };
}
