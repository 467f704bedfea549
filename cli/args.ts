import { parseArgs } from 'node:util';
import { usageLine, type CommandSpec } from './command.js';
import { usageError } from './errors.js';
import { MAIN_USAGE } from './help.js';

/** A command line taken apart: which command, its positional arguments and flags. */
export interface CommandLine {
  command: CommandSpec;
  args: Record<string, string | undefined>;
  options: Record<string, string | boolean | undefined>;
  json: boolean;
}

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * True when `--json` appears before any `--`: error output of even a malformed command
 * line is then JSON.
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/**
 * Parses `argv` (without `node` and the script) against the command table with
 * `node:util` parseArgs (strict). A two-word command (`cache stats`, `orphans kill`) is
 * matched when its two words come first and in a row; else the one-word command is.
 * `cortex`, `cortex --help` and `cortex <cmd> --help` map to the `help` command,
 * `cortex --version` to `version`. Flags may come before or after the command's arguments;
 * `--` ends the flags.
 * @throws CliError `USAGE` (exit 2): unknown command or flag, missing or extra argument
 */
export function parseCommandLine(argv: readonly string[], commands: readonly CommandSpec[]): CommandLine {
  const json = wantsJson(argv);
  const find = (name: string) => commands.find((c) => c.name === name);
  const end = argv.indexOf('--');
  const at = argv.findIndex((a, i) => (end === -1 || i < end) && !a.startsWith('-'));
  if (at === -1) {
    const { values, positionals } = parse(argv, { ...GLOBAL_OPTIONS, version: { type: 'boolean', short: 'V' } }, MAIN_USAGE);
    if (positionals.length) throw usageError(`Unexpected argument "${positionals[0]}".`, MAIN_USAGE);
    const command = values['version'] ? find('version')! : find('help')!;
    return { command, args: {}, options: {}, json };
  }
  const next = argv[at + 1];
  const pair = next !== undefined && !next.startsWith('-') && (end === -1 || at + 1 < end) ? find(`${argv[at]} ${next}`) : undefined;
  const name = argv[at]!;
  const command = pair ?? find(name);
  if (!command) {
    const guess = closest(name, commands.map((c) => c.name));
    throw usageError(`Unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''}`, MAIN_USAGE);
  }
  const usage = usageLine(command);
  const words = pair ? 2 : 1;
  const rest = [...argv.slice(0, at), ...argv.slice(at + words)];
  const { values, positionals } = parse(rest, { ...GLOBAL_OPTIONS, ...stripHelp(command.options) }, usage, command.name);
  if (values['help']) return { command: find('help')!, args: { command: command.name }, options: {}, json };
  const { json: _json, help: _help, ...options } = values;
  return { command, args: bindPositionals(command, positionals, usage), options, json };
}

type ParseOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function stripHelp(options: CommandSpec['options']): ParseOptions {
  return Object.fromEntries(
    Object.entries(options).map(([k, o]) => [k, o.short ? { type: o.type, short: o.short } : { type: o.type }]),
  );
}

function parse(args: readonly string[], options: ParseOptions, usage: string, command?: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1];
    const where = command ? ` for cortex ${command}` : '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
      throw usageError(`Unknown option "${flag}"${where}. (Text starting with "-" goes after \`--\`.)`, usage);
    }
    throw usageError(e.message, usage);
  }
}

function bindPositionals(command: CommandSpec, words: string[], usage: string): Record<string, string | undefined> {
  const bound: Record<string, string | undefined> = {};
  command.args.forEach((spec, i) => {
    const value = spec.rest ? (words.length > i ? words.slice(i).join(' ') : undefined) : words[i];
    if (value === undefined && !spec.optional) throw usageError(`Missing <${spec.name}> for cortex ${command.name}.`, usage);
    bound[spec.name] = value;
  });
  const takesRest = command.args.some((a) => a.rest);
  if (!takesRest && words.length > command.args.length) {
    throw usageError(`Unexpected argument "${words[command.args.length]}" for cortex ${command.name}.`, usage);
  }
  return bound;
}

/** The candidate within edit distance 2 of `word` (or that it is a prefix of), if any. */
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = c.startsWith(word) ? 1 : editDistance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
