import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectAnalysis } from '../contract/index.js';
import { openDatabase, type Db } from '../store/database.js';
import { TwoTierCache } from '../cache/two-tier-cache.js';
import { TreeIndex } from '../cache/tree-index.js';
import { tempDir, writeTree } from '../../test/support/cache.js';
import { analyzeSnapshot } from './project-analyzer.js';
import { AnalysisService } from './analysis-service.js';
import { FIXTURES } from '../../test/fixtures/analysis-projects.js';

/** An analysis without its timing fields and its watch state (that of the answer, not the tree), for "equals a fresh analysis". */
const comparable = (a: ProjectAnalysis) => ({ ...a, analyzedAt: 0, computeMs: 0, watch: null });

/** A fresh analysis straight from the disk: a new unwatched index, no cache. */
async function freshAnalysis(root: string): Promise<ProjectAnalysis> {
  const idx = new TreeIndex({ watch: false });
  try {
    return analyzeSnapshot(await idx.snapshot(root), 0).analysis;
  } finally {
    await idx.close();
  }
}

describe.each([
  ['with the watcher', true],
  ['without a watcher (revalidation by stat)', false],
])('exact invalidation %s', (_label, watch) => {
  let db: Db;
  let cache: TwoTierCache;
  let svc: AnalysisService;
  let tmp: ReturnType<typeof tempDir>;
  let root: string;

  beforeAll(async () => {
    tmp = tempDir('cortex-inval-');
    root = join(tmp.dir, 'proj');
    writeTree(root, FIXTURES['node']!);
    db = openDatabase(join(tmp.dir, 'cortex.db'));
    cache = new TwoTierCache(db, { trees: { watch } });
    svc = new AnalysisService(cache);
    expect((await svc.analyze(root)).source).toBe('fresh');
    await cache.trees.watcherReady(root);
    // After the watcher is ready the next read re-establishes a live snapshot; then hot.
    await svc.analyze(root);
    expect((await svc.analyze(root)).source).toBe('hot');
  });
  afterAll(async () => {
    await cache.close();
    db.close();
    tmp.cleanup();
  });

  /**
   * Applies `change`, waits for the watcher to report a change of a path starting with
   * `relPrefix` (when watching), then reads through the cache.
   */
  async function afterChange(change: () => void, relPrefix: string) {
    const event = watch ? firstValueFrom(cache.trees.changes$.pipe(filter((c) => c.rel.startsWith(relPrefix)))) : undefined;
    change();
    if (event) await event;
    const r = await svc.analyze(root);
    expect(comparable(r.analysis)).toEqual(comparable(await freshAnalysis(root)));
    return r;
  }

  it('a changed manifest (same size) is seen', async () => {
    const pkg = join(root, 'package.json');
    const before = (await svc.analyze(root)).analysis;
    const text = JSON.stringify({ ...JSON.parse(FIXTURES['node']!['package.json']!), name: 'web-apq' });
    const r = await afterChange(() => writeFileSync(pkg, text), 'package.json');
    expect(r.source).toBe('fresh');
    expect(r.analysis.projects[0]!.name).toBe('web-apq');
    expect(r.analysis.fileCount).toBe(before.fileCount);
    expect((await svc.analyze(root)).source).toBe('hot');
  });

  it('a manifest gaining a framework is seen', async () => {
    const pkg = join(root, 'package.json');
    const j = JSON.parse(FIXTURES['node']!['package.json']!);
    j.dependencies['@angular/core'] = '21.2.26';
    const r = await afterChange(() => writeFileSync(pkg, JSON.stringify(j)), 'package.json');
    expect(r.analysis.frameworks).toContain('Angular');
  });

  it('a file added deep inside a walked tree is seen', async () => {
    const before = (await svc.analyze(root)).analysis;
    const r = await afterChange(() => writeTree(root, { 'src/util/deep/b.rb': 'puts 1\n' }), 'src/util/deep/b.rb');
    expect(r.source).toBe('fresh');
    expect(r.analysis.fileCount).toBe(before.fileCount + 1);
    expect(r.analysis.languages.map((l) => l.name)).toContain('Ruby');
  });

  it('a deleted file is seen', async () => {
    const before = (await svc.analyze(root)).analysis;
    const r = await afterChange(() => rmSync(join(root, 'src/util/deep/b.rb')), 'src/util/deep/b.rb');
    expect(r.analysis.fileCount).toBe(before.fileCount - 1);
    expect(r.analysis.languages.map((l) => l.name)).not.toContain('Ruby');
  });

  it('a renamed file is seen', async () => {
    const r = await afterChange(() => renameSync(join(root, 'src/server.ts'), join(root, 'src/server.py')), 'src/server.py');
    expect(r.source).toBe('fresh');
    expect(r.analysis.languages.map((l) => l.name)).toContain('Python');
  });

  it('a new directory tree is seen', async () => {
    const r = await afterChange(() => writeTree(root, { 'lib/a/b/c/d.go': 'package d\n' }), 'lib/a/b/c/d.go');
    expect(r.analysis.maxDepth).toBe(4);
  });

  it('editing a git-ignored file invalidates nothing', async () => {
    await new Promise((r) => setTimeout(r, 150)); // let earlier tests' events settle
    await svc.analyze(root);
    expect((await svc.analyze(root)).source).toBe('hot');
    const hitsBefore = cache.stats().hot.hits;
    writeFileSync(join(root, 'debug.log'), 'more log lines '.repeat(50));
    writeTree(root, { 'dist/new-chunk.js': 'x();' });
    await new Promise((r) => setTimeout(r, 300));
    const r = await svc.analyze(root);
    expect(r.source).toBe('hot');
    expect(cache.stats().hot.hits).toBe(hitsBefore + 1);
    expect(comparable(r.analysis)).toEqual(comparable(await freshAnalysis(root)));
  });

  it('editing .gitignore re-applies the rules', async () => {
    const r = await afterChange(() => writeFileSync(join(root, '.gitignore'), '*.log\n'), '.gitignore');
    expect(r.source).toBe('fresh');
    expect(r.analysis.languages.find((l) => l.name === 'JavaScript')!.files).toBeGreaterThanOrEqual(3);
  });

  it('a cold entry is revalidated after a restart (changed while closed → fresh)', async () => {
    await svc.analyze(root);
    const cache2 = new TwoTierCache(db, { trees: { watch } });
    const svc2 = new AnalysisService(cache2);
    try {
      expect((await svc2.analyze(root)).source).toBe('cold');
      writeTree(root, { 'src/extra.ts': 'export {};\n' });
      cache2.hot.clear();
      const r = await svc2.analyze(root);
      expect(r.source).toBe('fresh');
      expect(comparable(r.analysis)).toEqual(comparable(await freshAnalysis(root)));
    } finally {
      await cache2.close();
    }
  });
});
