import { writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIRROR_HEAP_RELEASE_CHARS, MIRROR_HEAP_RELEASE_IDLE_MS } from './constants.js';
import { collectHeap, heapReleaseDecision } from './heap-release.js';
import { MirrorHost } from './mirror-host.js';
import type { WorkerHeap } from './mirror-protocol.js';
import { PtySession } from './pty-session.js';
import { tempDir, waitFor } from '../../test/support/temp.js';

const policy = { minChars: 1_000, idleMs: 300 };

describe('heapReleaseDecision (when the mirror worker collects after a flood)', () => {
  it('does nothing while less than minChars went through since the last release', () => {
    expect(heapReleaseDecision({ charsSinceRelease: 0, pendingChars: 0, idleMs: 10_000 }, policy)).toEqual({ act: 'none' });
    expect(heapReleaseDecision({ charsSinceRelease: 999, pendingChars: 0, idleMs: 10_000 }, policy)).toEqual({ act: 'none' });
  });

  it('waits out the rest of the quiet time after the last write', () => {
    expect(heapReleaseDecision({ charsSinceRelease: 1_000, pendingChars: 0, idleMs: 0 }, policy)).toEqual({ act: 'wait', ms: 300 });
    expect(heapReleaseDecision({ charsSinceRelease: 5_000, pendingChars: 0, idleMs: 120 }, policy)).toEqual({ act: 'wait', ms: 180 });
    expect(heapReleaseDecision({ charsSinceRelease: 5_000, pendingChars: 0, idleMs: 299.5 }, policy)).toEqual({ act: 'wait', ms: 1 });
  });

  it('waits while a mirror still has a backlog to parse, however quiet the output', () => {
    expect(heapReleaseDecision({ charsSinceRelease: 5_000, pendingChars: 1, idleMs: 10_000 }, policy)).toEqual({ act: 'wait', ms: 1 });
    expect(heapReleaseDecision({ charsSinceRelease: 5_000, pendingChars: 64_000, idleMs: 100 }, policy)).toEqual({ act: 'wait', ms: 200 });
  });

  it('releases once enough went through, every backlog is parsed and the output has been quiet for idleMs', () => {
    expect(heapReleaseDecision({ charsSinceRelease: 1_000, pendingChars: 0, idleMs: 300 }, policy)).toEqual({ act: 'release' });
    expect(heapReleaseDecision({ charsSinceRelease: 9e9, pendingChars: 0, idleMs: 1e9 }, policy)).toEqual({ act: 'release' });
  });

  it('treats a clock that went backwards as no quiet time', () => {
    expect(heapReleaseDecision({ charsSinceRelease: 5_000, pendingChars: 0, idleMs: -50 }, policy)).toEqual({ act: 'wait', ms: 300 });
  });
});

const MiB = 2 ** 20;

describe('collectHeap', () => {
  it('frees garbage of the old generation, not only of the young one', async () => {
    const release = (): Promise<void> => new Promise((resolve) => collectHeap(resolve));
    // ~15 MB of small objects that survive a release: promoted to the old generation.
    let garbage: { i: number; s: string }[] | null = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `row ${i}` }));
    await release();
    expect(garbage.length).toBe(200_000);
    const held = getHeapStatistics().used_heap_size;
    garbage = null;
    await release();
    expect(held - getHeapStatistics().used_heap_size).toBeGreaterThan(8 * MiB);
  });
});

const open: PtySession[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.kill().then(() => s.dispose())));
  cleanups.splice(0).forEach((c) => c());
});

async function heap(): Promise<WorkerHeap> {
  const h = await MirrorHost.shared().heapStatistics();
  if (!h) throw new Error('no mirror worker runs');
  return h;
}

const COLS = 120;
const SCROLLBACK = 10_000;

describe('the mirror worker after a flood (real PTY, real worker)', () => {
  it('collects its heap once after a 3 MB cat is parsed and quiet, and the mirror still holds the last 10,000 lines', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const lines = 25_000;
    const file = join(t.dir, 'flood.txt');
    writeFileSync(file, Array.from({ length: lines }, (_, i) => `line ${String(i + 1).padStart(6, '0')} ${'abcdefghij'.repeat(10)}`).join('\n') + '\n');
    const s = new PtySession({ argv: ['/bin/bash', '--norc', '--noprofile', '-c', `sleep 0.5; cat ${file}`], cwd: t.dir, cols: COLS, rows: 40, env: {} }, SCROLLBACK);
    open.push(s);
    await s.mirror.drain(); // the worker runs and hosts this mirror
    const before = await heap();
    await s.process.waitExit();
    await s.mirror.drain();
    await waitFor(async () => (await heap()).releases > before.releases, 10_000, 'a heap release after the flood');
    await new Promise((r) => setTimeout(r, MIRROR_HEAP_RELEASE_IDLE_MS * 2));
    // Once per flood: the quiet that follows does not collect again.
    const after = await heap();
    expect(after.releases).toBe(before.releases + 1);
    // What the flood went through is gone: the mirror's 10,000 lines are deflated or in typed
    // arrays (outside the V8 heap), so its used heap stays near what it was before.
    expect(after.usedHeapSize - before.usedHeapSize).toBeLessThan(6 * MiB);
    const snap = (await s.mirror.snapshot()).data;
    expect(snap).toContain(`line ${String(lines).padStart(6, '0')} `);
    expect(snap).toContain(`line ${String(lines - SCROLLBACK + 40).padStart(6, '0')} `);
  }, 60_000);

  it('never collects for output under the threshold (a prompt, typing, a short listing)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const s = new PtySession({ argv: ['/bin/bash', '--norc', '--noprofile', '-c', 'sleep 0.5; seq 1 5000'], cwd: t.dir, cols: COLS, rows: 40, env: {} }, SCROLLBACK);
    open.push(s);
    await s.mirror.drain();
    const before = await heap();
    await s.process.waitExit();
    await s.mirror.drain();
    expect(s.outputChars).toBeLessThan(MIRROR_HEAP_RELEASE_CHARS);
    await new Promise((r) => setTimeout(r, MIRROR_HEAP_RELEASE_IDLE_MS * 2));
    expect((await heap()).releases).toBe(before.releases);
  }, 30_000);
});
