import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session, Task } from '../contract/index.js';
import type { WsClient } from '../client/ws-client.js';
import { startBackendProcess, type BackendProcess } from '../../test/support/backend-process.js';
import { tempDir, testShellEnv, waitFor } from '../../test/support/temp.js';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/orchestrator/scripted-agent.mjs', import.meta.url));

/**
 * Every session the orchestrator starts for a task (each agent attempt, each gate run) carries
 * the task's id and its role on the stored session record, so it stays the task's after the
 * backend restarts, also for a task run in place, whose sessions share the project's folder.
 */
describe('the sessions of a task carry its id, across a restart of the backend', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start(dataDir: string, env: NodeJS.ProcessEnv): Promise<BackendProcess> {
    const b = await startBackendProcess(dataDir, env);
    cleanups.push(() => (b.child.exitCode === null && b.child.signalCode === null ? b.stop() : undefined));
    return b;
  }

  const ofProject = async (c: WsClient, projectId: string): Promise<Session[]> => c.call('sessions.list', { projectId });

  it('an in-place task that failed its gate once: both attempts and both gate runs are its, after a restart too; the own shell is nobody\'s', async () => {
    const data = tempDir('cortex-data-');
    const plain = tempDir('cortex-plain-');
    cleanups.push(data.cleanup, plain.cleanup);
    for (const [f, body] of Object.entries(valueProjectFiles())) writeFileSync(join(plain.dir, f), body);
    mkdirSync(join(plain.dir, 'src'));
    writeFileSync(join(plain.dir, 'src', 'value.js'), 'module.exports = 41;\n');
    // The learner writes 41 first; the gate's failure text in its next prompt makes it write 42.
    writeFileSync(
      join(data.dir, 'profiles.json'),
      JSON.stringify({ profiles: [{ id: 'learner', name: 'learner', command: process.execPath, args: [AGENT, 'learner'], promptMode: { kind: 'arg' }, capabilities: ['implement', 'fix'] }] }),
    );
    // Only node and the system tools on PATH: no agent CLI of this machine takes part.
    const env = testShellEnv({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });

    const a = await start(data.dir, env);
    const dir = realpathSync(plain.dir);
    const own = await a.client.call('sessions.start', { path: dir });
    const created = await a.client.call('tasks.create', { path: dir, text: 'Make the value test pass', agent: 'learner', confirmInPlace: true });
    const done = await waitFor(async () => {
      const t: Task = (await a.client.call('tasks.get', { id: created.id })).task;
      return t.status === 'completed' || t.status === 'failed' ? t : null;
    }, 60_000, 'the task to finish');
    expect(done).toMatchObject({ status: 'completed', inPlace: true, iterations: 2 });

    const expected = (sessions: Session[]) =>
      sessions.map((s) => ({ id: s.id, cwd: s.cwd, taskId: s.taskId, taskRole: s.taskRole }));
    const before = await ofProject(a.client, done.projectId);
    const taskSessions = before.filter((s) => s.id !== own.id);
    // Agent, gate (failed), agent again with the feedback, gate (passed): all in the project's own folder.
    expect(expected(taskSessions)).toEqual(
      ['agent', 'gate', 'agent', 'gate'].map((role, i) => ({ id: taskSessions[i]!.id, cwd: dir, taskId: created.id, taskRole: role })),
    );
    // The task itself names only the last attempt and the last gate run.
    expect([done.sessionId, done.gateSessionId]).toEqual([taskSessions[2]!.id, taskSessions[3]!.id]);
    expect(before.find((s) => s.id === own.id)).toMatchObject({ taskId: null, taskRole: null });

    await a.stop();
    const b = await start(data.dir, env);
    const after = await ofProject(b.client, done.projectId);
    expect(expected(after)).toEqual(expected(before));
  }, 120_000);
});
