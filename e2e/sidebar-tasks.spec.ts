import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DATA_DIR_ENV, URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { iconsNotDrawn } from './support/icons';
import { makeTaskProject, scriptedProfile } from './support/task-project';

/** The task the user types. */
const TASK_TEXT = 'Fix the value so the grouped sidebar test passes';
/** Longest wait for a task to go through agent, gate and commit, ms. */
const TASK_TIMEOUT_MS = 60_000;
/** The WCAG 2.1 A and AA rules of axe-core. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The window sizes the layout is looked at in (width × height, px). */
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
  { width: 800, height: 600 },
];

/** axe-core violations of the sidebar as readable lines. */
async function sidebarViolations(page: Page, label: string): Promise<string[]> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).include('[data-testid="sidebar"]').analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `[${label}] ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`));
}

/** Presses F6 until the focus is in the sidebar (at most once per region). */
async function f6ToSidebar(page: Page): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('F6');
    if (await page.evaluate(() => !!document.activeElement?.closest('[data-region="sidebar"]'))) return;
  }
  throw new Error('F6 never reached the sidebar');
}

/**
 * Presses Tab until `target` has the focus (at most `max` times). The e2e server is shared,
 * so the sidebar also holds the projects, sessions and task groups of other specs before it.
 */
async function tabTo(page: Page, target: Locator, what: string, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}`);
}

test.describe('task sessions grouped under their task in the sidebar', () => {
  const profilesFile = () => join(process.env[DATA_DIR_ENV]!, 'profiles.json');
  test.beforeAll(() =>
    writeFileSync(profilesFile(), JSON.stringify({ profiles: [scriptedProfile('fixer', 'Fixer', 'fixer', { capabilities: ['implement', 'fix'], specializations: ['javascript', 'general'] })] })),
  );
  test.afterAll(() => rmSync(profilesFile(), { force: true }));

  test("a task's agent and gate sessions sit under its title, fold and unfold from the keyboard, and pass axe", async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await page.setViewportSize(VIEWPORTS[0]!);
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('grouped-repo');
    const name = basename(repo);
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);
    const own = await cockpit.startSession(name);
    const ownId = await cockpit.sessionId(own);

    const composer = await cockpit.openTaskComposer();
    await composer.getByTestId('task-project').click();
    await page.getByRole('option').filter({ hasText: name }).first().click();
    await composer.getByTestId('task-text').fill(TASK_TEXT);
    await expect(composer.getByTestId('task-start')).toBeEnabled();
    await composer.getByTestId('task-start').click();
    await expect(composer).toBeHidden();

    const project = page.locator(`[data-testid="project-row"]`).filter({ has: page.getByTestId('project-name').getByText(name, { exact: true }) });
    const group = project.getByTestId('task-group');
    const toggle = group.getByTestId('task-group-toggle');

    await test.step('while the task runs, its group is open under the task title, apart from the own shell', async () => {
      await expect(group).toHaveCount(1, { timeout: TASK_TIMEOUT_MS });
      await expect(group.getByTestId('task-group-title')).toHaveText(TASK_TEXT);
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expect(group.getByTestId('session-row').first()).toBeVisible();
      // The user's own shell is a row of the project, not of the task.
      await expect(project.locator(`[data-testid="project-sessions"] > li > [data-testid="session-row"][data-session-id="${ownId}"]`)).toHaveCount(1);
      await expect(group.locator(`[data-session-id="${ownId}"]`)).toHaveCount(0);
    });

    await test.step('when it completes, the agent and the gate sessions are both in the group, which folds', async () => {
      await expect(group).toHaveAttribute('data-status', 'completed', { timeout: TASK_TIMEOUT_MS });
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(group.getByTestId('session-row')).toHaveCount(0);
      await expect(group.getByTestId('task-group-count')).toHaveText('2');
      // Its name for a screen reader starts with the visible title and says what it is.
      await expect(page.getByRole('button', { name: new RegExp(`^${TASK_TEXT}\\s*, task, Completed, 2 sessions$`) })).toHaveCount(1);
    });

    await test.step('keyboard: F6 to the sidebar, Tab to the task, Enter unfolds, Tab and Enter show a session', async () => {
      await f6ToSidebar(page);
      await tabTo(page, toggle, 'the task group of this test');
      await page.keyboard.press('Enter');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      const list = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
      await expect(list).toHaveAttribute('role', 'list');
      await expect(list.getByTestId('session-row')).toHaveCount(2);
      await expect(list.getByTestId('session-row').first()).toContainText('Fixer');
      await expect(list.getByTestId('session-row').nth(1)).toContainText(/Gate|Shell/);
      await expect(toggle).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(list.getByTestId('session-open').first()).toBeFocused();
      await page.keyboard.press('Enter');
      const agentId = await list.getByTestId('session-row').first().getAttribute('data-session-id');
      await expect(page.locator(`[data-testid="console-panel"][data-session-id="${agentId}"]`)).toBeVisible();
      await expect(list.getByTestId('session-row').first()).toHaveClass(/shown/);
    });

    await test.step('axe-core finds nothing in the sidebar, open and folded, dark and light; every icon is drawn', async () => {
      const found: string[] = [];
      for (const scheme of ['dark', 'light'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        found.push(...(await sidebarViolations(page, `${scheme}, open`)));
      }
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      expect(await iconsNotDrawn(page), 'icons drawn as letters').toEqual([]);
      await toggle.focus();
      await page.keyboard.press('Space');
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      found.push(...(await sidebarViolations(page, 'light, folded')));
      await page.keyboard.press('Space');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(found, found.join('\n')).toEqual([]);
    });

    await test.step('screenshots at 1440, 1280, 1024 and 800 px', async () => {
      for (const v of VIEWPORTS) {
        await page.setViewportSize(v);
        await page.mouse.move(0, 0);
        await group.scrollIntoViewIfNeeded();
        await expect(toggle).toBeVisible();
        const box = await toggle.boundingBox();
        // The task's row fits the sidebar: its title is cut with an ellipsis, never the window.
        expect(box!.x + box!.width).toBeLessThanOrEqual(v.width);
        await snap(page, testInfo, `90-task-group-${v.width}`);
      }
    });
    expect(cockpit.pageErrors).toEqual([]);
  });
});
