import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { TreeIndex } from './tree-index.js';

/** A tree of `n` folders with a file each. */
function tree(n: number): { dir: string; cleanup: () => void } {
  const t = tempDir('cortex-tree-');
  for (let i = 0; i < n; i++) {
    mkdirSync(join(t.dir, `d${i}`));
    writeFileSync(join(t.dir, `d${i}`, 'f.txt'), String(i));
  }
  return { dir: realpathSync(t.dir), cleanup: t.cleanup };
}

describe('bounded watching', () => {
  it('a tree with more folders than the cap is not watched (no watches held), yet every snapshot is current', async () => {
    const big = tree(120);
    const small = tree(10);
    const index = new TreeIndex({ maxWatchedEntries: 50 });
    try {
      await index.snapshot(big.dir);
      await index.snapshot(small.dir);
      await index.watcherReady(small.dir);
      // Its watcher would be ready by now; capped, it was closed during its scan instead.
      await Promise.race([index.watcherReady(big.dir), new Promise((r) => setTimeout(r, 3_000))]);
      expect(index.watched().find((w) => w.root === big.dir)?.live).toBe(false);
      expect(index.watched().find((w) => w.root === small.dir)?.live).toBe(true);
      const before = (await index.snapshot(big.dir)).hash;
      writeFileSync(join(big.dir, 'd7', 'new.txt'), 'x');
      expect((await index.snapshot(big.dir)).hash).not.toBe(before);
    } finally {
      await index.close();
      big.cleanup();
      small.cleanup();
    }
  });
});
