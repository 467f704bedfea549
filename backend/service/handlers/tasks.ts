import type { Orchestrator } from '../../orchestrator/orchestrator.js';
import type { NamespaceHandlers } from './types.js';

/** Handlers of the tasks namespace: the orchestrator's methods. */
export function createTaskHandlers(o: Orchestrator): NamespaceHandlers<'tasks.'> {
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
    'tasks.stats': ({ projectId, since }) => o.stats(projectId, since),
    'tasks.settings': () => o.settings(),
    'tasks.setSettings': (patch) => o.setSettings(patch),
  };
}
