import { MIN_EFFECT_TASKS, type ConfigChange, type EffectiveConfig, type Preset, type PresetEffect } from '../../backend/contract/index.js';
import { usageLine, type CommandSpec, type CortexCaller } from '../command.js';
import { usageError } from '../errors.js';
import { formatDuration, keyValues, paint, table, type Style } from '../format.js';
import { resolveProject } from '../resolve.js';

/** `83%`, `12m 0s`, `$0.4200`, or `—` for what is not known. */
function effectCells(e: PresetEffect | undefined): string[] {
  if (!e || !e.enough) return ['—', '—', '—', `not enough history (${e?.tasks ?? 0} of ${MIN_EFFECT_TASKS})`];
  return [`${Math.round(e.successRate! * 100)}%`, formatDuration(e.averageDurationMs!), e.averageCostUSD === null ? 'unknown' : `$${e.averageCostUSD.toFixed(4)}`, `${e.tasks} tasks`];
}

function effectLine(e: PresetEffect | undefined): string {
  if (!e) return 'no history';
  if (!e.enough) return e.note;
  const [rate, time, cost] = effectCells(e);
  return `success ${rate}, ${time} per task, ${cost} per task (est.), ${e.note}`;
}

function value(v: ConfigChange['oldValue']): string {
  if (v === null) return '—';
  return typeof v === 'string' ? v : `${v.id} (${v.name})`;
}

function effectiveBlock(e: EffectiveConfig, style: Style): string {
  const w = e.matcher.weights;
  return keyValues(
    [
      ['preset', `${e.presetId} (${e.presetName})${e.source === 'default' ? ' — the global default' : ''}`],
      ['matcher weights', `capability ${w.capability}, context ${w.context}, history ${w.history}, specialization ${w.specialization}, preference ${w.preference}`],
      ['preferred agents', e.matcher.preferredAgents.join(', ') || '(none)'],
      ['gate', `threshold ${e.gate.threshold}; checks ${e.gate.checks.join(', ')}; blocking ${e.gate.blocking.join(', ') || '(tests only)'}`],
      ['tasks', `${e.tasks.maxIterations} runs per agent, ${e.tasks.maxSwitches} switches, ${e.tasks.parallelLimit} at once, turn limit ${e.tasks.turnTimeoutSec ? formatDuration(e.tasks.turnTimeoutSec * 1000) : 'none'}`],
      ['budgets', `${e.budgets.usd === null ? 'no USD limit' : `$${e.budgets.usd}`}, ${e.budgets.tokens === null ? 'no token limit' : `${e.budgets.tokens} tokens`}`],
      ...e.overrides.map((o) => ['overridden', `${o.field} = ${Array.isArray(o.value) ? o.value.join(', ') : String(o.value)} (${o.from})`] as [string, string]),
    ],
    style,
  );
}

async function projectOption(c: CortexCaller, given: string | boolean | undefined): Promise<string | undefined> {
  return typeof given === 'string' ? (await resolveProject(c, given)).id : undefined;
}

const projectFlag = { project: { type: 'string' as const, value: '<id>', description: 'a project (an id or a unique prefix of it); without it: the global default' } };

/** `cortex preset list`: every preset, which is the default, and how tasks went under each. */
export const presetListCommand: CommandSpec = {
  name: 'preset list',
  summary: 'List the presets (built-in and yours) with how tasks went under each here: success rate, time and cost per task.',
  details: `Figures come from this installation's finished tasks; a preset with fewer than ${MIN_EFFECT_TASKS} says "not enough history".`,
  args: [],
  options: projectFlag,
  examples: ['cortex preset list', 'cortex preset list --project 3f2a', 'cortex preset list --json | jq ".presets[].id"'],
  async run({ client, options, style }) {
    const c = await client();
    const projectId = await projectOption(c, options['project']);
    const { presets, defaultPresetId } = await c.call('presets.list', {});
    const applied = projectId ? (await c.call('presets.effective', { projectId })).presetId : defaultPresetId;
    const { effects } = await c.call('presets.expectedEffect', projectId ? { projectId } : {});
    const rows = presets.map((p) => [
      (p.id === applied ? paint(style, 'green', '* ') : '  ') + p.id,
      p.name,
      p.builtin ? 'built-in' : 'yours',
      ...effectCells(effects.find((e) => e.presetId === p.id)),
    ]);
    const text = table(['PRESET', 'NAME', 'KIND', 'SUCCESS', 'TIME/TASK', 'COST/TASK (EST.)', 'HISTORY'], rows, style) + `\n* ${projectId ? 'applied to the project' : 'the global default'}. Costs are estimates at list price.`;
    return { data: { presets, defaultPresetId, applied, effects }, text };
  },
};

/** `cortex preset show [<preset>]`: one preset's values, or what a project runs with. */
export const presetShowCommand: CommandSpec = {
  name: 'preset show',
  summary: 'Show a preset, or (with --project, or no preset) the configuration a project or the default runs with.',
  details: 'Without a preset: the effective configuration — the applied preset with explicit settings over it, each override named.',
  args: [{ name: 'preset', description: 'a preset id', optional: true }],
  options: projectFlag,
  examples: ['cortex preset show quality_first', 'cortex preset show --project 3f2a'],
  async run({ client, args, options, style }) {
    const c = await client();
    if (args['preset'] !== undefined) {
      const p: Preset = await c.call('presets.get', { id: args['preset'] });
      const { effects } = await c.call('presets.expectedEffect', {});
      const asEffective: EffectiveConfig = { projectId: null, presetId: p.id, presetName: p.name, source: 'project', matcher: p.matcher, gate: p.gate, tasks: { maxIterations: p.maxIterations, maxSwitches: p.maxSwitches, parallelLimit: p.parallelLimit, turnTimeoutSec: p.turnTimeoutSec }, budgets: p.budgets, overrides: [] };
      const text = [`${p.description}`, '', effectiveBlock(asEffective, style), '', `expected effect here: ${effectLine(effects.find((e) => e.presetId === p.id))}`].join('\n');
      return { data: p, text };
    }
    const projectId = await projectOption(c, options['project']);
    const e = await c.call('presets.effective', projectId ? { projectId } : {});
    return { data: e, text: effectiveBlock(e, style) };
  },
};

/** `cortex preset apply <preset>`: applies a preset to a project or as the global default. */
export const presetApplyCommand: CommandSpec = {
  name: 'preset apply',
  summary: 'Apply a preset to a project (--project) or make it the global default; prints its expected effect and the result.',
  details: 'The change is recorded in the configuration history (`cortex preset history`) and can be reverted.',
  args: [{ name: 'preset', description: 'a preset id' }],
  options: projectFlag,
  examples: ['cortex preset apply quality_first --project 3f2a', 'cortex preset apply cost_optimized'],
  async run({ client, args, options, style }) {
    const c = await client();
    const projectId = await projectOption(c, options['project']);
    const presetId = args['preset']!;
    const { effects } = await c.call('presets.expectedEffect', {});
    const e = await c.call('presets.apply', { ...(projectId ? { projectId } : {}), presetId, via: 'cli' });
    const text = [`expected effect: ${effectLine(effects.find((x) => x.presetId === presetId))}`, '', effectiveBlock(e, style)].join('\n');
    return { data: e, text };
  },
};

/** `cortex preset copy <from> <id>`: a user preset made from another (built-in presets are read-only). */
export const presetCopyCommand: CommandSpec = {
  name: 'preset copy',
  summary: 'Copy a preset (built-in ones are read-only) under a new id, to edit in the UI or through the API.',
  details: 'The copy is named "<name> (copy)" unless --name is given.',
  args: [
    { name: 'from', description: 'the preset to copy' },
    { name: 'id', description: 'the new id (lower-case letters, digits, _ and -)' },
  ],
  options: { name: { type: 'string', value: '<name>', description: 'the new preset\'s name' } },
  examples: ['cortex preset copy quality_first careful --name "Careful"'],
  async run({ client, args, options }) {
    const c = await client();
    const { id: _id, builtin: _b, ...body } = await c.call('presets.get', { id: args['from']! });
    const name = typeof options['name'] === 'string' ? options['name'] : `${body.name} (copy)`;
    const p = await c.call('presets.create', { id: args['id']!, body: { ...body, name }, via: 'cli' });
    return { data: p, text: `Created preset ${p.id} (${p.name}) from ${args['from']}.` };
  },
};

/** `cortex preset history`: the configuration history, newest first. */
export const presetHistoryCommand: CommandSpec = {
  name: 'preset history',
  summary: 'The configuration history, newest first: when, who (ui, cli, api), what changed, old and new values.',
  details: 'Revert any row with `cortex preset revert <id>`.',
  args: [],
  options: { ...projectFlag, limit: { type: 'string', value: '<n>', description: 'rows at most (default 20)' } },
  examples: ['cortex preset history', 'cortex preset history --project 3f2a --limit 5'],
  async run({ client, options, style }) {
    const limitGiven = options['limit'] as string | undefined;
    if (limitGiven !== undefined && !/^\d+$/.test(limitGiven)) throw usageError(`--limit is a whole number, not "${limitGiven}".`, usageLine(presetHistoryCommand));
    const c = await client();
    const projectId = await projectOption(c, options['project']);
    const { changes } = await c.call('presets.history', { ...(projectId ? { target: projectId } : {}), limit: Math.max(1, Math.min(1000, Number(limitGiven ?? 20))) });
    if (!changes.length) return { data: { changes }, text: 'No configuration change recorded yet.' };
    const rows = changes.map((ch) => [String(ch.id), new Date(ch.at).toISOString().replace('T', ' ').slice(0, 19), ch.actor, ch.kind, value(ch.oldValue), value(ch.newValue), ch.summary + (ch.revertOf ? ` (revert of ${ch.revertOf})` : '')]);
    return { data: { changes }, text: table(['ID', 'WHEN (UTC)', 'WHO', 'KIND', 'OLD', 'NEW', 'WHAT'], rows, style) };
  },
};

/** `cortex preset revert <id>`: undoes one configuration change (itself recorded). */
export const presetRevertCommand: CommandSpec = {
  name: 'preset revert',
  summary: 'Undo one configuration change (a row of `cortex preset history`); the revert is recorded too.',
  details: 'An apply goes back to the old preset; a created preset is deleted; an edited or deleted one comes back as it was.',
  args: [{ name: 'change', description: 'the change id (the ID column of `cortex preset history`)' }],
  options: {},
  examples: ['cortex preset revert 12'],
  async run({ client, args }) {
    const given = args['change']!;
    if (!/^\d+$/.test(given) || Number(given) < 1) throw usageError(`The change id is a whole number from \`cortex preset history\`, not "${given}".`, usageLine(presetRevertCommand));
    const c = await client();
    const row = await c.call('presets.revert', { changeId: Number(given), via: 'cli' });
    return { data: row, text: `Recorded change ${row.id}: ${row.summary}.` };
  },
};
