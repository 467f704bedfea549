import type { HandlerDeps, NamespaceHandlers } from './types.js';

/** Handlers of the usage namespace: tokens and list-price estimates from `cost_tracking`. */
export function createUsageHandlers(d: Pick<HandlerDeps, 'costs'>): NamespaceHandlers<'usage.'> {
  return {
    'usage.summary': ({ groupBy, projectId, taskId, since, until }) => {
      const filter = { projectId, taskId, since, until };
      const rows = d.costs.summary(groupBy, filter);
      const all = d.costs.summary('project', filter);
      const total = {
        key: 'total',
        tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0 },
        costUSD: 0 as number | null,
        costBasis: 'list-price estimate' as const,
        unpricedModels: [] as string[],
        records: 0,
        unreadable: 0,
        unfoundSessions: 0,
      };
      for (const r of all) {
        for (const k of ['input', 'output', 'cacheWrite', 'cacheRead', 'reasoning'] as const) total.tokens[k] += r.tokens[k];
        total.records += r.records;
        total.unreadable += r.unreadable;
        total.unfoundSessions += r.unfoundSessions;
        total.costUSD = total.costUSD === null || r.costUSD === null ? null : total.costUSD + r.costUSD;
        for (const m of r.unpricedModels) if (!total.unpricedModels.includes(m)) total.unpricedModels.push(m);
      }
      total.unpricedModels.sort();
      return { rows, total };
    },
  };
}
