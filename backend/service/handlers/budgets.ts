import { CortexError } from '../../contract/index.js';
import type { HandlerDeps, NamespaceHandlers } from './types.js';

/**
 * Handlers of the budgets namespace: budgets per project and per task, with their spend
 * (list-price estimates) and verdict ({@link BudgetService}). A change lets the held tasks
 * it allows start again.
 */
export function createBudgetHandlers(d: Pick<HandlerDeps, 'budgets' | 'projects' | 'orchestrator'>): NamespaceHandlers<'budgets.'> {
  return {
    'budgets.get': ({ projectId, taskId }) => {
      const task = taskId !== undefined ? d.orchestrator.get(taskId).task : null;
      const project = projectId ?? task!.projectId;
      if (task && projectId !== undefined && task.projectId !== projectId) {
        throw new CortexError('INVALID_REQUEST', `Task ${task.id} is not of project ${projectId}.`, 'Give only the task id, or the task of that project.');
      }
      d.projects.get(project);
      return { project: d.budgets.project(project), task: task ? d.budgets.task(task.id) : null };
    },
    'budgets.set': ({ scope, target, usd, tokens }) => {
      if (scope === 'project') d.projects.get(target);
      else d.orchestrator.get(target);
      const status = d.budgets.set(scope, target, usd, tokens);
      d.orchestrator.resumeHeld();
      return status;
    },
  };
}
