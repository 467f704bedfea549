import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DATA_DIR_ENV, URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { makeTaskProject, scriptedProfile } from './support/task-project';

/** The task the user types, as a real issue title reads. */
const TASK_TEXT = 'Fix the wrong value in src/value.js';
/** Longest wait for a task to go through agent, gate and commit, ms. */
const TASK_TIMEOUT_MS = 45_000;

/** Two scripted agents: one fixes the value (and takes fix tasks), one only implements and always writes 41. */
const PROFILES = {
  profiles: [
    scriptedProfile('fixer', 'Fixer', 'fixer', {
      capabilities: ['implement', 'fix', 'refactor', 'test'],
      specializations: ['javascript', 'backend', 'testing', 'node', 'general'],
      guidelines: { file: 'AGENTS.md' },
    }),
    scriptedProfile('broken', 'Broken', 'broken', { capabilities: ['implement'], specializations: [] }),
  ],
};

/** Runs git in a folder (argv, no shell) with a fixed identity. @returns its trimmed output */
function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Cortex E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

test.describe('orchestrator UI', () => {
  const profilesFile = () => join(process.env[DATA_DIR_ENV]!, 'profiles.json');
  test.beforeAll(() => writeFileSync(profilesFile(), JSON.stringify(PROFILES)));
  test.afterAll(() => rmSync(profilesFile(), { force: true }));

  test('composer → analysis and ranked agents → board (in progress, done, gate passed) → review diff → merge', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('task-repo');
    const name = basename(repo);
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);

    const composer = await cockpit.openTaskComposer();
    await test.step('typing the task shows its reading and the agents ranked with reasons', async () => {
      await composer.getByTestId('task-project').click();
      await page.getByRole('option').filter({ hasText: name }).first().click();
      await composer.getByTestId('task-text').fill(TASK_TEXT);
      await expect(composer.getByTestId('task-intent')).toHaveAttribute('data-value', 'fix');
      await expect(composer.getByTestId('task-intent')).toContainText('%');
      await expect(composer.getByTestId('task-entity').filter({ hasText: 'src/value.js' })).toBeVisible();
      await expect(composer.getByTestId('task-test-command')).toContainText('npm test');
      const ranked = composer.getByTestId('ranked-agent');
      await expect(ranked.first()).toHaveAttribute('data-agent', 'fixer');
      const fixer = composer.locator('[data-testid="ranked-agent"][data-agent="fixer"]');
      await expect(fixer.getByTestId('ranked-recommended')).toBeVisible();
      await expect(fixer.locator('input[type="radio"]')).toBeChecked();
      await expect(fixer.locator('[data-part="capability"] [data-testid="ranked-reason"]')).toContainText('takes fix tasks');
      await expect(fixer.getByTestId('ranked-part')).toHaveCount(4);
      const broken = composer.locator('[data-testid="ranked-agent"][data-agent="broken"]');
      await expect(broken.locator('[data-part="capability"] [data-testid="ranked-reason"]')).toContainText('does not list fix');
      expect(Number(await fixer.getByTestId('ranked-score').textContent())).toBeGreaterThan(Number(await broken.getByTestId('ranked-score').textContent()));
      await expect(composer.getByTestId('task-git-warning')).toHaveCount(0);
      await expect(composer.getByTestId('task-start')).toBeEnabled();
      await snap(page, testInfo, '60-task-composer');
    });

    const card = cockpit.taskCard(TASK_TEXT);
    await test.step('Start puts the task on the board; it goes in progress, then done with the gate passed', async () => {
      await composer.getByTestId('task-start').click();
      await expect(composer).toBeHidden();
      await expect(page.getByTestId('task-board')).toBeVisible();
      await expect(page.getByTestId('view-tasks')).toHaveClass(/checked/);
      await expect(page.locator('[data-testid="board-column"][data-column="in_progress"]').getByTestId('task-card')).toHaveCount(1);
      await expect(card).toHaveAttribute('data-status', 'in_progress');
      await expect(card.getByTestId('task-card-agent')).toHaveText(/Fixer/);
      await expect(card.getByTestId('task-card-status')).toContainText('In progress');
      await snap(page, testInfo, '61-task-board-running');
      const done = page.locator('[data-testid="board-column"][data-column="done"]');
      await expect(done.getByTestId('task-card')).toHaveCount(1, { timeout: TASK_TIMEOUT_MS });
      await expect(card).toHaveAttribute('data-status', 'completed');
      await expect(card.getByTestId('task-card-gate')).toHaveAttribute('data-passed', 'true');
      await expect(card.getByTestId('task-card-gate')).toHaveText(/Gate passed · 1 passed, 0 failed/);
      await expect(card.getByTestId('task-card-iterations')).toHaveText('1 iteration');
      await expect(page.locator('[data-testid="stat-success"] [data-testid="stat-value"]')).toHaveText('100 %');
      await expect(page.locator('[data-testid="agent-stats-row"][data-agent="fixer"] [data-testid="agent-success-rate"]')).toHaveText('100 %');
      await snap(page, testInfo, '62-task-board-done');
    });

    const review = page.getByTestId('task-review-dialog');
    await test.step('the review shows the diff of src/value.js, with +/- markers', async () => {
      await card.getByTestId('task-review').click();
      await expect(review).toBeVisible();
      const file = review.locator('[data-testid="diff-file"][data-path="src/value.js"]');
      await expect(file).toHaveAttribute('data-status', 'modified');
      await expect(review.getByTestId('diff-file')).toHaveCount(1);
      const del = review.locator('[data-testid="diff-line"][data-kind="del"]');
      const add = review.locator('[data-testid="diff-line"][data-kind="add"]');
      await expect(del).toHaveCount(1);
      await expect(add).toHaveCount(1);
      await expect(del).toContainText('-module.exports = 41;');
      await expect(add).toContainText('+module.exports = 42;');
      await expect(review.getByTestId('review-totals')).toContainText(/\+1\s*−1 in 1 file/);
      await expect(review.getByTestId('review-gates')).toContainText('passed');
      await snap(page, testInfo, '63-task-review');
    });

    await test.step('Merge brings the fix into the project folder', async () => {
      expect(readFileSync(join(repo, 'src', 'value.js'), 'utf8')).toBe('module.exports = 41;\n');
      await review.getByTestId('review-merge').click();
      await expect(review.getByTestId('review-merged')).toContainText('Merged into main (fast-forward)');
      expect(readFileSync(join(repo, 'src', 'value.js'), 'utf8')).toBe('module.exports = 42;\n');
      await expect(review.getByTestId('review-merge')).toBeDisabled();
      await snap(page, testInfo, '64-task-merged');
      await review.getByTestId('review-close').click();
      await expect(review).toBeHidden();
      await expect(card.getByTestId('task-card-review')).toHaveAttribute('data-review', 'merged');
      await expect(card.getByTestId('task-review')).toHaveCount(0);
    });

    await test.step("the gate's session opens in a console", async () => {
      await card.getByTestId('task-open-gate').click();
      await expect(page.getByTestId('task-board')).toBeHidden();
      await expect(cockpit.panels.first()).toBeVisible();
      const gatePanel = page.locator('[data-testid="console-panel"].focused');
      const id = await gatePanel.getAttribute('data-session-id');
      await expect.poll(() => cockpit.terminalText(id!)).toContain('1 passed, 0 failed');
      await expect(gatePanel.getByTestId('console-title')).toContainText('Gate #');
      // The gate's verdict, not its runner's exit code.
      await expect(gatePanel.getByTestId('state-chip')).toContainText('gate passed');
      await snap(page, testInfo, '68-task-gate-console');
    });
    expect(cockpit.pageErrors).toEqual([]);
  });

  test('a merge conflict is listed and nothing is forced; Discard (confirmed) removes the task\'s branch', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('conflict-repo');
    const name = basename(repo);
    const text = 'Fix the value in src/value.js again';
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);
    await cockpit.projectRow(name).getByTestId('project-menu').click();
    await page.getByTestId('project-new-task').click();
    const composer = page.getByTestId('task-composer');
    await composer.getByTestId('task-text').fill(text);
    await expect(composer.getByTestId('task-start')).toBeEnabled();
    await composer.getByTestId('task-text').press('Control+Enter');
    await expect(composer).toBeHidden();
    const card = cockpit.taskCard(text);
    await expect(card).toHaveAttribute('data-status', 'completed', { timeout: TASK_TIMEOUT_MS });

    // Meanwhile the project's branch changes the same line.
    writeFileSync(join(repo, 'src', 'value.js'), 'module.exports = 43;\n');
    gitIn(repo, 'commit', '-q', '-am', 'A conflicting change');
    const head = gitIn(repo, 'rev-parse', 'HEAD');

    const review = page.getByTestId('task-review-dialog');
    await card.getByTestId('task-review').click();
    await expect(review.locator('[data-testid="diff-line"][data-kind="add"]')).toContainText('+module.exports = 42;');
    await review.getByTestId('review-merge').click();
    const conflict = review.getByTestId('review-conflict');
    await expect(conflict).toContainText('Not merged');
    await expect(conflict.getByTestId('review-conflict-file')).toHaveText(['src/value.js']);
    expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(repo, 'src', 'value.js'), 'utf8')).toBe('module.exports = 43;\n');
    await snap(page, testInfo, '66-task-merge-conflict');

    await review.getByTestId('review-discard').click();
    await page.getByTestId('confirm-ok').click();
    await expect(review.getByTestId('review-discarded')).toBeVisible();
    await expect(review.getByTestId('review-merge')).toBeDisabled();
    const branches = gitIn(repo, 'branch', '--list', 'cortex/*');
    expect(branches).toBe('');
    await review.getByTestId('review-close').click();
    await expect(card.getByTestId('task-card-review')).toHaveAttribute('data-review', 'discarded');
    expect(cockpit.pageErrors).toEqual([]);
  });

  test('the Settings dialog holds the orchestrator limits, saved on change', async ({ page }, testInfo) => {
    const cockpit = new Cockpit(page);
    await cockpit.open(process.env[URL_ENV]!);
    await page.getByTestId('settings-button').click();
    const dialog = page.getByTestId('settings-dialog');
    const parallel = dialog.getByTestId('settings-parallelLimit');
    await expect(parallel).toHaveValue('3');
    await expect(dialog.getByTestId('settings-maxIterations')).toHaveValue(/\d+/);
    await expect(dialog.getByTestId('settings-maxSwitches')).toHaveValue(/\d+/);
    await parallel.fill('2');
    await parallel.press('Tab');
    await expect(dialog.getByTestId('settings-saved')).toBeVisible();
    await snap(page, testInfo, '67-task-settings');
    await dialog.getByTestId('settings-close').click();
    await page.getByTestId('settings-button').click();
    await expect(parallel).toHaveValue('2');
    await parallel.fill('0');
    await parallel.press('Tab');
    await expect(dialog.getByTestId('settings-error')).toContainText('from 1 to 16');
    await parallel.fill('3');
    await parallel.press('Tab');
    await expect(dialog.getByTestId('settings-saved')).toBeVisible();
    await dialog.getByTestId('settings-close').click();
    expect(cockpit.pageErrors).toEqual([]);
  });

  test('a folder that is not a git repository shows a warning; Start stays disabled until the user confirms', async ({ page }, testInfo) => {
    const cockpit = new Cockpit(page);
    const plain = makeTaskProject('plain-folder', false);
    const name = basename(plain);
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(plain);

    await test.step('Alt+Shift+T (browser mode) opens the composer', async () => {
      await page.keyboard.press('Alt+Shift+KeyT');
      await expect(page.getByTestId('task-composer')).toBeVisible();
      await page.getByTestId('task-composer-cancel').click();
      await expect(page.getByTestId('task-composer')).toBeHidden();
    });

    await cockpit.projectRow(name).getByTestId('project-menu').click();
    await page.getByTestId('project-new-task').click();
    const composer = page.getByTestId('task-composer');
    await expect(composer).toBeVisible();
    await expect(composer.getByTestId('task-project')).toContainText(name);
    await composer.getByTestId('task-text').fill('Fix the value so the tests pass');
    const warning = composer.getByTestId('task-git-warning');
    await expect(warning).toContainText('not a git repository');
    await expect(composer.getByTestId('ranked-agent').first()).toHaveAttribute('data-agent', 'fixer');
    await expect(composer.getByTestId('task-start')).toBeDisabled();
    await snap(page, testInfo, '65-task-not-git');
    await warning.getByTestId('task-confirm-in-place').locator('input').check();
    await expect(composer.getByTestId('task-start')).toBeEnabled();
    await warning.getByTestId('task-confirm-in-place').locator('input').uncheck();
    await expect(composer.getByTestId('task-start')).toBeDisabled();
    await composer.getByTestId('task-composer-cancel').click();
    await expect(composer).toBeHidden();
    expect(cockpit.pageErrors).toEqual([]);
  });
});
