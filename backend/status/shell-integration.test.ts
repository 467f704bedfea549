import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { shellIntegration } from './shell-integration.js';

let t: TestInstance;
const dir = tempDir();
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await t?.stop();
  dir.cleanup();
});

const get = (id: string): Promise<Session> => t.client.call('sessions.get', { id });

describe('shell integration (OSC 133) through the real session manager', () => {
  it('a silent `sleep 8` reads working until the prompt returns; the exit code is recorded', async () => {
    const s = await t.client.call('sessions.start', { path: dir.dir, agent: 'shell' });
    expect(s.argv.slice(1)).toEqual(['--rcfile', join(t.dataDir, 'shell-integration', 'bash-rc.sh'), '-i']);
    await waitFor(async () => (await get(s.id)).state === 'idle', 15_000, 'idle at the prompt');
    const notes: EventPayload<'session.notify'>[] = [];
    t.client.on('session.notify', (n) => notes.push(n));
    await t.client.call('sessions.write', { id: s.id, data: 'sleep 8; (exit 3)\r' });
    await waitFor(async () => (await get(s.id)).state === 'working', 5_000, 'working');
    // Sample the whole silent sleep: the screen is still and unrecognised, the shell's marks say a command runs.
    const seen: string[] = [];
    const until = Date.now() + 6_000;
    while (Date.now() < until) {
      const x = await get(s.id);
      seen.push(`${x.state}/${x.stateSource}`);
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(new Set(seen)).toEqual(new Set(['working/terminal']));
    const idle = await waitFor(async () => {
      const x = await get(s.id);
      return x.state === 'idle' ? x : null;
    }, 10_000, 'idle after the command');
    expect(idle).toMatchObject({ stateSource: 'terminal', stateReason: expect.stringMatching(/^shell prompt: the command exited with code 3 \(OSC 133\)/) });
    const commands = t.instance.backend.db
      .prepare("SELECT json_extract(detail, '$.exitCode') AS code FROM session_events WHERE session_id = ? AND kind = 'command' ORDER BY id")
      .all(s.id)
      .map((r) => (r as { code: number }).code);
    expect(commands).toEqual([3]);
    expect(notes.filter((n) => n.sessionId === s.id && n.kind === 'waiting')).toEqual([]);
    await t.client.call('sessions.write', { id: s.id, data: 'exit 0\r' });
    await waitFor(async () => (await get(s.id)).state === 'exited', 10_000, 'exited');
  });

  it('the rc file is private, under the data dir, and reads the user\u2019s own rc files; other argv are left alone', () => {
    const { argv, env } = shellIntegration(['/bin/bash'], t.dataDir)!;
    const file = argv[2]!;
    expect(env).toEqual({});
    expect(file.startsWith(t.dataDir)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('. "$HOME/.bashrc"');
    for (const shell of ['/bin/bash', '/usr/bin/zsh', '/usr/bin/fish']) {
      expect(shellIntegration([shell, '-c', 'echo hi'], t.dataDir)).toBeNull();
      expect(shellIntegration([shell, '--login'], t.dataDir)).toBeNull();
      expect(shellIntegration([shell, 'script.sh'], t.dataDir)).toBeNull();
    }
    expect(shellIntegration(['/usr/bin/python3'], t.dataDir)).toBeNull();
  });

  it('zsh gets ZDOTDIR for this launch only (private files, the user\u2019s own ZDOTDIR carried along); fish gets --init-command', () => {
    const zsh = shellIntegration(['/usr/bin/zsh', '-i'], t.dataDir, { ZDOTDIR: '/home/u/.config/zsh' })!;
    expect(zsh.argv).toEqual(['/usr/bin/zsh', '-i']);
    expect(zsh.env).toEqual({ ZDOTDIR: join(t.dataDir, 'shell-integration', 'zsh'), CORTEX_USER_ZDOTDIR: '/home/u/.config/zsh' });
    for (const f of ['.zshenv', '.zshrc']) expect(statSync(join(zsh.env['ZDOTDIR']!, f)).mode & 0o777).toBe(0o600);
    expect(statSync(zsh.env['ZDOTDIR']!).mode & 0o777).toBe(0o700);
    expect(shellIntegration(['/usr/bin/zsh'], t.dataDir, {})!.env).toEqual({ ZDOTDIR: join(t.dataDir, 'shell-integration', 'zsh') });
    const fish = shellIntegration(['/usr/bin/fish'], t.dataDir)!;
    expect(fish).toEqual({ argv: ['/usr/bin/fish', '--init-command', `source '${join(t.dataDir, 'shell-integration', 'fish-integration.fish')}'`], env: {} });
  });
});

/**
 * One real shell through the real session manager: idle on its OSC 133 prompt mark, `sleep 3;
 * echo done` working (silent, unrecognised screen) until "done" and the prompt are back, the
 * exit code of each command recorded; the user's own startup file was read and the launch's
 * ZDOTDIR does not leak into the commands the shell runs.
 */
function realShell(shell: 'zsh' | 'fish', exe: string, userRc: (home: string) => void, failing: string) {
  describe(`shell integration for ${shell} (OSC 133) on a real PTY`, () => {
    let st: TestInstance;
    const home = tempDir(`cortex-${shell}-home-`);
    const cwd = tempDir();
    beforeAll(async () => {
      if (!existsSync(exe)) throw new Error(`${exe} is not installed: apt-get install -y ${shell} (.ci/run installs it)`);
      userRc(home.dir);
      st = await startTestInstance({ SHELL: exe, HOME: home.dir, XDG_CONFIG_HOME: join(home.dir, '.config') });
    });
    afterAll(async () => {
      await st?.stop();
      home.cleanup();
      cwd.cleanup();
    });

    it('idle at its prompt on the OSC 133 mark; `sleep 3; echo done` reads working until done; exit codes recorded', async () => {
      const s = await st.client.call('sessions.start', { path: cwd.dir, agent: 'shell' });
      const at = async () => st.client.call('sessions.get', { id: s.id });
      const idle = await waitFor(async () => ((await at()).state === 'idle' ? at() : null), 20_000, `${shell} idle at its prompt`);
      expect(idle).toMatchObject({ stateSource: 'terminal', stateReason: expect.stringContaining('OSC 133') });
      const screen = async () => (await st.client.call('sessions.screen', { id: s.id })).text as string;
      expect(await screen()).toContain('USER_RC_READ');
      await st.client.call('sessions.write', { id: s.id, data: 'sleep 3; echo done\r' });
      await waitFor(async () => (await at()).state === 'working', 5_000, 'working');
      const seen: string[] = [];
      while (!(await screen()).match(/^done$/m)) {
        const x = await at();
        seen.push(`${x.state}/${x.stateSource}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(seen.length).toBeGreaterThan(6); // sampled over most of the 3 s
      expect(new Set(seen)).toEqual(new Set(['working/terminal']));
      await waitFor(async () => (await at()).state === 'idle', 5_000, 'idle after the command');
      await st.client.call('sessions.write', { id: s.id, data: `${failing}\r` });
      await waitFor(async () => (await at()).stateReason.includes('exited with code 3'), 5_000, 'exit code 3');
      await st.client.call('sessions.write', { id: s.id, data: 'echo "zdotdir=[$ZDOTDIR]"\r' });
      await waitFor(async () => (await screen()).includes('zdotdir=[]'), 5_000, 'no ZDOTDIR leaked');
      const codes = st.instance.backend.db
        .prepare("SELECT json_extract(detail, '$.exitCode') AS code FROM session_events WHERE session_id = ? AND kind = 'command' ORDER BY id")
        .all(s.id)
        .map((r) => (r as { code: number }).code);
      expect(codes).toEqual([0, 3, 0]);
      await st.client.call('sessions.write', { id: s.id, data: 'exit\r' });
      await waitFor(async () => (await at()).state === 'exited', 10_000, 'exited');
    });
  });
}

realShell('zsh', '/usr/bin/zsh', (home) => writeFileSync(join(home, '.zshrc'), "PS1='%# '\necho USER_RC_READ\n"), 'sh -c "exit 3"');
realShell(
  'fish',
  '/usr/bin/fish',
  (home) => {
    mkdirSync(join(home, '.config', 'fish'), { recursive: true });
    writeFileSync(join(home, '.config', 'fish', 'config.fish'), 'set -g fish_greeting\necho USER_RC_READ\n');
  },
  'sh -c "exit 3"',
);
