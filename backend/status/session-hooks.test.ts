import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackendProcess } from '../../test/support/backend-process.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';
import { builtin, FAKE_AGENT } from '../../test/support/status-harness.js';

const data = tempDir('cortex-data-');
const work = tempDir('cortex-work-');
afterAll(() => {
  data.cleanup();
  work.cleanup();
});

describe('hooks through a real session: state, the agent session id, and resume with it', () => {
  it('a Claude-like agent reports over its per-launch hooks; its session id is stored and used by the relaunch after a restart', async () => {
    const claude = builtin('claude');
    const wrapper = join(work.dir, 'fake-claude.sh');
    writeFileSync(
      wrapper,
      `#!/bin/bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(FAKE_AGENT)} claude 'hook:SessionStart,idle,hook:UserPromptSubmit,working:600,hook:Stop,idle,sleep:600000' "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    writeFileSync(
      join(data.dir, 'profiles.json'),
      JSON.stringify({
        profiles: [{ id: 'fake-claude', name: 'Fake Claude', command: wrapper, status: claude.status, hooks: claude.hooks, resume: { withId: ['--resume', '{id}'], continue: ['--continue'] } }],
      }),
    );
    const env = testShellEnv();
    const a = await startBackendProcess(data.dir, env);
    const s = await a.client.call('sessions.start', { path: work.dir, agent: 'fake-claude' });
    expect(s.argv.slice(1, 2)).toEqual(['--settings']);
    const sources = new Set<string>();
    a.client.on('session.updated', (u) => {
      if (u.id === s.id) sources.add(`${u.state}:${u.stateSource}`);
    });
    const done = await waitFor(async () => {
      const x = await a.client.call('sessions.get', { id: s.id });
      return x.agentSessionId && x.state === 'idle' && x.stateSource === 'hook' ? x : null;
    }, 20_000, 'idle from the Stop hook, with the agent session id');
    expect(done.agentSessionId).toBe('0f5e2c1a-7b3d-4e8f-9a6b-1c2d3e4f5a6b');
    expect(sources.has('working:hook')).toBe(true);
    // Nothing leaked into the user's own settings.
    expect(existsSync(join(env['HOME']!, '.claude'))).toBe(false);
    await a.stop();

    const b = await startBackendProcess(data.dir, env);
    const r = await waitFor(async () => {
      const x = await b.client.call('sessions.get', { id: s.id });
      return x.restoredAt !== null && x.state !== 'starting' ? x : null;
    }, 20_000, 'restored');
    expect(r.argv.slice(-2)).toEqual(['--resume', '0f5e2c1a-7b3d-4e8f-9a6b-1c2d3e4f5a6b']);
    expect(r.argv).toContain('--settings');
    await b.stop();
  }, 90_000);
});
