import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTENT_PICK_THRESHOLD, type ProjectAnalysis } from '../contract/index.js';
import { MATCH_WEIGHTS, pickAgent, rankAgents, type MatchCandidate } from './agent-matcher.js';
import { GUIDELINES_BEGIN, injectGuidelines, removeGuidelines } from './guidelines.js';
import { shellWords } from './shell-words.js';
import { HELD_OUT_CORPUS, TASK_CORPUS, type LabelledTask } from '../../test/fixtures/task-corpus.js';
import { parseTask } from './task-parser.js';
import { parseTestOutput } from './test-output.js';

function accuracy(corpus: readonly LabelledTask[]) {
  let intent = 0;
  let domain = 0;
  const misses: string[] = [];
  for (const t of corpus) {
    const p = parseTask(t.text);
    if (p.intent.value === t.intent) intent++;
    if (p.domain.value === t.domain) domain++;
    if (p.intent.value !== t.intent || p.domain.value !== t.domain) misses.push(`  "${t.text}": ${p.intent.value}/${p.domain.value}, expected ${t.intent}/${t.domain}`);
  }
  return { intent: intent / corpus.length, domain: domain / corpus.length, misses };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('task parser', () => {
  it('reads intent and domain of real-looking issue titles above the floors, and reports accuracy', () => {
    const all = [...TASK_CORPUS, ...HELD_OUT_CORPUS];
    expect(all.length).toBeGreaterThanOrEqual(60);
    const tuned = accuracy(TASK_CORPUS);
    const held = accuracy(HELD_OUT_CORPUS);
    const total = accuracy(all);
    console.log(
      [
        `task parser accuracy on ${all.length} titles: intent ${pct(total.intent)}, domain ${pct(total.domain)}`,
        `  tuning set (${TASK_CORPUS.length}): intent ${pct(tuned.intent)}, domain ${pct(tuned.domain)}`,
        `  held-out set (${HELD_OUT_CORPUS.length}, never tuned on): intent ${pct(held.intent)}, domain ${pct(held.domain)}`,
        ...total.misses,
      ].join('\n'),
    );
    // Floors a little below what the shipped model measures (intent 78.7 %, domain 92.6 %);
    // the intent model never saw these titles (it learns from commit subjects of other projects).
    expect(total.intent).toBeGreaterThanOrEqual(0.75);
    expect(total.domain).toBeGreaterThanOrEqual(0.88);
    // Unseen by the domain keyword tables too: a lower floor, still far above chance (1/9 intents, 1/9 domains).
    expect(held.intent).toBeGreaterThanOrEqual(0.6);
    expect(held.domain).toBeGreaterThanOrEqual(0.6);
  });

  it('explains itself: confidences in 0..1 and the matched words as reasons; deterministic', () => {
    const p = parseTask('Fix null pointer in user login handler');
    expect(p.intent).toMatchObject({ value: 'fix' });
    expect(p.intent.reasons.join(' ')).toMatch(/"fix" \+[\d.]+ for fix over \w+/);
    expect(p.intent.confidence).toBeGreaterThan(INTENT_PICK_THRESHOLD);
    expect(p.domain.reasons.join(' ')).toMatch(/handler/);
    expect(p.entities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'component', value: 'login handler' })]));
    expect(parseTask('Fix null pointer in user login handler')).toEqual(p);
    // Nothing to go on: the reading says it is unsure (the composer offers a pick), it does not default silently.
    const none = parseTask('Something with the thing');
    expect(none.intent.confidence).toBeLessThan(INTENT_PICK_THRESHOLD);
    expect(none.domain).toMatchObject({ value: 'general', confidence: 0.3 });
  });

  it('finds technologies, files and components; rates complexity', () => {
    const p = parseTask('Refactor src/auth/middleware.ts and the OrderService to use async/await with Express');
    expect(p.entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'file', value: 'src/auth/middleware.ts' }),
        expect.objectContaining({ kind: 'component', value: 'OrderService' }),
        expect.objectContaining({ kind: 'technology', value: 'Express' }),
      ]),
    );
    for (const t of [...TASK_CORPUS, ...HELD_OUT_CORPUS].filter((x) => x.complexity)) expect(parseTask(t.text).complexity.value, t.text).toBe(t.complexity);
    expect(parseTask('Fix typo in README').complexity.value).toBe('simple');
    expect(parseTask('Migrate the entire monolith to a distributed event-driven architecture across all services').complexity.value).toBe('complex');
  });
});

describe('agent matcher', () => {
  const cand = (id: string, over: Partial<MatchCandidate> = {}, caps = ['implement', 'fix', 'refactor', 'test', 'docs', 'build', 'review', 'research', 'perf'], specs: string[] = []): MatchCandidate => ({
    profile: { id, name: id, capabilities: caps as MatchCandidate['profile']['capabilities'], specializations: specs },
    installed: true,
    breakerAllows: true,
    ...over,
  });
  const ctx = { languages: [{ name: 'TypeScript', files: 10, bytes: 9000, share: 0.9 }, { name: 'JSON', files: 2, bytes: 1000, share: 0.1 }], frameworks: ['React'], projectTypes: ['node'] } as unknown as ProjectAnalysis;

  it('weights 0.4 / 0.3 / 0.2 / 0.1 with reasons for every part; without history the prior 0.5 plus exploration', () => {
    const r = rankAgents(parseTask('Add dark mode toggle to settings page'), [cand('a', {}, undefined, ['typescript', 'react', 'frontend'])], ctx, new Map())[0]!;
    expect(MATCH_WEIGHTS.capability + MATCH_WEIGHTS.context + MATCH_WEIGHTS.history + MATCH_WEIGHTS.specialization).toBeCloseTo(1);
    expect(r.parts.capability).toMatchObject({ value: 1, weight: 0.4, weighted: 0.4 });
    expect(r.parts.context).toMatchObject({ value: 1, weight: 0.3 });
    expect(r.parts.history).toMatchObject({ value: 0.6, weight: 0.2, weighted: 0.12 });
    expect(r.parts.specialization.value).toBe(1);
    expect(r.score).toBeCloseTo(0.4 + 0.3 + 0.12 + 0.1);
    for (const p of Object.values(r.parts)) expect(p.reasons.length).toBeGreaterThan(0);
  });

  it('never picks a missing, breaker-open or non-coding agent, whatever the task; ranks by history', () => {
    const candidates = [
      cand('missing', { installed: false }, undefined, ['typescript', 'react', 'frontend', 'backend']),
      cand('tripped', { breakerAllows: false }, undefined, ['typescript', 'react', 'frontend', 'backend']),
      cand('shell', {}, [], []),
      cand('generalist', {}, undefined, ['typescript']),
      cand('docs-only', {}, ['docs'], ['docs', 'typescript']),
    ];
    for (const t of [...TASK_CORPUS, ...HELD_OUT_CORPUS]) {
      const ranking = rankAgents(parseTask(t.text), candidates, ctx, new Map());
      const picked = pickAgent(ranking);
      expect(['generalist', 'docs-only']).toContain(picked?.agent);
      expect(ranking.filter((r) => !r.eligible).map((r) => [r.agent, r.excluded])).toEqual(
        expect.arrayContaining([
          ['missing', 'not installed'],
          ['tripped', 'its circuit breaker is open'],
          ['shell', 'not a coding agent (no capabilities in its profile)'],
        ]),
      );
    }
    const failed = { tasks: 4, passed: 0, iterations: 12, switches: 4, durationMs: 2_400_000, costUsd: 0, costKnown: 0 };
    const none = { tasks: 0, passed: 0, iterations: 0, switches: 0, durationMs: 0, costUsd: 0, costKnown: 0 };
    const docs = rankAgents(parseTask('Update README with install steps'), candidates, ctx, new Map([['generalist', { intent: failed, domain: none }]]));
    expect(pickAgent(docs)?.agent).toBe('docs-only');
    expect(docs.find((r) => r.agent === 'generalist')!.parts.history.reasons[0]).toBe('passed 0 of 4 docs tasks in this project');
    expect(pickAgent(docs, ['docs-only'])?.agent).toBe('generalist');
    expect(pickAgent(rankAgents(parseTask('x'), candidates.slice(0, 3), ctx, new Map()))).toBeNull();
  });
});

describe('helpers of the loop', () => {
  it('splits a test command into argv words without a shell', () => {
    expect(shellWords('npm test')).toEqual(['npm', 'test']);
    expect(shellWords(`npx vitest run "my file.test.ts" --reporter='dot' a\\ b`)).toEqual(['npx', 'vitest', 'run', 'my file.test.ts', '--reporter=dot', 'a b']);
    expect(shellWords('echo $HOME "$x" *')).toEqual(['echo', '$HOME', '$x', '*']);
    expect(() => shellWords('echo "open')).toThrow(/unterminated/);
  });

  it('reads test counts from common runners', () => {
    expect(parseTestOutput('\x1b[2m Test Files \x1b[22m 1 failed (1)\n      Tests  1 failed | 4 passed (5)\n')).toMatchObject({ format: 'vitest', passed: 4, failed: 1, total: 5 });
    expect(parseTestOutput('Tests:       1 failed, 2 skipped, 5 passed, 8 total\n')).toMatchObject({ format: 'jest', passed: 5, failed: 1, skipped: 2, total: 8 });
    expect(parseTestOutput('===== 2 failed, 5 passed, 1 skipped in 0.12s =====\n')).toMatchObject({ format: 'pytest', passed: 5, failed: 2, skipped: 1 });
    expect(parseTestOutput('test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured\ntest result: FAILED. 2 passed; 1 failed; 0 ignored;\n')).toMatchObject({ format: 'cargo', passed: 5, failed: 1, skipped: 1 });
    expect(parseTestOutput('ok  \texample.com/a\t0.01s\nFAIL\texample.com/b\t0.02s\nok  \texample.com/c\t(cached)\n')).toMatchObject({ format: 'go', passed: 2, failed: 1 });
    expect(parseTestOutput('# tests 6\n# pass 5\n# fail 1\n')).toMatchObject({ format: 'node-test', passed: 5, failed: 1, total: 6 });
    expect(parseTestOutput('  5 passing (12ms)\n  1 failing\n')).toMatchObject({ format: 'mocha', passed: 5, failed: 1 });
    expect(parseTestOutput('3 passed, 2 failed')).toMatchObject({ format: 'generic', passed: 3, failed: 2, total: 5 });
    expect(parseTestOutput('nothing to see')).toMatchObject({ format: null, passed: null });
  });

  it('appends guidelines to an existing instruction file and takes them out again byte for byte; creates and deletes a new one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-guide-'));
    try {
      const input = { taskText: 'Fix it', branch: 'cortex/fix-it', testCommand: 'npm test', analysis: null };
      writeFileSync(join(dir, 'CLAUDE.md'), '# Ours\nkeep me\n');
      const g = injectGuidelines(dir, { guidelines: { file: 'CLAUDE.md', args: [] } }, input)!;
      expect(g).toEqual({ file: 'CLAUDE.md', created: false });
      expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toMatch(/^# Ours\nkeep me\n\n<!-- phantom-cortex/);
      expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toContain('`npm test`');
      removeGuidelines(dir, g);
      expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe('# Ours\nkeep me\n');
      const n = injectGuidelines(dir, { guidelines: { file: '.github/copilot-instructions.md', args: [] } }, input)!;
      expect(n.created).toBe(true);
      expect(readFileSync(join(dir, n.file), 'utf8')).toContain(GUIDELINES_BEGIN);
      removeGuidelines(dir, n);
      expect(existsSync(join(dir, n.file))).toBe(false);
      expect(() => injectGuidelines(dir, { guidelines: { file: '../escape.md', args: [] } }, input)).toThrow(/outside/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
