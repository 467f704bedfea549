import type { HandlerDeps, NamespaceHandlers } from './types.js';
import { OK } from './types.js';

/**
 * Handlers of the presets namespace: presets, per-project configuration and its history
 * ({@link PresetService}). A change that can alter what a project runs with (a preset applied,
 * edited, deleted or a change reverted) may lift a budget or a parallel limit that holds a
 * task: the queue is looked at again, so held tasks it allows start.
 */
export function createPresetHandlers(d: Pick<HandlerDeps, 'presets' | 'projects' | 'orchestrator'>): NamespaceHandlers<'presets.'> {
  const p = d.presets;
  /** Runs a change, then lets the held tasks it allows start. */
  const changing = <T>(result: T): T => {
    d.orchestrator.resumeHeld();
    return result;
  };
  return {
    'presets.list': () => p.list(),
    'presets.get': ({ id }) => p.get(id),
    'presets.create': ({ id, body, via }) => p.create(id, body, via),
    'presets.update': ({ id, body, via }) => changing(p.update(id, body, via)),
    'presets.delete': ({ id, via }) => {
      p.delete(id, via);
      return changing(OK);
    },
    'presets.apply': ({ projectId, presetId, via }) => changing(p.apply(projectId, presetId, via)),
    'presets.effective': ({ projectId }) => {
      if (projectId !== undefined) d.projects.get(projectId);
      return p.effective(projectId ?? null);
    },
    'presets.expectedEffect': ({ projectId }) => p.expectedEffect(projectId),
    'presets.history': ({ target, limit }) => ({ changes: p.history(limit, target) }),
    'presets.revert': ({ changeId, via }) => changing(p.revert(changeId, via)),
  };
}
