import type { ProjectAnalysis, Result } from '../../backend/contract/index.js';
import type { CommandSpec } from '../command.js';
import { formatBytes, formatShare, keyValues, paint, type Style } from '../format.js';
import { absoluteFolder } from '../resolve.js';

/** Languages shown in the human output (all of them in --json). */
const TOP_LANGUAGES = 5;

/** Where the answer came from, for humans. */
const SOURCE_WORDS = {
  hot: 'from the memory cache',
  cold: 'from the SQLite cache, promoted to memory',
  fresh: 'walked the tree',
} as const;

function languages(a: ProjectAnalysis): string {
  if (a.languages.length === 0) return '-';
  const shown = a.languages.slice(0, TOP_LANGUAGES).map((l) => `${l.name} ${formatShare(l.share)} (${l.files} file${l.files === 1 ? '' : 's'})`);
  const more = a.languages.length - TOP_LANGUAGES;
  return shown.join(', ') + (more > 0 ? `, +${more} more` : '');
}

function dependencies(a: ProjectAnalysis): string {
  const dev = a.dependencies.filter((d) => d.scope === 'dev').length;
  return `${a.dependencies.length} (${a.dependencies.length - dev} runtime, ${dev} dev)`;
}

function tests(a: ProjectAnalysis): string {
  if (a.testCommands.length <= 1) return a.testCommand ?? 'none found';
  return a.testCommands.map((t) => `${t.cwd || '.'}: ${t.command}`).join('; ');
}

/** The key/value block of `cortex analyze` for humans. */
export function describeAnalysis(r: Result<'projects.analyze'>, style: Style): string {
  const a = r.analysis;
  const rows: [string, string][] = [
    ['root', a.root],
    ['source', `${paint(style, r.source === 'fresh' ? 'yellow' : 'green', r.source)} ${paint(style, 'dim', `(${SOURCE_WORDS[r.source]}, ${r.tookMs.toFixed(1)} ms)`)}`],
    ['languages', languages(a)],
    ['types', a.projectTypes.join(', ') || '-'],
    ['frameworks', a.frameworks.join(', ') || '-'],
  ];
  if (a.projects.length > 1 || a.monorepo) {
    const list = a.projects.map((p) => `${p.path || '.'} (${p.type}${p.name ? ` ${p.name}` : ''})`).join(', ');
    rows.push(['projects', `${list}${a.projectsTruncated ? ', ...' : ''}${a.monorepo ? ' [monorepo]' : ''}`]);
  }
  rows.push(
    ['dependencies', dependencies(a)],
    ['test command', tests(a)],
    ['size', `${a.fileCount} files, ${a.dirCount} dirs, ${formatBytes(a.totalBytes)}, depth ${a.maxDepth}`],
    ['complexity', `${Number(a.complexity.toFixed(3))} (0..1, see backend/analysis/complexity.ts)`],
    ['analyzed', `${new Date(a.analyzedAt).toISOString()} in ${a.computeMs.toFixed(1)} ms`],
  );
  return keyValues(rows, style);
}

/** `cortex analyze <dir> [--refresh]`: the project context of a folder, through the cache (projects.analyze). */
export const analyzeCommand: CommandSpec = {
  name: 'analyze',
  summary: "Analyse a folder: languages, project types and frameworks, dependencies, test command, size, complexity.",
  details: [
    'Answers come through the two-tier cache and are never stale: `source` says where this one came from:',
    'hot (memory), cold (SQLite, e.g. after a restart; revalidated first) or fresh (the tree was walked).',
    'Files ignored by .gitignore are not counted. The folder need not be a project yet.',
    '--json prints { analysis, source, tookMs } (see projects.analyze in docs/API.md).',
  ].join('\n'),
  args: [{ name: 'dir', description: 'the folder to analyse' }],
  options: { refresh: { type: 'boolean', description: 'skip the cache and walk the tree again' } },
  examples: ['cortex analyze .', 'cortex analyze ~/src/shop --refresh', 'cortex analyze . --json | jq -r .analysis.testCommand'],
  async run({ client, args, options, cwd, style }) {
    const c = await client();
    const result = await c.call('projects.analyze', { path: absoluteFolder(args['dir']!, cwd), refresh: options['refresh'] === true });
    return { data: result, text: describeAnalysis(result, style) };
  },
};
