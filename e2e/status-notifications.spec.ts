import { expect, test } from '@playwright/test';
import { Cockpit, snap } from './support/cockpit';
import { notes, recordNotifications } from './support/notifications';

/** A yes/no question the generic fallback must read as `waiting`. */
const QUESTION = 'read -p "Continue? [y/N] " answer';
/** How long the unfocused session works before it asks (s): time to move the focus away. */
const DELAY_BEFORE_QUESTION_S = 3;
/** How long to watch for a notification that must not come, ms. */
const NO_NOTIFICATION_WINDOW_MS = 3_000;

test.use({ permissions: ['notifications'] });

/** Issue 4 in the browser: live states with icon, colour, label and time; notifications for unfocused sessions only. */
test('states: idle at the prompt, waiting on a question; a notification for the unfocused session only', async ({ page }, testInfo) => {
  await recordNotifications(page);
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('status-repo');

  const a = await cockpit.startSession(name);
  const aId = await cockpit.sessionId(a);
  const aChip = a.getByTestId('state-chip');

  await test.step('a shell at its prompt is idle, with icon, label and ticking time', async () => {
    await expect(aChip).toHaveAttribute('data-state', 'idle');
    await expect(aChip).toContainText('idle');
    await expect(aChip.locator('mat-icon')).toHaveText('pause_circle');
    await expect(cockpit.sessionRow(aId).getByTestId('state-chip')).toHaveAttribute('data-state', 'idle');
    const before = await aChip.getByTestId('state-elapsed').textContent();
    await expect(aChip.getByTestId('state-elapsed')).not.toHaveText(before!, { timeout: 5_000 });
  });

  await test.step('a yes/no question is waiting; focused, so already seen and counted in the title', async () => {
    await cockpit.typeLine(a, QUESTION);
    await expect(aChip).toHaveAttribute('data-state', 'waiting');
    await expect(aChip).toHaveAttribute('data-seen', 'true');
    await expect(aChip).toContainText('waiting');
    await expect(page).toHaveTitle(/^\(\d+\) Phantom Cortex$/);
    await expect(page.getByTestId('waiting-count')).toBeVisible();
    await page.mouse.move(0, 0);
    await snap(page, testInfo, '20-state-waiting-seen');
    await page.keyboard.type('y');
    await page.keyboard.press('Enter');
    await expect(aChip).toHaveAttribute('data-state', 'idle');
  });

  await test.step('turn notifications on with the bell', async () => {
    const bell = page.getByTestId('notifications-toggle');
    await bell.click();
    await expect(bell).toHaveAttribute('data-enabled', 'true');
  });

  const b = await cockpit.startSession(name);
  const bId = await cockpit.sessionId(b);

  await test.step('the unfocused session starts waiting: badge, unseen chip and an OS notification', async () => {
    await cockpit.typeLine(a, `sleep ${DELAY_BEFORE_QUESTION_S}; ${QUESTION}`);
    await b.locator('.xterm-screen').click();
    await expect(b).toHaveClass(/focused/);
    const row = cockpit.sessionRow(aId);
    await expect(row.getByTestId('notify-badge')).toBeVisible({ timeout: 20_000 });
    await expect(row.getByTestId('notify-badge')).toHaveAttribute('data-kind', 'waiting');
    await expect(aChip).toHaveAttribute('data-state', 'waiting');
    await expect(aChip).toHaveAttribute('data-seen', 'false');
    await expect(aChip.getByTestId('state-unseen')).toBeVisible();
    await expect.poll(async () => (await notes(page)).filter((n) => n.tag === aId).length).toBeGreaterThanOrEqual(1);
    // Read away from the sidebar, the notification names the session and its project.
    expect((await notes(page)).find((n) => n.tag === aId)!.title).toBe(`Shell #1 in ${name} needs you`);
    await page.mouse.move(0, 0);
    await snap(page, testInfo, '21-notification-badge-unseen');
  });

  await test.step('the focused session starts waiting: no badge, no notification', async () => {
    const before = (await notes(page)).filter((n) => n.tag === bId).length;
    await cockpit.typeLine(b, QUESTION);
    await expect(b.getByTestId('state-chip')).toHaveAttribute('data-state', 'waiting');
    await expect(b.getByTestId('state-chip')).toHaveAttribute('data-seen', 'true');
    await page.waitForTimeout(NO_NOTIFICATION_WINDOW_MS);
    await expect(cockpit.sessionRow(bId).getByTestId('notify-badge')).toHaveCount(0);
    expect((await notes(page)).filter((n) => n.tag === bId).length).toBe(before);
  });

  await test.step('looking at the waiting session clears its badge and marks it seen', async () => {
    await cockpit.sessionRow(aId).getByTestId('session-open').click();
    await expect(a).toHaveClass(/focused/);
    await expect(cockpit.sessionRow(aId).getByTestId('notify-badge')).toHaveCount(0);
    await expect(aChip).toHaveAttribute('data-seen', 'true');
    await page.mouse.move(0, 0);
    await snap(page, testInfo, '22-states-after-seen');
  });

  await test.step('an unfocused shell that exits with code 0 shows success, not failure', async () => {
    await cockpit.typeLine(a, 'n');
    await cockpit.typeLine(a, 'sleep 2; exit 0');
    await b.locator('.xterm-screen').click();
    await expect(b).toHaveClass(/focused/);
    const badge = cockpit.sessionRow(aId).getByTestId('notify-badge');
    await expect(badge).toHaveAttribute('data-kind', 'exited', { timeout: 20_000 });
    await expect(badge).toHaveClass(/badge-finished/);
    await expect(badge).toHaveText('check_circle');
    await expect(badge).toHaveAttribute('aria-label', 'Notification: exited with code 0');
  });

  // Leave the live shell at its prompt.
  for (const panel of [b]) {
    await panel.locator('.xterm-screen').click();
    await page.keyboard.press('Enter');
  }
  expect(cockpit.pageErrors).toEqual([]);
});
