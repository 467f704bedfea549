import { usageError } from './errors.js';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Project, Session } from '../backend/contract/index.js';
import type { CortexCaller } from './command.js';
import { CliError } from './errors.js';
import { shortId } from './format.js';

/** What an id prefix is looked up among, for messages: the noun and the command that lists them. */
interface Kind {
  noun: 'session' | 'project';
  list: string;
}

/**
 * Finds the one item whose id is `given` or starts with it (case-insensitive), like git's
 * abbreviated commit ids. An exact match wins over prefix matches.
 * @throws CliError `NOT_FOUND` (no match) or `AMBIGUOUS_ID` (several), both exit 1
 */
export function pickByIdPrefix<T extends { id: string }>(items: readonly T[], given: string, kind: Kind): T {
  const want = given.trim().toLowerCase();
  const exact = items.find((i) => i.id.toLowerCase() === want);
  if (exact) return exact;
  const matches = want ? items.filter((i) => i.id.toLowerCase().startsWith(want)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new CliError('NOT_FOUND', `There is no ${kind.noun} with id ${given}.`, `List them with \`${kind.list}\`.`);
  }
  const shown = matches.slice(0, 5).map((m) => shortId(m.id)).join(', ');
  throw new CliError(
    'AMBIGUOUS_ID',
    `The id ${given} matches ${matches.length} ${kind.noun}s (${shown}${matches.length > 5 ? ', ...' : ''}).`,
    'Give more characters of the id.',
  );
}

/** The session whose id is or starts with `given`. @throws CliError NOT_FOUND / AMBIGUOUS_ID */
export async function resolveSession(client: CortexCaller, given: string): Promise<Session> {
  return pickByIdPrefix(await client.call('sessions.list', {}), given, { noun: 'session', list: 'cortex sessions' });
}

/** The project whose id is or starts with `given`. @throws CliError NOT_FOUND / AMBIGUOUS_ID */
export async function resolveProject(client: CortexCaller, given: string): Promise<Project> {
  return pickByIdPrefix(await client.call('projects.list'), given, { noun: 'project', list: 'cortex projects' });
}

/**
 * A folder argument as the absolute path the server gets: `~` and `~/...` expand to the
 * home directory, relative paths resolve against `cwd` (the CLI's, not the server's).
 */
export function absoluteFolder(dir: string, cwd: string): string {
  if (dir.trim() === '') throw usageError('The folder is empty: give a folder path (`.` is the current folder).', 'cortex <command> <dir>');
  const expanded = dir === '~' || dir.startsWith('~/') ? homedir() + dir.slice(1) : dir;
  return resolve(cwd, expanded);
}
