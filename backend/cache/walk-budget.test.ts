import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cache.js';
import { GitignoreRules } from './gitignore-rules.js';
import { TreeWalker } from './tree-snapshot.js';

describe('the walk budget', () => {
  const t = tempDir('cortex-budget-');
  for (let d = 0; d < 20; d++) {
    mkdirSync(join(t.dir, `d${d}`));
    for (let f = 0; f < 10; f++) writeFileSync(join(t.dir, `d${d}`, `f${f}.txt`), 'x');
  }
  afterAll(() => t.cleanup());

  it('without a budget the whole tree is read', async () => {
    const w = new TreeWalker(t.dir, new GitignoreRules(t.dir));
    const node = await w.walk();
    expect(node.dirs.size).toBe(20);
    expect(w.stopped).toBeNull();
    expect(w.counted).toEqual({ dirs: 21, files: 200 });
  });

  it('stops at the time budget (a fake clock: 1 ms per reading) and leaves the unread folders out', async () => {
    let ms = 0;
    const w = new TreeWalker(t.dir, new GitignoreRules(t.dir), { budget: { maxFiles: 1e9, maxMs: 8 }, now: () => ms++ });
    const node = await w.walk();
    expect(w.stopped).toEqual({ by: 'time', limit: 8 });
    expect(node.dirs.size).toBeGreaterThan(0);
    expect(node.dirs.size).toBeLessThan(20);
    // Every folder in the result was read whole.
    for (const d of node.dirs.values()) expect(d.files.size).toBe(10);
  });

  it('stops at the file budget', async () => {
    const w = new TreeWalker(t.dir, new GitignoreRules(t.dir), { budget: { maxFiles: 55, maxMs: 1e9 } });
    const node = await w.walk();
    expect(w.stopped).toEqual({ by: 'files', limit: 55 });
    expect(node.dirs.size).toBe(6);
    expect(w.counted.files).toBe(60);
  });
});
