import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { Handlers } from './handlers.js';

type OrchestratorMethod = Extract<keyof Handlers, `tasks.${string}`>;

/** Handlers of the orchestrator's methods (issue 6), spread into `createHandlers`. */
export function createOrchestratorHandlers(o: Orchestrator): Pick<Handlers, OrchestratorMethod> {
  return {
    'tasks.analyze': (p) => o.analyze(p),
    'tasks.create': (p) => o.create(p),
    'tasks.list': ({ projectId }) => o.list(projectId),
    'tasks.get': ({ id }) => o.get(id),
    'tasks.cancel': ({ id }) => o.cancel(id),
    'tasks.retry': (p) => o.rerun(p),
    'tasks.diff': ({ id }) => o.diff(id),
    'tasks.merge': ({ id, reviewed }) => o.merge(id, reviewed),
    'tasks.discard': ({ id }) => o.discard(id),
    'tasks.stats': ({ projectId }) => o.stats(projectId),
    'tasks.settings': () => o.settings(),
    'tasks.setSettings': (patch) => o.setSettings(patch),
  };
}
