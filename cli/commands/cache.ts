import type { CacheStatsResult } from '../../backend/contract/index.js';
import type { CommandSpec } from '../command.js';
import { formatBytes, formatShare, table, type Style } from '../format.js';

type Latency = CacheStatsResult['fresh']['latency'];

/** A latency in µs as "3 µs", "85 µs", "4.0 ms". */
function us(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} ms` : `${Math.round(value)} µs`;
}

function latencyCells(l: Latency): string[] {
  return l.count === 0 ? ['-', '-', '-'] : [us(l.p50Us), us(l.p95Us), us(l.p99Us)];
}

/** The per-tier table of `cortex cache stats` for humans. */
export function describeCacheStats(s: CacheStatsResult, style: Style): string {
  const tier = (name: string, t: CacheStatsResult['cold']) => [
    name,
    String(t.hits),
    String(t.misses),
    t.hits + t.misses === 0 ? '-' : formatShare(t.hitRatio),
    String(t.evictions),
    String(t.invalidations),
    ...latencyCells(t.latency),
    `${t.entries} / ${formatBytes(t.bytes)}`,
  ];
  const rows = [
    tier('hot', s.hot),
    tier('cold', s.cold),
    ['fresh', String(s.fresh.count), '-', '-', '-', '-', ...latencyCells(s.fresh.latency), '-'],
  ];
  const lines = [table(['TIER', 'HITS', 'MISSES', 'HIT RATIO', 'EVICTIONS', 'INVALIDATED', 'P50', 'P95', 'P99', 'ENTRIES / SIZE'], rows, style)];
  lines.push(
    '',
    `hot: at most ${s.hot.maxEntries} entries / ${formatBytes(s.hot.maxBytes)}, TTL ${Math.round(s.hot.ttlMs / 60_000)} min; cold: TTL ${Math.round(s.cold.ttlMs / 60_000)} min. Latencies per lookup (fresh: per computation).`,
  );
  if (s.watched.length) lines.push(`watched: ${s.watched.map((w) => `${w.root}${w.live ? '' : ' (not live)'}`).join(', ')}`);
  return lines.join('\n');
}

/** `cortex cache stats`: hits, misses, evictions, hit ratio and latency of each cache tier (cache.stats). */
export const cacheStatsCommand: CommandSpec = {
  name: 'cache stats',
  summary: 'Show the cache: hit ratio, hits/misses/evictions and lookup latency per tier (hot, cold, fresh).',
  details: 'Counters are since the instance started. --json prints the cache.stats result (latencies in µs, with histograms).',
  args: [],
  options: {},
  examples: ['cortex cache stats', 'cortex cache stats --json | jq .hot.hitRatio'],
  async run({ client, style }) {
    const c = await client();
    const stats = await c.call('cache.stats', {});
    return { data: stats, text: describeCacheStats(stats, style) };
  },
};
