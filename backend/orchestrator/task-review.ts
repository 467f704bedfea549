import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CortexError, type Result, type Task } from '../contract/index.js';
import type { ProjectService } from '../projects/project-service.js';
import { Git, GitError } from './git.js';
import { GUIDELINES_BEGIN } from './guidelines.js';
import { mergeBranch, worktreeDiff, type TaskDiff } from './review.js';
import { toTask, type TaskRecord, type TaskRepository } from './task-repository.js';
import { removeTaskWorktree } from './worktrees.js';

/** What {@link TaskReview} needs from the orchestrator and the store. */
export interface TaskReviewDeps {
  repo: TaskRepository;
  projects: ProjectService;
  env: NodeJS.ProcessEnv;
  /** Stops a pending or running task (its sessions end, the worktree stays). */
  cancel: (id: string) => Promise<Task>;
  /** Saves a task record and publishes `task.updated`. */
  save: (t: TaskRecord) => TaskRecord;
  /** The task record. @throws CortexError NOT_FOUND */
  require: (id: string) => TaskRecord;
}

/**
 * The review end of a task: its diff against the base commit, merging its branch
 * into the project's, discarding it (worktree and branch removed), and the clean-up of a
 * removed project's task worktrees. git runs with argv arrays (the git CLI, no shell).
 */
export class TaskReview {
  constructor(private readonly d: TaskReviewDeps) {}

  /**
   * The task's changes against its base commit (the guidelines section the orchestrator
   * injected excluded while it is in the file).
   * @throws CortexError NOT_FOUND, INVALID_REQUEST (in place, or the worktree is gone)
   */
  async diff(id: string): Promise<TaskDiff> {
    const t = this.d.require(id);
    if (t.inPlace || !t.worktree || !t.baseRef) throw new CortexError('INVALID_REQUEST', 'This task ran in place (no git repository): there is no diff to show.', 'Look at the folder itself.');
    if (!existsSync(t.worktree)) throw new CortexError('INVALID_REQUEST', `The task's worktree is gone (${t.review === 'open' ? 'removed outside the app' : t.review}).`);
    const exclude = t.guidelines && hasGuidelinesSection(t) ? [t.guidelines.file] : [];
    return worktreeDiff(t.worktree, t.baseRef, exclude, this.d.env);
  }

  /**
   * Merges a completed task (or an unverified one a person `reviewed`) into the project's
   * branch; a conflict is reported and aborted.
   * On success the worktree and the (merged) branch are removed.
   * @throws CortexError NOT_FOUND, INVALID_REQUEST (not completed, in place, already reviewed,
   *   the project folder on another branch, or git refused)
   */
  async merge(id: string, reviewed = false): Promise<Result<'tasks.merge'>> {
    const t = this.d.require(id);
    if (t.status === 'unverified' && !reviewed) {
      throw new CortexError('INVALID_REQUEST', 'No check verified this task: read its diff before merging it.', 'Merge it as reviewed (reviewed: true, or `cortex task merge --reviewed`), or name its checks in the project settings and retry it.');
    }
    if (t.status !== 'completed' && t.status !== 'unverified') throw new CortexError('INVALID_REQUEST', `Only a completed (or reviewed unverified) task can be merged; this one is ${t.status}.`);
    if (t.inPlace || !t.branch) throw new CortexError('INVALID_REQUEST', 'This task ran in place: its changes are already in the folder.');
    if (t.review !== 'open') throw new CortexError('INVALID_REQUEST', `This task was already ${t.review}.`);
    const project = this.d.projects.get(t.projectId);
    const git = new Git(project.path, this.d.env);
    const current = await git.branch();
    if (t.baseBranch && current !== t.baseBranch) {
      throw new CortexError('INVALID_REQUEST', `The project folder is on ${current ?? 'a detached HEAD'}, not on ${t.baseBranch} (the branch the task started from).`, `Check out ${t.baseBranch} in ${project.path}, then merge again.`);
    }
    let outcome;
    try {
      outcome = await mergeBranch(project.path, t.branch, `Merge task: ${firstLine(t.text)}\n\nPhantom-Cortex-Task: ${t.id}`, this.d.env);
    } catch (err) {
      if (err instanceof GitError) throw new CortexError('INVALID_REQUEST', `git refused to merge: ${(err.result.stderr || err.result.stdout).trim()}`, 'Commit or stash the changes in the project folder first.');
      throw err;
    }
    if (outcome.merged) {
      await removeTaskWorktree(project.path, t.worktree, null, this.d.env);
      await git.run(['branch', '-d', t.branch]);
      this.d.save({ ...this.d.require(id), review: 'merged' });
    }
    return { ...outcome, task: toTask(this.d.require(id)) };
  }

  /** Cancels the task if it runs, then removes its worktree and branch. @throws CortexError NOT_FOUND */
  async discard(id: string): Promise<Task> {
    await this.d.cancel(id);
    const t = this.d.require(id);
    if (!t.inPlace && t.review === 'open') {
      const project = this.d.projects.get(t.projectId);
      await removeTaskWorktree(project.path, t.worktree, t.branch, this.d.env);
    }
    if (t.review === 'open') this.d.save({ ...this.d.require(id), review: 'discarded' });
    return toTask(this.d.require(id));
  }

  /**
   * Before a project is removed: stops its pending and running tasks (their sessions end) and
   * deletes the worktrees of tasks still open for review — they live in the data dir, and
   * would otherwise stay on disk and in the repository's `git worktree list` forever. A task
   * branch that holds commits stays in the repository (the work is the user's); one with no
   * commit beyond where it started is deleted. The project's own folder is never touched.
   * @returns how many worktrees were removed
   */
  async removeProjectTasks(projectId: string): Promise<number> {
    const project = this.d.projects.get(projectId);
    let removed = 0;
    for (const t of this.d.repo.list(projectId)) {
      await this.d.cancel(t.id);
      if (t.inPlace || t.review !== 'open' || !t.worktree) continue;
      const git = new Git(project.path, this.d.env);
      const tip = t.branch ? await git.run(['rev-parse', '--verify', '-q', t.branch]) : null;
      const empty = tip !== null && tip.code === 0 && tip.stdout.trim() === t.baseRef;
      try {
        await removeTaskWorktree(project.path, t.worktree, empty ? t.branch : null, this.d.env);
        removed++;
      } catch {
        // git refused (the folder's repository is gone or broken): the project goes all the same.
      }
    }
    return removed;
  }
}

/** The first line of a task's text, cut to 72 characters (a commit subject). */
export function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 72 ? line.slice(0, 69) + '...' : line;
}

/** True while the task's worktree still holds the guidelines section the orchestrator injected. */
function hasGuidelinesSection(t: TaskRecord): boolean {
  try {
    const file = join(t.worktree!, t.guidelines!.file);
    return existsSync(file) && readFileSync(file, 'utf8').includes(GUIDELINES_BEGIN);
  } catch {
    return false;
  }
}
