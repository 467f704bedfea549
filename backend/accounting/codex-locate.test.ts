import { appendFileSync, copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { findCodexRollout } from './codex-locate.js';

const ROLLOUT = join(import.meta.dirname, '../../test/fixtures/accounting/codex/sessions/2025/11/18/rollout-2025-11-18T21-55-50-019a9776-0a34-7842-8627-112b63d66e90.jsonl');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('findCodexRollout', () => {
  it('finds the newest rollout of the session folder written since the launch, by day folder', () => {
    const t = tempDir('codex-home-');
    cleanups.push(t.cleanup);
    const launch = Date.now() - 5_000;
    const d = new Date(launch);
    const day = join(t.dir, 'sessions', String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0'));
    mkdirSync(day, { recursive: true });
    const ours = join(day, 'rollout-a-019a9776.jsonl');
    copyFileSync(ROLLOUT, ours);
    const other = join(day, 'rollout-b-other.jsonl');
    writeFileSync(other, '{"timestamp":"x","type":"session_meta","payload":{"id":"other","cwd":"/elsewhere"}}\n');
    const old = join(day, 'rollout-c-old.jsonl');
    copyFileSync(ROLLOUT, old);
    utimesSync(old, new Date(launch - 60_000), new Date(launch - 60_000));
    writeFileSync(join(day, 'rollout-d-garbage.jsonl'), 'not json');

    expect(findCodexRollout(t.dir, launch, '/home/dev/shop')).toBe(ours);
    expect(findCodexRollout(t.dir, launch, '/elsewhere')).toBe(other);
    expect(findCodexRollout(t.dir, launch, '/x', '019a9776-0a34-7842-8627-112b63d66e90')).toBe(ours);
    expect(findCodexRollout(t.dir, launch, '/nowhere')).toBeNull();
    expect(findCodexRollout(join(t.dir, 'missing'), launch, '/home/dev/shop')).toBeNull();
  });
});

describe('followCodexSession', () => {
  it('follows the rollout of a running codex session once, and ignores other agents and ended sessions', async () => {
    const { openDatabase } = await import('../store/database.js');
    const { CostRepository } = await import('../store/cost-repository.js');
    const { BUILTIN_PRICES, PriceTable } = await import('./prices.js');
    const { UsageWatcher, followCodexSession } = await import('./usage-watcher.js');
    const t = tempDir('codex-home-');
    cleanups.push(t.cleanup);
    const db = openDatabase(join(t.dir, 'cortex.sqlite'));
    cleanups.push(() => void db.close());
    const costs = new CostRepository(db);
    const owner = { sessionId: 's1', projectId: 'p1', agent: 'codex', taskId: null, billing: 'api' as const };
    const watcher = new UsageWatcher({ costs, prices: () => new PriceTable(BUILTIN_PRICES), owner: () => owner });
    const launch = Date.now() - 5_000;
    const d = new Date(launch);
    const day = join(t.dir, 'sessions', String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0'));
    mkdirSync(day, { recursive: true });
    const file = join(day, 'rollout-x.jsonl');
    copyFileSync(ROLLOUT, file);
    const session = { id: 's1', agent: 'codex', cwd: '/home/dev/shop', startedAt: launch, state: 'working' };
    expect(followCodexSession(watcher, { ...session, agent: 'claude' }, owner, t.dir)).toBeNull();
    expect(followCodexSession(watcher, { ...session, state: 'exited' }, owner, t.dir)).toBeNull();
    expect(followCodexSession(watcher, session, owner, t.dir)).toBe(file);
    expect(followCodexSession(watcher, session, owner, t.dir)).toBeNull();
    // A garbled token count, its usage not known yet: an unreadable record of no known model.
    expect(costs.summary('model').map((r) => [r.key, r.tokens.input, r.tokens.cacheRead, r.unreadable])).toEqual([
      ['', 0, 0, 1],
      ['gpt-5', 2000, 16000, 0],
      ['gpt-5-codex', 4000, 8000, 0],
    ]);
    expect(costs.summary('session')[0]).toMatchObject({ unreadable: 1, costUSD: null });
    // Codex finishes its cut last line, a cumulative total that covers the garbled count: known again.
    appendFileSync(file, 'put_tokens":40000,"output_tokens":3000,"reasoning_output_tokens":1200,"total_tokens":53000},"model_context_window":272000},"rate_limits":null}}\n');
    watcher.pollAll();
    const [row] = costs.summary('session');
    expect(row).toMatchObject({ unreadable: 0, tokens: { input: 10_000, cacheRead: 40_000, output: 3000 } });
    expect(row!.costUSD).not.toBeNull();
  });
});
