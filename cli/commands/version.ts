import type { CommandSpec } from '../command.js';
import { cliVersion } from '../version.js';

/** `cortex version` / `cortex --version`: the CLI's version. Needs no instance. */
export const versionCommand: CommandSpec = {
  name: 'version',
  summary: 'Print the version of the cortex CLI (same as --version).',
  args: [],
  options: {},
  examples: ['cortex --version'],
  async run() {
    const version = cliVersion();
    return { data: { version }, text: `cortex ${version}` };
  },
};
