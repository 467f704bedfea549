import { expect, test } from '@playwright/test';
import { URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';

/** Presets on the project page: pick one with its expected effect, apply, copy and edit, see the history, revert. */
test('a project page picks a preset, shows its expected effect, copies and edits one, and reverts from the history', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const cockpit = new Cockpit(page);
  const repo = makeGitRepo('presets-repo');
  const name = repo.split('/').pop()!;
  await cockpit.open(process.env[URL_ENV]!);
  await cockpit.addFolder(repo);
  await cockpit.projectRow(name).getByTestId('project-open-details').click();
  const dialog = page.getByTestId('project-details');
  const panel = dialog.getByTestId('preset-panel');

  await test.step('the project runs with the global default; every preset is listed with "not enough history"', async () => {
    await expect(panel.getByTestId('preset-current')).toContainText('Runs with Balanced');
    await expect(panel.getByTestId('preset-option')).toHaveCount(4);
    for (const id of ['balanced', 'cost_optimized', 'quality_first', 'speed']) await expect(panel.locator(`[data-testid="preset-option"][data-preset="${id}"]`)).toBeVisible();
    await expect(panel.locator('[data-preset="speed"] [data-testid="preset-effect"]')).toContainText(/Not enough history: \d+ of 5 finished tasks/);
  });

  await test.step('picking Quality first shows its expected effect before applying; Apply records a ui change', async () => {
    await panel.locator('[data-testid="preset-option"][data-preset="quality_first"]').click();
    await expect(panel.getByTestId('preset-expected')).toContainText('Expected effect of Quality first: Not enough history');
    await panel.getByTestId('preset-apply').click();
    await expect(panel.getByTestId('preset-current')).toHaveAttribute('data-preset', 'quality_first');
    await expect(panel.getByTestId('preset-current')).toContainText('(applied to this project)');
    const row = panel.getByTestId('preset-history-row').first();
    await expect(row).toContainText('quality_first');
    await expect(row.locator('[data-actor]')).toHaveText('ui');
    await dialog.getByTestId('preset-panel').scrollIntoViewIfNeeded();
    await snap(page, testInfo, '90-preset-applied');
  });

  await test.step("the project's quality gate now scores against quality_first's threshold", async () => {
    await dialog.getByTestId('project-details-close').click();
    await expect(dialog).toBeHidden();
    await cockpit.projectRow(name).getByTestId('project-open-details').click();
    await expect(dialog.getByTestId('quality-threshold')).toHaveValue('0.85');
  });

  await test.step('Copy makes an editable user preset; an edit is saved and shown', async () => {
    const before = await panel.getByTestId('preset-option').count();
    await panel.locator('[data-testid="preset-option"][data-preset="quality_first"]').click();
    await panel.getByTestId('preset-copy').click();
    await expect(panel.getByTestId('preset-option')).toHaveCount(before + 1);
    const editor = panel.getByTestId('preset-editor');
    await expect(editor).toBeVisible();
    await editor.getByTestId('preset-name').fill('Careful');
    await editor.getByTestId('preset-threshold').fill('0.9');
    await editor.getByTestId('preset-save').click();
    await expect(editor).toBeHidden();
    const copy = panel.getByTestId('preset-option').filter({ hasText: 'Careful' });
    await expect(copy).toContainText('yours');
    await expect(copy).toContainText('threshold 0.9');
  });

  await test.step('a bad edit is refused with the reason, in place', async () => {
    await panel.getByTestId('preset-option').filter({ hasText: 'Careful' }).click();
    await panel.getByTestId('preset-edit').click();
    const editor = panel.getByTestId('preset-editor');
    await editor.getByTestId('preset-weight-history').fill('0.9');
    await editor.getByTestId('preset-save').click();
    await expect(panel.getByTestId('preset-error')).toContainText(/add up to 1/);
    await snap(page, testInfo, '91-preset-edit-refused');
  });

  await test.step('Revert on the apply row puts the project back on the default, recorded as a revert', async () => {
    const applyRow = panel.getByTestId('preset-history-row').filter({ hasText: 'quality_first' }).last();
    await applyRow.getByTestId('preset-revert').click();
    await expect(panel.getByTestId('preset-current')).toHaveAttribute('data-preset', 'balanced');
    await expect(panel.getByTestId('preset-current')).toContainText('(the global default)');
    await expect(panel.getByTestId('preset-history-row').first()).toContainText(`undid change`);
    await expect(panel.getByTestId('preset-history-row').first()).toContainText(`project ${name} follows the global default (balanced) again`);
    await expect(panel.getByTestId('preset-history-row').first()).toContainText('revert of #');
    // The quality gate on the same page follows at once.
    await expect(dialog.getByTestId('quality-threshold')).toHaveValue('0.7');
    await panel.getByTestId('preset-current').scrollIntoViewIfNeeded();
    await snap(page, testInfo, '92-preset-reverted');
  });
  expect(cockpit.pageErrors).toEqual([]);
});
