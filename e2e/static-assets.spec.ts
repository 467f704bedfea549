import { expect, test, type Response } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { COMPRESSION_THRESHOLD_BYTES } from '../backend/transport/static-files';
import { URL_ENV } from './global-setup';
import { Cockpit } from './support/cockpit';
import { iconsNotDrawn, iconWidths } from './support/icons';

/** The icon names the build keeps in the font (the checked list). */
const ICONS: string[] = (JSON.parse(readFileSync('frontend/icons.json', 'utf8')) as { icons: string[] }).icons;
/** Icons the app does not use: the cut font has no ligature for them. */
const LEFT_OUT = ['home', 'shopping_cart'];

test('the icon font is cut to the icons the app uses, each drawn as its icon, and the page travels compressed', async ({ page }, testInfo) => {
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  const cockpit = new Cockpit(page);
  // A first visit: no layout stored in the tab (a stored one is checked with its schema).
  await cockpit.open(process.env[URL_ENV]!, { keepLayout: true });
  // What the first screen loaded (the lazy chunks are prefetched a few seconds after the load event).
  const firstScreen = responses.filter((r) => /\.js(\?|$)/.test(r.url()));
  await page.evaluate(() => document.fonts.ready.then(() => undefined));

  await test.step('every listed icon is one glyph as wide as the font size; a left-out name is not', async () => {
    const widths = await iconWidths(page, [...ICONS, ...LEFT_OUT]);
    const wrong = ICONS.filter((n) => Math.abs(widths[n]! - 24) > 1).map((n) => `${n}: ${widths[n]} px`);
    expect(wrong, 'icons drawn as letters').toEqual([]);
    for (const n of LEFT_OUT) expect(Math.abs(widths[n]! - 24), `${n} is ${widths[n]} px wide`).toBeGreaterThan(1);
    expect(await iconsNotDrawn(page)).toEqual([]);
  });

  await test.step('the font the page loads is the cut one, under 150 KB', async () => {
    const font = responses.find((r) => /material-symbols-outlined[^/]*\.woff2/.test(r.url()));
    expect(font, 'the icon font was requested').toBeDefined();
    const bytes = (await font!.body()).byteLength;
    testInfo.annotations.push({ type: 'icon font bytes', description: String(bytes) });
    expect(bytes).toBeLessThan(150 * 1024);
  });

  await test.step('scripts and styles come brotli- or gzip-compressed; the whole first load is under 1 MB on the wire', async () => {
    const code = responses.filter((r) => /\.(js|css)(\?|$)/.test(r.url()));
    expect(code.length).toBeGreaterThan(0);
    for (const r of code) {
      // A response below the compression threshold (a tiny lazy chunk) is sent as it is.
      if ((await r.body()).length < COMPRESSION_THRESHOLD_BYTES) continue;
      expect([r.url(), (await r.allHeaders())['content-encoding']]).toEqual([r.url(), expect.stringMatching(/^(br|gzip)$/)]);
    }
    const wire = await page.evaluate(() =>
      (performance.getEntriesByType('navigation') as PerformanceResourceTiming[])
        .concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .reduce((sum, e) => sum + e.transferSize, 0),
    );
    testInfo.annotations.push({ type: 'first load bytes on the wire', description: String(wire) });
    expect(wire).toBeGreaterThan(0);
    expect(wire).toBeLessThan(1024 * 1024);
  });
  await test.step('the first screen fetches no image: the load event waits for no answer of a server busy with the first calls', async () => {
    const images = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.initiatorType === 'img').map((e) => e.name),
    );
    expect(images).toEqual([]);
    await expect(page.locator('.top-bar svg.logo')).toBeVisible();
  });
  await test.step('the fonts of the first screen are asked for by the page itself (preload)', async () => {
    const preloads = await page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="font"]')].map((l) => l.href));
    for (const family of ['jetbrains-mono-latin-400', 'jetbrains-mono-latin-700', 'roboto-latin-400', 'material-symbols-outlined']) {
      expect(preloads.some((h) => h.includes(family)), `a preload of ${family} in ${preloads.join(', ')}`).toBe(true);
    }
    expect(await page.evaluate(() => document.fonts.check('13px "JetBrains Mono"') && document.fonts.check('bold 13px "JetBrains Mono"'))).toBe(true);
  });
  await test.step('a first visit loads no zod: the schemas come in chunks of their own, with the views that check input', async () => {
    // zod names each schema class in a string of its code (`ZodObject`), minified or not.
    const withZod: string[] = [];
    for (const r of firstScreen) if (/["'`]ZodObject["'`]/.test(await r.text())) withZod.push(r.url());
    expect(withZod).toEqual([]);
  });
  expect(cockpit.pageErrors).toEqual([]);
});
