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
  test('the project details name a test command where detection finds none; the next task is checked by it', async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const text = 'Fix the value, checked by the named command';
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('named-check-repo');
    // No test script: detection finds nothing; test.js is there for a person to name.
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'no-script', version: '1.0.0' }) + '\n');
    execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '-qam', 'no test script'], { cwd: repo });
    const name = basename(repo);
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);

    await test.step('the details say a task here ends unverified; naming `node test.js` makes it the tests check', async () => {
      await cockpit.projectRow(name).getByTestId('project-open-details').click();
      const dialog = page.getByTestId('project-details');
      const quality = dialog.getByTestId('quality-settings');
      await expect(quality.getByTestId('quality-none')).toContainText('ends unverified');
      await quality.getByTestId('quality-command-tests').fill('node test.js');
      await quality.getByTestId('quality-save').click();
      const check = quality.locator('[data-testid="quality-check"][data-kind="tests"]');
      await expect(check).toContainText('node test.js');
      await expect(check).toContainText('settings');
      await expect(check).toHaveAttribute('data-ready', 'true');
      await expect(quality.getByTestId('quality-none')).toHaveCount(0);
      await snap(page, testInfo, '81-quality-named-check');
      await dialog.getByTestId('project-details-close').click();
    });

    await test.step('a task on it passes the gate through that command', async () => {
      const composer = await cockpit.openTaskComposer();
      await composer.getByTestId('task-project').click();
      await page.getByRole('option').filter({ hasText: name }).first().click();
      await composer.getByTestId('task-text').fill(text);
      await expect(composer.getByTestId('task-start')).toBeEnabled();
      await composer.getByTestId('task-start').click();
      const card = cockpit.taskCard(text);
      await expect(card).toHaveAttribute('data-status', 'completed', { timeout: TASK_TIMEOUT_MS });
      await expect(card.getByTestId('task-card-gate')).toHaveAttribute('data-verdict', 'passed');
    });
    expect(cockpit.pageErrors).toEqual([]);
  });
});
