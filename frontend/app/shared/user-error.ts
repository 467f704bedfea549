import { CortexError, type ErrorCode } from '@contract';

/** An error as the UI shows it: what was wrong, and what the user can do about it. */
export interface UserError {
  code: ErrorCode | null;
  message: string;
  hint?: string;
}

/**
 * Turns anything thrown by a call into words for the user. A CortexError keeps its own
 * message and hint; anything else is an unexpected failure.
 */
export function toUserError(err: unknown): UserError {
  if (err instanceof CortexError) {
    return err.hint === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, hint: err.hint };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: null, message: `Something went wrong: ${message}`, hint: 'Try again; if it keeps failing, restart Phantom Cortex.' };
}

/** Error codes that are about the folder the user typed. */
export const FOLDER_ERROR_CODES: ReadonlySet<ErrorCode> = new Set(['FOLDER_MISSING', 'NOT_A_DIRECTORY', 'FOLDER_UNREADABLE', 'INVALID_REQUEST']);
/** Error codes that are about the agent the user picked. */
export const AGENT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set(['AGENT_UNKNOWN', 'AGENT_NOT_INSTALLED', 'PROFILE_INVALID', 'SPAWN_FAILED']);
