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

/** How the walk went: whole, or stopped at its budget. */
export function walkText(a: ProjectAnalysis): string {
  if (a.walk.complete) return 'whole tree read';
  const limit = a.walk.stoppedBy === 'files' ? `${a.walk.limit} files` : `${((a.walk.limit ?? 0) / 1000).toFixed(0)} s`;
  return `partial: the walk stopped at its budget (${limit}); the counts cover the part read`;
}

/** How the folder is watched, or why it is not. */
export function watchText(a: ProjectAnalysis): string {
  const w = a.watch;
  if (w.mode === 'none') return `not watched: ${w.reason ?? 'not walked yet'} (each analysis walks it again)`;
  const how = w.mode === 'recursive' ? 'one recursive OS watch' : 'a watch per file and folder';
  return `watched (${how}${w.live ? '' : ', starting'})`;
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
    ['walk', a.walk.complete ? walkText(a) : paint(style, 'yellow', walkText(a))],
    ['watch', a.watch.mode === 'none' ? paint(style, 'yellow', watchText(a)) : watchText(a)],
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
    'A very large folder is read up to a budget (files, time): the answer then says it is partial,',
    'and a folder too large to watch says so (`watch: not watched: folder too large (...)`).',
    'While the walk runs, its progress (files so far) shows on stderr when stderr is a terminal.',
    '--json prints { analysis, source, tookMs } (see projects.analyze in docs/API.md).',
  ].join('\n'),
  args: [{ name: 'dir', description: 'the folder to analyse' }],
  options: { refresh: { type: 'boolean', description: 'skip the cache and walk the tree again' } },
  examples: ['cortex analyze .', 'cortex analyze ~/src/shop --refresh', 'cortex analyze . --json | jq -r .analysis.testCommand'],
  async run({ client, args, options, cwd, style }) {
    const c = await client();
    const path = absoluteFolder(args['dir']!, cwd);
    // Progress on a terminal only: a script reading stderr gets no carriage-return noise.
    const tty = process.stderr.isTTY === true && !options['json'];
    let shown = false;
    const stop = tty
      ? c.on('analysis.progress', (p) => {
          if (p.phase !== 'walk') return;
          shown = true;
          process.stderr.write(`\r\x1b[Kwalking: ${p.files} files, ${p.dirs} folders so far (budget ${p.maxFiles} files)…`);
        })
      : () => {};
    let result: Result<'projects.analyze'>;
    try {
      result = await c.call('projects.analyze', { path, refresh: options['refresh'] === true });
    } finally {
      stop();
      if (shown) process.stderr.write('\r\x1b[K');
    }
    const warnings: string[] = [];
    if (!result.analysis.walk.complete) warnings.push(`${path}: ${walkText(result.analysis)}.`);
    if (result.analysis.watch.mode === 'none' && result.analysis.watch.reason) warnings.push(`${path}: ${watchText(result.analysis)}.`);
    return { data: result, text: describeAnalysis(result, style), warnings };
  },
};
