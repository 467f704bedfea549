import type { HandlerDeps, NamespaceHandlers } from './types.js';

/** Handlers of the quality namespace: a project's gate checks, detected or named by the user. */
export function createQualityHandlers(d: Pick<HandlerDeps, 'quality' | 'projects'>): NamespaceHandlers<'quality.'> {
  return {
    'quality.checks': ({ projectId }) => d.quality.plan(projectId, d.projects.get(projectId).path),
    'quality.setChecks': ({ projectId, ...patch }) => d.quality.setSettings(projectId, patch),
  };
}
