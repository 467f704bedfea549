import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { commandHelp, commandHelpData, mainHelp, MAIN_USAGE } from '../help.js';

/** `cortex help [<command>]`: the command list, or one command's help. Needs no instance. */
export const helpCommand: CommandSpec = {
  name: 'help',
  summary: 'Show this help, or the help of one command.',
  args: [{ name: 'command', description: 'the command to explain (two words for `cache stats`, `orphans kill`, ...)', optional: true, rest: true }],
  options: {},
  examples: ['cortex help', 'cortex help start', 'cortex start --help', 'cortex help orphans kill'],
  async run({ args, commands, style }) {
    const name = args['command'];
    if (name === undefined) {
      return {
        data: { usage: MAIN_USAGE, commands: commands.map((c) => ({ name: c.name, summary: c.summary, usage: usageLine(c) })) },
        text: mainHelp(commands, style),
      };
    }
    const cmd = commands.find((c) => c.name === name);
    if (!cmd) throw usageError(`Unknown command "${name}".`, MAIN_USAGE);
    return { data: commandHelpData(cmd), text: commandHelp(cmd, style) };
  },
};
