import { CortexError, type ErrorCode } from '../backend/contract/index.js';

/**
 * Exit codes of the `cortex` CLI (documented in docs/API.md):
 * 0 success; 1 the server (or the id lookup) refused the request; 2 the command line is
 * wrong; 3 no running instance was found (or it went away while we waited); 4 a wait
 * (`cortex status --wait-for`) reached its `--timeout`.
 */
export const EXIT = { ok: 0, error: 1, usage: 2, noInstance: 3, timeout: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Error codes the CLI adds to the contract's: `USAGE` (bad command line), `AMBIGUOUS_ID`
 * (a session or project id prefix that matches more than one) and `TIMEOUT` (a wait ran out
 * of time, exit 4).
 */
export type CliErrorCode = ErrorCode | 'USAGE' | 'AMBIGUOUS_ID' | 'TIMEOUT';

/** An error the CLI reports: a code, a message for the user, an optional hint, an exit code. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly hint?: string,
    readonly exitCode: ExitCode = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }

  /** The JSON form printed on stderr with `--json`: `{ code, message, hint? }`. */
  toJSON(): { code: CliErrorCode; message: string; hint?: string } {
    return this.hint === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** A command-line mistake: exit code 2, with `usage` as the hint. */
export function usageError(message: string, usage: string): CliError {
  return new CliError('USAGE', message, `usage: ${usage}`, EXIT.usage);
}

/**
 * Maps anything thrown while running a command to a {@link CliError}: contract errors keep
 * their code (NO_INSTANCE exits 3, everything else 1); anything else is `INTERNAL`.
 */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof CortexError) {
    return new CliError(err.code, err.message, err.hint, err.code === 'NO_INSTANCE' ? EXIT.noInstance : EXIT.error);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CliError('INTERNAL', message, 'This looks like a bug in the cortex CLI; please report it.');
}
