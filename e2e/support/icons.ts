import type { Page } from '@playwright/test';

/**
 * The icons on screen that the font did not draw as one glyph: a `<mat-icon>` whose ligature
 * is missing from the font shows its name as letters, several times wider than its font size.
 * Each as `name: width px at size px`. Call after `document.fonts.ready`.
 */
export async function iconsNotDrawn(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('mat-icon')]
      .filter((el) => el.getClientRects().length > 0 && (el.textContent ?? '').trim() !== '')
      .flatMap((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const width = range.getBoundingClientRect().width;
        const size = parseFloat(getComputedStyle(el).fontSize);
        return Math.abs(width - size) > 1 ? [`${el.textContent!.trim()}: ${width.toFixed(1)} px at ${size} px`] : [];
      }),
  );
}

/**
 * Width in px of each name drawn in the icon font at 24 px, in a throwaway element of the
 * page (the font the app ships, with its ligatures).
 */
export async function iconWidths(page: Page, names: readonly string[]): Promise<Record<string, number>> {
  return page.evaluate(async (list) => {
    const box = document.createElement('div');
    box.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden';
    document.body.append(box);
    const spans = list.map((name) => {
      const span = document.createElement('span');
      span.className = 'material-symbols-outlined';
      span.style.fontSize = '24px';
      span.textContent = name;
      box.append(span);
      return span;
    });
    await document.fonts.load('24px "Material Symbols Outlined"');
    await document.fonts.ready;
    const widths = Object.fromEntries(spans.map((s) => [s.textContent!, s.getBoundingClientRect().width]));
    box.remove();
    return widths;
  }, names);
}
