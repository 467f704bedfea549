import { expect, test } from '@playwright/test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR_ENV, URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';

/** A malformed custom profiles file: a warning names file, field and problem; built-ins keep working. */
test('a malformed profiles.json shows a dismissible warning and the built-in agents still work', async ({ page }, testInfo) => {
  const file = join(process.env[DATA_DIR_ENV]!, 'profiles.json');
  writeFileSync(file, JSON.stringify({ profiles: [{ id: 'broken', name: 'Broken' }] }));
  try {
    const cockpit = new Cockpit(page);
    await cockpit.open(process.env[URL_ENV]!);
    const banner = page.getByTestId('profile-problems');
    await expect(banner).toBeVisible();
    await expect(banner.getByTestId('profile-problem').first()).toContainText('profiles.json');
    await expect(banner.getByTestId('profile-problem').first()).toContainText('profiles.0');
    await snap(page, testInfo, '13-profile-problems');
    await page.getByTestId('profile-problems-dismiss').click();
    await expect(banner).toBeHidden();

    await page.getByTestId('new-session-button').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('new-session-agent')).toContainText('Shell');
    await page.keyboard.press('Escape');
  } finally {
    rmSync(file, { force: true });
  }
});
