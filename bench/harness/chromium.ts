import { existsSync } from 'node:fs';
import { launchChromiumPage, type CdpPage } from './cdp-page.js';

/** Debian's Chromium (Playwright cannot download browsers here); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/**
 * Flags that drive it headless here, plus those of Playwright's headless launch
 * that bear on timing or layout (no timer throttling or backgrounding of the page, no
 * scrollbars), so (c) and (d) run as they did when Playwright drove them.
 * {@link openPage} adds headless, the DevTools pipe, a temp profile and the window size.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--hide-scrollbars',
  '--mute-audio',
];
/** Viewport of every bench page, CSS px: wide enough that one console gets ≥ 120 columns. */
export const VIEWPORT = { width: 1600, height: 900 } as const;

/** True when the Chromium binary exists. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * A headless Chromium ({@link CHROMIUM_PATH}, {@link CHROMIUM_ARGS}) and one page of
 * {@link VIEWPORT}, driven over a raw DevTools pipe with the Network domain off (see
 * ./cdp-page.ts); `close()` ends both, kills what is left and removes the temp profile.
 * Call it in a `try`/`finally`.
 * @throws Error when Chromium does not start or gives no page (nothing is left running)
 */
export function openPage(): Promise<{ page: CdpPage; close(): Promise<void> }> {
  return launchChromiumPage({ executable: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: VIEWPORT });
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
 * and layout within them (CDP `Performance.getMetrics` on the page's session, counted from
 * `Performance.enable`; `close()` sends `Performance.disable`).
 * Busy time, unlike wall time, hardly depends on what else the shared machine runs, so MB
 * per busy second compares runs made under different load; the split says where it went.
 * @throws Error when Chromium reports no TaskDuration metric
 */
export async function busyMeter(page: CdpPage): Promise<{ read(): Promise<BusySplit>; close(): Promise<void> }> {
  await page.send('Performance.enable');
  return {
    read: async () => {
      const { metrics } = await page.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics');
      const value = (name: string) => metrics.find((m) => m.name === name)?.value;
      if (value('TaskDuration') === undefined) throw new Error('Chromium reports no TaskDuration metric');
      const split = {} as BusySplit;
      for (const [k, name] of Object.entries(SPLIT_METRICS)) split[k as keyof BusySplit] = value(name) ?? 0;
      return split;
    },
    close: async () => {
      await page.send('Performance.disable');
    },
  };
}

/** `b − a`, kind by kind. */
export function busySince(a: BusySplit, b: BusySplit): BusySplit {
  const d = {} as BusySplit;
  for (const k of Object.keys(SPLIT_METRICS) as (keyof BusySplit)[]) d[k] = b[k] - a[k];
  return d;
}
