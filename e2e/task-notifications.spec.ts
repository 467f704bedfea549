import { expect, test } from '@playwright/test';
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
  test.beforeAll(() =>
    writeFileSync(profilesFile(), JSON.stringify({ profiles: [scriptedProfile('fixer', 'Fixer', 'fixer', { capabilities: ['implement', 'fix'], specializations: ['javascript', 'general'] })] })),
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
});
