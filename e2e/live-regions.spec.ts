import { expect, test } from '@playwright/test';
import { Cockpit } from './support/cockpit';

/**
 * Starts counting changes inside every live region of the page (`aria-live`, and the roles
 * status, log, alert that are live by default) and keeps each new text they show.
 */
async function watchLiveRegions(page: import('@playwright/test').Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { liveChanges: string[] };
    w.liveChanges = [];
    const live = (n: Node | null): Element | null => (n instanceof Element ? n : n?.parentElement ?? null)?.closest('[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]') ?? null;
    new MutationObserver((records) => {
      for (const r of records) {
        const region = live(r.target);
        if (region) w.liveChanges.push((region.textContent ?? '').trim());
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

test('live regions: ticking clocks announce nothing; a change of state is announced once, with the session and its project', async ({ page }) => {
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('live-regions');
  const panel = await cockpit.startSession(name);
  const id = await cockpit.sessionId(panel);
  await expect(cockpit.sessionRow(id)).toHaveAttribute('data-state', 'idle');
  await page.waitForTimeout(1_500);

  await watchLiveRegions(page);
  // Five seconds at the prompt: the state chips' clocks tick, no live region speaks.
  await page.waitForTimeout(5_000);
  expect(await page.evaluate(() => (window as unknown as { liveChanges: string[] }).liveChanges)).toEqual([]);

  await cockpit.typeLine(panel, 'sleep 2');
  await expect(cockpit.sessionRow(id)).toHaveAttribute('data-state', 'working');
  await expect(cockpit.sessionRow(id)).toHaveAttribute('data-state', 'idle', { timeout: 15_000 });
  await page.waitForTimeout(1_000);
  const said = (await page.evaluate(() => (window as unknown as { liveChanges: string[] }).liveChanges)).filter((t) => t !== '');
  const about = said.filter((t) => t.includes(`Shell #1 in ${name}:`));
  expect(about.length, said.join(' | ')).toBeGreaterThanOrEqual(1);
  // working, then idle: a few announcements, not one a second.
  expect(said.length, said.join(' | ')).toBeLessThanOrEqual(4);
  expect(cockpit.pageErrors).toEqual([]);
});
