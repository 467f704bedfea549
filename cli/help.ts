import { usageLine, type CommandSpec } from './command.js';
import { EXIT } from './errors.js';
import { paint, type Style } from './format.js';

/** The flags every command takes. */
export const GLOBAL_FLAGS = [
  ['--json', 'machine-readable output on stdout; errors as JSON on stderr'],
  ['-h, --help', 'help (also: cortex help <command>)'],
  ['-V, --version', 'print the version'],
] as const;

/** The one-line usage of the CLI as a whole. */
export const MAIN_USAGE = 'cortex <command> [arguments] [--json]   (cortex help lists the commands)';

function columns(rows: readonly (readonly [string, string])[]): string[] {
  const w = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`);
}

/** `cortex help`: the command list, global flags, data dir and exit codes. */
export function mainHelp(commands: readonly CommandSpec[], style: Style): string {
  return [
    `${paint(style, 'bold', 'cortex')} - drive Phantom Cortex (its projects and agent sessions) from a shell or a script`,
    '',
    `usage: cortex <command> [arguments] [--json]`,
    '',
    paint(style, 'bold', 'Commands:'),
    ...columns(commands.map((c) => [c.name, c.summary])),
    '',
    paint(style, 'bold', 'Flags of every command:'),
    ...columns(GLOBAL_FLAGS),
    '',
    'Session and project ids may be shortened to any unique prefix (like git commits).',
    'The CLI finds the running instance through endpoint.json in the data dir;',
    'set CORTEX_DATA_DIR to reach an instance started with another data dir.',
    '',
    `Exit codes: ${EXIT.ok} ok, ${EXIT.error} error from the server (or unknown id), ${EXIT.usage} usage error, ${EXIT.noInstance} no running instance,`,
    `            ${EXIT.timeout} a wait (status --wait-for) timed out.`,
    'Reference: docs/API.md',
  ].join('\n');
}

/** `cortex help <command>`: its usage line, arguments, options and examples. */
export function commandHelp(cmd: CommandSpec, style: Style): string {
  const lines = [`usage: ${usageLine(cmd)}`, '', cmd.summary];
  if (cmd.details) lines.push('', cmd.details);
  if (cmd.args.length) {
    lines.push('', paint(style, 'bold', 'Arguments:'), ...columns(cmd.args.map((a) => [a.name, a.description])));
  }
  const opts: [string, string][] = Object.entries(cmd.options).map(([name, o]) => [
    `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`,
    o.description,
  ]);
  lines.push('', paint(style, 'bold', 'Options:'), ...columns([...opts, ['--json', GLOBAL_FLAGS[0][1]]]));
  if (cmd.examples.length) lines.push('', paint(style, 'bold', 'Examples:'), ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** The JSON form of a command's help. */
export function commandHelpData(cmd: CommandSpec): unknown {
  return {
    name: cmd.name,
    summary: cmd.summary,
    usage: usageLine(cmd),
    args: cmd.args,
    options: cmd.options,
    examples: cmd.examples,
  };
}
