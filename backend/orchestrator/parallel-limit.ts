/**
 * How many tasks may run at once across all projects, a pure function.
 *
 * Each project has its own limit (its preset's `parallelLimit`, or the app-wide setting when the
 * user set one: that wins over every preset). All projects together:
 * - with an app-wide `parallelLimit` set by the user (`tasks.setSettings`), never more than it;
 * - without one, never more than the built-in default, or the largest limit among the projects
 *   that have tasks running or waiting when that is higher. A project under a preset that allows
 *   6 runs 6; two projects that allow 3 each still share 3, and two that allow 1 each run one
 *   each, as with no preset at all.
 *
 * @param explicit the app-wide limit the user set (tasks), or undefined when none is set
 * @param projectLimits the limits (tasks) of the projects with tasks running or waiting
 * @param fallback the built-in default limit (tasks)
 * @returns a count of tasks, ≥ 1 when every input is
 */
export function instanceParallelLimit(explicit: number | undefined, projectLimits: readonly number[], fallback: number): number {
  if (explicit !== undefined) return explicit;
  return Math.max(fallback, ...projectLimits);
}
