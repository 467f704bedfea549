import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DATA_DIR_ENV, URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { makeTaskProject, scriptedProfile } from './support/task-project';

const TASK_TEXT = 'Fix the value in src/value.js';
const TASK_TIMEOUT_MS = 45_000;

test.describe('task quality gate on the board', () => {
  const profilesFile = () => join(process.env[DATA_DIR_ENV]!, 'profiles.json');
  test.beforeAll(() =>
    writeFileSync(profilesFile(), JSON.stringify({ profiles: [scriptedProfile('fixer', 'Fixer', 'fixer', { capabilities: ['implement', 'fix'], specializations: ['javascript', 'general'] })] })),
  );
  test.afterAll(() => rmSync(profilesFile(), { force: true }));

  test('a project with no check ends unverified, the card says why and offers a retry, which runs again', async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('unverified-repo');
    // No test script, no tsconfig, no linter: nothing the gate could run.
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'no-checks', version: '1.0.0' }) + '\n');
    execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '-qam', 'no test script'], { cwd: repo });
    const name = basename(repo);
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);

    const composer = await cockpit.openTaskComposer();
    await composer.getByTestId('task-project').click();
    await page.getByRole('option').filter({ hasText: name }).first().click();
    await composer.getByTestId('task-text').fill(TASK_TEXT);
    await expect(composer.getByTestId('task-start')).toBeEnabled();
    await composer.getByTestId('task-start').click();

    const card = cockpit.taskCard(TASK_TEXT);
    await test.step('it lands in Done as unverified, with the reason and the gate saying nothing was verified', async () => {
      await expect(card).toHaveAttribute('data-status', 'unverified', { timeout: TASK_TIMEOUT_MS });
      // The e2e instance is shared: other specs' tasks may be in Done too; this project's task is there once.
      await expect(page.locator('[data-testid="board-column"][data-column="done"]').getByTestId('task-card').filter({ hasText: name })).toHaveCount(1);
      await expect(card.getByTestId('task-card-status')).toContainText('Unverified · review before merge');
      await expect(card.getByTestId('task-card-gate')).toHaveAttribute('data-verdict', 'unverified');
      await expect(card.getByTestId('task-card-gate')).toContainText('Nothing verified');
      await expect(card.getByTestId('task-card-error')).toContainText('Needs your review before merge');
      await expect(card.getByTestId('task-card-error')).toContainText('no check could verify the change');
      await snap(page, testInfo, '80-task-unverified');
    });

    await test.step('Retry opens its dialog and runs the task again', async () => {
      await card.getByTestId('task-card-retry').click();
      const dialog = page.getByTestId('task-retry-dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('task-retry-keep').locator('input')).toBeChecked();
      await dialog.getByTestId('task-retry-confirm').click();
      await expect(dialog).toBeHidden();
      await expect(card.getByTestId('task-card-iterations')).toHaveText('2 iterations', { timeout: TASK_TIMEOUT_MS });
      await expect(card).toHaveAttribute('data-status', 'unverified', { timeout: TASK_TIMEOUT_MS });
    });
    expect(cockpit.pageErrors).toEqual([]);
  });
});
