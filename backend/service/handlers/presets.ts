import type { HandlerDeps, NamespaceHandlers } from './types.js';
import { OK } from './types.js';

/** Handlers of the presets namespace: presets, per-project configuration and its history ({@link PresetService}). */
export function createPresetHandlers(d: Pick<HandlerDeps, 'presets' | 'projects'>): NamespaceHandlers<'presets.'> {
  const p = d.presets;
  return {
    'presets.list': () => p.list(),
    'presets.get': ({ id }) => p.get(id),
    'presets.create': ({ id, body, via }) => p.create(id, body, via),
    'presets.update': ({ id, body, via }) => p.update(id, body, via),
    'presets.delete': ({ id, via }) => {
      p.delete(id, via);
      return OK;
    },
    'presets.apply': ({ projectId, presetId, via }) => p.apply(projectId, presetId, via),
    'presets.effective': ({ projectId }) => {
      if (projectId !== undefined) d.projects.get(projectId);
      return p.effective(projectId ?? null);
    },
    'presets.expectedEffect': ({ projectId }) => p.expectedEffect(projectId),
    'presets.history': ({ target, limit }) => ({ changes: p.history(limit, target) }),
    'presets.revert': ({ changeId, via }) => p.revert(changeId, via),
  };
}
