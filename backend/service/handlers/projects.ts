import type { HandlerDeps, NamespaceHandlers } from './types.js';
import { OK } from './types.js';

/**
 * Handlers of the projects namespace (`projects.analyze` is the analysis namespace's).
 * Adding a project that is already there returns it and publishes nothing.
 */
export function createProjectHandlers(d: Pick<HandlerDeps, 'projects' | 'sessions' | 'orchestrator' | 'bus'>): Omit<NamespaceHandlers<'projects.'>, 'projects.analyze'> {
  return {
    'projects.list': () => d.projects.list(),
    'projects.add': ({ path, name }) => {
      const { project, created } = d.projects.add(path, name);
      if (created) d.bus.publish('project.updated', project);
      return project;
    },
    'projects.rename': ({ id, name }) => {
      const project = d.projects.rename(id, name);
      d.bus.publish('project.updated', project);
      return project;
    },
    'projects.remove': async ({ id }) => {
      d.projects.get(id);
      await d.orchestrator.removeProjectTasks(id);
      await d.sessions.removeProjectSessions(id);
      d.projects.remove(id);
      d.bus.publish('project.removed', { projectId: id });
      return OK;
    },
  };
}
