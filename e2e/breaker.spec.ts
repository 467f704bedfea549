import { expect, test } from '@playwright/test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';

/** Failures that open an agent's breaker (BREAKER_FAILURE_THRESHOLD in backend/recovery/constants.ts). */
const FAILURES_TO_OPEN = 5;
/** A custom profile whose command fails at once. */
const CRASHER = { id: 'crasher', name: 'Crasher', command: 'sh', args: ['-c', 'exit 7'] };

/** Issue 3's circuit breaker in the UI: an agent that keeps failing is paused, shown, and can be reset. */
test('an agent that keeps failing opens its breaker: shown in the console and the New session dialog, reset works', async ({ page }, testInfo) => {
  const file = join(process.env[DATA_DIR_ENV]!, 'profiles.json');
  writeFileSync(file, JSON.stringify({ profiles: [CRASHER] }));
  try {
    const cockpit = new Cockpit(page);
    const { name } = await cockpit.openWithNewRepo('breaker-repo');

    let last = page.locator('nothing');
    for (let i = 0; i < FAILURES_TO_OPEN; i++) {
      last = await cockpit.startSession(name, CRASHER.id);
      await expect(last.getByTestId('state-chip')).toContainText('exited (7)');
      // A fourth console would ask which one to replace: close the ones already read.
      if (i < FAILURES_TO_OPEN - 1) await last.getByTestId('console-close').click();
    }
    await expect(last.locator('[data-testid="breaker-indicator"][data-breaker="open"] mat-icon')).toBeVisible();

    await page.getByTestId('new-session-button').click();
    const dialog = page.getByRole('dialog');
    const row = dialog.locator(`[data-testid="breaker-row"][data-agent="${CRASHER.id}"]`);
    await expect(row).toContainText(`Paused after ${FAILURES_TO_OPEN} failures · retry at`);
    await dialog.getByTestId('new-session-agent').click();
    const option = page.getByTestId(`agent-option-${CRASHER.id}`);
    await expect(option).toHaveAttribute('aria-disabled', 'true');
    await expect(option).toContainText('retry at');
    await snap(page, testInfo, '50-breaker-open');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('option')).toHaveCount(0);

    await row.getByTestId('breaker-reset').click();
    await expect(row).toBeHidden();
    await dialog.getByTestId('new-session-agent').click();
    await expect(page.getByTestId(`agent-option-${CRASHER.id}`)).not.toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('option')).toHaveCount(0);
    await dialog.getByTestId('new-session-cancel').click();
    await expect(dialog).toBeHidden();
    await expect(last.getByTestId('breaker-indicator').locator('mat-icon')).toHaveCount(0);
    expect(cockpit.pageErrors).toEqual([]);
  } finally {
    rmSync(file, { force: true });
  }
});
