import { copyFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import type { UsageRow } from '../contract/index.js';
import { BUILTIN_PROFILES } from '../agents/profile-loader.js';
import { HOOK_CLIENT_PATH } from '../sessions/hook-launch.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../../test/support/temp.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/accounting/', import.meta.url));
const OTEL_AGENT = join(FIXTURES, 'otel-agent.mjs');
const NAMER = join(FIXTURES, 'transcript-namer.sh');
/** A Claude Code transcript with two lines that cannot be read (one not JSON, one usage without output_tokens). */
const CORRUPT_TRANSCRIPT = join(FIXTURES, 'claude/projects/-home-dev-shop/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d.jsonl');
const CLAUDE_HOOKS = BUILTIN_PROFILES.find((p) => p.id === 'claude')!.hooks;

/**
 * What cannot be read is shown as unknown, never as 0: a real backend; an agent that exports
 * through the official OpenTelemetry JS exporter a data point the receiver cannot read; a Claude
 * Code transcript with corrupt lines named through the real hook channel; and a Claude Code-like
 * session that exits without ever naming a transcript.
 */
describe('usage that cannot be read reads unknown through the API and the CLI', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };
  let work: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    work = tempDir('cortex-unknown-usage-');
    const transcript = join(work.dir, 'transcript.jsonl');
    copyFileSync(CORRUPT_TRANSCRIPT, transcript);
    inst = await startTestInstance({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SHELL: '/bin/bash' });
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          {
            id: 'otel-partial',
            name: 'OTel partial',
            command: process.execPath,
            args: [OTEL_AGENT, 'claude-sonnet-4-5-20250929', '100', '2000', '5000', '1000', '0.0375'],
            env: { FIXTURE_EXTRA_TOKEN_TYPE: 'mystery' },
            promptMode: { kind: 'arg' },
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
          { id: 'namer', name: 'Transcript namer', command: '/bin/sh', args: [NAMER, HOOK_CLIENT_PATH, transcript], promptMode: { kind: 'arg' }, hooks: CLAUDE_HOOKS },
          { id: 'silent', name: 'Silent', command: '/bin/sh', args: ['-c', 'echo "no transcript named"; sleep 1'], promptMode: { kind: 'arg' }, hooks: CLAUDE_HOOKS },
        ],
      }),
    );
    await inst.client.call('agents.list', {});
    repo = tempGitRepo({ 'README.md': 'x\n' });
  });
  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
    work?.cleanup();
  });

  const exited = async (id: string) => waitFor(async () => (await inst.client.call('sessions.get', { id })).state === 'exited', 30_000, `session ${id} to exit`);
  const sessionRow = async (id: string, ready: (r: UsageRow) => boolean): Promise<UsageRow> =>
    waitFor(async () => {
      const row = (await inst.client.call('usage.summary', { groupBy: 'session' })).rows.find((r) => r.key === id);
      return row && ready(row) ? row : null;
    }, 20_000, `the usage row of session ${id}`);

  it('shows the readable totals, counts what could not be read, and never reads an unknown figure as 0', async () => {
    const path = realpathSync(repo.dir);
    const otel = await inst.client.call('sessions.start', { path, agent: 'otel-partial' });
    const namer = await inst.client.call('sessions.start', { path, agent: 'namer' });
    const silent = await inst.client.call('sessions.start', { path, agent: 'silent' });
    await Promise.all([exited(otel.id), exited(namer.id), exited(silent.id)]);

    // The export: its readable points counted, the point of an unknown token type counted apart.
    const o = await sessionRow(otel.id, (r) => r.records > 0 && r.unreadable > 0);
    expect(o).toMatchObject({ tokens: { input: 100, output: 2000, cacheWrite: 1000, cacheRead: 5000, reasoning: 0 }, unreadable: 1, unfoundSessions: 0, costUSD: null });
    // The transcript: two messages read, two lines that could not be.
    const n = await sessionRow(namer.id, (r) => r.records > 0);
    expect(n).toMatchObject({ tokens: { input: 10, output: 480, cacheWrite: 3100, cacheRead: 3000, reasoning: 0 }, records: 2, unreadable: 2, unfoundSessions: 0, costUSD: null });
    // The session that never named its transcript: unknown, not 0.
    const s = await sessionRow(silent.id, (r) => r.unfoundSessions > 0);
    expect(s).toMatchObject({ records: 0, unreadable: 0, unfoundSessions: 1, costUSD: null });

    const all = await inst.client.call('usage.summary', { groupBy: 'agent' });
    expect(all.total).toMatchObject({ unreadable: 3, unfoundSessions: 1, costUSD: null, records: 3 });
    expect(all.rows.map((r) => [r.key, r.unreadable, r.unfoundSessions, r.costUSD])).toEqual([
      ['namer', 2, 0, null],
      ['otel-partial', 1, 0, null],
      ['silent', 0, 1, null],
    ]);

    let stdout = '';
    const code = await runCli(['usage', '--by', 'session'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => {} },
      env: { ...process.env, CORTEX_DATA_DIR: inst.dataDir, NO_COLOR: '1' },
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`${otel.id}\\s+100\\+\\s+2000\\+\\s+1000\\+\\s+5000\\+\\s+unknown\\s+1 record\\n`));
    expect(stdout).toMatch(new RegExp(`${namer.id}\\s+10\\+\\s+480\\+\\s+3100\\+\\s+3000\\+\\s+unknown\\s+2 records\\n`));
    expect(stdout).toMatch(new RegExp(`${silent.id}\\s+unknown\\s+unknown\\s+unknown\\s+unknown\\s+unknown\\s+1 session\\n`));
    expect(stdout).toMatch(/total\s+\d+\+\s+\d+\+\s+\d+\+\s+\d+\+\s+unknown\s+3 records, 1 session\n/);
    expect(stdout).toContain('3 usage records could not be read: their tokens and cost are unknown');
    expect(stdout).toContain('1 session left no usage record the cockpit could find: its tokens and cost are unknown.');
    expect(stdout).not.toMatch(new RegExp(`${silent.id}\\s+0\\s`));
  }, 120_000);
});
