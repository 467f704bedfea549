import { expect, test, type Page } from '@playwright/test';
import { Cockpit, snap } from './support/cockpit';

/** Presses Escape once the open dialog has taken the focus (as a person sees it open, then presses). */
async function escapeDialog(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.cdk-overlay-pane'))).toBe(true);
  await page.keyboard.press('Escape');
}

/** Which region (`data-region`) holds the focused element, and whether its focus ring shows. */
async function focusInfo(page: Page): Promise<{ region: string | null; tag: string; ring: boolean; terminal: boolean; why: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const region = el?.closest<HTMLElement>('[data-region]')?.dataset['region'] ?? null;
    const terminal = !!el?.classList.contains('xterm-helper-textarea');
    // A ring is an outline of at least 2 px, a Material form field's focused (thick, primary)
    // outline, or (for a terminal) its console's box shadow.
    const style = el ? getComputedStyle(el) : null;
    const outline = (!!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || !!el?.closest('.mat-focused');
    const panel = el?.closest('[data-testid="console-panel"]');
    const shadow = !!panel && getComputedStyle(panel).boxShadow.includes('2px');
    const why = `${el?.className} fv=${el?.matches(':focus-visible')} ${style?.outlineStyle} ${style?.outlineWidth}`;
    return { region, tag: el?.tagName.toLowerCase() ?? '', ring: terminal ? shadow : outline, terminal, why };
  });
}

test('keyboard only: from a focused terminal, F6 reaches every region, Ctrl+` comes back, the palette runs every action', async ({ page }, testInfo) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('keyboard-repo');
  const panel = await cockpit.startSession(name);
  await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();

  await test.step('Tab and Escape stay in the terminal (the shell gets them); F6 leaves it', async () => {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect((await focusInfo(page)).terminal).toBe(true);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('F6');
      // The console's ring fades in (a 120 ms transition): poll rather than read once.
      await expect.poll(async () => (await focusInfo(page)).ring, { message: `focus ring after F6 #${i}` }).toBe(true);
      const f = await focusInfo(page);
      seen.push(f.region ?? '?');
    }
    expect(seen).toEqual(['top-bar', 'sidebar', 'consoles']);
    expect((await focusInfo(page)).terminal).toBe(true);
    await page.keyboard.press('Shift+F6');
    expect((await focusInfo(page)).region).toBe('sidebar');
    await snap(page, testInfo, 'kbd-01-sidebar-focus');
    await page.keyboard.press('ControlOrMeta+Backquote');
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });

  await test.step('Tab moves through the top bar with a visible ring on each control', async () => {
    await page.keyboard.press('F6');
    for (let i = 0; i < 6; i++) {
      await expect.poll(async () => (await focusInfo(page)).ring, { message: `ring on top-bar control #${i}` }).toBe(true);
      expect((await focusInfo(page)).region).toBe('top-bar');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('ControlOrMeta+Backquote');
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });

  const palette = page.getByTestId('command-palette');
  const input = page.getByTestId('palette-input');

  await test.step('the palette lists every action with its shortcut', async () => {
    await page.keyboard.press('ControlOrMeta+Shift+P');
    await expect(input).toBeFocused();
    const ids = await page.getByTestId('palette-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-command')));
    expect(ids).toEqual(
      expect.arrayContaining([
        'help.shortcuts', 'session.new', 'task.new', 'settings.open', 'view.consoles', 'view.tasks', 'theme.toggle', 'notifications.toggle',
        'focus.nextRegion', 'focus.previousRegion', 'focus.terminal', 'focus.sidebar', 'focus.topBar', 'console.focus1', 'console.focus2',
        'console.focus3', 'console.maximize', 'console.close', 'terminal.find', 'terminal.copy', 'terminal.paste', 'terminal.selectAll', 'terminal.clear',
      ]),
    );
    await expect(palette.locator('[data-command="session.new"] kbd')).toHaveText('Alt+Shift+N');
    await input.fill('sett');
    await expect(page.getByTestId('palette-item')).toHaveCount(1);
    await snap(page, testInfo, 'kbd-02-palette');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(page.getByTestId('settings-dialog')).toBeVisible();
    await escapeDialog(page);
    await expect(page.getByTestId('settings-dialog')).toBeHidden();
  });

  await test.step('recent first; Show tasks, then F6 reaches the task board', async () => {
    await page.keyboard.press('F1');
    await expect(input).toBeFocused();
    await expect(page.getByTestId('palette-item').first()).toHaveAttribute('data-command', 'settings.open');
    await input.fill('show tasks');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('task-board')).toBeVisible();
    const regions: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('F6');
      regions.push((await focusInfo(page)).region ?? '?');
    }
    expect(regions).toContain('tasks');
    await page.keyboard.press('ControlOrMeta+Backquote');
    await expect(page.getByTestId('task-board')).toBeHidden();
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });

  await test.step('arrow keys pick a command: maximize, then restore', async () => {
    await page.keyboard.press('F1');
    await input.fill('maximize');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('console-maximize')).toHaveAttribute('aria-label', 'Restore');
    await page.keyboard.press('F1');
    await input.fill('maximize');
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('console-maximize')).toHaveAttribute('aria-label', 'Maximize');
  });

  await test.step('shortcuts: help, new session, new task, find — none a browser keeps', async () => {
    await page.keyboard.press('ControlOrMeta+Slash');
    const help = page.getByTestId('shortcuts-help');
    await expect(help).toBeVisible();
    await expect(help.locator('[data-command="focus.nextRegion"]')).toContainText('F6');
    await expect(help.locator('[data-command="session.new"]')).toContainText('Alt+Shift+N');
    await snap(page, testInfo, 'kbd-03-shortcuts-help');
    await escapeDialog(page);
    await expect(help).toBeHidden();

    await page.keyboard.press('Alt+Shift+N');
    await expect(page.getByTestId('new-session-start')).toBeVisible();
    await escapeDialog(page);
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.keyboard.press('Alt+Shift+T');
    await expect(page.getByTestId('task-composer')).toBeVisible();
    await escapeDialog(page);
    await expect(page.getByTestId('task-composer')).toBeHidden();

    await page.keyboard.press('ControlOrMeta+Backquote');
    await page.keyboard.press('ControlOrMeta+Shift+F');
    await expect(panel.getByTestId('find-input')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(panel.locator('.xterm-helper-textarea')).toBeFocused();
  });
  expect(cockpit.pageErrors).toEqual([]);
});
