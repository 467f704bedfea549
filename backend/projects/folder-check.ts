import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { CortexError } from '../contract/index.js';

/**
 * Resolves a user-given folder to an absolute, real path and checks it can be a project:
 * it exists, is a directory, and may be read and entered. `~` expands to the home dir;
 * relative paths resolve against `base`.
 * @returns the real absolute path (symlinks resolved)
 * @throws CortexError `FOLDER_MISSING`, `NOT_A_DIRECTORY` or `FOLDER_UNREADABLE`
 */
export function checkProjectFolder(input: string, base = process.cwd()): string {
  const expanded = input === '~' || input.startsWith('~/') ? homedir() + input.slice(1) : input;
  const abs = isAbsolute(expanded) ? expanded : resolve(base, expanded);
  let st;
  try {
    st = statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CortexError('FOLDER_MISSING', `The folder ${abs} does not exist.`, 'Check the path, or create the folder first.');
    }
    throw new CortexError('FOLDER_UNREADABLE', `The folder ${abs} cannot be opened: ${(err as Error).message}.`, 'Check its permissions.');
  }
  if (!st.isDirectory()) {
    throw new CortexError('NOT_A_DIRECTORY', `${abs} is a file, not a folder.`, 'Choose the folder that contains it instead.');
  }
  try {
    accessSync(abs, constants.R_OK | constants.X_OK);
  } catch {
    throw new CortexError('FOLDER_UNREADABLE', `You do not have permission to read the folder ${abs}.`, 'Check its permissions, or choose another folder.');
  }
  return realpathSync(abs);
}
