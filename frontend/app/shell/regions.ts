import type { InteractivityChecker } from '@angular/cdk/a11y';

/**
 * The window's regions for F6 focus cycling, marked in the templates with `data-region`:
 * the top bar, the sidebar, and the main area (the consoles, the task board or the dashboard). Regions
 * that are not rendered (the hidden view) are skipped.
 */
export type RegionName = 'top-bar' | 'sidebar' | 'consoles' | 'tasks' | 'dashboard';

/** Attribute that names a region on its host element. */
export const REGION_ATTR = 'data-region';

const TABBABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/** The rendered regions in document order. */
export function visibleRegions(root: ParentNode = document): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(`[${REGION_ATTR}]`)].filter((el) => el.getClientRects().length > 0);
}

/** Index of the region holding `active` in `regions`, or -1. */
export function regionIndexOf(regions: readonly HTMLElement[], active: Element | null): number {
  return active ? regions.findIndex((r) => r.contains(active)) : -1;
}

/**
 * The region `step` places after (1) or before (-1) the one at `current`, wrapping; from
 * no region (-1), F6 goes to the first and Shift+F6 to the last.
 */
export function nextRegionIndex(count: number, current: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}

/**
 * Focuses the first tabbable element of a region; a region with none gets the focus
 * itself (it carries tabindex="-1" for that).
 * @returns the element focused
 */
export function focusFirstIn(region: HTMLElement, checker: InteractivityChecker): HTMLElement {
  const target = [...region.querySelectorAll<HTMLElement>(TABBABLE)].find((el) => checker.isTabbable(el) && checker.isVisible(el)) ?? region;
  target.focus();
  return target;
}
