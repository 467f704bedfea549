import type { QualityGate, Task, TaskStatus } from '@contract';
import { formatElapsed } from '../shell/clock.service';

/** A board column: which statuses it holds, its title and icon. */
export interface BoardColumn {
  id: 'pending' | 'in_progress' | 'done' | 'failed';
  title: string;
  icon: string;
  statuses: readonly TaskStatus[];
}

/**
 * The board's columns, left to right. Cancelled tasks sit with the failed ones, marked as
 * cancelled; unverified ones (nothing could check them) sit with the done ones, marked as
 * needing a review.
 */
export const BOARD_COLUMNS: readonly BoardColumn[] = [
  { id: 'pending', title: 'Pending', icon: 'schedule', statuses: ['pending'] },
  { id: 'in_progress', title: 'In progress', icon: 'autorenew', statuses: ['in_progress'] },
  { id: 'done', title: 'Done', icon: 'task_alt', statuses: ['completed', 'unverified'] },
  { id: 'failed', title: 'Failed', icon: 'report', statuses: ['failed', 'cancelled'] },
];

/** How a task's status looks: words, icon and tone (never colour alone). */
export interface StatusLook {
  label: string;
  icon: string;
  tone: 'neutral' | 'working' | 'ok' | 'fail' | 'warn';
}

const PHASE_WORDS: Record<Task['phase'], string> = {
  queued: 'queued',
  worktree: 'making its worktree',
  agent: 'agent working',
  gate: 'running tests',
  switching: 'switching agents',
  committing: 'committing',
  done: 'done',
};

/** Why a pending task waits, as its card shows it: a budget reached, or its agent's quota. */
export interface HeldLook {
  kind: 'budget' | 'quota';
  icon: string;
  /** e.g. `Budget reached`, `Waiting for the quota to reset`. */
  title: string;
  /** The backend's sentence (amounts are estimates at list price). */
  text: string;
}

/** How a held task's reason shows; null when nothing holds it. A hold with an end time is a quota wait. */
export function heldLook(t: Pick<Task, 'held' | 'heldUntil'>): HeldLook | null {
  if (!t.held) return null;
  if (t.heldUntil !== null) return { kind: 'quota', icon: 'hourglass_top', title: 'Waiting for the quota to reset', text: t.held };
  return { kind: 'budget', icon: 'savings', title: 'Budget reached', text: t.held };
}

/** A task's status and phase in words, e.g. `In progress · running tests`. */
export function statusLook(t: Pick<Task, 'status' | 'phase'> & Partial<Pick<Task, 'held' | 'heldUntil'>>): StatusLook {
  switch (t.status) {
    case 'pending':
      if (t.held) return { label: t.heldUntil ? 'Pending · quota wait' : 'Pending · budget reached', icon: t.heldUntil ? 'hourglass_top' : 'savings', tone: 'warn' };
      return { label: 'Pending · queued', icon: 'schedule', tone: 'neutral' };
    case 'in_progress':
      return { label: `In progress · ${PHASE_WORDS[t.phase]}`, icon: t.phase === 'gate' ? 'science' : 'autorenew', tone: 'working' };
    case 'completed':
      return { label: 'Completed', icon: 'check_circle', tone: 'ok' };
    case 'failed':
      return { label: 'Failed', icon: 'error', tone: 'fail' };
    case 'cancelled':
      return { label: 'Cancelled', icon: 'cancel', tone: 'fail' };
    case 'unverified':
      return { label: 'Unverified · review before merge', icon: 'gpp_maybe', tone: 'warn' };
  }
}

/**
 * A gate run in words: `Gate passed · 1 passed, 0 failed · quality 92 %`, `Gate failed · tsc
 * (typecheck) failed: 2 type error(s)`, or `Nothing verified · …`.
 */
export function gateText(g: QualityGate): string {
  const s = g.snapshot;
  if (s) {
    if (s.verdict === 'unverified') return `Nothing verified · ${s.reasons[0] ?? 'no check could run'}`;
    if (s.verdict === 'failed') return `Gate failed · ${s.reasons[0] ?? ''}`;
  }
  const head = g.passed ? 'Gate passed' : 'Gate failed';
  const score = s?.overall != null ? ` · quality ${Math.round(s.overall * 100)} %` : '';
  return gateCounts(g, head) + score;
}

function gateCounts(g: QualityGate, head: string): string {
  if (g.command === null) return `${head} · no test command`;
  const { passed, failed, skipped } = g.tests;
  const counts: string[] = [];
  if (passed !== null) counts.push(`${passed} passed`);
  if (failed !== null) counts.push(`${failed} failed`);
  if (skipped) counts.push(`${skipped} skipped`);
  if (counts.length) return `${head} · ${counts.join(', ')}`;
  return g.exitCode === null ? head : `${head} · exit ${g.exitCode}`;
}

/**
 * The time a card shows: waiting since creation (pending), running for (in progress), or how
 * long it took (finished).
 */
export function taskTime(t: Pick<Task, 'status' | 'createdAt' | 'startedAt' | 'endedAt'>, now: number): string {
  if (t.status === 'pending') return `queued ${formatElapsed(now - t.createdAt)}`;
  if (t.startedAt === null) return '';
  if (t.endedAt === null) return `running ${formatElapsed(now - t.startedAt)}`;
  return `took ${formatElapsed(t.endedAt - t.startedAt)}`;
}

/** A 0..1 ratio as a whole percent, e.g. `83 %`; `—` when unknown. */
export function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)} %`;
}

/** A confidence (0..1) in a chip, e.g. `92 %`. */
export function confidence(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** A duration in ms as `4m 05s`; `—` when unknown. */
export function duration(ms: number | null): string {
  return ms === null ? '—' : formatElapsed(ms);
}

/** A mean with one decimal, e.g. `1.5`; `—` when unknown. */
export function oneDecimal(x: number | null): string {
  return x === null ? '—' : x.toFixed(1);
}

/** True when the task's result can be reviewed (a worktree diff that is still open). */
export function canReview(t: Pick<Task, 'status' | 'inPlace' | 'review' | 'worktree'>): boolean {
  return !t.inPlace && t.review === 'open' && t.worktree !== null && (t.status === 'completed' || t.status === 'failed' || t.status === 'cancelled' || t.status === 'unverified');
}

/** True while the task can be stopped. */
export function canCancel(t: Pick<Task, 'status'>): boolean {
  return t.status === 'pending' || t.status === 'in_progress';
}

/** True when the task can be run again (failed, cancelled or unverified). */
export function canRetry(t: Pick<Task, 'status' | 'review'>): boolean {
  return (t.status === 'failed' || t.status === 'cancelled' || t.status === 'unverified') && t.review === 'open';
}
