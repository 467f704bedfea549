import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { startSecretService, type SecretService } from '../test/support/secret-service';
import { Cockpit, snap } from './support/cockpit';
import { startServer, type RunningServer } from './support/server';

test.setTimeout(180_000);

let server: RunningServer | null = null;
let secrets: SecretService | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
  secrets?.stop();
  secrets = null;
});

const KEY = 'sk-ant-api03-E2EONLYabcdefgh5678';

test('settings: an API key is stored in a real Secret Service, shown only by its last 4, and removed', async ({ page }, testInfo) => {
  secrets = await startSecretService();
  const before = process.env['DBUS_SESSION_BUS_ADDRESS'];
  process.env['DBUS_SESSION_BUS_ADDRESS'] = secrets.address; // the server inherits it
  try {
    server = await startServer();
  } finally {
    if (before === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = before;
  }
  const cockpit = new Cockpit(page);
  await cockpit.open(server.url);
  await page.getByTestId('settings-button').click();
  const keys = page.getByTestId('provider-keys');
  const anthropic = keys.locator('[data-provider=anthropic]');
  await expect(anthropic.getByTestId('key-status')).toHaveText('not set');
  await expect(anthropic).toContainText('For claude, aider, opencode');
  await expect(page.getByTestId('keys-unavailable')).toHaveCount(0);

  const input = page.getByTestId('key-input-anthropic');
  await input.fill(KEY);
  await page.getByTestId('key-save-anthropic').click();
  await expect(anthropic.getByTestId('key-status')).toHaveText('set (…5678)');
  await expect(input).toHaveValue('');
  expect(await page.content()).not.toContain(KEY);
  await anthropic.scrollIntoViewIfNeeded();
  await snap(page, testInfo, 'settings-provider-keys');

  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('.cdk-overlay-container').analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.getByTestId('key-clear-anthropic').click();
  await expect(anthropic.getByTestId('key-status')).toHaveText('not set');
  expect(cockpit.pageErrors).toEqual([]);
});
