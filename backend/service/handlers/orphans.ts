import { CortexError } from '../../contract/index.js';
import { isAlive, killProcessTree } from '../../pty/process-group.js';
import type { HandlerDeps, NamespaceHandlers } from './types.js';
import { OK } from './types.js';

/**
 * Handlers of the orphans namespace: only pids found at start (and still alive) are listed
 * and may be ended.
 */
export function createOrphanHandlers(d: Pick<HandlerDeps, 'orphans'>): NamespaceHandlers<'orphans.'> {
  return {
    'orphans.list': () => d.orphans.filter((o) => isAlive(o.pid)),
    'orphans.kill': async ({ pid }) => {
      const i = d.orphans.findIndex((o) => o.pid === pid);
      if (i < 0) throw new CortexError('NOT_FOUND', `Process ${pid} is not one of the orphans found at start.`, 'List orphans to see their pids.');
      await killProcessTree(pid);
      d.orphans.splice(i, 1);
      return OK;
    },
  };
}
