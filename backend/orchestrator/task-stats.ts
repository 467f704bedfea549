import type { Result } from '../contract/index.js';
import type { TaskRepository } from './task-repository.js';

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * The dashboard's numbers over all tasks or one project's: active, queued, success rate,
 * average duration (ms), gate runs per finished task, agent switches, and per agent its
 * finished attempts, success rate and mean gate quality. With `since` (ms since the epoch) they
 * are a period's: a task counts unless it ended before `since`, a gate run when it ran from
 * `since` on.
 */
export function taskStats(repo: TaskRepository, projectId?: string, since?: number): Result<'tasks.stats'> {
  const tasks = repo.list(projectId).filter((t) => since === undefined || t.endedAt === null || t.endedAt >= since);
  const count = (s: string) => tasks.filter((t) => t.status === s).length;
  const finished = tasks.filter((t) => t.status === 'completed' || t.status === 'failed');
  const completed = count('completed');
  const failed = count('failed');
  const ids = new Set(tasks.map((t) => t.id));
  const attempts = repo.attempts(projectId).filter((a) => ids.has(a.taskId));
  const quality = repo.meanQuality((r) => projectId === undefined || r.project_id === projectId, since);
  const agents = [...new Set([...attempts.map((a) => a.agent), ...quality.keys()])].sort();
  return {
    total: tasks.length,
    active: count('in_progress'),
    queued: count('pending'),
    completed,
    failed,
    cancelled: count('cancelled'),
    successRate: completed + failed ? completed / (completed + failed) : null,
    averageDurationMs: mean(finished.filter((t) => t.startedAt !== null && t.endedAt !== null).map((t) => t.endedAt! - t.startedAt!)),
    iterationsPerTask: mean(finished.map((t) => t.iterations)),
    agentSwitches: tasks.filter((t) => ids.has(t.id)).reduce((a, t) => a + repo.switches(t.id).length, 0),
    perAgent: agents.map((agent) => {
      const mine = attempts.filter((a) => a.agent === agent);
      const successes = mine.filter((a) => a.success).length;
      return { agent, attempts: mine.length, successes, successRate: mine.length ? successes / mine.length : null, averageQuality: quality.get(agent) ?? null };
    }),
  };
}
