/** The two-tier cache: hot (lru-cache), cold (SQLite), exact invalidation by deps. */
export * from './clock.js';
export * from './cache-entry.js';
export * from './deps.js';
export * from './latency-histogram.js';
export * from './tier-stats.js';
export * from './hot-tier.js';
export * from './cold-tier.js';
export * from './gitignore-rules.js';
export * from './tree-snapshot.js';
export * from './tree-index.js';
export * from './root-watcher.js';
export * from './two-tier-cache.js';
