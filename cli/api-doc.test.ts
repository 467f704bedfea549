import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EVENTS, METHOD_NAMES } from '../backend/contract/index.js';
import { COMMANDS } from './commands/index.js';

const API_MD = readFileSync(new URL('../docs/API.md', import.meta.url), 'utf8');

/** docs/API.md must keep up with the contract: a method, event or code added is documented. */
describe('docs/API.md', () => {
  it('documents every method of the contract under its own heading', () => {
    expect(METHOD_NAMES.filter((m) => !API_MD.includes('### `' + m + '`'))).toEqual([]);
  });

  it('documents every event and error code in their tables', () => {
    expect(Object.keys(EVENTS).filter((e) => !API_MD.includes('| `' + e + '` |'))).toEqual([]);
    expect(ERROR_CODES.filter((c) => !API_MD.includes('| `' + c + '` |'))).toEqual([]);
  });

  it('documents every command of the CLI', () => {
    expect(COMMANDS.map((c) => c.name).filter((n) => n !== 'version' && !API_MD.includes('`cortex ' + n))).toEqual([]);
  });
});
