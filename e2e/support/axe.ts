import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The WCAG 2.1 A and AA rules of axe-core. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The two colour schemes the app has; each scan runs in both. */
export const SCHEMES = ['dark', 'light'] as const;

/**
 * One axe-core scan (WCAG 2.1 A and AA) of the page as it is now.
 * @param screen name of what is scanned, put in front of each violation
 * @param overlayOnly scan the overlay container alone: a dialog or menu makes the page behind it inert
 * @returns the violations as readable lines `[screen] rule: target — summary`; [] when there are none
 */
export async function axeScan(page: Page, screen: string, overlayOnly = false): Promise<string[]> {
  // Let tooltips and ripples and dialog animations settle.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  // A terminal's rows hold what the program printed, in the program's colours: not the app's to fix.
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('.xterm-rows');
  if (overlayOnly) builder = builder.include('.cdk-overlay-container');
  const result = await builder.analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `[${screen}] ${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ').trim()}`),
  );
}

/**
 * Scans the page in each colour scheme ({@link SCHEMES}), switching with the media feature
 * the app follows, and leaves it in the scheme it found.
 * @returns the violations of both scans, each line marked with its scheme
 */
export async function axeScanBothSchemes(page: Page, screen: string, overlayOnly = false): Promise<string[]> {
  const before = (await page.evaluate(() => matchMedia('(prefers-color-scheme: light)').matches)) ? 'light' : 'dark';
  const found: string[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.dataset['theme'] === s, scheme);
    found.push(...(await axeScan(page, `${screen}, ${scheme}`, overlayOnly)));
  }
  await page.emulateMedia({ colorScheme: before });
  return found;
}
