import type { ProjectAnalysis, ProjectType } from '../contract/index.js';
import type { Deps } from '../cache/deps.js';
import type { TreeSnapshot } from '../cache/tree-index.js';
import { complexityScore } from './complexity.js';
import { NON_PRIMARY_LANGUAGES } from './languages.js';
import { detectProjects } from './project-detector.js';
import { summarize } from './tree-summary.js';

/** Most dependencies listed in one analysis (a huge monorepo keeps its first ones). */
export const MAX_LISTED_DEPENDENCIES = 2000;

/**
 * Analyses a walked tree: languages (by files and bytes, from the memoized per-directory
 * summaries), projects, frameworks, dependencies and test commands (from manifests), size
 * and the complexity score. Reads only manifest files.
 * @param now ms since the epoch, stamped as `analyzedAt`
 * @returns the analysis and its deps: the tree (Merkle hash) and every manifest read
 */
export function analyzeSnapshot(snap: TreeSnapshot, now: number): { analysis: ProjectAnalysis; deps: Deps } {
  const t0 = performance.now();
  const sum = summarize(snap.node);
  const det = detectProjects(snap.root, snap.node);

  const langTotal = [...sum.languages.values()].reduce((a, v) => a + v.bytes, 0);
  const languages = [...sum.languages]
    .map(([name, v]) => ({ name, files: v.files, bytes: v.bytes, share: langTotal ? round3(v.bytes / langTotal) : 0 }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  const code = languages.filter((l) => !NON_PRIMARY_LANGUAGES.has(l.name));
  const primaryLanguage = code[0]?.name ?? languages[0]?.name ?? null;

  const projectTypes = unique(det.projects.map((p) => p.type)) as ProjectType[];
  const frameworks = unique(det.projects.flatMap((p) => p.frameworks));
  const testCommands = det.projects.flatMap((p) => (p.testCommand ? [{ cwd: p.path, command: p.testCommand }] : []));
  const rootCmd = testCommands.find((t) => t.cwd === '');
  const testCommand = rootCmd?.command ?? (testCommands[0] ? `cd ${testCommands[0].cwd} && ${testCommands[0].command}` : null);

  const codeBytes = code.reduce((a, l) => a + l.bytes, 0);
  const factors = {
    files: sum.files,
    languages: code.filter((l) => codeBytes && l.bytes / codeBytes >= 0.01).length,
    maxDepth: sum.maxDepth,
    dependencies: det.dependencies.length,
    projects: det.projects.length,
  };

  const analysis: ProjectAnalysis = {
    root: snap.root,
    analyzedAt: now,
    computeMs: 0,
    fileCount: sum.files,
    dirCount: sum.dirs,
    totalBytes: sum.bytes,
    maxDepth: sum.maxDepth,
    languages,
    primaryLanguage,
    projectTypes,
    frameworks,
    projects: det.projects,
    projectsTruncated: det.truncated,
    monorepo: det.rootDeclaresWorkspaces || det.projects.length > 1,
    dependencies: det.dependencies.slice(0, MAX_LISTED_DEPENDENCIES),
    testCommand,
    testCommands,
    complexity: complexityScore(factors),
    complexityFactors: factors,
    treeHash: snap.hash,
    walk: snap.partial ? { complete: false, stoppedBy: snap.partial.by, limit: snap.partial.limit } : { complete: true, stoppedBy: null, limit: null },
    // Filled in at answer time (the watch changes without the tree changing).
    watch: { mode: 'none', live: false, reason: null },
  };
  analysis.computeMs = round3(performance.now() - t0);
  return { analysis, deps: { trees: [{ root: snap.root, hash: snap.hash }], files: det.manifestDeps } };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
