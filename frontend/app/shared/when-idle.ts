/**
 * Runs `run` once the browser is idle (`requestIdleCallback`), at the latest after
 * `timeoutMs` ms; where the browser has no idle callbacks, in a task of its own right away.
 * For work the page does not need for what it shows now (prefetching chunks, probing the GPU).
 */
export function whenIdle(run: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs });
  else setTimeout(run, 0);
}
