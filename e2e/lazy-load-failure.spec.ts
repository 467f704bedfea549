import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { URL_ENV } from './global-setup';
import { Cockpit, snap } from './support/cockpit';

/** The lazy chunks of the renderer (each dialog's code); the first screen is in main.js. */
const CHUNK = /\/chunk-[\w-]+\.js$/;

test('a dialog whose code cannot be fetched stays closed, says why once, and opens on the next press', async ({ page }, testInfo) => {
  let blocked = true;
  await page.route(CHUNK, (route) => (blocked ? route.abort('connectionrefused') : route.continue()));
  const cockpit = new Cockpit(page);
  await cockpit.open(process.env[URL_ENV]!);
  const failure = page.getByTestId('load-failure');

  await test.step('Settings asked for while its code cannot be fetched: no dialog, a message that names it and what to do', async () => {
    await page.getByTestId('settings-button').click();
    await expect(failure).toContainText('Settings could not be opened');
    await expect(failure).toContainText('Check that Phantom Cortex is still running');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(failure.getByRole('alert')).toHaveCount(1);
    expect((await new AxeBuilder({ page }).include('[data-testid="load-failure"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations).toEqual([]);
    await snap(page, testInfo, 'lazy-load-failure');
  });

  await test.step('the keyboard is not left waiting: the palette shortcut reports its own failure', async () => {
    await page.keyboard.press('Control+Shift+P');
    await expect(failure).toContainText('The command palette could not be opened');
  });

  await test.step('Dismiss hides the message', async () => {
    await page.getByTestId('load-failure-dismiss').click();
    await expect(failure).toHaveCount(0);
  });

  await test.step('once the code can be fetched again, the same press opens Settings', async () => {
    await page.getByTestId('settings-button').click();
    await expect(failure).toContainText('Settings could not be opened');
    blocked = false;
    await page.getByTestId('settings-button').click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expect(failure).toHaveCount(0);
  });
  // The aborted fetches are logged by Chromium; nothing else may be.
  expect(cockpit.pageErrors.filter((e) => !/^Failed to load resource: net::ERR_CONNECTION_REFUSED/.test(e) && !/Failed to fetch dynamically imported module/.test(e))).toEqual([]);
});
