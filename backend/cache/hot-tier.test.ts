import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { HotTier, LATENCY_SAMPLE_EVERY } from './hot-tier.js';
import { NO_DEPS } from './deps.js';
import type { CacheEntry } from './cache-entry.js';

const entry = (value: unknown, clock: ManualClock, ttl = 1e12): CacheEntry => ({
  value,
  deps: NO_DEPS,
  createdAt: clock.now(),
  expiresAt: clock.now() + ttl,
  bytes: Buffer.byteLength(JSON.stringify(value)),
});

describe('HotTier', () => {
  it('hits, misses and hit ratio', () => {
    const clock = new ManualClock();
    const hot = new HotTier({ clock });
    hot.set('a', entry({ x: 1 }, clock), []);
    expect(hot.get('a')?.value).toEqual({ x: 1 });
    expect(hot.get('b')).toBeUndefined();
    const s = hot.stats.snapshot();
    expect([s.hits, s.misses, s.hitRatio]).toEqual([1, 1, 0.5]);
    // Latency is timed on one get in LATENCY_SAMPLE_EVERY.
    for (let i = 2; i < 4 * LATENCY_SAMPLE_EVERY; i++) hot.get('a');
    expect(hot.stats.snapshot().latency.count).toBe(4);
  });

  it('expires entries after its TTL (injected clock)', () => {
    const clock = new ManualClock();
    const hot = new HotTier({ clock, ttlMs: 1000 });
    hot.set('a', entry(1, clock), []);
    clock.advance(999);
    expect(hot.get('a')?.value).toBe(1);
    clock.advance(1);
    expect(hot.get('a')).toBeUndefined();
    expect(hot.stats.evictions).toBe(1);
    expect(hot.size).toBe(0);
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const clock = new ManualClock();
    const hot = new HotTier({ clock, maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) hot.set(k, entry(k, clock), []);
    hot.get('a'); // a is now most recent; b is the LRU
    hot.set('d', entry('d', clock), []);
    expect(hot.keys().sort()).toEqual(['a', 'c', 'd']);
    expect(hot.stats.evictions).toBe(1);
  });

  it('evicts by bytes of the serialized value', () => {
    const clock = new ManualClock();
    const hot = new HotTier({ clock, maxBytes: 1000 });
    const big = 'x'.repeat(400); // 402 bytes serialized
    hot.set('a', entry(big, clock), []);
    hot.set('b', entry(big, clock), []);
    expect(hot.size).toBe(2);
    hot.set('c', entry(big, clock), []);
    expect(hot.keys().sort()).toEqual(['b', 'c']);
    expect(hot.bytes).toBeLessThanOrEqual(1000);
    expect(hot.stats.evictions).toBe(1);
    hot.set('huge', entry('y'.repeat(2000), clock), []);
    expect(hot.peek('huge')).toBeUndefined();
  });
});
