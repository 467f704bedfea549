import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigChange, Preset, PresetBody } from '../contract/index.js';
import { ProjectService } from '../projects/project-service.js';
import { openDatabase, type Db } from '../store/database.js';
import { ProjectRepository } from '../store/project-repository.js';
import { tempDir } from '../../test/support/temp.js';
import { BUILTIN_PRESETS } from './preset-policy.js';
import { PresetService } from './preset-service.js';

const bodyOf = (id: string): PresetBody => {
  const { id: _i, builtin: _b, ...rest } = structuredClone(BUILTIN_PRESETS.find((p) => p.id === id)!);
  return rest;
};

/** The presets service on a real SQLite file in a temp folder, with a real project. */
describe('PresetService on a real SQLite file: apply, edit, history, revert, expected effect', () => {
  let t: { dir: string; cleanup: () => void };
  let db: Db;
  let projects: ProjectService;
  let presets: PresetService;
  let projectId: string;
  let clock: number;
  const published: ConfigChange[] = [];

  const open = () => {
    db = openDatabase(join(t.dir, 'cortex.sqlite'));
    projects = new ProjectService(new ProjectRepository(db));
    presets = new PresetService({
      db,
      projectName: (id) => projects.get(id).name,
      knownAgents: () => ['claude', 'codex', 'gemini', 'opencode', 'aider', 'copilot'],
      explicit: () => ({ quality: {}, tasks: {} }),
      publish: (c) => published.push(c),
      now: () => clock,
    });
  };

  beforeEach(() => {
    t = tempDir('cortex-presets-');
    clock = 1_000_000;
    published.length = 0;
    open();
    const folder = join(t.dir, 'app');
    mkdirSync(folder);
    projectId = projects.add(folder, 'app').project.id;
  });
  afterEach(() => {
    db.close();
    t.cleanup();
  });

  it('a project runs with the global default (balanced) until a preset is applied', () => {
    expect(presets.effective(projectId)).toMatchObject({ presetId: 'balanced', source: 'default' });
    presets.apply(undefined, 'speed', 'cli');
    expect(presets.effective(projectId)).toMatchObject({ presetId: 'speed', source: 'default' });
    const e = presets.apply(projectId, 'quality_first', 'ui');
    expect(e).toMatchObject({ presetId: 'quality_first', source: 'project', gate: { threshold: 0.85 }, tasks: { maxIterations: 5 } });
    expect(presets.list().defaultPresetId).toBe('speed');
  });

  it('records every change with who, when, old and new values, kept across a reopen, newest first', () => {
    presets.apply(projectId, 'cost_optimized', 'cli');
    clock += 1_000;
    presets.apply(projectId, 'quality_first', 'ui');
    clock += 1_000;
    presets.create('mine', bodyOf('speed'), 'api');
    db.close();
    open();
    const h = presets.history(10);
    expect(h.map((c) => [c.kind, c.actor, c.target, typeof c.oldValue === 'string' || c.oldValue === null ? c.oldValue : c.oldValue.id, typeof c.newValue === 'string' || c.newValue === null ? c.newValue : c.newValue.id, c.at])).toEqual([
      ['create', 'api', 'mine', null, 'mine', 1_002_000],
      ['apply', 'ui', projectId, 'cost_optimized', 'quality_first', 1_001_000],
      ['apply', 'cli', projectId, null, 'cost_optimized', 1_000_000],
    ]);
    expect(h[1]!.summary).toBe('project app: cost_optimized → quality_first');
    expect(presets.history(10, projectId)).toHaveLength(2);
    expect(published.map((c) => c.id)).toEqual([3, 2, 1].reverse());
  });

  it('reverting an apply puts the old preset back and is itself recorded; reverting the first apply goes back to the default', () => {
    presets.apply(projectId, 'cost_optimized', 'cli');
    const second = (presets.apply(projectId, 'quality_first', 'ui'), presets.history(1)[0]!);
    const r = presets.revert(second.id, 'ui');
    expect(r).toMatchObject({ kind: 'apply', actor: 'ui', target: projectId, oldValue: 'quality_first', newValue: 'cost_optimized', revertOf: second.id });
    expect(presets.effective(projectId).presetId).toBe('cost_optimized');
    const first = presets.history(10).at(-1)!;
    presets.revert(first.id, 'cli');
    expect(presets.effective(projectId)).toMatchObject({ presetId: 'balanced', source: 'default' });
    expect(presets.history(1)[0]).toMatchObject({ oldValue: 'cost_optimized', newValue: null, summary: 'undid change 1: project app follows the global default (balanced) again' });
    expect(presets.history(10)).toHaveLength(4);
  });

  it('built-in presets are read-only but copyable; a copy is edited, deleted and brought back by reverts', () => {
    expect(() => presets.update('balanced', bodyOf('speed'), 'api')).toThrow(/built-in preset and cannot be edited/);
    expect(() => presets.delete('speed', 'api')).toThrow(/built-in preset and cannot be deleted/);
    expect(() => presets.create('speed', bodyOf('speed'), 'api')).toThrow(/exists already \(built-in\)/);
    presets.create('mine', { ...bodyOf('quality_first'), name: 'Mine' }, 'ui');
    const edited = presets.update('mine', { ...bodyOf('quality_first'), name: 'Mine', maxIterations: 9 }, 'ui');
    expect(edited).toMatchObject({ id: 'mine', builtin: false, maxIterations: 9 });
    const editChange = presets.history(1)[0]!;
    presets.revert(editChange.id, 'cli');
    expect(presets.get('mine').maxIterations).toBe(5);

    presets.apply(projectId, 'mine', 'ui');
    expect(() => presets.delete('mine', 'ui')).toThrow(/in use \(project app\)/);
    presets.apply(projectId, 'balanced', 'ui');
    presets.delete('mine', 'ui');
    expect(() => presets.get('mine')).toThrow(/no preset "mine"/);
    presets.revert(presets.history(1)[0]!.id, 'ui');
    expect(presets.get('mine')).toMatchObject({ name: 'Mine', maxIterations: 5 });
    expect(presets.list().presets.map((p: Preset) => p.id)).toEqual(['balanced', 'cost_optimized', 'quality_first', 'speed', 'mine']);
  });

  it('refuses a preset preferring an agent that is not here, and a revert of an unknown change', () => {
    const b = bodyOf('balanced');
    b.matcher.preferredAgents = ['ghost'];
    expect(() => presets.create('ghostly', b, 'api')).toThrow(/prefers ghost/);
    expect(() => presets.revert(999, 'api')).toThrow(/no configuration change 999/);
    expect(() => presets.apply(projectId, 'nope', 'api')).toThrow(/no preset "nope"/);
    expect(() => presets.apply('no-such-project', 'speed', 'api')).toThrow();
    expect(presets.history(10)).toEqual([]);
  });

  it('expected effect: figures per preset from finished tasks and their priced usage, "not enough history" below 5', () => {
    const insertTask = (id: string, status: string, minutes: number, sessionId: string) =>
      db
        .prepare(
          `INSERT INTO tasks (id, project_id, text, status, phase, intent, domain, complexity, parse, ranking, agent, agent_chosen, agents_tried, in_place, created_at, started_at, ended_at, session_id)
           VALUES (?, ?, 't', ?, 'done', 'fix', 'backend', 'simple', '{}', '[]', 'claude', 0, '[]', 0, 0, 0, ?, ?)`,
        )
        .run(id, projectId, status, minutes * 60_000, sessionId);
    const cost = (sessionId: string, usd: number | null) =>
      db
        .prepare(`INSERT INTO cost_tracking (session_id, hour, model, project_id, agent, task_id, source, billing, cost_usd, records) VALUES (?, 0, 'm', ?, 'claude', NULL, 'claude-transcript', 'api', ?, 1)`)
        .run(sessionId, projectId, usd);
    presets.apply(projectId, 'quality_first', 'api');
    for (let i = 0; i < 5; i++) {
      presets.recordTask(`q${i}`, projectId);
      insertTask(`q${i}`, i < 4 ? 'completed' : 'failed', 10 * (i + 1), `s-q${i}`);
      cost(`s-q${i}`, i === 4 ? null : 0.5 * (i + 1)); // the last one unpriced: unknown, not 0
    }
    presets.apply(projectId, 'cost_optimized', 'api');
    presets.recordTask('c0', projectId);
    insertTask('c0', 'completed', 3, 's-c0');
    presets.recordTask('q0', projectId); // a task keeps the preset it was created under
    presets.recordTask('pending', projectId); // not finished: not counted
    const r = presets.expectedEffect();
    expect(r.minTasks).toBe(5);
    const q = r.effects.find((e) => e.presetId === 'quality_first')!;
    expect(q).toMatchObject({ tasks: 5, enough: true, successRate: 0.8, averageDurationMs: 30 * 60_000, costKnownTasks: 4, averageCostUSD: 1.25 });
    expect(r.effects.find((e) => e.presetId === 'cost_optimized')).toMatchObject({ tasks: 1, enough: false, note: 'not enough history: 1 finished task under this preset, 5 needed' });
    expect(r.effects.find((e) => e.presetId === 'speed')).toMatchObject({ tasks: 0, enough: false });
    expect(presets.expectedEffect(projectId).effects).toEqual(r.effects);
  });
});
