import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { TwoTierCache } from '../cache/two-tier-cache.js';
import { PtyProcess } from '../pty/pty-process.js';
import { tempDir, writeTree } from '../../test/support/cache.js';
import { AnalysisService, type AnalysisProgress } from './analysis-service.js';

/** Folders × files of the large tree: 60,000 files, 60,601 entries with the folders and root. */
const DIRS = 600;
const FILES_PER_DIR = 100;
/** The walk's file budget in the budget test: a third of the tree. */
const MAX_FILES = 20_000;

/** inotify watches this process holds (Linux: `inotify wd:` lines of each inotify fd); null elsewhere. */
function inotifyWatches(): number | null {
  if (process.platform !== 'linux') return null;
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== 'anon_inode:inotify') continue;
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      // The fd closed meanwhile.
    }
  }
  return n;
}

describe('a large folder', () => {
  const tmp = tempDir('cortex-large-');
  const big = join(tmp.dir, 'big');
  let db: Db;
  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'cortex.db'));
    writeTree(big, { 'package.json': '{"name":"big","scripts":{"test":"vitest"}}' });
    for (let d = 0; d < DIRS; d++) {
      const dir = join(big, `pkg${d}`);
      mkdirSync(dir);
      for (let f = 0; f < FILES_PER_DIR; f++) closeSync(openSync(join(dir, `m${f}.ts`), 'w'));
    }
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('stops the walk at its file budget with a partial analysis that says so, and is not watched', async () => {
    const cache = new TwoTierCache(db, { trees: { walkBudget: { maxFiles: MAX_FILES, maxMs: 600_000 } } });
    const svc = new AnalysisService(cache);
    const watchesBefore = inotifyWatches();
    const progress: AnalysisProgress[] = [];
    try {
      const r = await svc.analyze(big, { refresh: true, onProgress: (p) => progress.push(p) });
      const a = r.analysis;
      expect(a.walk).toEqual({ complete: false, stoppedBy: 'files', limit: MAX_FILES });
      expect(a.fileCount).toBeGreaterThanOrEqual(MAX_FILES);
      expect(a.fileCount).toBeLessThan(MAX_FILES + FILES_PER_DIR + 1);
      // macOS and Windows watch it with one recursive OS watch instead.
      if (process.platform === 'linux') {
        expect(a.watch).toEqual({ mode: 'none', live: false, reason: expect.stringMatching(/^folder too large \(over \d+ files and folders; the walk stopped at its budget\)$/) });
      }
      expect(a.projectTypes).toEqual(['node']);
      // Progress while walking (files so far, with the budget), then done.
      const walking = progress.filter((p) => p.phase === 'walk');
      expect(walking.length).toBeGreaterThan(0);
      expect(walking.every((p) => p.maxFiles === MAX_FILES && p.root === big)).toBe(true);
      expect(walking.map((p) => p.files)).toEqual([...walking.map((p) => p.files)].sort((x, y) => x - y));
      expect(progress.at(-1)).toMatchObject({ phase: 'done', files: a.fileCount });
      // Not watched: no OS watch taken for it.
      if (watchesBefore !== null) expect(inotifyWatches()).toBe(watchesBefore);
      // Still exact: a partial tree is walked again next time, never served as current.
      const again = await svc.analyze(big);
      expect(again.analysis.walk.complete).toBe(false);
    } finally {
      svc.close();
      await cache.close();
    }
  });

  it('a whole walk too large to watch says so, takes no watch, and a small folder takes one watch per entry at most', async () => {
    const cache = new TwoTierCache(db);
    const svc = new AnalysisService(cache);
    const small = join(tmp.dir, 'small');
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`src/d${i % 5}/f${i}.ts`] = 'export {};\n';
    writeTree(small, files);
    const smallEntries = 30 + 5 + 1 + 1; // files, folders d0..d4, src, the root
    const watchesBefore = inotifyWatches();
    try {
      const a = (await svc.analyze(big, { refresh: true })).analysis;
      expect(a.walk.complete).toBe(true);
      expect(a.fileCount).toBe(DIRS * FILES_PER_DIR + 1);
      if (process.platform === 'linux') {
        expect(a.watch).toEqual({ mode: 'none', live: false, reason: `folder too large (${DIRS * FILES_PER_DIR + 1 + DIRS + 1} files and folders, more than 20000)` });
        expect(inotifyWatches()).toBe(watchesBefore);
      }
      const s = await svc.analyze(small);
      expect(s.analysis.watch.reason).toBeNull();
      await cache.trees.watcherReady(small);
      if (watchesBefore !== null) {
        const taken = inotifyWatches()! - watchesBefore;
        expect(taken).toBeGreaterThan(0);
        expect(taken).toBeLessThanOrEqual(smallEntries);
      }
      // Watched: a change is seen, and the next answer is current.
      writeFileSync(join(small, 'src', 'new.ts'), 'export const x = 1;\n');
      await new Promise((r) => setTimeout(r, 300));
      expect((await svc.analyze(small)).analysis.fileCount).toBe(31);
    } finally {
      svc.close();
      await cache.close();
    }
    if (watchesBefore !== null) expect(inotifyWatches()).toBe(watchesBefore);
  });

  it('a live terminal keeps echoing keystrokes while the walk runs', async () => {
    const cache = new TwoTierCache(db, { trees: { watch: false } });
    const svc = new AnalysisService(cache);
    // The program echoes what it reads itself (raw mode), as an agent's input box does.
    const echo = 'process.stdin.setRawMode?.(true); process.stdin.pipe(process.stdout); process.stdout.write("ready")';
    const pty = PtyProcess.spawn({ argv: [process.execPath, '-e', echo], cwd: tmp.dir, cols: 80, rows: 24 });
    const order: string[] = [];
    let output = '';
    let typed = false;
    let filesAtEcho = -1;
    let filesSoFar = 0;
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    pty.onData((d) => {
      output += d;
      if (output.includes('ready')) ready();
      if (filesAtEcho < 0 && output.includes('ping')) {
        filesAtEcho = filesSoFar;
        order.push('echo');
      }
    });
    try {
      await started;
      const r = await svc.analyze(big, {
        refresh: true,
        onProgress: (p) => {
          if (p.phase !== 'walk') return;
          filesSoFar = p.files;
          // Type as soon as the walk is under way.
          if (!typed) {
            typed = true;
            order.push('typed');
            pty.write('ping');
          }
        },
      });
      order.push('walk done');
      expect(order).toEqual(['typed', 'echo', 'walk done']);
      expect(filesAtEcho).toBeLessThan(r.analysis.fileCount);
    } finally {
      await pty.kill();
      svc.close();
      await cache.close();
    }
  });
});
