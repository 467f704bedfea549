import type { EventName, EventPayload, MethodName, ParamsIn, Result } from '../backend/contract/index.js';
import type { Style } from './format.js';

/** What a command needs of a connection to the instance: typed calls and events of the contract. */
export interface CortexCaller {
  /** Calls a method. @throws CortexError with the server's code */
  call<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>>;
  /**
   * Listens to a broadcast event (every connection gets `session.updated`, `agent.updated`, ...).
   * @returns a function that stops listening
   */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Called once when the connection closes. @returns a function that stops listening */
  onClose(listener: () => void): () => void;
}

/** A positional argument of a command, in the order given. */
export interface ArgSpec {
  name: string;
  description: string;
  optional?: boolean;
  /** Takes every remaining word, joined with single spaces (only the last argument). */
  rest?: boolean;
}

/** A flag of a command, as `node:util` parseArgs takes it, plus what help shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help for a string value, e.g. `<id>`. */
  value?: string;
  description: string;
}

/** What a command's `run` receives: its parsed words, a lazy connection and the output style. */
export interface CommandInput {
  /** Positional arguments by name (absent optional ones are undefined). */
  args: Record<string, string | undefined>;
  /** Flags by name, as parseArgs gives them. */
  options: Record<string, string | boolean | undefined>;
  /** Connects to the running instance on first use. @throws CliError NO_INSTANCE (exit 3) */
  client(): Promise<CortexCaller>;
  /** The directory relative paths resolve against. */
  cwd: string;
  /** The instance's data dir (CORTEX_DATA_DIR or the platform default). */
  dataDir: string;
  style: Style;
  /** The whole command table (help lists it). */
  commands: readonly CommandSpec[];
  /** The CLI's own environment. */
  env: NodeJS.ProcessEnv;
  /** Everything on standard input (UTF-8), or null when it is a terminal or absent. */
  readStdin(): Promise<string | null>;
}

/**
 * The answer of a command: `data` is printed as JSON with `--json`, `text` otherwise
 * (an empty `text` prints nothing).
 */
export interface CommandOutput {
  data: unknown;
  text: string;
  /** Things the user should know, printed on stderr as `warning: ...` (human output only). */
  warnings?: string[];
}

/** One command of the CLI, as data: its words, flags, help text and behaviour. */
export interface CommandSpec {
  /** One word (`sessions`) or two (`cache stats`, `orphans kill`: a command and its action). */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** More prose for `cortex help <command>`, optional. */
  details?: string;
  args: readonly ArgSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  examples: readonly string[];
  run(input: CommandInput): Promise<CommandOutput>;
}

/** "cortex start <dir> [--agent <id>] [--prompt <text>] [--json]": the usage line of a command. */
export function usageLine(cmd: CommandSpec): string {
  const args = cmd.args.map((a) => {
    const word = a.rest ? `<${a.name}...>` : `<${a.name}>`;
    return a.optional ? `[${word}]` : word;
  });
  const opts = Object.entries(cmd.options).map(([name, o]) => `[--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}]`);
  return ['cortex', cmd.name, ...args, ...opts, '[--json]'].join(' ');
}
