import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectedProject, Dependency, ProjectType } from '../contract/index.js';
import { sha1, type FileDep } from '../cache/deps.js';
import type { DirNode } from '../cache/tree-snapshot.js';
import { FRAMEWORK_RULES, depMatches } from './framework-rules.js';
import type { ParsedManifest } from './manifest-parsers.js';
import { NON_PROJECT_DIRS, PROJECT_SCAN, manifestRuleFor, type ManifestRule } from './manifest-rules.js';
import { NODE_PACKAGE_MANAGERS, NPM_PLACEHOLDER_TEST, TEST_COMMAND_RULES } from './test-command-rules.js';

/** Projects found in a tree, their dependencies, and the manifests read (as file deps). */
export interface DetectionResult {
  projects: DetectedProject[];
  dependencies: Dependency[];
  truncated: boolean;
  /** The root declares workspace/module members. */
  rootDeclaresWorkspaces: boolean;
  manifestDeps: FileDep[];
}

interface ManifestRead {
  parsed: ParsedManifest | null;
  dep: FileDep;
}

/** Parsed manifests by absolute path, reused while size and mtime stay the same. */
const parseMemo = new Map<string, { size: number; mtimeMs: number; read: ManifestRead }>();
const PARSE_MEMO_MAX = 2000;

/**
 * Reads a manifest (stat first; re-read and re-parse only when size or mtime changed).
 * A manifest that fails to parse still makes a project, without dependencies.
 */
function readManifest(abs: string, rule: ManifestRule): ManifestRead | null {
  let st;
  try {
    st = statSync(abs);
  } catch {
    return null;
  }
  const m = parseMemo.get(abs);
  if (m && m.size === st.size && m.mtimeMs === st.mtimeMs) return m.read;
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch {
    return null;
  }
  let parsed: ParsedManifest | null;
  try {
    parsed = rule.parse(buf.toString('utf8'));
  } catch {
    parsed = null;
  }
  const read: ManifestRead = { parsed, dep: { path: abs, size: st.size, mtimeMs: st.mtimeMs, hash: sha1(buf) } };
  if (parseMemo.size >= PARSE_MEMO_MAX) parseMemo.delete(parseMemo.keys().next().value!);
  parseMemo.set(abs, { size: st.size, mtimeMs: st.mtimeMs, read });
  return read;
}

/** Directories that may hold projects: breadth first, to {@link PROJECT_SCAN}.maxDepth. */
function candidateDirs(root: DirNode): DirNode[] {
  const out: DirNode[] = [];
  let level: DirNode[] = [root];
  for (let depth = 0; depth <= PROJECT_SCAN.maxDepth && level.length; depth++) {
    const next: DirNode[] = [];
    for (const d of level) {
      out.push(d);
      for (const [name, child] of [...d.dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (!NON_PROJECT_DIRS.has(name) && !name.startsWith('.')) next.push(child);
      }
    }
    level = next;
  }
  return out;
}

/**
 * Finds the projects of a tree from its manifests (see `manifest-rules.ts`), with their
 * frameworks (`framework-rules.ts`), dependencies and test command (`test-command-rules.ts`).
 * Several manifests of one type in one directory make one project; different types in one
 * directory make one project each.
 */
export function detectProjects(rootAbs: string, root: DirNode): DetectionResult {
  const projects: DetectedProject[] = [];
  const dependencies: Dependency[] = [];
  const manifestDeps: FileDep[] = [];
  let truncated = false;
  let rootDeclaresWorkspaces = false;
  const rootPm = packageManager(root);

  for (const dir of candidateDirs(root)) {
    const byType = new Map<ProjectType, { manifests: string[]; parsed: ParsedManifest[]; real: boolean }>();
    for (const name of [...dir.files.keys()].sort()) {
      const rule = manifestRuleFor(name);
      if (!rule) continue;
      const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
      const read = readManifest(join(rootAbs, rel), rule);
      if (!read) continue;
      manifestDeps.push(read.dep);
      let g = byType.get(rule.type);
      if (!g) byType.set(rule.type, (g = { manifests: [], parsed: [], real: false }));
      g.manifests.push(rel);
      if (read.parsed) g.parsed.push(read.parsed);
      if (!rule.workspaceOnly) g.real = true;
    }
    for (const [type, g] of byType) {
      if (!g.real) continue;
      if (projects.length >= PROJECT_SCAN.maxProjects) {
        truncated = true;
        continue;
      }
      const deps = dedupeDeps(g.parsed.flatMap((p) => p.deps));
      const scripts = Object.assign({}, ...g.parsed.map((p) => p.scripts)) as Record<string, string>;
      const hints = new Set(g.parsed.flatMap((p) => p.hints));
      const workspaces = [...new Set(g.parsed.flatMap((p) => p.workspaces))];
      if (dir.rel === '' && workspaces.length) rootDeclaresWorkspaces = true;
      const depNames = deps.map((d) => d.name);
      const has = (patterns: readonly string[] | undefined) => !!patterns?.some((p) => depNames.some((n) => depMatches(p, n)));
      const present = (names: readonly string[] | undefined) => !!names?.some((n) => dir.files.has(n) || dir.dirs.has(n));
      const hinted = (hs: readonly string[] | undefined) => !!hs?.some((h) => hints.has(h));
      const frameworks = FRAMEWORK_RULES.filter((r) => r.type === type && (has(r.deps) || present(r.files) || hinted(r.hints))).map((r) => r.name);
      const rule = TEST_COMMAND_RULES.find((r) => {
        if (r.type !== type) return false;
        const w = r.when;
        if (w.always) return true;
        if (w.script && scripts[w.script] && !NPM_PLACEHOLDER_TEST.test(scripts[w.script]!)) return true;
        return has(w.deps) || present(w.files) || present(w.dirs) || hinted(w.hints);
      });
      const pm = packageManager(dir) ?? rootPm ?? 'npm';
      projects.push({
        path: dir.rel,
        type,
        manifests: g.manifests,
        name: g.parsed.find((p) => p.name)?.name ?? null,
        frameworks,
        testCommand: rule ? rule.command.replace('{pm}', pm) : null,
        dependencyCount: deps.length,
        workspaces,
      });
      for (const d of deps) dependencies.push({ ...d, ecosystem: type, project: dir.rel });
    }
  }
  return { projects, dependencies, truncated, rootDeclaresWorkspaces, manifestDeps };
}

function packageManager(dir: DirNode): string | undefined {
  return NODE_PACKAGE_MANAGERS.find((p) => dir.files.has(p.lockfile))?.pm;
}

function dedupeDeps(deps: ParsedManifest['deps']): ParsedManifest['deps'] {
  const seen = new Map<string, ParsedManifest['deps'][number]>();
  for (const d of deps) {
    const prev = seen.get(d.name);
    if (!prev || (prev.scope === 'dev' && d.scope === 'runtime')) seen.set(d.name, prev && !d.version ? { ...d, version: prev.version } : d);
  }
  return [...seen.values()];
}
