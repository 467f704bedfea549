import { describe, expect, it } from 'vitest';
import { BUILTIN_PRESET_IDS, DEFAULT_QUALITY_THRESHOLD, DEFAULT_BLOCKING, TaskSettingsSchema, type Preset, type PresetBody } from '../contract/index.js';
import { DEFAULT_MATCH_CONFIG, preferenceValue } from '../orchestrator/agent-matcher.js';
import builtinFile from './builtin-presets.json' with { type: 'json' };
import { BUILTIN_PRESETS, checkPresetBody, expectedEffects, isBuiltin, loadBuiltins, resolveEffective, revertAction, type FinishedTask } from './preset-policy.js';

const byId = (id: string) => BUILTIN_PRESETS.find((p) => p.id === id)!;
const body = (p: Preset): PresetBody => {
  const { id: _id, builtin: _b, ...rest } = p;
  return structuredClone(rest);
};
const none = { quality: {}, tasks: {} };

describe('built-in presets (data)', () => {
  it('holds the four built-in presets in order, each read-only', () => {
    expect(BUILTIN_PRESETS.map((p) => p.id)).toEqual([...BUILTIN_PRESET_IDS]);
    expect(BUILTIN_PRESETS.every((p) => p.builtin)).toBe(true);
    for (const id of BUILTIN_PRESET_IDS) expect(isBuiltin(id)).toBe(true);
    expect(isBuiltin('mine')).toBe(false);
  });

  it('balanced is exactly the built-in defaults, so applying it changes nothing', () => {
    const b = byId('balanced');
    const d = TaskSettingsSchema.parse({});
    expect({ maxIterations: b.maxIterations, maxSwitches: b.maxSwitches, parallelLimit: b.parallelLimit, turnTimeoutSec: b.turnTimeoutSec }).toEqual(d);
    expect(b.gate.threshold).toBe(DEFAULT_QUALITY_THRESHOLD);
    expect(b.gate.blocking).toEqual([...DEFAULT_BLOCKING]);
    expect(b.matcher).toEqual(DEFAULT_MATCH_CONFIG);
  });

  it('quality_first asks more of the gate than cost_optimized and speed', () => {
    expect(byId('quality_first').gate.threshold).toBeGreaterThan(byId('cost_optimized').gate.threshold);
    expect(byId('quality_first').gate.checks.length).toBeGreaterThan(byId('speed').gate.checks.length);
    expect(byId('cost_optimized').parallelLimit).toBeLessThan(byId('speed').parallelLimit);
  });

  it('refuses a data file with a bad field or the wrong ids, naming what is wrong', () => {
    const bad = structuredClone(builtinFile) as { presets: { gate: { threshold: number }; id: string }[] };
    bad.presets[0]!.gate.threshold = 1.5;
    expect(() => loadBuiltins(bad)).toThrow(/threshold/);
    const renamed = structuredClone(builtinFile) as { presets: { id: string }[] };
    renamed.presets[0]!.id = 'other';
    expect(() => loadBuiltins(renamed)).toThrow(/must hold balanced, cost_optimized, quality_first, speed/);
    const weights = structuredClone(builtinFile) as { presets: { matcher: { weights: { capability: number } } }[] };
    weights.presets[0]!.matcher.weights.capability = 0.9;
    expect(() => loadBuiltins(weights)).toThrow(/add up to 1/);
  });
});

describe('checkPresetBody', () => {
  const agents = ['claude', 'codex', 'gemini'];
  it('accepts a copy of a built-in preset', () => {
    expect(checkPresetBody(body(byId('speed')), agents)).toEqual(body(byId('speed')));
  });
  it('refuses an unknown preferred agent, naming it and the known ones', () => {
    const b = body(byId('balanced'));
    b.matcher.preferredAgents = ['claude', 'nope'];
    expect(() => checkPresetBody(b, agents)).toThrow(/prefers nope, which is no agent profile here/);
  });
  it('refuses a duplicate preferred agent, a blocking kind not checked, and weights off 1', () => {
    const dup = body(byId('balanced'));
    dup.matcher.preferredAgents = ['claude', 'claude'];
    expect(() => checkPresetBody(dup, agents)).toThrow(/twice/);
    const blocking = body(byId('speed'));
    blocking.gate.blocking = ['lint'];
    expect(() => checkPresetBody(blocking, agents)).toThrow(/gate.*blocking kind must be among the checks/);
    const w = body(byId('balanced'));
    w.matcher.weights.history = 0.5;
    expect(() => checkPresetBody(w, agents)).toThrow(/matcher.weights.*add up to 1/);
  });
});

describe('resolveEffective: explicit setting > preset > defaults', () => {
  it('takes everything from the preset when nothing is set explicitly', () => {
    const q = byId('quality_first');
    const e = resolveEffective(q, 'project', 'p1', none);
    expect(e).toMatchObject({ projectId: 'p1', presetId: 'quality_first', source: 'project', gate: q.gate, tasks: { maxIterations: 5, maxSwitches: 3, parallelLimit: 2, turnTimeoutSec: 7200 }, overrides: [] });
    expect(e.matcher).toEqual(q.matcher);
  });
  it('lets explicit settings win and lists each as an override; an equal value is no override', () => {
    const e = resolveEffective(byId('quality_first'), 'default', null, { quality: { threshold: 0.5, blocking: ['tests'] }, tasks: { maxIterations: 1, maxSwitches: 3 } });
    expect(e.gate.threshold).toBe(0.5);
    expect(e.gate.blocking).toEqual(['tests']);
    expect(e.tasks.maxIterations).toBe(1);
    expect(e.overrides).toEqual([
      { field: 'gate.threshold', value: 0.5, from: 'quality settings' },
      { field: 'gate.blocking', value: ['tests'], from: 'quality settings' },
      { field: 'tasks.maxIterations', value: 1, from: 'orchestrator settings' },
    ]);
  });
  it('does not share arrays with the preset it read', () => {
    const q = byId('quality_first');
    const e = resolveEffective(q, 'project', 'p', none);
    e.gate.checks.pop();
    e.matcher.preferredAgents.pop();
    expect(byId('quality_first').gate.checks).toHaveLength(5);
    expect(byId('quality_first').matcher.preferredAgents).toEqual(['claude', 'codex']);
  });
});

describe('preferenceValue', () => {
  it('gives the first preferred agent 1, each next one less, others 0', () => {
    const pref = ['gemini', 'opencode', 'aider', 'copilot'];
    expect(pref.map((a) => preferenceValue(a, pref))).toEqual([1, 0.75, 0.5, 0.25]);
    expect(preferenceValue('claude', pref)).toBe(0);
    expect(preferenceValue('claude', [])).toBe(0);
  });
});

describe('expectedEffects', () => {
  const task = (presetId: string, status: FinishedTask['status'], minutes: number, costUSD: number | null): FinishedTask => ({ presetId, status, startedAt: 1_000, endedAt: 1_000 + minutes * 60_000, costUSD });

  it('says "not enough history" below the minimum, with the count', () => {
    const [e] = expectedEffects(['speed'], [task('speed', 'completed', 1, 0.1), task('speed', 'failed', 1, 0.1)], 5);
    expect(e).toEqual({ presetId: 'speed', tasks: 2, enough: false, successRate: null, averageDurationMs: null, averageCostUSD: null, costKnownTasks: 2, note: 'not enough history: 2 finished tasks under this preset, 5 needed' });
    expect(expectedEffects(['x'], [], 5)[0]!.note).toBe('not enough history: 0 finished tasks under this preset, 5 needed');
    expect(expectedEffects(['x'], [task('x', 'failed', 1, null)], 5)[0]!.note).toBe('not enough history: 1 finished task under this preset, 5 needed');
  });

  it('gives success rate, mean time and mean known cost at the minimum, per preset', () => {
    const tasks = [
      task('q', 'completed', 10, 1),
      task('q', 'completed', 20, 3),
      task('q', 'failed', 30, null),
      task('q', 'unverified', 40, 2),
      task('q', 'completed', 50, null),
      task('c', 'completed', 1, 0.5),
    ];
    const [q, c] = expectedEffects(['q', 'c'], tasks, 5);
    expect(q).toEqual({ presetId: 'q', tasks: 5, enough: true, successRate: 0.6, averageDurationMs: 30 * 60_000, averageCostUSD: 2, costKnownTasks: 3, note: 'from 5 finished tasks; cost from the 3 with a known cost' });
    expect(c!.enough).toBe(false);
  });

  it('says the cost is unknown when no task has a known cost, never 0', () => {
    const tasks = Array.from({ length: 5 }, () => task('s', 'completed', 2, null));
    const [s] = expectedEffects(['s'], tasks, 5);
    expect(s).toMatchObject({ enough: true, successRate: 1, averageCostUSD: null, costKnownTasks: 0 });
    expect(s!.note).toContain('cost unknown');
  });
});

describe('revertAction', () => {
  const preset = { ...byId('speed'), id: 'mine', builtin: false };
  it('an apply goes back to the old preset, or (there was none) to following the global default', () => {
    expect(revertAction({ id: 1, kind: 'apply', target: 'p1', oldValue: 'speed' })).toEqual({ kind: 'apply', target: 'p1', presetId: 'speed' });
    expect(revertAction({ id: 2, kind: 'apply', target: 'p1', oldValue: null })).toEqual({ kind: 'apply', target: 'p1', presetId: null });
  });
  it('a create is undone by deleting; an update or delete by restoring the old preset', () => {
    expect(revertAction({ id: 3, kind: 'create', target: 'mine', oldValue: null })).toEqual({ kind: 'restore', presetId: 'mine', preset: null });
    expect(revertAction({ id: 4, kind: 'update', target: 'mine', oldValue: preset })).toEqual({ kind: 'restore', presetId: 'mine', preset });
    expect(revertAction({ id: 5, kind: 'delete', target: 'mine', oldValue: preset })).toEqual({ kind: 'restore', presetId: 'mine', preset });
  });
  it('refuses a change with no old version to go back to', () => {
    expect(() => revertAction({ id: 6, kind: 'update', target: 'mine', oldValue: null })).toThrow(/kept no earlier version/);
  });
});
