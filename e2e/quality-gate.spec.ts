import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DATA_DIR_ENV, URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { makeTaskProject, scriptedProfile } from './support/task-project';

/** Longest wait for a task to go through its agent turns and gates, ms. */
const TASK_TIMEOUT_MS = 90_000;
/** The WCAG 2.1 A and AA rules of axe-core (as e2e/accessibility.spec.ts). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Commits everything in `repo` (argv, no shell). */
function commitAll(repo: string, message: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Cortex E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: repo, stdio: 'pipe' });
  git('add', '-A');
  git('commit', '-qm', message);
}

/** axe-core over the open dialog alone (the page behind it is inert); violations as readable lines. */
async function scanDialog(page: Page, label: string): Promise<string[]> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).include('.cdk-overlay-container').analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `[${label}] ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`));
}

/** Starts a task on `projectName` through the composer (the fixer is the only agent). */
async function startTask(page: Page, cockpit: Cockpit, projectName: string, text: string): Promise<void> {
  const composer = await cockpit.openTaskComposer();
  await composer.getByTestId('task-project').click();
  await page.getByRole('option').filter({ hasText: projectName }).first().click();
  await composer.getByTestId('task-text').fill(text);
  await expect(composer.getByTestId('task-start')).toBeEnabled();
  await composer.getByTestId('task-start').click();
  await expect(composer).toBeHidden();
}

test.describe("a project's quality gate in the UI", () => {
  const profilesFile = () => join(process.env[DATA_DIR_ENV]!, 'profiles.json');
  test.beforeAll(() =>
    writeFileSync(profilesFile(), JSON.stringify({ profiles: [scriptedProfile('fixer', 'Fixer', 'fixer', { capabilities: ['implement', 'fix'], specializations: ['javascript', 'general'] })] })),
  );
  test.afterAll(() => rmSync(profilesFile(), { force: true }));

  test('the project details list its checks; a test command named in the form is listed, then runs as the next gate; no axe violation in either theme', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('quality-form-repo');
    // No test script: nothing detected. check.js is the project's own check, which only a named command runs.
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'named-check', version: '1.0.0' }) + '\n');
    writeFileSync(join(repo, 'check.js'), "const v = require('./src/value.js');\nconsole.log(v === 42 ? '1 passed, 0 failed' : '0 passed, 1 failed');\nprocess.exit(v === 42 ? 0 : 1);\n");
    commitAll(repo, 'a check of its own, no test script');
    const name = basename(repo);
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);

    const dialog = page.getByTestId('project-details');
    const quality = dialog.getByTestId('quality-settings');
    await test.step('the project page says no check was found: a task would end unverified', async () => {
      await cockpit.projectRow(name).getByTestId('project-open-details').click();
      await expect(dialog).toBeVisible();
      await expect(quality.getByTestId('quality-none')).toContainText('No check found: a task here ends unverified');
      await expect(quality.getByTestId('quality-check')).toHaveCount(0);
    });

    await test.step('naming a test command (and a linter that is not installed) lists them: ready, and skipped with the reason', async () => {
      await quality.getByTestId('quality-command-tests').fill('node check.js');
      await quality.getByTestId('quality-command-lint').fill('no-such-linter --all');
      await quality.getByTestId('quality-save').click();
      const tests = quality.locator('[data-testid="quality-check"][data-kind="tests"]');
      await expect(tests).toHaveAttribute('data-ready', 'true');
      await expect(tests).toContainText('node check.js');
      await expect(tests).toContainText('settings');
      const lint = quality.locator('[data-testid="quality-check"][data-kind="lint"]');
      await expect(lint).toHaveAttribute('data-ready', 'false');
      await expect(lint).toContainText('skipped: no-such-linter is not installed on PATH');
      await expect(quality.getByTestId('quality-none')).toHaveCount(0);
      await expect(quality.getByTestId('quality-command-tests')).toHaveValue('node check.js');
    });

    await test.step('axe-core finds no WCAG 2.1 AA violation in the dialog, dark and light', async () => {
      const found: string[] = [];
      for (const scheme of ['dark', 'light'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        await quality.scrollIntoViewIfNeeded();
        found.push(...(await scanDialog(page, `project details, ${scheme}`)));
        await snap(page, testInfo, `90-quality-settings-${scheme}`);
      }
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(found, found.join('\n')).toEqual([]);
    });

    await test.step('reopened, the named command is still there', async () => {
      await dialog.getByTestId('project-details-close').click();
      await expect(dialog).toBeHidden();
      await cockpit.projectRow(name).getByTestId('project-open-details').click();
      await expect(quality.locator('[data-testid="quality-check"][data-kind="tests"]')).toContainText('node check.js');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });

    await test.step('the next task is verified by the named command: the gate passes with its counts', async () => {
      const text = 'Fix the value so the named check passes';
      await startTask(page, cockpit, name, text);
      const card = cockpit.taskCard(text);
      await expect(card).toHaveAttribute('data-status', 'completed', { timeout: TASK_TIMEOUT_MS });
      await expect(card.getByTestId('task-card-gate')).toHaveAttribute('data-verdict', 'passed');
      await expect(card.getByTestId('task-card-gate')).toContainText('Gate passed · 1 passed, 0 failed');
    });
    expect(cockpit.pageErrors).toEqual([]);
  });

  test("a failed gate: its console's chip says \"gate failed\" with the failing check, not the runner's exit code", async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const cockpit = new Cockpit(page);
    const repo = makeTaskProject('gate-failed-repo');
    // The fixer makes the tests pass; the type error in src/typed.ts it never touches, so every gate fails on tsc.
    writeFileSync(join(repo, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext' }, include: ['src'] }) + '\n');
    mkdirSync(join(repo, 'src'), { recursive: true });
    writeFileSync(join(repo, 'src', 'typed.ts'), "export const n: number = 'one';\n");
    writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
    commitAll(repo, 'a type error');
    // TypeScript from this repository's node_modules, as the project's own.
    symlinkSync(resolve('node_modules'), join(repo, 'node_modules'));
    const name = basename(repo);
    await cockpit.open(process.env[URL_ENV]!);
    await cockpit.addFolder(repo);

    const text = 'Fix the value while a type error stays';
    await startTask(page, cockpit, name, text);
    const card = cockpit.taskCard(text);
    await test.step('the task fails; its card names the failing check', async () => {
      await expect(card).toHaveAttribute('data-status', 'failed', { timeout: TASK_TIMEOUT_MS });
      await expect(card.getByTestId('task-card-gate')).toHaveAttribute('data-verdict', 'failed');
      await expect(card.getByTestId('task-card-gate')).toContainText('Gate failed · tsc (typecheck) failed: 1 type error(s)');
    });

    await test.step("the gate's console: \"gate failed: tsc (typecheck)\", never \"exited (0)\"", async () => {
      await card.getByTestId('task-open-gate').click();
      await expect(page.getByTestId('task-board')).toBeHidden();
      const gatePanel = page.locator('[data-testid="console-panel"].focused');
      await expect(gatePanel.getByTestId('console-title')).toContainText('Gate #');
      const chip = gatePanel.getByTestId('state-chip');
      await expect(chip).toHaveAttribute('data-state', 'exited');
      await expect(chip).toContainText('gate failed: tsc (typecheck)');
      await expect(chip).not.toContainText('exited');
      await expect(gatePanel.locator('.xterm-rows')).toContainText('[quality gate] FAILED');
      await snap(page, testInfo, '91-gate-failed-console');
    });
    expect(cockpit.pageErrors).toEqual([]);
  });
});
