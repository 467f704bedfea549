import type { Deps } from './deps.js';

/**
 * One cached value with what it was derived from. Times are ms since the epoch from the
 * cache's clock. `value` must be JSON-serializable; callers treat it as immutable (a hot
 * hit returns the same object to every reader).
 */
export interface CacheEntry<V = unknown> {
  value: V;
  deps: Deps;
  createdAt: number;
  expiresAt: number;
  /** Size of the serialized value in bytes (UTF-8), what the hot tier's byte bound counts. */
  bytes: number;
}
