import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DATA_DIR_ENV, URL_ENV } from './global-setup';
import { axeScan as scan, SCHEMES } from './support/axe';
import { Cockpit } from './support/cockpit';
import { makeTaskProject, scriptedProfile } from './support/task-project';

// Up to sixteen axe scans per test: a minute or two on an idle machine, several on a loaded one.
test.setTimeout(480_000);

/** Longest wait for a task to go through its agent and gate, ms. */
const TASK_TIMEOUT_MS = 60_000;

/** Opens a dialog the way a user does, waits for `ready` (its loaded content) if given, scans the overlay, and closes it with Escape. */
async function scanDialog(page: Page, label: string, open: () => Promise<void>, found: string[], ready?: Locator): Promise<void> {
  await open();
  await expect(page.getByRole('dialog')).toBeVisible();
  if (ready) await expect(ready).toBeVisible();
  found.push(...(await scan(page, label, true)));
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
}

for (const scheme of SCHEMES) {
  test.describe(`axe-core, WCAG 2.1 AA, ${scheme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
    });

    test('main screens: no violation; errors tied to their fields', async ({ page }) => {
      const cockpit = new Cockpit(page);
      const { name } = await cockpit.openWithNewRepo(`a11y-main-${scheme}`);
      const found: string[] = [];
      found.push(...(await scan(page, 'empty consoles')));
      const panel = await cockpit.startSession(name);
      await cockpit.typeLine(panel, 'echo a11y-$((6*7))');
      await expect(cockpit.screen(panel)).toContainText('a11y-42');
      found.push(...(await scan(page, 'consoles')));

      const folder = page.getByTestId('add-folder-input');
      await folder.fill('/no/such/folder');
      await page.getByTestId('add-folder-submit').click();
      await expect(page.getByTestId('add-folder-error')).toBeVisible();
      await expect(folder).toHaveAttribute('aria-invalid', 'true');
      await expect(folder).toHaveAttribute('aria-describedby', /add-folder-error/);
      await folder.fill('');

      await page.getByTestId('view-tasks').click();
      await expect(page.getByTestId('task-board')).toBeVisible();
      found.push(...(await scan(page, 'task board')));
      await page.getByTestId('view-dashboard').click();
      await expect(page.getByTestId('dashboard')).toBeVisible();
      found.push(...(await scan(page, 'usage dashboard')));
      expect(found, found.join('\n')).toEqual([]);
    });

    test('dialogs and menus: no violation', async ({ page }) => {
      const cockpit = new Cockpit(page);
      const { name } = await cockpit.openWithNewRepo(`a11y-dialogs-${scheme}`);
      const panel = await cockpit.startSession(name);
      const found: string[] = [];
      const dialogs: [string, () => Promise<void>][] = [
        ['new session', () => page.getByTestId('new-session-button').click()],
        ['task composer', () => page.getByTestId('new-task-button').click()],
        ['settings', () => page.getByTestId('settings-button').click()],
        ['command palette', () => page.getByTestId('palette-button').click()],
        ['shortcuts help', () => page.keyboard.press('ControlOrMeta+Slash')],
      ];
      for (const [label, open] of dialogs) {
        await open();
        await expect(page.getByRole('dialog')).toBeVisible();
        if (label === 'settings') {
          // An error in view, tied to its field.
          const field = page.getByTestId('settings-scrollback');
          await field.fill('5');
          await expect(field).toHaveAttribute('aria-invalid', 'true');
          const error = page.getByTestId('settings-scrollback-error');
          await expect(error).toContainText('from 100 to 100000');
          await expect(error).toBeInViewport();
          expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
        }
        found.push(...(await scan(page, label, true)));
        await page.keyboard.press('Escape');
        if (label === 'settings') {
          // The refused value is unsaved: closing asks first.
          const question = page.getByRole('alertdialog');
          await expect(question).toBeVisible();
          await expect(question.getByTestId('unsaved-keep')).toBeFocused();
          found.push(...(await scan(page, 'settings: unsaved changes question', true)));
          await question.getByTestId('unsaved-discard').press('Enter');
          await expect(question).toBeHidden();
        }
        await expect(page.getByRole('dialog')).toBeHidden();
      }
      await cockpit.projectRow(name).getByTestId('project-menu').click();
      found.push(...(await scan(page, 'project menu', true)));
      await page.keyboard.press('Escape');
      await panel.locator('.xterm-screen').click({ button: 'right' });
      found.push(...(await scan(page, 'terminal menu', true)));
      await page.keyboard.press('Escape');

      await scanDialog(page, 'project details', () => cockpit.projectRow(name).getByTestId('project-open-details').click(), found, page.getByTestId('analysis-source'));

      const row = cockpit.sessionRow(await cockpit.sessionId(panel));
      await row.getByTestId('session-menu').click();
      await expect(page.getByTestId('session-rename')).toBeVisible();
      found.push(...(await scan(page, 'session menu', true)));
      await page.getByTestId('session-rename').click();
      await expect(page.getByTestId('rename-input')).toBeVisible();
      found.push(...(await scan(page, 'rename dialog', true)));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();

      await row.getByTestId('session-menu').click();
      await page.getByTestId('session-stop').click();
      await expect(page.getByTestId('confirm-ok')).toBeVisible();
      found.push(...(await scan(page, 'confirm dialog', true)));
      await page.getByTestId('confirm-cancel').click();
      await expect(page.getByRole('dialog')).toBeHidden();

      await page.getByTestId('new-session-button').click();
      await page.getByRole('dialog').getByTestId('new-session-agent').click();
      await expect(page.getByRole('listbox')).toBeVisible();
      found.push(...(await scan(page, 'agent list of New session', true)));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('listbox')).toBeHidden();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();

      // A fourth session while three consoles are shown asks which one to replace.
      await cockpit.startSession(name);
      await cockpit.startSession(name);
      await cockpit.submitNewSession(name);
      const ask = page.getByTestId('replace-console-dialog');
      await expect(ask.getByTestId('replace-console-choice')).toHaveCount(3);
      found.push(...(await scan(page, 'replace console', true)));
      await ask.getByTestId('replace-console-cancel').click();
      await expect(ask).toBeHidden();
      expect(found, found.join('\n')).toEqual([]);
    });

    test('task dialogs (retry, review, discard, merged): no violation', async ({ page }) => {
      const profiles = join(process.env[DATA_DIR_ENV]!, 'profiles.json');
      writeFileSync(profiles, JSON.stringify({ profiles: [scriptedProfile('fixer', 'Fixer', 'fixer', { capabilities: ['implement', 'fix'], specializations: ['javascript'] })] }));
      try {
        const cockpit = new Cockpit(page);
        // No test script: the task ends unverified, so both Retry and Review are offered.
        const repo = makeTaskProject(`a11y-task-${scheme}`);
        writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'no-checks', version: '1.0.0' }) + '\n');
        execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '-qam', 'no test script'], { cwd: repo });
        const text = `Fix the value in src/value.js (${scheme})`;
        await cockpit.open(process.env[URL_ENV]!);
        await cockpit.addFolder(repo);
        await cockpit.projectRow(basename(repo)).getByTestId('project-menu').click();
        await page.getByTestId('project-new-task').click();
        const composer = page.getByTestId('task-composer');
        await composer.getByTestId('task-text').fill(text);
        await expect(composer.getByTestId('task-start')).toBeEnabled();
        await composer.getByTestId('task-start').click();
        await expect(composer).toBeHidden();
        const card = cockpit.taskCard(text);
        await expect(card).toHaveAttribute('data-status', 'unverified', { timeout: TASK_TIMEOUT_MS });

        const found: string[] = [];
        await scanDialog(page, 'retry', () => card.getByTestId('task-card-retry').click(), found, page.getByTestId('task-retry-agent'));
        await card.getByTestId('task-review').click();
        const review = page.getByTestId('task-review-dialog');
        await expect(review.locator('[data-testid="diff-line"][data-kind="add"]')).toContainText('+module.exports = 42;');
        found.push(...(await scan(page, 'review', true)));
        await review.getByTestId('review-discard').click();
        await expect(page.getByTestId('confirm-ok')).toBeVisible();
        found.push(...(await scan(page, 'discard confirm over review', true)));
        await page.getByTestId('confirm-cancel').click();
        await expect(page.getByTestId('confirm-ok')).toBeHidden();
        await review.getByTestId('review-merge').click();
        await expect(review.getByTestId('review-merged')).toBeVisible();
        found.push(...(await scan(page, 'review, merged', true)));
        await review.getByTestId('review-close').click();
        await expect(review).toBeHidden();
        expect(found, found.join('\n')).toEqual([]);
        expect(cockpit.pageErrors).toEqual([]);
        // The e2e tests share one instance: the project goes, and its tasks with it, so that the
        // task board of the tests after this one starts empty.
        await cockpit.projectRow(basename(repo)).getByTestId('project-menu').click();
        await page.getByTestId('project-remove').click();
        await page.getByTestId('confirm-ok').click();
        await expect(cockpit.projectRow(basename(repo))).toHaveCount(0);
      } finally {
        rmSync(profiles, { force: true });
      }
    });
  });
}
