import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import type { ScreenSnapshot } from '../pty/screen-snapshot.js';
import { GEMINI_HOOK_NAME, GEMINI_SYSTEM_DEFAULTS_ENV, hookLaunchAdditions } from '../sessions/hook-launch.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { interpretHook } from './hook-rules.js';
import { HookServer } from './hook-server.js';
import { StatusDetector } from './status-detector.js';
import type { AgentState } from './status-types.js';

// Hook payloads as the CLIs build them, from their sources (the versions pinned in
// test/agents/package.json): Claude Code 2.1.332 notification types; Gemini CLI 0.61.0
// hookEventHandler (createBaseInput, fireNotificationEvent with getNotificationMessage /
// toSerializableDetails) and its command runner (`bash -c <command>`, JSON on stdin, the
// agent's environment plus GEMINI_PROJECT_DIR, GEMINI_SESSION_ID, GEMINI_CWD).

const profile = (id: string) => BUILTIN_PROFILES.find((p) => p.id === id)!;

describe("Claude Code's Notification hook: notification_type decides", () => {
  const claude = profile('claude').hooks!;
  const note = (notification_type: string | undefined, message: string) =>
    interpretHook({ event: 'Notification', payload: { session_id: 's', hook_event_name: 'Notification', message, ...(notification_type ? { notification_type } : {}) } }, claude);

  it.each([
    ['permission_prompt', 'Claude needs your permission to use Bash', 'waiting', 'hook Notification (permission prompt): Claude needs your permission to use Bash'],
    ['worker_permission_prompt', 'A worker needs your permission to use Edit', 'waiting', 'hook Notification (permission prompt): A worker needs your permission to use Edit'],
    ['elicitation_dialog', 'An MCP server needs your input', 'waiting', 'hook Notification (question): An MCP server needs your input'],
    ['elicitation_url_dialog', 'An MCP server needs your input', 'waiting', 'hook Notification (question): An MCP server needs your input'],
    ['agent_needs_input', 'The agent needs your input', 'waiting', 'hook Notification (input needed): The agent needs your input'],
    ['idle_prompt', 'Claude is waiting for your input', 'idle', 'hook Notification (idle prompt): Claude is waiting for your input'],
    ['auth_success', 'Claude Code login successful', null, 'hook Notification (information): Claude Code login successful'],
    ['elicitation_complete', 'MCP server "x" confirmed elicitation 1 complete', null, 'hook Notification (information): MCP server "x" confirmed elicitation 1 complete'],
    [undefined, 'Claude needs your permission to use Bash', 'waiting', 'hook Notification: Claude needs your permission to use Bash'],
  ] as [string | undefined, string, AgentState | null, string][])('%s → %s', (type, message, state, reason) => {
    expect(note(type, message)).toMatchObject({ state, reason });
  });

  it('a waiting Notification asks what the message says; an informational one leaves the state alone', () => {
    const d = new StatusDetector({ screen: { read: () => blank }, status: profile('claude').status, hooks: profile('claude').hooks });
    d.onHook({ event: 'UserPromptSubmit', payload: { session_id: 's' } });
    expect(d.status.state).toBe('working');
    d.onHook({ event: 'Notification', payload: { session_id: 's', notification_type: 'auth_success', message: 'Claude Code login successful' } });
    expect(d.status.state).toBe('working');
    d.onHook({ event: 'Notification', payload: { session_id: 's', notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash' } });
    expect(d.status).toMatchObject({ state: 'waiting', source: 'hook', ask: 'Claude needs your permission to use Bash' });
    d.onHook({ event: 'Notification', payload: { session_id: 's', notification_type: 'idle_prompt', message: 'Claude is waiting for your input' } });
    expect(d.status).toMatchObject({ state: 'idle', source: 'hook' });
    d.dispose();
  });
});

const blank: ScreenSnapshot = { lines: Array.from({ length: 24 }, () => ''), cursorX: 0, cursorY: 0, alternate: false };

describe('Gemini CLI hooks per launch (system defaults layer), driven with its real payloads', () => {
  let server: HookServer;
  const data = tempDir('cortex-gemini-hooks-');
  beforeAll(async () => {
    server = await HookServer.start();
  });
  afterAll(async () => {
    await server.close();
    data.cleanup();
  });

  it('the settings file is private, keeps the machine\u2019s own system defaults and hooks, and carries no token', () => {
    const theirs = join(data.dir, 'system-defaults.json');
    writeFileSync(theirs, JSON.stringify({ ui: { theme: 'GitHub' }, hooks: { AfterAgent: [{ hooks: [{ type: 'command', command: 'true' }] }] } }));
    const reg = server.register('gem-files', () => {});
    const add = hookLaunchAdditions(profile('gemini'), { hookUrl: server.url, token: reg.token, sessionId: 'gem-files', dataDir: data.dir, env: { [GEMINI_SYSTEM_DEFAULTS_ENV]: theirs } });
    const file = add.env[GEMINI_SYSTEM_DEFAULTS_ENV]!;
    expect(add.args).toEqual([]);
    expect(add.files).toEqual([file]);
    expect(file.startsWith(join(data.dir, 'hooks'))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const s = JSON.parse(readFileSync(file, 'utf8'));
    expect(s.ui).toEqual({ theme: 'GitHub' });
    expect(Object.keys(s.hooks).sort()).toEqual(['AfterAgent', 'AfterTool', 'BeforeAgent', 'Notification', 'SessionStart']);
    expect(s.hooks.AfterAgent[0].hooks[0].command).toBe('true');
    expect(s.hooks.AfterAgent[1].hooks[0]).toMatchObject({ name: GEMINI_HOOK_NAME, type: 'command', timeout: 5000 });
    expect(s.security.environmentVariableRedaction.allowed).toEqual(['CORTEX_HOOK_URL', 'CORTEX_HOOK_TOKEN', 'CORTEX_SESSION_ID']);
    expect(JSON.stringify(s)).not.toContain(reg.token);
    // Defaults that cannot be read as JSON are not replaced: no hooks, status from the screen.
    writeFileSync(theirs, '{ not json');
    expect(hookLaunchAdditions(profile('gemini'), { hookUrl: server.url, token: reg.token, sessionId: 'gem-bad', dataDir: data.dir, env: { [GEMINI_SYSTEM_DEFAULTS_ENV]: theirs } })).toEqual({ args: [], env: {}, files: [] });
    reg.unregister();
  });

  it('each configured command, run as Gemini runs it, moves the state: working, waiting on ToolPermission, idle after the turn', async () => {
    const gemini = profile('gemini');
    const d = new StatusDetector({ screen: { read: () => blank }, status: gemini.status, hooks: gemini.hooks });
    const reg = server.register('gem-run', (e) => d.onHook(e));
    const add = hookLaunchAdditions(gemini, { hookUrl: server.url, token: reg.token, sessionId: 'gem-run', dataDir: data.dir, env: {} });
    const settings = JSON.parse(readFileSync(add.env[GEMINI_SYSTEM_DEFAULTS_ENV]!, 'utf8')) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    const sessionId = '9b1f3c2e-4d5a-4e6f-8a7b-0c1d2e3f4a5b';
    const cwd = data.dir;
    const base = (event: string) => ({ session_id: sessionId, transcript_path: join(cwd, 'chat.json'), cwd, hook_event_name: event, timestamp: new Date().toISOString() });
    const fire = (event: string, extra: Record<string, unknown>) =>
      new Promise<number | null>((resolve) => {
        const command = settings.hooks[event]!.at(-1)!.hooks[0]!.command;
        const env = { ...process.env, ...add.env, GEMINI_PROJECT_DIR: cwd, GEMINI_CWD: cwd, GEMINI_SESSION_ID: sessionId, CLAUDE_PROJECT_DIR: cwd };
        const p = spawn('bash', ['-c', command], { env, cwd, stdio: ['pipe', 'pipe', 'ignore'] });
        let out = '';
        p.stdout.on('data', (c) => (out += c));
        p.stdin.end(JSON.stringify({ ...base(event), ...extra }));
        p.on('close', (code) => {
          expect(out).toBe(''); // Gemini parses hook stdout as JSON: the client prints nothing
          resolve(code);
        });
      });
    expect(await fire('SessionStart', { source: 'startup' })).toBe(0);
    await waitFor(() => d.agentSessionId === sessionId, 5000, 'the session id');
    await fire('BeforeAgent', { prompt: 'run the tests' });
    await waitFor(() => d.status.state === 'working', 5000, 'working');
    expect(d.status).toMatchObject({ source: 'hook', reason: 'hook BeforeAgent' });
    await fire('Notification', {
      notification_type: 'ToolPermission',
      message: 'Tool Shell requires execution',
      details: { type: 'exec', title: 'Shell', command: 'npm test', rootCommand: 'npm' },
    });
    await waitFor(() => d.status.state === 'waiting', 5000, 'waiting');
    expect(d.status).toMatchObject({ source: 'hook', confidence: 'high', reason: 'hook Notification (tool permission): Tool Shell requires execution', ask: 'Tool Shell requires execution' });
    await fire('AfterTool', { tool_name: 'run_shell_command', tool_input: { command: 'npm test' }, tool_response: { llmContent: 'ok' } });
    await waitFor(() => d.status.state === 'working', 5000, 'working after the tool');
    await fire('AfterAgent', { prompt: 'run the tests', prompt_response: 'All tests pass.', stop_hook_active: false });
    await waitFor(() => d.status.state === 'idle', 5000, 'idle');
    expect(d.status).toMatchObject({ source: 'hook', reason: 'hook AfterAgent' });
    d.dispose();
    reg.unregister();
  });
});
