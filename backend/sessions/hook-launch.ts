import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentProfile } from '../agents/profile-schema.js';
import type { HookConfig } from '../status/status-profile-schema.js';
import which from 'which';
import { shippedScript } from '../config/app-paths.js';
import { currentRuntime, nodeLauncher, type NodeRuntime } from '../config/node-runtime.js';

/** Environment variables the hook client reads. */
export const HOOK_ENV = { url: 'CORTEX_HOOK_URL', token: 'CORTEX_HOOK_TOKEN', sessionId: 'CORTEX_SESSION_ID' } as const;
/** Folder (inside the data dir) holding per-launch hook settings files. */
export const HOOK_SETTINGS_DIR = 'hooks';
/** Seconds Claude Code waits for one hook command (the client itself gives up after 2 s). */
const CLAUDE_HOOK_TIMEOUT_S = 5;

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
