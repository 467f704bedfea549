import { expect, test } from '@playwright/test';
import { Cockpit, snap } from './support/cockpit';

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('terminal conventions: Ctrl+Shift+C / Ctrl+Shift+V, Ctrl+C copies a selection, copy-on-select, right-click menu, find "n of m"', async ({ page }, testInfo) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('clipboard-repo');
  const panel = await cockpit.startSession(name);
  const id = await cockpit.sessionId(panel);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await cockpit.typeLine(panel, 'echo copy-me-$((6*7))');
  await expect(cockpit.screen(panel)).toContainText('copy-me-42');

  await test.step('right-click menu: select all, then Ctrl+Shift+C copies', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await panel.locator('.xterm-screen').click({ button: 'right' });
    await expect(page.getByTestId('terminal-menu-copy')).toBeDisabled();
    await snap(page, testInfo, 'clip-01-context-menu');
    await page.getByTestId('terminal-menu-select-all').click();
    await panel.locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('ControlOrMeta+Shift+C');
    await expect.poll(clipboard).toContain('copy-me-42');
  });

  await test.step('Ctrl+C with a selection copies and does not interrupt; without one it is ^C', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await panel.locator('.xterm-screen').click({ button: 'right' });
    await page.getByTestId('terminal-menu-select-all').click();
    await panel.locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+C');
    await expect.poll(clipboard).toContain('copy-me-42');
    expect(await cockpit.terminalText(id)).not.toContain('^C');
    // Nothing selected now: Ctrl+C reaches the shell, which prints ^C and a new prompt.
    await page.keyboard.type('sleep 30');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+C');
    await expect.poll(() => cockpit.terminalText(id)).toContain('^C');
  });

  await test.step('Ctrl+Shift+V pastes the clipboard into the shell', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((6*7))'));
    await page.keyboard.press('ControlOrMeta+Shift+V');
    await expect(cockpit.screen(panel)).toContainText('echo pasted-$((6*7))');
    await page.keyboard.press('Enter');
    await expect(cockpit.screen(panel)).toContainText('pasted-42');
  });

  await test.step('right-click Paste and Clear', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('echo menu-$((7*7))'));
    await panel.locator('.xterm-screen').click({ button: 'right' });
    await page.getByTestId('terminal-menu-paste').click();
    await expect(cockpit.screen(panel)).toContainText('echo menu-$((7*7))');
    await page.keyboard.press('Enter');
    await expect(cockpit.screen(panel)).toContainText('menu-49');
    await panel.locator('.xterm-screen').click({ button: 'right' });
    await page.getByTestId('terminal-menu-clear').click();
    await expect.poll(() => cockpit.terminalText(id)).not.toContain('menu-49');
  });

  await test.step('copy-on-select (Settings → Terminal): a selection is copied at once, no key pressed', async () => {
    await page.getByTestId('settings-button').click();
    const toggle = page.getByTestId('settings-copy-on-select').getByRole('switch');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('settings-close').click();
    await cockpit.typeLine(panel, 'echo on-select-$((5*5))');
    await expect(cockpit.screen(panel)).toContainText('on-select-25');
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await panel.locator('.xterm-screen').click({ button: 'right' });
    await page.getByTestId('terminal-menu-select-all').click();
    await expect.poll(clipboard).toContain('on-select-25');
  });

  await test.step('find shows "n of m" and has case and regex options', async () => {
    await cockpit.typeLine(panel, 'for i in 1 2 3; do echo Needle-$i needle; done');
    await expect(cockpit.screen(panel)).toContainText('Needle-3 needle');
    await page.keyboard.press('ControlOrMeta+Shift+F');
    const find = panel.getByTestId('find-input');
    await expect(find).toBeFocused();
    const count = panel.getByTestId('find-count');
    // "needle" is in the typed command twice and printed six times.
    await find.fill('needle');
    await expect(count).toHaveText(/\d+ of 8\s*$/);
    await panel.getByTestId('find-case').click();
    await expect(count).toHaveText(/\d+ of 4\s*$/);
    await panel.getByTestId('find-regex').click();
    await find.fill('Needle-[23]');
    await expect(count).toHaveText(/\d+ of 2\s*$/);
    await find.fill('Needle-[');
    await expect(panel.getByTestId('find-invalid')).toBeVisible();
    await find.fill('Needle-[23]');
    await expect(count).toHaveText(/^\s*1 of 2\s*$/);
    await snap(page, testInfo, 'clip-02-find-count');
    await page.keyboard.press('Escape');
  });
  expect(cockpit.pageErrors).toEqual([]);
});
