import { randomUUID } from 'node:crypto';
import { CortexError, type Session } from '../contract/index.js';
import type { StartRequest } from './session-api.js';

/** The record of a session about to be started in `cwd` (ms epoch `now`): state `starting`, no process yet. */
export function newSessionRecord(req: StartRequest, agent: string, cwd: string, now: number): Session {
  return {
    id: randomUUID(),
    projectId: req.project.id,
    agent,
    argv: [],
    cwd,
    state: 'starting',
    stateSince: now,
    stateSource: 'process',
    stateReason: 'launched',
    seen: true,
    startedAt: now,
    endedAt: null,
    exitCode: null,
    signal: null,
    pid: null,
    cols: req.cols,
    rows: req.rows,
    title: '',
    restoredAt: null,
    restartPolicy: req.restartPolicy ?? 'never',
    restarts: 0,
    restartAt: null,
    agentSessionId: null,
    note: '',
    name: '',
    taskId: req.task?.id ?? null,
    taskRole: req.task?.role ?? null,
  };
}

/** @returns CortexError `NOT_FOUND` for a session id */
export function notFound(id: string): CortexError {
  return new CortexError('NOT_FOUND', `There is no session with id ${id}.`, 'List sessions to see their ids.');
}

/** @returns CortexError `SESSION_EXITED` for a session that takes no input */
export function exitedError(id: string): CortexError {
  return new CortexError('SESSION_EXITED', `Session ${id} is not running; it takes no more input.`, 'Relaunch it, or start a new session.');
}
