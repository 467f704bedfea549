import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../test/support/instance.js';
import { tempDir, waitFor } from '../test/support/temp.js';
import { BUILTIN_PROFILES } from '../backend/agents/profile-loader.js';
import { HOOK_CLIENT_PATH } from '../backend/sessions/hook-launch.js';
import { escapeControls, paint } from './format.js';
import { runCli } from './main.js';

describe('escapeControls', () => {
  it('shows every control character escaped but line feed and tab, and lets only its own colours through', () => {
    expect(escapeControls('a\x1b]52;c;aGk=\x07b')).toBe('a\\x1b]52;c;aGk=\\x07b');
    expect(escapeControls('title\x1b]0;pwned\x1b\\')).toBe('title\\x1b]0;pwned\\x1b\\');
    expect(escapeControls('x\ry\bz\x7f\x9b2J')).toBe('x\\x0dy\\x08z\\x7f\\x9b2J');
    expect(escapeControls('one\n\ttwo')).toBe('one\n\ttwo');
    const red = paint({ color: true, now: 0 }, 'red', 'R');
    expect(escapeControls(red)).toBe(red);
    expect(escapeControls('\x1b[8mhidden')).toBe('\\x1b[8mhidden');
  });
});

describe('the CLI prints untrusted text with control characters escaped', () => {
  let t: TestInstance;
  const root = tempDir();
  beforeAll(async () => {
    t = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' });
  });
  afterAll(async () => {
    await t?.stop();
    root.cleanup();
  });

  it('a folder named with an OSC 52 (clipboard) and an OSC 0 (title) sequence', async () => {
    const evil = join(root.dir, 'repo\x1b]52;c;cm0gLXJmIH4=\x07\x1b]0;pwned\x07');
    mkdirSync(evil);
    await t.client.call('projects.add', { path: evil });
    let stdout = '';
    const code = await runCli(['projects'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      env: { ...process.env, CORTEX_DATA_DIR: t.dataDir },
      cwd: root.dir,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('repo\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;pwned\\x07');
    expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('a hook message with an OSC 52 (clipboard) sequence, as `cortex status` shows the reason it set', async () => {
    // An agent's hook payload is the agent's text: here a Notification whose message carries
    // an OSC 52 that would write the user's clipboard, sent through the real hook client.
    const payload = JSON.stringify({ session_id: 'evil-1', hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Allow \x1b]52;c;cm0gLXJmIH4=\x07 now?' });
    const script = join(root.dir, 'evil-agent.sh');
    writeFileSync(script, `printf '%s' '${payload.replace(/'/g, `'\\''`)}' | node "$1" Notification\nsleep 60\n`);
    const profile = { id: 'evil-hooks', name: 'evil-hooks', command: '/bin/sh', args: [script, HOOK_CLIENT_PATH], promptMode: { kind: 'arg' }, capabilities: [], specializations: [], hooks: BUILTIN_PROFILES.find((p) => p.id === 'claude')!.hooks };
    writeFileSync(join(t.dataDir, 'profiles.json'), JSON.stringify({ profiles: [profile] }));
    await t.client.call('agents.list', {});
    const folder = join(root.dir, 'hooked');
    mkdirSync(folder);
    const project = await t.client.call('projects.add', { path: folder });
    const s = await t.client.call('sessions.start', { projectId: project.id, agent: 'evil-hooks', cols: 80, rows: 24 });
    await waitFor(async () => /52;c;/.test((await t.client.call('sessions.get', { id: s.id })).stateReason ?? ''), 20_000, 'the hook to set the reason');
    let stdout = '';
    const code = await runCli(['status', s.id], {
      stdout: { write: (x: string) => (stdout += x) },
      stderr: { write: () => true },
      env: { ...process.env, CORTEX_DATA_DIR: t.dataDir },
      cwd: root.dir,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('\\x1b]52;c;cm0gLXJmIH4=\\x07');
    expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    await t.client.call('sessions.kill', { id: s.id });
  }, 60_000);
});
