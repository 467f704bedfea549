import { expect, test } from '@playwright/test';
import { Cockpit } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer, type RunningServer } from './support/server';
import Database from 'better-sqlite3';
import { basename, join } from 'node:path';

test.setTimeout(240_000);

/**
 * True once the saved snapshot of session `id` (in the real SQLite file of the instance at
 * `dataDir`) shows `text`: what a kill -9 keeps is what the last snapshot saved (one every
 * SNAPSHOT_INTERVAL_MS, 2 s), not what was drawn a moment before.
 */
function snapshotShows(dataDir: string, id: string, text: string): boolean {
  const db = new Database(join(dataDir, 'cortex.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT data FROM session_snapshots WHERE session_id = ?').get(id) as { data: string } | undefined;
    return row?.data.includes(text) ?? false;
  } finally {
    db.close();
  }
}

let server: RunningServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test('browser mode: kill -9 says the instance is gone and refuses keys; a restart on the same URL reconnects the tab with its layout', async ({ page }) => {
  server = await startServer({ stablePort: true });
  const cockpit = new Cockpit(page);
  const repo = makeGitRepo('restart-repo');
  await cockpit.open(server.url);
  await cockpit.addFolder(repo);
  const panel = await cockpit.startSession(basename(repo));
  const id = await cockpit.sessionId(panel);
  await cockpit.typeLine(panel, 'echo before-$((6*7))');
  await expect(cockpit.screen(panel)).toContainText('before-42');
  await expect.poll(() => snapshotShows(server!.dataDir, id, 'before-42'), { timeout: 20_000 }).toBe(true);

  await test.step('kill -9: the banner says the instance is gone, the clocks stop, keys are refused visibly', async () => {
    const url = server!.url;
    await server!.kill9();
    await expect(page.getByTestId('banner-gone')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('banner-gone')).toContainText('not running');
    // Offline the banner keeps the app's own (bundled) font, never the browser's serif default.
    expect(await page.getByTestId('banner-gone').evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/^"?Roboto/);
    const elapsed = panel.getByTestId('state-elapsed');
    const frozen = await elapsed.textContent();
    await page.waitForTimeout(2_500);
    expect(await elapsed.textContent()).toBe(frozen);
    await panel.locator('.xterm-screen').click();
    await page.keyboard.type('x');
    await expect(panel.getByTestId('terminal-error')).toContainText('not sent');

    server = await startServer({ root: server!.root, stablePort: true });
    expect(server.url).toBe(url);
  });

  await test.step('the same tab reconnects by itself; its console is back', async () => {
    await expect(page.getByTestId('banner-gone')).toBeHidden({ timeout: 60_000 });
    await expect(cockpit.panelById(id)).toBeVisible();
    await expect(cockpit.screen(cockpit.panelById(id))).toContainText('before-42');
  });
});
