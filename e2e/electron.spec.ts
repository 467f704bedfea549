import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronVersion, nativeOutputPath } from '../scripts/electron-native.mjs';
import { electronBinary } from '../scripts/start-electron.mjs';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';

/**
 * Smoke test of the desktop app itself: the real Electron main process, preload, IPC
 * transport and sandboxed window. Runs only where Electron's binary exists; everything the
 * renderer does is covered in Chromium by the browser-mode tests.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const binary = electronBinary(root);
const SKIP_REASON = 'Electron binary not available on this machine; the renderer is covered by the browser-mode tests';
/** Request ids for direct bridge calls, far above what the renderer's client uses. */
const PROBE_ID = 900_000;

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, SKIP_REASON);

  let app: ElectronApplication | undefined;
  let dataDir: string | undefined;

  test.beforeAll(async () => {
    const main = join(root, 'dist', 'node', 'electron', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before the e2e tests.`);
    const native = nativeOutputPath(root, electronVersion(root));
    if (!existsSync(native)) throw new Error(`${native} is missing: run \`node scripts/electron-native.mjs\` (npm start does it).`);
    dataDir = mkdtempSync(join(tmpdir(), 'cortex-electron-e2e-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [root],
      cwd: root,
      env: { ...process.env, CORTEX_DATA_DIR: dataDir },
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens the sandboxed cockpit, runs a shell session, and quitting kills it', async ({}, testInfo) => {
    const page = await app!.firstWindow();

    await test.step('the window shows the cockpit', async () => {
      await expect(page).toHaveTitle('Phantom Cortex');
      await expect(page.getByTestId('add-folder-input')).toBeVisible();
      expect(page.url()).toMatch(/^app:\/\/cortex\//);
      await snap(page, testInfo, 'electron-01-window');
    });

    await test.step('the renderer is isolated and sandboxed, with the narrow bridge only', async () => {
      const prefs = await app!.evaluate(({ BrowserWindow }) => (BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): unknown }).getLastWebPreferences());
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
      const world = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as unknown as { cortex: object }).cortex).sort(),
      }));
      expect(world).toEqual({ require: 'undefined', process: 'undefined', bridge: ['onFrame', 'platform', 'send'] });
    });

    await test.step('navigation away from app://cortex is refused', async () => {
      await page.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/cortex\//);
    });

    const repo = makeGitRepo('electron-repo');
    const cockpit = new Cockpit(page);
    const panel = await test.step('start a shell session and run a command', async () => {
      await cockpit.addFolder(repo);
      const p = await cockpit.startSession(basename(repo));
      await cockpit.typeLine(p, 'echo from-electron-$((6*7))');
      await expect(cockpit.screen(p)).toContainText('from-electron-42');
      await snap(page, testInfo, 'electron-02-shell');
      return p;
    });

    await test.step('quitting the app kills the session', async () => {
      const pid = await sessionPid(page, (await panel.getAttribute('data-session-id'))!);
      expect(pid).toBeGreaterThan(0);
      await app!.close();
      app = undefined;
      await expect.poll(() => isAlive(pid!), { timeout: 10_000 }).toBe(false);
      rmSync(repo, { recursive: true, force: true });
    });
  });
});

/** A session's process id, asked through the bridge like the renderer does. */
function sessionPid(page: Page, id: string): Promise<number | null> {
  return page.evaluate(
    ({ id, reqId }) =>
      new Promise<number | null>((resolve) => {
        type Frame = { t: string; id?: number; ok?: boolean; result?: { pid: number | null } };
        const bridge = (globalThis as unknown as { cortex: { send(f: unknown): void; onFrame(l: (f: Frame) => void): () => void } }).cortex;
        const off = bridge.onFrame((f) => {
          if (f.t !== 'res' || f.id !== reqId) return;
          off();
          resolve(f.ok ? (f.result?.pid ?? null) : null);
        });
        bridge.send({ t: 'req', id: reqId, method: 'sessions.get', params: { id } });
      }),
    { id, reqId: PROBE_ID },
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
