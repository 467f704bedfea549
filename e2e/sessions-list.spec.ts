import { expect, test } from '@playwright/test';
import { Cockpit } from './support/cockpit';
import { startServer, type RunningServer } from './support/server';

test.setTimeout(180_000);

let server: RunningServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test('a session can be renamed (unique in its project) and exited sessions cleared from the project menu', async ({ page }) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('sessions-rename');
  const first = await cockpit.startSession(name);
  const second = await cockpit.startSession(name);
  const [one, two] = [await cockpit.sessionId(first), await cockpit.sessionId(second)];

  await test.step('rename: the sidebar row and the console title say the new name', async () => {
    await cockpit.sessionRow(one).getByTestId('session-menu').click();
    await page.getByTestId('session-rename').click();
    await page.getByTestId('rename-input').fill('api server');
    await page.getByTestId('rename-save').click();
    await expect(page.getByTestId('rename-input')).toBeHidden();
    await expect(cockpit.sessionRow(one).locator('.agent')).toHaveText('api server');
    await expect(first.getByTestId('console-agent')).toHaveText('api server');
  });

  await test.step('a name already taken in the project is refused in the dialog', async () => {
    await cockpit.sessionRow(two).getByTestId('session-menu').click();
    await page.getByTestId('session-rename').click();
    await page.getByTestId('rename-input').fill('API Server');
    await page.getByTestId('rename-save').click();
    await expect(page.getByTestId('rename-error')).toContainText('already called');
    await page.keyboard.press('Escape');
    await expect(cockpit.sessionRow(two).locator('.agent')).toHaveText('Shell #2');
  });

  await test.step('clear exited: only the exited session goes', async () => {
    await cockpit.typeLine(second, 'exit');
    await expect(cockpit.sessionRow(two)).toHaveAttribute('data-state', 'exited');
    await cockpit.projectRow(name).getByTestId('project-menu').click();
    await expect(page.getByTestId('project-clear-exited')).toContainText('(1)');
    await page.getByTestId('project-clear-exited').click();
    await expect(page.getByRole('dialog')).toContainText('Shell #2 will be removed');
    await page.getByTestId('confirm-ok').click();
    await expect(cockpit.sessionRow(two)).toHaveCount(0);
    await expect(cockpit.sessionRow(one)).toBeVisible();
    await expect(cockpit.projectRow(name).getByTestId('session-row')).toHaveCount(1);
  });
});

test('a wrong token says "wrong or expired token" and what to do, not "Reconnecting" or "No sessions yet"', async ({ page }) => {
  server = await startServer();
  const url = new URL(server.url);
  url.searchParams.set('token', 'not-the-token');
  await page.goto(url.toString());
  const banner = page.getByTestId('banner-wrong-token');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText('Wrong or expired token');
  await expect(banner).toContainText('cortex token rotate');
  await expect(page.getByTestId('banner-reconnecting')).toBeHidden();
  await expect(page.getByText('No sessions yet')).toBeHidden();
  await expect(page.getByTestId('consoles-empty')).toContainText('Not connected yet');
});

test('a tooltip is built only once its delay has passed: a pointer passing over a row builds nothing', async ({ page }) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('tooltip-delay');
  const panel = await cockpit.startSession(name);
  const open = cockpit.sessionRow(await cockpit.sessionId(panel)).getByTestId('session-open');
  const tooltips = page.locator('.mat-mdc-tooltip-panel');

  await test.step('hovered for less than the delay, then left: no overlay was made', async () => {
    await open.hover();
    // The row's tooltip waits 800 ms; its overlay must not exist before then.
    await page.waitForTimeout(300);
    await expect(tooltips).toHaveCount(0);
    await page.getByTestId('new-session-button').hover();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(1_000);
    await expect(tooltips).toHaveCount(0);
  });

  await test.step('hovered past the delay: the tooltip shows its text', async () => {
    await open.hover();
    const tip = page.locator('.mat-mdc-tooltip');
    await expect(tip).toHaveText('Show console');
    await expect(tip).toBeVisible();
    await page.mouse.move(0, 0);
    await expect(tip).toHaveCount(0);
  });
});

test('the state chip: its tooltip gives the time in state and follows it, its aria description does not tick', async ({ page }) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('chip-tooltip');
  const panel = await cockpit.startSession(name);
  const chip = panel.getByTestId('state-chip');
  const elapsed = chip.getByTestId('state-elapsed');
  await expect(elapsed).toHaveText(/\d+s/);
  const description = () =>
    chip.evaluate((el) => {
      const id = el.getAttribute('aria-describedby') ?? '';
      const node = id ? document.getElementById(id) : null;
      return { id, text: node?.textContent ?? '' };
    });

  await test.step('while nobody looks, the clock ticks the chip and leaves its description alone', async () => {
    await expect.poll(async () => (await description()).text).not.toBe('');
    const before = await description();
    expect(before.text).not.toMatch(/ for \d/);
    const shownBefore = await elapsed.textContent();
    await expect(elapsed).not.toHaveText(shownBefore ?? '', { timeout: 5_000 });
    await page.waitForTimeout(1_200);
    expect(await description()).toEqual(before);
  });

  await test.step('hovered, its tooltip says how long, and counts on while shown', async () => {
    await chip.hover();
    const tip = page.locator('.mat-mdc-tooltip');
    await expect(tip).toHaveText(/ for \d+s/);
    const first = await tip.textContent();
    await expect(tip).not.toHaveText(first ?? '', { timeout: 5_000 });
    await expect(tip).toHaveText(/ for \d+s/);
    await page.mouse.move(0, 0);
    await expect(tip).toHaveCount(0);
  });
});
