import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { Cockpit } from './support/cockpit';

/** The WCAG 2.1 A and AA rules of axe-core. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Ten axe scans per test: about a minute on an idle machine, several on a loaded one.
test.setTimeout(480_000);

/** One axe-core scan of the page as it is now; violations as readable lines. */
async function scan(page: Page, screen: string, overlayOnly = false): Promise<string[]> {
  // Let tooltips and ripples and dialog animations settle.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  // A terminal's rows hold what the program printed, in the program's colours: not the app's to fix.
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('.xterm-rows');
  // A dialog or menu makes the page behind it inert (aria-hidden): scan the overlay alone.
  if (overlayOnly) builder = builder.include('.cdk-overlay-container');
  const result = await builder.analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `[${screen}] ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`),
  );
}

for (const scheme of ['dark', 'light'] as const) {
  test.describe(`axe-core, WCAG 2.1 AA, ${scheme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
    });

    test('main screens: no violation; errors tied to their fields', async ({ page }) => {
      const cockpit = new Cockpit(page);
      const { name } = await cockpit.openWithNewRepo(`a11y-main-${scheme}`);
      const found: string[] = [];
      found.push(...(await scan(page, 'empty consoles')));
      const panel = await cockpit.startSession(name);
      await cockpit.typeLine(panel, 'echo a11y-$((6*7))');
      await expect(cockpit.screen(panel)).toContainText('a11y-42');
      found.push(...(await scan(page, 'consoles')));

      const folder = page.getByTestId('add-folder-input');
      await folder.fill('/no/such/folder');
      await page.getByTestId('add-folder-submit').click();
      await expect(page.getByTestId('add-folder-error')).toBeVisible();
      await expect(folder).toHaveAttribute('aria-invalid', 'true');
      await expect(folder).toHaveAttribute('aria-describedby', /add-folder-error/);
      await folder.fill('');

      await page.getByTestId('view-tasks').click();
      await expect(page.getByTestId('task-board')).toBeVisible();
      found.push(...(await scan(page, 'task board')));
      expect(found, found.join('\n')).toEqual([]);
    });

    test('dialogs and menus: no violation', async ({ page }) => {
      const cockpit = new Cockpit(page);
      const { name } = await cockpit.openWithNewRepo(`a11y-dialogs-${scheme}`);
      const panel = await cockpit.startSession(name);
      const found: string[] = [];
      const dialogs: [string, () => Promise<void>][] = [
        ['new session', () => page.getByTestId('new-session-button').click()],
        ['task composer', () => page.getByTestId('new-task-button').click()],
        ['settings', () => page.getByTestId('settings-button').click()],
        ['command palette', () => page.getByTestId('palette-button').click()],
        ['shortcuts help', () => page.keyboard.press('ControlOrMeta+Slash')],
      ];
      for (const [label, open] of dialogs) {
        await open();
        await expect(page.getByRole('dialog')).toBeVisible();
        if (label === 'settings') {
          // An error in view, tied to its field.
          const field = page.getByTestId('settings-scrollback');
          await field.fill('5');
          await expect(field).toHaveAttribute('aria-invalid', 'true');
          const error = page.getByTestId('settings-scrollback-error');
          await expect(error).toContainText('from 100 to 100000');
          await expect(error).toBeInViewport();
          expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
        }
        found.push(...(await scan(page, label, true)));
        await page.keyboard.press('Escape');
        if (label === 'settings') {
          // The refused value is unsaved: closing asks first.
          const question = page.getByRole('alertdialog');
          await expect(question).toBeVisible();
          await expect(question.getByTestId('unsaved-keep')).toBeFocused();
          found.push(...(await scan(page, 'settings: unsaved changes question', true)));
          await question.getByTestId('unsaved-discard').press('Enter');
          await expect(question).toBeHidden();
        }
        await expect(page.getByRole('dialog')).toBeHidden();
      }
      await cockpit.projectRow(name).getByTestId('project-menu').click();
      found.push(...(await scan(page, 'project menu', true)));
      await page.keyboard.press('Escape');
      await panel.locator('.xterm-screen').click({ button: 'right' });
      found.push(...(await scan(page, 'terminal menu', true)));
      await page.keyboard.press('Escape');
      expect(found, found.join('\n')).toEqual([]);
    });
  });
}
