import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PRICES, PriceTable } from './prices.js';
import { UsageFileReader } from './usage-file-reader.js';

/**
 * Cross-check against ccusage, an independent open-source reader of Claude Code transcripts
 * (pinned as a dev dependency). It runs offline (`--offline`: its bundled LiteLLM prices,
 * no network) on the fixture transcripts, found through `CLAUDE_CONFIG_DIR` (it reads
 * `$CLAUDE_CONFIG_DIR/projects/**\/*.jsonl`), and must agree with this room on every
 * token count per model and, since the price table lists the same list prices, on cost.
 */
const CLAUDE_CONFIG_DIR = join(import.meta.dirname, '../../test/fixtures/accounting/claude');
const PROJECT_DIR = join(CLAUDE_CONFIG_DIR, 'projects/-home-dev-shop');
const require = createRequire(import.meta.url);
const CCUSAGE = join(dirname(require.resolve('ccusage/package.json')), 'dist/index.js');

interface CcusageBreakdown {
  modelName: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
}
interface CcusageSession {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalCost: number;
  modelBreakdowns: CcusageBreakdown[];
}

describe('ccusage cross-check', () => {
  it('agrees on tokens per model and on the list-price cost of the fixture transcripts', () => {
    const out = execFileSync(process.execPath, [CCUSAGE, 'session', '--json', '--offline'], {
      env: { PATH: process.env.PATH ?? '', HOME: CLAUDE_CONFIG_DIR, CLAUDE_CONFIG_DIR, TZ: 'UTC', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const report = JSON.parse(out) as { sessions: CcusageSession[] };
    expect(report.sessions).toHaveLength(1);
    const theirs = report.sessions[0]!;

    // Read the same files the same way: one de-duplication set across the files.
    const seen = new Set<string>();
    const readers = readdirSync(PROJECT_DIR)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => new UsageFileReader(join(PROJECT_DIR, f), 'claude-transcript', { seen }));
    const ours = new Map<string, { input: number; output: number; cacheWrite: number; cacheRead: number }>();
    for (const r of readers) {
      r.poll();
      for (const m of r.totals.byModel.values()) {
        const key = m.model ?? '';
        const t = ours.get(key) ?? { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
        t.input += m.tokens.input;
        t.output += m.tokens.output;
        t.cacheWrite += m.tokens.cacheWrite;
        t.cacheRead += m.tokens.cacheRead;
        ours.set(key, t);
      }
    }
    const prices = new PriceTable(BUILTIN_PRICES);
    for (const b of theirs.modelBreakdowns) {
      const mine = ours.get(b.modelName);
      expect(mine, `model ${b.modelName}`).toEqual({
        input: b.inputTokens,
        output: b.outputTokens,
        cacheWrite: b.cacheCreationTokens,
        cacheRead: b.cacheReadTokens,
      });
      expect(prices.cost(b.modelName, { ...mine!, reasoning: 0 })).toBeCloseTo(b.cost, 12);
    }
    // Models ccusage leaves out of its breakdown (`<synthetic>`, the API-error stand-in) carry no tokens.
    const named = new Set(theirs.modelBreakdowns.map((b) => b.modelName));
    for (const [model, t] of ours) if (!named.has(model)) expect(t, model).toEqual({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });

    const all = readers.flatMap((r) => [...r.totals.byModel.values()]);
    expect(prices.estimate(all).usd).toBeCloseTo(theirs.totalCost, 12);
    const sum = (k: 'input' | 'output' | 'cacheWrite' | 'cacheRead') => [...ours.values()].reduce((s, t) => s + t[k], 0);
    expect([sum('input'), sum('output'), sum('cacheWrite'), sum('cacheRead')]).toEqual([
      theirs.inputTokens,
      theirs.outputTokens,
      theirs.cacheCreationTokens,
      theirs.cacheReadTokens,
    ]);
  });
});
