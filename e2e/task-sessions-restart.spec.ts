import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Cockpit, snap } from './support/cockpit';
import { startServer, type RunningServer } from './support/server';
import { makeTaskProject, scriptedProfile } from './support/task-project';

/** The task the user types. */
const TASK_TEXT = 'Make the value test pass, learning from the gate';
/** Longest wait for the task to go through two agent attempts and two gate runs, ms. */
const TASK_TIMEOUT_MS = 90_000;

test.setTimeout(300_000);

let server: RunningServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

/** The project's row in the sidebar, its task group and the group's fold toggle. */
function taskGroup(page: Page, name: string): { project: Locator; group: Locator; toggle: Locator } {
  const project = page.getByTestId('project-row').filter({ has: page.getByTestId('project-name').getByText(name, { exact: true }) });
  const group = project.getByTestId('task-group');
  return { project, group, toggle: group.getByTestId('task-group-toggle') };
}

/** The session ids of a task group's rows, oldest first (unfolds the group first). */
async function groupSessionIds(group: Locator, toggle: Locator): Promise<string[]> {
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return group.getByTestId('session-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id') ?? ''));
}

test("every session of a task run in place (two attempts, two gate runs) sits under the task, after a reload and after a restart of the backend", async ({ page }, testInfo) => {
  // The backend of this test has one agent: the learner fails the gate once, then fixes the value from its feedback.
  const root = mkdtempSync(join(tmpdir(), 'cortex-e2e-'));
  mkdirSync(join(root, 'data'), { recursive: true });
  writeFileSync(
    join(root, 'data', 'profiles.json'),
    JSON.stringify({ profiles: [scriptedProfile('learner', 'Learner', 'learner', { capabilities: ['implement', 'fix'], specializations: ['javascript', 'general'] })] }),
  );
  server = await startServer({ root, stablePort: true });
  const cockpit = new Cockpit(page);
  // Not a git repository: the task runs in the project's own folder, like the user's shell.
  const folder = makeTaskProject('in-place-task', false);
  const name = basename(folder);
  await cockpit.open(server.url);
  await cockpit.addFolder(folder);
  const ownId = await cockpit.sessionId(await cockpit.startSession(name));

  const composer = await cockpit.openTaskComposer();
  await composer.getByTestId('task-project').click();
  await page.getByRole('option').filter({ hasText: name }).first().click();
  await composer.getByTestId('task-text').fill(TASK_TEXT);
  await composer.locator('[data-testid="ranked-agent"][data-agent="learner"] input[type="radio"]').check();
  await composer.getByTestId('task-git-warning').getByTestId('task-confirm-in-place').locator('input').check();
  await expect(composer.getByTestId('task-start')).toBeEnabled();
  await composer.getByTestId('task-start').click();
  await expect(composer).toBeHidden();

  const { project, group, toggle } = taskGroup(page, name);
  let ids: string[] = [];
  await test.step('the task completes after a failed gate run: its four sessions are in its group, the own shell is not', async () => {
    await expect(group).toHaveAttribute('data-status', 'completed', { timeout: TASK_TIMEOUT_MS });
    await expect(group.getByTestId('task-group-count')).toHaveText('4');
    ids = await groupSessionIds(group, toggle);
    expect(ids).toHaveLength(4);
    expect(ids).not.toContain(ownId);
    await expect(project.locator(`[data-testid="project-sessions"] > li > [data-testid="session-row"][data-session-id="${ownId}"]`)).toHaveCount(1);
    // Nothing of the task is a loose row of the project.
    await expect(project.locator('[data-testid="project-sessions"] > li > [data-testid="session-row"]')).toHaveCount(1);
  });

  await test.step('after a reload of the page, the same four sessions are in the group', async () => {
    await page.reload();
    await expect(group.getByTestId('task-group-count')).toHaveText('4', { timeout: 30_000 });
    expect(await groupSessionIds(group, toggle)).toEqual(ids);
    expect(cockpit.pageErrors).toEqual([]);
  });

  await test.step('after a restart of the backend, the same four sessions are in the group', async () => {
    await server!.stop({ keepData: true });
    server = await startServer({ root, stablePort: true });
    await page.goto(server.url);
    await expect(group.getByTestId('task-group-count')).toHaveText('4', { timeout: 30_000 });
    expect(await groupSessionIds(group, toggle)).toEqual(ids);
    await expect(project.locator('[data-testid="project-sessions"] > li > [data-testid="session-row"]')).toHaveCount(1);
    await snap(page, testInfo, '91-task-group-after-restart');
  });
});
