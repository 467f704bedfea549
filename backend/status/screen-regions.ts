import type { InputBox, ScreenRegion } from './status-profile-schema.js';
import type { ScreenSnapshot } from '../pty/screen-snapshot.js';

/** A compiled input-box locator. */
export type BoxLocator =
  | { kind: 'frame'; border: RegExp; maxHeight: number; searchLines: number }
  | { kind: 'promptLine'; re: RegExp; searchLines: number };

/** Compiles an input-box locator from profile data. */
export function compileBox(box: InputBox | undefined): BoxLocator | null {
  if (!box) return null;
  if (box.kind === 'frame') return { kind: 'frame', border: new RegExp(box.border, 'u'), maxHeight: box.maxHeight, searchLines: box.searchLines };
  return { kind: 'promptLine', re: new RegExp(box.re, 'u'), searchLines: box.searchLines };
}

/**
 * The parts of a screen the patterns are matched against, each as text (lines joined by
 * `\n`). Computed lazily: a classification that stops at the first waiting match reads only
 * the tail.
 */
export class ScreenRegions {
  private readonly content: string[];
  private boxSpan: { top: number; bottom: number } | null | undefined;
  private readonly cache = new Map<string, string>();

  /**
   * @param tailLines non-empty bottom lines forming `tail`
   * @param busyLookback non-empty lines directly above the box forming `aboveBox`
   */
  constructor(
    private readonly snap: ScreenSnapshot,
    private readonly box: BoxLocator | null,
    private readonly tailLines: number,
    private readonly busyLookback: number,
  ) {
    // Content ends at the last non-empty row or the cursor row, whichever is lower.
    let end = snap.lines.length;
    while (end > 0 && snap.lines[end - 1] === '' && end - 1 > snap.cursorY) end--;
    this.content = snap.lines.slice(0, end);
  }

  /** True when the input box was found on the screen. */
  get hasBox(): boolean {
    return this.span() !== null;
  }

  text(region: ScreenRegion): string {
    let t = this.cache.get(region);
    if (t === undefined) {
      t = this.compute(region);
      this.cache.set(region, t);
    }
    return t;
  }

  private compute(region: ScreenRegion): string {
    const c = this.content;
    switch (region) {
      case 'screen':
        return c.join('\n');
      case 'tail':
        return lastNonEmpty(c, this.tailLines).join('\n');
      case 'cursorLine':
        return (this.snap.lines[this.snap.cursorY] ?? '').trimEnd();
      case 'box': {
        const s = this.span();
        return s ? c.slice(s.top, s.bottom + 1).join('\n') : '';
      }
      case 'aboveBox':
        return lastNonEmpty(this.above(), this.busyLookback).join('\n');
      case 'belowBox': {
        const s = this.span();
        return s ? c.slice(s.bottom + 1).join('\n') : '';
      }
      case 'outsideBox':
        return [this.compute('aboveBox'), this.compute('belowBox')].filter((x) => x).join('\n');
    }
  }

  /** Lines above the box; without a box, every line except the cursor line (it may hold typed input). */
  private above(): string[] {
    const s = this.span();
    if (s) return this.content.slice(0, s.top);
    return this.content.filter((_, i) => i !== this.snap.cursorY);
  }

  private span(): { top: number; bottom: number } | null {
    if (this.boxSpan === undefined) this.boxSpan = this.box ? locate(this.content, this.box) : null;
    return this.boxSpan;
  }
}

function lastNonEmpty(lines: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < n; i--) if (lines[i]!.trim() !== '') out.push(lines[i]!);
  return out.reverse();
}

/** Finds the input box span (inclusive rows) in `lines`, or null. */
function locate(lines: string[], box: BoxLocator): { top: number; bottom: number } | null {
  const floor = Math.max(0, lines.length - box.searchLines);
  if (box.kind === 'frame') {
    for (let b = lines.length - 1; b >= floor; b--) {
      if (!box.border.test(lines[b]!)) continue;
      for (let t = b - 1; t >= Math.max(0, b - box.maxHeight - 1); t--) {
        if (box.border.test(lines[t]!)) return { top: t, bottom: b };
      }
      return null;
    }
    return null;
  }
  for (let i = lines.length - 1; i >= floor; i--) {
    if (!box.re.test(lines[i]!)) continue;
    let top = i;
    while (top > 0 && box.re.test(lines[top - 1]!)) top--;
    return { top, bottom: lines.length - 1 };
  }
  return null;
}
