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

/** Seconds of page main-thread time by kind (CDP `Performance.getMetrics`). */
export interface BusySplit {
  /** All tasks (TaskDuration). */
  task: number;
  /** Running JavaScript (ScriptDuration). */
  script: number;
  /** Style recalculation (RecalcStyleDuration). */
  style: number;
  /** Layout (LayoutDuration). */
  layout: number;
  /** Layouts run (LayoutCount): about one per frame drawn while output flows. */
  layouts: number;
}

const SPLIT_METRICS: Record<keyof BusySplit, string> = {
  task: 'TaskDuration',
  script: 'ScriptDuration',
  style: 'RecalcStyleDuration',
  layout: 'LayoutDuration',
  layouts: 'LayoutCount',
};

/**
 * Reads how many seconds the page's main thread has spent in tasks, and in script, style
 * and layout within them (CDP `Performance.getMetrics`, counted from `Performance.enable`).
 * Busy time, unlike wall time, hardly depends on what else the shared machine runs, so MB
 * per busy second compares runs made under different load; the split says where it went.
 * @throws Error when Chromium reports no TaskDuration metric
 */
export async function busyMeter(page: Page): Promise<{ read(): Promise<BusySplit>; close(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    read: async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (name: string) => metrics.find((m) => m.name === name)?.value;
      if (value('TaskDuration') === undefined) throw new Error('Chromium reports no TaskDuration metric');
      const split = {} as BusySplit;
      for (const [k, name] of Object.entries(SPLIT_METRICS)) split[k as keyof BusySplit] = value(name) ?? 0;
      return split;
    },
    close: () => cdp.detach(),
  };
}

/** `b − a`, kind by kind. */
export function busySince(a: BusySplit, b: BusySplit): BusySplit {
  const d = {} as BusySplit;
  for (const k of Object.keys(SPLIT_METRICS) as (keyof BusySplit)[]) d[k] = b[k] - a[k];
  return d;
}
