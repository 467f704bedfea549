import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import which from 'which';
import { axeScanBothSchemes } from './support/axe';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer, type RunningServer } from './support/server';
import { scriptedProfile } from './support/task-project';

/** The server's PATH: the system's tools (git, bash) and none of the coding agents, which npm and pip install elsewhere. */
const NO_AGENT_PATH = '/usr/bin:/bin';

/** The built-in profiles as data: what the composer must offer for each (install command, sign-in help). */
const BUILTINS = (JSON.parse(readFileSync(resolve('backend/agents/builtin-profiles.json'), 'utf8')) as {
  profiles: { id: string; name: string; command: string; installHint: string; signInHint?: string }[];
}).profiles.filter((p) => p.id !== 'shell');

/** A task a person would type: a fix on the frontend of an Angular app (Aider lists no frontend work, the others do). */
const TASK_TEXT = 'Fix the crash in the Angular login form';

test.setTimeout(240_000);

let server: RunningServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test('with no coding agent installed the composer lists every agent with its capabilities, how to install and sign in, and why Start is disabled; a custom agent enables it', async ({
  page,
}, testInfo) => {
  for (const p of BUILTINS) expect(which.sync(p.command, { nothrow: true, path: NO_AGENT_PATH }), `${p.command} must not be on ${NO_AGENT_PATH} for this test`).toBeNull();
  server = await startServer({ env: { PATH: NO_AGENT_PATH } });
  const cockpit = new Cockpit(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await cockpit.open(server.url);
  await cockpit.addFolder(makeGitRepo('composer-no-agent'));
  const composer = await cockpit.openTaskComposer();
  const start = composer.getByTestId('task-start');
  const why = page.getByTestId('task-start-why');
  await expect(why).toHaveText('Describe the task first.');
  await expect(start).toHaveAccessibleDescription('Describe the task first.');
  // The guide is there from the start, above the task's reading.
  const guide = composer.getByTestId('task-no-agent');
  await expect(guide).toBeVisible();

  await composer.getByTestId('task-text').fill(TASK_TEXT);

  await test.step('each agent is ranked on the capabilities of its profile, marked not installed, and they do not all score the same', async () => {
    await expect(guide).toBeVisible({ timeout: 30_000 });
    await expect(guide.getByRole('heading')).toHaveText('No coding agent is installed');
    const scores: number[] = [];
    for (const p of BUILTINS) {
      const row = composer.locator(`[data-testid="ranked-agent"][data-agent="${p.id}"]`);
      await expect(row).toContainText(p.name);
      await expect(row).toHaveAttribute('data-eligible', 'false');
      await expect(row.getByTestId('ranked-excluded')).toHaveText(/not installed/);
      await expect(row.locator('[data-part="capability"] [data-testid="ranked-reason"]')).toHaveText('takes fix tasks');
      await expect(row.locator('input[type="radio"]')).toBeDisabled();
      scores.push(Number(await row.getByTestId('ranked-score').textContent()));
    }
    expect(new Set(scores).size, `scores: ${scores.join(', ')}`).toBeGreaterThan(1);
    expect(Math.max(...scores)).toBeGreaterThan(0.5);
    const shell = composer.locator('[data-testid="ranked-agent"][data-agent="shell"]');
    await expect(shell.getByTestId('ranked-excluded')).toHaveText(/not a coding agent/);
  });

  await test.step('each agent offers its install command and how to sign in', async () => {
    await expect(guide.getByTestId('task-install-hint')).toHaveCount(BUILTINS.length);
    for (const p of BUILTINS) {
      const hint = guide.locator(`[data-testid="task-install-hint"][data-agent="${p.id}"]`);
      await expect(hint).toContainText(p.name);
      await expect(hint.getByTestId('task-install-command')).toHaveText(p.installHint);
      expect(p.signInHint, `${p.id} has sign-in help in its profile`).toBeTruthy();
      await expect(hint.getByTestId('task-sign-in-hint')).toHaveText(p.signInHint!);
    }
    await expect(guide.locator('[data-agent="claude"]').getByTestId('task-install-command')).toHaveText('npm install -g @anthropic-ai/claude-code');
    await expect(guide).toContainText('Provider API keys');
  });

  await test.step('Start task is disabled, with the reason in view and tied to the button', async () => {
    await expect(start).toBeDisabled();
    await expect(why).toBeVisible();
    await expect(why).toHaveText('No coding agent is installed: install one and sign in to it (see above), then press Check again.');
    await expect(start).toHaveAttribute('aria-describedby', (await why.getAttribute('id'))!);
    await expect(start).toHaveAccessibleDescription(/^No coding agent is installed/);
  });

  await test.step('screenshots at 1440 and 800 px; axe finds nothing in either theme', async () => {
    await snap(page, testInfo, 'composer-no-agent-1440');
    const found = await axeScanBothSchemes(page, 'composer without agents', true);
    await page.setViewportSize({ width: 800, height: 700 });
    await expect(why).toBeInViewport();
    await expect(start).toBeInViewport();
    await snap(page, testInfo, 'composer-no-agent-800');
    found.push(...(await axeScanBothSchemes(page, 'composer without agents, 800 px', true)));
    expect(found, found.join('\n')).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  await test.step('once an agent is available (a custom profile whose command exists), Check again enables Start task', async () => {
    const profile = scriptedProfile('local-fixer', 'Local fixer', 'fixer', { capabilities: ['implement', 'fix'], specializations: ['frontend'] });
    writeFileSync(join(server!.dataDir, 'profiles.json'), JSON.stringify({ profiles: [profile] }));
    await guide.getByTestId('task-check-again').click();
    await expect(start).toBeEnabled();
    await expect(guide).toBeHidden();
    await expect(why).toBeHidden();
    await expect(start).not.toHaveAttribute('aria-describedby', /.+/);
    const first = composer.getByTestId('ranked-agent').first();
    await expect(first).toHaveAttribute('data-agent', 'local-fixer');
    await expect(first.getByTestId('ranked-recommended')).toBeVisible();
    await expect(composer.getByTestId('task-runs-with')).toContainText('Local fixer');
  });
  expect(cockpit.pageErrors).toEqual([]);
});
