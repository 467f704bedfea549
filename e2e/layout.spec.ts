import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { basename } from 'node:path';
import { Cockpit, snap } from './support/cockpit';
import { makeGitRepo } from './support/git-repo';
import { startServer, type RunningServer } from './support/server';

test.setTimeout(240_000);

/** The WCAG 2.1 A and AA rules of axe-core. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server: RunningServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

/** Opens the app on a repo of its own and starts `n` shell sessions. @returns their panels, left to right */
async function withConsoles(cockpit: Cockpit, repoName: string, n: number, url?: string): Promise<{ panels: Locator[]; name: string }> {
  let name: string;
  if (url) {
    const repo = makeGitRepo(repoName);
    await cockpit.open(url);
    await cockpit.addFolder(repo);
    name = basename(repo);
  } else {
    name = (await cockpit.openWithNewRepo(repoName)).name;
  }
  const panels: Locator[] = [];
  for (let i = 0; i < n; i++) panels.push(await cockpit.startSession(name));
  return { panels, name };
}

async function width(l: Locator): Promise<number> {
  return (await l.boundingBox())!.width;
}

async function cols(cockpit: Cockpit, panel: Locator): Promise<number> {
  return (await cockpit.terminalSize(await cockpit.sessionId(panel))).cols;
}

test('consoles resize by dragging and by keyboard on ARIA separators; Enter gives equal widths', async ({ page }) => {
  const cockpit = new Cockpit(page);
  const { panels } = await withConsoles(cockpit, 'layout-resize', 3);
  const splits = page.getByTestId('console-split');
  await expect(splits).toHaveCount(2);
  const first = splits.nth(0);
  await expect(first).toHaveAttribute('role', 'separator');
  await expect(first).toHaveAttribute('aria-orientation', 'vertical');
  await expect(first).toHaveAttribute('aria-valuenow', '33');
  await expect(first).toHaveAttribute('aria-controls', `console-${await cockpit.sessionId(panels[0]!)}`);
  const colsBefore = await cols(cockpit, panels[0]!);

  await test.step('keyboard: Right ×5 widens console 1 by 10 % at the cost of console 2 only', async () => {
    await first.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect(first).toHaveAttribute('aria-valuenow', '43');
    expect(await width(panels[0]!)).toBeGreaterThan((await width(panels[1]!)) * 1.5);
    await expect.poll(() => cols(cockpit, panels[0]!)).toBeGreaterThan(colsBefore + 5);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(first).toHaveAttribute('aria-valuenow', '33');
    await page.keyboard.press('End');
    // The attribute follows on the next change detection: wait for it, never read it at once.
    await expect.poll(async () => Number(await first.getAttribute('aria-valuenow'))).toBeGreaterThan(50);
    expect(await width(panels[1]!)).toBeGreaterThan(80);
  });

  await test.step('drag: the second split follows the mouse (console 2 is at its narrowest: it can only grow)', async () => {
    const second = splits.nth(1);
    const box = (await second.boundingBox())!;
    const before = await width(panels[2]!);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2, { steps: 3 });
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    expect(Math.round(before - (await width(panels[2]!)))).toBeGreaterThanOrEqual(50);
  });

  await test.step('Enter on a split: equal widths again', async () => {
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(first).toHaveAttribute('aria-valuenow', '33');
    await expect(splits.nth(1)).toHaveAttribute('aria-valuenow', '33');
    const widths = await Promise.all(panels.map(width));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(3);
  });
});

test('a fourth session asks which console to replace; Cancel keeps all three, a choice replaces that one only', async ({ page }) => {
  const cockpit = new Cockpit(page);
  const { panels, name } = await withConsoles(cockpit, 'layout-fourth', 3);
  const ids = await Promise.all(panels.map((p) => cockpit.sessionId(p)));
  await cockpit.submitNewSession(name);
  const ask = page.getByTestId('replace-console-dialog');
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('Replace which console?');
  await expect(ask.getByTestId('replace-console-choice')).toHaveCount(3);
  await expect(ask.getByTestId('replace-console-choice').nth(1)).toContainText('Console 2: Shell #2');
  await ask.getByTestId('replace-console-cancel').click();
  await expect(ask).toBeHidden();
  await expect(cockpit.panels).toHaveCount(3);
  expect(await cockpit.panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).toEqual(ids);
  // The new session runs all the same: it is in the sidebar.
  const rows = cockpit.projectRow(name).getByTestId('session-row');
  await expect(rows).toHaveCount(4);
  const fourth = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id') ?? ''))).find((id) => !ids.includes(id))!;

  await cockpit.sessionRow(fourth).getByTestId('session-open').click();
  await expect(ask).toBeVisible();
  await ask.getByTestId('replace-console-choice').nth(1).click();
  await expect(ask).toBeHidden();
  await expect.poll(() => cockpit.panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).toEqual([ids[0], fourth, ids[2]]);
  await expect(cockpit.panelById(fourth).getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
  await expect(cockpit.sessionRow(ids[1]!)).toBeVisible();
  await expect(cockpit.sessionRow(ids[1]!)).not.toHaveAttribute('data-state', 'exited');
});

test('the sidebar collapses with its button and with Alt+Shift+B from a terminal; the consoles take the width', async ({ page }) => {
  const cockpit = new Cockpit(page);
  const { panels } = await withConsoles(cockpit, 'layout-sidebar', 1);
  const toggle = page.getByTestId('sidebar-toggle');
  const sidebar = page.getByTestId('sidebar');
  const before = await cols(cockpit, panels[0]!);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(sidebar).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toHaveAccessibleName(/Expand the sidebar/);
  await expect.poll(() => cols(cockpit, panels[0]!)).toBeGreaterThan(before + 20);

  await panels[0]!.locator('.xterm-screen').click();
  await page.keyboard.press('Alt+Shift+B');
  await expect(sidebar).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Alt+Shift+B');
  await expect(sidebar).toBeHidden();
  await page.keyboard.press('Alt+Shift+B');
  await expect(sidebar).toBeVisible();
});

test('the layout survives a restart on a new port: a new tab gets its consoles, their widths and the folded sidebar back', async ({ page, browser }) => {
  server = await startServer();
  const cockpit = new Cockpit(page);
  const { panels } = await withConsoles(cockpit, 'layout-restart', 2, server.url);
  const ids = await Promise.all(panels.map((p) => cockpit.sessionId(p)));
  await page.getByTestId('console-split').first().focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('console-split').first()).toHaveAttribute('aria-valuenow', '42');
  await page.getByTestId('sidebar-toggle').click();
  // The backend stores the layout a moment after the last change.
  await page.waitForTimeout(1_500);
  const oldUrl = server.url;
  await page.close();
  await server.stop({ keepData: true });

  server = await startServer({ root: server.root });
  expect(new URL(server.url).port).not.toBe(new URL(oldUrl).port);
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const again = new Cockpit(fresh);
  await fresh.goto(server.url);
  await expect(again.panels).toHaveCount(2, { timeout: 30_000 });
  expect(await again.panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).toEqual(ids);
  await expect(fresh.getByTestId('console-split').first()).toHaveAttribute('aria-valuenow', '42');
  await expect(fresh.getByTestId('sidebar')).toBeHidden();
  await expect(fresh.getByTestId('sidebar-toggle')).toHaveAttribute('aria-expanded', 'false');
  await context.close();
});

test('a console opened before the saved layout has arrived stays open when it arrives', async ({ page, browser }) => {
  server = await startServer();
  const cockpit = new Cockpit(page);
  const { panels } = await withConsoles(cockpit, 'layout-early', 1, server.url);
  const id = await cockpit.sessionId(panels[0]!);
  await panels[0]!.getByTestId('console-close').click();
  await expect(cockpit.panels).toHaveCount(0);
  // The backend stores the layout (no console shown) a moment after the last change.
  await page.waitForTimeout(1_500);

  // A new tab whose read of the saved layout is slow to come back (a busy backend): its
  // answer is held until the user has opened a console from the sidebar.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await fresh.routeWebSocket(/.*/, (ws) => {
    const backend = ws.connectToServer();
    const held = new Set<number>();
    ws.onMessage((m) => {
      if (typeof m === 'string') {
        const frame = JSON.parse(m) as { t?: string; id?: number; method?: string };
        if (frame.t === 'req' && frame.method === 'settings.get' && frame.id !== undefined) held.add(frame.id);
      }
      backend.send(m);
    });
    backend.onMessage((m) => {
      if (typeof m === 'string') {
        const frame = JSON.parse(m) as { t?: string; id?: number };
        if (frame.t === 'res' && frame.id !== undefined && held.has(frame.id)) {
          void released.then(() => ws.send(m));
          return;
        }
      }
      ws.send(m);
    });
  });
  await fresh.goto(server.url);
  const row = fresh.locator(`[data-testid="session-row"][data-session-id="${id}"]`);
  await row.getByTestId('session-open').click();
  const again = new Cockpit(fresh);
  await expect(again.panels).toHaveCount(1);
  release();
  // The saved layout (no console) arrives now; the console the user opened stays.
  await fresh.waitForTimeout(1_000);
  await expect(again.panels).toHaveCount(1);
  await expect(again.panels.first()).toHaveAttribute('data-session-id', id);
  await context.close();
});

test('terminal font size, family and cursor apply at once to every console; a bad size is refused at the field', async ({ page }) => {
  server = await startServer();
  const cockpit = new Cockpit(page);
  const { panels } = await withConsoles(cockpit, 'layout-fonts', 2, server.url);
  const ids = await Promise.all(panels.map((p) => cockpit.sessionId(p)));
  const looks = (id: string) =>
    page.evaluate((sid) => (window as unknown as { __cortexTerminals: Record<string, { looks(): { fontSize: number; fontFamily: string; cursorStyle: string } }> }).__cortexTerminals[sid]!.looks(), id);
  const colsBefore = await cols(cockpit, panels[0]!);
  expect((await looks(ids[0]!)).fontSize).toBe(13);

  await page.getByTestId('settings-button').click();
  const dialog = page.getByTestId('settings-dialog');
  const size = dialog.getByTestId('settings-font-size');
  await size.fill('50');
  await expect(dialog.getByTestId('settings-font-size-error')).toContainText('from 8 to 32');
  await expect(size).toHaveAttribute('aria-invalid', 'true');
  await size.fill('18');
  await size.press('Tab');
  await expect(size).toHaveAttribute('aria-invalid', 'false');
  await dialog.getByTestId('settings-cursor-style').click();
  await page.getByTestId('cursor-style-bar').click();
  const family = dialog.getByTestId('settings-font-family');
  await family.fill('DejaVu Sans Mono; }');
  await family.press('Tab');
  await expect(dialog.getByTestId('settings-font-family-error')).toBeVisible();
  await family.fill('"DejaVu Sans Mono", monospace');
  await family.press('Tab');
  await expect(dialog.getByTestId('settings-font-family-error')).toBeHidden();
  const blink = dialog.getByRole('switch', { name: 'Blinking cursor' });
  await blink.click();
  await expect(blink).toHaveAttribute('aria-checked', 'false');
  await expect(dialog.getByTestId('settings-saved')).toBeVisible();

  for (const id of ids) {
    await expect.poll(() => looks(id)).toEqual({ fontSize: 18, fontFamily: '"DejaVu Sans Mono", monospace', cursorStyle: 'bar', cursorBlink: false });
  }
  // Bigger glyphs: fewer columns fit, and the PTY is told.
  await expect.poll(() => cols(cockpit, panels[0]!)).toBeLessThan(colsBefore - 5);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const pty = await cockpit.ptySize(panels[0]!);
  expect(pty.cols).toBe(await cols(cockpit, panels[0]!));
});

test('line height typed from the keyboard spaces the rows of every console at once, a bad one is refused at the field, and it is kept after a reload', async ({ page }) => {
  server = await startServer();
  const cockpit = new Cockpit(page);
  const { panels } = await withConsoles(cockpit, 'layout-line-height', 2, server.url);
  const ids = await Promise.all(panels.map((p) => cockpit.sessionId(p)));
  for (const [i, p] of panels.entries()) await cockpit.typeLine(p, `echo rows-${i}; seq 1 3`);
  const lineHeight = (id: string) =>
    page.evaluate((sid) => (window as unknown as { __cortexTerminals: Record<string, { lineHeight(): number }> }).__cortexTerminals[sid]!.lineHeight(), id);
  /** Pixels from the top of the console's first drawn row to the top of its second, as drawn. */
  const rowPitch = (panel: Locator) =>
    cockpit.screen(panel).evaluate((rows) => {
      const [a, b] = [...rows.children].map((r) => r.getBoundingClientRect().top);
      return b! - a!;
    });
  const before = await Promise.all(panels.map((p) => rowPitch(p)));
  const rowsBefore = (await cockpit.terminalSize(ids[0]!)).rows;
  expect(await lineHeight(ids[0]!)).toBe(1.15);

  await page.getByTestId('settings-button').click();
  const dialog = page.getByTestId('settings-dialog');
  const field = dialog.getByTestId('settings-line-height');
  await field.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('3');
  const error = dialog.getByTestId('settings-line-height-error');
  await expect(error).toContainText('from 1 to 2');
  await expect(error).toBeInViewport();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('1.6');
  await page.keyboard.press('Tab');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await expect(dialog.getByTestId('settings-saved')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // xterm.js draws each row floor(cell height × line height) px high: 1.6 / 1.15 ≈ 1.39 times the pitch.
  for (const [i, p] of panels.entries()) {
    await expect.poll(() => lineHeight(ids[i]!)).toBe(1.6);
    await expect.poll(() => rowPitch(p)).toBeGreaterThan(before[i]! * 1.3);
    expect(await rowPitch(p)).toBeLessThan(before[i]! * 1.5);
  }
  // Taller rows: fewer fit, and the PTY is told.
  await expect.poll(async () => (await cockpit.terminalSize(ids[0]!)).rows).toBeLessThan(rowsBefore);
  const pty = await cockpit.ptySize(panels[0]!);
  expect(pty.rows).toBe((await cockpit.terminalSize(ids[0]!)).rows);

  await page.reload();
  await expect(cockpit.panels).toHaveCount(2, { timeout: 30_000 });
  for (const id of ids) {
    await expect(cockpit.panelById(id).getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
    await expect.poll(() => lineHeight(id)).toBe(1.6);
  }
  expect(await rowPitch(cockpit.panelById(ids[0]!))).toBeGreaterThan(before[0]! * 1.3);
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('settings-line-height')).toHaveValue('1.6');
  await page.keyboard.press('Escape');
});

test('settings: closing with a changed, unsaved field asks (keep editing, discard, save); with nothing changed it closes at once', async ({ page }, testInfo) => {
  server = await startServer();
  const cockpit = new Cockpit(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await cockpit.open(server.url);
  const dialog = page.getByTestId('settings-dialog');
  const question = page.getByTestId('unsaved-changes');
  const scrollback = dialog.getByTestId('settings-scrollback');
  const openSettings = async () => {
    await page.getByTestId('settings-button').click();
    await expect(scrollback).toBeVisible();
  };
  /** Selects the field's text and types over it, from the keyboard (no commit: no Enter, no Tab). */
  const typeOver = async (field: Locator, text: string) => {
    await field.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  };
  await openSettings();
  const before = await scrollback.inputValue();
  expect(before).not.toBe('2500');

  await test.step('nothing changed: Esc and Close close at once, no question', async () => {
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await openSettings();
    // Typed, then typed back: nothing is unsaved.
    await typeOver(scrollback, '777');
    await typeOver(scrollback, before);
    await page.getByTestId('settings-close').click();
    await expect(dialog).toBeHidden();
    await expect(question).toHaveCount(0);
  });

  await test.step('a value typed and not committed: Esc asks; Keep editing (focused, Enter) keeps it', async () => {
    await openSettings();
    await typeOver(scrollback, '2500');
    await page.keyboard.press('Escape');
    await expect(question).toBeVisible();
    await expect(question.getByRole('heading', { name: 'Unsaved changes' })).toBeVisible();
    await expect(question.getByTestId('unsaved-item')).toHaveText(['Scrollback lines kept']);
    await expect(question.getByTestId('unsaved-keep')).toBeFocused();
    await expect(page.getByRole('alertdialog')).toHaveAccessibleDescription(/changed but not saved/);
    await snap(page, testInfo, 'settings-unsaved-1440x900');
    await page.setViewportSize({ width: 800, height: 600 });
    await expect(question.getByTestId('unsaved-save')).toBeInViewport();
    await snap(page, testInfo, 'settings-unsaved-800x600');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('Enter');
    await expect(question).toBeHidden();
    await expect(dialog).toBeVisible();
    await expect(scrollback).toHaveValue('2500');
    await expect(scrollback).toBeFocused();
  });

  await test.step('Esc on the question keeps editing too; Discard closes, and the old value is back after reopening', async () => {
    await page.keyboard.press('Escape');
    await expect(question).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(question).toBeHidden();
    await expect(scrollback).toHaveValue('2500');
    await page.keyboard.press('Escape');
    await expect(question.getByTestId('unsaved-keep')).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(question.getByTestId('unsaved-discard')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(question).toBeHidden();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('settings-button')).toBeFocused();
    await openSettings();
    await expect(scrollback).toHaveValue(before);
  });

  await test.step('an out-of-range value and Close: the question says why and offers no Save; a click outside asks too', async () => {
    await typeOver(scrollback, '5');
    await page.getByTestId('settings-close').click();
    await expect(question).toBeVisible();
    await expect(question.getByTestId('unsaved-item')).toContainText('Enter a number from 100 to 100000.');
    await expect(question.getByTestId('unsaved-save')).toHaveCount(0);
    await question.getByTestId('unsaved-keep').press('Enter');
    await expect(question).toBeHidden();
    await expect(scrollback).toBeFocused();
    await expect(scrollback).toHaveValue('5');
    await page.locator('.cdk-overlay-backdrop').first().click({ position: { x: 5, y: 5 } });
    await expect(question).toBeVisible();
    // The question gives Keep editing the focus once it has opened: a key pressed on Discard
    // before then would land on Keep editing.
    await expect(question.getByTestId('unsaved-keep')).toBeFocused();
    await question.getByTestId('unsaved-discard').press('Enter');
    await expect(dialog).toBeHidden();
    await openSettings();
    await expect(scrollback).toHaveValue(before);
  });

  await test.step('Save and close saves what was typed', async () => {
    const size = dialog.getByTestId('settings-font-size');
    await typeOver(size, '17');
    await page.keyboard.press('Escape');
    await expect(question.getByTestId('unsaved-item')).toHaveText(['Font size (px)']);
    // The question gives Keep editing the focus once it has opened; Tab goes on from there.
    await expect(question.getByTestId('unsaved-keep')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(question.getByTestId('unsaved-save')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(question).toBeHidden();
    await expect(dialog).toBeHidden();
    await openSettings();
    await expect(dialog.getByTestId('settings-font-size')).toHaveValue('17');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
  expect(cockpit.pageErrors).toEqual([]);
});

test('closing the tab with a half-written task asks first; with nothing written it does not', async ({ page }) => {
  const cockpit = new Cockpit(page);
  await cockpit.openWithNewRepo('layout-unsent');
  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.type());
    void d.dismiss();
  });
  const composer = await cockpit.openTaskComposer();
  await composer.getByTestId('task-text').fill('Add a README section on the keyboard');
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);

  await composer.getByTestId('task-text').fill('');
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(asked).toEqual(['beforeunload']);
});

/** axe-core (WCAG 2.1 AA) on the page as it is; violations as readable lines. */
async function scan(page: Page, screen: string): Promise<string[]> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('.xterm-rows').analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `[${screen}] ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`));
}

/** True when `l` is what the user sees at its centre (nothing covers it). */
async function onTop(l: Locator): Promise<boolean> {
  return l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return top !== null && el.contains(top);
  });
}

/** True when `inner`'s box lies inside `outer`'s (1 px slack). */
async function inside(inner: Locator, outer: Locator): Promise<boolean> {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  return a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
}

test('three consoles at 1440×900, 1280×720, 1024×768 and 800×600: nothing overlaps or is cut, axe finds nothing in either theme', async ({ page }, testInfo) => {
  // Eight axe scans and four settings dialogs: on a loaded machine one scan took over a minute.
  test.setTimeout(600_000);
  const cockpit = new Cockpit(page);
  const { panels } = await withConsoles(cockpit, 'layout-sizes', 3);
  for (const [i, p] of panels.entries()) await cockpit.typeLine(p, `echo console-${i + 1}`);
  const found: string[] = [];
  for (const [w, h] of [
    [1440, 900],
    [1280, 720],
    [1024, 768],
    [800, 600],
  ] as const) {
    await test.step(`${w}×${h}`, async () => {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(400);
      const bar = page.getByTestId('view-switch').locator('..');
      // Every control of the top bar is on screen, inside the bar, and none overlaps the next.
      const controls = page.locator('.top-bar > button, .top-bar > mat-button-toggle-group');
      const boxes = await controls.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left, `top bar control ${i} at ${w}px`).toBeGreaterThanOrEqual(boxes[i - 1]!.right - 1);
      expect(boxes.at(-1)!.right).toBeLessThanOrEqual(w);
      await expect(page.getByTestId('view-tasks')).toBeVisible();
      expect(await onTop(page.getByTestId('view-tasks'))).toBe(true);
      for (const b of ['new-session-button', 'new-task-button', 'settings-button', 'sidebar-toggle']) expect(await onTop(page.getByTestId(b)), `${b} at ${w}px`).toBe(true);
      expect(await inside(page.getByTestId('view-tasks'), bar)).toBe(true);
      // Each console's state chip is whole and inside its console.
      for (const p of panels) {
        const chip = p.getByTestId('console-title').locator('cx-state-chip');
        await expect(chip.locator('.label')).toBeVisible();
        await expect(chip.locator('.label')).toHaveText('idle');
        expect(await inside(chip, p), `state chip inside its console at ${w}px`).toBe(true);
        expect(await chip.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `state chip not clipped at ${w}px`).toBe(true);
        expect(await onTop(chip), `state chip not covered at ${w}px`).toBe(true);
        for (const b of ['console-stop', 'console-maximize', 'console-close']) {
          expect(await inside(p.getByTestId(b), p), `${b} inside its console at ${w}px`).toBe(true);
          expect(await onTop(p.getByTestId(b)), `${b} not covered at ${w}px`).toBe(true);
        }
        // The session's name is whole in the title bar and in the sidebar.
        expect(await p.getByTestId('console-agent').evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `console name whole at ${w}px`).toBe(true);
        const row = cockpit.sessionRow(await cockpit.sessionId(p)).locator('.agent');
        expect(await row.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `sidebar name whole at ${w}px`).toBe(true);
      }
      await snap(page, testInfo, `layout-${w}x${h}`);
      found.push(...(await scan(page, `${w}×${h} dark`)));
      await page.emulateMedia({ colorScheme: 'light' });
      found.push(...(await scan(page, `${w}×${h} light`)));
      await page.emulateMedia({ colorScheme: 'dark' });

      // The settings dialog fits the window; no field's label or hint is cut.
      await page.getByTestId('settings-button').click();
      const dialog = page.getByTestId('settings-dialog');
      await expect(dialog.getByTestId('settings-line-height')).toBeVisible();
      const surface = page.locator('.mat-mdc-dialog-surface');
      const box = (await surface.boundingBox())!;
      expect(box.x, `settings dialog inside the window at ${w}px`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `settings dialog inside the window at ${w}px`).toBeLessThanOrEqual(w);
      expect(await dialog.locator('mat-dialog-content').evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `settings content not cut sideways at ${w}px`).toBe(true);
      const cut = await dialog.locator('mat-label, mat-hint').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent?.trim()));
      expect(cut, `settings labels cut at ${w}px`).toEqual([]);
      // The shot shows the terminal settings (font, line height, cursor), below the fold at first.
      await dialog.getByTestId('settings-line-height').scrollIntoViewIfNeeded();
      await snap(page, testInfo, `settings-${w}x${h}`);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });
  }
  expect(found, found.join('\n')).toEqual([]);
});
