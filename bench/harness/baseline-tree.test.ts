import { describe, expect, it } from 'vitest';
import { baselineRev, depsMismatches } from './baseline-tree.js';

describe('depsMismatches', () => {
  const here: Record<string, string> = { ws: '8.23.0', tsx: '4.20.6', 'node-pty': '1.1.0' };
  const installed = (name: string) => here[name] ?? null;

  it('is empty when every pin is installed at its exact version', () => {
    expect(depsMismatches({ ws: '8.23.0', tsx: '4.20.6' }, installed)).toEqual([]);
  });

  it('names a pin installed at another version, and one not installed', () => {
    expect(depsMismatches({ ws: '8.18.0', 'node-pty': '1.1.0', zod: '4.6.7' }, installed)).toEqual([
      { name: 'ws', wanted: '8.18.0', installed: '8.23.0' },
      { name: 'zod', wanted: '4.6.7', installed: null },
    ]);
  });
});

describe('baselineRev', () => {
  it('reads the revision and its reason from bench/baseline.json', () => {
    const b = baselineRev({});
    expect(b.rev).toMatch(/^[0-9a-f]{40}$/);
    expect(b.reason.length).toBeGreaterThan(20);
    expect(b.source).toBe('bench/baseline.json');
  });

  it('takes BENCH_BASELINE_REV over the file', () => {
    expect(baselineRev({ BENCH_BASELINE_REV: ' HEAD~3 ' })).toEqual({ rev: 'HEAD~3', reason: 'set by BENCH_BASELINE_REV', source: 'BENCH_BASELINE_REV' });
  });
});
