import type { HandlerDeps, NamespaceHandlers } from './types.js';
import { OK } from './types.js';

/**
 * Handlers of the presets namespace: presets, per-project configuration and its history
 * ({@link PresetService}). A change that can alter what a project runs with (an apply, an edit,
 * a revert) pumps the queue at once: a waiting task that a higher parallel limit or a lifted
 * default budget now allows starts without waiting for another task to end.
 */
export function createPresetHandlers(d: Pick<HandlerDeps, 'presets' | 'projects' | 'orchestrator'>): NamespaceHandlers<'presets.'> {
  const p = d.presets;
  const thenResume = <T>(result: T): T => {
    d.orchestrator.resumeHeld();
    return result;
  };
  return {
    'presets.list': () => p.list(),
    'presets.get': ({ id }) => p.get(id),
    'presets.create': ({ id, body, via }) => p.create(id, body, via),
    'presets.update': ({ id, body, via }) => thenResume(p.update(id, body, via)),
    'presets.delete': ({ id, via }) => {
      p.delete(id, via);
      return OK;
    },
    'presets.apply': ({ projectId, presetId, via }) => thenResume(p.apply(projectId, presetId, via)),
    'presets.effective': ({ projectId }) => {
      if (projectId !== undefined) d.projects.get(projectId);
      return p.effective(projectId ?? null);
    },
    'presets.expectedEffect': ({ projectId }) => p.expectedEffect(projectId),
    'presets.history': ({ target, limit }) => ({ changes: p.history(limit, target) }),
    'presets.revert': ({ changeId, via }) => thenResume(p.revert(changeId, via)),
  };
}
