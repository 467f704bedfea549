import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { BUILTIN_PRICES, PriceTable } from './prices.js';
import { UsageFileReader } from './usage-file-reader.js';
import { totalTokens } from './usage.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/accounting');
const CLAUDE_DIR = join(FIXTURES, 'claude/projects/-home-dev-shop');
const SESSION_A = join(CLAUDE_DIR, '4f1c2a9e-6b3d-4e8a-9c1f-0d2e3a4b5c6d.jsonl');
const SESSION_B = join(CLAUDE_DIR, '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d.jsonl');
const ROLLOUT = join(FIXTURES, 'codex/sessions/2025/11/18/rollout-2025-11-18T21-55-50-019a9776-0a34-7842-8627-112b63d66e90.jsonl');

const prices = new PriceTable(BUILTIN_PRICES);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function makeTempDir(prefix: string): string {
  const t = tempDir(prefix);
  cleanups.push(t.cleanup);
  return t.dir;
}

function byModel(r: UsageFileReader): Record<string, unknown> {
  return Object.fromEntries([...r.totals.byModel.values()].map((m) => [m.model ?? 'unknown', { ...m.tokens, records: m.records }]));
}

describe('Claude Code transcript', () => {
  it('sums usage per model, counting a message written as several lines once', () => {
    const r = new UsageFileReader(SESSION_A, 'claude-transcript');
    r.poll();
    expect(byModel(r)).toEqual({
      'claude-sonnet-4-5-20250929': { input: 3, output: 150, cacheWrite: 2000, cacheRead: 10000, reasoning: 0, records: 1 },
      'claude-opus-4-1-20250805': { input: 10, output: 800, cacheWrite: 500, cacheRead: 12000, reasoning: 0, records: 1 },
      'claude-haiku-4-5-20251001': { input: 1200, output: 300, cacheWrite: 0, cacheRead: 0, reasoning: 0, records: 1 },
      '<synthetic>': { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0, records: 1 },
    });
    // The unknown line type and the summary are not usage; the cut last line is not read yet.
    expect(r.unreadable).toBe(0);
  });

  it('counts a malformed line and a usage without output_tokens as unreadable, and a line without requestId always', () => {
    const r = new UsageFileReader(SESSION_B, 'claude-transcript');
    r.poll();
    expect(byModel(r)).toEqual({
      'claude-sonnet-4-5-20250929': { input: 8, output: 420, cacheWrite: 3000, cacheRead: 0, reasoning: 0, records: 1 },
      'claude-haiku-4-5-20251001': { input: 2, output: 60, cacheWrite: 100, cacheRead: 3000, reasoning: 0, records: 1 },
    });
    expect(r.unreadable).toBe(2);
  });

  it('estimates cost at list price over both sessions: exact totals', () => {
    const seen = new Set<string>();
    const a = new UsageFileReader(SESSION_A, 'claude-transcript', { seen });
    const b = new UsageFileReader(SESSION_B, 'claude-transcript', { seen });
    a.poll();
    b.poll();
    const all = [...a.totals.byModel.values(), ...b.totals.byModel.values()];
    const tokens = all.reduce((s, m) => s + totalTokens(m.tokens), 0);
    expect(tokens).toBe(1223 + 1730 + 5600 + 25000);
    const est = prices.estimate(all);
    // sonnet 0.030333 + opus-4-1 0.087525 + haiku (two entries) 0.001625 + 0.001802
    expect(est.usd).toBeCloseTo(0.121285, 12);
    expect(est.basis).toBe('list-price estimate');
  });

  it('completes a truncated last line when the agent finishes writing it, reading only the new bytes', () => {
    const dir = makeTempDir('accounting-');
    const file = join(dir, 't.jsonl');
    copyFileSync(SESSION_A, file);
    const r = new UsageFileReader(file, 'claude-transcript');
    r.poll();
    const before = r.offset;
    expect(before).toBe(readFileSync(file).length);
    appendFileSync(
      file,
      'kens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":900}},"requestId":"req_011A4","type":"assistant","uuid":"x","timestamp":"2025-11-18T09:03:00.000Z"}\n',
    );
    const p = r.poll();
    expect(p.records).toHaveLength(1);
    expect(p.records[0]?.tokens).toEqual({ input: 5, output: 40, cacheWrite: 0, cacheRead: 900, reasoning: 0 });
    expect(p.bytes).toBe(readFileSync(file).length - before);
    expect(r.totals.byModel.get('claude-sonnet-4-5-20250929')?.tokens.output).toBe(190);
    expect(r.poll().records).toHaveLength(0);
  });

  it('starts over when the file is replaced by a shorter one', () => {
    const dir = makeTempDir('accounting-');
    const file = join(dir, 't.jsonl');
    copyFileSync(SESSION_A, file);
    const r = new UsageFileReader(file, 'claude-transcript');
    r.poll();
    writeFileSync(file, readFileSync(SESSION_B, 'utf8').split('\n')[0] + '\n');
    const p = r.poll();
    expect(p.restarted).toBe(true);
    expect(byModel(r)).toEqual({
      'claude-sonnet-4-5-20250929': { input: 8, output: 420, cacheWrite: 3000, cacheRead: 0, reasoning: 0, records: 1 },
    });
  });

  it('skips a line over the line bound, counts it, and reads the next one', () => {
    const dir = makeTempDir('accounting-');
    const file = join(dir, 't.jsonl');
    const lines = readFileSync(SESSION_B, 'utf8').split('\n');
    writeFileSync(file, `{"type":"user","message":{"content":"${'x'.repeat(5000)}"}}\n${lines[0]}\n`);
    const r = new UsageFileReader(file, 'claude-transcript', { chunkBytes: 1024, maxLineBytes: 4096 });
    r.poll();
    expect(r.unreadable).toBe(1);
    expect(r.totals.records).toBe(1);
  });
});

describe('Codex CLI rollout', () => {
  it('turns cumulative token_count totals into per-model usage; repeats, unknown types and a cut line add nothing', () => {
    const r = new UsageFileReader(ROLLOUT, 'codex-rollout');
    r.poll();
    expect(byModel(r)).toEqual({
      'gpt-5-codex': { input: 4000, output: 900, cacheWrite: 0, cacheRead: 8000, reasoning: 400, records: 1 },
      'gpt-5': { input: 2000, output: 1200, cacheWrite: 0, cacheRead: 16000, reasoning: 600, records: 1 },
    });
    expect(r.unreadable).toBe(1);
    expect(r.codex?.sessionId).toBe('019a9776-0a34-7842-8627-112b63d66e90');
    expect(r.codex?.cwd).toBe('/home/dev/shop');
    expect(prices.estimate(r.totals.byModel.values()).usd).toBeCloseTo(0.015 + 0.0165, 12);
  });
});

describe('price table', () => {
  it('prices a dated id by its prefix and leaves an unknown model unknown, never 0', () => {
    expect(prices.find('claude-opus-4-1-20250805')?.output).toBe(75);
    expect(prices.find('claude-opus-4-20250514')?.output).toBe(75);
    expect(prices.find('claude-opus-4-5-20251101')?.output).toBe(25);
    expect(prices.find('gemini-9-ultra')).toBeNull();
    const est = prices.estimate([
      { model: 'gemini-9-ultra', tokens: { input: 10, output: 1, cacheWrite: 0, cacheRead: 0, reasoning: 0 }, records: 1, reportedCostUSD: 0, reportedCostRecords: 0 },
    ]);
    expect(est).toEqual({ usd: null, basis: 'list-price estimate', unpricedModels: ['gemini-9-ultra'] });
  });
});
