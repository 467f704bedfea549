import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { mountSmallDisk } from '../test/support/small-disk';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer, type RunningServer } from './support/server';

/** The WCAG 2.1 A and AA rules of axe-core. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One axe-core scan of the whole page as it is now; violations as readable lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.mouse.move(0, 0);
  // A terminal's rows hold what the program printed, in the program's colours: not the app's to fix.
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('.xterm-rows').analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`));
}

/** The instance's problems that leave every session running, as the app shows them. */
function notices(page: Page) {
  return page.getByTestId('health-problem');
}

test.describe('problems of the instance shown in the app, every session running on', () => {
  test('a corrupt row: the app starts, names its table and id once, and everything else is there', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    let server: RunningServer = await startServer();
    try {
      const cockpit = new Cockpit(page);
      const repo = makeGitRepo('corrupt-row-repo');
      const name = basename(repo);
      await cockpit.open(server.url);
      await cockpit.addFolder(repo);
      const good = await cockpit.sessionId(await cockpit.startSession(name));
      const bad = await cockpit.sessionId(await cockpit.startSession(name));
      await expect(notices(page)).toHaveCount(0);
      await server.stop({ keepData: true });

      // A control character inside a JSON column of the real database file, as a torn or
      // hand-edited write leaves it.
      const db = new Database(join(server.dataDir, 'cortex.sqlite'));
      db.prepare(`UPDATE sessions SET argv = '["bash' || char(1) || '"]' WHERE id = ?`).run(bad);
      db.close();

      server = await startServer({ root: server.root });
      await cockpit.open(server.url);
      // The old page's reconnect attempts to the stopped server are logged as errors: not this page's.
      cockpit.pageErrors.length = 0;
      const notice = notices(page);
      await expect(notice).toHaveCount(1);
      await expect(notice).toHaveAttribute('data-kind', 'corrupt-rows');
      await expect(notice).toContainText(`1 corrupt row was skipped (sessions: ${bad})`);
      await expect(notice).toContainText(join(server.dataDir, 'cortex.sqlite'));

      // The project and the other session are there, and the session works.
      await expect(cockpit.projectRow(name)).toBeVisible();
      await expect(cockpit.sessionRow(good)).toBeVisible();
      await expect(cockpit.sessionRow(bad)).toHaveCount(0);
      await cockpit.sessionRow(good).getByTestId('session-open').click();
      const panel = cockpit.panelById(good);
      await expect(panel.getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
      await cockpit.typeLine(panel, 'echo still-$((6*7))');
      await expect(cockpit.screen(panel)).toContainText('still-42');

      await snap(page, testInfo, '90-corrupt-row-notice');
      expect(await axeViolations(page)).toEqual([]);

      // Once: a reload shows the same single notice, not another.
      await page.reload();
      await expect(page.getByTestId('add-folder-input')).toBeVisible();
      await expect(notices(page)).toHaveCount(1);
      await expect(notices(page)).toContainText(bad);
      expect(server.output().match(new RegExp(`corrupt row of table sessions \\(id ${bad}\\)`, 'g'))).toHaveLength(1);
      expect(cockpit.pageErrors).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  test('a full disk: one clear error while the session runs on, gone when space returns', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    const disk = mountSmallDisk(8, 'the full-disk end-to-end test');
    test.skip(!disk, 'mounting a tmpfs needs root');
    let server: RunningServer | null = null;
    try {
      mkdirSync(join(disk!.dir, 'data'), { mode: 0o700 });
      server = await startServer({ root: disk!.dir });
      const cockpit = new Cockpit(page);
      // The project lives on another disk: only the data folder is on the full one.
      const repo = makeGitRepo('full-disk-repo');
      const name = basename(repo);
      await cockpit.open(server.url);
      await cockpit.addFolder(repo);
      const panel = await cockpit.startSession(name);
      await cockpit.typeLine(panel, 'echo before-$((6*7))');
      await expect(cockpit.screen(panel)).toContainText('before-42');
      // Snapshots are throttled (at most one per 2 s): let the first one be saved.
      await page.waitForTimeout(2_500);
      await expect(notices(page)).toHaveCount(0);

      disk!.fill();
      // Enough new scrollback that the next snapshot needs pages the full disk cannot give.
      await cockpit.typeLine(panel, `seq -f 'line %g ${'x'.repeat(100)}' 1 3000; echo printed-$((6*7))`);
      await expect(cockpit.screen(panel)).toContainText('printed-42', { timeout: 30_000 });
      const notice = notices(page);
      await expect(notice).toHaveCount(1, { timeout: 30_000 });
      await expect(notice).toHaveAttribute('data-kind', 'disk-full');
      await expect(notice).toContainText(`The disk holding ${join(server.dataDir, 'cortex.sqlite')} is full: snapshots are paused.`);
      await expect(notice).toContainText('Every session keeps running');

      // The session runs on and echoes while the disk is full.
      await cockpit.typeLine(panel, 'echo while-full-$((6*7))');
      await expect(cockpit.screen(panel)).toContainText('while-full-42');
      await expect(notice).toHaveCount(1);
      await snap(page, testInfo, '91-disk-full-notice');
      expect(await axeViolations(page)).toEqual([]);

      // Space returns: saving resumes on its own and the notice goes away.
      disk!.free();
      await cockpit.typeLine(panel, 'echo after-space-$((6*7))');
      await expect(cockpit.screen(panel)).toContainText('after-space-42');
      await expect(notices(page)).toHaveCount(0, { timeout: 30_000 });
      expect(cockpit.pageErrors).toEqual([]);
    } finally {
      await server?.stop({ keepData: true });
      disk?.unmount();
    }
  });
});
