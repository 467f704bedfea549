import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { builtin, FAKE_AGENT, pause, watch, type Watched } from '../../test/support/status-harness.js';
import { HOOK_CLIENT_PATH, hookLaunchAdditions, type HookLaunchOptions } from '../sessions/hook-launch.js';
import { HookServer, HOOK_TOKEN_HEADER } from './hook-server.js';

const DEBOUNCE_MS = 400;
let server: HookServer;
const data = tempDir('cortex-hooks-');
const open: Watched[] = [];
beforeAll(async () => {
  server = await HookServer.start();
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
  await server.close();
  data.cleanup();
});

/** Launches the fake agent of `profile` with the per-launch hook additions, as the session manager will. */
function launch(profile: string, sessionId: string, script: string, extra: Partial<HookLaunchOptions> = {}): Watched {
  const p = builtin(profile);
  let target: Watched | null = null;
  const reg = server.register(sessionId, (e) => target?.detector.onHook(e));
  const add = hookLaunchAdditions(p, { hookUrl: server.url, token: reg.token, sessionId, dataDir: data.dir, ...extra });
  const w = watch([process.execPath, FAKE_AGENT, profile, script, ...add.args], p, { env: add.env, idleDebounceMs: DEBOUNCE_MS });
  target = w;
  open.push(w);
  return w;
}

function post(body: unknown, headers: Record<string, string>): Promise<number> {
  return fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.status);
}

describe.concurrent('agent hooks over the authenticated local channel', () => {
  it('Claude Code: the configured hook commands move the state (SessionStart id, UserPromptSubmit, Notification, Stop)', { timeout: 3 * 60_000 }, async () => {
    // The prompt is submitted (a key) only once the idle screen has been read as idle: with a
    // fixed sleep instead, a slow start on a loaded machine let the first draw's two screen
    // reports read as output flowing (working, from the screen) before the hook came.
    const w = launch('claude', 'sess-claude', 'hook:SessionStart,idle,wait,hook:UserPromptSubmit,wait,hook:Notification,wait,hook:Stop,wait,exit:0');
    await w.until('idle', 30_000);
    const submitFrom = w.events.length;
    w.pty.write('k');
    const working = await w.until('working', 30_000, submitFrom);
    // The screen shows an idle input box and has been still: the hook outranks it.
    expect(working).toMatchObject({ source: 'hook', reason: expect.stringMatching(/^hook UserPromptSubmit \(overrules the screen: input box/) });
    expect(w.detector.agentSessionId).toBe('0f5e2c1a-7b3d-4e8f-9a6b-1c2d3e4f5a6b');
    await pause(DEBOUNCE_MS * 2);
    expect(w.detector.status.state).toBe('working');
    let from = w.events.length;
    w.pty.write('k');
    const waiting = await w.until('waiting', 30_000, from);
    expect(waiting).toMatchObject({ source: 'hook', reason: expect.stringMatching(/^hook Notification \(permission prompt\): Claude needs your permission to use Bash \(overrules the screen: input box/), ask: 'Claude needs your permission to use Bash' });
    from = w.events.length;
    w.pty.write('k');
    expect(await w.until('idle', 30_000, from)).toMatchObject({ source: 'hook', reason: 'hook Stop' });
    w.pty.write('k');
    await w.until('exited');
  });

  it('the Claude settings are per launch: a file under the data dir passed with --settings, never ~/.claude', () => {
    const reg = server.register('sess-files', () => {});
    const add = hookLaunchAdditions(builtin('claude'), { hookUrl: server.url, token: reg.token, sessionId: 'sess-files', dataDir: data.dir });
    expect(add.args[0]).toBe('--settings');
    expect(add.args[1]!.startsWith(data.dir)).toBe(true);
    const settings = JSON.parse(readFileSync(add.args[1]!, 'utf8'));
    expect(Object.keys(settings.hooks).sort()).toEqual(['Notification', 'PostToolUse', 'SessionStart', 'Stop', 'UserPromptSubmit']);
    expect(settings.hooks.Stop[0].hooks[0].command).toContain(HOOK_CLIENT_PATH);
    expect(JSON.stringify(settings)).not.toContain(reg.token); // the token travels only in the agent's env
    expect(add.env).toEqual({ CORTEX_HOOK_URL: server.url, CORTEX_HOOK_TOKEN: reg.token, CORTEX_SESSION_ID: 'sess-files' });
    expect(hookLaunchAdditions(builtin('aider'), { hookUrl: server.url, token: 't', sessionId: 's', dataDir: data.dir })).toEqual({ args: [], env: {}, files: [] });
    reg.unregister();
  });

  it('Codex: notify with agent-turn-complete turns a busy screen idle and captures the thread id', { timeout: 2 * 60_000 }, async () => {
    // Each working phase lasts until the test has seen it (a key ends it): a timed phase could
    // end unseen on a loaded machine, and the hook's idle then came first.
    const w = launch('codex', 'sess-codex', 'working:key,hook:agent-turn-complete,working:key,exit:0');
    await w.until('working', 30_000);
    w.pty.write('k');
    // The agent still shows its busy frame while it reports the turn complete: the hook wins.
    const idle = await w.until('idle', 30_000);
    expect(idle).toMatchObject({ source: 'hook', reason: expect.stringMatching(/^hook agent-turn-complete: All tests pass\. \(overrules the screen: busy marker/) });
    expect(w.detector.agentSessionId).toBe('5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a');
    w.pty.write('k');
    await w.until('exited', 30_000);
  });

  // Inside the desktop app the client runs on the app's own binary with ELECTRON_RUN_AS_NODE=1.
  // Here that binary is Node (which ignores the variable), so the launch is the Electron one
  // in shape: the same argv and environment, run for real.
  const asElectron = { execPath: process.execPath, electron: true } as const;

  it('inside Electron the hook launch uses no POSIX-only path, and Claude and Codex hooks still arrive', { timeout: 3 * 60_000 }, async () => {
    const claude = hookLaunchAdditions(builtin('claude'), { hookUrl: server.url, token: 't', sessionId: 'sess-electron-files', dataDir: data.dir, runtime: asElectron });
    const command: string = JSON.parse(readFileSync(claude.args[1]!, 'utf8')).hooks.Stop[0].hooks[0].command;
    expect(command.startsWith(`ELECTRON_RUN_AS_NODE=1 ${process.execPath} `)).toBe(true);
    const codex = hookLaunchAdditions(builtin('codex'), { hookUrl: server.url, token: 't', sessionId: 's', dataDir: data.dir, runtime: asElectron, systemNode: null });
    expect(JSON.parse(codex.args[1]!.slice('notify='.length))).toEqual([process.execPath, HOOK_CLIENT_PATH]);
    expect(codex.env['ELECTRON_RUN_AS_NODE']).toBe('1');
    const withNode = hookLaunchAdditions(builtin('codex'), { hookUrl: server.url, token: 't', sessionId: 's', dataDir: data.dir, runtime: asElectron, systemNode: '/opt/node/bin/node' });
    expect(JSON.parse(withNode.args[1]!.slice('notify='.length))).toEqual(['/opt/node/bin/node', HOOK_CLIENT_PATH]);
    expect(withNode.env['ELECTRON_RUN_AS_NODE']).toBeUndefined();
    for (const a of [claude, codex, withNode]) expect(JSON.stringify(a)).not.toMatch(/\/usr\/bin\/env|\/bin\/sh/);

    const c = launch('claude', 'sess-electron-claude', 'hook:SessionStart,idle,wait,hook:Stop,exit:0', { runtime: asElectron });
    await c.until('idle', 30_000);
    expect(c.detector.agentSessionId).toBe('0f5e2c1a-7b3d-4e8f-9a6b-1c2d3e4f5a6b');
    c.pty.write('k');
    await c.until('exited');
    const x = launch('codex', 'sess-electron-codex', 'working:1500,hook:agent-turn-complete,wait,exit:0', { runtime: asElectron, systemNode: null });
    expect(await x.until('idle', 30_000)).toMatchObject({ source: 'hook' });
    expect(x.detector.agentSessionId).toBe('5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a');
    x.pty.write('k');
    await x.until('exited');
  });

  it('a hook call without the session token, or with another session\'s token, is refused and not applied', async () => {
    const w = launch('claude', 'sess-guarded', 'idle,wait,exit:0');
    const other = server.register('sess-other', () => {});
    await w.until('idle');
    const before = server.stats.refused;
    const body = { sessionId: 'sess-guarded', event: 'UserPromptSubmit', payload: { session_id: 'x' } };
    expect(await post(body, {})).toBe(401);
    expect(await post(body, { [HOOK_TOKEN_HEADER]: 'wrong-token' })).toBe(401);
    expect(await post(body, { [HOOK_TOKEN_HEADER]: other.token })).toBe(401);
    expect(await post(body, { [HOOK_TOKEN_HEADER]: other.token, origin: 'http://evil.example' })).toBe(403);
    // The hook client with a wrong token: exits 0, silently, and changes nothing.
    const r = await runClient({ CORTEX_HOOK_URL: server.url, CORTEX_HOOK_TOKEN: 'nope', CORTEX_SESSION_ID: 'sess-guarded' }, 'UserPromptSubmit', '{"session_id":"y"}');
    expect(r).toEqual({ code: 0, out: '' });
    await pause(100);
    expect(server.stats.refused - before).toBe(5);
    expect(w.detector.status.state).toBe('idle');
    expect(w.detector.agentSessionId).toBeNull();
    other.unregister();
    w.pty.write('k');
    await w.until('exited');
  });

  it('the hook client exits 0 quickly and silently when the server is down', async () => {
    const started = Date.now();
    const r = await runClient({ CORTEX_HOOK_URL: 'http://127.0.0.1:9/hook', CORTEX_HOOK_TOKEN: 't', CORTEX_SESSION_ID: 's' }, 'Stop', '{}');
    expect(r).toEqual({ code: 0, out: '' });
    // It does not hang: the refused connection ends it at once, and its own limit (2 s) bounds
    // it anyway. The bound leaves room for a Node start on a loaded machine (1-3 s seen).
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

function runClient(env: Record<string, string>, event: string, stdin: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [HOOK_CLIENT_PATH, event], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.stdin.end(stdin);
    p.on('close', (code) => resolve({ code, out }));
  });
}
