import type { Session, Task } from '@contract';

/** One entry of a project's list in the sidebar: a session of its own, or a task with its sessions. */
export type SidebarEntry = { kind: 'session'; session: Session } | { kind: 'task'; task: Task; sessions: Session[] };

/** Task statuses whose group starts open: the work is still going on. */
const OPEN_WHILE: ReadonlySet<Task['status']> = new Set(['pending', 'in_progress']);

/**
 * The task a session belongs to, or undefined. A session started for a task carries the
 * task's id (every agent attempt and gate run of it, earlier ones and those of an earlier run
 * of the backend included). For a record without one, a session is a task's when it is the
 * task's current agent or gate session (or the session of its last gate run), or when it
 * runs in the task's own git worktree. Only tasks of the session's project count.
 */
export function taskOfSession(s: Pick<Session, 'id' | 'projectId' | 'cwd' | 'taskId'>, tasks: readonly Task[]): Task | undefined {
  const mine = tasks.filter((t) => t.projectId === s.projectId);
  if (s.taskId !== null) {
    const own = mine.find((t) => t.id === s.taskId);
    if (own) return own;
  }
  return (
    mine.find((t) => t.sessionId === s.id || t.gateSessionId === s.id || t.gate?.sessionId === s.id) ??
    mine.find((t) => !t.inPlace && t.worktree !== null && isWithin(s.cwd, t.worktree))
  );
}

/**
 * A project's sidebar list: its sessions in the order given (oldest first), with the
 * sessions of each task gathered into one entry at the place of the task's first session.
 * Tasks without a session in the list (not started, or cleared) get no entry.
 * @param sessions the project's sessions, oldest first
 * @param tasks every task (other projects' are ignored)
 */
export function sidebarEntries(sessions: readonly Session[], tasks: readonly Task[]): SidebarEntry[] {
  const entries: SidebarEntry[] = [];
  const groups = new Map<string, Extract<SidebarEntry, { kind: 'task' }>>();
  for (const session of sessions) {
    const task = taskOfSession(session, tasks);
    if (!task) {
      entries.push({ kind: 'session', session });
      continue;
    }
    const group = groups.get(task.id);
    if (group) {
      group.sessions.push(session);
      continue;
    }
    const fresh = { kind: 'task' as const, task, sessions: [session] };
    groups.set(task.id, fresh);
    entries.push(fresh);
  }
  return entries;
}

/**
 * Whether a task's group is open: as the user last set it, else open while the task is
 * pending or in progress and folded once it has ended.
 */
export function isTaskGroupOpen(task: Pick<Task, 'status'>, userChoice: boolean | undefined): boolean {
  return userChoice ?? OPEN_WHILE.has(task.status);
}

/** The first line of a task's text, the title of its group. */
export function taskTitle(task: Pick<Task, 'text'>): string {
  return task.text.split('\n', 1)[0]!.trim() || 'Untitled task';
}

/** True when `path` is `folder` or inside it (either separator, no trailing separator needed). */
function isWithin(path: string, folder: string): boolean {
  const base = folder.replace(/[\\/]+$/, '');
  return path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}\\`);
}
