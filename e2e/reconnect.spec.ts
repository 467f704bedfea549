import { expect, test, type WebSocketRoute } from '@playwright/test';
import { Cockpit, snap } from './support/cockpit';

/**
 * The link to the backend drops (Playwright proxies the page's WebSocket and cuts it):
 * the renderer shows the reconnecting banner, reconnects with backoff, re-attaches its
 * consoles with nothing lost or doubled, and the sessions keep running meanwhile.
 */
test('a dropped connection shows the banner, reconnects and re-attaches the consoles', async ({ page }, testInfo) => {
  let live: WebSocketRoute | null = null;
  let refuse = false;
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    if (refuse) {
      ws.close({ code: 1011, reason: 'test: backend unreachable' });
      return;
    }
    ws.connectToServer();
    live = ws;
  });
  const cockpit = new Cockpit(page);
  const { name } = await cockpit.openWithNewRepo('reconnect-repo');
  const panel = await cockpit.startSession(name);
  await cockpit.typeLine(panel, 'echo before-$((6*7))');
  await expect(cockpit.screen(panel)).toContainText('before-42');

  // Output produced while the link is down must show up after the re-attach.
  await cockpit.typeLine(panel, 'sleep 1; echo during-$((6*7))');
  refuse = true;
  await live!.close({ code: 1006, reason: 'test: link dropped' });
  const banner = page.getByTestId('banner-reconnecting');
  await expect(banner).toBeVisible();
  await snap(page, testInfo, '12-reconnecting');
  await page.waitForTimeout(1_500);
  refuse = false;
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await expect(panel.getByTestId('terminal')).toHaveAttribute('data-attached', 'true');
  await expect(cockpit.screen(panel)).toContainText('during-42');
  await cockpit.typeLine(panel, 'echo after-$((6*7))');
  await expect(cockpit.screen(panel)).toContainText('after-42');
  // Nothing doubled: each answer appears once on screen.
  const text = (await cockpit.screen(panel).textContent()) ?? '';
  for (const word of ['before-42', 'during-42', 'after-42']) expect(text.split(word).length - 1, word).toBe(1);
});
