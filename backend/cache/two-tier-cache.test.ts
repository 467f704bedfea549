import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { ManualClock } from './clock.js';
import { NO_DEPS, captureFileDep } from './deps.js';
import { TwoTierCache } from './two-tier-cache.js';
import { tempDir } from '../../test/support/cache.js';

const here = import.meta.dirname;

describe('TwoTierCache', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function open(clock = new ManualClock(), file?: string): { cache: TwoTierCache; db: Db; file: string } {
    let f = file;
    if (!f) {
      const t = tempDir();
      cleanups.push(t.cleanup);
      f = join(t.dir, 'cortex.db');
    }
    const db = openDatabase(f);
    const cache = new TwoTierCache(db, { clock, trees: { watch: false } });
    cleanups.push(() => db.close(), () => cache.close());
    return { cache, db, file: f };
  }

  const computeOf = (value: unknown) => {
    let calls = 0;
    return {
      get calls() {
        return calls;
      },
      compute: async () => {
        calls++;
        return { value, deps: NO_DEPS };
      },
    };
  };

  it('computes once, then hits the hot tier', async () => {
    const { cache } = open();
    const c = computeOf({ a: 1 });
    expect((await cache.get('k', c)).source).toBe('fresh');
    const r = await cache.get('k', c);
    expect(r).toMatchObject({ source: 'hot', value: { a: 1 } });
    expect(c.calls).toBe(1);
    expect(cache.stats().hot.hits).toBe(1);
  });

  it('promotes a cold hit to the hot tier', async () => {
    const { cache } = open();
    const c = computeOf([1, 2, 3]);
    await cache.get('k', c);
    cache.hot.clear();
    expect((await cache.get('k', c)).source).toBe('cold');
    expect(cache.hot.peek('k')).toBeDefined();
    expect((await cache.get('k', c)).source).toBe('hot');
    expect(c.calls).toBe(1);
    const s = cache.stats();
    expect(s.cold.hits).toBe(1);
    expect(s.hot.hits).toBe(1);
  });

  it('serves a cold hit to a new process on the same database file', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dbFile = join(t.dir, 'cortex.db');
    const projectFile = join(t.dir, 'dep.txt');
    writeFileSync(projectFile, 'v1');
    const db = openDatabase(dbFile);
    const cache = new TwoTierCache(db, { trees: { watch: false } });
    await cache.get('k', { compute: async () => ({ value: 'from-parent', deps: { files: [await captureFileDep(projectFile)], trees: [] } }) });
    await cache.close();
    db.close();

    const child = join(t.dir, 'child.mts');
    writeFileSync(
      child,
      `import { openDatabase } from ${JSON.stringify(join(here, '../store/database.ts'))};
import { TwoTierCache } from ${JSON.stringify(join(here, 'two-tier-cache.ts'))};
const db = openDatabase(process.argv[2]);
const cache = new TwoTierCache(db, { trees: { watch: false } });
const r = await cache.get('k', { compute: async () => ({ value: 'from-child', deps: { files: [], trees: [] } }) });
console.log(JSON.stringify({ source: r.source, value: r.value, pid: process.pid }));
await cache.close();
db.close();
`,
    );
    const run = () => {
      const out = spawnSync(process.execPath, ['--import', 'tsx', child, dbFile], { cwd: join(here, '../..'), encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      return JSON.parse(out.stdout.trim().split('\n').pop()!) as { source: string; value: string; pid: number };
    };
    const first = run();
    expect(first.source).toBe('cold');
    expect(first.value).toBe('from-parent');
    expect(first.pid).not.toBe(process.pid);
    // The dep changed while no process ran: the next process revalidates and recomputes.
    writeFileSync(projectFile, 'v2');
    const second = run();
    expect(second).toMatchObject({ source: 'fresh', value: 'from-child' });
  }, 60_000);

  it('expires entries in both tiers by TTL (injected clock)', async () => {
    const clock = new ManualClock();
    const t = tempDir();
    cleanups.push(t.cleanup);
    const db = openDatabase(join(t.dir, 'c.db'));
    const cache = new TwoTierCache(db, { clock, hot: { ttlMs: 1000 }, cold: { ttlMs: 5000 }, trees: { watch: false } });
    cleanups.push(() => db.close(), () => cache.close());
    const c = computeOf('v');
    await cache.get('k', c);
    clock.advance(1000); // hot expired, cold alive
    expect((await cache.get('k', c)).source).toBe('cold');
    clock.advance(4000); // cold expired too (written at t0 + 5000)
    cache.hot.clear();
    expect((await cache.get('k', c)).source).toBe('fresh');
    expect(c.calls).toBe(2);
    expect(cache.stats().cold.evictions).toBe(1);
    clock.advance(10_000);
    expect(cache.prune()).toEqual({ hot: 1, cold: 1 });
    expect(cache.cold.size().entries).toBe(0);
  });

  it('drops a corrupt cold row or one of an older schema version, and recomputes', async () => {
    const { cache, db } = open();
    const c = computeOf({ ok: true });
    const put = db.prepare(
      'INSERT INTO cache_entries (key, schema_version, value, deps, bytes, created_at, expires_at) VALUES (?, ?, ?, ?, 1, 0, ?)',
    );
    const far = Date.now() + 1e12;
    put.run('bad-json', 1, '{not json', '{"files":[],"trees":[]}', far);
    put.run('bad-deps', 1, '1', '{"files":"nope"}', far);
    put.run('old-schema', 0, '{"ok":false}', '{"files":[],"trees":[]}', far);
    put.run('bad-shape', 1, '{"ok":"yes"}', '{"files":[],"trees":[]}', far);
    const validate = (v: unknown) => {
      if (typeof (v as { ok?: unknown })?.ok !== 'boolean') throw new Error('bad shape');
      return v as { ok: boolean };
    };
    for (const key of ['bad-json', 'bad-deps', 'old-schema', 'bad-shape']) {
      const r = await cache.get(key, { ...c, validate });
      expect(r, key).toMatchObject({ source: 'fresh', value: { ok: true } });
    }
    expect(c.calls).toBe(4);
    expect(cache.stats().cold.invalidations).toBe(4);
    cache.hot.clear();
    expect((await cache.get('old-schema', { ...c, validate })).source).toBe('cold');
  });

  it('invalidates an entry whose file dep changed (stat, then hash)', async () => {
    const { cache } = open();
    const t = tempDir();
    cleanups.push(t.cleanup);
    const f = join(t.dir, 'manifest.json');
    writeFileSync(f, '{"v":1}');
    let n = 0;
    const get = () => cache.get('k', { compute: async () => ({ value: ++n, deps: { files: [await captureFileDep(f)], trees: [] } }) });
    expect((await get()).value).toBe(1);
    expect((await get()).source).toBe('hot');
    writeFileSync(f, '{"v":2}'); // same size, new content
    expect(await get()).toMatchObject({ source: 'fresh', value: 2 });
    cache.hot.clear();
    expect((await get()).source).toBe('cold');
  });

  it('shares one compute between concurrent callers and aborts it only when all gave up', async () => {
    const { cache } = open();
    let calls = 0;
    let aborted = false;
    const compute = async ({ signal }: { signal: AbortSignal }) => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      aborted = signal.aborted;
      return { value: 'v', deps: NO_DEPS };
    };
    const a = new AbortController();
    const p1 = cache.get('k', { compute, signal: a.signal });
    const p2 = cache.get('k', { compute });
    a.abort(new Error('gave up'));
    await expect(p1).rejects.toThrow('gave up');
    expect((await p2).value).toBe('v');
    expect(calls).toBe(1);
    expect(aborted).toBe(false);
  });
});
