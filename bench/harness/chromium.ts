import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (FIELD-NOTES "These machines"); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Flags FIELD-NOTES gives for driving it with Playwright here. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Viewport of every bench page, CSS px: wide enough that one console gets ≥ 120 columns. */
export const VIEWPORT = { width: 1600, height: 900 } as const;

/** True when the Chromium binary exists. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A headless Chromium and one page of {@link VIEWPORT}; `close()` ends both. */
export async function openPage(): Promise<{ browser: Browser; page: Page; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[bench page] ${err.message}`));
  return { browser, page, close: () => browser.close() };
}

/**
 * Reads how many seconds the page's main thread has spent in tasks (CDP
 * `Performance.getMetrics` TaskDuration, counted from `Performance.enable`). Busy time,
 * unlike wall time, hardly depends on what else the shared machine runs, so MB per busy
 * second compares runs made under different load.
 */
export async function busyMeter(page: Page): Promise<{ seconds(): Promise<number>; close(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    seconds: async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const task = metrics.find((m) => m.name === 'TaskDuration');
      if (!task) throw new Error('Chromium reports no TaskDuration metric');
      return task.value;
    },
    close: () => cdp.detach(),
  };
}
