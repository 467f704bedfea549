import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import type { CliIo } from '../../cli/output.js';
import { testShellEnv } from '../../test/support/temp.js';
import { browserIdentityPath, loadBrowserIdentity, rotateBrowserToken } from '../config/browser-identity.js';
import { startBrowserMode, type BrowserModeInstance } from './browser-mode.js';

const dirs: string[] = [];
const instances: BrowserModeInstance[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cortex-identity-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const i of instances.splice(0)) await i.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<BrowserModeInstance> {
  const i = await startBrowserMode({ dataDir, env: testShellEnv() });
  instances.push(i);
  return i;
}

describe('browser identity', () => {
  it('is created once, private to the user (0600), and read back unchanged', () => {
    const dir = tempDir();
    const a = loadBrowserIdentity(dir);
    expect(a.token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(browserIdentityPath(dir)).mode & 0o777).toBe(0o600);
    expect(loadBrowserIdentity(dir)).toEqual(a);
  });

  it('replaces a damaged file with a fresh token', () => {
    const dir = tempDir();
    writeFileSync(browserIdentityPath(dir), '{"token":"short","port":1}');
    expect(loadBrowserIdentity(dir).token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a restarted instance has the same port and token; a rotated token changes only the token', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const { port, token } = first.server;
    await instances.pop()!.stop();
    const second = await start(dir);
    expect(second.server.port).toBe(port);
    expect(second.server.token).toBe(token);
    await instances.pop()!.stop();

    const out: string[] = [];
    const io: CliIo = { env: { ...process.env, CORTEX_DATA_DIR: dir }, cwd: dir, stdout: { write: (s: string) => out.push(s), isTTY: false }, stderr: { write: (s: string) => out.push(s) } };
    expect(await runCli(['token', 'rotate', '--json'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ rotated: true, port });
    const third = await start(dir);
    expect(third.server.token).not.toBe(token);
    expect(third.server.port).toBe(port);
  });

  it('takes any free port when the last one is taken', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const port = first.server.port;
    await instances.pop()!.stop();
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(port, '127.0.0.1', done));
    try {
      const second = await start(dir);
      expect(second.server.port).not.toBe(port);
      expect(loadBrowserIdentity(dir).port).toBe(second.server.port);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });

  it('rotateBrowserToken keeps the port', () => {
    const dir = tempDir();
    const before = loadBrowserIdentity(dir);
    const after = rotateBrowserToken(dir);
    expect(after.port).toBe(before.port);
    expect(after.token).not.toBe(before.token);
  });
});
