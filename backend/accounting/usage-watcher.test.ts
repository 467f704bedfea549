import { appendFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir } from '../../test/support/temp.js';
import { openDatabase, type Db } from '../store/database.js';
import { CostRepository } from '../store/cost-repository.js';
import { BUILTIN_PRICES, loadPrices, PriceTable } from './prices.js';
import { UsageWatcher, type UsageOwner } from './usage-watcher.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/accounting');
const SESSION_A = join(FIXTURES, 'claude/projects/-home-dev-shop/4f1c2a9e-6b3d-4e8a-9c1f-0d2e3a4b5c6d.jsonl');
/** Two readable messages and two lines that cannot be read. */
const SESSION_B = join(FIXTURES, 'claude/projects/-home-dev-shop/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d.jsonl');
const ROLLOUT = join(FIXTURES, 'codex/sessions/2025/11/18/rollout-2025-11-18T21-55-50-019a9776-0a34-7842-8627-112b63d66e90.jsonl');
const prices = new PriceTable(BUILTIN_PRICES);

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(owners: Record<string, UsageOwner>): { db: Db; costs: CostRepository; watcher: UsageWatcher; dir: string } {
  const t = tempDir('accounting-');
  const db = openDatabase(join(t.dir, 'cortex.sqlite'));
  cleanups.push(t.cleanup, () => void db.close());
  const costs = new CostRepository(db);
  const watcher = new UsageWatcher({ costs, prices: () => prices, owner: (id) => owners[id] ?? null, now: () => Date.UTC(2025, 10, 18, 12) });
  return { db, costs, watcher, dir: t.dir };
}

describe('usage watcher and cost_tracking', () => {
  it('follows the transcript a hook names, attributes it to the session, and adds only what is appended', () => {
    const owners: Record<string, UsageOwner> = {
      s1: { sessionId: 's1', projectId: 'p1', agent: 'claude', taskId: 't1', billing: 'api' },
      s2: { sessionId: 's2', projectId: 'p2', agent: 'codex', taskId: null, billing: 'api' },
    };
    const { costs, watcher, dir } = setup(owners);
    const file = join(dir, 'transcript.jsonl');
    copyFileSync(SESSION_A, file);
    watcher.onHook('s1', { event: 'Stop', payload: { session_id: 'x', transcript_path: file, hook_event_name: 'Stop' } });
    watcher.onHook('nobody', { event: 'Stop', payload: { transcript_path: file } });
    watcher.onHook('s1', { event: 'Notification', payload: { message: 'no path here' } });
    watcher.follow(owners['s2']!, ROLLOUT, 'codex-rollout');

    const byProject = costs.summary('project');
    expect(byProject.map((r) => [r.key, r.records])).toEqual([
      ['p1', 4],
      ['p2', 2],
    ]);
    // sonnet 0.012759 + opus-4-1 0.087525 + haiku 0.0027
    expect(byProject[0]!.costUSD).toBeCloseTo(0.102984, 12);
    // The rollout's garbled token count is not covered by a later total yet (its last line is cut): unknown.
    expect(byProject[1]).toMatchObject({ costUSD: null, unreadable: 1, records: 2 });
    expect(costs.summary('agent').map((r) => r.key)).toEqual(['claude', 'codex']);
    expect(costs.summary('day').map((r) => r.key)).toEqual(['2025-11-18']);

    // The agent finishes the cut line and writes another message.
    appendFileSync(file, 'kens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":900}},"requestId":"req_011A4","type":"assistant","uuid":"x","timestamp":"2025-11-18T09:03:00.000Z"}\n');
    watcher.pollAll();
    watcher.pollAll();
    const sonnet = costs.summary('model', { projectId: 'p1' }).find((r) => r.key === 'claude-sonnet-4-5-20250929')!;
    expect(sonnet.tokens).toEqual({ input: 8, output: 190, cacheWrite: 2000, cacheRead: 10900, reasoning: 0 });
    expect(sonnet.records).toBe(2);
    // Period filter: usage of 18 Nov 2025, none after.
    expect(costs.summary('project', { since: Date.UTC(2025, 10, 19) })).toEqual([]);
  });

  it('a new watcher on the same database (a restart) goes on from where the file was read, and counts unreadable lines as unknown', () => {
    const owners: Record<string, UsageOwner> = { s1: { sessionId: 's1', projectId: 'p1', agent: 'claude', taskId: null, billing: 'api' } };
    const { db, costs, watcher, dir } = setup(owners);
    const file = join(dir, 'transcript.jsonl');
    copyFileSync(SESSION_B, file);
    watcher.follow(owners['s1']!, file, 'claude-transcript');
    const before = costs.summary('session');
    expect(before).toMatchObject([{ key: 's1', records: 2, unreadable: 2, costUSD: null }]);
    expect(watcher.found('s1')).toBe(true);
    watcher.stop();

    const again = new UsageWatcher({ costs: new CostRepository(db), prices: () => prices, owner: (id) => owners[id] ?? null, now: () => Date.UTC(2025, 10, 18, 12) });
    again.follow(owners['s1']!, file, 'claude-transcript');
    again.pollAll();
    expect(costs.summary('session')).toEqual(before);
    // What the agent writes after the restart is read.
    appendFileSync(file, '{"type":"assistant","message":{"usage":{"input_tokens":\n');
    again.pollAll();
    expect(costs.summary('session')[0]).toMatchObject({ records: 2, unreadable: 3 });
    expect(again.found('nobody')).toBe(false);
  });

  it('a subscription session shows tokens and an unknown cost, never a made-up bill', () => {
    const owners: Record<string, UsageOwner> = { s1: { sessionId: 's1', projectId: 'p1', agent: 'claude', taskId: null, billing: 'subscription' } };
    const { costs, watcher } = setup(owners);
    watcher.follow(owners['s1']!, SESSION_A, 'claude-transcript');
    const [row] = costs.summary('project');
    expect(row!.tokens.output).toBe(150 + 800 + 300);
    expect(row!.costUSD).toBeNull();
    expect(row!.unpricedModels).toEqual(['subscription']);
  });
});

describe('usage.summary and cortex usage', () => {
  let inst: TestInstance;
  afterEach(async () => inst?.stop());

  it('serves the rows through the API and the CLI, labelled as estimates', async () => {
    inst = await startTestInstance();
    const costs = inst.instance.backend.costs;
    const base = { sessionId: 's1', projectId: 'p1', agent: 'claude', taskId: null, source: 'claude-transcript' as const, billing: 'api' as const, at: Date.UTC(2025, 10, 18, 9) };
    costs.record({ ...base, model: 'claude-sonnet-4-5-20250929', input: 11, output: 570, cacheWrite: 5000, cacheRead: 10000, reasoning: 0, costUSD: 0.030333, records: 2 });
    costs.record({ ...base, agent: 'gemini', model: 'gemini-9-ultra', input: 100, output: 10, cacheWrite: 0, cacheRead: 0, reasoning: 0, costUSD: null, records: 1 });
    const api = await inst.client.call('usage.summary', { groupBy: 'agent' });
    expect(api.rows.map((r) => [r.key, r.costUSD])).toEqual([
      ['claude', 0.030333],
      ['gemini', null],
    ]);
    expect(api.total).toMatchObject({ costUSD: null, unpricedModels: ['gemini-9-ultra'], records: 3, costBasis: 'list-price estimate' });

    let stdout = '';
    const code = await runCli(['usage', '--by', 'agent'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => {} },
      env: { ...process.env, CORTEX_DATA_DIR: inst.dataDir, NO_COLOR: '1' },
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/claude\s+11\s+570\s+5000\s+10000\s+\$0\.0303/);
    expect(stdout).toMatch(/gemini\s+100\s+10\s+0\s+0\s+unknown/);
    expect(stdout).toContain('Costs are estimates at list price. Unknown for: gemini-9-ultra.');
  });
});

describe("the user's prices.json", () => {
  it('every built-in price row says where and when it was read', () => {
    for (const row of BUILTIN_PRICES) {
      expect(row.source, row.model).toMatch(/^https:\/\//);
      expect(row.date, row.model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('overrides a built-in price for the costs read afterwards; a broken file keeps the built-in prices and says what is wrong', () => {
    const { costs, dir } = setup({});
    const owner: UsageOwner = { sessionId: 's1', projectId: 'p1', agent: 'claude', taskId: null, billing: 'api' };
    const file = join(dir, 'prices.json');
    // Ten times the list price of Claude Sonnet 4.5, as a user on a negotiated rate would write it.
    writeFileSync(file, JSON.stringify({ currency: 'USD', unit: 'per million tokens', models: [{ model: 'claude-sonnet-4-5', input: 30, output: 150, cacheWrite: 37.5, cacheRead: 3, source: 'https://example.com/our-contract', date: '2026-01-01' }] }));
    const loaded = loadPrices(file);
    expect(loaded.problems).toEqual([]);
    const watcher = new UsageWatcher({ costs, prices: () => loaded.table, owner: () => owner, now: () => Date.UTC(2025, 10, 18, 12) });
    const transcript = join(dir, 'transcript.jsonl');
    copyFileSync(SESSION_A, transcript);
    watcher.follow(owner, transcript, 'claude-transcript');
    const sonnet = costs.summary('model').find((r) => r.key === 'claude-sonnet-4-5-20250929')!;
    // The built-in price gives 0.012759 for these tokens (the test above); the override ten times that.
    expect(sonnet.costUSD).toBeCloseTo(0.12759, 10);
    const haiku = costs.summary('model').find((r) => r.key.startsWith('claude-haiku'))!;
    expect(haiku.costUSD).toBeCloseTo(0.0027, 10);

    writeFileSync(file, '{"currency":"USD","unit":"per million tokens","models":[{"model":"x","input":-1}]}');
    const broken = loadPrices(file);
    expect(broken.problems.join('\n')).toMatch(/prices\.json: models\.0\.input/);
    expect(broken.table.cost('claude-sonnet-4-5-20250929', { input: 1e6, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0 })).toBeCloseTo(3, 10);
  });
});
