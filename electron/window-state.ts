import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The main window's size, position and maximized flag, kept in `window-state.json` in
 * the data dir between runs. Pure (no Electron import): the caller passes the displays'
 * work areas, so the rules are unit-tested.
 */

/** File name in the data dir. */
export const WINDOW_STATE_FILE = 'window-state.json';
/** Size of a first window, in DIP. */
export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
/** Smallest window: three 80-column consoles need more, but the layout adapts down to this. */
export const MIN_SIZE = { width: 960, height: 600 } as const;
/** How much of a saved window must still be on a display to reuse its position, in DIP. */
export const MIN_VISIBLE_PX = 100;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(MIN_SIZE.width).max(100_000),
  height: z.number().int().min(MIN_SIZE.height).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** The saved state, or null when there is none or it is malformed (never throws). */
export function loadWindowState(dataDir: string): WindowState | null {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Saves the state atomically; a failure is ignored (the next start uses defaults). */
export function saveWindowState(dataDir: string, state: WindowState): void {
  const file = join(dataDir, WINDOW_STATE_FILE);
  try {
    writeFileSync(`${file}.tmp`, JSON.stringify(state) + '\n', { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  } catch {
    /* a read-only data dir: keep going with defaults next time */
  }
}

/**
 * The bounds to open the window with: the saved ones when at least {@link MIN_VISIBLE_PX}
 * of them in each direction is on one of `workAreas` (a monitor may have been unplugged),
 * else the default size, centred by Electron (no x/y).
 */
export function initialBounds(saved: WindowState | null, workAreas: readonly Rect[]): Partial<Rect> & { width: number; height: number } {
  if (saved && workAreas.some((a) => overlap(saved, a) >= MIN_VISIBLE_PX)) {
    return { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  }
  return { ...DEFAULT_SIZE };
}

/** The smaller of the horizontal and vertical overlap of two rectangles, in DIP (0 if disjoint). */
function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, Math.min(w, h));
}
