import type { CommandOutput } from './command.js';
import type { CliError } from './errors.js';
import { escapeControls, paint, styleFor } from './format.js';

/** Where the CLI writes, and what it knows of its environment. `isTTY` turns colours on. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input, for commands that read a secret from it (`cortex keys set`); absent: empty. */
  stdin?: AsyncIterable<string | Buffer> & { isTTY?: boolean };
}

/**
 * Prints a command's answer: with `json`, its data as indented JSON on stdout (JSON escapes
 * every control character); else its text (when not empty, control characters escaped) on
 * stdout and its warnings as `warning: ...` lines on stderr.
 */
export function printOutput(io: CliIo, out: CommandOutput, json: boolean): void {
  if (json) {
    io.stdout.write(JSON.stringify(out.data, null, 2) + '\n');
    return;
  }
  if (out.text) io.stdout.write(escapeControls(out.text) + '\n');
  printWarnings(io, out.warnings ?? []);
}

/** Prints `warning: ...` lines on stderr, control characters escaped. */
export function printWarnings(io: CliIo, warnings: readonly string[]): void {
  const style = styleFor(!!io.stderr.isTTY, io.env);
  for (const w of warnings) io.stderr.write(`${paint(style, 'yellow', 'warning:')} ${escapeControls(w)}\n`);
}

/**
 * Prints an error on stderr: `{"error":{"code","message","hint"}}` with `json`, else
 * `error: <message>` and `hint: <hint>` lines.
 */
export function printError(io: CliIo, err: CliError, json: boolean): void {
  if (json) {
    io.stderr.write(JSON.stringify({ error: err.toJSON() }) + '\n');
    return;
  }
  const style = styleFor(!!io.stderr.isTTY, io.env);
  io.stderr.write(`${paint(style, 'red', 'error:')} ${escapeControls(err.message)}\n`);
  if (err.hint) io.stderr.write(`${paint(style, 'dim', 'hint:')} ${escapeControls(err.hint)}\n`);
}
