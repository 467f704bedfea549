import { CHECK_KINDS, type CheckKind, type PlannedCheck, type ProjectQuality } from '../../backend/contract/index.js';
import type { CommandSpec } from '../command.js';
import { CliError } from '../errors.js';
import { keyValues, paint, table, type Style } from '../format.js';
import { resolveProject } from '../resolve.js';

function checksTable(checks: PlannedCheck[], style: Style): string {
  if (!checks.length) return paint(style, 'yellow', 'No check: a task in this project ends unverified. Name a command with `cortex quality set <project> --tests "<command>"`.');
  return table(
    ['KIND', 'COMMAND', 'FROM', 'STATE'],
    checks.map((c) => [c.kind, c.command + (c.cwd ? ` (in ${c.cwd})` : ''), c.source, c.missing ? paint(style, 'yellow', `skipped: ${c.missing}`) : 'ready']),
    style,
  );
}

function settingsBlock(s: ProjectQuality, style: Style): string {
  return keyValues(
    [
      ['threshold', s.threshold.toFixed(2)],
      ['weights', CHECK_KINDS.map((k) => `${k} ${s.weights[k]}`).join(', ')],
      ['blocking', ['tests', ...s.blocking.filter((k) => k !== 'tests')].join(', ')],
      ['commands', Object.keys(s.commands).length ? Object.entries(s.commands).map(([k, v]) => `${k}: ${v ?? 'off'}`).join('; ') : '(detected)'],
    ],
    style,
  );
}

/** `cortex quality <project>`: the checks the quality gate runs for a project, and its quality settings. */
export const qualityCommand: CommandSpec = {
  name: 'quality',
  summary: "List the checks a project's quality gate runs (tests, type check, lint, coverage, audit) and its score settings.",
  details: '--json prints { detected, settings, checks }: checks is what runs (settings over detection).',
  args: [{ name: 'project', description: 'project id or a unique prefix of it' }],
  options: {},
  examples: ['cortex quality 3f2a', 'cortex quality 3f2a --json | jq ".checks[].command"'],
  async run({ client, args, style }) {
    const c = await client();
    const p = await resolveProject(c, args['project']!);
    const r = await c.call('quality.checks', { projectId: p.id });
    return { data: r, text: [checksTable(r.checks, style), '', settingsBlock(r.settings, style)].join('\n') };
  },
};

const kindOptions = Object.fromEntries(CHECK_KINDS.map((k) => [k, { type: 'string' as const, value: '<command>', description: `run this as the ${k} check ("" = back to detection)` }]));

/** `cortex quality set <project>`: names check commands when detection is wrong, turns checks off, sets the threshold. */
export const qualitySetCommand: CommandSpec = {
  name: 'quality set',
  summary: "Change a project's quality gate: a check's command, a check off, the pass threshold.",
  details: 'Commands are split into words like a shell would, and run without one (no pipes, no variables).',
  args: [{ name: 'project', description: 'project id or a unique prefix of it' }],
  options: {
    ...kindOptions,
    off: { type: 'string', value: '<kind>', description: `turn a check off (${CHECK_KINDS.join(', ')})` },
    threshold: { type: 'string', value: '<0..1>', description: 'overall quality score a gate needs to pass' },
  },
  examples: ['cortex quality set 3f2a --tests "npx vitest run" --typecheck "npx tsc --noEmit -p tsconfig.app.json"', 'cortex quality set 3f2a --off audit --threshold 0.8'],
  async run({ client, args, options, style }) {
    const c = await client();
    const p = await resolveProject(c, args['project']!);
    const commands: Partial<Record<CheckKind, string | null>> = {};
    for (const k of CHECK_KINDS) if (typeof options[k] === 'string') commands[k] = options[k] as string;
    const off = options['off'] as string | undefined;
    if (off !== undefined) {
      if (!(CHECK_KINDS as readonly string[]).includes(off)) throw new CliError('USAGE', `--off takes one of ${CHECK_KINDS.join(', ')}, not ${off}.`, 'For example: --off audit');
      commands[off as CheckKind] = null;
    }
    let threshold: number | undefined;
    if (options['threshold'] !== undefined) {
      threshold = Number(options['threshold']);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new CliError('USAGE', `--threshold takes a number from 0 to 1, not ${String(options['threshold'])}.`, 'For example: --threshold 0.7');
    }
    const s = await c.call('quality.setChecks', { projectId: p.id, commands, ...(threshold !== undefined ? { threshold } : {}) });
    const r = await c.call('quality.checks', { projectId: p.id });
    return { data: s, text: [checksTable(r.checks, style), '', settingsBlock(s, style)].join('\n') };
  },
};
