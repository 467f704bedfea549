import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import type { Task } from '../contract/index.js';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempGitRepo, waitFor } from '../../test/support/temp.js';

const AGENT = fileURLToPath(new URL('../../test/fixtures/accounting/otel-agent.mjs', import.meta.url));
const MODEL = 'claude-sonnet-4-5-20250929';
/** The built-in Gemini CLI profile's telemetry entry (the data under test). */
const GEMINI_TELEMETRY = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../agents/builtin-profiles.json', import.meta.url)), 'utf8')) as { profiles: { id: string; telemetry?: unknown }[] }
).profiles.find((p) => p.id === 'gemini')!.telemetry;

describe('usage of a task, from the telemetry its agent exports (real backend, real orchestrated task)', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    // Only node and git on PATH: an agent CLI installed on this machine must not win the ranking.
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          {
            id: 'otel-fixer',
            name: 'OTel fixer',
            command: process.execPath,
            // model, input, output, cache read, cache creation tokens, cost USD
            args: [AGENT, MODEL, '100', '2000', '5000', '1000', '0.0375'],
            promptMode: { kind: 'arg' },
            capabilities: ['fix', 'implement'],
            specializations: ['javascript'],
            // The environment Claude Code needs to export its metrics over OTLP/HTTP protobuf.
            telemetry: {
              env: {
                CLAUDE_CODE_ENABLE_TELEMETRY: '1',
                OTEL_METRICS_EXPORTER: 'otlp',
                OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
                OTEL_EXPORTER_OTLP_ENDPOINT: '{endpoint}',
                OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer {token}',
              },
              sources: 'Claude Code monitoring docs (environment variables of the OpenTelemetry export)',
            },
          },
          // Exports as Gemini CLI does, launched with the built-in Gemini profile's telemetry environment.
          { id: 'gemini-like', name: 'Gemini-like', command: process.execPath, args: [AGENT, '--gemini', 'gemini-2.5-pro', '1000', '50', '600', '20'], promptMode: { kind: 'arg' }, telemetry: GEMINI_TELEMETRY },
        ],
      }),
    );
    repo = tempGitRepo(valueProjectFiles());
    mkdirSync(join(repo.dir, 'src'));
    writeFileSync(join(repo.dir, 'src', 'value.js'), 'module.exports = 41;\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo.dir });
    git('add', '-A');
    git('commit', '-qm', 'value');
    await inst.client.call('agents.list', {});
  });

  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
  });

  it("the task's agent session exports its usage with its launch token; the rows carry the task id and the API and CLI total it per task", async () => {
    const created = await inst.client.call('tasks.create', { path: realpathSync(repo.dir), text: 'Fix the wrong value in src/value.js', agent: 'otel-fixer' });
    const task: Task = await waitFor(
      async () => {
        const t = (await inst.client.call('tasks.get', { id: created.id })).task;
        return t.status === 'completed' || t.status === 'failed' || t.status === 'cancelled' ? t : null;
      },
      45_000,
      'the task to finish',
    );
    expect(task.status).toBe('completed');
    expect(task.sessionId).not.toBeNull();

    const byTask = await waitFor(async () => {
      const r = await inst.client.call('usage.summary', { groupBy: 'task' });
      return r.rows.find((row) => row.key === task.id) ?? null;
    }, 15_000, 'the task usage row');
    expect(byTask.tokens).toEqual({ input: 100, output: 2000, cacheWrite: 1000, cacheRead: 5000, reasoning: 0 });
    // The agent's own cost counter.
    expect(byTask.costUSD).toBeCloseTo(0.0375, 12);

    const bySession = await inst.client.call('usage.summary', { groupBy: 'session', taskId: task.id });
    expect(bySession.rows.map((r) => r.key)).toEqual([task.sessionId]);
    expect(bySession.total.costUSD).toBeCloseTo(0.0375, 12);
    const other = await inst.client.call('usage.summary', { groupBy: 'model', taskId: 'no-such-task' });
    expect(other.rows).toEqual([]);

    let stdout = '';
    const code = await runCli(['usage', '--by', 'task'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => {} },
      env: { ...process.env, CORTEX_DATA_DIR: inst.dataDir, NO_COLOR: '1' },
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`${task.id}\\s+100\\s+2000\\s+1000\\s+5000\\s+\\$0\\.0375`));

    // Nothing was refused: the export carried the token of its launch.
    expect(inst.instance.backend.otlp.stats.refused).toBe(0);
  });

  it("a session launched with the built-in Gemini profile's telemetry environment is credited with what it exports", async () => {
    const session = await inst.client.call('sessions.start', { path: realpathSync(repo.dir), agent: 'gemini-like' });
    const row = await waitFor(async () => {
      const r = await inst.client.call('usage.summary', { groupBy: 'session' });
      return r.rows.find((x) => x.key === session.id) ?? null;
    }, 20_000, 'the Gemini-like session usage row');
    // 1000 prompt tokens of which 600 cached; 50 output + 20 thought tokens.
    expect(row.tokens).toEqual({ input: 400, output: 70, cacheWrite: 0, cacheRead: 600, reasoning: 20 });
    const byAgent = await inst.client.call('usage.summary', { groupBy: 'agent' });
    expect(byAgent.rows.find((r) => r.key === 'gemini-like')!.records).toBe(1);
    const bySessionTask = await inst.client.call('usage.summary', { groupBy: 'task' });
    // Not a task's session: its usage is under no task.
    expect(bySessionTask.rows.find((r) => r.key === '')!.tokens.input).toBe(400);
  });
});
