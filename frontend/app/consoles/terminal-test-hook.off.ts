import type { Terminal } from '@xterm/xterm';

/**
 * The production build's stand-in for `terminal-test-hook.ts` (angular.json's production
 * configuration replaces that file with this one): shipped builds expose no terminal to
 * the page. The end-to-end tests run the `test` build configuration, which keeps the hook.
 * @returns a function that does nothing
 */
export function exposeTerminal(_sessionId: string, _term: Terminal): () => void {
  return () => undefined;
}
