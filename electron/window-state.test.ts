import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, WINDOW_STATE_FILE, initialBounds, loadWindowState, saveWindowState } from './window-state.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('round-trips through the data dir', () => {
    dir = mkdtempSync(join(tmpdir(), 'cortex-ws-'));
    const state = { x: 10, y: 20, width: 1200, height: 800, maximized: true };
    saveWindowState(dir, state);
    expect(loadWindowState(dir)).toEqual(state);
  });

  it('ignores a missing, malformed or too small state', () => {
    dir = mkdtempSync(join(tmpdir(), 'cortex-ws-'));
    expect(loadWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{not json');
    expect(loadWindowState(dir)).toBeNull();
    writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify({ x: 0, y: 0, width: 10, height: 10, maximized: false }));
    expect(loadWindowState(dir)).toBeNull();
  });

  it('reuses a position that is still on a display, else centres the default size', () => {
    const saved = { x: 100, y: 100, width: 1200, height: 800, maximized: false };
    expect(initialBounds(saved, screen)).toEqual({ x: 100, y: 100, width: 1200, height: 800 });
    // The monitor it was on is gone.
    expect(initialBounds({ ...saved, x: 3000 }, screen)).toEqual(DEFAULT_SIZE);
    expect(initialBounds({ ...saved, x: 1900 }, screen)).toEqual(DEFAULT_SIZE);
    expect(initialBounds(null, screen)).toEqual(DEFAULT_SIZE);
  });
});
