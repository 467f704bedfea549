/** First reconnect delay, ms. */
export const RECONNECT_BASE_MS = 250;
/** Longest reconnect delay, ms. */
export const RECONNECT_MAX_MS = 8_000;
/** Share of each delay that is randomised, so many tabs do not reconnect in lockstep. */
export const RECONNECT_JITTER = 0.2;

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from
 * {@link RECONNECT_BASE_MS}, capped at {@link RECONNECT_MAX_MS}, with ±{@link RECONNECT_JITTER} jitter.
 * @param random a number in [0, 1), injectable for tests
 * @returns milliseconds
 */
export function reconnectDelayMs(attempt: number, random: number = Math.random()): number {
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 - RECONNECT_JITTER + 2 * RECONNECT_JITTER * random));
}
