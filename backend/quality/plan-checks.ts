import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { CheckKind, PlannedCheck, ProjectAnalysis, ProjectQuality } from '../contract/index.js';
import { CHECK_KINDS } from '../contract/index.js';
import { shellWords } from '../orchestrator/shell-words.js';
import { CHECK_RULES, type CheckRule } from './check-rules.js';

/** Where the gate looks for the project's tools. */
export interface PlanContext {
  /** The folder checked (the task's worktree), absolute. */
  root: string;
  /** The project's own folder, absolute: its `node_modules/.bin` serves a worktree that has none. */
  projectRoot: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The absolute path of program `name`: as given when it contains a `/` (relative to `cwd`),
 * else the first executable in `extraDirs` then the `PATH` of `env`; null when none.
 */
export function findProgram(name: string, cwd: string, env: NodeJS.ProcessEnv, extraDirs: readonly string[] = []): string | null {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (name.includes('/')) {
    const p = isAbsolute(name) ? name : join(cwd, name);
    return executable(p) ? p : null;
  }
  for (const dir of [...extraDirs, ...(env['PATH'] ?? '').split(delimiter).filter(Boolean)]) {
    const p = join(dir, name);
    if (executable(p)) return p;
  }
  return null;
}

function nodeBinDirs(ctx: PlanContext, rel: string): string[] {
  const dirs = [join(ctx.root, rel, 'node_modules', '.bin'), join(ctx.projectRoot, rel, 'node_modules', '.bin')];
  if (rel !== '') dirs.push(join(ctx.root, 'node_modules', '.bin'), join(ctx.projectRoot, 'node_modules', '.bin'));
  return dirs;
}

function pyprojectSections(dir: string): string[] {
  try {
    const text = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
    return [...text.matchAll(/^\s*\[([^\]]+)\]/gm)].map((m) => m[1]!.trim());
  } catch {
    return [];
  }
}

function ruleApplies(rule: CheckRule, dir: string, deps: ReadonlySet<string>): boolean {
  const w = rule.when;
  if (w.always) return true;
  if (w.files?.some((f) => existsSync(join(dir, f)))) return true;
  if (w.deps?.some((d) => deps.has(d))) return true;
  if (w.pyproject) {
    const sections = pyprojectSections(dir);
    if (w.pyproject.some((s) => sections.some((x) => x === s || x.startsWith(s + '.')))) return true;
  }
  return false;
}

/** A check from argv: argv[0] resolved to its absolute path, or `missing` saying why not. */
function resolve(kind: CheckKind, tool: string, argv: readonly string[], rel: string, source: PlannedCheck['source'], ctx: PlanContext, opts: { node?: boolean; requires?: readonly string[]; install?: string }): PlannedCheck {
  const cwd = join(ctx.root, rel);
  const extra = opts.node ? nodeBinDirs(ctx, rel) : [];
  // `npx tsc`: the tool is the word after npx, looked up in node_modules first (npx would download it).
  let words = [...argv];
  let node = opts.node ?? false;
  if (words[0] === 'npx' && words.length > 1) {
    words = words.slice(1).filter((w, i) => i > 0 || !w.startsWith('-'));
    node = true;
  }
  const dirs = node ? nodeBinDirs(ctx, rel) : extra;
  const bin = findProgram(words[0]!, cwd, ctx.env, dirs);
  const how = opts.install ? ` (${opts.install})` : '';
  let missing: string | null = bin ? null : `${words[0]} is not installed${node ? ' in the project or on PATH' : ' on PATH'}${how}`;
  for (const r of opts.requires ?? []) if (!missing && !findProgram(r, cwd, ctx.env)) missing = `${r} is not installed on PATH${how}`;
  return { kind, tool, command: argv.join(' '), argv: [bin ?? words[0]!, ...words.slice(1)], cwd: rel, source, missing };
}

/**
 * The checks the gate runs for a project, in order tests → type check → lint → coverage →
 * audit: tests from the analysis's test commands (one per detected project), the rest from
 * {@link CHECK_RULES}; then `settings.commands` replace (a command) or remove (`null`) the
 * detected checks of their kind. Tools are looked up now, so a missing one is listed with
 * the reason. No process is started.
 * @throws Error for a command in the settings that cannot be split (unterminated quote)
 */
export function planChecks(analysis: ProjectAnalysis | null, settings: Pick<ProjectQuality, 'commands'>, ctx: PlanContext): PlannedCheck[] {
  const detected: PlannedCheck[] = [];
  for (const t of analysis?.testCommands ?? []) {
    let words: string[];
    try {
      words = shellWords(t.command);
    } catch {
      continue;
    }
    detected.push({ ...resolve('tests', words[0] === 'npx' ? (words[1] ?? 'npx') : words.slice(0, 2).join(' '), words, t.cwd, 'detected', ctx, {}), command: t.command });
  }
  for (const p of analysis?.projects ?? []) {
    const deps = new Set((analysis?.dependencies ?? []).filter((d) => d.project === p.path).map((d) => d.name));
    for (const rule of CHECK_RULES) {
      if (rule.type !== p.type || !ruleApplies(rule, join(ctx.root, p.path), deps)) continue;
      detected.push(resolve(rule.kind, rule.tool, rule.argv, p.path, 'detected', ctx, { node: rule.node ?? false, requires: rule.requires ?? [], install: rule.install }));
    }
  }
  const out: PlannedCheck[] = [];
  for (const kind of CHECK_KINDS) {
    const override = settings.commands[kind];
    if (override === undefined) {
      out.push(...detected.filter((c) => c.kind === kind));
      continue;
    }
    if (override === null) continue;
    const words = shellWords(override);
    if (words.length === 0) continue;
    const tool = words[0] === 'npx' ? (words[1] ?? 'npx') : (words[0]!.split('/').pop() ?? words[0]!);
    out.push({ ...resolve(kind, tool, words, '', 'settings', ctx, {}), command: override });
  }
  return out;
}
