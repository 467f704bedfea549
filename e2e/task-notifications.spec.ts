import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DATA_DIR_ENV, URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { notes, recordNotifications } from './support/notifications';
import { makeTaskProject, scriptedProfile } from './support/task-project';

/** The task the user types; its first line is the notification's title. */
const TASK_TEXT = 'Fix the value so the notification test passes';
/** Longest wait for a task to go through agent, gate and commit, ms. */
const TASK_TIMEOUT_MS = 45_000;

test.use({ permissions: ['notifications'] });

test.describe('task outcomes reach the person', () => {
  const profilesFile = () => join(process.env[DATA_DIR_ENV]!, 'profiles.json');
  // The fixer takes fix tasks; the broken agent can be chosen for them but always leaves the value wrong.
  test.beforeAll(() =>
    writeFileSync(
      profilesFile(),
      JSON.stringify({
        profiles: [
          scriptedProfile('fixer', 'Fixer', 'fixer', { capabilities: ['implement', 'fix'], specializations: ['javascript', 'general'] }),
          scriptedProfile('broken', 'Broken', 'broken', { capabilities: ['implement', 'fix'], specializations: [] }),
        ],
      }),
    ),
  );
  test.afterAll(() => rmSync(profilesFile(), { force: true }));

  test('a completed task raises an OS notification titled with the task, saying who completed it and how', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await recordNotifications(page);
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('notify-repo');
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);

    await test.step('turn notifications on with the bell', async () => {
      const bell = page.getByTestId('notifications-toggle');
      await bell.click();
      await expect(bell).toHaveAttribute('data-enabled', 'true');
    });

    const composer = await cockpit.openTaskComposer();
    await composer.getByTestId('task-project').click();
    await page.getByRole('option').filter({ hasText: basename(repo) }).first().click();
    await composer.getByTestId('task-text').fill(TASK_TEXT);
    await expect(composer.getByTestId('task-start')).toBeEnabled();
    await composer.getByTestId('task-start').click();

    const card = cockpit.taskCard(TASK_TEXT);
    await test.step('no notification while it runs; one when it completes', async () => {
      await expect(card).toHaveAttribute('data-status', 'in_progress', { timeout: TASK_TIMEOUT_MS });
      expect((await notes(page)).filter((n) => n.title === TASK_TEXT)).toEqual([]);
      await expect(card).toHaveAttribute('data-status', 'completed', { timeout: TASK_TIMEOUT_MS });
      await expect.poll(async () => (await notes(page)).filter((n) => n.title === TASK_TEXT)).toHaveLength(1);
      const [note] = (await notes(page)).filter((n) => n.title === TASK_TEXT);
      expect(note!.body).toBe('Completed by fixer: the quality gate passed after 1 iteration(s). Review it to merge.');
      expect(note!.tag).toMatch(/^task:[0-9a-f-]{36}$/);
      await snap(page, testInfo, '85-task-completed-notified');
    });
    expect(cockpit.pageErrors).toEqual([]);
  });
  test('an agent that fails its runs hands over: one notification says so, one more when the next agent completes it', async ({ page }, testInfo) => {
    test.setTimeout(150_000);
    const text = 'Fix the value after a hand-over';
    const cockpit = await openWithBell(page);
    const repo = makeTaskProject('notify-switch-repo');
    await cockpit.addFolder(repo);
    await startTask(page, cockpit, repo, text, 'broken');
    const card = cockpit.taskCard(text);
    await expect(card).toHaveAttribute('data-status', 'completed', { timeout: 4 * TASK_TIMEOUT_MS });
    await expect.poll(async () => (await notes(page)).filter((n) => n.title === text)).toHaveLength(2);
    const [switched, completed] = (await notes(page)).filter((n) => n.title === text);
    expect(switched!.body).toBe('broken did not pass the quality gate; fixer takes over.');
    expect(completed!.body).toMatch(/^Completed by fixer: the quality gate passed after \d+ iteration\(s\)\. Review it to merge\.$/);
    await snap(page, testInfo, '86-task-switched-notified');
    expect(cockpit.pageErrors).toEqual([]);
  });

  test('a task no check can verify raises an "unverified" notification asking for a review', async ({ page }) => {
    test.setTimeout(120_000);
    const text = 'Fix the value where nothing can check it';
    const cockpit = await openWithBell(page);
    const repo = makeTaskProject('notify-unverified-repo');
    // No test script, no tsconfig, no linter: nothing the gate could run.
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'no-checks', version: '1.0.0' }) + '\n');
    execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '-qam', 'no test script'], { cwd: repo });
    await cockpit.addFolder(repo);
    await startTask(page, cockpit, repo, text, 'fixer');
    await expect(cockpit.taskCard(text)).toHaveAttribute('data-status', 'unverified', { timeout: TASK_TIMEOUT_MS });
    await expect.poll(async () => (await notes(page)).filter((n) => n.title === text)).toHaveLength(1);
    const [note] = (await notes(page)).filter((n) => n.title === text);
    expect(note!.body).toMatch(/^Unverified: no check could verify the change.*Review it before merging\.$/);
    expect(cockpit.pageErrors).toEqual([]);
  });

  test('a task that fails with no agent switch left raises a "failed" notification with the reason', async ({ page }) => {
    test.setTimeout(150_000);
    const text = 'Fix the value with no one to hand over to';
    const cockpit = await openWithBell(page);
    await setMaxSwitches(page, '0');
    try {
      const repo = makeTaskProject('notify-failed-repo');
      await cockpit.addFolder(repo);
      await startTask(page, cockpit, repo, text, 'broken');
      await expect(cockpit.taskCard(text)).toHaveAttribute('data-status', 'failed', { timeout: 3 * TASK_TIMEOUT_MS });
      await expect.poll(async () => (await notes(page)).filter((n) => n.title === text)).toHaveLength(1);
      const [note] = (await notes(page)).filter((n) => n.title === text);
      expect(note!.body).toMatch(/^Failed: quality gate failed \d+ time\(s\) with broken; 0 agent switch\(es\) allowed and used/);
    } finally {
      await setMaxSwitches(page, '2');
    }
    expect(cockpit.pageErrors).toEqual([]);
  });
});

/** Opens the cockpit recording notifications, with the bell on. */
async function openWithBell(page: Page): Promise<Cockpit> {
  await recordNotifications(page);
  const cockpit = new Cockpit(page);
  await cockpit.open(process.env[URL_ENV]!);
  const bell = page.getByTestId('notifications-toggle');
  if ((await bell.getAttribute('data-enabled')) !== 'true') await bell.click();
  await expect(bell).toHaveAttribute('data-enabled', 'true');
  return cockpit;
}

/** Starts a task with `text` on `repo` from the composer, with `agent` chosen among the ranked agents. */
async function startTask(page: Page, cockpit: Cockpit, repo: string, text: string, agent: string): Promise<void> {
  const composer = await cockpit.openTaskComposer();
  await composer.getByTestId('task-project').click();
  await page.getByRole('option').filter({ hasText: basename(repo) }).first().click();
  await composer.getByTestId('task-text').fill(text);
  await composer.locator(`[data-testid="ranked-agent"][data-agent="${agent}"] input[type="radio"]`).check();
  await expect(composer.getByTestId('task-start')).toBeEnabled();
  await composer.getByTestId('task-start').click();
  await expect(composer).toBeHidden();
}

/** Sets the orchestrator's agent switches per task in the Settings dialog. */
async function setMaxSwitches(page: Page, value: string): Promise<void> {
  await page.getByTestId('settings-button').click();
  const dialog = page.getByTestId('settings-dialog');
  const field = dialog.getByTestId('settings-maxSwitches');
  await field.fill(value);
  await field.press('Tab');
  await expect(dialog.getByTestId('settings-saved')).toBeVisible();
  await dialog.getByTestId('settings-close').click();
}
