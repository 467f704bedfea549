import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ProjectAnalysis } from '../contract/index.js';
import type { AgentProfile } from '../agents/profile-schema.js';
import type { InjectedGuidelines } from './task-repository.js';

/** Markers around the section the orchestrator adds to an instruction file. */
export const GUIDELINES_BEGIN = '<!-- phantom-cortex:task-guidelines:begin -->';
export const GUIDELINES_END = '<!-- phantom-cortex:task-guidelines:end -->';

/** What the guidelines say: the task and the project's context. */
export interface GuidelinesInput {
  taskText: string;
  branch: string | null;
  testCommand: string | null;
  analysis: Pick<ProjectAnalysis, 'languages' | 'frameworks' | 'projectTypes'> | null;
}

/**
 * Where the guidelines go when the profile's instruction file (or a folder on its way) is a
 * symbolic link: a repository may commit `CLAUDE.md` as a link to a file outside the
 * worktree, and writing through it would change that file. This one is created fresh in the
 * worktree's root, and profiles that name their file in arguments get this one.
 */
export const SEPARATE_GUIDELINES_FILE = 'CORTEX-GUIDELINES.md';

/**
 * Whether `rel` (inside `folder`) can be written without following a symbolic link: neither
 * the file nor any folder between it and `folder` is one (a missing part is fine: it is
 * created as a plain file or folder).
 */
export function writableWithoutLinks(folder: string, rel: string): boolean {
  let at = resolve(folder);
  for (const part of relative(at, resolve(folder, rel)).split(sep)) {
    at = join(at, part);
    let st;
    try {
      st = lstatSync(at);
    } catch {
      return true; // missing from here on
    }
    if (st.isSymbolicLink()) return false;
  }
  return true;
}

/** The marked Markdown section given to the agent. */
export function guidelinesText(g: GuidelinesInput): string {
  const langs = g.analysis?.languages.filter((l) => l.share >= 0.05).map((l) => l.name) ?? [];
  const lines = [
    GUIDELINES_BEGIN,
    '## Task from Phantom Cortex',
    '',
    `Task: ${g.taskText}`,
    '',
    '- Work only inside this folder' + (g.branch ? ` (a git worktree on branch \`${g.branch}\`).` : '.'),
    g.testCommand
      ? `- The change is checked by running \`${g.testCommand}\` here (the quality gate): make it pass.`
      : '- No test command was detected: keep the change small and self-evidently correct.',
    '- Do not commit, push or switch branches: the cockpit commits your change when the gate passes.',
    '- Do not edit this section; it is removed before the commit.',
  ];
  if (langs.length || g.analysis?.frameworks.length) {
    lines.push(`- Project: ${[...langs, ...(g.analysis?.frameworks ?? [])].join(', ')}. Follow the existing code style.`);
  }
  lines.push(GUIDELINES_END, '');
  return lines.join('\n');
}

/**
 * Writes the guidelines where the profile's agent reads them (`guidelines.file`, relative to
 * `folder`). An existing file is never overwritten: the marked section is appended. No
 * symbolic link is ever written through: when that file or a folder on its way is one, the
 * guidelines go to {@link SEPARATE_GUIDELINES_FILE} instead.
 * @returns what was injected, or null when the profile names no instruction file
 * @throws Error when the file path leaves the folder, or on fs errors
 */
export function injectGuidelines(folder: string, profile: Pick<AgentProfile, 'guidelines'>, input: GuidelinesInput): InjectedGuidelines | null {
  const spec = profile.guidelines;
  if (!spec) return null;
  const file = writableWithoutLinks(folder, spec.file) ? spec.file : SEPARATE_GUIDELINES_FILE;
  if (!writableWithoutLinks(folder, file)) throw new Error(`guidelines file ${file} in ${folder} is a symbolic link: not written`);
  const abs = inside(folder, file);
  const section = guidelinesText(input);
  if (existsSync(abs)) {
    const before = readFileSync(abs, 'utf8');
    if (before.includes(GUIDELINES_BEGIN)) return { file, created: false };
    writeFileSync(abs, before + (before.endsWith('\n') || before === '' ? '\n' : '\n\n') + section);
    return { file, created: false };
  }
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, section, { flag: 'wx' });
  return { file, created: true };
}

/**
 * Takes the injected guidelines out again: deletes a file we created, or cuts our marked
 * section (and the blank line before it) from a file that was there. Never throws for a
 * file that is already gone.
 */
export function removeGuidelines(folder: string, g: InjectedGuidelines): void {
  const abs = inside(folder, g.file);
  if (!existsSync(abs) || !writableWithoutLinks(folder, g.file)) return;
  const text = readFileSync(abs, 'utf8');
  const at = text.indexOf(GUIDELINES_BEGIN);
  if (at < 0) return;
  const end = text.indexOf(GUIDELINES_END, at);
  const after = end < 0 ? '' : text.slice(end + GUIDELINES_END.length).replace(/^\n/, '');
  const before = text.slice(0, at).replace(/\n\n$/, '\n');
  const rest = before + after;
  if (g.created && rest.trim() === '') rmSync(abs, { force: true });
  else writeFileSync(abs, rest);
}

/**
 * The launch args that name the guidelines file (`{file}` → its absolute path), e.g. aider's
 * `--read`: the file they were written to (`injected`), else the profile's.
 */
export function guidelinesArgs(folder: string, profile: Pick<AgentProfile, 'guidelines'>, injected?: InjectedGuidelines | null): string[] {
  const spec = profile.guidelines;
  if (!spec) return [];
  const abs = inside(folder, injected?.file ?? spec.file);
  return spec.args.map((a) => a.replaceAll('{file}', abs));
}

function inside(folder: string, file: string): string {
  const abs = resolve(folder, file);
  const rel = relative(folder, abs);
  if (rel.startsWith('..') || rel.split(sep)[0] === '..' || resolve(join(folder, rel)) !== abs) throw new Error(`guidelines file ${file} is outside ${folder}`);
  return abs;
}
