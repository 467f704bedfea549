import { expect, test } from '@playwright/test';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_WATCHED_ENTRIES } from '../backend/contract/limits';
import { URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';

/** A Node project with a test script and a few dependencies. */
const PACKAGE_JSON = {
  name: 'shop-api',
  version: '1.0.0',
  scripts: { test: 'vitest run' },
  dependencies: { express: '^4.19.0', zod: '^3.23.0' },
  devDependencies: { vitest: '^2.0.0', typescript: '^5.5.0' },
};

/** Issue 5's project page: stack, test command, dependencies, size, cache source, refresh, cache stats. */
test('the project page shows the analysis of a repo with a package.json test script; refresh walks again', async ({ page }, testInfo) => {
  const cockpit = new Cockpit(page);
  const repo = makeGitRepo('analysis-repo');
  writeFileSync(join(repo, 'package.json'), JSON.stringify(PACKAGE_JSON, null, 2));
  writeFileSync(join(repo, 'src', 'server.ts'), 'import express from "express";\nexport const app = express();\n'.repeat(20));
  writeFileSync(join(repo, 'src', 'server.test.ts'), 'import { test } from "vitest";\ntest("ok", () => {});\n');
  writeFileSync(join(repo, 'tool.py'), 'print("hello")\n');
  const name = repo.split('/').pop()!;
  await cockpit.open(process.env[URL_ENV]!);
  await cockpit.addFolder(repo);

  const dialog = page.getByTestId('project-details');
  await test.step('clicking the project name opens its page with a fresh analysis', async () => {
    await cockpit.projectRow(name).getByTestId('project-open-details').click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('analysis-test-command')).toHaveText('npm test');
    await expect(dialog.getByTestId('project-type')).toContainText(['node']);
    await expect(dialog.getByTestId('framework').filter({ hasText: /express/i })).toHaveCount(1);
    await expect(dialog.locator('[data-testid="language-row"][data-language="TypeScript"]')).toBeVisible();
    await expect(dialog.getByTestId('analysis-dependency-count')).toContainText('4 declared');
    await expect(dialog.getByTestId('analysis-size')).toContainText('files');
    await expect(dialog.getByTestId('analysis-source')).toHaveAttribute('data-source', 'fresh');
    await expect(dialog.getByTestId('cache-tier')).toHaveCount(3);
    // A small folder is read whole and watched: no notice.
    await expect(dialog.getByTestId('analysis-partial')).toHaveCount(0);
    await expect(dialog.getByTestId('analysis-unwatched')).toHaveCount(0);
  });

  await test.step('opened again, the answer comes from the hot cache', async () => {
    await dialog.getByTestId('project-details-close').click();
    await expect(dialog).toBeHidden();
    await cockpit.projectRow(name).getByTestId('project-menu').click();
    await page.getByTestId('project-menu-details').click();
    await expect(dialog.getByTestId('analysis-source')).toHaveAttribute('data-source', 'hot');
    await expect(dialog.locator('[data-tier="hot"] [data-testid="cache-hit-ratio"]')).not.toHaveText('0 %');
  });

  await test.step('refresh walks the tree again and sees a new file', async () => {
    writeFileSync(join(repo, 'src', 'extra.ts'), 'export const extra = 1;\n');
    await dialog.getByTestId('analysis-refresh').click();
    await expect(dialog.getByTestId('analysis-source')).toHaveAttribute('data-source', 'fresh');
    await expect(dialog.getByTestId('analysis-refresh')).toBeEnabled();
    await dialog.getByTestId('analysis-dependencies').locator('summary').click();
    await expect(dialog.getByTestId('analysis-dependencies')).toContainText('express');
    await snap(page, testInfo, '30-project-analysis');
  });
  await page.keyboard.press('Escape');
  expect(cockpit.pageErrors).toEqual([]);
});

test('a folder too large to watch says so on its project page', async ({ page }) => {
  test.skip(process.platform === 'darwin' || process.platform === 'win32', 'macOS and Windows watch a folder of any size with one recursive OS watch');
  const cockpit = new Cockpit(page);
  const repo = makeGitRepo('large-folder');
  // Just over the watch cap: 100 folders of empty files.
  const perDir = Math.ceil(MAX_WATCHED_ENTRIES / 100) + 1;
  for (let d = 0; d < 100; d++) {
    mkdirSync(join(repo, `part${d}`));
    for (let f = 0; f < perDir; f++) closeSync(openSync(join(repo, `part${d}`, `f${f}.txt`), 'w'));
  }
  const name = repo.split('/').pop()!;
  await cockpit.open(process.env[URL_ENV]!);
  await cockpit.addFolder(repo);
  await cockpit.projectRow(name).getByTestId('project-open-details').click();
  const dialog = page.getByTestId('project-details');
  await expect(dialog.getByTestId('analysis-source')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId('analysis-unwatched')).toContainText(/Not watched: folder too large \(\d+ files and folders, more than \d+\)/);
  await expect(dialog.getByTestId('analysis-partial')).toHaveCount(0);
  await page.keyboard.press('Escape');
  expect(cockpit.pageErrors).toEqual([]);
});
